package index_test

import (
	"testing"

	h "frontdoor/handlers"
	"frontdoor/handlers/index"
	"frontdoor/handlers/regtest"
)

// TestNationalSizeAndShape checks that the generated national register has
// the scale of the benchmarks and the shapes the index must handle: deep
// hierarchies, every status, plenty of passed-on money.
func TestNationalSizeAndShape(t *testing.T) {
	n := regtest.DefaultNationalSize
	reg := regtest.National(42, regtest.NationalSize{})
	if len(reg.Areas) != n.Areas || len(reg.Cohorts) != n.Cohorts || len(reg.Programmes) != n.Programmes || len(reg.Fundings) != n.Fundings {
		t.Errorf("sizes: %d areas, %d cohorts, %d programmes, %d fundings; want %+v",
			len(reg.Areas), len(reg.Cohorts), len(reg.Programmes), len(reg.Fundings), n)
	}
	if n.Areas < 300 || n.Cohorts < 200 || n.Programmes < 5000 || n.Fundings < 10000 {
		t.Errorf("default size %+v is below the benchmark scale of issue 2", n)
	}
	ix := index.NewIndex(reg)
	deepest := func(count int, anc func(int) int) int {
		m := 0
		for i := 0; i < count; i++ {
			m = max(m, anc(i))
		}
		return m
	}
	areaDepth := deepest(len(reg.Areas), func(i int) int { return len(ix.AreaAncestors(reg.Areas[i].ID)) })
	cohortDepth := deepest(len(reg.Cohorts), func(i int) int { return len(ix.CohortAncestors(reg.Cohorts[i].ID)) })
	if areaDepth < 5 {
		t.Errorf("deepest area has %d ancestors, want 5 (UK > England > authority > county > district > ward)", areaDepth)
	}
	if cohortDepth < 3 || cohortDepth > 4 {
		t.Errorf("deepest cohort has %d ancestors, want 3 or 4 (five levels at most)", cohortDepth)
	}
	kinds := map[string]int{}
	regrants := 0
	for _, f := range reg.Fundings {
		if ix.PassedOnFrom(f.ID) != nil {
			regrants++
		}
	}
	for _, p := range reg.Programmes {
		kinds[p.EffectiveStatus()]++
	}
	if kinds[h.StatusPlanned] == 0 || kinds[h.StatusClosed] == 0 || kinds[h.StatusLive] < len(reg.Programmes)/2 {
		t.Errorf("statuses %v: want mostly live, some planned and closed", kinds)
	}
	if regrants < 100 {
		t.Errorf("%d regrants, want plenty of passed-on money", regrants)
	}
}
