package deliverytest

import (
	"context"
	"strings"
	"testing"
	"time"

	"frontdoor/bot"
	"frontdoor/handlers"
	"frontdoor/store"
)

// logAction records an open action owned by owner, due on due.
func logAction(t *testing.T, db *store.DB, owner, text string, due handlers.Date) handlers.Action {
	t.Helper()
	a, _, err := db.CreateAction(context.Background(), handlers.Action{Text: text, OwnerID: owner, CreatorID: "U0CHAIR", Due: due}, "")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func day(y int, m time.Month, d int) handlers.Date { return handlers.DateOf(y, m, d) }

// christmasActions are the actions of the reminder tests, around Christmas 2026:
// Sam has one overdue and one due on Thursday 24th; Alex's is due in the new
// year; "kim" was named at a console (no Slack id); Jo's is done.
func christmasActions(t *testing.T, db *store.DB) (overdue, due handlers.Action) {
	t.Helper()
	overdue = logAction(t, db, "U0SAM", "send the data sharing agreement to the ICB", day(2026, 12, 21))
	due = logAction(t, db, "U0SAM", "book the room for the January board", day(2026, 12, 24))
	logAction(t, db, "U0ALEX", "draft the spring bid", day(2027, 1, 8))
	logAction(t, db, "kim", "ring the college", day(2026, 12, 22))
	done := logAction(t, db, "U0JO", "circulate the minutes", day(2026, 12, 22))
	if _, _, err := db.UpdateAction(context.Background(), done.ID, "", "U0JO", time.Time{}, func(a *handlers.Action) (handlers.ActionChange, error) {
		a.Status = handlers.ActionDone
		return handlers.ActionChange{Kind: "action.done"}, nil
	}); err != nil {
		t.Fatal(err)
	}
	return overdue, due
}

// Reminders go on working days only, once per person per day, to owners
// with something due or overdue who have a Slack id.
func TestRemindersOnWorkingDaysOnce(t *testing.T) {
	f := newFixture(t, utc(2026, 12, 20, 12, 0))
	db := f.open()
	overdue, due := christmasActions(t, db)
	r := f.reminders(db, bot.NewMetrics())
	tests := []struct {
		name     string
		day      handlers.Date
		working  bool
		sent     int
		already  int
		notSlack int
	}{
		{"Wednesday 23rd: Sam's overdue action", day(2026, 12, 23), true, 1, 0, 1},
		{"Wednesday 23rd again: nothing more", day(2026, 12, 23), true, 0, 1, 1},
		{"Thursday 24th: Sam again, a new day", day(2026, 12, 24), true, 1, 0, 1},
		{"Christmas Day", day(2026, 12, 25), false, 0, 0, 0},
		{"Saturday", day(2026, 12, 26), false, 0, 0, 0},
		{"Sunday", day(2026, 12, 27), false, 0, 0, 0},
		{"Monday 28th, Boxing Day's substitute", day(2026, 12, 28), false, 0, 0, 0},
		{"Tuesday 29th: Sam still has both", day(2026, 12, 29), true, 1, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(f.slack.allPosts())
			run, err := r.Send(context.Background(), tt.day)
			if err != nil {
				t.Fatal(err)
			}
			if run.WorkingDay != tt.working || run.Sent != tt.sent || run.Already != tt.already || run.NotSlack != tt.notSlack ||
				run.Failed != 0 || run.Unconfirmed != 0 {
				t.Errorf("run %+v; want working %v, sent %d, already %d, not a Slack user %d", run, tt.working, tt.sent, tt.already, tt.notSlack)
			}
			if got := len(f.slack.allPosts()) - before; got != tt.sent {
				t.Errorf("%d messages, want %d", got, tt.sent)
			}
		})
	}
	dms := f.slack.postsTo("D0SAM")
	if len(dms) != 3 {
		t.Fatalf("%d messages to Sam, want 3", len(dms))
	}
	for _, p := range f.slack.allPosts() {
		if p.Channel != "D0SAM" {
			t.Errorf("a reminder went to %s: only Sam had anything due", p.Channel)
		}
	}
	// The 23rd lists only the overdue action; the 24th both.
	if !strings.Contains(dms[0].Blocks, "send the data sharing agreement") || strings.Contains(dms[0].Blocks, "book the room") {
		t.Errorf("the 23rd's reminder:\n%s", dms[0].Blocks)
	}
	if dms[1].Text != "Frontdoor reminder: 2 actions are due today or overdue (1 overdue)" {
		t.Errorf("the 24th's reminder says %q", dms[1].Text)
	}
	rec, err := db.Reminder(context.Background(), "U0SAM", day(2026, 12, 24))
	if err != nil || rec.State != handlers.ReminderSent || rec.Channel != "D0SAM" || len(rec.Actions) != 2 ||
		rec.Actions[0] != overdue.ID || rec.Actions[1] != due.ID {
		t.Errorf("the 24th's record: %+v, %v", rec, err)
	}
}

// With nothing due, nobody is sent anything, and no conversation is opened.
func TestRemindersNoneWhenNothingDue(t *testing.T) {
	f := newFixture(t, utc(2026, 1, 12, 12, 0))
	db := f.open()
	logAction(t, db, "U0SAM", "draft the spring bid", day(2026, 2, 2))
	logAction(t, db, "U0ALEX", "an action with no date", handlers.NoDate)
	run, err := f.reminders(db, bot.NewMetrics()).Send(context.Background(), day(2026, 1, 12))
	if err != nil || !run.WorkingDay || run.People != 0 || run.Sent != 0 {
		t.Fatalf("run %+v, %v", run, err)
	}
	if n, opened := len(f.slack.allPosts()), f.slack.openedCount(); n != 0 || opened != 0 {
		t.Errorf("%d messages and %d conversations opened with nothing due", n, opened)
	}
}

// A person Slack cannot message: the reminder is refused, recorded as
// failed, and tried again by the next run that day.
func TestReminderRefusedIsTriedAgain(t *testing.T) {
	f := newFixture(t, utc(2026, 1, 12, 12, 0))
	db := f.open()
	logAction(t, db, "U0SAM", "send the agreement", day(2026, 1, 12))
	f.slack.failOpen("U0SAM", "user_disabled")
	r := f.reminders(db, bot.NewMetrics())
	run, err := r.Send(context.Background(), day(2026, 1, 12))
	if err != nil || run.Failed != 1 || run.Sent != 0 {
		t.Fatalf("run %+v, %v", run, err)
	}
	if rec, _ := db.Reminder(context.Background(), "U0SAM", day(2026, 1, 12)); rec.State != handlers.ReminderFailed || !strings.Contains(rec.Detail, "user_disabled") {
		t.Errorf("record: %+v", rec)
	}
	f.slack.failOpen("U0SAM", "")
	run, err = r.Send(context.Background(), day(2026, 1, 12))
	if err != nil || run.Sent != 1 {
		t.Fatalf("second run %+v, %v", run, err)
	}
	if rec, _ := db.Reminder(context.Background(), "U0SAM", day(2026, 1, 12)); rec.State != handlers.ReminderSent || rec.Attempt != 2 {
		t.Errorf("record after the retry: %+v", rec)
	}
}

// Under the scheduler: the reminders fire at 09:00 London time on weekdays,
// skip bank holidays, and a restart the same day sends nothing again.
func TestScheduledRemindersOverChristmas(t *testing.T) {
	f := newFixture(t, utc(2026, 12, 23, 7, 0)) // Wednesday, before 09:00
	setup := f.open()
	christmasActions(t, setup)
	p := f.start(withoutDigest(), withReminders())
	p.waitRun(t, bot.JobCatchUp)
	for _, at := range []time.Time{
		utc(2026, 12, 23, 9, 0), // Wednesday
		utc(2026, 12, 24, 9, 0), // Thursday
		utc(2026, 12, 25, 9, 0), // Christmas Day: the job runs, and sends nothing
		utc(2026, 12, 28, 9, 0), // the substitute bank holiday
		utc(2026, 12, 29, 9, 0), // Tuesday
	} {
		p.awaitNext(t, bot.JobReminders, at)
		f.advanceTo(at)
		if r := p.waitRun(t, bot.JobReminders); r.Err != nil || !r.At.Equal(at) {
			t.Fatalf("run at %s (%v), want %s", r.At.UTC().Format(time.RFC3339), r.Err, at.Format(time.RFC3339))
		}
	}
	list, err := setup.Reminders(context.Background(), day(2026, 12, 25))
	if err != nil || len(list) != 0 {
		t.Errorf("records on Christmas Day: %+v, %v", list, err)
	}
	if n := len(f.slack.allPosts()); n != 3 {
		t.Fatalf("%d reminders, want 3 (23rd, 24th, 29th)", n)
	}
	for _, d := range []handlers.Date{day(2026, 12, 23), day(2026, 12, 24), day(2026, 12, 29)} {
		if rec, err := setup.Reminder(context.Background(), "U0SAM", d); err != nil || rec.State != handlers.ReminderSent {
			t.Errorf("%s: %+v, %v", d, rec, err)
		}
	}
	p.stop(t)

	// A restart that afternoon catches up, and finds the day's reminder sent.
	f.advanceTo(utc(2026, 12, 29, 15, 0))
	again := f.start(withoutDigest(), withReminders())
	if r := again.waitRun(t, bot.JobCatchUp); r.Err != nil {
		t.Fatal(r.Err)
	}
	if n := len(f.slack.allPosts()); n != 3 {
		t.Errorf("%d reminders after the restart, want still 3", n)
	}
	again.awaitNext(t, bot.JobReminders, utc(2026, 12, 30, 9, 0))
}
