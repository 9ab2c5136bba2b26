package grammar

import (
	"strings"
	"testing"
	"unicode/utf8"

	"frontdoor/handlers"
)

// FuzzParseCommand checks the grammar on any text: it never panics, a parse
// either succeeds with a known command or fails with a user-safe *Error, and
// what it keeps of the user's text is taken from that text.
func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{
		"", "help", "help who funds", "/fd who funds care leavers in Liverpool as of 31/03/2026",
		"who fudns over 50s", "what does DWP fund?", "funds GMCA as of 2025-06-01",
		"log DWP to share data with the ICB <@U123ABC|sam> by Friday", "done #42", "assign 3 @kim",
		"due 4 by 1/12", "note 7 as of today nothing", "overlaps for over 50s in Bolton",
		"ending in South Yorkshire within 30 days", "digest as of 2026-01-12", "actions due this week",
		"who funds neets as of 31/02/2026", "area \x00", "programme " + strings.Repeat("x", 200),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		cmd, err := Parse(text)
		if err != nil {
			var e *handlers.Error
			if code := handlers.ErrorCode(err); code != handlers.EInvalid {
				t.Fatalf("ParseCommand(%q): code %q, want invalid", text, code)
			}
			_ = e
			if handlers.ErrorMessage(err) == "" {
				t.Fatalf("ParseCommand(%q): empty message", text)
			}
			return
		}
		known := false
		for _, v := range verbs {
			if v.name == cmd.Name {
				known = true
			}
		}
		if !known {
			t.Fatalf("ParseCommand(%q) = unknown command %q", text, cmd.Name)
		}
		for _, part := range []string{cmd.Subject, cmd.Area, cmd.For, cmd.Text} {
			if part != "" && cmd.Name != CmdHelp && !strings.Contains(text, part) {
				t.Fatalf("ParseCommand(%q): slot %q is not part of the text", text, part)
			}
		}
		if utf8.ValidString(text) && cmd.Number < 0 {
			t.Fatalf("negative action number from %q", text)
		}
		if !cmd.AsOf.IsZero() {
			if y, _, _ := cmd.AsOf.YMD(); y < 1 || y > 9999 {
				t.Fatalf("as-of year %d from %q", y, text)
			}
		}
	})
}
