package view_test

import (
	"math/rand/v2"
	"testing"

	"frontdoor/handlers/regtest"

	"frontdoor/handlers/index"
)

// Benchmarks of `who funds` on a national-scale register (issue 2: at least
// 300 areas, 200 cohorts, 5,000 programmes and 10,000 fundings; target
// under 200 µs a lookup). Each lookup matches the names, works out the
// answer and builds the reply. Queries name cohorts and areas as users do,
// by name, drawn at random (fixed seed) from the whole register, so they
// range from a leaf cohort in a ward to the root cohort everywhere.

type benchQuery struct{ cohort, area string }

func benchSetup(b *testing.B, withArea bool) (*index.Index, []benchQuery) {
	b.Helper()
	reg := regtest.National(1, regtest.NationalSize{})
	ix := index.NewIndex(reg)
	rnd := rand.New(rand.NewPCG(2, 3))
	qs := make([]benchQuery, 512)
	for i := range qs {
		q := benchQuery{cohort: reg.Cohorts[rnd.IntN(len(reg.Cohorts))].Name}
		if withArea {
			q.area = reg.Areas[rnd.IntN(len(reg.Areas))].Name
		}
		qs[i] = q
	}
	// Every query must be answerable, or the benchmark would time errors.
	for _, q := range qs {
		if _, err := whoFunds(ix, q.cohort, q.area, regtest.Day); err != nil {
			b.Fatalf("who funds %q in %q: %v", q.cohort, q.area, err)
		}
	}
	return ix, qs
}

func benchWhoFunds(b *testing.B, withArea bool) {
	ix, qs := benchSetup(b, withArea)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		q := qs[i%len(qs)]
		if _, err := whoFunds(ix, q.cohort, q.area, regtest.Day); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWhoFunds(b *testing.B)       { benchWhoFunds(b, false) }
func BenchmarkWhoFundsInArea(b *testing.B) { benchWhoFunds(b, true) }

// BenchmarkWhoFundsWidest is the worst case: the root cohort with no area,
// which matches every live programme in the register.
func BenchmarkWhoFundsWidest(b *testing.B) {
	ix, _ := benchSetup(b, false)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := whoFunds(ix, "working-age residents", "", regtest.Day); err != nil {
			b.Fatal(err)
		}
	}
}
