// Package digest builds the weekly digest from the index's answers and the
// action log: its counts, what changed since the last digest posted (against
// that digest's Snapshot), the overlaps, gaps and cliff edges of the week and
// the actions overdue and due. view puts it into messages; the bot only
// delivers what command builds with it.
package digest
