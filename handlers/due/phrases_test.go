package due

import (
	"testing"
	"time"
)

// The fixed days of the phrase tables (weekdays checked against Python's calendar).
var (
	dec4  = day(2026, time.December, 4)  // a Friday, three days after 1 Dec
	sep1  = day(2026, time.September, 1) // a Tuesday
	dec30 = day(2026, time.December, 30) // a Wednesday, the year's end
	jan5  = day(2027, time.January, 5)   // a Tuesday, just after it
)

// TestDayMonthWithoutYear is the 90-day rule at fixed days: a day and month that
// passed in the last 90 days is refused, naming both readings; one that passed
// longer ago is next year's, and the note says so.
func TestDayMonthWithoutYear(t *testing.T) {
	runFind(t, []findCase{
		// Said on 4 Dec 2026.
		{name: "1/12 on 4 Dec", text: "by 1/12", today: dec4,
			err: `1 Dec has passed (3 days ago), so "1/12" could mean 1 Dec 2026 or 1 Dec 2027. Write 1/12/2027 for next year, or 1/12/2026 if it was due then.`},
		{name: "1 Dec on 4 Dec", text: "by 1 Dec", today: dec4,
			err: `1 Dec has passed (3 days ago), so "1 Dec" could mean 1 Dec 2026 or 1 Dec 2027. Write 1 Dec 2027 for next year, or 1 Dec 2026 if it was due then.`},
		{name: "Dec 1 on 4 Dec", text: "Dec 1", today: dec4, err: `Write Dec 1 2027 for next year, or Dec 1 2026 if it was due then.`},
		{name: "1st of December on 4 Dec", text: "by the 1st of December", today: dec4, err: `Write 1st of December 2027 for next year`},
		{name: "28 Nov on 4 Dec", text: "by 28 Nov", today: dec4,
			err: `28 Nov has passed (6 days ago), so "28 Nov" could mean 28 Nov 2026 or 28 Nov 2027.`},
		{name: "weekday and passed date", text: "by Tue 1/12", today: dec4, err: `1 Dec has passed (3 days ago)`},
		{name: "inside an action", text: "GMCA to send the IPS referral figures by 1/12", today: dec4, err: `1 Dec has passed`},
		{name: "1/12 with its year is next year's", text: "by 1/12/2027", today: dec4, want: day(2027, 12, 1), explicit: true},
		{name: "1/12 with this year is past and says so", text: "by 1/12/2026", today: dec4, want: day(2026, 12, 1), explicit: true,
			note: `The due date 1 Dec 2026 is already past (3 days ago): check it.`},
		{name: "90 days ago is refused", text: "by 5/9", today: dec4, err: `5 Sep has passed (90 days ago)`},
		{name: "91 days ago is next year's", text: "by 4/9", today: dec4, want: day(2027, 9, 4),
			note: `No year was given, so "4/9" is read as the next 4 Sep: Sat 4 Sep 2027.`},
		{name: "1/9 on 4 Dec is next year's", text: "by 1/9", today: dec4, want: day(2027, 9, 1),
			note: `No year was given, so "1/9" is read as the next 1 Sep: Wed 1 Sep 2027.`},
		{name: "1/3 on 4 Dec is next March", text: "by 1/3", today: dec4, want: day(2027, 3, 1), note: `Mon 1 Mar 2027`},
		{name: "later this month", text: "by 25 Dec", today: dec4, want: day(2026, 12, 25)},
		{name: "today's date", text: "by 4/12", today: dec4, want: dec4},
		{name: "end of November just passed", text: "by end-Nov", today: dec4,
			err: `The end of November has passed (4 days ago), so "end-Nov" could mean 30 Nov 2026 or 30 Nov 2027.`},

		// Said on 1 Sep 2026.
		{name: "1/12 on 1 Sep", text: "by 1/12", today: sep1, want: day(2026, 12, 1)},
		{name: "1 Dec on 1 Sep", text: "by 1 Dec", today: sep1, want: day(2026, 12, 1)},
		{name: "yesterday on 1 Sep", text: "by 31/8", today: sep1, err: `31 Aug has passed (yesterday)`},
		{name: "end of August on 1 Sep", text: "by the end of August", today: sep1, err: `The end of August has passed (yesterday)`},
		{name: "92 days ago on 1 Sep", text: "by 1/6", today: sep1, want: day(2027, 6, 1), note: `Tue 1 Jun 2027`},
		{name: "90 days ago on 1 Sep", text: "by 3/6", today: sep1, err: `3 Jun has passed (90 days ago)`},

		// Across the year's end: said on 30 Dec 2026 and on 5 Jan 2027.
		{name: "2/1 on 30 Dec", text: "by 2/1", today: dec30, want: day(2027, 1, 2),
			note: `No year was given, so "2/1" is read as the next 2 Jan: Sat 2 Jan 2027.`},
		{name: "1 Jan on 30 Dec", text: "by 1 Jan", today: dec30, want: day(2027, 1, 1), note: `Fri 1 Jan 2027`},
		{name: "29/12 on 30 Dec", text: "by 29/12", today: dec30,
			err: `29 Dec has passed (yesterday), so "29/12" could mean 29 Dec 2026 or 29 Dec 2027.`},
		{name: "31 Dec on 30 Dec", text: "by 31 Dec", today: dec30, want: day(2026, 12, 31)},
		{name: "end of January on 30 Dec", text: "by the end of January", today: dec30, want: day(2027, 1, 31), note: `Sun 31 Jan 2027`},
		{name: "20/12 on 5 Jan is last December's", text: "by 20/12", today: jan5,
			err: `20 Dec has passed (16 days ago), so "20/12" could mean 20 Dec 2026 or 20 Dec 2027. Write 20/12/2027 for next year, or 20/12/2026 if it was due then.`},
		{name: "7/10 on 5 Jan is 90 days ago", text: "by 7/10", today: jan5, err: `7 Oct has passed (90 days ago)`},
		{name: "1/10 on 5 Jan is this year's", text: "by 1/10", today: jan5, want: day(2027, 10, 1)},
		{name: "end of December on 5 Jan", text: "by the end of December", today: jan5,
			err: `could mean 31 Dec 2026 or 31 Dec 2027`},
	})
}

// TestPastDates: a date more than a year in the past is taken only with its year,
// and marked as past; older than five years it is refused.
func TestPastDates(t *testing.T) {
	runFind(t, []findCase{
		{name: "a year and 3 days ago", text: "by 1/12/2025", today: dec4, want: day(2025, 12, 1), explicit: true,
			note: `The due date 1 Dec 2025 is already past (over a year ago): check it.`},
		{name: "two years ago", text: "due 2024-12-01", today: dec4, want: day(2024, 12, 1), explicit: true,
			note: `already past (over 2 years ago)`},
		{name: "a year ago to the day across the year end", text: "by 30/12/2025", today: dec30, want: day(2025, 12, 30), explicit: true,
			note: `over a year ago`},
		{name: "five years ago to the day", text: "by 4/12/2021", today: dec4, want: day(2021, 12, 4), explicit: true,
			note: `over 5 years ago`},
		{name: "over five years ago", text: "by 3/12/2021", today: dec4,
			err: `"3/12/2021" is over 5 years ago, too long ago to be a due date. Check the year.`},
		{name: "a date of birth", text: "Jane 3/4/1978 to call back", today: dec4,
			err: `"3/4/1978" is over 48 years ago, too long ago to be a due date. Check the year. Dates that are not due dates, such as a resident's date of birth, do not belong in an action.`},
		{name: "before 1970", text: "by 31 Dec 1969", today: dec4, err: `too long ago to be a due date`},
		{name: "end of a month long ago", text: "end of March 2019", today: dec4, err: `too long ago`},
		{name: "without its year a date is never past", text: "by 3/4", today: dec4, want: day(2027, 4, 3), note: `next 3 Apr`},
	})
}

// TestPhrases is every due-date phrase the issue names, and others officers type,
// at fixed days: understood, refused with a message, or (ordinary text) left alone.
func TestPhrases(t *testing.T) {
	runFind(t, []findCase{
		// The phrases the issue names, on Friday 4 Dec 2026.
		{name: "by next week is next week's Friday", text: "by next week", today: dec4, want: day(2026, 12, 11)},
		{name: "next week in an action", text: "DWP to share the data next week", today: dec4, want: day(2026, 12, 11), phrase: "next week"},
		{name: "this week on a Friday is today", text: "by this week", today: dec4, want: dec4},
		{name: "end of the week on a Friday", text: "end of the week", today: dec4, want: dec4},
		{name: "by the end of the week", text: "by the end of the week", today: dec4, want: dec4},
		{name: "in a fortnight", text: "in a fortnight", today: dec4, want: day(2026, 12, 18)},
		{name: "by the end of March", text: "by the end of March", today: dec4, want: day(2027, 3, 31),
			note: `No year was given, so "end of March" is read as the next end of March: Wed 31 Mar 2027.`},
		{name: "by mid-January", text: "by mid-January", today: dec4,
			err: `"mid-January" is not one day, so it cannot be a due date. Write the date you mean, like 15 Jan.`},
		{name: "ASAP", text: "ASAP", today: dec4, note: `"ASAP" is not a date, so no due date is set.`},
		{name: "ASAP in an action", text: "DWP to send the figures ASAP", today: dec4, phrase: "ASAP", note: `"ASAP" is not a date`},
		{name: "ASAP with a date takes the date", text: "ASAP, and by Friday at the latest", today: dec4,
			want: day(2026, 12, 11), phrase: "by Friday"},

		// Weeks said on other days (weeks run Monday to Sunday).
		{name: "this week on a Monday", text: "this week", today: mon, want: day(2026, 11, 27)},
		{name: "next week on a Monday", text: "by next week", today: mon, want: day(2026, 12, 4)},
		{name: "this week on a Sunday is the coming Friday", text: "this week", today: sun, want: day(2026, 12, 4)},
		{name: "next week on a Sunday", text: "next week", today: sun, want: day(2026, 12, 4)},
		{name: "next week on 1 Sep", text: "by next week", today: sep1, want: day(2026, 9, 11)},
		{name: "this week on 1 Sep", text: "this week", today: sep1, want: day(2026, 9, 4)},
		{name: "a fortnight from 1 Sep", text: "in a fortnight", today: sep1, want: day(2026, 9, 15)},
		{name: "next week across the year end", text: "by next week", today: dec30, want: day(2027, 1, 8)},
		{name: "this week across the year end", text: "this week", today: dec30, want: day(2027, 1, 1)},
		{name: "end of the week across the year end", text: "end of the week", today: dec30, want: day(2027, 1, 1)},
		{name: "a fortnight across the year end", text: "in a fortnight", today: dec30, want: day(2027, 1, 13)},
		{name: "end of the month on 30 Dec", text: "end of the month", today: dec30, want: day(2026, 12, 31)},
		{name: "next month on 30 Dec", text: "by next month", today: dec30, want: day(2027, 1, 31)},
		{name: "end of the year on 30 Dec", text: "end of the year", today: dec30, want: day(2026, 12, 31)},
		{name: "in 3 days across the year end", text: "in 3 days", today: dec30, want: day(2027, 1, 2)},
		{name: "mid-January on 30 Dec", text: "by mid-January", today: dec30, err: `is not one day`},
		{name: "end of March on 1 Sep", text: "by the end of March", today: sep1, want: day(2027, 3, 31), note: `Wed 31 Mar 2027`},

		// Times of day: the day is the due date.
		{name: "close of play", text: "by close of play", today: dec4, want: dec4},
		{name: "COP with a day", text: "by COP Friday", today: dec4, want: day(2026, 12, 11)},
		{name: "5pm", text: "by 5pm", today: dec4, want: dec4},
		{name: "5pm on a day", text: "by 5pm on Monday", today: dec4, want: day(2026, 12, 7)},
		{name: "5 pm tomorrow", text: "by 5 pm tomorrow", today: dec4, want: day(2026, 12, 5)},
		{name: "EOD", text: "send it EOD", today: dec4, want: dec4, phrase: "EOD"},
		{name: "end of day", text: "by end of day", today: dec4, want: dec4},
		{name: "17:00", text: "by 17:00", today: dec4, want: dec4},
		{name: "noon with a day", text: "by noon Tuesday", today: dec4, want: day(2026, 12, 8)},
		{name: "this afternoon", text: "by this afternoon", today: dec4, want: dec4},
		{name: "10.30am", text: "by 10.30am", today: dec4, want: dec4},
		{name: "a day then its time", text: "by Friday 5pm", today: dec4, want: day(2026, 12, 11), phrase: "by Friday"},

		// Counted from today.
		{name: "a week today", text: "a week today", today: dec4, want: day(2026, 12, 11)},
		{name: "a week tomorrow", text: "report back a week tomorrow", today: dec4, want: day(2026, 12, 12), phrase: "a week tomorrow"},
		{name: "2 weeks from now", text: "2 weeks from now", today: dec4, want: day(2026, 12, 18)},
		{name: "a fortnight today", text: "a fortnight today", today: dec4, want: day(2026, 12, 18)},
		{name: "3 days from today", text: "3 days from today", today: dec4, want: day(2026, 12, 7)},
		{name: "within the next week", text: "within the next week", today: dec4, want: day(2026, 12, 11)},
		{name: "in the next 2 weeks", text: "in the next 2 weeks", today: dec4, want: day(2026, 12, 18)},
		{name: "in a week's time", text: "in a week's time", today: dec4, want: day(2026, 12, 11)},
		{name: "in fourteen days", text: "in fourteen days", today: dec4, want: day(2026, 12, 18)},
		{name: "the day after tomorrow", text: "by the day after tomorrow", today: dec4, want: day(2026, 12, 6)},

		// Months and years.
		{name: "next month", text: "by next month", today: dec4, want: day(2027, 1, 31)},
		{name: "this month", text: "this month", today: dec4, want: day(2026, 12, 31)},
		{name: "EOM", text: "by EOM", today: dec4, want: day(2026, 12, 31)},
		{name: "EOW", text: "EOW", today: dec4, want: dec4},
		{name: "month end", text: "by month end", today: dec4, want: day(2026, 12, 31)},
		{name: "end of the financial year", text: "by the end of the financial year", today: dec4, want: day(2027, 3, 31)},
		{name: "end of next financial year", text: "end of next financial year", today: dec4, want: day(2028, 3, 31)},
		{name: "end of the financial year on its last day", text: "end of the financial year", today: day(2027, 3, 31), want: day(2027, 3, 31)},
		{name: "end of the year", text: "by the end of the year", today: dec4, want: day(2026, 12, 31)},
		{name: "end of next year", text: "by the end of next year", today: dec4, want: day(2027, 12, 31)},
		{name: "end March without of", text: "by end March", today: dec4, want: day(2027, 3, 31), note: `end of March`},

		// Weekdays with their week or day of the month.
		{name: "Friday next week", text: "by Friday next week", today: dec4, want: day(2026, 12, 11)},
		{name: "Tuesday of next week", text: "Tuesday of next week", today: dec4, want: day(2026, 12, 8)},
		{name: "next week Tuesday", text: "next week Tuesday", today: dec4, want: day(2026, 12, 8)},
		{name: "Thursday this week on a Monday", text: "by Thursday this week", today: mon, want: day(2026, 11, 26)},
		{name: "Monday this week on a Friday has passed", text: "Monday this week", today: dec4,
			err: `"Monday this week" has passed: it was Mon 30 Nov 2026. Write the due date, like next Monday or 7 Dec.`},
		{name: "Monday 7th", text: "by Monday 7th", today: dec4, want: day(2026, 12, 7)},
		{name: "Monday the 7th", text: "by Monday the 7th", today: dec4, want: day(2026, 12, 7)},
		{name: "Monday 8th does not fit", text: "by Monday 8th", today: dec4,
			err: `"Monday 8th" does not say which month, and Monday is 7 Dec. Write the date with its month, like Mon 8 Feb 2027.`},
		{name: "possessive after a lead word", text: "papers by Friday's board", today: dec4, want: day(2026, 12, 11), phrase: "by Friday's"},
		{name: "this coming Monday", text: "this coming Monday", today: dec4, want: day(2026, 12, 7)},
		{name: "this coming Friday on a Friday", text: "this coming Friday", today: dec4, want: day(2026, 12, 11)},

		// Other lead words.
		{name: "due date", text: "due date Friday", today: dec4, want: day(2026, 12, 11)},
		{name: "no later than", text: "no later than 18 Dec", today: dec4, want: day(2026, 12, 18)},
		{name: "deadline", text: "deadline Friday", today: dec4, want: day(2026, 12, 11)},
		{name: "due TBC", text: "report due TBC", today: dec4, phrase: "due TBC", note: `"TBC" is not a date, so no due date is set.`},
		{name: "due date to be confirmed", text: "due date to be confirmed", today: dec4, note: `"to be confirmed" is not a date`},
		{name: "as soon as possible", text: "as soon as possible", today: dec4, note: `"as soon as possible" is not a date`},
		{name: "a.s.a.p.", text: "send a.s.a.p.", today: dec4, phrase: "a.s.a.p", note: `"a.s.a.p" is not a date`},

		// Refused: date-like, but not one day.
		{name: "middle of next month", text: "by the middle of next month", today: dec4, err: `"middle of next month" is not one day`},
		{name: "early next week", text: "early next week", today: dec4,
			err: `"early next week" is not one day, so it cannot be a due date. Write the date you mean, like next Tuesday.`},
		{name: "late March", text: "by late March", today: dec4, err: `"late March" is not one day, so it cannot be a due date. Write the date you mean, like 25 Mar.`},
		{name: "beginning of next month", text: "by the beginning of next month", today: dec4, err: `is not one day`},
		{name: "start of January", text: "by the start of January", today: dec4, err: `like 1 Jan`},
		{name: "mid-Jan at the end of the text", text: "meet mid-Jan", today: dec4, err: `"mid-Jan" is not one day`},
		{name: "mid-Jan before a clause", text: "meet mid-Jan to agree the plan", today: dec4, err: `"mid-Jan" is not one day`},
		{name: "early 2027", text: "by early 2027", today: dec4, err: `"early 2027" is not one day`},
		{name: "week commencing", text: "w/c 7 Dec", today: dec4,
			err: `"w/c 7 Dec" is a week, not a day. Write the day it is due, like 7 Dec or 11 Dec.`},
		{name: "week commencing in words", text: "week commencing 7/12", today: dec4, err: `is a week, not a day`},
		{name: "week ending", text: "the week ending 11 Dec", today: dec4,
			err: `"week ending 11 Dec" is a week, not a day. Write the day it is due, like 11 Dec.`},
		{name: "w/e", text: "figures for w/e 11/12", today: dec4, err: `"w/e 11/12" is a week, not a day. Write the day it is due, like 11 Dec.`},
		{name: "first Monday of a month", text: "by the first Monday of January", today: dec4,
			err: `"first Monday of January" is not a date I can read. Write the date itself`},
		{name: "last Friday of the month", text: "the last Friday of the month", today: dec4, err: `is not a date I can read`},
		{name: "first week of next month", text: "the first week of next month", today: dec4, err: `is not a date I can read`},
		{name: "Friday week", text: "by Friday week", today: dec4,
			err: `"Friday week" is read as different days by different people. Write the date, like 18 Dec.`},
		{name: "Friday after next", text: "by the Friday after next", today: dec4, err: `"Friday after next" is read as different days`},
		{name: "a week on Friday", text: "a week on Friday", today: dec4, err: `"a week on Friday" is read as different days by different people. Write the date, like 18 Dec.`},
		{name: "a month alone", text: "by December", today: dec4,
			err: `"by December" names a month, not a day. Write the day, like 1 Dec or end of December.`},
		{name: "a month and year", text: "by Dec 2027", today: dec4, err: `Write the day, like 1 Dec 2027 or end of December 2027.`},
		{name: "due in a month", text: "due in January", today: dec4, err: `"due in January" names a month, not a day.`},
		{name: "a day of the month alone", text: "by the 15th", today: dec4,
			err: `"by the 15th" does not say which month. Write the date with its month, like 15 Dec.`},
		{name: "on the 3rd", text: "meet on the 3rd", today: dec4, err: `"on the 3rd" does not say which month. Write the date with its month, like 3 Jan.`},
		{name: "a year alone", text: "by 2027", today: dec4, err: `"by 2027" is a year, not a day. Write the day, like 31 Dec 2027 or end of December 2027.`},
		{name: "a quarter", text: "by Q3", today: dec4,
			err: `"by Q3" could be the end of September (calendar quarter) or of December (financial year). Write the date, like 30 Sep or 31 Dec.`},
		{name: "end of Q1", text: "by the end of Q1", today: dec4, err: `could be the end of March (calendar quarter) or of June (financial year)`},
		{name: "end of Q4", text: "end of Q4", today: dec4, err: `could be the end of December (calendar quarter) or of March (financial year)`},
		{name: "end of the quarter", text: "by the end of the quarter", today: dec4, err: `could be a calendar or a financial quarter`},
		{name: "end of term", text: "by the end of term", today: dec4, err: `is not the same day for every school or college`},
		{name: "year end", text: "by year end", today: dec4, err: `"year end" could be 31 Dec or the end of the financial year (31 Mar).`},
		{name: "next year", text: "by next year", today: dec4, err: `"by next year" is not a date I can read: it does not name one day.`},
		{name: "Christmas", text: "by Christmas", today: dec4, err: `"by Christmas" is not a date I can read: it does not name one day.`},
		{name: "Christmas before a comma", text: "by Christmas, or sooner", today: dec4, err: `"by Christmas" is not a date I can read`},
		{name: "before the summer", text: "before the summer", today: dec4, err: `"before the summer" is not a date I can read`},
		{name: "new year", text: "by the new year", today: dec4, err: `is not a date I can read`},
		{name: "half term", text: "by half term", today: dec4, err: `is not a date I can read`},
		{name: "the weekend", text: "by the weekend", today: dec4, err: `is not a date I can read`},
		{name: "soon", text: "due soon", today: dec4, err: `"due soon" is not a date I can read`},
		{name: "last Friday after a lead word", text: "by last Friday", today: dec4, err: `"by last Friday" is in the past.`},
		{name: "yesterday after a lead word", text: "by yesterday", today: dec4, err: `"by yesterday" is in the past.`},
		{name: "a few weeks", text: "in a few weeks", today: dec4,
			err: `"in a few weeks" does not say how many. Write the due date like in 2 weeks, or the date itself, like 18 Dec.`},
		{name: "a couple of weeks", text: "back in a couple of weeks", today: dec4, err: `"in a couple of weeks" does not say how many`},
		{name: "the coming weeks", text: "in the coming weeks", today: dec4, err: `"in the coming weeks" does not say how many`},
		{name: "working days", text: "within 10 working days", today: dec4, err: `working days are not counted here`},
		{name: "hours", text: "within 24 hours", today: dec4, err: `"within 24 hours": a due date is a day, not a time. Write the day, like today or tomorrow.`},

		// Ordinary text after "by", "due", "before", "on": not a date.
		{name: "by the team", text: "agreed by the team", today: dec4},
		{name: "before the board meets", text: "share the draft before the board meets", today: dec4},
		{name: "by an agency", text: "to be checked by the ICB", today: dec4},
		{name: "on track", text: "Restart referrals on track", today: dec4},
		{name: "due to", text: "delayed due to staff sickness", today: dec4},
		{name: "in due course", text: "DWP will reply in due course", today: dec4},
		{name: "by email", text: "send it by email", today: dec4},
		{name: "by the next meeting", text: "agree it by the next meeting", today: dec4},
		{name: "on the 3rd floor", text: "meet on the 3rd floor", today: dec4},
		{name: "a name with a season", text: "funded by Christmas Trust grants", today: dec4},
		{name: "on with a season", text: "a note on summer school places", today: dec4},
		{name: "early years", text: "early years providers to be invited", today: dec4},
		{name: "late payment", text: "chase late payment of invoices", today: dec4},
		{name: "a mid-month adjective", text: "the mid-January cohort starts", today: dec4},
		{name: "a percentage", text: "reduce waits by 20%", today: dec4},
		{name: "a length after by", text: "extend the contract by 2 weeks", today: dec4},
		{name: "the first week of a placement", text: "the first week of the placement", today: dec4},
		{name: "a few cases", text: "in a few cases", today: dec4},
		{name: "by then and by now", text: "by then it should be done by now", today: dec4},
		{name: "a year number after in", text: "in 2025 we met", today: dec4},

		// Dates in the story, not the due date.
		{name: "since", text: "referrals paused since 1 Nov", today: dec4},
		{name: "from a weekday", text: "new referral route from Monday", today: dec4},
		{name: "until", text: "referrals paused until 5 Dec", today: dec4},
		{name: "last Friday", text: "notes from last Friday", today: dec4},
		{name: "every Friday", text: "meet every Friday", today: dec4},
		{name: "as of", text: "as of 1/12/2026 the cohort is closed", today: dec4},
		{name: "a story date and the due date", text: "referrals paused since 1 Nov; DWP to restart by Friday", today: dec4,
			want: day(2026, 12, 11), phrase: "by Friday"},
	})
}
