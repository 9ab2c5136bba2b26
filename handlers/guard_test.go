package handlers

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// A clipped view of stored text never reads as an identifier the whole text
// is not: a long number cut short could read as an NHS or phone number.
func TestClipNeverMakesAnIdentifier(t *testing.T) {
	for _, text := range []string{
		"Ring back about ref 943 476 59190 tomorrow",  // cut after 5919: an NHS number
		"Batch 94 34 76 59 19 12 sent to the ICB",     // cut after 19: ten digits in pairs
		"Order 077009001234 for the jobcentre",        // cut after 3: a mobile number
		"See <@U0SAM|sam> about 943 476 59190 please", // after a mention
	} {
		if kinds := identifiers(text); len(kinds) != 0 {
			t.Fatalf("%q already holds %v: not a test of cutting", text, kinds)
		}
		cutMade := false
		for n := 1; n <= utf8.RuneCountInString(text); n++ {
			view := PlainRich(actionText(text, n))
			if kinds := identifiers(view); len(kinds) != 0 {
				t.Errorf("actionText(%q, %d) = %q holds %v", text, n, view, kinds)
			}
			if kinds := identifiers(clip(text, n)); len(kinds) != 0 {
				t.Errorf("clip(%q, %d) = %q holds %v", text, n, clip(text, n), kinds)
			}
			if len(identifiers(clipText(text, n))) > 0 {
				cutMade = true
			}
		}
		if !cutMade {
			t.Errorf("%q: no plain cut makes an identifier, so the test shows nothing", text)
		}
	}
}

// Slack's ids inside mentions are Slack's, not typed numbers; a label is
// typed and is checked.
func TestSlackIDsAreNotNumbers(t *testing.T) {
	if kinds := identifiers("0123456789"); len(kinds) == 0 {
		t.Fatal("0123456789 passes modulus 11: the cases below need it to")
	}
	for text, want := range map[string]bool{
		"ask <@U0123456789> to call the ICB":     false,
		"ask <@W0123456789|sam> to call the ICB": false,
		"see <#C0123456789|unit-chat>":           false,
		"tell <!subteam^S0123456789|@dwp-team>":  false,
		"ask <@U0SAM|943 476 5919>":              true,
		"see <https://x.example/0123456789>":     true,
		"typed U0123456789 is a number":          true,
	} {
		if got := len(identifiers(text)) > 0; got != want {
			t.Errorf("identifiers(%q) found=%v, want %v", text, got, want)
		}
	}
}

// The guard runs before the command is parsed or the register is read: the
// refusal is the same whatever the command, says "not answered" for
// questions and "not recorded" for writes, and never holds the text.
func TestHandleRefusesBeforeParsing(t *testing.T) {
	svc := NewService(nil, FixedDay(DateOf(2026, time.January, 12), time.UTC), time.UTC) // no register: a read would panic
	for text, prefix := range map[string]string{
		"who funds 943 476 5919":          "Not answered",
		"frobnicate 943 476 5919":         "Not answered",
		"help 943 476 5919":               "Not answered",
		"area m1 1ae":                     "Not answered",
		"log call 07700 900123 by Friday": "Not recorded",
		"note 4 DOB 12/03/1980":           "Not recorded",
	} {
		r, err := svc.Handle(context.Background(), Request{Text: text, User: Person{ID: "alex", Console: true}})
		if err == nil || !strings.HasPrefix(ErrorMessage(err), prefix) {
			t.Errorf("%.40q: %v, want %q…", text, err, prefix)
			continue
		}
		plain := RenderPlain(r)
		for _, echo := range []string{"943", "5919", "1ae", "1AE", "07700", "1980"} {
			if strings.Contains(plain, echo) {
				t.Errorf("%.40q: the reply echoes %q: %q", text, echo, plain)
			}
		}
		if !errors.Is(err, ErrResidentData) {
			t.Errorf("%q: not marked as residents' data", text)
		}
	}
}

func TestKindsPhrase(t *testing.T) {
	for want, kinds := range map[string][]string{
		"an NHS number":                                     {"NHS number"},
		"a National Insurance number":                       {"National Insurance number"},
		"a postcode and a phone number":                     {"postcode", "phone number"},
		"an NHS number, a phone number and a date of birth": {"NHS number", "phone number", "date of birth"},
	} {
		if got := KindsPhrase(kinds); got != want {
			t.Errorf("KindsPhrase(%v) = %q, want %q", kinds, got, want)
		}
	}
}

// A refusal that would quote part of the text in a form that reads as an
// identifier (the first two words of an unknown command, cut from a longer
// number) says what went wrong without the quote.
func TestRefusalQuotesNoIdentifier(t *testing.T) {
	svc := NewService(nil, FixedDay(DateOf(2026, time.January, 12), time.UTC), time.UTC)
	text := "94 34765919 0 and so on"
	if kinds := identifiers(text); len(kinds) != 0 {
		t.Fatalf("%q holds %v already: not a test of quoting", text, kinds)
	}
	if _, err := ParseCommand(text); err == nil || len(identifiers(ErrorMessage(err))) == 0 {
		t.Fatalf("the parser's own refusal %v quotes nothing that reads as one: not a test", err)
	}
	r, err := svc.Handle(context.Background(), Request{Text: text, User: Person{ID: "alex", Console: true}})
	if ErrorCode(err) != EInvalid || !strings.Contains(ErrorMessage(err), "couldn't read that") {
		t.Fatalf("err %v", err)
	}
	if kinds := identifiers(RenderPlain(r) + r.Text); len(kinds) != 0 {
		t.Errorf("the reply holds %v: %q", kinds, RenderPlain(r))
	}
	// An ordinary refusal keeps its quote.
	if _, err := svc.Handle(context.Background(), Request{Text: "frobnicate the register", User: Person{ID: "alex", Console: true}}); !strings.Contains(ErrorMessage(err), `"frobnicate the"`) {
		t.Errorf("ordinary refusal: %v", err)
	}
}
