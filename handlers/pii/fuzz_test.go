package pii

import (
	"strings"
	"testing"
	"unicode"
)

// FuzzFind checks that Find never panics, reports only known kinds, each once and
// in order, and finds nothing in text made only of letters (every identifier has
// digits). The corpus is in testdata/fuzz/FuzzFind.
func FuzzFind(f *testing.F) {
	order := map[string]int{}
	for i, k := range Kinds {
		order[k] = i + 1
	}
	f.Fuzz(func(t *testing.T, text string) {
		last := 0
		for _, k := range Find(text) {
			if order[k.Kind] <= last {
				t.Fatalf("Find(%q): kind %q unknown, repeated or out of order", text, k.Kind)
			}
			last = order[k.Kind]
		}
		letters := strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || r == ' ' {
				return r
			}
			return -1
		}, text)
		if got := Find(letters); len(got) != 0 {
			t.Fatalf("Find(%q) = %v for text of only letters", letters, got)
		}
	})
}
