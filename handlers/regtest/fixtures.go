package regtest

import (
	"testing"

	h "frontdoor/handlers"
	"frontdoor/handlers/index"
)

// Indexes of the registers here, for the tests of the index, the views and
// the digest.

// SmallIndex is the index of the small register (Small), checked valid.
func SmallIndex(t testing.TB) *index.Index {
	t.Helper()
	reg := Small()
	if err := Validate(reg); err != nil {
		t.Fatalf("small register: %v", err)
	}
	return index.NewIndex(reg)
}

// DemoIndex is the index of the demo register.
func DemoIndex(t testing.TB) *index.Index {
	t.Helper()
	reg, err := Demo()
	if err != nil {
		t.Fatalf("demo register: %v", err)
	}
	return index.NewIndex(reg)
}

// CliffEdges is what ends from on to on+days in area ("" for anywhere).
func CliffEdges(ix *index.Index, on h.Date, days int, area string) ([]index.CliffEdge, error) {
	a, err := ix.Ending(on, days, area)
	if err != nil {
		return nil, err
	}
	return a.Edges, nil
}
