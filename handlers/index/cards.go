package index

import (
	"slices"
	"strings"

	"frontdoor/handlers"
)

// The answers behind the cards (`programme`, `cohort`, `area`, `agency`
// <name>): one thing each, with what the card names about it.

// ProgrammeAnswer is a programme with what its card shows.
type ProgrammeAnswer struct {
	Programme *handlers.Programme
	On        handlers.Date
	Lead      *handlers.Agency // nil: not recorded
	Areas     []*handlers.Area
	Cohorts   []*handlers.Cohort
	// Live are its fundings live on the date, Other the rest, in register
	// order; each names the funder its money started with.
	Live, Other FundingLines
}

// FundingLines is a list of fundings in an answer, resolved when read.
type FundingLines struct {
	ix  *Index
	pos []int32
}

// Len is the length of the list.
func (l FundingLines) Len() int { return len(l.pos) }

// At returns the i-th funding.
func (l FundingLines) At(i int) FundingLine { return l.ix.fundingLine(l.pos[i], false) }

// ProgrammeCard answers `programme <name>` as of date on.
func (ix *Index) ProgrammeCard(q string, on handlers.Date) (*ProgrammeAnswer, error) {
	p, err := ix.MatchProgramme(q)
	if err != nil {
		return nil, err
	}
	pi := lookupPos(ix.progPos, p.ID)
	a := &ProgrammeAnswer{Programme: p, On: on, Areas: rows(ix.reg.Areas, ix.progAreas[pi]), Cohorts: rows(ix.reg.Cohorts, ix.progCohorts[pi])}
	if l := ix.progLead[pi]; l >= 0 {
		a.Lead = &ix.reg.Agencies[l]
	}
	var live, other []int32
	for _, f := range ix.fundsByProg[pi] {
		if ix.fundSpan[f].Contains(on) {
			live = append(live, f)
		} else {
			other = append(other, f)
		}
	}
	a.Live, a.Other = FundingLines{ix, live}, FundingLines{ix, other}
	return a, nil
}

// ProgrammeEntry is a programme as a card lists it: its lead, areas and cohorts.
type ProgrammeEntry struct {
	Programme *handlers.Programme
	Lead      *handlers.Agency // nil: not recorded
	Areas     []*handlers.Area
	Cohorts   []*handlers.Cohort
	// Narrower are, on a cohort's card, the programme's cohorts under the
	// cohort (employer cohorts left out for a residents' cohort).
	Narrower []*handlers.Cohort
	// Here are, on an area's card, the programme's areas inside the area
	// (none when it lists the area itself); Through, for a programme from a
	// wider area, the areas it reaches the area through.
	Here, Through []*handlers.Area
}

// entry returns programme p as a card lists it.
func (ix *Index) entry(p int32) ProgrammeEntry {
	e := ProgrammeEntry{Programme: &ix.reg.Programmes[p], Areas: rows(ix.reg.Areas, ix.progAreas[p]), Cohorts: rows(ix.reg.Cohorts, ix.progCohorts[p])}
	if l := ix.progLead[p]; l >= 0 {
		e.Lead = &ix.reg.Agencies[l]
	}
	return e
}

// CohortAnswer is a cohort with who serves it on a date.
type CohortAnswer struct {
	Cohort   *handlers.Cohort
	On       handlers.Date
	Parent   *handlers.Cohort // nil: none
	Children []*handlers.Cohort
	// Targeted are the programmes for the cohort or a narrower one, Broader
	// those for a cohort that contains it, both live on the date and by
	// name; NotLive the programmes for it not running then.
	Targeted, Broader CohortProgrammes
	NotLive           Programmes
}

// CohortProgrammes is the programmes of a CohortAnswer, resolved when read.
type CohortProgrammes struct {
	ix  *Index
	ci  int32
	pos []int32
}

// Len is the length of the list.
func (l CohortProgrammes) Len() int { return len(l.pos) }

// At returns the i-th programme, with its cohorts under the card's cohort.
func (l CohortProgrammes) At(i int) ProgrammeEntry {
	p := l.pos[i]
	e := l.ix.entry(p)
	for _, x := range l.ix.progCohorts[p] {
		if x != l.ci && l.ix.cohortCounts(x, l.ci, false) {
			e.Narrower = append(e.Narrower, &l.ix.reg.Cohorts[x])
		}
	}
	return e
}

// CohortCard answers `cohort <name>` as of date on.
func (ix *Index) CohortCard(q string, on handlers.Date) (*CohortAnswer, error) {
	c, err := ix.MatchCohort(q)
	if err != nil {
		return nil, err
	}
	ci := lookupPos(ix.cohortPos, c.ID)
	a := &CohortAnswer{Cohort: c, On: on, Children: rows(ix.reg.Cohorts, ix.cohorts.children[ci])}
	if p := ix.cohorts.parent[ci]; p >= 0 {
		a.Parent = &ix.reg.Cohorts[p]
	}
	// The who-funds working lists each programme's entries together, in
	// name order: one pass picks the distinct programmes of each part.
	w := ix.workWhoFunds(c, nil, on)
	var targeted, broader []int32
	for i := range w.entries {
		e := &w.entries[i]
		if i > 0 && w.entries[i-1].prog == e.prog {
			continue
		}
		if e.broader {
			broader = append(broader, e.prog)
		} else {
			targeted = append(targeted, e.prog)
		}
	}
	a.Targeted = CohortProgrammes{ix, ci, targeted}
	a.Broader = CohortProgrammes{ix, ci, broader}
	a.NotLive = Programmes{ix, w.notLive}
	return a, nil
}

// AreaAnswer is an area with what runs there on a date.
type AreaAnswer struct {
	Area     *handlers.Area
	On       handlers.Date
	Parent   *handlers.Area // nil: none
	Children []*handlers.Area
	// Local are the programmes live on the date delivered in the area or
	// inside it, Wider those reaching it from a wider area, both by name;
	// NotLive the programmes around it not running then, by name.
	Local, Wider AreaProgrammes
	NotLive      []*handlers.Programme
}

// AreaProgrammes is the programmes of an AreaAnswer, resolved when read.
type AreaProgrammes struct {
	ix    *Index
	ai    int32
	wider bool
	pos   []int32
}

// Len is the length of the list.
func (l AreaProgrammes) Len() int { return len(l.pos) }

// At returns the i-th programme, with the areas that bring it to the card's area.
func (l AreaProgrammes) At(i int) ProgrammeEntry {
	ix, p, ai := l.ix, l.pos[i], l.ai
	e := ix.entry(p)
	switch {
	case l.wider:
		for _, x := range ix.progAreas[p] {
			if ix.areas.within(ai, x) {
				e.Through = append(e.Through, &ix.reg.Areas[x])
			}
		}
	case !slices.Contains(ix.progAreas[p], ai):
		// Name the areas inside the one asked, unless it lists the area itself.
		for _, x := range ix.progAreas[p] {
			if ix.areas.within(x, ai) {
				e.Here = append(e.Here, &ix.reg.Areas[x])
			}
		}
	}
	return e
}

// AreaCard answers `area <name>` as of date on. Programmes whose areas fit by
// the up-and-down rule count.
func (ix *Index) AreaCard(q string, on handlers.Date) (*AreaAnswer, error) {
	ar, err := ix.MatchArea(q)
	if err != nil {
		return nil, err
	}
	ai := lookupPos(ix.areaPos, ar.ID)
	a := &AreaAnswer{Area: ar, On: on, Children: rows(ix.reg.Areas, ix.areas.children[ai])}
	if p := ix.areas.parent[ai]; p >= 0 {
		a.Parent = &ix.reg.Areas[p]
	}
	var local, wider []int32
	for _, p := range ix.programmesAround(ai) {
		if !ix.liveOn(p, on) {
			a.NotLive = append(a.NotLive, &ix.reg.Programmes[p])
			continue
		}
		inside := false
		for _, x := range ix.progAreas[p] {
			inside = inside || ix.areas.within(x, ai)
		}
		if inside {
			local = append(local, p)
		} else {
			wider = append(wider, p)
		}
	}
	ix.sortByName(local)
	ix.sortByName(wider)
	slices.SortStableFunc(a.NotLive, func(x, y *handlers.Programme) int {
		return strings.Compare(strings.ToLower(x.Name), strings.ToLower(y.Name))
	})
	a.Local = AreaProgrammes{ix: ix, ai: ai, pos: local}
	a.Wider = AreaProgrammes{ix: ix, ai: ai, wider: true, pos: wider}
	return a, nil
}

// AgencyAnswer is an agency with the programmes it leads, funds and
// receives money for, each list by name.
type AgencyAnswer struct {
	Agency *handlers.Agency
	On     handlers.Date
	// Area is the agency's area (nil: none recorded).
	Area                  *handlers.Area
	Led, Funded, Received []*handlers.Programme
}

// AgencyCard answers `agency <name>` as of date on.
func (ix *Index) AgencyCard(q string, on handlers.Date) (*AgencyAnswer, error) {
	ag, err := ix.MatchAgency(q)
	if err != nil {
		return nil, err
	}
	gi := lookupPos(ix.agencyPos, ag.ID)
	a := &AgencyAnswer{Agency: ag, On: on}
	if x := lookupPos(ix.areaPos, ag.AreaID); x >= 0 {
		a.Area = &ix.reg.Areas[x]
	}
	byName := func(progs []int32) []*handlers.Programme {
		sorted := slices.Clone(progs)
		ix.sortByName(sorted)
		return rows(ix.reg.Programmes, sorted)
	}
	a.Led = byName(ix.progsByLead[gi])
	a.Funded = byName(programmesOfFundings(ix.fundProg, ix.fundsByFunder[gi]))
	a.Received = byName(programmesOfFundings(ix.fundProg, ix.fundsByRecip[gi]))
	return a, nil
}

// programmesOfFundings lists the distinct programmes of fundings.
func programmesOfFundings(fundProg []int32, funds []int32) []int32 {
	var out []int32
	seen := make(map[int32]bool, len(funds))
	for _, f := range funds {
		if p := fundProg[f]; p >= 0 && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}
