package bot

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

func limitPlain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, true, false)
}

func limitMsg(blocks ...slack.Block) Message {
	return Message{Text: "fallback", Blocks: slack.Blocks{BlockSet: blocks}, ResponseType: slack.ResponseTypeEphemeral}
}

func limitButton(text, actionID, value, url string) *slack.ButtonBlockElement {
	b := slack.NewButtonBlockElement(actionID, value, limitPlain(text))
	b.URL = url
	return b
}

func limitSection(text string) *slack.SectionBlock {
	return slack.NewSectionBlock(mrkdwnText(text), nil, nil)
}

func limitRepeat(n int, b slack.Block) []slack.Block {
	out := make([]slack.Block, n)
	for i := range out {
		out[i] = b
	}
	return out
}

func limitFields(n int, text string) []*slack.TextBlockObject {
	out := make([]*slack.TextBlockObject, n)
	for i := range out {
		out[i] = mrkdwnText(text)
	}
	return out
}

func limitContext(n int, text string) *slack.ContextBlock {
	els := make([]slack.MixedElement, n)
	for i := range els {
		els[i] = mrkdwnText(text)
	}
	return slack.NewContextBlock("", els...)
}

func limitActions(n int) *slack.ActionBlock {
	els := make([]slack.BlockElement, n)
	for i := range els {
		els[i] = limitButton("b", "a"+strings.Repeat("x", i), "", "")
	}
	return slack.NewActionBlock("", els...)
}

// TestCheckLimitsCatchesEachViolation builds, by hand, a message that breaks
// each limit once (and one just inside it), and expects exactly the right complaint.
func TestCheckLimitsCatchesEachViolation(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	tests := []struct {
		name string
		msg  Message
		want string // a substring of the one problem expected; "" for none
	}{
		{"valid", limitMsg(slack.NewHeaderBlock(limitPlain("h")), limitSection("s"), slack.NewDividerBlock(), limitContext(1, "c"), limitActions(1)), ""},
		{"50 blocks", limitMsg(limitRepeat(50, slack.NewDividerBlock())...), ""},
		{"51 blocks", limitMsg(limitRepeat(51, slack.NewDividerBlock())...), "blocks: 51, limit 50"},
		{"section text 3000", limitMsg(limitSection(long(3000))), ""},
		{"section text 3001", limitMsg(limitSection(long(3001))), "text 3001 chars, limit 3000"},
		// Slack's limits are characters: multibyte text at the limit passes, one more fails.
		{"section text 3000 two-byte chars", limitMsg(limitSection(strings.Repeat("é", 3000))), ""},
		{"section text 3000 emoji", limitMsg(limitSection(strings.Repeat("😀", 3000))), ""},
		{"section text 3001 emoji", limitMsg(limitSection(strings.Repeat("😀", 3001))), "text 3001 chars, limit 3000"},
		{"header 150 Welsh", limitMsg(slack.NewHeaderBlock(limitPlain(strings.Repeat("ŵ", 150)))), ""},
		{"header 151 Welsh", limitMsg(slack.NewHeaderBlock(limitPlain(strings.Repeat("ŵ", 151)))), "text 151 chars, limit 150"},
		{"button text 75 pound signs", limitMsg(slack.NewActionBlock("", limitButton(strings.Repeat("£", 75), "a", "", ""))), ""},
		{"button value 2000 of three bytes", limitMsg(slack.NewActionBlock("", limitButton("b", "a", strings.Repeat("…", 2000), ""))), ""},
		{"message text 40000 emoji", Message{Text: strings.Repeat("😀", 40_000), Blocks: limitMsg(limitSection("s")).Blocks}, ""},
		{"section empty text", limitMsg(limitSection(" ")), "empty text"},
		{"section nothing", limitMsg(slack.NewSectionBlock(nil, nil, nil)), "neither text nor fields"},
		{"10 fields", limitMsg(slack.NewSectionBlock(nil, limitFields(10, "f"), nil)), ""},
		{"11 fields", limitMsg(slack.NewSectionBlock(nil, limitFields(11, "f"), nil)), "11 fields, limit 10"},
		{"field 2000", limitMsg(slack.NewSectionBlock(nil, limitFields(1, long(2000)), nil)), ""},
		{"field 2001", limitMsg(slack.NewSectionBlock(nil, limitFields(1, long(2001)), nil)), "field 0: text 2001 chars, limit 2000"},
		{"header 150", limitMsg(slack.NewHeaderBlock(limitPlain(long(150)))), ""},
		{"header 151", limitMsg(slack.NewHeaderBlock(limitPlain(long(151)))), "text 151 chars, limit 150"},
		{"header mrkdwn", limitMsg(slack.NewHeaderBlock(mrkdwnText("h"))), `must be "plain_text"`},
		{"header empty", limitMsg(slack.NewHeaderBlock(limitPlain(""))), "empty text"},
		{"header no text", limitMsg(slack.NewHeaderBlock(nil)), "no text"},
		{"10 context elements", limitMsg(limitContext(10, "c")), ""},
		{"11 context elements", limitMsg(limitContext(11, "c")), "11 elements, limit 10"},
		{"context element 3001", limitMsg(limitContext(1, long(3001))), "element 0: text 3001 chars, limit 3000"},
		{"context empty", limitMsg(slack.NewContextBlock("")), "no elements"},
		{"25 actions", limitMsg(limitActions(25)), ""},
		{"26 actions", limitMsg(limitActions(26)), "26 elements, limit 25"},
		{"actions empty", limitMsg(slack.NewActionBlock("")), "no elements"},
		{"button text 75", limitMsg(slack.NewActionBlock("", limitButton(long(75), "a", "", ""))), ""},
		{"button text 76", limitMsg(slack.NewActionBlock("", limitButton(long(76), "a", "", ""))), "button 0: text 76 chars, limit 75"},
		{"button text empty", limitMsg(slack.NewActionBlock("", limitButton("", "a", "", ""))), "button 0: empty text"},
		{"button value 2000", limitMsg(slack.NewActionBlock("", limitButton("b", "a", long(2000), ""))), ""},
		{"button value 2001", limitMsg(slack.NewActionBlock("", limitButton("b", "a", long(2001), ""))), "value 2001 chars, limit 2000"},
		{"button url 3000", limitMsg(slack.NewActionBlock("", limitButton("b", "a", "", long(3000)))), ""},
		{"button url 3001", limitMsg(slack.NewActionBlock("", limitButton("b", "a", "", long(3001)))), "url 3001 chars, limit 3000"},
		{"action_id 255", limitMsg(slack.NewActionBlock("", limitButton("b", long(255), "", ""))), ""},
		{"action_id 256", limitMsg(slack.NewActionBlock("", limitButton("b", long(256), "", ""))), "action_id 256 chars, limit 255"},
		{"action_id repeated", limitMsg(slack.NewActionBlock("", limitButton("b", "a", "", ""), limitButton("c", "a", "", ""))), `action_id "a" already used by button 0`},
		{"button style", limitMsg(slack.NewActionBlock("", limitButton("b", "a", "", "").WithStyle("green"))), `style "green"`},
		{"block_id 255", limitMsg(slack.NewDividerBlock(), slack.NewContextBlock(long(255), mrkdwnText("c"))), ""},
		{"block_id 256", limitMsg(slack.NewContextBlock(long(256), mrkdwnText("c"))), "block_id 256 chars, limit 255"},
		{"block_id repeated", limitMsg(slack.NewContextBlock("x", mrkdwnText("c")), slack.NewActionBlock("x", limitButton("b", "a", "", ""))), `block_id "x" already used by block 0`},
		{"nil block", limitMsg(nil), "block 0: nil"},
		{"text type", limitMsg(slack.NewSectionBlock(&slack.TextBlockObject{Type: "html", Text: "x"}, nil, nil)), `text type "html"`},
		{"message text 40000", Message{Text: long(40_000), Blocks: limitMsg(limitSection("s")).Blocks}, ""},
		{"message text 40001", Message{Text: long(40_001), Blocks: limitMsg(limitSection("s")).Blocks}, "text: 40001 chars, limit 40000"},
		{"message text empty", Message{Text: "  ", Blocks: limitMsg(limitSection("s")).Blocks}, "text: empty"},
		{"response type", Message{Text: "t", Blocks: limitMsg(limitSection("s")).Blocks, ResponseType: "channel"}, `response_type: "channel"`},
		{"value blocks checked too", limitMsg(slack.SectionBlock{Type: slack.MBTSection, Text: mrkdwnText(long(3001))}), "text 3001 chars, limit 3000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems := CheckLimits(tt.msg)
			if tt.want == "" {
				if len(problems) > 0 {
					t.Errorf("want no problems, got %q", problems)
				}
				return
			}
			if len(problems) != 1 || !strings.Contains(problems[0], tt.want) {
				t.Errorf("want one problem containing %q, got %q", tt.want, problems)
			}
		})
	}
}

func TestCheckBlocksViewLimit(t *testing.T) {
	blocks := limitRepeat(100, slack.NewDividerBlock())
	if p := CheckBlocks(blocks, MaxViewBlocks); len(p) != 0 {
		t.Errorf("100 blocks in a view: %q", p)
	}
	if p := CheckBlocks(append(blocks, slack.NewDividerBlock()), MaxViewBlocks); len(p) != 1 || !strings.Contains(p[0], "blocks: 101, limit 100") {
		t.Errorf("101 blocks in a view: %q", p)
	}
	if p := CheckBlocks(blocks, MaxMessageBlocks); len(p) != 1 {
		t.Errorf("100 blocks in a message: %q", p)
	}
}

func TestTextLen(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"£1.2m", 5},
		{"…", 1},
		{"😀", 1},
		{"é", 1},
		{"e\u0301", 2}, // a combining accent is a character of its own
		{"\u200b<", 2},
		{"\xff", 1},
	}
	for _, tt := range tests {
		if got := textLen(tt.in); got != tt.want {
			t.Errorf("textLen(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
