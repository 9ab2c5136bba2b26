package view

import (
	"strconv"
	"time"

	"frontdoor/handlers"
)

// maxReminderActions caps the actions listed in one reminder.
const maxReminderActions = 20

// ReminderReply is the direct message reminding one person of their open
// actions due on today or before, overdue first (the order given).
func Reminder(bud Budget, ix TagNamer, due []handlers.Action, today handlers.Date) handlers.Reply {
	overdue := 0
	for i := range due {
		if due[i].Overdue(today) {
			overdue++
		}
	}
	var head string
	switch {
	case overdue == len(due):
		head = handlers.Plural(len(due), "action is overdue", "actions are overdue")
	case overdue == 0:
		head = handlers.Plural(len(due), "action is due today", "actions are due today")
	default:
		head = handlers.Plural(len(due), "action is", "actions are") + " due today or overdue (" + handlers.Num(overdue) + " overdue)"
	}
	text := "Frontdoor reminder: " + head
	lines := []handlers.Rich{handlers.R(handlers.B("Good morning. " + capitalFirst(head) + ":"))}
	for i := range due[:min(len(due), maxReminderActions)] {
		lines = append(lines, actionLine(ix, &due[i], today))
	}
	blocks := bud.pack(lines)
	if len(due) > maxReminderActions {
		blocks = append(blocks, handlers.Context{Items: []handlers.Rich{handlers.R(handlers.T("…and "+handlers.Plural(len(due)-maxReminderActions, "more", "more")+": "), handlers.C("/fd actions mine"))}})
	}
	blocks = append(blocks, handlers.Context{Items: []handlers.Rich{handlers.R(handlers.T("Mark one done with "), handlers.C("/fd done <number>"), handlers.T(", move it with "), handlers.C("/fd due <number> <date>"),
		handlers.T(". One reminder a working day, only when something is due."))}})
	return handlers.Reply{Text: text, Blocks: blocks, Visibility: handlers.Channel}
}

func capitalFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// DigestProblemLines describe digests that need attention (from
// DigestAlerts), for the App Home: what happened and the command that puts
// it right. Times are shown in loc.
func DigestProblemLines(ps []handlers.DigestPost, loc *time.Location) []handlers.Rich {
	var lines []handlers.Rich
	for i := range ps {
		lines = append(lines, handlers.R(handlers.T("⚠ "+DigestStatusText(&ps[i], time.Time{}, loc))))
	}
	return lines
}

// DigestStatusText says in one sentence where the digest of a channel's week
// stands and, when something is wrong, what to do. now decides whether a
// claim is stale (zero: take it as stale, for a report made after the fact);
// times are shown in loc (nil: UTC).
func DigestStatusText(p *handlers.DigestPost, now time.Time, loc *time.Location) string {
	what := "The digest for the week of " + p.Week.UK() + " in channel " + p.Channel
	progress := ""
	if p.Parts > 0 {
		progress = " (" + strconv.Itoa(p.PartsPosted) + " of " + handlers.Plural(p.Parts, "message", "messages") + " confirmed)"
	}
	detail := ""
	if p.Detail != "" {
		detail = ": " + p.Detail
	}
	switch p.State {
	case handlers.DigestPosted:
		return what + " was posted" + whenPosted(p, loc) + "."
	case handlers.DigestSkipped:
		return what + " was not posted" + detail + ". To post it now: frontdoor digest --post --at " + p.Week.String() + "."
	case handlers.DigestFailed:
		return what + " could not be posted" + progress + detail + ". Put it right, then run: frontdoor digest --post --at " + p.Week.String() + "."
	case handlers.DigestUnconfirmed:
		return what + " was not confirmed" + progress + detail + ". It is not re-sent automatically: look in the channel, then send the rest with: frontdoor digest --post --force --at " + p.Week.String() + "."
	case handlers.DigestClaimed:
		if !now.IsZero() && !p.Stale(now) {
			return what + " is being posted" + progress + "."
		}
		return what + " stopped part-way" + progress + ": the process posting it ended. Look in the channel, then send the rest with: frontdoor digest --post --force --at " + p.Week.String() + "."
	}
	return what + ": " + p.State + "."
}

func whenPosted(p *handlers.DigestPost, loc *time.Location) string {
	if p.PostedAt.IsZero() {
		return ""
	}
	if loc == nil {
		loc = time.UTC
	}
	return " at " + p.PostedAt.In(loc).Format("15:04 MST on Mon 2 Jan 2006")
}
