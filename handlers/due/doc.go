// Package due reads due dates for the action log from the phrases people use in
// UK meetings ("by Friday", "by 1/12", "end of month"), relative to a given today.
// It is pure: no clock, no zone, no I/O. The caller passes today's calendar date
// in the configured zone.
//
// Every phrase is either read, refused with a message that says what was wrong
// and how to write it, or (ordinary text) left alone; a date is never guessed. A
// Result carries a Note when the date alone would not show how the phrase was
// read (next year's, already past, no date); the reply must show it.
//
// # Lead words
//
// All phrases are case-insensitive and may start with "by", "due", "on", "before",
// "deadline", "due by", "due on", "due before", "due date" or "no later than" (and
// "the": "by the end of the month"). After a lead word the reading is stricter:
// abbreviations and a lower-case "may" count, out-of-range numbers are refused, and
// date-like words that are not understood are refused (see below).
//
// # What the phrases mean
//
//   - Weekdays. "by Friday", "on Friday" and a bare "Friday" mean the first Friday
//     after today: said on a Friday, they mean the Friday a week later (nobody says
//     "by Friday" for the same day; they say "today"). "this Friday" is the first
//     Friday on or after today, so on a Friday it means today; "this coming Friday"
//     is the first after today. "next Tuesday" is the Tuesday of next week, weeks
//     running Monday to Sunday: on Monday 23 Nov 2026 and on Sunday 29 Nov 2026
//     alike it is 1 Dec 2026. "Tuesday next week" and "Tuesday of next week" are
//     the same; "Tuesday this week" is this week's, refused once it has passed.
//     Abbreviations (Fri, Tues) count only after a lead word or "this"/"next", or
//     before a date ("Tue 1/12"), because "sat", "sun" and "wed" are ordinary words.
//     "Friday's" is not a due date ("notes from Friday's board"), except after a lead
//     word: "papers by Friday's board" are due by Friday. A weekday followed by a
//     date ("Friday 4 Dec") or a day of the month ("Monday 7th") is one due date:
//     the weekday must fall on it, or the text is refused.
//   - "today", "tomorrow", "the day after tomorrow".
//   - Weeks and months. "this week" and "end of the week" are the first Friday on
//     or after today (the end of the working week: on a Friday, today; on a Saturday
//     or Sunday, the coming Friday). "next week", "by next week" and "end of next
//     week" are the Friday of next week: "by next week" is read as "by the end of
//     next week", since the week is when the work is done, and Friday is the end of
//     the working week. "this month", "end of month", "end of the month", "month
//     end" and EOM are the last day of this month; "next month" and "end of next
//     month" the last day of next month. EOW is "end of the week".
//   - Years. "end of the year" is 31 December of this year, "end of next year" next
//     year's. "end of the financial year" is the next 31 March on or after today
//     (public bodies' years run April to March).
//   - Dates without a year ("28 Nov", "28th November", "Nov 28", "1/12", "end of
//     March", "end March", "end-March") mean the next such day on or after today,
//     with one exception: a day that passed in the last 90 days is refused, naming
//     both readings ("1 Dec has passed (3 days ago), so "1/12" could mean 1 Dec 2026
//     or 1 Dec 2027. Write 1/12/2027 for next year, or 1/12/2026 if it was due
//     then."), because an officer who writes "by 1/12" on 4 Dec has more likely
//     made a slip, or is logging something already late, than set a deadline a year
//     off. One that passed longer ago is next year's, and the Note says so ("No year
//     was given, so "1/3" is read as the next 1 Mar: Mon 1 Mar 2027."). The 90 days
//     count back across the year's end: on 5 Jan, "by 20/12" is refused. Numeric
//     dates are day first: 1/12 is 1 December, 12/1 is 12 January. A lower-case
//     "may" needs a lead word ("by may 5"), because "may" is a verb.
//   - Dates with a year ("1/12/2026", "1/12/26", "2026-12-01", "1 Dec 2026", "end of
//     March 2027") are Explicit and may be in the past: the Note then marks the date
//     as past ("The due date 1 Dec 2025 is already past (over a year ago): check
//     it."). A written date more than five years before today is refused: no action
//     is logged that late, and such a date is far more likely a date of birth.
//     Two-digit years are 20xx. Every other phrase gives today or a later day.
//   - "in 3 days", "in 2 weeks", "in a week", "within two weeks", "in a fortnight",
//     "in 2 weeks' time", "in a week's time", "within the next week", "in the next 2
//     weeks", "a week today", "a week tomorrow", "2 weeks from now", "3 days from
//     today": that many days on. Number words go up to twenty, and thirty. "in a
//     month", "in 3 months", "in a year": the same day of the month that many months
//     on, or the last day of the month when it has no such day (31 Jan + 1 month is
//     28 or 29 Feb). "2 weeks" without "in" is a length of time, not a due date, and
//     is left alone ("extend the contract by 2 weeks").
//   - Times of day: the day is the due date. "by 5pm", "by 17:00", "by noon", "by
//     close of play", "COP", "EOD", "end of day", "this afternoon": today; followed by
//     a day, that day ("by 5pm on Monday", "COP Friday", "by 5 pm tomorrow"). A time
//     after the day ("Friday 5pm") is left out of the phrase.
//   - No date. "ASAP", "a.s.a.p." and "as soon as possible", and after a lead word
//     "TBC", "TBD" and "to be confirmed" ("due date TBC"), set no due date: the Note
//     says so. With a date in the same text ("ASAP, and by Friday at the latest")
//     the date is the due date. Parse (a due date asked for) refuses them.
//
// # What is refused
//
// A phrase that names an impossible date is refused with a message that says what
// was wrong and how to write it; nothing is normalised or guessed: "31/02", "30 Feb",
// "2026-02-30", "29/02/2027", and "29 Feb" when the next February has 28 days.
// Text with two different due dates is refused too, even when one of them only
// tells a story ("as agreed today, ... by Friday"): which one is meant is not
// guessed. The same date written twice ("by Friday (4 Dec)") is one due date.
//
// Phrases that name no one day are refused, each with an example of what to write:
//   - anywhere in the text: "mid-January", "mid January", "the middle of next
//     month", "early next week", "late March", "early 2027", "the beginning of next
//     month", "the start of January" (where the phrase ends, or after a lead word,
//     so that "the mid-January cohort" and "early years" stay text); "w/c 7 Dec" and
//     "week commencing 7/12" (a week, not a day); "the first Monday of January", "the
//     last Friday of the month", "the first week of next month"; "Friday week", "the
//     Friday after next" and "a week on Friday" (people count them differently); "in
//     a few weeks", "in a couple of weeks", "in the coming weeks"; "within 10 working
//     days" (bank holidays and part-time weeks differ); "within 24 hours" (a due date
//     is a day); "end of the quarter", "end of Q3" (calendar or financial?), "end of
//     term" and "year end" (31 Dec or 31 Mar?).
//   - after a lead word, where the phrase ends (end of text, punctuation, or a word
//     that starts a new clause: "at", "or", "and", "to", "please"…): a month alone
//     ("by December", "by Dec 2027", "due in January"), a day of the month alone ("by
//     the 15th", "on the 3rd"), a year ("by 2027"), a quarter ("by Q3"), "next year",
//     "the weekend", seasons and holidays ("by Christmas", "before the summer", "by the
//     new year", "by half term"), "soon", and the past ("by last Friday", "by
//     yesterday"). After "on" only months, days of the month and the past are refused,
//     since "on summer school places" and "on track" are text.
//
// Numbers that cannot be a day and month ("32/1", "1/13", "45/100") are refused
// after a lead word ("by 32/1") or in Parse, and left alone in other text.
//
// # What is left alone
//
// Ordinary text after a lead word is not a date: "agreed by the team", "before the
// board meets", "by the ICB", "by email", "due to staff sickness", "in due course",
// "by the next meeting" (an event has no date Frontdoor knows: the action is logged
// with no due date, and the reply shows "no due date"), "on the 3rd floor", "funded
// by Christmas Trust grants" (the date-like word does not end the phrase), "reduce
// waits by 20%", "by then".
//
// A date right after "since", "from", "after", "until", "till", "starting",
// "between", "last", "previous", "past", "every", "each" or "as of" belongs to the
// story of the action, not its due date, and is left alone: "referrals paused since
// 1 Nov; DWP to restart by Friday" is due on Friday, and "notes from last Friday"
// has no due date.
//
// Never read as dates: ranges and codes ("16-24", "IMD 1-2", "Q3" outside a lead,
// "50+", "£1.2m", "E08000003") and financial years ("2025/26", "25/26", even after
// "by"). Left alone unless a lead word says they are dates ("by 24/7" is 24 July):
// "24/7", numbers after a reference word ("page 3/4", "para 1/2", "section 2/3") and
// "1/2/3". Fractions ("1/2 of the cohort", "by 1/2 of") are never dates. Other
// day/month pairs in range are dates: "3/4" is 3 April, because UK officers write
// dates like that.
//
// # Why it is hand-written
//
// The whole grammar is code of this package. Relative phrases ("today", "in N
// days") are a few lines of whole-day arithmetic on calendar dates, so no clock
// change or zone can move them. A general date library was used for those once
// (github.com/olebedev/when v1.1.0) and measured wrong for everything else here: "by
// 1/12" gave today, "2026-12-01" was read as the time 12:01, "31/02" and "30 Feb"
// were skipped or moved into March, "28 Nov" said on 31 Oct came out as 28 Dec,
// month-name dates never rolled over to next year, "in a month" from 27 Nov 2026
// gave 27 Dec 2025, and "next Tuesday" was the first Tuesday after today; on free
// text it read "16-24" as 16:24 and the verb "may" as May.
package due
