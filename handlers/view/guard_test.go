package view

import (
	"testing"
	"unicode/utf8"

	"frontdoor/handlers"
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
		if kinds := handlers.FindIdentifiers(text); len(kinds) != 0 {
			t.Fatalf("%q already holds %v: not a test of cutting", text, kinds)
		}
		cutMade := false
		for n := 1; n <= utf8.RuneCountInString(text); n++ {
			view := handlers.PlainRich(ActionText(text, n))
			if kinds := handlers.FindIdentifiers(view); len(kinds) != 0 {
				t.Errorf("actionText(%q, %d) = %q holds %v", text, n, view, kinds)
			}
			if kinds := handlers.FindIdentifiers(clip(text, n)); len(kinds) != 0 {
				t.Errorf("clip(%q, %d) = %q holds %v", text, n, clip(text, n), kinds)
			}
			if len(handlers.FindIdentifiers(handlers.ClipText(text, n))) > 0 {
				cutMade = true
			}
		}
		if !cutMade {
			t.Errorf("%q: no plain cut makes an identifier, so the test shows nothing", text)
		}
	}
}
