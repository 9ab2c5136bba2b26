package pii_test

import (
	"strings"
	"testing"

	"frontdoor/handlers/pii"
)

// BenchmarkFind measures the guard on an action of the longest length
// accepted, in ordinary words with numbers and dates, and on the same with
// a date-of-birth cue in every sentence (the slowest path: every word start
// is tried as a date).
func BenchmarkFind(b *testing.B) {
	sentence := "DWP to share Restart leaver data for 2025-26 with the ICB (£1,234,567, 16-24 NEET, E08000035) by 12/1/2027. "
	cued := "Born out of the 2024 review, aged 50+ from 1/4/2027, date of birth field by 3 March. "
	for _, bc := range []struct{ name, text string }{
		{"ordinary 3000 chars", strings.Repeat(sentence, 3000/len(sentence))},
		{"cues 3000 chars", strings.Repeat(cued, 3000/len(cued))},
		{"cues 1 MiB", strings.Repeat(cued, (1<<20)/len(cued))},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.text)))
			for b.Loop() {
				if len(pii.Find(bc.text)) != 0 {
					b.Fatal("found something in ordinary text")
				}
			}
		})
	}
}
