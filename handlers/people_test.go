package handlers_test

import (
	"context"
	"testing"

	h "frontdoor/handlers"
)

func TestIsSlackUserID(t *testing.T) {
	for _, tt := range []struct {
		id   string
		want bool
	}{
		{"U0123ABCD", true}, {"W123ABC", true}, {"U0SAM", true}, {"U01SAMPLE1", true},
		{"U1", false},         // too short
		{"UKG", false},        // a word in capitals: no digit
		{"WORK", false},       // likewise
		{"u0123abcd", false},  // Slack writes ids in capitals
		{"C0123ABCD", false},  // a channel
		{"U0123-ABCD", false}, // not a letter or digit
		{"U" + "0123456789ABCDEFGHIJ", true},
		{"U" + "0123456789ABCDEFGHIJK", false}, // too long
		{"sam", false}, {"", false}, {"C0UNIT", false}, {"U", false}, {"u0sam", false},
	} {
		if got := h.IsSlackUserID(tt.id); got != tt.want {
			t.Errorf("IsSlackUserID(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
}

func TestConsolePeople(t *testing.T) {
	var p h.People = h.ConsolePeople{}
	if id, ok := p.Typed("sam"); !ok || id != "sam" {
		t.Errorf("Typed(sam) = %q, %v; want sam, true: at a console a name is the person", id, ok)
	}
	if name, err := p.Lookup(context.Background(), "sam"); name != "" || err != nil {
		t.Errorf("Lookup = %q, %v; want no name and no error: there is no directory", name, err)
	}
	if !p.MayWrite(h.Person{ID: "sam"}) || p.MayWrite(h.Person{}) {
		t.Error("MayWrite: a named person may write, nobody unnamed may")
	}
}
