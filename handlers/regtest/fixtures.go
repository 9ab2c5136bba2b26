package regtest

import (
	"slices"
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

// CheckFundingSource checks the funding a funding's money was passed on
// from (parent, "" for none), the agency it started with (source, "" for
// none) and the agencies that passed it on.
func CheckFundingSource(t *testing.T, ix *index.Index, funding, parent, source string, via []string) {
	t.Helper()
	p := ix.PassedOnFrom(funding)
	if (p == nil) != (parent == "") || (p != nil && p.ID != parent) {
		t.Errorf("PassedOnFrom = %v, want %q", p, parent)
	}
	src, chain := ix.FundingSource(funding)
	if (src == nil) != (source == "") || (src != nil && src.ID != source) {
		t.Errorf("FundingSource = %v, want %q", src, source)
	}
	var got []string
	for _, a := range chain {
		got = append(got, a.ID)
	}
	if !slices.Equal(got, via) {
		t.Errorf("via = %v, want %v", got, via)
	}
}

// CliffEdges is what ends from on to on+days in area ("" for anywhere).
func CliffEdges(ix *index.Index, on h.Date, days int, area string) ([]index.CliffEdge, error) {
	a, err := ix.Ending(on, days, area)
	if err != nil {
		return nil, err
	}
	return a.Edges, nil
}
