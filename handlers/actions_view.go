package handlers

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

var timeZero time.Time

// Button action ids that transports route back to commands.
const (
	ButtonDone   = "action_done"
	ButtonReopen = "action_reopen"
)

// maxListed caps the actions listed in one reply.
const maxListed = 30

// who renders a person: a mention when the id is a Slack user id, else the name.
func who(id, name string) Span {
	if slackMention.MatchString("<@" + id + ">") {
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

// tagNames returns the display names of an action's tags, agencies first.
func tagNames(ix *Index, a *Action) []string {
	var names []string
	for _, kind := range []string{TagAgency, TagProgramme, TagCohort} {
		for _, id := range a.TagIDs(kind) {
			names = append(names, ix.TagName(Tag{Kind: kind, ID: id}))
		}
	}
	return names
}

// actionReply is the shared record of one action after a write: posted to the channel.
func (s *Service) actionReply(ix *Index, a *Action, today Date, verb string) Reply {
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

// listActions handles `actions [filter]`.
func (s *Service) listActions(ctx context.Context, req Request, filter string) (Reply, error) {
	if s.Actions == nil {
		return Reply{}, Errorf(EUnavailable, "The action log is not available here.")
	}
	ix, err := s.Index(ctx)
	if err != nil {
		return Reply{}, err
	}
	today := s.Today()
	f, title, err := s.parseActionFilter(ix, req, filter, today)
	if err != nil {
		return Reply{}, err
	}
	f.Limit = maxListed
	list, total, err := s.Actions.ListActions(ctx, f)
	if err != nil {
		return Reply{}, storeError(err)
	}
	if total == 0 {
		return Reply{Text: "No " + title + ".", Blocks: []Block{
			Section{Lines: []Rich{Line("No " + title + ".")}},
			Context{Items: []Rich{R(T("Log one with "), C("log <what> @owner by <date>"), T("."))}},
		}}, nil
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
	return Reply{Text: fmt.Sprintf("%d %s", total, title), Blocks: blocks, Shareable: true}, nil
}

// actionLine is one compact line: number, text, owner, due, agencies.
func actionLine(ix *Index, a *Action, today Date) Rich {
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

// parseActionFilter reads the words after `actions`: mine, overdue, due this
// week, done, all, a person, or an agency, programme or cohort name.
func (s *Service) parseActionFilter(ix *Index, req Request, text string, today Date) (ActionFilter, string, error) {
	var f ActionFilter
	words := strings.ToLower(strings.Join(strings.Fields(text), " "))
	title := "open actions"
	rest := words
	take := func(phrase string) bool {
		padded := " " + rest + " "
		if i := strings.Index(padded, " "+phrase+" "); i >= 0 {
			rest = strings.TrimSpace(padded[:i] + " " + padded[i+len(phrase)+2:])
			return true
		}
		return false
	}
	var qualifiers []string
	switch {
	case take("all"):
		f.Statuses = []string{ActionOpen, ActionDone}
		title = "actions"
	case take("done"), take("closed"):
		f.Statuses = []string{ActionDone}
		since := today.AddDays(-30).Time()
		f.ClosedSince = since
		title = "actions closed in the last 30 days"
	}
	if take("overdue") {
		f.DueBefore = today
		title = "overdue actions"
	}
	if take("due this week") || take("this week") {
		// Weeks run Monday to Sunday; overdue ones are included and listed first.
		sunday := today.AddDays((7 - int(today.Weekday())) % 7)
		f.DueOnOrBefore = sunday
		title = "open actions due by Sunday " + sunday.UK()
	}
	if take("mine") || take("my") {
		f.OwnerID = req.User.ID
		qualifiers = append(qualifiers, "owned by you")
	}
	// Whatever is left names a person or a register entry; use the original case.
	orig := strings.TrimSpace(text)
	if rest != "" {
		if id, name, named := owner(orig, req.User.Console); named {
			if id == "" {
				return f, "", Errorf(EInvalid, "I don't know @%s in this workspace. Mention them so Slack links the name.", name)
			}
			f.OwnerID = id
			qualifiers = append(qualifiers, "owned by "+PlainRich(R(who(id, name))))
		} else {
			tag, label, err := ix.MatchTag(rest)
			if err != nil {
				return f, "", err
			}
			f.TagKind = tag.Kind
			f.TagIDs = ix.TagWithin(tag)
			qualifiers = append(qualifiers, "about "+label)
		}
	}
	if len(qualifiers) > 0 {
		title += " " + strings.Join(qualifiers, ", ")
	}
	return f, title, nil
}

// actionCard handles `action <n>`: the action with its full history.
func (s *Service) actionCard(ctx context.Context, n int64) (Reply, error) {
	if s.Actions == nil {
		return Reply{}, Errorf(EUnavailable, "The action log is not available here.")
	}
	ref := "#" + strconv.FormatInt(n, 10)
	a, err := s.Actions.GetAction(ctx, n)
	if err != nil {
		if ErrorCode(storeError(err)) == ENotFound {
			return Reply{}, Errorf(ENotFound, "There is no action %s. `actions all` lists them.", ref)
		}
		return Reply{}, storeError(err)
	}
	history, err := s.Actions.ActionHistory(ctx, n)
	if err != nil {
		return Reply{}, storeError(err)
	}
	ix, err := s.Index(ctx)
	if err != nil {
		return Reply{}, err
	}
	today := s.Today()
	reply := s.actionReply(ix, &a, today, "Action")
	reply.Visibility = Private
	reply.Shareable = true
	var lines []Rich
	for _, h := range history {
		lines = append(lines, s.historyLine(h))
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
	return reply, nil
}

// historyLine describes one audit row of an action.
func (s *Service) historyLine(h AuditEntry) Rich {
	when := h.At.In(s.Loc).Format("2 Jan 2006 15:04")
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
