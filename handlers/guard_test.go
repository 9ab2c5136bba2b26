package handlers

import (
	"testing"
)

// Slack's ids inside mentions are Slack's, not typed numbers; a label is
// typed and is checked.
func TestSlackIDsAreNotNumbers(t *testing.T) {
	if kinds := FindIdentifiers("0123456789"); len(kinds) == 0 {
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
		if got := len(FindIdentifiers(text)) > 0; got != want {
			t.Errorf("FindIdentifiers(%q) found=%v, want %v", text, got, want)
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
