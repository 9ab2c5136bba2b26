package due

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"frontdoor/handlers/civil"
)

func day(y int, m time.Month, d int) civil.Date { return civil.DateOf(y, m, d) }

// The todays of the table: weekdays around a weekend, the year's end, a leap day,
// and the Sundays the clocks change (28 Mar 2027 forward, 31 Oct 2027 back).
var (
	fri  = day(2026, time.November, 27) // a Friday
	mon  = day(2026, time.November, 23)
	sun  = day(2026, time.November, 29)
	nye  = day(2026, time.December, 31) // a Thursday
	leap = day(2028, time.February, 29) // a Tuesday
	bst  = day(2027, time.March, 28)
	gmt  = day(2027, time.October, 31)
)

type findCase struct {
	name     string
	text     string
	today    civil.Date
	want     civil.Date // NoDate: no due date found
	phrase   string     // the phrase found; "" means the whole text
	explicit bool
	note     string // part of the note the reply must show; "" means no note
	err      string // part of the refusal's message; "" means no refusal
}

func TestFind(t *testing.T) {
	cases := []findCase{
		// Weekdays, said on a Friday.
		{name: "by Friday on a Friday is a week later", text: "by Friday", today: fri, want: day(2026, 12, 4)},
		{name: "bare Friday on a Friday", text: "Friday", today: fri, want: day(2026, 12, 4)},
		{name: "on Friday on a Friday", text: "on Friday", today: fri, want: day(2026, 12, 4)},
		{name: "this Friday on a Friday is today", text: "this Friday", today: fri, want: fri},
		{name: "next Friday on a Friday", text: "next Friday", today: fri, want: day(2026, 12, 4)},
		{name: "by Fri abbreviation after by", text: "by Fri", today: fri, want: day(2026, 12, 4)},
		{name: "by Monday from Friday", text: "by Monday", today: fri, want: day(2026, 11, 30)},
		{name: "next Tuesday from Friday", text: "next Tuesday", today: fri, want: day(2026, 12, 1)},
		{name: "capitals", text: "BY FRIDAY", today: fri, want: day(2026, 12, 4)},
		{name: "due by Friday", text: "due by Friday", today: fri, want: day(2026, 12, 4)},
		{name: "before Wednesday", text: "before Wednesday", today: fri, want: day(2026, 12, 2)},
		{name: "this Sat after this", text: "this Sat", today: fri, want: day(2026, 11, 28)},
		{name: "bare abbreviation is a word", text: "the panel sat late", today: fri},
		{name: "bare fri is not read", text: "send it fri", today: fri},
		{name: "possessive weekday is not a due date", text: "notes from Friday's board", today: fri},

		// Weekdays, said on a Monday and a Sunday (weeks run Monday to Sunday).
		{name: "next Tuesday on a Monday is next week's", text: "next Tuesday", today: mon, want: day(2026, 12, 1)},
		{name: "by Tuesday on a Monday is tomorrow", text: "by Tuesday", today: mon, want: day(2026, 11, 24)},
		{name: "this Tuesday on a Monday", text: "this Tuesday", today: mon, want: day(2026, 11, 24)},
		{name: "this Monday on a Monday is today", text: "this Monday", today: mon, want: mon},
		{name: "by Monday on a Monday is a week later", text: "by Monday", today: mon, want: day(2026, 11, 30)},
		{name: "next Tuesday on a Sunday is next week's", text: "next Tuesday", today: sun, want: day(2026, 12, 1)},
		{name: "by Tuesday on a Sunday", text: "by Tuesday", today: sun, want: day(2026, 12, 1)},
		{name: "next Sunday on a Sunday", text: "next Sunday", today: sun, want: day(2026, 12, 6)},
		{name: "this Sunday on a Sunday", text: "this Sunday", today: sun, want: sun},
		{name: "by Sunday on a Sunday", text: "by Sunday", today: sun, want: day(2026, 12, 6)},

		// A weekday with the date it names.
		{name: "weekday and date agree", text: "by Friday 4 Dec", today: fri, want: day(2026, 12, 4)},
		{name: "weekday comma date", text: "by Friday, 4 December", today: fri, want: day(2026, 12, 4)},
		{name: "weekday and numeric date", text: "Tue 1/12", today: fri, want: day(2026, 12, 1)},
		{name: "weekday and date with year", text: "on Friday 4 Dec 2026", today: fri, want: day(2026, 12, 4), explicit: true},
		{name: "weekday and date disagree", text: "by Thursday 4 Dec", today: fri,
			err: `"Thursday 4 Dec": 4 Dec 2026 is a Friday, not a Thursday.`},
		{name: "weekday before a fraction", text: "Friday 1/2 of the cohort", today: fri, want: day(2026, 12, 4), phrase: "Friday"},
		{name: "weekday before an impossible date after by", text: "by Friday 31/11", today: fri, err: `"31/11" is not a real date`},
		{name: "same date twice is one due date", text: "by Friday (4 Dec)", today: fri, want: day(2026, 12, 4), phrase: "by Friday"},

		// today, tomorrow.
		{name: "today", text: "today", today: fri, want: fri},
		{name: "by today", text: "by today", today: fri, want: fri},
		{name: "tomorrow", text: "tomorrow", today: fri, want: day(2026, 11, 28)},
		{name: "tomorrow on new year's eve", text: "tomorrow", today: nye, want: day(2027, 1, 1)},
		{name: "tomorrow on a leap day", text: "tomorrow", today: leap, want: day(2028, 3, 1)},
		{name: "tomorrow as the clocks go forward", text: "tomorrow", today: bst, want: day(2027, 3, 29)},
		{name: "tomorrow as the clocks go back", text: "tomorrow", today: gmt, want: day(2027, 11, 1)},
		{name: "today as the clocks go forward", text: "today", today: bst, want: bst},

		// Dates with a month name and no year: the next such day on or after today.
		{name: "by 28 Nov", text: "by 28 Nov", today: fri, want: day(2026, 11, 28)},
		{name: "28 November", text: "28 November", today: fri, want: day(2026, 11, 28)},
		{name: "28th Nov", text: "28th Nov", today: fri, want: day(2026, 11, 28)},
		{name: "Nov 28", text: "Nov 28", today: fri, want: day(2026, 11, 28)},
		{name: "28th of November", text: "28th of November", today: fri, want: day(2026, 11, 28)},
		{name: "3rd December", text: "3rd December", today: fri, want: day(2026, 12, 3)},
		{name: "Sept. with a dot", text: "by 1 Sept.", today: leap, want: day(2028, 9, 1), phrase: "by 1 Sept"},
		{name: "today's date is today", text: "by 27 Nov", today: fri, want: fri},
		{name: "yesterday's date is refused, naming both readings", text: "by 26 Nov", today: fri,
			err: `26 Nov has passed (yesterday), so "26 Nov" could mean 26 Nov 2026 or 26 Nov 2027. Write 26 Nov 2027 for next year, or 26 Nov 2026 if it was due then.`},
		{name: "28 Nov on 31 Oct stays in November", text: "by 28 Nov", today: gmt, want: day(2027, 11, 28)},
		{name: "28th November on 31 Oct", text: "28th November", today: gmt, want: day(2027, 11, 28)},
		{name: "Nov 28 on 31 Oct", text: "Nov 28", today: gmt, want: day(2027, 11, 28)},
		{name: "today as the clocks go back", text: "by 31 Oct", today: gmt, want: gmt},
		{name: "yesterday's date as the clocks go back", text: "by 30 Oct", today: gmt, err: `30 Oct has passed (yesterday)`},
		{name: "by 31 Dec on 31 Dec", text: "by 31 Dec", today: nye, want: nye},
		{name: "by 30 Dec on 31 Dec is refused", text: "by 30 Dec", today: nye,
			err: `could mean 30 Dec 2026 or 30 Dec 2027. Write 30 Dec 2027 for next year`},
		{name: "28 Mar on the day the clocks go forward", text: "by 28 Mar", today: bst, want: bst},
		{name: "29 Feb on a leap day", text: "29 Feb", today: leap, want: leap},
		{name: "May capitalised", text: "May 5", today: fri, want: day(2027, 5, 5), note: `"May 5" is read as the next 5 May`},
		{name: "lower-case may after by", text: "by may 5", today: fri, want: day(2027, 5, 5), note: `next 5 May`},
		{name: "lower-case may is a verb", text: "the ICB may 5 times a year review it", today: fri},

		// Numeric dates, day first.
		{name: "by 1/12 is 1 December", text: "by 1/12", today: fri, want: day(2026, 12, 1)},
		{name: "12/1 is 12 January", text: "12/1", today: fri, want: day(2027, 1, 12),
			note: `No year was given, so "12/1" is read as the next 12 Jan: Tue 12 Jan 2027.`},
		{name: "01/12 with a leading zero", text: "by 01/12", today: fri, want: day(2026, 12, 1)},
		{name: "3/4 is 3 April", text: "3/4", today: fri, want: day(2027, 4, 3), note: `the next 3 Apr`},
		{name: "1/1 on new year's eve", text: "by 1/1", today: nye, want: day(2027, 1, 1), note: `Fri 1 Jan 2027`},
		{name: "12/1 on new year's eve", text: "12/1", today: nye, want: day(2027, 1, 12), note: `Tue 12 Jan 2027`},
		{name: "29/02 on a leap day", text: "by 29/02", today: leap, want: leap},
		{name: "28/02 on a leap day is refused", text: "by 28/02", today: leap,
			err: `28 Feb has passed (yesterday), so "28/02" could mean 28 Feb 2028 or 28 Feb 2029. Write 28/02/2029 for next year, or 28/02/2028 if it was due then.`},
		{name: "1/3 after a leap day", text: "by 1/3", today: leap, want: day(2028, 3, 1)},

		// Dates with a year.
		{name: "1/12/2026", text: "1/12/2026", today: fri, want: day(2026, 12, 1), explicit: true},
		{name: "1/12/26", text: "1/12/26", today: fri, want: day(2026, 12, 1), explicit: true},
		{name: "due 2026-12-01", text: "due 2026-12-01", today: fri, want: day(2026, 12, 1), explicit: true},
		{name: "1 Dec 2026", text: "1 Dec 2026", today: fri, want: day(2026, 12, 1), explicit: true},
		{name: "Dec 1 2026", text: "Dec 1 2026", today: fri, want: day(2026, 12, 1), explicit: true},
		{name: "explicit date in the past", text: "by 1/6/2026", today: fri, want: day(2026, 6, 1), explicit: true,
			note: `The due date 1 Jun 2026 is already past (5 months ago): check it.`},
		{name: "ISO date in the past", text: "2025-04-01", today: fri, want: day(2025, 4, 1), explicit: true,
			note: `The due date 1 Apr 2025 is already past (over a year ago): check it.`},
		{name: "29/02/2028 is a real date", text: "29/02/2028", today: fri, want: day(2028, 2, 29), explicit: true},

		// in N days, weeks, months.
		{name: "in 2 weeks", text: "in 2 weeks", today: fri, want: day(2026, 12, 11)},
		{name: "in 3 days", text: "in 3 days", today: fri, want: day(2026, 11, 30)},
		{name: "in a week", text: "in a week", today: fri, want: day(2026, 12, 4)},
		{name: "within two weeks", text: "within two weeks", today: fri, want: day(2026, 12, 11)},
		{name: "in a fortnight", text: "in a fortnight", today: fri, want: day(2026, 12, 11)},
		{name: "in 2 weeks' time", text: "in 2 weeks' time", today: fri, want: day(2026, 12, 11)},
		{name: "in a month", text: "in a month", today: fri, want: day(2026, 12, 27)},
		{name: "in 3 months", text: "in 3 months", today: fri, want: day(2027, 2, 27)},
		{name: "in a year", text: "in a year", today: fri, want: day(2027, 11, 27)},
		{name: "in 2 weeks over new year", text: "in 2 weeks", today: nye, want: day(2027, 1, 14)},
		{name: "in a month from 31 Dec", text: "in a month", today: nye, want: day(2027, 1, 31)},
		{name: "in 2 months from 31 Dec takes February's last day", text: "in 2 months", today: nye, want: day(2027, 2, 28)},
		{name: "in a month from a leap day", text: "in a month", today: leap, want: day(2028, 3, 29)},
		{name: "in a year from a leap day", text: "in a year", today: leap, want: day(2029, 2, 28)},
		{name: "in 4 years from a leap day", text: "in 4 years", today: leap, want: day(2032, 2, 29)},
		{name: "in a month from 31 Oct", text: "in a month", today: gmt, want: day(2027, 11, 30)},
		{name: "in 2 weeks across the clock change", text: "in 2 weeks", today: bst, want: day(2027, 4, 11)},
		{name: "in 3 days across the clock change", text: "in 3 days", today: bst, want: day(2027, 3, 31)},
		{name: "2 weeks without in is a length", text: "a 2 weeks placement", today: fri},

		// end of ...
		{name: "end of month", text: "end of month", today: fri, want: day(2026, 11, 30)},
		{name: "end of the month", text: "end of the month", today: fri, want: day(2026, 11, 30)},
		{name: "by the end of the month", text: "by the end of the month", today: fri, want: day(2026, 11, 30)},
		{name: "end of next month", text: "end of next month", today: fri, want: day(2026, 12, 31)},
		{name: "end of month on its last day", text: "end of month", today: nye, want: nye},
		{name: "end of next month in December", text: "end of next month", today: nye, want: day(2027, 1, 31)},
		{name: "end of month on a leap day", text: "end of month", today: leap, want: leap},
		{name: "end of month as the clocks go forward", text: "end of month", today: bst, want: day(2027, 3, 31)},
		{name: "end of next month as the clocks go back", text: "end of next month", today: gmt, want: day(2027, 11, 30)},
		{name: "end of week on a Friday is today", text: "end of week", today: fri, want: fri},
		{name: "end of the week on a Monday", text: "end of the week", today: mon, want: day(2026, 11, 27)},
		{name: "end of week on a Sunday", text: "end of week", today: sun, want: day(2026, 12, 4)},
		{name: "end of next week on a Monday", text: "end of next week", today: mon, want: day(2026, 12, 4)},
		{name: "end of next week on a Sunday", text: "end of next week", today: sun, want: day(2026, 12, 4)},
		{name: "end of week as the clocks go forward", text: "end of week", today: bst, want: day(2027, 4, 2)},
		{name: "end of March next year", text: "end of March", today: fri, want: day(2027, 3, 31),
			note: `No year was given, so "end of March" is read as the next end of March: Wed 31 Mar 2027.`},
		{name: "end of March on 28 Mar", text: "end of March", today: bst, want: day(2027, 3, 31)},
		{name: "end of November this month", text: "end of November", today: fri, want: day(2026, 11, 30)},
		{name: "end of October just passed", text: "end of October", today: fri,
			err: `The end of October has passed (27 days ago), so "end of October" could mean 31 Oct 2026 or 31 Oct 2027. Write end of October 2027 for next year`},
		{name: "end of February on a leap day", text: "end of February", today: leap, want: leap},
		{name: "end of Feb with a year", text: "end of Feb 2028", today: fri, want: day(2028, 2, 29), explicit: true},
		{name: "end of may after end of", text: "end of may", today: fri, want: day(2027, 5, 31), note: `end of May`},

		// A phrase inside an action.
		{name: "phrase at the end", text: "DWP to share Restart leaver data with the ICB by Friday", today: fri,
			want: day(2026, 12, 4), phrase: "by Friday"},
		{name: "phrase in the middle", text: "GMCA to send the IPS referral figures by 1/12, then book a review", today: fri,
			want: day(2026, 12, 1), phrase: "by 1/12"},
		{name: "phrase at the start", text: "Tomorrow: ICB to confirm WorkWell places", today: fri,
			want: day(2026, 11, 28), phrase: "Tomorrow"},
		{name: "phrase in brackets", text: "Jobcentre to invite the 16-24 NEET cohort (due 2026-12-01)", today: fri,
			want: day(2026, 12, 1), phrase: "due 2026-12-01", explicit: true},

		// No date, and numbers that are not dates.
		{name: "no date", text: "DWP to share Restart leaver data with the ICB", today: fri},
		{name: "empty", text: "", today: fri},
		{name: "ranges, codes and money", text: "16-24 NEET referrals up 50+ in IMD 1-2 areas, £1.2m in Q3", today: fri},
		{name: "money with commas", text: "£115,000,000 over 5 years", today: fri},
		{name: "ONS codes", text: "E08000003 and E47000001", today: fri},
		{name: "financial year long", text: "the 2025/26 allocation", today: fri},
		{name: "financial year short", text: "the 25/26 budget", today: fri},
		{name: "financial year short after by", text: "spend by 25/26", today: fri},
		{name: "24/7", text: "a 24/7 helpline", today: fri},
		{name: "a fraction", text: "1/2 of the cohort", today: fri},
		{name: "a fraction after a lead word", text: "cut waits by 1/2 of the backlog", today: fri},
		{name: "24/7 after a lead word is a date", text: "by 24/7", today: fri, want: day(2027, 7, 24), note: `next 24 Jul`},
		{name: "a page reference", text: "see page 3/4", today: fri},
		{name: "a page reference abbreviated", text: "see p. 3/4", today: fri},
		{name: "a score", text: "scored 45/100", today: fri},
		{name: "a list of options", text: "options 1/2/3", today: fri},
		{name: "out of range pair without a lead word", text: "32/1 referrals", today: fri},
		{name: "month-first date without a lead word is left alone", text: "12/25 referrals", today: fri},
		{name: "month alone", text: "March on towards the target", today: fri},
		{name: "in a year number", text: "in 2025 we met", today: fri},

		// Refusals.
		{name: "31/02", text: "by 31/02", today: fri,
			err: `"31/02" is not a real date (February has 28 days in 2027). Write the due date like 28/02 or 28 Feb.`},
		{name: "31/02 without a lead word", text: "send it 31/02", today: fri, err: `"31/02" is not a real date`},
		{name: "30 Feb", text: "by 30 Feb", today: fri,
			err: `"30 Feb" is not a real date (February has 28 days in 2027). Write the due date like 28/02 or 28 Feb.`},
		{name: "2026-02-30", text: "due 2026-02-30", today: fri,
			err: `"2026-02-30" is not a real date (February has 28 days in 2026). Write the due date like 2026-02-28 or 28 Feb 2026.`},
		{name: "32/1 after by", text: "by 32/1", today: fri,
			err: `"32/1" is not a real date (January has 31 days). Write the due date like 31/01 or 31 Jan.`},
		{name: "29/02/2027", text: "29/02/2027", today: fri,
			err: `"29/02/2027" is not a real date (February has 28 days in 2027). Write the due date like 28/02/2027 or 28 Feb 2027.`},
		{name: "29 Feb when the next February is short", text: "by 29 Feb", today: fri, err: `February has 28 days in 2027`},
		{name: "31 April", text: "31 April", today: fri, err: `"31 April" is not a real date (April has 30 days).`},
		{name: "1/13 after by", text: "by 1/13", today: fri, err: `"1/13" is not a real date: there is no month 13.`},
		{name: "month first after by", text: "by 12/25", today: fri,
			err: `"12/25" is not a real date: there is no month 25. Dates are written day first: 25 December is 25/12.`},
		{name: "day 0", text: "by 0/12", today: fri, err: `there is no day 0`},
		{name: "ISO month 13", text: "2026-13-01", today: fri, err: `there is no month 13`},
		{name: "three-digit year", text: "by 1/12/202", today: fri, err: `the year should have two or four digits`},
		{name: "two different dates", text: "by Friday, or 28 Nov at the latest", today: fri,
			err: `The text gives two different due dates, "by Friday" (Fri 4 Dec 2026) and "28 Nov" (Sat 28 Nov 2026). Write only one.`},
		{name: "today and another date", text: "as agreed today, DWP to share data by Friday", today: fri,
			err: `two different due dates`},
	}
	runFind(t, cases)
}

// runFind runs a table of Find cases: the date, the phrase, the note the reply
// must show (none unless the case names one), or the refusal.
func runFind(t *testing.T, cases []findCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, ok, err := Find(tc.text, tc.today)
			if tc.err != "" {
				wantRefusal(t, err, tc.err)
				if ok {
					t.Errorf("ok is true with a refusal: %+v", r)
				}
				return
			}
			if err != nil {
				t.Fatalf("Find(%q) error: %v", tc.text, err)
			}
			if tc.want.IsZero() && tc.note == "" {
				if ok {
					t.Fatalf("Find(%q) found %q (%s), want no due date", tc.text, r.Phrase, r.Date)
				}
				return
			}
			if !ok {
				t.Fatalf("Find(%q) found nothing, want %s", tc.text, tc.want)
			}
			switch {
			case tc.note == "" && r.Note != "":
				t.Errorf("Find(%q) has the note %q, want none", tc.text, r.Note)
			case !strings.Contains(r.Note, tc.note):
				t.Errorf("Find(%q) has the note %q, want it to contain %q", tc.text, r.Note, tc.note)
			}
			phrase := tc.phrase
			if phrase == "" {
				phrase = tc.text
			}
			if r.Date != tc.want || r.Phrase != phrase || r.Explicit != tc.explicit {
				t.Errorf("Find(%q) = %s %q explicit=%v, want %s %q explicit=%v",
					tc.text, r.Date, r.Phrase, r.Explicit, tc.want, phrase, tc.explicit)
			}
			if tc.text[r.Start:r.End] != r.Phrase {
				t.Errorf("text[%d:%d] = %q, want the phrase %q", r.Start, r.End, tc.text[r.Start:r.End], r.Phrase)
			}
		})
	}
}

func TestFindOffsets(t *testing.T) {
	text := "DWP to share Restart leaver data with the ICB by Friday."
	r, ok, err := Find(text, fri)
	if err != nil || !ok {
		t.Fatalf("Find: ok=%v err=%v", ok, err)
	}
	if want := strings.Index(text, "by Friday"); r.Start != want || r.End != want+len("by Friday") {
		t.Errorf("offsets %d..%d, want %d..%d", r.Start, r.End, want, want+len("by Friday"))
	}
}

func TestParse(t *testing.T) {
	cases := []struct {
		name   string
		text   string
		want   civil.Date
		phrase string
		err    string
	}{
		{name: "weekday", text: "Friday", want: day(2026, 12, 4), phrase: "Friday"},
		{name: "by weekday", text: "by Friday", want: day(2026, 12, 4), phrase: "by Friday"},
		{name: "abbreviation alone", text: "fri", want: day(2026, 12, 4), phrase: "fri"},
		{name: "due ISO", text: "due 2026-12-01", want: day(2026, 12, 1), phrase: "due 2026-12-01"},
		{name: "on numeric", text: "on 1/12", want: day(2026, 12, 1), phrase: "on 1/12"},
		{name: "before name", text: "before 28 Nov", want: day(2026, 11, 28), phrase: "before 28 Nov"},
		{name: "spaces and a full stop", text: "  28 Nov. ", want: day(2026, 11, 28), phrase: "28 Nov"},
		{name: "lower-case may", text: "may 5", want: day(2027, 5, 5), phrase: "may 5"},
		{name: "in weeks", text: "in 2 weeks", want: day(2026, 12, 11), phrase: "in 2 weeks"},
		{name: "end of month", text: "end of the month", want: day(2026, 11, 30), phrase: "end of the month"},
		{name: "impossible", text: "31/02", err: `"31/02" is not a real date (February has 28 days in 2027).`},
		{name: "out of range", text: "32/1", err: `"32/1" is not a real date (January has 31 days).`},
		{name: "month first", text: "12/25", err: `there is no month 25`},
		{name: "financial year", text: "25/26", err: `"25/26" is not a date I can read.`},
		{name: "two phrases", text: "Friday and Monday", err: `"Friday and Monday" is not a date I can read.`},
		{name: "empty", text: "   ", err: `Give a due date, like 28 Nov`},
		{name: "length of time", text: "2 weeks", err: `"2 weeks" is not a date I can read.`},
		{name: "next week is its Friday", text: "next week", want: day(2026, 12, 4), phrase: "next week"},
		{name: "by next week", text: "by next week", want: day(2026, 12, 4), phrase: "by next week"},
		{name: "a month is not a day", text: "December", err: `"December" names a month, not a day. Write the day, like 1 Dec or end of December.`},
		{name: "ASAP is not a due date", text: "ASAP",
			err: `"ASAP" is not a date, so it cannot be a due date. Give the day it is needed by, like tomorrow or Friday.`},
		{name: "due TBC is not a due date", text: "due TBC", err: `"TBC" is not a date, so it cannot be a due date.`},
		{name: "just passed", text: "by 26/11", err: `26 Nov has passed (yesterday), so "26/11" could mean 26 Nov 2026 or 26 Nov 2027.`},
		{name: "mid-month", text: "mid-December", err: `"mid-December" is not one day`},
		{name: "words", text: "whenever", err: `"whenever" is not a date I can read. Write the due date like 28 Nov, 1/12`},
		{name: "long text is cut", text: strings.Repeat("x", 60),
			err: fmt.Sprintf(`%q is not a date I can read`, strings.Repeat("x", 40)+"…")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Parse(tc.text, fri)
			if tc.err != "" {
				wantRefusal(t, err, tc.err)
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.text, err)
			}
			if r.Date != tc.want || r.Phrase != tc.phrase || tc.text[r.Start:r.End] != r.Phrase {
				t.Errorf("Parse(%q) = %s %q [%d:%d], want %s %q", tc.text, r.Date, r.Phrase, r.Start, r.End, tc.want, tc.phrase)
			}
		})
	}
}

// TestWeekdaysEveryDay checks the weekday rules from every day of two years
// (clock changes and a leap year included) against their definitions.
func TestWeekdaysEveryDay(t *testing.T) {
	for today := day(2027, 1, 1); today < day(2029, 1, 1); today++ {
		monday := today.AddDays(-((int(today.Weekday()) + 6) % 7))
		for wd := time.Sunday; wd <= time.Saturday; wd++ {
			name := wd.String()
			by := mustFind(t, "by "+name, today)
			if by.Weekday() != wd || by <= today || by > today.AddDays(7) {
				t.Errorf("%s: by %s = %s, want the first %s after today", today, name, by, name)
			}
			this := mustFind(t, "this "+name, today)
			if this.Weekday() != wd || this < today || this >= today.AddDays(7) {
				t.Errorf("%s: this %s = %s, want the first %s on or after today", today, name, this, name)
			}
			next := mustFind(t, "next "+name, today)
			if next.Weekday() != wd || next < monday.AddDays(7) || next >= monday.AddDays(14) {
				t.Errorf("%s: next %s = %s, want the %s of the week starting %s", today, name, next, name, monday.AddDays(7))
			}
		}
	}
}

// TestDayMonthEveryDay checks a day and month without a year, from every fifth
// day of two years (a leap year and both year ends included), for every day of the
// year, against the rule's definition: the next such day on or after today; refused
// when it passed in the last 90 days or when none comes within a year; and a note
// whenever the day is taken in a later year than today's.
func TestDayMonthEveryDay(t *testing.T) {
	for today := day(2027, 1, 1); today < day(2029, 1, 1); today += 5 {
		ty, _, _ := today.YMD()
		for m := time.January; m <= time.December; m++ {
			for d := 1; d <= 31; d++ {
				text := fmt.Sprintf("by %d/%d", d, m)
				r, ok, err := Find(text, today)
				var prev, next civil.Date
				for c := today.AddDays(-400); c < today.AddDays(400); c++ {
					if _, cm, cd := c.YMD(); cm == m && cd == d {
						if c < today {
							prev = c
						} else if next.IsZero() {
							next = c
						}
					}
				}
				switch {
				case !prev.IsZero() && today-prev <= 90:
					// Just passed: refused, naming both readings.
					if err == nil || ok {
						t.Errorf("%s: %s gave %s ok=%v, want a refusal", today, text, r.Date, ok)
					} else if !strings.Contains(err.Error(), prev.UK()) || (!next.IsZero() && next <= prev.AddDays(366) && !strings.Contains(err.Error(), next.UK())) {
						t.Errorf("%s: %s refused with %q, want both readings %s and %s", today, text, err, prev.UK(), next.UK())
					}
				case next.IsZero() || next > today.AddDays(365):
					// No such day within the coming year (31/04, or 29/02 when the next February is short): refused.
					if err == nil || ok {
						t.Errorf("%s: %s gave %s ok=%v, want a refusal", today, text, r.Date, ok)
					}
				case err != nil || !ok || r.Date != next || r.Explicit:
					t.Errorf("%s: %s = %s ok=%v err=%v, want %s", today, text, r.Date, ok, err, next)
				default:
					ny, _, _ := next.YMD()
					if (ny > ty) != (r.Note != "") || (r.Note != "" && !strings.Contains(r.Note, next.Time().Format("Mon 2 Jan 2006"))) {
						t.Errorf("%s: %s = %s with note %q; a note must say the date exactly when it is in a later year", today, text, r.Date, r.Note)
					}
				}
			}
		}
	}
}

func mustFind(t *testing.T, text string, today civil.Date) civil.Date {
	t.Helper()
	r, ok, err := Find(text, today)
	if err != nil || !ok {
		t.Fatalf("Find(%q) on %s: ok=%v err=%v", text, today, ok, err)
	}
	return r.Date
}

func wantRefusal(t *testing.T, err error, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want a refusal containing %q", msg)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T), want a due.Error", err, err)
	}
	if !strings.Contains(e.Message, msg) {
		t.Errorf("message %q, want it to contain %q", e.Message, msg)
	}
}
