package bot

import (
	"frontdoor/handlers"
	"frontdoor/handlers/view"
)

// Budget is what one Slack message may hold, given to the core
// (command.Options.Budget) so that it lays every reply out within Slack's
// limits and the renderer never has to cut one: a lookup's reply leaves room
// under MaxMessageBlocks (50) for the share button and a notice, a digest
// message stays at 45 blocks, and a section under the 3,000 characters of
// section text by the mrkdwn estimate below. CheckLimits checks the result.
var Budget = view.Budget{Blocks: 44, MessageBlocks: 45, Section: 2800, Cost: mrkdwnCost}

// mrkdwnCost estimates the length of a line once rendered as Slack mrkdwn:
// escaped text, style marks and link markup. It errs on the long side, so
// sections packed with it stay within Slack's 3,000 characters.
func mrkdwnCost(r handlers.Rich) int {
	n := 0
	for _, s := range r {
		for _, c := range s.Text {
			switch c {
			case '&':
				n += 5
			case '<', '>':
				n += 4
			default:
				n += utf16Units(c)
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

func utf16Units(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}
