package index

import (
	"slices"
	"strings"

	"frontdoor/handlers"
)

// Answers: what the index's queries return. They hold domain rows (and the
// words worked out once per register that a reply needs), never the
// index's positions, so that the views build every reply from them alone.
// Long lists are resolved when read, so an answer of thousands of
// programmes costs only what a reply shows.

// Programmes is a list of programmes in an answer, resolved when read.
type Programmes struct {
	ix  *Index
	pos []int32
}

// Len is the length of the list.
func (l Programmes) Len() int { return len(l.pos) }

// At returns the i-th programme.
func (l Programmes) At(i int) *handlers.Programme { return &l.ix.reg.Programmes[l.pos[i]] }

// First returns the first n programmes (all of them when there are fewer).
func (l Programmes) First(n int) []*handlers.Programme {
	if l.ix == nil {
		return nil
	}
	return rows(l.ix.reg.Programmes, l.pos[:min(n, len(l.pos))])
}

// WhoFunds answers `who funds <cohort> [in <area>]` as of date on for the
// first of readings (cohort, area; "" for every area) whose cohort and area
// both match: cohort and area names may contain "in", so the text splits in
// more than one way (grammar.SplitIn). Each name is matched once. With none
// matching, the error is the first area's that failed, else the first
// cohort's: *Error, unknown or ambiguous. No live programme is an answer,
// not an error.
func (ix *Index) WhoFunds(readings [][2]string, on handlers.Date) (*WhoFundsAnswer, error) {
	var areaErr, cohortErr error
	for _, rd := range readings {
		c, err := ix.MatchCohort(rd[0])
		if err != nil {
			if cohortErr == nil {
				cohortErr = err
			}
			continue
		}
		var a *handlers.Area
		if strings.TrimSpace(rd[1]) != "" {
			if a, err = ix.MatchArea(rd[1]); err != nil {
				if areaErr == nil {
					areaErr = err
				}
				continue
			}
		}
		return ix.AnswerWhoFunds(c, a, on), nil
	}
	if areaErr != nil {
		return nil, areaErr
	}
	return nil, cohortErr
}

// AgencyFundsAnswer is the answer to `what does <agency> fund` as of a date:
// the programmes the agency funds (it is the funder of a funding) or leads.
type AgencyFundsAnswer struct {
	Agency *handlers.Agency
	On     handlers.Date
	// Funded counts the programmes it funds, Led those it leads.
	Funded, Led int
	// Live are the programmes running on the date, those it funds first,
	// each part by name; NotLive the others, in the same order.
	Live    AgencyProgrammes
	NotLive []*handlers.Programme
}

// AgencyProgrammes is the programmes of an AgencyFundsAnswer, resolved when read.
type AgencyProgrammes struct {
	ix    *Index
	ag    int32
	on    handlers.Date
	pos   []int32
	funds map[int32][]int32 // programme → the agency's fundings of it
}

// Len is the length of the list.
func (l AgencyProgrammes) Len() int { return len(l.pos) }

// AgencyProgramme is one programme of what an agency funds or leads.
type AgencyProgramme struct {
	Programme *handlers.Programme
	// LeadsIt is true when the agency leads the programme; Lead is the lead
	// otherwise (nil: not recorded).
	LeadsIt bool
	Lead    *handlers.Agency
	// Fundings are the agency's fundings of it live on the date; Funds
	// counts all of its fundings of it, on any date.
	Fundings []FundingLine
	Funds    int
	// FundedBy are the funders the programme's money live on the date
	// started with, in register order; Rows counts its funding rows.
	FundedBy []*handlers.Agency
	Rows     int
}

// At returns the i-th programme with the agency's money in it.
func (l AgencyProgrammes) At(i int) AgencyProgramme {
	ix, p := l.ix, l.pos[i]
	out := AgencyProgramme{Programme: &ix.reg.Programmes[p], LeadsIt: ix.progLead[p] == l.ag}
	if ld := ix.progLead[p]; ld >= 0 && !out.LeadsIt {
		out.Lead = &ix.reg.Agencies[ld]
	}
	mine := l.funds[p]
	out.Funds = len(mine)
	for _, f := range mine {
		if ix.fundSpan[f].Contains(l.on) {
			out.Fundings = append(out.Fundings, ix.fundingLine(f, false))
		}
	}
	if len(mine) == 0 {
		rows := ix.fundsByProg[p]
		out.Rows = len(rows)
		for _, f := range rows {
			if !ix.fundSpan[f].Contains(l.on) {
				continue
			}
			if root := ix.fundRoot[f]; root >= 0 && !containsAgency(out.FundedBy, &ix.reg.Agencies[root]) {
				out.FundedBy = append(out.FundedBy, &ix.reg.Agencies[root])
			}
		}
	}
	return out
}

func containsAgency(list []*handlers.Agency, a *handlers.Agency) bool {
	for _, x := range list {
		if x == a {
			return true
		}
	}
	return false
}

// AgencyFunds answers `what does <agency> fund` as of date on.
func (ix *Index) AgencyFunds(agencyQuery string, on handlers.Date) (*AgencyFundsAnswer, error) {
	ag, err := ix.MatchAgency(agencyQuery)
	if err != nil {
		return nil, err
	}
	ai := lookupPos(ix.agencyPos, ag.ID)
	funds := map[int32][]int32{} // programme → this agency's fundings of it
	var funded, ledOnly []int32
	for _, f := range ix.fundsByFunder[ai] {
		p := ix.fundProg[f]
		if p < 0 {
			continue
		}
		if _, ok := funds[p]; !ok {
			funded = append(funded, p)
		}
		funds[p] = append(funds[p], f)
	}
	for _, p := range ix.progsByLead[ai] {
		if _, ok := funds[p]; !ok {
			ledOnly = append(ledOnly, p)
		}
	}
	ix.sortByName(funded)
	ix.sortByName(ledOnly)
	ans := &AgencyFundsAnswer{Agency: ag, On: on, Funded: len(funded), Led: len(ix.progsByLead[ai])}
	var live []int32
	for _, p := range append(slices.Clone(funded), ledOnly...) {
		if ix.liveOn(p, on) {
			live = append(live, p)
		} else {
			ans.NotLive = append(ans.NotLive, &ix.reg.Programmes[p])
		}
	}
	ans.Live = AgencyProgrammes{ix: ix, ag: ai, on: on, pos: live, funds: funds}
	return ans, nil
}
