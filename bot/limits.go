package bot

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// Slack's Block Kit limits (see docs/slack-platform.md). A message over any of them is
// refused with invalid_blocks, so the renderer keeps under every one and
// CheckLimits proves it.
const (
	MaxMessageBlocks   = 50     // blocks in a message
	MaxViewBlocks      = 100    // blocks in a modal or App Home view
	MaxSectionText     = 3000   // a section's text
	MaxSectionFields   = 10     // fields in one section
	MaxFieldText       = 2000   // one section field
	MaxHeaderText      = 150    // a header's plain text
	MaxContextElements = 10     // elements in a context block
	MaxTextObject      = 3000   // any other text object, such as a context element
	MaxActionsElements = 25     // elements in an actions block
	MaxButtonText      = 75     // a button's label
	MaxButtonValue     = 2000   // a button's value
	MaxButtonURL       = 3000   // a link button's address
	MaxID              = 255    // action_id, block_id, callback_id
	MaxMessageText     = 40_000 // the top-level text (Slack truncates past it)
)

// textLen is the length Slack's limits are checked against: characters
// (Unicode code points), as Slack documents its limits and as the problems
// below say. Not bytes: "é" is one character and two bytes, "😀" one and
// four. A byte that is not UTF-8 counts one, as Slack would see U+FFFD.
func textLen(s string) int { return utf8.RuneCountInString(s) }

// CheckLimits lists every way msg breaks a Slack limit for a message; an
// empty result means Slack will accept its shape.
func CheckLimits(msg Message) []string {
	var problems []string
	if strings.TrimSpace(msg.Text) == "" {
		problems = append(problems, "text: empty (the notification and screen-reader fallback must be set)")
	}
	if n := textLen(msg.Text); n > MaxMessageText {
		problems = append(problems, fmt.Sprintf("text: %d chars, limit %d", n, MaxMessageText))
	}
	switch msg.ResponseType {
	case "", slack.ResponseTypeEphemeral, slack.ResponseTypeInChannel:
	default:
		problems = append(problems, fmt.Sprintf("response_type: %q is neither %q nor %q",
			msg.ResponseType, slack.ResponseTypeEphemeral, slack.ResponseTypeInChannel))
	}
	return append(problems, CheckBlocks(msg.Blocks.BlockSet, MaxMessageBlocks)...)
}

// CheckBlocks lists every way blocks break Slack's limits, allowing maxBlocks
// blocks (MaxMessageBlocks for a message, MaxViewBlocks for a modal or App
// Home). Header, section, context, divider and actions blocks are checked in
// full, and charts and tables (limits_charts.go); any other kind only for its
// block_id.
func CheckBlocks(blocks []slack.Block, maxBlocks int) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if len(blocks) > maxBlocks {
		add("blocks: %d, limit %d", len(blocks), maxBlocks)
	}
	blockIDs := map[string]int{}
	for i, b := range blocks {
		if b == nil {
			add("block %d: nil", i)
			continue
		}
		where := fmt.Sprintf("block %d (%s)", i, b.BlockType())
		if id := b.ID(); id != "" {
			if n := textLen(id); n > MaxID {
				add("%s: block_id %d chars, limit %d", where, n, MaxID)
			}
			if j, dup := blockIDs[id]; dup {
				add("%s: block_id %q already used by block %d", where, id, j)
			}
			blockIDs[id] = i
		}
		switch b := b.(type) {
		case *slack.HeaderBlock:
			problems = append(problems, checkHeader(where, b)...)
		case slack.HeaderBlock:
			problems = append(problems, checkHeader(where, &b)...)
		case *slack.SectionBlock:
			problems = append(problems, checkSection(where, b)...)
		case slack.SectionBlock:
			problems = append(problems, checkSection(where, &b)...)
		case *slack.ContextBlock:
			problems = append(problems, checkContext(where, b)...)
		case slack.ContextBlock:
			problems = append(problems, checkContext(where, &b)...)
		case *slack.ActionBlock:
			problems = append(problems, checkActions(where, b)...)
		case slack.ActionBlock:
			problems = append(problems, checkActions(where, &b)...)
		}
	}
	return append(problems, checkRichBlocks(blocks)...)
}

// checkText checks one text object: present, of a known type, not blank and
// within limit.
func checkText(where string, t *slack.TextBlockObject, limit int, plainOnly bool) []string {
	if t == nil {
		return []string{where + ": no text"}
	}
	var problems []string
	switch {
	case t.Type == slack.PlainTextType:
	case t.Type == slack.MarkdownType && !plainOnly:
	case plainOnly:
		problems = append(problems, fmt.Sprintf("%s: text type %q, must be %q", where, t.Type, slack.PlainTextType))
	default:
		problems = append(problems, fmt.Sprintf("%s: text type %q is neither %q nor %q", where, t.Type, slack.PlainTextType, slack.MarkdownType))
	}
	if strings.TrimSpace(t.Text) == "" {
		problems = append(problems, where+": empty text")
	}
	if n := textLen(t.Text); n > limit {
		problems = append(problems, fmt.Sprintf("%s: text %d chars, limit %d", where, n, limit))
	}
	return problems
}

func checkHeader(where string, b *slack.HeaderBlock) []string {
	return checkText(where, b.Text, MaxHeaderText, true)
}

func checkSection(where string, b *slack.SectionBlock) []string {
	var problems []string
	if b.Text == nil && len(b.Fields) == 0 {
		problems = append(problems, where+": neither text nor fields")
	}
	if b.Text != nil {
		problems = append(problems, checkText(where, b.Text, MaxSectionText, false)...)
	}
	if len(b.Fields) > MaxSectionFields {
		problems = append(problems, fmt.Sprintf("%s: %d fields, limit %d", where, len(b.Fields), MaxSectionFields))
	}
	for j, f := range b.Fields {
		problems = append(problems, checkText(fmt.Sprintf("%s field %d", where, j), f, MaxFieldText, false)...)
	}
	return problems
}

func checkContext(where string, b *slack.ContextBlock) []string {
	var problems []string
	els := b.ContextElements.Elements
	if len(els) == 0 {
		problems = append(problems, where+": no elements")
	}
	if len(els) > MaxContextElements {
		problems = append(problems, fmt.Sprintf("%s: %d elements, limit %d", where, len(els), MaxContextElements))
	}
	for j, el := range els {
		if t, ok := el.(*slack.TextBlockObject); ok {
			problems = append(problems, checkText(fmt.Sprintf("%s element %d", where, j), t, MaxTextObject, false)...)
		}
	}
	return problems
}

func checkActions(where string, b *slack.ActionBlock) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	var els []slack.BlockElement
	if b.Elements != nil {
		els = b.Elements.ElementSet
	}
	if len(els) == 0 {
		add("%s: no elements", where)
	}
	if len(els) > MaxActionsElements {
		add("%s: %d elements, limit %d", where, len(els), MaxActionsElements)
	}
	actionIDs := map[string]int{}
	for j, el := range els {
		btn, ok := el.(*slack.ButtonBlockElement)
		if !ok {
			continue
		}
		at := fmt.Sprintf("%s button %d", where, j)
		problems = append(problems, checkText(at, btn.Text, MaxButtonText, true)...)
		if n := textLen(btn.Value); n > MaxButtonValue {
			add("%s: value %d chars, limit %d", at, n, MaxButtonValue)
		}
		if n := textLen(btn.URL); n > MaxButtonURL {
			add("%s: url %d chars, limit %d", at, n, MaxButtonURL)
		}
		if n := textLen(btn.ActionID); n > MaxID {
			add("%s: action_id %d chars, limit %d", at, n, MaxID)
		}
		// Slack refuses two elements of one block with the same action_id.
		if btn.ActionID != "" {
			if k, dup := actionIDs[btn.ActionID]; dup {
				add("%s: action_id %q already used by button %d", at, btn.ActionID, k)
			}
			actionIDs[btn.ActionID] = j
		}
		switch btn.Style {
		case slack.StyleDefault, slack.StylePrimary, slack.StyleDanger:
		default:
			add("%s: style %q is neither %q nor %q", at, btn.Style, slack.StylePrimary, slack.StyleDanger)
		}
	}
	return problems
}
