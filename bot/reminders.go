package bot

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/slack-go/slack"

	"frontdoor/handlers"
	"frontdoor/handlers/command"
)

// ReminderStore is what the reminders need from the database: *store.DB.
type ReminderStore interface {
	// ClaimReminder takes the claim of a person's reminder of a day; taken is
	// false when one was sent, is being sent, or may have been.
	ClaimReminder(ctx context.Context, person string, day handlers.Date, actions []int64) (post handlers.ReminderPost, taken bool, err error)
	// FinishReminder records the outcome of an attempt.
	FinishReminder(ctx context.Context, person string, day handlers.Date, attempt int, state, channel, ts, detail string) (handlers.ReminderPost, error)
}

// ReminderOptions configure Reminders. Store, Due, API and Poster are required.
type ReminderOptions struct {
	Store ReminderStore
	// Due is each owner's reminder of a day (command.Service.Reminders): the
	// core groups the actions and words the messages, Reminders claims and
	// delivers them.
	Due func(ctx context.Context, day handlers.Date) ([]command.Reminder, error)
	// API opens the direct messages (conversations.open, scope im:write).
	API    *slack.Client
	Poster *Poster
	// Holidays are the bank holidays: no reminders then.
	Holidays handlers.Holidays
	Log      *slog.Logger
	Metrics  *Metrics
	// CallTimeout bounds conversations.open (default 10 s).
	CallTimeout time.Duration
}

// Reminders sends each owner of open actions due on a working day, or
// overdue, one direct message listing them: at most one per person per day
// (a claim row per person and day, taken before sending), none when nothing
// is due, none to owners named at a console (they have no Slack id).
//
// The direct message is opened with conversations.open and then posted to
// the D… channel it returns, rather than posted with the user id as the
// channel. conversations.open posts nothing, so when it fails (a deactivated
// account, a missing scope) nothing is in Slack and the reminder may be tried
// again; it returns the existing conversation when there is one; and the
// message then goes to one stable channel id, which the per-channel pace of
// the poster and the record both use. It needs the im:write scope, which the
// manifests ask for.
type Reminders struct {
	o   ReminderOptions
	log *slog.Logger
	m   *prometheus.CounterVec
}

// NewReminders returns Reminders over o.
func NewReminders(o ReminderOptions) (*Reminders, error) {
	if o.Store == nil || o.Due == nil || o.API == nil || o.Poster == nil {
		return nil, errors.New("bot: reminders: Store, Due, API and Poster are required")
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Metrics == nil {
		o.Metrics = NewMetrics()
	}
	if o.CallTimeout <= 0 {
		o.CallTimeout = 10 * time.Second
	}
	runs := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "frontdoor_reminders_total",
		Help: "Reminders, by outcome (sent, unconfirmed, failed, already, not_slack_user).",
	}, []string{"outcome"})
	metricsMu.Lock()
	runs = register(o.Metrics.Registry(), runs)
	metricsMu.Unlock()
	return &Reminders{o: o, log: o.Log, m: runs}, nil
}

// ReminderRun counts what one run did.
type ReminderRun struct {
	Day handlers.Date
	// WorkingDay is false on a weekend or a bank holiday: nothing was looked at.
	WorkingDay bool
	// People is the number of owners with something due.
	People int
	// Sent, Unconfirmed and Failed count this run's messages; Already the
	// people whose reminder of the day another run took; NotSlack the owners
	// with no Slack id.
	Sent, Unconfirmed, Failed, Already, NotSlack int
}

// Send reminds every owner of actions due on day or before, if day is a
// working day. The error is for failures outside Slack (the database);
// Slack's outcomes are counted in the run and logged.
func (r *Reminders) Send(ctx context.Context, day handlers.Date) (ReminderRun, error) {
	run := ReminderRun{Day: day, WorkingDay: handlers.IsWorkingDay(day, r.o.Holidays)}
	log := r.log.With("day", day.String())
	if !run.WorkingDay {
		log.Info("reminders: not a working day")
		return run, nil
	}
	due, err := r.o.Due(ctx, day)
	if err != nil {
		return run, err
	}
	run.People = len(due)
	rec, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	send, stopSend := graceful(ctx, sendGrace)
	defer stopSend()
	for _, rm := range due {
		owner := rm.Owner
		if ctx.Err() != nil {
			break // stopping: the claims not taken are left for a later run today
		}
		if !handlers.IsSlackUserID(owner) {
			run.NotSlack++
			r.m.WithLabelValues("not_slack_user").Inc()
			continue
		}
		claim, taken, err := r.o.Store.ClaimReminder(rec, owner, day, rm.Actions)
		if err != nil {
			return run, err
		}
		if !taken {
			run.Already++
			r.m.WithLabelValues("already").Inc()
			continue
		}
		state, channel, ts, detail := r.sendOne(send, owner, rm.Reply)
		if _, err := r.o.Store.FinishReminder(rec, owner, day, claim.Attempt, state, channel, ts, detail); err != nil {
			log.Error("reminder outcome not recorded", "user", owner, "state", state, "err", err.Error(), "alert", true)
			return run, err
		}
		switch state {
		case handlers.ReminderSent:
			run.Sent++
		case handlers.ReminderUnconfirmed:
			run.Unconfirmed++
			log.Error("reminder not confirmed: not re-sent", "user", owner, "detail", detail, "alert", true)
		default:
			run.Failed++
			log.Warn("reminder refused", "user", owner, "detail", detail)
		}
		r.m.WithLabelValues(state).Inc()
	}
	log.Info("reminders", "people", run.People, "sent", run.Sent, "unconfirmed", run.Unconfirmed, "failed", run.Failed,
		"already", run.Already, "not_slack_user", run.NotSlack)
	return run, nil
}

// sendOne opens the direct message and posts the reminder, returning the
// outcome as a reminder state.
func (r *Reminders) sendOne(ctx context.Context, user string, reply handlers.Reply) (state, channel, ts, detail string) {
	octx, cancel := context.WithTimeout(ctx, r.o.CallTimeout)
	ch, _, _, err := r.o.API.OpenConversationContext(octx, &slack.OpenConversationParameters{Users: []string{user}, ReturnIM: true})
	cancel()
	if err != nil {
		// conversations.open posts nothing, whatever its outcome.
		return handlers.ReminderFailed, "", "", "conversations.open: " + errorKindText(err)
	}
	res := r.o.Poster.Post(ctx, Post{Channel: ch.ID, Message: RenderMessage(reply), Plain: plainText(reply)})
	switch res.Outcome {
	case Confirmed:
		return handlers.ReminderSent, ch.ID, res.TS, ""
	case Refused:
		return handlers.ReminderFailed, ch.ID, "", refusedDetail(res.Err, 0, 1)
	}
	return handlers.ReminderUnconfirmed, ch.ID, "", unknownDetail(res.Err, 0, 1)
}
