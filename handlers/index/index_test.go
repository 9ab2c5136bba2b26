package index_test

import (
	"slices"
	"sync"
	"testing"

	h "frontdoor/handlers"
	"frontdoor/handlers/regtest"

	"frontdoor/handlers/index"
)

func areaIDs(as []*h.Area) []string {
	out := []string{}
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}

func cohortIDs(cs []*h.Cohort) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func programmeIDs(ps []*h.Programme) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}

func TestIndexAreaHierarchy(t *testing.T) {
	ix := smallIndex(t)
	const (
		uk, england, kcr, brk, dalesby, fellside, kingsport = "K02000001", "E92000001", "E47000101", "E10000101", "E07000101", "E07000102", "E08000101"
	)
	if got, want := areaIDs(ix.AreaAncestors(dalesby)), []string{brk, kcr, england, uk}; !slices.Equal(got, want) {
		t.Errorf("AreaAncestors(Dalesby) = %v, want %v", got, want)
	}
	if got, want := areaIDs(ix.AreaDescendants(kcr)), []string{brk, dalesby, fellside, kingsport}; !slices.Equal(got, want) {
		t.Errorf("AreaDescendants(KCR) = %v, want %v", got, want)
	}
	if got := areaIDs(ix.AreaDescendants(dalesby)); len(got) != 0 {
		t.Errorf("AreaDescendants(Dalesby) = %v, want none", got)
	}
	if got, want := areaIDs(ix.AreaChildren(brk)), []string{dalesby, fellside}; !slices.Equal(got, want) {
		t.Errorf("AreaChildren(Brackenshire) = %v, want %v", got, want)
	}
	if p := ix.AreaParent(dalesby); p == nil || p.ID != brk {
		t.Errorf("AreaParent(Dalesby) = %v, want Brackenshire", p)
	}
	if p := ix.AreaParent(uk); p != nil {
		t.Errorf("AreaParent(UK) = %v, want nil", p)
	}
	within := []struct {
		a, b string
		in   bool
		rel  bool
	}{
		{dalesby, dalesby, true, true},
		{dalesby, brk, true, true},
		{dalesby, uk, true, true},
		{brk, dalesby, false, true},
		{dalesby, fellside, false, false},
		{dalesby, kingsport, false, false},
		{dalesby, "nowhere", false, false},
	}
	for _, w := range within {
		if got := ix.IsAreaWithin(w.a, w.b); got != w.in {
			t.Errorf("IsAreaWithin(%s, %s) = %v, want %v", w.a, w.b, got, w.in)
		}
		if got := ix.AreasRelated(w.a, w.b); got != w.rel {
			t.Errorf("AreasRelated(%s, %s) = %v, want %v", w.a, w.b, got, w.rel)
		}
	}
}

func TestIndexCohortHierarchy(t *testing.T) {
	ix := smallIndex(t)
	if got, want := cohortIDs(ix.CohortAncestors("neet")), []string{"young", "working_age"}; !slices.Equal(got, want) {
		t.Errorf("CohortAncestors(neet) = %v, want %v", got, want)
	}
	if got, want := cohortIDs(ix.CohortDescendants("young")), []string{"neet", "care_leavers", "young_carers"}; !slices.Equal(got, want) {
		t.Errorf("CohortDescendants(young) = %v, want %v", got, want)
	}
	if got, want := cohortIDs(ix.CohortChildren("health")), []string{"mental_health"}; !slices.Equal(got, want) {
		t.Errorf("CohortChildren(health) = %v, want %v", got, want)
	}
	if p := ix.CohortParent("mental_health"); p == nil || p.ID != "health" {
		t.Errorf("CohortParent(mental_health) = %v", p)
	}
	if !ix.IsCohortWithin("care_leavers", "working_age") || ix.IsCohortWithin("working_age", "care_leavers") {
		t.Error("IsCohortWithin: care leavers should be within working age, not the reverse")
	}
	if !ix.CohortsRelated("working_age", "care_leavers") || ix.CohortsRelated("care_leavers", "neet") || ix.CohortsRelated("employers", "young") {
		t.Error("CohortsRelated: wrong for ancestor, siblings or separate trees")
	}
}

func TestIndexProgrammesAndFundings(t *testing.T) {
	ix := smallIndex(t)
	if got, want := programmeIDs(ix.ProgrammesAroundArea("E07000101")),
		[]string{"youth_hub", "neet_reengage", "national_start", "mind_work", "future_skills", "old_youth", "work_ready", "early_start", "employer_pledge", "health_hub"}; !slices.Equal(got, want) {
		t.Errorf("ProgrammesAroundArea(Dalesby) = %v, want %v", got, want)
	}
	if got, want := programmeIDs(ix.ProgrammesInArea("E10000101")), []string{"mind_work", "work_ready"}; !slices.Equal(got, want) {
		t.Errorf("ProgrammesInArea(Brackenshire) = %v, want %v", got, want)
	}
	if got, want := programmeIDs(ix.ProgrammesForCohort("young")), []string{"youth_hub", "future_skills", "work_ready", "early_start", "next_steps", "valley_work"}; !slices.Equal(got, want) {
		t.Errorf("ProgrammesForCohort(young) = %v, want %v", got, want)
	}
	if got, want := programmeIDs(ix.ProgrammesLedBy("kcrca")), []string{"youth_hub", "old_youth", "early_start", "employer_pledge"}; !slices.Equal(got, want) {
		t.Errorf("ProgrammesLedBy(kcrca) = %v, want %v", got, want)
	}
	ids := func(fs []*h.Funding) []string {
		out := []string{}
		for _, f := range fs {
			out = append(out, f.ID)
		}
		return out
	}
	if got, want := ids(ix.FundingsOf("youth_hub")), []string{"f_yh_dwp", "f_yh_dal", "f_yh_brk", "f_yh_fel"}; !slices.Equal(got, want) {
		t.Errorf("FundingsOf(youth_hub) = %v, want %v", got, want)
	}
	if got, want := ids(ix.FundingsFrom("kcrca")), []string{"f_yh_dal", "f_yh_brk"}; !slices.Equal(got, want) {
		t.Errorf("FundingsFrom(kcrca) = %v, want %v", got, want)
	}
	// kcrca receives f_yh_dwp and f_oy as lead (no recipient named) and f_ns_kcr by name.
	if got, want := ids(ix.FundingsTo("kcrca")), []string{"f_yh_dwp", "f_ns_kcr", "f_oy"}; !slices.Equal(got, want) {
		t.Errorf("FundingsTo(kcrca) = %v, want %v", got, want)
	}
	if r := ix.FundingRecipient("f_yh_dwp"); r == nil || r.ID != "kcrca" {
		t.Errorf("FundingRecipient(f_yh_dwp) = %v, want the lead kcrca", r)
	}
	if !ix.IsNational("national_start") || ix.IsNational("youth_hub") {
		t.Error("IsNational: national_start (England and Wales) is national, youth_hub is not")
	}
}

func TestIndexRegrants(t *testing.T) {
	ix := smallIndex(t)
	tests := []struct {
		funding, parent, source string
		via                     []string
	}{
		{"f_yh_dwp", "", "dwp", nil},
		{"f_yh_dal", "f_yh_dwp", "dwp", []string{"kcrca"}},
		{"f_yh_fel", "f_yh_brk", "dwp", []string{"kcrca", "brkcc"}},
		{"f_ns_kcr", "", "dwp", nil},   // kcrca receives it but funds nothing of national_start
		{"f_mw", "", "icb_kb", nil},    // the lead funds its own programme: not a regrant
		{"f_hh_nhse", "", "nhse", nil}, // two funders side by side
		{"f_wr", "", "brkcc", nil},     // past money is still attributed
		{"unknown", "", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.funding, func(t *testing.T) { checkFundingSource(t, ix, tt.funding, tt.parent, tt.source, tt.via) })
	}
}

func TestIndexToleratesBadReferencesAndCycles(t *testing.T) {
	reg := regtest.Small()
	reg.Areas[0].ParentID = "E07000101"     // UK inside Dalesby: a cycle through England and the county
	reg.Cohorts[0].ParentID = "working_age" // a cohort its own parent
	reg.Programmes[0].AreaIDs = append(reg.Programmes[0].AreaIDs, "nowhere")
	reg.Fundings[0].FunderID = "nobody"
	ix := index.NewIndex(reg) // must not hang or panic
	if got := len(ix.AreaAncestors("E07000101")); got > len(reg.Areas) {
		t.Errorf("Dalesby has %d ancestors with a cycle in the register", got)
	}
	for _, a := range reg.Areas {
		if !ix.IsAreaWithin(a.ID, a.ID) {
			t.Errorf("area %s is not within itself after a cycle was broken", a.ID)
		}
	}
	if _, err := whoFunds(ix, "young people", "Dalesby", regtest.Day); err != nil {
		t.Errorf("WhoFunds on a damaged register: %v", err)
	}
}

func TestIndexIsSafeForConcurrentReaders(t *testing.T) {
	ix := smallIndex(t)
	queries := [][2]string{{"young people", "Dalesby"}, {"NEETs", ""}, {"mental health", "Fellside"}, {"care leavers", "Riverton"}}
	want := make([]string, len(queries))
	for i, q := range queries {
		r, err := whoFunds(ix, q[0], q[1], regtest.Day)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = h.RenderPlain(r)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; n < 50; n++ {
				i := (g + n) % len(queries)
				r, err := whoFunds(ix, queries[i][0], queries[i][1], regtest.Day)
				if err != nil || h.RenderPlain(r) != want[i] {
					errs <- queries[i][0]
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for q := range errs {
		t.Errorf("concurrent lookup of %q gave a different answer", q)
	}
}
