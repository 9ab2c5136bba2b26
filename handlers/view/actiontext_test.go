package view

import (
	"reflect"
	"testing"

	"frontdoor/handlers"
)

func TestActionText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want handlers.Rich
	}{
		{"plain", "share the data", 100, handlers.R(handlers.T("share the data"))},
		{"mention with name", "ask <@U0SAM|sam> today", 100, handlers.R(handlers.T("ask "), handlers.M("U0SAM", "sam"), handlers.T(" today"))},
		{"mention without name", "<@W123ABC> to chase", 100, handlers.R(handlers.M("W123ABC", "W123ABC"), handlers.T(" to chase"))},
		{"channel", "see <#C123|unit-chat>", 100, handlers.R(handlers.T("see "), handlers.T("#unit-chat"))},
		{"special mention is words", "tell <!here> and <!subteam^S1|@dwp-team>", 100, handlers.R(handlers.T("tell "), handlers.T("@here"), handlers.T(" and "), handlers.T("@dwp-team"))},
		{"typed link", "read <https://gov.uk/x|the guidance>", 100, handlers.R(handlers.T("read "), handlers.T("the guidance ("), handlers.L("https://gov.uk/x", "https://gov.uk/x"), handlers.T(")"))},
		{"pasted link", "see <https://gov.uk/x|gov.uk/x>", 100, handlers.R(handlers.T("see "), handlers.L("gov.uk/x", "https://gov.uk/x"))},
		{"link labelled as another address", "see <https://evil.example/p|https://www.gov.uk/guidance>", 100,
			handlers.R(handlers.T("see "), handlers.L("https://evil.example/p", "https://evil.example/p"))},
		{"bare link", "see <https://gov.uk/x>", 100, handlers.R(handlers.T("see "), handlers.L("https://gov.uk/x", "https://gov.uk/x"))},
		{"not a token", "a <b> c", 100, handlers.R(handlers.T("a <b> c"))},
		{"clipped", "abcdefghij <@U0SAM|sam>", 5, handlers.R(handlers.T("abcd…"))},
		{"spaces folded", "a\n\n b", 100, handlers.R(handlers.T("a b"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ActionText(tt.in, tt.max); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("actionText(%q) = %#v, want %#v", tt.in, got, tt.want)
			}
		})
	}
}
