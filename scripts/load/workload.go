package main

import (
	"math/bits"
	"math/rand/v2"
	"slices"
	"time"

	"frontdoor/handlers"
)

// The workloads, by the name each row of the table carries.
const (
	wlMinimal  = "minimal"  // the minimal signed handler: the ceiling of a signed Slack endpoint here
	wlRepeated = "repeated" // a few questions asked again and again: answers kept in memory
	wlFresh    = "fresh"    // every question new: every answer computed and rendered
)

// A workload is a stream of questions: question(i) is what the i-th request asks.
type workload struct {
	name     string
	question func(i int) string
}

// The "as of" dates of the fresh questions: every day of 2020 to 2029, the
// years in which most of a generated register's programmes run.
var (
	freshFirstDay = time.Date(2020, time.January, 1, 0, 0, 0, 0, time.UTC)
	freshDays     = 3653
)

// freshQuestions asks "who funds <cohort> in <area> as of <date>", a
// different cohort × area × date for every i below size(): i goes through a
// permutation of all of them (an affine map modulo their number, drawn from
// the seed), read as a cohort, an area and a day. The same seed and register
// give the same questions in the same order.
type freshQuestions struct {
	cohorts, areas []string
	n, mul, add    uint64
}

func newFreshQuestions(reg *handlers.Register, seed uint64) *freshQuestions {
	cohorts, areas := make([]string, len(reg.Cohorts)), make([]string, len(reg.Areas))
	for i, c := range reg.Cohorts {
		cohorts[i] = c.Name
	}
	for i, a := range reg.Areas {
		areas[i] = a.Name
	}
	return freshQuestionsOf(cohorts, areas, seed)
}

// freshQuestionsOf asks of these cohorts and areas (which it shuffles).
func freshQuestionsOf(cohorts, areas []string, seed uint64) *freshQuestions {
	rnd := rand.New(rand.NewPCG(seed, 0xf7e5_4a11))
	q := &freshQuestions{cohorts: slices.Clone(cohorts), areas: slices.Clone(areas)}
	rnd.Shuffle(len(q.cohorts), func(i, j int) { q.cohorts[i], q.cohorts[j] = q.cohorts[j], q.cohorts[i] })
	rnd.Shuffle(len(q.areas), func(i, j int) { q.areas[i], q.areas[j] = q.areas[j], q.areas[i] })
	q.n = uint64(len(q.cohorts)) * uint64(len(q.areas)) * uint64(freshDays)
	if q.n == 0 {
		return q
	}
	for {
		q.mul = 1 + rnd.Uint64N(q.n)
		if gcd(q.mul, q.n) == 1 {
			break
		}
	}
	q.add = rnd.Uint64N(q.n)
	return q
}

// size is how many different questions there are.
func (q *freshQuestions) size() uint64 { return q.n }

// triple returns the positions of question i's cohort, area and day.
func (q *freshQuestions) triple(i int) (cohort, area, day int) {
	// k = (i·mul + add) mod n, in 128 bits: a 10× register has n near 2^35.
	hi, lo := bits.Mul64(uint64(i)%q.n, q.mul)
	_, k := bits.Div64(hi, lo, q.n)
	k = (k + q.add) % q.n
	nc, na := uint64(len(q.cohorts)), uint64(len(q.areas))
	return int(k % nc), int(k / nc % na), int(k / nc / na)
}

func (q *freshQuestions) question(i int) string {
	c, a, d := q.triple(i)
	return "who funds " + q.cohorts[c] + " in " + q.areas[a] + " as of " + freshFirstDay.AddDate(0, 0, d).Format(time.DateOnly)
}

// repeatedQuestions are k fresh questions without their date (so asked of
// today), asked in turn: after the first round each is answered from memory.
func repeatedQuestions(fresh *freshQuestions, k int) []string {
	qs := make([]string, k)
	for i := range qs {
		c, a, _ := fresh.triple(i)
		qs[i] = "who funds " + fresh.cohorts[c] + " in " + fresh.areas[a]
	}
	return qs
}

// inTurn asks qs in turn.
func inTurn(qs []string) func(int) string {
	return func(i int) string { return qs[i%len(qs)] }
}

// withDistinctDates makes every question of qs different by an "as of" date
// of its own (the -distinct mode against a server of unknown register).
func withDistinctDates(qs []string) func(int) string {
	return func(i int) string {
		day := (i / len(qs)) % freshDays
		return qs[i%len(qs)] + " as of " + freshFirstDay.AddDate(0, 0, day).Format(time.DateOnly)
	}
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
