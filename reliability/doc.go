// Package reliability holds the process-level harnesses of Frontdoor's
// promises under faults and load: `frontdoor serve` is built once per test
// run and started as a child process on a temporary database, driven with
// signed Slack requests over loopback, killed, stopped and measured. The
// tests say whether each promise holds; RELIABILITY.md at the repository's
// root lists the promises, the commands and the last figures.
//
// The exported pieces (building a binary, a child server, signed
// deliveries, a response_url catcher, a fake Slack Web API, figures) carry
// no testing dependency, so other harnesses can share them.
//
// Every child listens on 127.0.0.1 and dies with its parent (Pdeathsig);
// every loop is bounded in count and time.
package reliability
