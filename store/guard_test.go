package store_test

// The guard on residents' identifiers and unsafe characters, through the
// core's Service on a real SQLite file: every write path refuses, names the
// kind, echoes nothing and stores nothing.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"frontdoor/handlers"
	"frontdoor/handlers/pii/piitest"
	"frontdoor/store/storetest"
)

// dumpAll reads every row of every table, keys and claims included.
func dumpAll(t *testing.T, f *fixture) string {
	t.Helper()
	return storetest.Dump(t, f.db.Path())
}

// refusedOK checks a refusal of tc: a residents'-data refusal naming every
// kind found, with neither the reply nor the error holding the identifier.
func refusedOK(t *testing.T, tc piitest.Case, what, reply string, err error) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: accepted", what)
	}
	if !errors.Is(err, handlers.ErrResidentData) || handlers.ErrorCode(err) != handlers.EInvalid {
		t.Fatalf("%s: refused as %s (%v), not as residents' data", what, handlers.ErrorCode(err), err)
	}
	for _, k := range tc.Kinds {
		if !strings.Contains(err.Error(), k) {
			t.Errorf("%s: the refusal %q does not name the %s", what, err.Error(), k)
		}
	}
	if piitest.Echoes(reply, tc) || piitest.Echoes(err.Error(), tc) {
		t.Errorf("%s: the refusal echoes the identifier: %q", what, reply)
	}
}

// Every spelling in the table is refused on every way text reaches the
// action log, and by lookups, and nothing is stored.
func TestIdentifiersRefusedOnEveryPath(t *testing.T) {
	f := newFixture(t)
	alex, sam := slackUser("U0ALEX"), slackUser("U0SAM")
	ctx := context.Background()
	if _, err := f.do(t, alex, "k-first", "log review IPS referrals"); err != nil {
		t.Fatal(err)
	}
	before := dumpAll(t, f)
	for i, tc := range piitest.Refused {
		t.Run(tc.Name, func(t *testing.T) {
			paths := map[string]string{
				"log":                       "log " + tc.Text,
				"note on someone's action":  "note 1 " + tc.Text, // sam neither logged nor owns #1
				"due":                       "due 1 " + tc.Text,
				"assign":                    "assign 1 <@U0SAM|sam> " + tc.Text,
				"lookup":                    "who funds " + tc.Text,
				"agency lookup":             "what does " + tc.Text + " fund",
				"unknown command":           tc.Text,
				"action filter":             "actions " + tc.Text,
				"log in a code span":        "log `" + tc.Text + "`",
				"log across lines":          "log " + strings.ReplaceAll(tc.Text, " ", "\n"),
				"log in bold and italics":   "log *" + tc.Text + "* _done_",
				"log with a mention before": "log <@U0ALEX|alex> " + tc.Text,
			}
			for path, text := range paths {
				out, err := f.do(t, sam, fmt.Sprintf("k%d-%s", i, path), text)
				refusedOK(t, tc, path, out, err)
				if path == "lookup" && !strings.HasPrefix(err.Error(), "Not answered") {
					t.Errorf("a lookup's refusal reads %q", err.Error())
				}
			}
			r, err := f.svc.LogFromForm(ctx, handlers.Request{Text: tc.Text, User: sam, Key: fmt.Sprintf("view%d", i)},
				handlers.LogForm{Text: tc.Text})
			refusedOK(t, tc, "form", handlers.RenderPlain(r), err)
			if after := dumpAll(t, f); after != before {
				t.Fatalf("a refusal stored something:\nbefore:\n%s\nafter:\n%s", before, after)
			}
		})
	}
}

// Near-misses are stored exactly as typed, through the form and as notes.
func TestNearMissesAreRecorded(t *testing.T) {
	f := newFixture(t)
	sam := slackUser("U0SAM")
	ctx := context.Background()
	for i, tc := range piitest.Passed {
		t.Run(tc.Name, func(t *testing.T) {
			r, err := f.svc.LogFromForm(ctx, handlers.Request{Text: tc.Text, User: sam, Key: fmt.Sprintf("view%d", i)},
				handlers.LogForm{Text: tc.Text})
			if err != nil {
				t.Fatalf("form: %v", err)
			}
			if !strings.Contains(handlers.RenderPlain(r), "Logged #") {
				t.Fatalf("form: %s", handlers.RenderPlain(r))
			}
			acts, err := f.db.AllActions(ctx)
			if err != nil {
				t.Fatal(err)
			}
			a := acts[len(acts)-1]
			if a.Text != tc.Text {
				t.Errorf("stored %q, want %q", a.Text, tc.Text)
			}
			if _, err := f.do(t, sam, fmt.Sprintf("note%d", i), fmt.Sprintf("note %d %s", a.ID, tc.Text)); err != nil {
				t.Errorf("note: %v", err)
			}
			if _, err := f.do(t, sam, "", "who funds "+tc.Text); errors.Is(err, handlers.ErrResidentData) {
				t.Errorf("lookup refused as residents' data: %v", err)
			}
		})
	}
}

// A name, a date of birth and a mobile number together are refused before
// the due date is read: nothing is logged, so the date of birth never
// becomes a due date.
func TestNameDateOfBirthAndPhoneRefused(t *testing.T) {
	f := newFixture(t)
	before := dumpAll(t, f)
	for _, text := range []string{
		"log Jane Smith DOB 12/03/1980 07700 900123 needs a call back",
		"log Jane Smith, born 12/03/1980, mobile 07700 900123",
		"log Jane Smith (d.o.b. 12.3.80) on 07700900123 by Friday",
	} {
		_, err := f.do(t, slackUser("U0SAM"), "k-"+text, text)
		if err == nil || !errors.Is(err, handlers.ErrResidentData) {
			t.Fatalf("%q: %v", text, err)
		}
		for _, want := range []string{"a phone number", "a date of birth"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%q: %q does not name %s", text, err.Error(), want)
			}
		}
		for _, echo := range []string{"1980", "07700", "900123", "12/03", "Jane"} {
			if strings.Contains(err.Error(), echo) {
				t.Errorf("%q: the refusal echoes %q", text, echo)
			}
		}
	}
	if dumpAll(t, f) != before {
		t.Error("something was stored")
	}
}

// Control characters and direction overrides are refused with a message
// naming the field and the character; tab and newline are kept.
func TestUnsafeCharactersRefused(t *testing.T) {
	f := newFixture(t)
	sam := slackUser("U0SAM")
	ctx := context.Background()
	if _, err := f.do(t, sam, "k0", "log review IPS referrals"); err != nil {
		t.Fatal(err)
	}
	before := dumpAll(t, f)
	tests := []struct {
		name, text, want string
		form             bool
	}{
		{"NUL in a log", "log share the\x00 data", "The action text contains a control character (U+0000) at character 10", false},
		{"bell in a log", "log share \x07the data", "control character (U+0007)", false},
		{"escape in a note", "note 1 chased \x1b[31mred", "The note contains a control character (U+001B)", false},
		{"DEL in a note", "note 1 chased\x7f", "control character (U+007F)", false},
		{"C1 control", "log share the data\u0085 now", "control character (U+0085)", false},
		{"lone carriage return", "log share\rthe data", "control character (U+000D)", false},
		{"right-to-left override", "log share the \u202edata", "invisible direction control (U+202E)", false},
		{"left-to-right isolate in a note", "note 1 chased \u2066again\u2069", "The note contains an invisible direction control (U+2066)", false},
		{"NUL in the form", "share the\x00 data", "The action text contains a control character (U+0000)", true},
		{"override in the form", "share \u202dthe data", "invisible direction control (U+202D)", true},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.form {
				_, err = f.svc.LogFromForm(ctx, handlers.Request{Text: tt.text, User: sam, Key: fmt.Sprint("v", i)}, handlers.LogForm{Text: tt.text})
			} else {
				_, err = f.do(t, sam, fmt.Sprint("k", i+1), tt.text)
			}
			if handlers.ErrorCode(err) != handlers.EInvalid || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err %v, want it to say %q", err, tt.want)
			}
			if after := dumpAll(t, f); after != before {
				t.Errorf("stored something:\n%s", after)
			}
		})
	}
	// Tabs and newlines (also as CRLF) are what a multi-line form sends: kept.
	text := "line one\r\nline two\twith a tab\nline three"
	if _, err := f.svc.LogFromForm(ctx, handlers.Request{Text: text, User: sam, Key: "v-ok"}, handlers.LogForm{Text: text}); err != nil {
		t.Fatalf("form with tabs and newlines: %v", err)
	}
	if a, err := f.db.GetAction(ctx, 2); err != nil || a.Text != text {
		t.Errorf("stored %q, %v; want %q", a.Text, err, text)
	}
}

// Length limits count characters, as the messages say, not bytes.
func TestLengthsCountCharacters(t *testing.T) {
	f := newFixture(t)
	sam := slackUser("U0SAM")
	for _, ch := range []string{"é", "€", "😀"} {
		if _, err := f.do(t, sam, "k-"+ch, "log "+strings.Repeat(ch, handlers.MaxActionText)); err != nil {
			t.Errorf("%d × %q (%d bytes): %v", handlers.MaxActionText, ch, handlers.MaxActionText*len(ch), err)
		}
	}
	before := dumpAll(t, f)
	_, err := f.do(t, sam, "k-long", "log "+strings.Repeat("€", handlers.MaxActionText+1))
	if err == nil || !strings.Contains(err.Error(), "That is 3001 characters; an action can be at most 3000") {
		t.Errorf("3001 characters: %v", err)
	}
	_, err = f.do(t, sam, "k-note", "note 1 "+strings.Repeat("😀", handlers.MaxActionText+1))
	if err == nil || !strings.Contains(err.Error(), "That note is 3001 characters; a note can be at most 3000") {
		t.Errorf("3001-character note: %v", err)
	}
	if dumpAll(t, f) != before {
		t.Error("an over-long text stored something")
	}
	if _, err := f.do(t, sam, "k-note-ok", "note 1 "+strings.Repeat("😀", handlers.MaxActionText)); err != nil {
		t.Errorf("3000-character note: %v", err)
	}
}
