package regtest

import (
	"strings"
	"testing"

	h "frontdoor/handlers"
	"frontdoor/handlers/index"
)

// The edge register (EdgeRegister): a small hand-made register for the semantics of
// overlaps, gaps and cliff edges, with hierarchies five levels deep.
//
// Areas: United Kingdom > England > North (a strategic authority) > Shire (a
// county) > Dale and Fellside (districts); Dale > Dale Ward (a ward, of kind
// other): six levels from the United Kingdom down. North also holds Town (a
// unitary); South holds Southton; Wales holds Aberwen.
//
// Cohorts: Working-age residents > People with health conditions > People
// with mental health conditions > People with severe mental illness >
// People with psychosis (five levels); health > MSK; working age > Young
// people > NEETs; working age > Over-50s; Employers (an employer cohort).
//
// Each test adds the programmes and fundings it needs.

// Test dates: the week of Monday 12 Jan 2026, and the edges of the
// financial year 2025/26.
var (
	EdgeMon    = h.DateOf(2026, 1, 12)
	EdgeWeek   = h.Period{Start: EdgeMon, End: EdgeMon.AddDays(6)}
	FYEnd      = h.DateOf(2026, 3, 31)
	FYStart    = h.DateOf(2026, 4, 1)
	AroundFY   = h.Period{Start: h.DateOf(2026, 3, 30), End: h.DateOf(2026, 4, 5)}
	EdgeFarOff = "2030-03-31"
)

// EdgeRegister is the edge register with progs and funds.
func EdgeRegister(progs []h.Programme, funds []h.Funding) *h.Register {
	return &h.Register{
		Areas: []h.Area{
			{ID: "UK", Name: "United Kingdom", Kind: h.AreaCountry},
			{ID: "ENG", Name: "England", Kind: h.AreaCountry, ParentID: "UK"},
			{ID: "WAL", Name: "Wales", Kind: h.AreaCountry, ParentID: "UK"},
			{ID: "NTH", Name: "North Combined Authority", Kind: h.AreaStrategicAuthority, ParentID: "ENG", Aliases: []string{"North"}},
			{ID: "SHI", Name: "Shire", Kind: h.AreaLocalAuthority, ParentID: "NTH"},
			{ID: "DAL", Name: "Dale", Kind: h.AreaLocalAuthority, ParentID: "SHI"},
			{ID: "FEL", Name: "Fellside", Kind: h.AreaLocalAuthority, ParentID: "SHI"},
			{ID: "DWD", Name: "Dale Ward", Kind: h.AreaOther, ParentID: "DAL"},
			{ID: "TWN", Name: "Town", Kind: h.AreaLocalAuthority, ParentID: "NTH"},
			{ID: "STH", Name: "South Combined Authority", Kind: h.AreaStrategicAuthority, ParentID: "ENG", Aliases: []string{"South"}},
			{ID: "SOU", Name: "Southton", Kind: h.AreaLocalAuthority, ParentID: "STH"},
			{ID: "ABW", Name: "Aberwen", Kind: h.AreaLocalAuthority, ParentID: "WAL"},
		},
		Agencies: []h.Agency{
			{ID: "dwp", Name: "Department for Work and Pensions", Kind: "dwp", Aliases: []string{"DWP"}},
			{ID: "nhse", Name: "NHS England", Kind: "nhs_national", Aliases: []string{"NHSE"}},
			{ID: "nca", Name: "North Combined Authority", Kind: "strategic_authority", AreaID: "NTH", Aliases: []string{"NCA"}},
			{ID: "shire", Name: "Shire County Council", Kind: "local_authority", AreaID: "SHI"},
			{ID: "dale", Name: "Dale District Council", Kind: "local_authority", AreaID: "DAL"},
			{ID: "town", Name: "Town Council", Kind: "local_authority", AreaID: "TWN"},
		},
		Cohorts: []h.Cohort{
			{ID: "all", Name: "Working-age residents"},
			{ID: "health", Name: "People with health conditions", ParentID: "all"},
			{ID: "mental", Name: "People with mental health conditions", ParentID: "health"},
			{ID: "severe", Name: "People with severe mental illness", ParentID: "mental"},
			{ID: "psychosis", Name: "People with psychosis", ParentID: "severe"},
			{ID: "msk", Name: "People with MSK conditions", ParentID: "health"},
			{ID: "young", Name: "Young people", ParentID: "all"},
			{ID: "neet", Name: "Young people NEET", ParentID: "young"},
			{ID: "over50", Name: "Over-50s", ParentID: "all"},
			{ID: "employers", Name: "Employers", Kind: h.CohortEmployers},
		},
		Programmes: progs,
		Fundings:   funds,
	}
}

// Prog makes a programme: dates as YYYY-MM-DD ("" open), areas and cohorts
// as ";"-separated ids, status "" (live), "planned" or "closed".
// Prog is a programme of the edge register: areas and cohorts are lists
// of ids separated by ";", dates ISO or "" for open.
func Prog(id, lead, start, end, areas, cohorts, status string) h.Programme {
	return h.Programme{ID: id, Name: "Programme " + strings.ToUpper(id), LeadAgencyID: lead,
		Start: ISODate(start), End: ISODate(end), AreaIDs: splitIDs(areas), CohortIDs: splitIDs(cohorts), Status: status}
}

// Fund makes a funding of amount pounds.
// Fund is a funding of the edge register, amount in pounds.
func Fund(id, programme, funder, start, end, areas string, amount int64) h.Funding {
	pence := amount * 100
	return h.Funding{ID: id, ProgrammeID: programme, FunderID: funder, AmountPence: &pence,
		Start: ISODate(start), End: ISODate(end), AreaIDs: splitIDs(areas)}
}

// ISODate reads YYYY-MM-DD, "" being no date; a bad date panics (a test's typo).
func ISODate(s string) h.Date {
	if s == "" {
		return h.NoDate
	}
	d, err := h.ParseISODate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func splitIDs(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ";")
}

// EdgeIndex is the index of the edge register with progs and funds, checked valid.
func EdgeIndex(t *testing.T, progs []h.Programme, funds []h.Funding) *index.Index {
	t.Helper()
	reg := EdgeRegister(progs, funds)
	if err := Validate(reg); err != nil {
		t.Fatalf("edge register: %v", err)
	}
	return index.NewIndex(reg)
}
