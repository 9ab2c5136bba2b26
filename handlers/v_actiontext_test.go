package handlers

import (
	"reflect"
	"testing"
)

func TestActionText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want Rich
	}{
		{"plain", "share the data", 100, R(T("share the data"))},
		{"mention with name", "ask <@U0SAM|sam> today", 100, R(T("ask "), M("U0SAM", "sam"), T(" today"))},
		{"mention without name", "<@W123ABC> to chase", 100, R(M("W123ABC", "W123ABC"), T(" to chase"))},
		{"channel", "see <#C123|unit-chat>", 100, R(T("see "), T("#unit-chat"))},
		{"special mention is words", "tell <!here> and <!subteam^S1|@dwp-team>", 100, R(T("tell "), T("@here"), T(" and "), T("@dwp-team"))},
		{"typed link", "read <https://gov.uk/x|the guidance>", 100, R(T("read "), T("the guidance ("), L("https://gov.uk/x", "https://gov.uk/x"), T(")"))},
		{"pasted link", "see <https://gov.uk/x|gov.uk/x>", 100, R(T("see "), L("gov.uk/x", "https://gov.uk/x"))},
		{"link labelled as another address", "see <https://evil.example/p|https://www.gov.uk/guidance>", 100,
			R(T("see "), L("https://evil.example/p", "https://evil.example/p"))},
		{"bare link", "see <https://gov.uk/x>", 100, R(T("see "), L("https://gov.uk/x", "https://gov.uk/x"))},
		{"not a token", "a <b> c", 100, R(T("a <b> c"))},
		{"clipped", "abcdefghij <@U0SAM|sam>", 5, R(T("abcd…"))},
		{"spaces folded", "a\n\n b", 100, R(T("a b"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := actionText(tt.in, tt.max); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("actionText(%q) = %#v, want %#v", tt.in, got, tt.want)
			}
		})
	}
}
