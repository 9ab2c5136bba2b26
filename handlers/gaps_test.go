package handlers_test

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	h "frontdoor/handlers"
)

// describeGaps writes the gaps as "council:cohort", sorted.
func describeGaps(r *h.GapReport) []string {
	var out []string
	for _, g := range r.Gaps {
		out = append(out, g.Area.ID+":"+g.Cohort.ID)
	}
	slices.Sort(out)
	return out
}

// allGapsExcept lists every council–cohort gap of the edge register but those given.
func allGapsExcept(served ...string) []string {
	var out []string
	for _, a := range []string{"DAL", "FEL", "TWN", "SOU", "ABW"} {
		for _, c := range []string{"psychosis", "msk", "neet", "over50"} {
			if k := a + ":" + c; !slices.Contains(served, k) {
				out = append(out, k)
			}
		}
	}
	slices.Sort(out)
	return out
}

func TestGapSemantics(t *testing.T) {
	on := edgeMon
	tests := []struct {
		name         string
		progs        []h.Programme
		area, cohort string
		on           h.Date
		want         []string
	}{
		{name: "with nothing live every council lacks every leaf cohort", want: allGapsExcept()},
		{name: "a programme for the council itself",
			progs: []h.Programme{prog("a", "dale", "", "", "DAL", "neet", "")},
			want:  allGapsExcept("DAL:neet")},
		{name: "a programme for a broader cohort four levels up counts",
			progs: []h.Programme{prog("a", "dale", "", "", "DAL", "health", "")},
			want:  allGapsExcept("DAL:psychosis", "DAL:msk")},
		{name: "a programme for the county serves its districts; the county is not counted itself",
			progs: []h.Programme{prog("a", "shire", "", "", "SHI", "neet", "")},
			want:  allGapsExcept("DAL:neet", "FEL:neet")},
		{name: "a programme for the authority serves every council in it",
			progs: []h.Programme{prog("a", "nca", "", "", "NTH", "over50", "")},
			want:  allGapsExcept("DAL:over50", "FEL:over50", "TWN:over50")},
		{name: "a national programme serves every council in its countries",
			progs: []h.Programme{prog("a", "dwp", "", "", "ENG", "all", "")},
			want: allGapsExcept("DAL:psychosis", "DAL:msk", "DAL:neet", "DAL:over50", "FEL:psychosis", "FEL:msk", "FEL:neet", "FEL:over50",
				"TWN:psychosis", "TWN:msk", "TWN:neet", "TWN:over50", "SOU:psychosis", "SOU:msk", "SOU:neet", "SOU:over50")},
		{name: "a programme for a ward inside a council counts for the council",
			progs: []h.Programme{prog("a", "dale", "", "", "DWD", "neet", "")},
			want:  allGapsExcept("DAL:neet")},
		{name: "a programme for a narrower cohort than a leaf does not exist, one for a sibling does not count",
			progs: []h.Programme{prog("a", "dale", "", "", "DAL", "mental", "")},
			want:  allGapsExcept("DAL:psychosis")},
		{name: "planned and closed programmes leave the gap",
			progs: []h.Programme{prog("a", "dale", "", "", "DAL", "neet", h.StatusPlanned), prog("b", "dale", "", "", "DAL", "neet", h.StatusClosed)},
			want:  allGapsExcept()},
		{name: "employer programmes serve no residents",
			progs: []h.Programme{prog("a", "nca", "", "", "NTH", "employers", "")},
			want:  allGapsExcept()},
		{name: "a programme ending on the date still counts (31 Mar)",
			progs: []h.Programme{prog("a", "dale", "2025-04-01", "2026-03-31", "DAL", "neet", "")},
			on:    fyEnd, want: allGapsExcept("DAL:neet")},
		{name: "the day after it ends it does not (1 Apr)",
			progs: []h.Programme{prog("a", "dale", "2025-04-01", "2026-03-31", "DAL", "neet", "")},
			on:    fyStart, want: allGapsExcept()},
		{name: "a programme starting on 1 Apr fills the gap from that day",
			progs: []h.Programme{prog("a", "dale", "2026-04-01", "", "DAL", "neet", "")},
			on:    fyStart, want: allGapsExcept("DAL:neet")},
		{name: "in an area: the councils inside it",
			progs: []h.Programme{prog("a", "dale", "", "", "DAL", "neet", "")},
			area:  "Shire", want: []string{"DAL:msk", "DAL:over50", "DAL:psychosis", "FEL:msk", "FEL:neet", "FEL:over50", "FEL:psychosis"}},
		{name: "in a ward: the council it sits in",
			area: "Dale Ward", want: []string{"DAL:msk", "DAL:neet", "DAL:over50", "DAL:psychosis"}},
		{name: "for a cohort: the leaf cohorts under it",
			progs:  []h.Programme{prog("a", "dale", "", "", "NTH", "psychosis", "")},
			cohort: "People with health conditions",
			want:   []string{"ABW:msk", "ABW:psychosis", "DAL:msk", "FEL:msk", "SOU:msk", "SOU:psychosis", "TWN:msk"}},
		{name: "in an area for a leaf cohort",
			cohort: "over-50s", area: "North", want: []string{"DAL:over50", "FEL:over50", "TWN:over50"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := edgeIndex(t, tt.progs, nil)
			d := tt.on
			if d.IsZero() {
				d = on
			}
			r, err := ix.Gaps(d, tt.area, tt.cohort)
			if err != nil {
				t.Fatal(err)
			}
			if got := describeGaps(r); !slices.Equal(got, tt.want) {
				t.Errorf("gaps:\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestGapCouncilsAndCohorts(t *testing.T) {
	ix := edgeIndex(t, nil, nil)
	r, err := ix.Gaps(edgeMon, "", "")
	if err != nil {
		t.Fatal(err)
	}
	var councils, cohorts []string
	for _, a := range r.Councils {
		councils = append(councils, a.ID)
	}
	for _, c := range r.Cohorts {
		cohorts = append(cohorts, c.ID)
	}
	// Lowest-tier councils only (no county, no ward, no authority), in name
	// order; leaf residents' cohorts only (no employers), in name order.
	if want := []string{"ABW", "DAL", "FEL", "SOU", "TWN"}; !slices.Equal(councils, want) {
		t.Errorf("councils %v, want %v", councils, want)
	}
	if want := []string{"over50", "msk", "psychosis", "neet"}; !slices.Equal(cohorts, want) {
		t.Errorf("cohorts %v, want %v", cohorts, want)
	}
}

func TestGapSummaries(t *testing.T) {
	ix := edgeIndex(t, []h.Programme{
		prog("a", "dwp", "", "", "ENG;WAL", "health", ""),
		prog("b", "nca", "", "", "NTH", "neet", ""),
		prog("c", "dale", "", "", "DAL", "over50", ""),
	}, nil)
	r, err := ix.Gaps(edgeMon, "", "")
	if err != nil {
		t.Fatal(err)
	}
	// Over-50s lack something in four of five councils, NEETs in two.
	var byCohort []string
	for _, g := range r.ByCohort {
		byCohort = append(byCohort, g.Cohort.ID+":"+strings.Join(areaIDs(g.Councils), ","))
	}
	if want := []string{"over50:ABW,FEL,SOU,TWN", "neet:ABW,SOU"}; !slices.Equal(byCohort, want) {
		t.Errorf("by cohort %v, want %v", byCohort, want)
	}
	if r.Everywhere(r.ByCohort[0]) {
		t.Error("over-50s are served in Dale, yet reported as lacking everywhere")
	}
	var byAuth []string
	for _, a := range r.ByAuthority {
		name := "-"
		if a.Authority != nil {
			name = a.Authority.ID
		}
		var cs []string
		for i, c := range a.Cohorts {
			cs = append(cs, c.ID+"="+itoa(a.CohortCouncils[i]))
		}
		byAuth = append(byAuth, name+"/"+itoa(a.Councils)+"/"+itoa(a.Gaps)+"/"+strings.Join(cs, ","))
	}
	// North's three councils lack over-50s in two; South's one council
	// lacks both cohorts, as does Wales's, which stands under its country.
	// Equal numbers of gaps go by name, and cohorts by councils lacking.
	want := []string{"NTH/3/2/over50=2", "STH/1/2/over50=1,neet=1", "WAL/1/2/over50=1,neet=1"}
	if !slices.Equal(byAuth, want) {
		t.Errorf("by authority %v, want %v", byAuth, want)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestGapErrors(t *testing.T) {
	ix := edgeIndex(t, nil, nil)
	for _, tt := range []struct{ area, cohort, code string }{
		{"", "employers", h.EInvalid},
		{"Atlantis", "", h.ENotFound},
		{"", "astronauts", h.ENotFound},
	} {
		_, err := ix.Gaps(edgeMon, tt.area, tt.cohort)
		var e *h.Error
		if !errors.As(err, &e) || e.Code != tt.code {
			t.Errorf("gaps in %q for %q: %v, want a %s error", tt.area, tt.cohort, err, tt.code)
		}
	}
}

func TestGapsOnAnEmptyRegister(t *testing.T) {
	r, err := h.NewIndex(&h.Register{}).Gaps(edgeMon, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Gaps)+len(r.Councils)+len(r.Cohorts)+len(r.ByCohort)+len(r.ByAuthority) != 0 {
		t.Errorf("empty register: %+v", r)
	}
}

// TestGapsAgreeWithWhoFunds checks on the demo register that a council has a
// gap for a cohort exactly when `who funds` lists no live programme there.
func TestGapsAgreeWithWhoFunds(t *testing.T) {
	ix := demoIndex(t)
	r, err := ix.Gaps(edgeMon, "", "")
	if err != nil {
		t.Fatal(err)
	}
	gaps := map[string]bool{}
	for _, g := range r.Gaps {
		gaps[g.Area.ID+":"+g.Cohort.ID] = true
	}
	if len(gaps) == 0 || len(gaps) == len(r.Councils)*len(r.Cohorts) {
		t.Fatalf("%d gaps of %d: the comparison tests little", len(gaps), len(r.Councils)*len(r.Cohorts))
	}
	for _, a := range r.Councils {
		for _, c := range r.Cohorts {
			ans := ix.AnswerWhoFunds(c, a, edgeMon)
			none := ans.TargetedCount+ans.BroaderCount == 0
			if none != gaps[a.ID+":"+c.ID] {
				t.Errorf("%s, %s: gap %v, but who funds lists %d programmes", a.Name, c.Name, gaps[a.ID+":"+c.ID], ans.TargetedCount+ans.BroaderCount)
			}
		}
	}
}
