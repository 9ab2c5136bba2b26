package handlers

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Button action ids that transports route back to commands.
const (
	ButtonDone   = "action_done"
	ButtonReopen = "action_reopen"
)

// who renders a person: a mention when the id is a Slack user id, else the name.
func who(id, name string) Span {
	if IsSlackUserID(id) {
		if name == "" {
			name = id
		}
		return M(id, name)
	}
	if name == "" {
		name = id
	}
	return T(name)
}

// dueText describes a due date relative to today: "27 Nov (overdue)".
func dueText(a *Action, today Date) string {
	if a.Due.IsZero() {
		return "no due date"
	}
	y, _, _ := today.YMD()
	s := a.Due.Time().Format("Mon ") + a.Due.UKShort(y)
	switch {
	case a.Overdue(today):
		n := int(today - a.Due)
		return fmt.Sprintf("%s (overdue by %s)", s, plural(n, "day", "days"))
	case a.Open() && a.Due == today:
		return s + " (today)"
	}
	return s
}

// TagNamer names an action's tags as the register names them (*index.Index).
type TagNamer interface {
	TagName(t Tag) string
}

// tagNames returns the display names of an action's tags, agencies first.
func tagNames(ix TagNamer, a *Action) []string {
	var names []string
	for _, kind := range []string{TagAgency, TagProgramme, TagCohort} {
		for _, id := range a.TagIDs(kind) {
			names = append(names, ix.TagName(Tag{Kind: kind, ID: id}))
		}
	}
	return names
}

// ActionReply is the shared record of one action after a write: posted to the channel.
func ActionReply(ix TagNamer, a *Action, today Date, verb string) Reply {
	ref := "#" + strconv.FormatInt(a.ID, 10)
	fields := []Field{
		{Label: "Owner", Value: R(who(a.OwnerID, a.OwnerName))},
		{Label: "Due", Value: Line(dueText(a, today))},
	}
	if tags := tagNames(ix, a); len(tags) > 0 {
		fields = append(fields, Field{Label: "About", Value: Line(strings.Join(tags, ", "))})
	}
	if a.Status != ActionOpen {
		fields = append(fields, Field{Label: "Status", Value: Line(a.Status)})
	}
	head := R(B(verb+" "+ref), T(": "))
	blocks := []Block{
		Section{Lines: []Rich{append(head, actionTextFit(a.Text, MaxActionText, sectionBudget-mrkdwnLen(head))...)}, Fields: fields},
	}
	var buttons []Button
	switch a.Status {
	case ActionOpen:
		buttons = append(buttons, Button{Text: "Done", ActionID: ButtonDone, Value: strconv.FormatInt(a.ID, 10), Style: "primary"})
	case ActionDone:
		buttons = append(buttons, Button{Text: "Reopen", ActionID: ButtonReopen, Value: strconv.FormatInt(a.ID, 10)})
	}
	if len(buttons) > 0 {
		blocks = append(blocks, Actions{Buttons: buttons})
	}
	blocks = append(blocks, Context{Items: []Rich{R(C("action "+strconv.FormatInt(a.ID, 10)), T(" shows its history · "), C("actions"), T(" lists what is open"))}})
	return Reply{
		Text:       fmt.Sprintf("%s %s: %s (owner %s, %s)", verb, ref, PlainRich(actionText(a.Text, 200)), PlainRich(R(who(a.OwnerID, a.OwnerName))), dueText(a, today)),
		Blocks:     blocks,
		Visibility: Channel,
	}
}

// clip shortens typed text to one line of at most n characters, ending with
// "…" when cut, never cut so that it reads as a resident's identifier.
func clip(s string, n int) string {
	return clipUserText(strings.Join(strings.Fields(s), " "), n)
}

// ActionsReply lists actions: the first of total that matched, under title
// ("open actions owned by you").
func ActionsReply(ix TagNamer, list []Action, total int, title string, today Date) Reply {
	if total == 0 {
		return Reply{Text: "No " + title + ".", Blocks: []Block{
			Section{Lines: []Rich{Line("No " + title + ".")}},
			Context{Items: []Rich{R(T("Log one with "), C("log <what> @owner by <date>"), T("."))}},
		}}
	}
	var lines []Rich
	for i := range list {
		lines = append(lines, actionLine(ix, &list[i], today))
	}
	blocks := []Block{Header{Text: fmt.Sprintf("%s (%d)", capitalise(title), total)}}
	blocks = append(blocks, packLines(lines)...)
	if total > len(list) {
		blocks = append(blocks, Context{Items: []Rich{R(T(fmt.Sprintf("…and %d more. Narrow it: ", total-len(list))), C("actions mine"), T(", "), C("actions overdue"), T(", "), C("actions DWP"), T("."))}})
	}
	return Reply{Text: fmt.Sprintf("%d %s", total, title), Blocks: blocks, Shareable: true}
}

// actionLine is one compact line: number, text, owner, due, agencies.
func actionLine(ix TagNamer, a *Action, today Date) Rich {
	r := append(R(B("#"+strconv.FormatInt(a.ID, 10)), T(" ")), actionText(a.Text, 110)...)
	r = append(r, T(" — "), who(a.OwnerID, a.OwnerName), T(" · "+dueText(a, today)))
	if a.Status != ActionOpen {
		r = append(r, T(" · "+a.Status))
	}
	var agencies []string
	for _, id := range a.TagIDs(TagAgency) {
		agencies = append(agencies, ix.TagName(Tag{Kind: TagAgency, ID: id}))
	}
	if len(agencies) > 0 {
		r = append(r, T(" · "+strings.Join(agencies, ", ")))
	}
	return r
}

// ActionCardReply is the answer to `action <n>`: the action with its full
// history, times in loc.
func ActionCardReply(ix TagNamer, a *Action, history []AuditEntry, today Date, loc *time.Location) Reply {
	reply := ActionReply(ix, a, today, "Action")
	reply.Visibility = Private
	reply.Shareable = true
	var lines []Rich
	for _, h := range history {
		lines = append(lines, historyLine(h, loc))
	}
	if len(lines) > 0 {
		hist := []Block{Section{Lines: []Rich{R(B("History"))}}}
		if len(lines) > 40 {
			omitted := len(lines) - 40
			lines = append(lines[:20], append([]Rich{Line(fmt.Sprintf("… %d more changes …", omitted))}, lines[len(lines)-20:]...)...)
		}
		hist = append(hist, packLines(lines)...)
		// History goes before the buttons and hint.
		out := []Block{reply.Blocks[0]}
		out = append(out, hist...)
		reply.Blocks = append(out, reply.Blocks[1:]...)
	}
	return reply
}

// historyLine describes one audit row of an action.
func historyLine(h AuditEntry, loc *time.Location) Rich {
	when := h.At.In(loc).Format("2 Jan 2006 15:04")
	what := strings.TrimPrefix(h.Kind, "action.")
	var before, after Action
	_ = json.Unmarshal(h.Before, &before)
	_ = json.Unmarshal(h.After, &after)
	switch what {
	case "create":
		what = "logged"
	case "done":
		what = "marked done"
	case "reopen":
		what = "reopened"
	case "delete":
		what = "deleted"
	case "assign":
		what = "reassigned from " + PlainRich(R(who(before.OwnerID, before.OwnerName))) + " to " + PlainRich(R(who(after.OwnerID, after.OwnerName)))
	case "due":
		b, a := "none", "none"
		if !before.Due.IsZero() {
			b = before.Due.UK()
		}
		if !after.Due.IsZero() {
			a = after.Due.UK()
		}
		what = "due date " + b + " → " + a
	case "note":
		what = "note: " + clip(h.Detail, 300)
	}
	line := R(T(when+" · "), who(h.Actor, ""), T(" · "+what))
	if h.Outcome == OutcomeRefused {
		line = append(line, I(" (refused: "+clip(h.Detail, 200)+")"))
	}
	return line
}

// DueNote is the line a reply adds when the due date needs a word (a date without
// a year read as next year's, a date already past, "ASAP"): due's note and how to
// change it.
func DueNote(note string, id int64, undated bool) Block {
	cmd := C(fmt.Sprintf("due %d <date>", id))
	if undated {
		return Context{Items: []Rich{R(T("⚠ "+note+" Set one with "), cmd, T(" when it is known."))}}
	}
	return Context{Items: []Rich{R(T("⚠ "+note+" Change it with "), cmd, T(" if need be."))}}
}
