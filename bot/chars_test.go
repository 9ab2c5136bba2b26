package bot

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"frontdoor/handlers"
)

// Slack's limits are in characters: a multibyte text exactly at a limit goes
// out whole, one character more is cut to the limit, whatever its bytes.
func TestRenderedLimitsCountCharacters(t *testing.T) {
	tests := []struct {
		name  string
		chars string // one character of several bytes
		limit int
		text  func(Message) string
	}{
		{"header, two-byte ŵ", "ŵ", MaxHeaderText, func(m Message) string {
			return m.Blocks.BlockSet[0].(*slack.HeaderBlock).Text.Text
		}},
		{"header, four-byte emoji", "😀", MaxHeaderText, func(m Message) string {
			return m.Blocks.BlockSet[0].(*slack.HeaderBlock).Text.Text
		}},
		{"section, two-byte é", "é", MaxSectionText, func(m Message) string {
			return m.Blocks.BlockSet[1].(*slack.SectionBlock).Text.Text
		}},
		{"section, three-byte …", "…", MaxSectionText, func(m Message) string {
			return m.Blocks.BlockSet[1].(*slack.SectionBlock).Text.Text
		}},
	}
	for _, tt := range tests {
		for _, extra := range []int{0, 1} {
			n := tt.limit + extra
			t.Run(tt.name+map[int]string{0: " at the limit", 1: " one over"}[extra], func(t *testing.T) {
				s := strings.Repeat(tt.chars, n)
				r := handlers.Reply{Blocks: []handlers.Block{handlers.Header{Text: s}, handlers.Section{Lines: []handlers.Rich{handlers.Line(s)}}}}
				msg := RenderMessage(r)
				if p := CheckLimits(msg); len(p) > 0 {
					t.Fatalf("limits: %v", p)
				}
				got := tt.text(msg)
				if extra == 0 && got != s {
					t.Errorf("%d characters (%d bytes) at a limit of %d were cut to %d characters", n, len(s), tt.limit, textLen(got))
				}
				if extra == 1 && (textLen(got) != tt.limit || !strings.HasSuffix(got, ellipsis)) {
					t.Errorf("%d characters over a limit of %d: got %d characters, ending %q", n, tt.limit, textLen(got), got[len(got)-8:])
				}
			})
		}
	}
}

// A command of 2,000 two-byte characters still fits a button's value (2,000
// characters), so its reply keeps the Share button; one more does not.
func TestShareButtonValueCountsCharacters(t *testing.T) {
	for _, tt := range []struct {
		n      int
		button bool
	}{{MaxButtonValue, true}, {MaxButtonValue + 1, false}} {
		cmd := strings.Repeat("é", tt.n)
		r := handlers.Reply{Text: "x", Blocks: []handlers.Block{handlers.Section{Lines: []handlers.Rich{handlers.Line("x")}}},
			Shareable: true, ShareCommand: cmd}
		blocks := RenderMessage(r).Blocks.BlockSet
		_, has := blocks[len(blocks)-1].(*slack.ActionBlock)
		if has != tt.button {
			t.Errorf("a command of %d characters (%d bytes): share button %v, want %v", tt.n, len(cmd), has, tt.button)
		}
	}
}

func TestClipCountsCharacters(t *testing.T) {
	tests := []struct {
		in    string
		limit int
		want  string
	}{
		{strings.Repeat("ł", 75), 75, strings.Repeat("ł", 75)},
		{strings.Repeat("ł", 76), 75, strings.Repeat("ł", 74) + "…"},
		{"Ysgol   Gymraeg\nCaerdydd", 100, "Ysgol Gymraeg Caerdydd"},
		{"😀😀😀", 2, "😀…"},
	}
	for _, tt := range tests {
		if got := clip(tt.in, tt.limit); got != tt.want {
			t.Errorf("clip(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
		}
	}
	meta := modalMeta{Channel: "C1", Link: "https://example.gov.uk/" + strings.Repeat("é", 2900)}.encode()
	if !strings.Contains(meta, `"l":`) {
		t.Errorf("metadata of about 2,950 characters (over 5,800 bytes) lost its link: %.80s", meta)
	}
}
