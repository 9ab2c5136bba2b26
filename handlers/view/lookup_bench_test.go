package view_test

import (
	"math/rand/v2"
	"testing"

	h "frontdoor/handlers"
	"frontdoor/handlers/index"
	"frontdoor/handlers/regtest"
)

// Benchmarks of the other lookups on the national register, beside those
// of `who funds` (bench_test.go), as the service builds the reply: `what does <agency> fund` and the four
// cards, each asked by name for things drawn at random (fixed seed) from
// the whole register.

// benchLookup times ask over names, one in turn, after checking that every
// name is answered.
func benchLookup(b *testing.B, names func(*h.Register) []string, ask func(ix *index.Index, name string) (h.Reply, error)) {
	b.Helper()
	reg := regtest.National(1, regtest.NationalSize{})
	ix := index.NewIndex(reg)
	all := names(reg)
	rnd := rand.New(rand.NewPCG(4, 5))
	qs := make([]string, 256)
	for i := range qs {
		qs[i] = all[rnd.IntN(len(all))]
		if _, err := ask(ix, qs[i]); err != nil {
			b.Fatalf("%q: %v", qs[i], err)
		}
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := ask(ix, qs[i%len(qs)]); err != nil {
			b.Fatal(err)
		}
	}
}

// namesOf lists the names of xs.
func namesOf[T any](xs []T, name func(*T) string) []string {
	out := make([]string, len(xs))
	for i := range xs {
		out[i] = name(&xs[i])
	}
	return out
}

func agencyNames(r *h.Register) []string {
	return namesOf(r.Agencies, func(a *h.Agency) string { return a.Name })
}

func BenchmarkAgencyFunds(b *testing.B) {
	benchLookup(b, agencyNames, func(ix *index.Index, q string) (h.Reply, error) { return agencyFunds(ix, q, regtest.Day) })
}

// BenchmarkAgencyFundsWidest is DWP, the funder of the most programmes.
func BenchmarkAgencyFundsWidest(b *testing.B) {
	benchLookup(b, func(*h.Register) []string { return []string{"Department for Work and Pensions"} },
		func(ix *index.Index, q string) (h.Reply, error) { return agencyFunds(ix, q, regtest.Day) })
}

func BenchmarkProgrammeCard(b *testing.B) {
	benchLookup(b, func(r *h.Register) []string {
		return namesOf(r.Programmes, func(p *h.Programme) string { return p.Name })
	},
		func(ix *index.Index, q string) (h.Reply, error) { return programmeCard(ix, q, regtest.Day) })
}

func BenchmarkCohortCard(b *testing.B) {
	benchLookup(b, func(r *h.Register) []string { return namesOf(r.Cohorts, func(c *h.Cohort) string { return c.Name }) },
		func(ix *index.Index, q string) (h.Reply, error) { return cohortCard(ix, q, regtest.Day) })
}

func BenchmarkAreaCard(b *testing.B) {
	benchLookup(b, func(r *h.Register) []string { return namesOf(r.Areas, func(a *h.Area) string { return a.Name }) },
		func(ix *index.Index, q string) (h.Reply, error) { return areaCard(ix, q, regtest.Day) })
}

func BenchmarkAgencyCard(b *testing.B) {
	benchLookup(b, agencyNames, func(ix *index.Index, q string) (h.Reply, error) { return agencyCard(ix, q, regtest.Day) })
}
