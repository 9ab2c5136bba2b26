package pii

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

// FuzzFind checks that Find never panics, reports only known kinds, each once and
// in order, finds nothing in text made only of letters (every identifier has
// digits), and finds the same in the text with its spaces folded (as replies
// show action text): folding never makes an identifier, nor hides one. The
// corpus is in testdata/fuzz/FuzzFind.
func FuzzFind(f *testing.F) {
	order := map[string]int{}
	for i, k := range Kinds {
		order[k] = i + 1
	}
	f.Fuzz(func(t *testing.T, text string) {
		last := 0
		found := Find(text)
		for _, k := range found {
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
		folded := strings.Join(strings.Fields(text), " ")
		if got := Find(folded); !slices.Equal(got, found) {
			t.Fatalf("Find(%q) = %v but Find(%q) = %v", text, found, folded, got)
		}
	})
}
