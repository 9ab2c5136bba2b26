package view_test

import (
	h "frontdoor/handlers"
	"frontdoor/handlers/index"
	"frontdoor/handlers/regtest"
	"frontdoor/handlers/view/viewtest"
)

// The fixtures these tests share with those of the index and the digest.
var (
	smallIndex       = regtest.SmallIndex
	demoIndex        = regtest.DemoIndex
	edgeRegister     = regtest.EdgeRegister
	attributionIndex = regtest.AttributionIndex
	prog             = regtest.Prog
	fund             = regtest.Fund
	richText         = viewtest.RichText
	plainText        = viewtest.PlainText
	cliffEdges       = regtest.CliffEdges
	whoFunds         = viewtest.WhoFunds
	agencyFunds      = viewtest.AgencyFunds
	programmeCard    = viewtest.ProgrammeCard
	cohortCard       = viewtest.CohortCard
	areaCard         = viewtest.AreaCard
	agencyCard       = viewtest.AgencyCard

	edgeMon = regtest.EdgeMon
	fyStart = regtest.FYStart
)

// programmesOf lists the programme entries of a group of an answer.
func programmesOf(ans *index.WhoFundsAnswer, g index.FunderGroup) []index.FundedProgramme {
	out := make([]index.FundedProgramme, g.Len())
	for i := range out {
		out[i] = ans.Programme(g, i)
	}
	return out
}

// bind gives a reply function its index.
func bind(ix *index.Index, f func(*index.Index, string, h.Date) (h.Reply, error)) func(string, h.Date) (h.Reply, error) {
	return func(q string, on h.Date) (h.Reply, error) { return f(ix, q, on) }
}
