package view

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"frontdoor/handlers"
)

// Button action ids that transports route back to commands.
const (
	ButtonDone   = "action_done"
	ButtonReopen = "action_reopen"
)

// who renders a person: a mention when the id is a Slack user id, else the name.
func Who(id, name string) handlers.Span {
	if handlers.IsSlackUserID(id) {
		if name == "" {
			name = id
		}
		return handlers.M(id, name)
	}
	if name == "" {
		name = id
	}
	return handlers.T(name)
}

// dueText describes a due date relative to today: "27 Nov (overdue)".
func dueText(a *handlers.Action, today handlers.Date) string {
	if a.Due.IsZero() {
		return "no due date"
	}
	y, _, _ := today.YMD()
	s := a.Due.Time().Format("Mon ") + a.Due.UKShort(y)
	switch {
	case a.Overdue(today):
		n := int(today - a.Due)
		return fmt.Sprintf("%s (overdue by %s)", s, handlers.Plural(n, "day", "days"))
	case a.Open() && a.Due == today:
		return s + " (today)"
	}
	return s
}

// TagNamer names an action's tags as the register names them (*index.Index).
type TagNamer interface {
	TagName(t handlers.Tag) string
}

// tagNames returns the display names of an action's tags, agencies first.
func tagNames(ix TagNamer, a *handlers.Action) []string {
	var names []string
	for _, kind := range []string{handlers.TagAgency, handlers.TagProgramme, handlers.TagCohort} {
		for _, id := range a.TagIDs(kind) {
			names = append(names, ix.TagName(handlers.Tag{Kind: kind, ID: id}))
		}
	}
	return names
}

// ActionReply is the shared record of one action after a write: posted to the channel.
func ActionReply(bud Budget, ix TagNamer, a *handlers.Action, today handlers.Date, verb string) handlers.Reply {
	ref := "#" + strconv.FormatInt(a.ID, 10)
	fields := []handlers.Field{
		{Label: "Owner", Value: handlers.R(Who(a.OwnerID, a.OwnerName))},
		{Label: "Due", Value: handlers.Line(dueText(a, today))},
	}
	if tags := tagNames(ix, a); len(tags) > 0 {
		fields = append(fields, handlers.Field{Label: "About", Value: handlers.Line(strings.Join(tags, ", "))})
	}
	if a.Status != handlers.ActionOpen {
		fields = append(fields, handlers.Field{Label: "Status", Value: handlers.Line(a.Status)})
	}
	head := handlers.R(handlers.B(verb+" "+ref), handlers.T(": "))
	blocks := []handlers.Block{
		handlers.Section{Lines: []handlers.Rich{append(head, actionTextFit(bud, a.Text, handlers.MaxActionText, bud.Section-bud.Cost(head))...)}, Fields: fields},
	}
	var buttons []handlers.Button
	switch a.Status {
	case handlers.ActionOpen:
		buttons = append(buttons, handlers.Button{Text: "Done", ActionID: ButtonDone, Value: strconv.FormatInt(a.ID, 10), Style: "primary"})
	case handlers.ActionDone:
		buttons = append(buttons, handlers.Button{Text: "Reopen", ActionID: ButtonReopen, Value: strconv.FormatInt(a.ID, 10)})
	}
	if len(buttons) > 0 {
		blocks = append(blocks, handlers.Actions{Buttons: buttons})
	}
	blocks = append(blocks, handlers.Context{Items: []handlers.Rich{handlers.R(handlers.C("action "+strconv.FormatInt(a.ID, 10)), handlers.T(" shows its history · "), handlers.C("actions"), handlers.T(" lists what is open"))}})
	return handlers.Reply{
		Text:       fmt.Sprintf("%s %s: %s (owner %s, %s)", verb, ref, handlers.PlainRich(ActionText(a.Text, 200)), handlers.PlainRich(handlers.R(Who(a.OwnerID, a.OwnerName))), dueText(a, today)),
		Blocks:     blocks,
		Visibility: handlers.Channel,
	}
}

// clip shortens typed text to one line of at most n characters, ending with
// "…" when cut, never cut so that it reads as a resident's identifier.
func clip(s string, n int) string {
	return clipUserText(strings.Join(strings.Fields(s), " "), n)
}

// ActionsReply lists actions: the first of total that matched, under title
// ("open actions owned by you").
func ActionsReply(bud Budget, ix TagNamer, list []handlers.Action, total int, title string, today handlers.Date) handlers.Reply {
	if total == 0 {
		return handlers.Reply{Text: "No " + title + ".", Blocks: []handlers.Block{
			handlers.Section{Lines: []handlers.Rich{handlers.Line("No " + title + ".")}},
			handlers.Context{Items: []handlers.Rich{handlers.R(handlers.T("Log one with "), handlers.C("log <what> @owner by <date>"), handlers.T("."))}},
		}}
	}
	var lines []handlers.Rich
	for i := range list {
		lines = append(lines, actionLine(ix, &list[i], today))
	}
	blocks := []handlers.Block{handlers.Header{Text: fmt.Sprintf("%s (%d)", capitalise(title), total)}}
	blocks = append(blocks, bud.pack(lines)...)
	if total > len(list) {
		blocks = append(blocks, handlers.Context{Items: []handlers.Rich{handlers.R(handlers.T(fmt.Sprintf("…and %d more. Narrow it: ", total-len(list))), handlers.C("actions mine"), handlers.T(", "), handlers.C("actions overdue"), handlers.T(", "), handlers.C("actions DWP"), handlers.T("."))}})
	}
	return handlers.Reply{Text: fmt.Sprintf("%d %s", total, title), Blocks: blocks, Shareable: true}
}

// actionLine is one compact line: number, text, owner, due, agencies.
func actionLine(ix TagNamer, a *handlers.Action, today handlers.Date) handlers.Rich {
	r := append(handlers.R(handlers.B("#"+strconv.FormatInt(a.ID, 10)), handlers.T(" ")), ActionText(a.Text, 110)...)
	r = append(r, handlers.T(" — "), Who(a.OwnerID, a.OwnerName), handlers.T(" · "+dueText(a, today)))
	if a.Status != handlers.ActionOpen {
		r = append(r, handlers.T(" · "+a.Status))
	}
	var agencies []string
	for _, id := range a.TagIDs(handlers.TagAgency) {
		agencies = append(agencies, ix.TagName(handlers.Tag{Kind: handlers.TagAgency, ID: id}))
	}
	if len(agencies) > 0 {
		r = append(r, handlers.T(" · "+strings.Join(agencies, ", ")))
	}
	return r
}

// ActionCardReply is the answer to `action <n>`: the action with its full
// history, times in loc.
func ActionCardReply(bud Budget, ix TagNamer, a *handlers.Action, history []handlers.AuditEntry, today handlers.Date, loc *time.Location) handlers.Reply {
	reply := ActionReply(bud, ix, a, today, "Action")
	reply.Visibility = handlers.Private
	reply.Shareable = true
	var lines []handlers.Rich
	for _, h := range history {
		lines = append(lines, historyLine(h, loc))
	}
	if len(lines) > 0 {
		hist := []handlers.Block{handlers.Section{Lines: []handlers.Rich{handlers.R(handlers.B("History"))}}}
		if len(lines) > 40 {
			omitted := len(lines) - 40
			lines = append(lines[:20], append([]handlers.Rich{handlers.Line(fmt.Sprintf("… %d more changes …", omitted))}, lines[len(lines)-20:]...)...)
		}
		hist = append(hist, bud.pack(lines)...)
		// History goes before the buttons and hint.
		out := []handlers.Block{reply.Blocks[0]}
		out = append(out, hist...)
		reply.Blocks = append(out, reply.Blocks[1:]...)
	}
	return reply
}

// historyLine describes one audit row of an action.
func historyLine(h handlers.AuditEntry, loc *time.Location) handlers.Rich {
	when := h.At.In(loc).Format("2 Jan 2006 15:04")
	what := strings.TrimPrefix(h.Kind, "action.")
	var before, after handlers.Action
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
		what = "reassigned from " + handlers.PlainRich(handlers.R(Who(before.OwnerID, before.OwnerName))) + " to " + handlers.PlainRich(handlers.R(Who(after.OwnerID, after.OwnerName)))
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
	line := handlers.R(handlers.T(when+" · "), Who(h.Actor, ""), handlers.T(" · "+what))
	if h.Outcome == handlers.OutcomeRefused {
		line = append(line, handlers.I(" (refused: "+clip(h.Detail, 200)+")"))
	}
	return line
}

// DueNote is the line a reply adds when the due date needs a word (a date without
// a year read as next year's, a date already past, "ASAP"): due's note and how to
// change it.
func DueNote(note string, id int64, undated bool) handlers.Block {
	cmd := handlers.C(fmt.Sprintf("due %d <date>", id))
	if undated {
		return handlers.Context{Items: []handlers.Rich{handlers.R(handlers.T("⚠ "+note+" Set one with "), cmd, handlers.T(" when it is known."))}}
	}
	return handlers.Context{Items: []handlers.Rich{handlers.R(handlers.T("⚠ "+note+" Change it with "), cmd, handlers.T(" if need be."))}}
}
