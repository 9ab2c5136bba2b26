package index_test

import (
	"slices"
	"testing"

	h "frontdoor/handlers"
	"frontdoor/handlers/index"
	"frontdoor/handlers/regtest"
	"frontdoor/handlers/view/viewtest"
)

// The fixtures these tests share with those of the views and the digest.
var (
	smallIndex       = regtest.SmallIndex
	demoIndex        = regtest.DemoIndex
	edgeIndex        = regtest.EdgeIndex
	edgeRegister     = regtest.EdgeRegister
	prog             = regtest.Prog
	fund             = regtest.Fund
	isoDate          = regtest.ISODate
	cliffEdges       = regtest.CliffEdges
	attributionIndex = regtest.AttributionIndex
	whoFunds         = viewtest.WhoFunds
	plainText        = viewtest.PlainText

	edgeMon    = regtest.EdgeMon
	edgeWeek   = regtest.EdgeWeek
	fyEnd      = regtest.FYEnd
	fyStart    = regtest.FYStart
	aroundFY   = regtest.AroundFY
	edgeFarOff = regtest.EdgeFarOff
)

// overlapList is every overlap in period within the filters, local ones first.
func overlapList(ix *index.Index, period h.Period, area, cohort string) ([]index.Overlap, error) {
	a, err := ix.Overlaps(period, area, cohort)
	if err != nil {
		return nil, err
	}
	return allOverlaps(a), nil
}

// allOverlaps is every overlap of an answer, in its order.
func allOverlaps(a *index.OverlapsAnswer) []index.Overlap {
	out := make([]index.Overlap, a.Len())
	for i := range out {
		out[i] = a.At(i)
	}
	return out
}

// checkFundingSource checks the funding a funding's money was passed on
// from (parent, "" for none), the agency it started with (source, "" for
// none) and the agencies that passed it on.
func checkFundingSource(t *testing.T, ix *index.Index, funding, parent, source string, via []string) {
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
