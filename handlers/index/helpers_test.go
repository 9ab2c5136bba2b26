package index_test

import (
	h "frontdoor/handlers"
	"frontdoor/handlers/index"
	"frontdoor/handlers/regtest"
	"frontdoor/handlers/view/viewtest"
)

// The fixtures these tests share with those of the views and the digest.
var (
	smallIndex         = regtest.SmallIndex
	demoIndex          = regtest.DemoIndex
	edgeIndex          = regtest.EdgeIndex
	edgeRegister       = regtest.EdgeRegister
	prog               = regtest.Prog
	fund               = regtest.Fund
	isoDate            = regtest.ISODate
	checkFundingSource = regtest.CheckFundingSource
	cliffEdges         = regtest.CliffEdges
	whoFunds           = viewtest.WhoFunds
	plainText          = viewtest.PlainText

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
	return a.Overlaps, nil
}
