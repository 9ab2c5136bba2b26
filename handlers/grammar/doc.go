// Package grammar reads the commands people type after /fd, at the console
// and in `frontdoor ask`: Parse turns text into a Command, with its as-of
// date, and says what was not understood. A Command says what kind it is
// (IsWrite, IsLookup, Cacheable), so the transports keep no lists of their
// own. Parsing is syntactic: names are matched by the index.
package grammar
