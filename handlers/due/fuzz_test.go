package due

import (
	"errors"
	"testing"

	"frontdoor/handlers/civil"
)

// FuzzFind checks that Find never panics, never both finds and refuses, returns a
// phrase that is the text at its offsets and a real date (today or later unless
// the year was written), and that Parse reads the phrase it found the same way.
// The corpus is in testdata/fuzz/FuzzFind; today ranges over 2000 to 2179.
func FuzzFind(f *testing.F) {
	f.Fuzz(func(t *testing.T, text string, offset uint16) {
		today := civil.DateOf(2000, 1, 1).AddDays(int(offset))
		r, ok, err := Find(text, today)
		if err != nil {
			if ok {
				t.Fatalf("ok and err both set: %+v, %v", r, err)
			}
			var e *Error
			if !errors.As(err, &e) || e.Internal {
				t.Fatalf("error %v (%T) is not a due.Error", err, err)
			}
			return
		}
		if !ok {
			return
		}
		if r.Start < 0 || r.Start >= r.End || r.End > len(text) || text[r.Start:r.End] != r.Phrase {
			t.Fatalf("phrase %q at %d:%d does not match the text %q", r.Phrase, r.Start, r.End, text)
		}
		if y, m, d := r.Date.YMD(); !civil.ValidYMD(y, m, d) {
			t.Fatalf("%q gave %s, not a valid date", r.Phrase, r.Date)
		}
		if !r.Explicit && r.Date < today {
			t.Fatalf("%q gave %s, before today %s without a written year", r.Phrase, r.Date, today)
		}
		p, err := Parse(r.Phrase, today)
		if err != nil || p.Date != r.Date || p.Explicit != r.Explicit {
			t.Fatalf("Parse(%q) = %s explicit=%v err=%v, Find gave %s explicit=%v",
				r.Phrase, p.Date, p.Explicit, err, r.Date, r.Explicit)
		}
	})
}
