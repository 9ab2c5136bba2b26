package digest_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	h "frontdoor/handlers"
	"frontdoor/handlers/regtest"

	"frontdoor/handlers/digest"
	"frontdoor/handlers/index"
	"frontdoor/handlers/view"
	"frontdoor/handlers/view/viewtest"
)

// Benchmarks of the weekly digest on a national-scale register (issue 5: at
// least 5,000 programmes, 300 areas and 200 cohorts, with 100,000 actions;
// target under 1 s and 100 MB). The second size doubles every dimension of
// the register, to show how the time grows. Each run builds the digest with
// a previous snapshot (so the changes are worked out) and renders every
// message, as the scheduled digest does.

var digestBenchSizes = []struct {
	name string
	size regtest.NationalSize
}{
	{"register=5k", regtest.NationalSize{Areas: 300, Cohorts: 200, Programmes: 5000, Fundings: 10000}},
	{"register=10k", regtest.NationalSize{Areas: 600, Cohorts: 400, Programmes: 10000, Fundings: 20000}},
}

const benchActions = 100_000

// benchDigestActions generates n actions around on: most open, some done
// since the previous digest, due dates from eight weeks before to eight
// after (some none), tagged with up to two agencies (some with none).
func benchDigestActions(reg *h.Register, on h.Date, n int) []h.Action {
	rnd := rand.New(rand.NewPCG(7, 11))
	base := on.Time().Add(-30 * 24 * time.Hour)
	out := make([]h.Action, n)
	for i := range out {
		a := h.Action{
			ID:        int64(i + 1),
			Text:      fmt.Sprintf("Share the referral data for cohort %d with the provider", i%97),
			OwnerID:   fmt.Sprintf("U%08d", rnd.IntN(400)),
			Status:    h.ActionOpen,
			CreatedAt: base.Add(time.Duration(rnd.IntN(30*24)) * time.Hour),
		}
		if rnd.Float64() < 0.9 {
			a.Due = on.AddDays(rnd.IntN(112) - 56)
		}
		for k := rnd.IntN(3); k > 0; k-- {
			a.Tags = append(a.Tags, h.Tag{Kind: h.TagAgency, ID: reg.Agencies[rnd.IntN(len(reg.Agencies))].ID})
		}
		if rnd.Float64() < 0.2 {
			a.Status = h.ActionDone
			a.ClosedAt = on.Time().Add(-time.Duration(rnd.IntN(7*24)) * time.Hour)
		}
		out[i] = a
	}
	return out
}

func BenchmarkBuildDigest(b *testing.B) {
	for _, sz := range digestBenchSizes {
		b.Run(sz.name, func(b *testing.B) {
			reg := regtest.National(5, sz.size)
			ix := index.NewIndex(reg)
			on := regtest.Day
			actions := benchDigestActions(reg, on, benchActions)
			_, prev := mustDigest(ix, digest.Input{On: on.AddDays(-7), CliffDays: 90, Actions: actions})
			in := digest.Input{On: on, CliffDays: 90, Actions: actions, Previous: &prev,
				PreviousAt: on.AddDays(-7).Time().Add(9 * time.Hour)}
			b.ReportAllocs()
			var msgs int
			for b.Loop() {
				d, _ := mustDigest(ix, in)
				msgs = len(view.DigestMessages(viewtest.Budget, d))
			}
			b.ReportMetric(float64(msgs), "messages")
		})
	}
}
