package command

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"frontdoor/handlers"
	"frontdoor/handlers/grammar"
)

// The guard runs before the command is parsed or the register is read: the
// refusal is the same whatever the command, says "not answered" for
// questions and "not recorded" for writes, and never holds the text.
func TestHandleRefusesBeforeParsing(t *testing.T) {
	svc := New(Options{Clock: handlers.FixedDay(handlers.DateOf(2026, time.January, 12), time.UTC), Loc: time.UTC}) // no register: a read would panic
	for text, prefix := range map[string]string{
		"who funds 943 476 5919":          "Not answered",
		"frobnicate 943 476 5919":         "Not answered",
		"help 943 476 5919":               "Not answered",
		"area m1 1ae":                     "Not answered",
		"log call 07700 900123 by Friday": "Not recorded",
		"note 4 DOB 12/03/1980":           "Not recorded",
	} {
		r, err := svc.Handle(context.Background(), handlers.Request{Text: text, User: handlers.Person{ID: "alex"}})
		if err == nil || !strings.HasPrefix(handlers.ErrorMessage(err), prefix) {
			t.Errorf("%.40q: %v, want %q…", text, err, prefix)
			continue
		}
		plain := handlers.RenderPlain(r)
		for _, echo := range []string{"943", "5919", "1ae", "1AE", "07700", "1980"} {
			if strings.Contains(plain, echo) {
				t.Errorf("%.40q: the reply echoes %q: %q", text, echo, plain)
			}
		}
		if !errors.Is(err, handlers.ErrResidentData) {
			t.Errorf("%q: not marked as residents' data", text)
		}
	}
}

// A refusal that would quote part of the text in a form that reads as an
// identifier (the first two words of an unknown command, cut from a longer
// number) says what went wrong without the quote.
func TestRefusalQuotesNoIdentifier(t *testing.T) {
	svc := New(Options{Clock: handlers.FixedDay(handlers.DateOf(2026, time.January, 12), time.UTC), Loc: time.UTC})
	text := "94 34765919 0 and so on"
	if kinds := handlers.FindIdentifiers(text); len(kinds) != 0 {
		t.Fatalf("%q holds %v already: not a test of quoting", text, kinds)
	}
	if _, err := grammar.Parse(text); err == nil || len(handlers.FindIdentifiers(handlers.ErrorMessage(err))) == 0 {
		t.Fatalf("the parser's own refusal %v quotes nothing that reads as one: not a test", err)
	}
	r, err := svc.Handle(context.Background(), handlers.Request{Text: text, User: handlers.Person{ID: "alex"}})
	if handlers.ErrorCode(err) != handlers.EInvalid || !strings.Contains(handlers.ErrorMessage(err), "couldn't read that") {
		t.Fatalf("err %v", err)
	}
	if kinds := handlers.FindIdentifiers(handlers.RenderPlain(r) + r.Text); len(kinds) != 0 {
		t.Errorf("the reply holds %v: %q", kinds, handlers.RenderPlain(r))
	}
	// An ordinary refusal keeps its quote.
	if _, err := svc.Handle(context.Background(), handlers.Request{Text: "frobnicate the register", User: handlers.Person{ID: "alex"}}); !strings.Contains(handlers.ErrorMessage(err), `"frobnicate the"`) {
		t.Errorf("ordinary refusal: %v", err)
	}
}
