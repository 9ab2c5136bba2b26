package store_test

// Due dates through the core's log and due commands on a real SQLite file: a
// refused phrase stores nothing and says why, and what a due date needs said
// (next year's, already past, no date) reaches the reply.

import (
	"strings"
	"testing"
	"time"

	"frontdoor/handlers"
	"frontdoor/handlers/command"
)

var (
	dec4  = handlers.DateOf(2026, time.December, 4) // a Friday
	dec30 = handlers.DateOf(2026, time.December, 30)
	jan5  = handlers.DateOf(2027, time.January, 5)
)

// on sets the fixture's clock to noon in London on day d.
func (f *fixture) on(t *testing.T, d handlers.Date) {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	f.with(func(o *command.Options) { o.Clock = handlers.FixedDay(d, loc) })
}

func TestDueDateRefusalsStoreNothing(t *testing.T) {
	f := newFixture(t)
	f.mustDo(t, consoleUser("alex"), "log first action by Friday") // #1, for the due command
	tests := []struct {
		name  string
		today handlers.Date
		text  string
		want  string // the whole message
	}{
		{"1/12 on 4 Dec", dec4, "log send the IPS referral figures by 1/12",
			`1 Dec has passed (3 days ago), so "1/12" could mean 1 Dec 2026 or 1 Dec 2027. Write 1/12/2027 for next year, or 1/12/2026 if it was due then.`},
		{"1 Dec on 4 Dec", dec4, "log send the IPS referral figures by 1 Dec",
			`1 Dec has passed (3 days ago), so "1 Dec" could mean 1 Dec 2026 or 1 Dec 2027. Write 1 Dec 2027 for next year, or 1 Dec 2026 if it was due then.`},
		{"28 Nov on 4 Dec", dec4, "log book the review by 28 Nov",
			`28 Nov has passed (6 days ago), so "28 Nov" could mean 28 Nov 2026 or 28 Nov 2027. Write 28 Nov 2027 for next year, or 28 Nov 2026 if it was due then.`},
		{"29/12 on 30 Dec", dec30, "log book the review by 29/12",
			`29 Dec has passed (yesterday), so "29/12" could mean 29 Dec 2026 or 29 Dec 2027. Write 29/12/2027 for next year, or 29/12/2026 if it was due then.`},
		{"20/12 on 5 Jan", jan5, "log book the review by 20/12",
			`20 Dec has passed (16 days ago), so "20/12" could mean 20 Dec 2026 or 20 Dec 2027. Write 20/12/2027 for next year, or 20/12/2026 if it was due then.`},
		{"mid-January", dec4, "log agree the WorkWell places by mid-January",
			`"mid-January" is not one day, so it cannot be a due date. Write the date you mean, like 15 Jan.`},
		{"early next week", dec4, "log DWP to confirm early next week",
			`"early next week" is not one day, so it cannot be a due date. Write the date you mean, like next Tuesday.`},
		{"a month alone", dec4, "log share the data by December",
			`"by December" names a month, not a day. Write the day, like 1 Dec or end of December.`},
		{"a day of the month alone", dec4, "log share the data by the 15th",
			`"by the 15th" does not say which month. Write the date with its month, like 15 Dec.`},
		{"a year alone", dec4, "log share the data by 2027",
			`"by 2027" is a year, not a day. Write the day, like 31 Dec 2027 or end of December 2027.`},
		{"a quarter", dec4, "log share the data by Q3",
			`"by Q3" could be the end of September (calendar quarter) or of December (financial year). Write the date, like 30 Sep or 31 Dec.`},
		{"year end", dec4, "log share the data by year end",
			`"year end" could be 31 Dec or the end of the financial year (31 Mar). Write end of the year, end of the financial year or the date.`},
		{"end of term", dec4, "log share the data by the end of term",
			`"end of term" is not the same day for every school or college. Write the date, like 18 Dec.`},
		{"a holiday", dec4, "log share the data by Christmas",
			`"by Christmas" is not a date I can read: it does not name one day. Write the due date like 28 Nov, 1/12, 2026-12-01, Friday, next Tuesday, in 2 weeks or end of month.`},
		{"the past", dec4, "log share the data by last Friday",
			`"by last Friday" is in the past. Write the due date, like 28 Nov, 1/12, 2026-12-01, Friday, next Tuesday, in 2 weeks or end of month.`},
		{"week commencing", dec4, "log run the job fair w/c 7 Dec",
			`"w/c 7 Dec" is a week, not a day. Write the day it is due, like 7 Dec or 11 Dec.`},
		{"Friday week", dec4, "log share the data by Friday week",
			`"Friday week" is read as different days by different people. Write the date, like 18 Dec.`},
		{"a week on Friday", dec4, "log share the data a week on Friday",
			`"a week on Friday" is read as different days by different people. Write the date, like 18 Dec.`},
		{"a few weeks", dec4, "log report back in a few weeks",
			`"in a few weeks" does not say how many. Write the due date like in 2 weeks, or the date itself, like 18 Dec.`},
		{"working days", dec4, "log reply within 10 working days",
			`"within 10 working days": working days are not counted here (bank holidays and part-time weeks differ). Write the date itself, like 18 Dec.`},
		{"hours", dec4, "log reply within 24 hours",
			`"within 24 hours": a due date is a day, not a time. Write the day, like today or tomorrow.`},
		{"a weekday that does not fit", dec4, "log share the data by Monday 8th",
			`"Monday 8th" does not say which month, and Monday is 7 Dec. Write the date with its month, like Mon 8 Feb 2027.`},
		{"this week's Monday, passed", dec4, "log share the data by Monday this week",
			`"Monday this week" has passed: it was Mon 30 Nov 2026. Write the due date, like next Monday or 7 Dec.`},
		{"far in the past", dec4, "log call back, 3/4/1978",
			`"3/4/1978" is over 48 years ago, too long ago to be a due date. Check the year. Dates that are not due dates, such as a resident's date of birth, do not belong in an action.`},
		{"due: just passed", dec4, "due 1 by 1/12",
			`1 Dec has passed (3 days ago), so "1/12" could mean 1 Dec 2026 or 1 Dec 2027. Write 1/12/2027 for next year, or 1/12/2026 if it was due then.`},
		{"due: ASAP", dec4, "due 1 ASAP",
			`"ASAP" is not a date, so it cannot be a due date. Give the day it is needed by, like tomorrow or Friday.`},
		{"due: TBC", dec4, "due 1 TBC",
			`"TBC" is not a date, so it cannot be a due date. Give the day it is needed by, like tomorrow or Friday.`},
		{"due: mid-January", dec4, "due 1 mid-January",
			`"mid-January" is not one day, so it cannot be a due date. Write the date you mean, like 15 Jan.`},
		{"due: far in the past", dec4, "due 1 3/12/2021",
			`"3/12/2021" is over 5 years ago, too long ago to be a due date. Check the year. Dates that are not due dates, such as a resident's date of birth, do not belong in an action.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.on(t, tt.today)
			before := f.state(t)
			_, err := f.do(t, consoleUser("alex"), "", tt.text)
			if err == nil {
				t.Fatalf("%q was accepted", tt.text)
			}
			if code := handlers.ErrorCode(err); code != handlers.EInvalid {
				t.Errorf("code %s, want %s (%v)", code, handlers.EInvalid, err)
			}
			if got := handlers.ErrorMessage(err); got != tt.want {
				t.Errorf("message\n %s\nwant\n %s", got, tt.want)
			}
			if after := f.state(t); after != before {
				t.Errorf("refused input wrote something:\nbefore:\n%s\nafter:\n%s", before, after)
			}
		})
	}
}

// TestDueDateNotesReachTheReply: what due says about a date is in the reply, and
// the date stored is the one the reply names.
func TestDueDateNotesReachTheReply(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name  string
		today handlers.Date
		text  string
		due   handlers.Date // stored
		want  []string      // in the reply
	}{
		{"next year's, said", dec4, "log send the plan by 1/9", handlers.DateOf(2027, 9, 1), []string{
			"Due: Wed 1 Sep 2027",
			`⚠ No year was given, so "1/9" is read as the next 1 Sep: Wed 1 Sep 2027. Change it with due 1 <date> if need be.`}},
		{"across the year end", dec30, "log send the plan by 2/1", handlers.DateOf(2027, 1, 2), []string{
			"Due: Sat 2 Jan 2027", `"2/1" is read as the next 2 Jan: Sat 2 Jan 2027.`}},
		{"with its year, past", dec4, "log send the evaluation by 1/12/2025", handlers.DateOf(2025, 12, 1), []string{
			"overdue by 368 days",
			`⚠ The due date 1 Dec 2025 is already past (over a year ago): check it. Change it with due 3 <date> if need be.`}},
		{"ASAP, said", dec4, "log send the figures ASAP", handlers.NoDate, []string{
			"Due: no due date",
			`⚠ "ASAP" is not a date, so no due date is set. Set one with due 4 <date> when it is known.`}},
		{"by next week", dec4, "log DWP to share the data by next week", handlers.DateOf(2026, 12, 11), []string{"Due: Fri 11 Dec"}},
		{"this week", dec4, "log DWP to share the data this week", dec4, []string{"Due: Fri 4 Dec (today)"}},
		{"end of the week", dec4, "log DWP to share the data by the end of the week", dec4, []string{"Due: Fri 4 Dec (today)"}},
		{"in a fortnight", dec4, "log DWP to share the data in a fortnight", handlers.DateOf(2026, 12, 18), []string{"Due: Fri 18 Dec"}},
		{"end of March", dec4, "log DWP to share the data by the end of March", handlers.DateOf(2027, 3, 31), []string{
			"Due: Wed 31 Mar 2027", `read as the next end of March: Wed 31 Mar 2027.`}},
		{"due: next year's, said", dec4, "due 1 by 4/9", handlers.DateOf(2027, 9, 4), []string{
			"New due date for #1", `⚠ No year was given, so "4/9" is read as the next 4 Sep: Sat 4 Sep 2027. Change it with due 1 <date>`}},
		{"due: with its year, past", dec4, "due 1 1/6/2026", handlers.DateOf(2026, 6, 1), []string{
			"New due date for #1", `⚠ The due date 1 Jun 2026 is already past (6 months ago): check it.`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.on(t, tt.today)
			out := f.mustDo(t, consoleUser("alex"), tt.text)
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("reply lacks %q:\n%s", w, out)
				}
			}
			if strings.Count(out, "⚠") > 1 {
				t.Errorf("more than one warning:\n%s", out)
			}
			id := int64(1)
			if !strings.HasPrefix(tt.text, "due ") {
				acts, err := f.db.AllActions(t.Context())
				if err != nil {
					t.Fatal(err)
				}
				id = acts[len(acts)-1].ID
			}
			a, err := f.db.GetAction(t.Context(), id)
			if err != nil {
				t.Fatal(err)
			}
			if a.Due != tt.due {
				t.Errorf("stored due date %s, want %s", a.Due, tt.due)
			}
		})
	}
	// A date that speaks for itself gets no note.
	f.on(t, dec4)
	if out := f.mustDo(t, consoleUser("alex"), "log book the room by 25/12"); strings.Contains(out, "⚠") {
		t.Errorf("a date this year has a note:\n%s", out)
	}
}
