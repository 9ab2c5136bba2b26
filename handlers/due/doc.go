// Package due reads due dates for the action log from the phrases people use in
// UK meetings ("by Friday", "by 1/12", "end of month"), relative to a given today.
// It is pure: no clock, no zone, no I/O. The caller passes today's calendar date
// in the configured zone.
//
// # What the phrases mean
//
// All phrases are case-insensitive and may start with "by", "due", "on", "before",
// "due by", "due on" or "due before" (and "the": "by the end of the month").
//
//   - Weekdays. "by Friday", "on Friday" and a bare "Friday" mean the first Friday
//     after today: said on a Friday, they mean the Friday a week later (nobody says
//     "by Friday" for the same day; they say "today"). "this Friday" is the first
//     Friday on or after today, so on a Friday it means today. "next Tuesday" is the
//     Tuesday of next week, weeks running Monday to Sunday: on Monday 23 Nov 2026 and
//     on Sunday 29 Nov 2026 alike it is 1 Dec 2026. Abbreviations (Fri, Tues) count
//     only after a lead word or "this"/"next", or before a date ("Tue 1/12"), because
//     "sat", "sun" and "wed" are ordinary words; "Friday's" is not a due date.
//     A weekday followed by a date ("Friday 4 Dec") is one due date: the weekday
//     must be the date's, or the text is refused.
//   - "today", "tomorrow".
//   - Dates without a year ("28 Nov", "28th November", "Nov 28", "1/12") mean the
//     next such day on or after today: once 28 Nov has passed it means 28 Nov next
//     year. Numeric dates are day first: 1/12 is 1 December, 12/1 is 12 January.
//     A lower-case "may" needs a lead word ("by may 5"), because "may" is a verb.
//   - Dates with a year ("1/12/2026", "1/12/26", "2026-12-01", "1 Dec 2026") are
//     Explicit and may be in the past; the caller flags that. Two-digit years are
//     20xx. Every other phrase gives today or a later day.
//   - "in 3 days", "in 2 weeks", "in a week", "within two weeks", "in a fortnight",
//     "in 2 weeks' time": that many days on. "in a month", "in 3 months", "in a
//     year": the same day of the month that many months on, or the last day of
//     the month when it has no such day (31 Jan + 1 month is 28 or 29 Feb). "2 weeks"
//     without "in" is a length of time, not a due date, and is left alone.
//   - "end of month", "end of the month", "end of this month": the last day of this
//     month; "end of next month": the last day of next month. "end of week", "end
//     of the week": the first Friday on or after today (on a Saturday or Sunday,
//     the coming Friday); "end of next week": the Friday of next week. "end of March"
//     is 31 March of the next March not yet past (of this year up to 31 March);
//     "end of March 2027" is Explicit.
//
// # What is refused, and what is left alone
//
// A phrase that names an impossible date is refused with a message that says what
// was wrong and how to write it; nothing is normalised or guessed: "31/02", "30 Feb",
// "2026-02-30", "29/02/2027", and "29 Feb" when the next February has 28 days.
// Text with two different due dates is refused too, even when one of them only
// tells a story ("as agreed today, ... by Friday"): which one is meant is not
// guessed. The same date written twice ("by Friday (4 Dec)") is one due date.
// Numbers that cannot be a day and month ("32/1", "1/13", "45/100") are refused
// after a lead word ("by 32/1") or in Parse, and left alone in other text. Never
// read as dates: ranges and codes ("16-24", "IMD 1-2", "Q3", "50+", "£1.2m",
// "E08000003") and financial years ("2025/26", "25/26"). Left alone unless a lead
// word says they are dates ("by 24/7" is 24 July): "24/7", numbers after a reference
// word ("page 3/4", "para 1/2", "section 2/3") and "1/2/3". Fractions ("1/2 of the
// cohort", "by 1/2 of") are never dates. Other day/month pairs in range are dates: "3/4" is 3 April, because
// UK officers write dates like that.
//
// # Why part of this is hand-written
//
// Relative phrases ("today", "tomorrow", "in N days", "in N weeks") are worked out
// by github.com/olebedev/when, called on the recognised phrase alone with noon UTC
// of today as its base (whole days from noon never cross a date line, whatever the
// clocks do). Everything else is strict code here, run before when sees anything,
// because when, measured on its v1.1.0, is wrong for it: "by 1/12" gives today,
// "2026-12-01" is read as the time 12:01, "31/02" and "30 Feb" are silently
// skipped or moved into March, "28 Nov" said on 31 Oct comes out as 28 Dec (it sets
// the month before the day), month-name dates never roll over to next year, "in a
// month" from 27 Nov 2026 gives 27 Dec 2025, "1 Dec 2026" is not found, and its
// weekday rule reads "next Tuesday" as the first Tuesday after today. On free text
// it also reads "16-24" as 16:24 and the verb "may" as May, so it never sees the
// whole action text.
package due
