// Package handlers is the vocabulary of Frontdoor's core: the register
// (areas, agencies, cohorts, programmes, fundings), actions and their audit,
// digest posts and reminders, the interfaces the core needs from outside it
// (the stores, the clock, People: how a way in names and checks people),
// errors with the one place their codes are defined, the reply model and its
// plain text, and the small text helpers every reply shares (money, plurals
// and counts, names and places, clipping).
//
// It imports nothing of Frontdoor but the leaf packages civil and pii. The
// rest of the core is built on it, each part importing only those before it:
//
//	civil, pii ← handlers ← grammar, index ← digest ← view ← command
//
// grammar reads commands, index is the register in memory and its queries,
// digest builds a week's digest, view turns answers into replies, command is
// the service that handles one command for one person. The core has no
// Slack, no SQLite and no cgo (handlers/layering_test.go checks it); the bot
// and the store are its adapters. docs/architecture.md has the map.
package handlers
