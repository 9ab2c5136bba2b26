package index_test

import (
	"fmt"
	"runtime"
	"sync"
	"testing"

	h "frontdoor/handlers"
	"frontdoor/handlers/registercsv"
	"frontdoor/handlers/regtest"

	"frontdoor/handlers/index"
)

// atLimits is a generated national register with as many rows of each kind
// as an import accepts (registercsv.MaxRows): 50,000 areas, about 50,000
// agencies, 5,000 cohorts, 20,000 programmes and 100,000 fundings.
var atLimits = sync.OnceValue(func() *h.Register {
	reg := regtest.National(1, regtest.NationalSize{
		Areas:      registercsv.MaxRows[h.KindAreas],
		Cohorts:    registercsv.MaxRows[h.KindCohorts],
		Programmes: registercsv.MaxRows[h.KindProgrammes],
		Fundings:   registercsv.MaxRows[h.KindFundings],
	})
	if n := len(reg.Agencies); n > registercsv.MaxRows[h.KindAgencies] {
		reg.Agencies = reg.Agencies[:registercsv.MaxRows[h.KindAgencies]]
	}
	return reg
})

// atListLimits is atLimits with its lists widened until the programmes'
// and the fundings' list cells hold as many values as an import accepts
// (registercsv.MaxListItemsPerKind each): programmes in dozens of councils,
// fundings for ten areas each.
var atListLimits = sync.OnceValue(func() *h.Register {
	base := atLimits()
	reg := *base
	reg.Programmes = make([]h.Programme, len(base.Programmes))
	reg.Fundings = make([]h.Funding, len(base.Fundings))
	var councils []string
	for _, a := range base.Areas {
		if a.Kind == h.AreaLocalAuthority {
			councils = append(councils, a.ID)
		}
	}
	items := 0
	for _, p := range base.Programmes {
		items += len(p.AreaIDs) + len(p.CohortIDs) + len(p.Aliases)
	}
	next := 0
	widen := func(ids []string, n int) []string {
		out := append([]string(nil), ids...)
		seen := map[string]bool{}
		for _, id := range ids {
			seen[id] = true
		}
		for len(out) < len(ids)+n {
			c := councils[next%len(councils)]
			next++
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
		return out
	}
	room := registercsv.MaxListItemsPerKind - items
	for i, p := range base.Programmes {
		add := room / (len(base.Programmes) - i)
		room -= add
		p.AreaIDs = widen(p.AreaIDs, add)
		reg.Programmes[i] = p
	}
	items = 0
	for _, f := range base.Fundings {
		items += len(f.AreaIDs)
	}
	room = registercsv.MaxListItemsPerKind - items
	for i, f := range base.Fundings {
		add := room / (len(base.Fundings) - i)
		room -= add
		f.AreaIDs = widen(f.AreaIDs, add)
		reg.Fundings[i] = f
	}
	return &reg
})

// oneProgramme is the case that was quadratic: one programme whose 100,000
// fundings all pass through one authority (half to it, half from it), each
// for a council, so every funding from the authority has 50,000 candidates
// for the money it passes on.
var oneProgramme = sync.OnceValue(func() *h.Register {
	base := atLimits()
	reg := &h.Register{Areas: base.Areas, Agencies: base.Agencies, Cohorts: base.Cohorts}
	reg.Programmes = []h.Programme{{ID: "p", Name: "P", LeadAgencyID: base.Agencies[0].ID,
		AreaIDs: []string{base.Areas[0].ID}, CohortIDs: []string{base.Cohorts[0].ID}}}
	funder, authority := base.Agencies[0].ID, base.Agencies[1].ID
	n := registercsv.MaxRows[h.KindFundings]
	for i := range n {
		f := h.Funding{ID: fmt.Sprint("f", i), ProgrammeID: "p", FunderID: funder, RecipientID: authority,
			AreaIDs: []string{base.Areas[(i*7)%len(base.Areas)].ID}}
		if i%2 == 1 {
			f.FunderID, f.RecipientID = authority, base.Agencies[2+i%(len(base.Agencies)-2)].ID
		}
		reg.Fundings = append(reg.Fundings, f)
	}
	return reg
})

// BenchmarkNewIndexAtLimits builds the index of a register at the import's
// limits. Besides time and bytes allocated per build it reports
// MB-retained, the heap the index holds once built (beyond the register it
// indexes), and list-values, the list entries the register holds.
//
//	go test ./handlers -run '^$' -bench NewIndexAtLimits -benchtime 5x
func BenchmarkNewIndexAtLimits(b *testing.B) {
	for _, bc := range []struct {
		name string
		reg  func() *h.Register
	}{{"rows", atLimits}, {"rows+lists", atListLimits}, {"one-programme", oneProgramme}} {
		b.Run(bc.name, func(b *testing.B) {
			reg := bc.reg()
			values := 0
			for _, p := range reg.Programmes {
				values += len(p.AreaIDs) + len(p.CohortIDs) + len(p.Aliases)
			}
			for _, f := range reg.Fundings {
				values += len(f.AreaIDs)
			}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			ix := index.NewIndex(reg)
			runtime.GC()
			runtime.ReadMemStats(&after)
			runtime.KeepAlive(ix)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				index.NewIndex(reg)
			}
			b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "MB-retained")
			b.ReportMetric(float64(values), "list-values")
		})
	}
}
