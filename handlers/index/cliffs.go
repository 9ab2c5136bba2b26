package index

import "slices"
import (
	"frontdoor/handlers"
)

// Cliff edges: programmes and money that stop soon.
//
// Semantics, on a date D with a window of N days (the caller's, 90 by
// default through FRONTDOOR_CLIFF_DAYS):
//   - A programme is a cliff edge when its status is live (planned and
//     closed programmes are not running, so cannot stop) and its end date
//     falls from D to D+N, both days included. A programme with no end
//     date never is.
//   - A funding is a cliff edge when its end date falls in the same window
//     and its programme is live and has not ended before D (money for a
//     programme that has already stopped is history, not a cliff edge).
//   - A programme ending on E is flagged "no successor" when no other
//     programme, live or planned (not closed), whose cohorts are related to
//     its own (the same, or one an ancestor of the other) and whose areas
//     are related to its own (the same, or one inside the other), is
//     running on E+1: for both, running means its dates cover E+1.
//     National programmes count as successors where they cover the area.
//   - A funding ending on E is flagged when its programme has no other
//     funding whose period covers E+1 (open bounds open). The rule is the
//     programme's: money for another area counts.
//   - Filter: `in <area>` keeps programmes whose areas are related to the
//     area (up-and-down) and, of their fundings, those for the area (no
//     areas, or an area related to it).
//   - Order: by end date, then programme name, the programme before its
//     fundings, flagged fundings before the others.

// CliffEdge is a programme or a funding that ends soon.
type CliffEdge struct {
	Programme *handlers.Programme
	// Funding is the funding that ends; nil when the programme itself ends.
	Funding *handlers.Funding
	End     handlers.Date
	// Days is the number of days from the date asked to the end (0: that day).
	Days int
	// NoSuccessor flags a programme with nothing for its cohorts and areas
	// running the day after, or a funding whose programme has no other
	// money live the day after.
	NoSuccessor bool
	// Successors are, for a programme, the first few programmes (name order)
	// running the day after for related cohorts and areas; SuccessorCount
	// counts them all.
	Successors     []*handlers.Programme
	SuccessorCount int
	// FollowOn are, for a funding, the programme's other fundings live the day after.
	FollowOn []*handlers.Funding
	Lead     *handlers.Agency // the programme's lead, when recorded
	// Source is, for a funding, the funder its money started with; Via the
	// agencies that passed it on (see FundingSource).
	Source *handlers.Agency
	Via    []*handlers.Agency
	// Line is, for a funding, the funding as an answer lists it.
	Line FundingLine
}

// EndingAnswer is what ends in a window of days from a date.
type EndingAnswer struct {
	On   handlers.Date
	Days int
	// Area is the filter asked (nil: none).
	Area  *handlers.Area
	Edges []CliffEdge
}

// maxSuccessors is how many successors a cliff edge names.
const MaxSuccessors = 3

// Ending answers `ending [in <area>] [within <N> days]`: the programmes and
// fundings ending from on to on+days (see the semantics above). areaFilter
// is an area name as users type it ("" for none); an unknown or ambiguous
// name is an *Error.
func (ix *Index) Ending(on handlers.Date, days int, areaFilter string) (*EndingAnswer, error) {
	af, _, err := ix.overlapFilters(areaFilter, "")
	if err != nil {
		return nil, err
	}
	a := &EndingAnswer{On: on, Days: days, Edges: ix.cliffEdges(on, days, af)}
	if af >= 0 {
		a.Area = &ix.reg.Areas[af]
	}
	return a, nil
}

func (ix *Index) cliffEdges(on handlers.Date, days int, areaF int32) []CliffEdge {
	if days < 0 {
		days = 0
	}
	last := on.AddDays(days)
	inWindow := func(end handlers.Date) bool { return !end.IsZero() && on <= end && end <= last }
	var out []CliffEdge
	w := &cliffWork{ix: ix, stamp: make([]int32, len(ix.reg.Programmes))}
	for p := range ix.reg.Programmes {
		pi := int32(p)
		span := ix.progSpan[pi]
		if !ix.progActive[pi] || (!span.End.IsZero() && span.End < on) || !ix.programmeFits(pi, areaF) {
			continue
		}
		var lead *handlers.Agency
		if l := ix.progLead[pi]; l >= 0 {
			lead = &ix.reg.Agencies[l]
		}
		if inWindow(span.End) {
			e := CliffEdge{Programme: &ix.reg.Programmes[pi], End: span.End, Days: int(span.End - on), Lead: lead}
			succ := w.successors(pi, span.End.AddDays(1))
			e.SuccessorCount, e.NoSuccessor = len(succ), len(succ) == 0
			ix.sortByName(succ)
			e.Successors = rows(ix.reg.Programmes, succ[:min(len(succ), MaxSuccessors)])
			out = append(out, e)
		}
		for _, f := range ix.fundsByProg[pi] {
			end := ix.fundSpan[f].End
			if !inWindow(end) || !ix.fundingFits(f, areaF) {
				continue
			}
			e := CliffEdge{Programme: &ix.reg.Programmes[pi], Funding: &ix.reg.Fundings[f], End: end, Days: int(end - on), Lead: lead}
			for _, g := range ix.fundsByProg[pi] {
				if g != f && ix.fundSpan[g].Contains(end.AddDays(1)) {
					e.FollowOn = append(e.FollowOn, &ix.reg.Fundings[g])
				}
			}
			e.NoSuccessor = len(e.FollowOn) == 0
			e.Line = ix.fundingLine(f, false)
			e.Source, e.Via = e.Line.Source, e.Line.Via
			out = append(out, e)
		}
	}
	// Edges come out grouped by programme, in register order; sort them by
	// date, then programme name, the programme before its fundings and
	// flagged fundings before the others.
	slices.SortStableFunc(out, func(a, b CliffEdge) int {
		switch {
		case a.End != b.End:
			return int(a.End - b.End)
		case a.Programme != b.Programme:
			return int(ix.progRank[lookupPos(ix.progPos, a.Programme.ID)] - ix.progRank[lookupPos(ix.progPos, b.Programme.ID)])
		case (a.Funding == nil) != (b.Funding == nil):
			return handlers.TrueFirst(a.Funding == nil, b.Funding == nil)
		}
		return handlers.TrueFirst(a.NoSuccessor, b.NoSuccessor)
	})
	return out
}

// cliffWork is the search for what follows the programmes that end.
type cliffWork struct {
	ix *Index
	// stamp is scratch space of one int32 per programme, reused across
	// searches: a programme is considered once per search.
	stamp []int32
}

// successors lists the programmes other than p, live or planned, whose
// dates cover day and whose cohorts and areas are related to p's.
func (w *cliffWork) successors(p int32, day handlers.Date) []int32 {
	ix, stamp := w.ix, w.stamp
	var out []int32
	mark := p + 1
	stamp[p] = mark
	consider := func(q int32) {
		if stamp[q] == mark {
			return
		}
		stamp[q] = mark
		if ix.reg.Programmes[q].EffectiveStatus() == handlers.StatusClosed || !ix.progSpan[q].Contains(day) {
			return
		}
		for _, c := range ix.progCohorts[p] {
			if ix.cohorts.relatedToAny(ix.progCohorts[q], c) {
				out = append(out, q)
				return
			}
		}
	}
	for _, a := range ix.progAreas[p] {
		for _, x := range ix.areas.anc[a] {
			for _, q := range ix.progsByArea[x] {
				consider(q)
			}
		}
		for _, x := range ix.areas.subtree(a) {
			for _, q := range ix.progsByArea[x] {
				consider(q)
			}
		}
	}
	return out
}

// CliffSummary counts cliff edges: programmes and fundings, and how many of
// each are flagged.
type CliffSummary struct {
	Programmes, Fundings               int
	ProgrammesFlagged, FundingsFlagged int
}

// SummariseCliffs counts edges.
func SummariseCliffs(edges []CliffEdge) CliffSummary {
	var s CliffSummary
	for _, e := range edges {
		if e.Funding == nil {
			s.Programmes++
			if e.NoSuccessor {
				s.ProgrammesFlagged++
			}
			continue
		}
		s.Fundings++
		if e.NoSuccessor {
			s.FundingsFlagged++
		}
	}
	return s
}

// EndsWithProgramme reports whether a funding edge ends with its programme
// (the programme is itself an edge ending on or before the funding).
func (e CliffEdge) EndsWithProgramme() bool {
	return e.Funding != nil && !e.Programme.End.IsZero() && e.Programme.End <= e.End
}
