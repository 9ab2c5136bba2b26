package view

import (
	"frontdoor/handlers"
)

import ()

// mrkdwnLen estimates the length of a line once rendered as Slack mrkdwn:
// escaped text, style marks and link markup. It errs on the long side, so
// sections packed with it stay within Slack's 3,000 characters.
func mrkdwnLen(r handlers.Rich) int {
	n := 0
	for _, s := range r {
		for _, c := range s.Text {
			switch c {
			case '&':
				n += 5
			case '<', '>':
				n += 4
			default:
				n += utf16Len(c)
			}
		}
		if s.Bold {
			n += 4 // marks, and spaces a renderer may add around them
		}
		if s.Italic {
			n += 4
		}
		if s.Code {
			n += 4
		}
		if s.URL != "" {
			n += len(s.URL) + 3
		}
		if s.UserID != "" {
			n += len(s.UserID) + 4
		}
	}
	return n
}

func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// sectionBudget is what a section may hold by the estimate above, below
// Slack's 3,000 characters with room for the newlines between lines.
const sectionBudget = 2800

// packLines puts lines into as few sections as fit the budget. Lines are
// short by construction (names are clipped), so a section is seldom split.
func packLines(lines []handlers.Rich) []handlers.Block {
	var out []handlers.Block
	var cur []handlers.Rich
	size := 0
	for i, l := range lines {
		n := mrkdwnLen(l) + 1
		if len(cur) > 0 && size+n > sectionBudget {
			out = append(out, handlers.Section{Lines: cur})
			cur, size = nil, 0
		}
		if cur == nil {
			// Room for the rest at once: most sections take them all.
			cur = make([]handlers.Rich, 0, len(lines)-i)
		}
		cur = append(cur, l)
		size += n
	}
	if len(cur) > 0 {
		out = append(out, handlers.Section{Lines: cur})
	}
	return out
}
