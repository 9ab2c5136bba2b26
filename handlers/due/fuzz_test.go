package due

import (
	"errors"
	"strings"
	"testing"

	"frontdoor/handlers/civil"
)

// FuzzFind checks that Find never panics, never both finds and refuses, returns a
// phrase that is the text at its offsets and either a real date (today or later
// unless the year was written, and then marked as past and no more than five
// years back) or no date with a note, and that Parse reads the phrase it found
// the same way (refusing a phrase that gives no date).
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
			if !errors.As(err, &e) || e.Message == "" {
				t.Fatalf("error %v (%T) is not a due.Error with a message", err, err)
			}
			return
		}
		if !ok {
			return
		}
		if r.Start < 0 || r.Start >= r.End || r.End > len(text) || text[r.Start:r.End] != r.Phrase {
			t.Fatalf("phrase %q at %d:%d does not match the text %q", r.Phrase, r.Start, r.End, text)
		}
		p, perr := Parse(r.Phrase, today)
		if r.Date.IsZero() {
			if r.Note == "" {
				t.Fatalf("%q gave no date and no note", r.Phrase)
			}
			if perr == nil {
				t.Fatalf("Parse(%q) = %s, want a refusal of a phrase with no date", r.Phrase, p.Date)
			}
			return
		}
		if y, m, d := r.Date.YMD(); !civil.ValidYMD(y, m, d) {
			t.Fatalf("%q gave %s, not a valid date", r.Phrase, r.Date)
		}
		if r.Date < today {
			if !r.Explicit {
				t.Fatalf("%q gave %s, before today %s without a written year", r.Phrase, r.Date, today)
			}
			if !strings.Contains(r.Note, "already past") {
				t.Fatalf("%q gave %s, before today %s, with the note %q", r.Phrase, r.Date, today, r.Note)
			}
			if r.Date < addMonths(today, -12*oldYears) {
				t.Fatalf("%q gave %s, more than %d years before %s", r.Phrase, r.Date, oldYears, today)
			}
		}
		if perr != nil || p.Date != r.Date || p.Explicit != r.Explicit || p.Note != r.Note {
			t.Fatalf("Parse(%q) = %s explicit=%v note=%q err=%v, Find gave %s explicit=%v note=%q",
				r.Phrase, p.Date, p.Explicit, p.Note, perr, r.Date, r.Explicit, r.Note)
		}
	})
}
