// Package index is the register held in memory for lookups, built once per
// register version: every row by position, the area and cohort hierarchies
// laid out for constant-time ancestry, programmes and fundings by area,
// cohort and agency, whose money each funding is, and the name matchers.
//
// Its queries return answers in the domain's terms (WhoFundsAnswer,
// AgencyFundsAnswer, the cards' answers, OverlapsAnswer, GapReport,
// EndingAnswer): rows and the words worked out once per register, never
// positions, and long lists resolved only when read. The views build every
// reply from the answers alone.
package index
