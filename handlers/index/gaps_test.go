package index_test

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	h "frontdoor/handlers"
	"frontdoor/handlers/regtest"

	"frontdoor/handlers/index"
)

// describeGaps writes the gaps as "council:cohort", sorted.
func describeGaps(r *index.GapReport) []string {
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
	r, err := index.NewIndex(&h.Register{}).Gaps(edgeMon, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Gaps)+len(r.Councils)+len(r.Cohorts)+len(r.ByCohort)+len(r.ByAuthority) != 0 {
		t.Errorf("empty register: %+v", r)
	}
}

// TestGapsAgreeWithWhoFunds is the property that ties the two answers
// together: a council lacks a cohort in `gaps` exactly when `who funds
// <cohort> in <council>` lists nothing, targeted or broader. It is checked
// for every leaf cohort in every council of the demo register and of a
// generated national one, on several dates, and on each again with the
// employer cohort moved under a leaf residents' cohort (whose only
// narrower cohort is then an employer cohort). The national register is
// checked in full at a smaller size and sampled at full size; a sample of
// the answers is also rendered, and the reply checked to list nothing
// exactly where there is a gap.
func TestGapsAgreeWithWhoFunds(t *testing.T) {
	demoReg, err := regtest.Demo()
	if err != nil {
		t.Fatal(err)
	}
	national := regtest.National(7, regtest.NationalSize{Areas: 160, Cohorts: 80, Programmes: 1500, Fundings: 3000})
	dates := []h.Date{h.DateOf(2024, 6, 1), edgeMon, fyStart, h.DateOf(2027, 6, 1)}
	for _, tt := range []struct {
		name      string
		reg       *h.Register
		employers bool // move the employer cohorts under a leaf
		every     int  // check one council–cohort pair in every; 1: all
	}{
		{"demo", demoReg, false, 1},
		{"demo with employers under a leaf", demoReg, true, 1},
		{"national", national, false, 1},
		{"national with employers under a leaf", national, true, 1},
		{"national at full size, sampled", regtest.National(3, regtest.NationalSize{}), false, 23},
	} {
		t.Run(tt.name, func(t *testing.T) {
			reg, leaf := tt.reg, ""
			if tt.employers {
				reg, leaf = employersUnderALeaf(t, reg)
			}
			if err := regtest.Validate(reg); err != nil {
				t.Fatal(err)
			}
			ix := index.NewIndex(reg)
			witnesses := 0
			for _, on := range dates {
				witnesses += checkGapsAgree(t, ix, on, tt.every, leaf)
			}
			if tt.employers && witnesses == 0 {
				t.Errorf("no council lacks %s where an employer programme runs: the case is not tested", leaf)
			}
		})
	}
}

// employersUnderALeaf returns a copy of reg with every root employer
// cohort moved under the leaf residents' cohort with the most gaps, so that
// its only narrower cohorts are employer cohorts, and an employer programme
// added in three of the councils that lack the leaf; and that leaf's id.
func employersUnderALeaf(t *testing.T, reg *h.Register) (*h.Register, string) {
	t.Helper()
	r, err := index.NewIndex(reg).Gaps(edgeMon, "", "")
	if err != nil || len(r.ByCohort) == 0 {
		t.Fatalf("no gaps to move the employer cohorts into: %v", err)
	}
	lacking := r.ByCohort[0]
	leaf := lacking.Cohort.ID
	out := *reg
	out.Cohorts = slices.Clone(reg.Cohorts)
	var employers []string
	for i := range out.Cohorts {
		if c := &out.Cohorts[i]; c.IsEmployers() && c.ParentID == "" {
			c.ParentID = leaf
			employers = append(employers, c.ID)
		}
	}
	if len(employers) == 0 {
		t.Fatal("no employer cohort to move")
	}
	pledge := h.Programme{ID: "employer_pledge", Name: "Employer Pledge", LeadAgencyID: reg.Agencies[0].ID, CohortIDs: employers}
	for _, a := range lacking.Councils[:min(3, len(lacking.Councils))] {
		pledge.AreaIDs = append(pledge.AreaIDs, a.ID)
	}
	out.Programmes = append(slices.Clone(reg.Programmes), pledge)
	return &out, leaf
}

var (
	noneRunning = regexp.MustCompile(`^No programme for .* is running on `)
	anEntry     = regexp.MustCompile(`(?m)^(For|Open to) `)
)

// checkGapsAgree checks the property on one date, for one council–cohort
// pair in every (1: all), rendering one in 13 of those. It returns how many
// gaps for cohort leaf ("": none) lie where an employer programme under it
// runs: the witnesses that employer cohorts were left out.
func checkGapsAgree(t *testing.T, ix *index.Index, on h.Date, every int, leaf string) (witnesses int) {
	t.Helper()
	r, err := ix.Gaps(on, "", "")
	if err != nil {
		t.Fatal(err)
	}
	gaps := map[string]bool{}
	for _, g := range r.Gaps {
		gaps[g.Area.ID+":"+g.Cohort.ID] = true
	}
	pairs := len(r.Councils) * len(r.Cohorts)
	if len(gaps) == 0 || len(gaps) == pairs {
		t.Fatalf("%s: %d gaps of %d: the comparison tests little", on, len(gaps), pairs)
	}
	checked, gapsChecked, bad := 0, 0, 0
	for i, a := range r.Councils {
		for j, c := range r.Cohorts {
			k := i*len(r.Cohorts) + j
			if k%every != 0 {
				continue
			}
			checked++
			gap := gaps[a.ID+":"+c.ID]
			if gap {
				gapsChecked++
				if c.ID == leaf {
					for _, k := range ix.CohortChildren(leaf) {
						if k.IsEmployers() && ix.AnswerWhoFunds(k, a, on).TargetedCount > 0 {
							witnesses++
							break
						}
					}
				}
			}
			ans := ix.AnswerWhoFunds(c, a, on)
			listed := len(ans.Targeted) + len(ans.Broader)
			if gap != (listed == 0) || gap != (ans.TargetedCount+ans.BroaderCount == 0) {
				bad++
				if bad <= 5 {
					t.Errorf("%s, %s on %s: gap %v, but who funds lists %d groups (%d programmes)",
						a.Name, c.Name, on, gap, listed, ans.TargetedCount+ans.BroaderCount)
				}
			}
			if k%(13*every) != 0 {
				continue
			}
			reply, err := whoFunds(ix, c.ID, a.ID, on)
			if err != nil {
				t.Fatalf("who funds %s in %s: %v", c.ID, a.ID, err)
			}
			entries := len(anEntry.FindAllString(plainText(reply), -1))
			if gap != noneRunning.MatchString(reply.Text) || gap != (entries == 0) {
				bad++
				t.Errorf("%s, %s on %s: gap %v, but the reply lists %d entries: %q", a.Name, c.Name, on, gap, entries, reply.Text)
			}
		}
	}
	if gapsChecked == 0 || gapsChecked == checked {
		t.Errorf("%s: %d gaps among %d pairs checked: the comparison tests little", on, gapsChecked, checked)
	}
	return witnesses
}

// TestEmployerCohortUnderALeaf: a residents' cohort whose only narrower
// cohort is an employer cohort is a leaf for gaps, and a programme for the
// employer cohort serves none of its residents, in gaps and who funds alike;
// asked about the employer cohort itself, who funds lists the programme.
func TestEmployerCohortUnderALeaf(t *testing.T) {
	reg := edgeRegister([]h.Programme{prog("pledge", "dale", "", "", "DAL", "employers", "")}, nil)
	for i := range reg.Cohorts {
		if reg.Cohorts[i].ID == "employers" {
			reg.Cohorts[i].ParentID = "over50"
		}
	}
	if err := regtest.Validate(reg); err != nil {
		t.Fatal(err)
	}
	ix := index.NewIndex(reg)
	r, err := ix.Gaps(edgeMon, "Dale", "over-50s")
	if err != nil {
		t.Fatal(err)
	}
	if got := describeGaps(r); !slices.Equal(got, []string{"DAL:over50"}) {
		t.Errorf("gaps = %v, want Dale lacking over-50s", got)
	}
	for _, tt := range []struct {
		cohort, want string
	}{
		{"over-50s", "No programme for over-50s in Dale is running on 12 Jan 2026."},
		{"working-age residents", "No programme for working-age residents in Dale is running on 12 Jan 2026."},
		{"employers", "1 programme targets employers in Dale on 12 Jan 2026."},
	} {
		reply, err := whoFunds(ix, tt.cohort, "Dale", edgeMon)
		if err != nil {
			t.Fatal(err)
		}
		if reply.Text != tt.want {
			t.Errorf("who funds %s in Dale: %q, want %q", tt.cohort, reply.Text, tt.want)
		}
	}
}
