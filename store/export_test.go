package store

import "testing"

// SeededCopy gives the external tests a private copy of the database seeded
// with 100,000 actions (see seededCopy).
func SeededCopy(b *testing.B) *DB { return seededCopy(b) }
