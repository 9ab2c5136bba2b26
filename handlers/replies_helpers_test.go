package handlers_test

import (
	h "frontdoor/handlers"
)

// The replies as the service builds them: a query's answer, then its view.

func whoFunds(ix *h.Index, cohort, area string, on h.Date) (h.Reply, error) {
	a, err := ix.WhoFunds(cohort, area, on)
	if err != nil {
		return h.Reply{}, err
	}
	return h.WhoFundsReply(a), nil
}

func agencyFunds(ix *h.Index, q string, on h.Date) (h.Reply, error) {
	a, err := ix.AgencyFunds(q, on)
	if err != nil {
		return h.Reply{}, err
	}
	return h.AgencyFundsReply(a), nil
}

func programmeCard(ix *h.Index, q string, on h.Date) (h.Reply, error) {
	a, err := ix.ProgrammeCard(q, on)
	if err != nil {
		return h.Reply{}, err
	}
	return h.ProgrammeCardReply(a), nil
}

func cohortCard(ix *h.Index, q string, on h.Date) (h.Reply, error) {
	a, err := ix.CohortCard(q, on)
	if err != nil {
		return h.Reply{}, err
	}
	return h.CohortCardReply(a), nil
}

func areaCard(ix *h.Index, q string, on h.Date) (h.Reply, error) {
	a, err := ix.AreaCard(q, on)
	if err != nil {
		return h.Reply{}, err
	}
	return h.AreaCardReply(a), nil
}

func agencyCard(ix *h.Index, q string, on h.Date) (h.Reply, error) {
	a, err := ix.AgencyCard(q, on)
	if err != nil {
		return h.Reply{}, err
	}
	return h.AgencyCardReply(a), nil
}

func overlapsReply(ix *h.Index, cmd h.Command, on h.Date) (h.Reply, error) {
	a, err := ix.Overlaps(h.Period{Start: on, End: on}, cmd.Area, cmd.For)
	if err != nil {
		return h.Reply{}, err
	}
	return h.OverlapsReply(a), nil
}

func gapsReply(ix *h.Index, cmd h.Command, on h.Date) (h.Reply, error) {
	a, err := ix.Gaps(on, cmd.Area, cmd.For)
	if err != nil {
		return h.Reply{}, err
	}
	return h.GapsReply(a), nil
}

func endingReply(ix *h.Index, cmd h.Command, on h.Date, cliffDays int) (h.Reply, error) {
	days := cmd.Within
	if days <= 0 {
		days = cliffDays
	}
	if days <= 0 {
		days = 90
	}
	a, err := ix.Ending(on, days, cmd.Area)
	if err != nil {
		return h.Reply{}, err
	}
	return h.EndingReply(a), nil
}

// cliffEdges is what ends from on to on+days.
func cliffEdges(ix *h.Index, on h.Date, days int, area string) ([]h.CliffEdge, error) {
	a, err := ix.Ending(on, days, area)
	if err != nil {
		return nil, err
	}
	return a.Edges, nil
}

// programmesOf lists the programme entries of a group of an answer.
func programmesOf(ans *h.WhoFundsAnswer, g h.FunderGroup) []h.FundedProgramme {
	out := make([]h.FundedProgramme, g.Len())
	for i := range out {
		out[i] = ans.Programme(g, i)
	}
	return out
}

// bind gives a reply function its index.
func bind(ix *h.Index, f func(*h.Index, string, h.Date) (h.Reply, error)) func(string, h.Date) (h.Reply, error) {
	return func(q string, on h.Date) (h.Reply, error) { return f(ix, q, on) }
}

// overlapList is every overlap in period within the filters, local ones first.
func overlapList(ix *h.Index, period h.Period, area, cohort string) ([]h.Overlap, error) {
	a, err := ix.Overlaps(period, area, cohort)
	if err != nil {
		return nil, err
	}
	return a.Overlaps, nil
}

// mustDigest builds a digest; without filters it cannot fail.
func mustDigest(ix *h.Index, in h.DigestInput) (*h.Digest, h.DigestSnapshot) {
	d, snap, err := h.BuildDigest(ix, in)
	if err != nil {
		panic(err)
	}
	return d, snap
}
