package due

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"frontdoor/handlers/civil"
)

// The readers below each look at word j and either read a phrase there (a due
// date, or a refusal of it) or report that none starts at j. They are tried in
// the order of scanner.day; strict is set after a lead word or in Parse.

// recentDays is how far back a day and month without a year may have passed
// and still be refused rather than read as next year's ("by 1/12" on 4 Dec).
const recentDays = 90

// oldYears is how far back a written date may be and still be taken as a due
// date (marked as past in the reply): older ones are refused.
const oldYears = 5

// timed reads a time of day, alone ("by 5pm", "by close of play": today) or
// before the day it is on ("by 5pm on Friday", "COP Thursday", "EOD tomorrow").
// A time after the day ("Friday 5pm") is left out of the phrase: the day is the due date.
func (s *scanner) timed(j int, strict bool) (phrase, bool) {
	k, ok := s.timeOfDay(j, strict)
	if !ok {
		return phrase{}, false
	}
	if s.joinedOrComma(k) {
		n := k + 1
		if s.at(n) == "on" && s.joined(n) {
			n++
		}
		if p, ok := s.day(n, true); ok {
			return p, true
		}
	}
	return s.dated(j, k, s.today, false), true
}

// timeOfDay reads a time of day at word j and returns its last word. Close of
// play and end of day are read anywhere; clock times and the short forms only
// where a date is expected, since "at 5pm" or "the cop" can be ordinary text.
func (s *scanner) timeOfDay(j int, strict bool) (int, bool) {
	switch w := s.at(j); w {
	case "eod", "eop":
		return j, true
	case "close":
		if s.next(j, "of") && (s.next(j+1, "play") || s.next(j+1, "business")) {
			return j + 2, true
		}
		return 0, false
	case "end":
		if !s.next(j, "of") {
			return 0, false
		}
		k := j + 2
		if s.at(k) == "the" && s.joined(k) {
			k++
		}
		switch s.at(k) {
		case "day", "play", "business":
			return k, true
		case "today":
			if k == j+2 {
				return k, true
			}
		}
		return 0, false
	}
	if !strict {
		return 0, false
	}
	switch w := s.at(j); w {
	case "cop", "cob", "noon", "midday", "lunchtime", "lunch", "tonight":
		return j, true
	case "this":
		if n := s.at(j + 1); s.joined(j) && (n == "morning" || n == "afternoon" || n == "evening") {
			return j + 1, true
		}
	case "12":
		if n := s.at(j + 1); s.joined(j) && (n == "noon" || n == "midday") {
			return j + 1, true
		}
	}
	w := s.at(j)
	if clockTime(w) {
		return j, true
	}
	if h, err := strconv.Atoi(w); err == nil && len(w) <= 2 && h >= 1 && h <= 12 && s.joined(j) {
		switch s.at(j + 1) {
		case "am", "pm", "a.m", "p.m":
			return j + 1, true
		}
	}
	return 0, false
}

// clockTime reports whether w is a clock time: "5pm", "5.30pm", "10:00am", "17:00".
func clockTime(w string) bool {
	rest, twelve := strings.CutSuffix(w, "am")
	if !twelve {
		rest, twelve = strings.CutSuffix(w, "pm")
	}
	hours, mins, colon := strings.Cut(rest, ":")
	if !colon && twelve {
		hours, mins, colon = strings.Cut(rest, ".")
	}
	if len(hours) == 0 || len(hours) > 2 || !allDigits(hours) {
		return false
	}
	h, _ := strconv.Atoi(hours)
	if colon {
		if len(mins) != 2 || !allDigits(mins) {
			return false
		}
		if m, _ := strconv.Atoi(mins); m > 59 {
			return false
		}
	}
	switch {
	case twelve:
		return h >= 1 && h <= 12
	case colon:
		return h <= 23
	}
	return false // "17" alone is a number
}

// undated reads phrases that say there is no due date yet: "ASAP" and "as soon
// as possible" anywhere; "TBC" and "to be confirmed" after a lead word ("due date
// TBC"), since a venue can be TBC too.
func (s *scanner) undated(j int, strict bool) (phrase, bool) {
	k := -1
	switch w := s.at(j); {
	case w == "asap" || w == "a.s.a.p":
		k = j
	case w == "as" && s.next(j, "soon") && s.next(j+1, "as") && s.next(j+2, "possible"):
		k = j + 3
	case strict && (w == "tbc" || w == "tbd" || w == "tba"):
		k = j
	case strict && w == "to" && s.next(j, "be") && s.joined(j+1):
		switch s.at(j + 2) {
		case "confirmed", "agreed", "decided", "arranged":
			k = j + 2
		}
	}
	if k < 0 {
		return phrase{}, false
	}
	return phrase{last: k, note: fmt.Sprintf("%q is not a date, so no due date is set.", s.span(j, k))}, true
}

// endOf reads "end of (the|this|next) month|week|year", "end of the financial
// year", "end of March [2027]", "end March", "end-March", "month end" and EOM,
// EOW, EOY; it refuses "end of the quarter", "end of Q3", "end of term" and
// "year end" (calendar or financial?).
func (s *scanner) endOf(j int, strict bool) (phrase, bool) {
	w := s.at(j)
	switch {
	case w == "eom":
		return s.dated(j, j, lastOfMonth(s.today, 0), false), true
	case w == "eow":
		return s.dated(j, j, onOrAfter(s.today, time.Friday), false), true
	case w == "eoy":
		return s.dated(j, j, endOfYear(s.today, 0), false), true
	case w == "month-end":
		return s.dated(j, j, lastOfMonth(s.today, 0), false), true
	case w == "month" && s.next(j, "end"):
		return s.dated(j, j+1, lastOfMonth(s.today, 0), false), true
	case w == "year-end":
		return phrase{last: j, err: yearEnd(s.span(j, j))}, true
	case w == "year" && s.next(j, "end"):
		return phrase{last: j + 1, err: yearEnd(s.span(j, j+1))}, true
	case strings.HasPrefix(w, "end-"):
		if m, ok := months[w[len("end-"):]]; ok {
			return s.endOfMonth(j, j, m), true
		}
		return phrase{}, false
	case w != "end" || !s.joined(j):
		return phrase{}, false
	}
	k := j + 1
	if s.at(k) != "of" {
		// "end March": the shorthand takes a month name only.
		if m, ok := s.monthAt(k, strict); ok {
			return s.endOfMonth(j, k, m), true
		}
		return phrase{}, false
	}
	if !s.joined(k) {
		return phrase{}, false
	}
	q, k := s.qualifier(k + 1)
	n := 0
	if q == "next" {
		n = 1
	}
	switch s.at(k) {
	case "month":
		return s.dated(j, k, lastOfMonth(s.today, n), false), true
	case "week":
		if n == 1 {
			return s.dated(j, k, nextWeeks(s.today, time.Friday), false), true
		}
		return s.dated(j, k, onOrAfter(s.today, time.Friday), false), true
	case "year":
		return s.dated(j, k, endOfYear(s.today, n), false), true
	case "financial", "fy":
		last := k
		if s.at(k) == "financial" {
			if !s.next(k, "year") {
				return phrase{}, false
			}
			last++
		}
		return s.dated(j, last, endOfFinancialYear(s.today, n), false), true
	case "quarter", "q1", "q2", "q3", "q4", "term", "half-term":
		return phrase{last: k, err: quarterly(s.span(j, k), s.at(k))}, true
	}
	m, ok := months[s.at(k)]
	if !ok || q != "" {
		return phrase{}, false
	}
	return s.endOfMonth(j, k, m), true
}

// endOfMonth finishes "end of March" over words j..k, reading a year after k.
func (s *scanner) endOfMonth(j, k int, m time.Month) phrase {
	if y, ok := s.year(k); ok {
		if y < 1000 {
			return phrase{last: k + 1, err: unreadable(s.span(j, k+1), "the year should have four digits")}
		}
		return s.dated(j, k+1, civil.DateOf(y, m, civil.DaysIn(y, m)), true)
	}
	return s.yearless(j, k, m, func(y int) int { return civil.DaysIn(y, m) }, dateStyle{named: true}, "the end of "+m.String())
}

// lastOfMonth is the last day of the month n months after d's.
func lastOfMonth(d civil.Date, n int) civil.Date {
	y, m, _ := addMonths(d, n).YMD()
	return civil.DateOf(y, m, civil.DaysIn(y, m))
}

// endOfYear is 31 December of d's year, n years on.
func endOfYear(d civil.Date, n int) civil.Date {
	y, _, _ := d.YMD()
	return civil.DateOf(y+n, time.December, 31)
}

// endOfFinancialYear is the next 31 March on or after d (UK public bodies' year
// runs April to March), n years on.
func endOfFinancialYear(d civil.Date, n int) civil.Date {
	y, m, _ := d.YMD()
	if m > time.March {
		y++
	}
	return civil.DateOf(y+n, time.March, 31)
}

// qualifier reads "the", "this" or "next" at word k, joined to the word after
// it, and returns it with the index of that word; "" and k when there is none.
func (s *scanner) qualifier(k int) (string, int) {
	if w := s.at(k); (w == "the" || w == "this" || w == "next") && s.joined(k) {
		return w, k + 1
	}
	return "", k
}

// year reads a four-digit year written right after word k.
func (s *scanner) year(k int) (int, bool) {
	w := s.at(k + 1)
	if !s.joined(k) || len(w) != 4 || !allDigits(w) {
		return 0, false
	}
	y, _ := strconv.Atoi(w)
	return y, true
}

// casual reads "today", "tomorrow" and "the day after tomorrow".
func (s *scanner) casual(j int, _ bool) (phrase, bool) {
	switch s.at(j) {
	case "today":
		return s.dated(j, j, s.today, false), true
	case "tomorrow":
		return s.dated(j, j, s.today.AddDays(1), false), true
	case "day":
		if s.next(j, "after") && s.next(j+1, "tomorrow") {
			return s.dated(j, j+2, s.today.AddDays(2), false), true
		}
	}
	return phrase{}, false
}

var units = map[string]string{
	"day": "day", "days": "day", "week": "week", "weeks": "week", "fortnight": "fortnight", "fortnights": "fortnight",
	"month": "month", "months": "month", "year": "year", "years": "year",
}

// unitAt reads a unit of time at word k, also in its possessive before "time"
// ("in a week's time").
func (s *scanner) unitAt(k int) (string, bool) {
	w := s.at(k)
	if t, ok := cutPossessive(w); ok && s.next(k, "time") {
		w = t
	}
	u, ok := units[w]
	return u, ok
}

// later returns d moved on by n units.
func later(d civil.Date, n int, unit string) civil.Date {
	switch unit {
	case "day":
		return d.AddDays(n)
	case "week":
		return d.AddDays(7 * n)
	case "fortnight":
		return d.AddDays(14 * n)
	case "month":
		return addMonths(d, n)
	}
	return addMonths(d, 12*n)
}

// fromNow reads "a week today", "2 weeks tomorrow", "3 days from now" and "a
// fortnight from today", and refuses "a week on Friday" (which Friday?).
func (s *scanner) fromNow(j int, _ bool) (phrase, bool) {
	n, ok := count(s.at(j))
	if !ok || !s.joined(j) {
		return phrase{}, false
	}
	unit, ok := units[s.at(j+1)]
	if !ok || !s.joined(j+1) {
		return phrase{}, false
	}
	k := j + 2
	from := s.at(k) == "from" && s.joined(k)
	if from {
		k++
	}
	base := s.today
	switch w := s.at(k); {
	case w == "today" || (from && w == "now"):
	case w == "tomorrow":
		base = base.AddDays(1)
	case w == "on" && !from && s.joined(k) && isWeekday(s.at(k+1)):
		k++
		fallthrough
	case from && isWeekday(w):
		wd := weekdays[s.at(k)]
		return phrase{last: k, err: errorf(
			"%q is read as different days by different people. Write the date, like %s.",
			s.span(j, k), shortDate(later(onOrAfter(s.today.AddDays(1), wd), n, unit)))}, true
	default:
		return phrase{}, false
	}
	return s.dated(j, k, later(base, n, unit), false), true
}

// inN reads "in 3 days", "within two weeks", "in a month", "in 2 weeks' time",
// "within the next fortnight", and refuses counts it cannot read ("in a few
// weeks", "in the coming weeks"), working days and hours.
func (s *scanner) inN(j int, _ bool) (phrase, bool) {
	if w := s.at(j); (w != "in" && w != "within") || !s.joined(j) {
		return phrase{}, false
	}
	k := j + 1
	ahead := ""
	if s.at(k) == "the" && s.joined(k) && (s.at(k+1) == "next" || s.at(k+1) == "coming") && s.joined(k+1) {
		ahead = s.at(k + 1)
		k += 2
	}
	w := s.at(k)
	n, counted := count(w)
	if vagueCounts[w] || (counted && (w == "a" || w == "an") && vagueCounts[s.at(k+1)]) {
		// "in a few weeks", "within a couple of days": read on to the unit, if any.
		for u := k + 1; u <= k+3 && s.joined(u-1); u++ {
			if _, ok := units[s.at(u)]; ok {
				return phrase{last: u, err: errorf(
					"%q does not say how many. Write the due date like in 2 weeks, or the date itself, like %s.",
					s.span(j, u), shortDate(s.today.AddDays(14)))}, true
			}
		}
		return phrase{}, false
	}
	if !counted {
		u, ok := units[w]
		if !ok || ahead == "" {
			return phrase{}, false
		}
		if w != "week" && w != "day" && w != "month" && w != "year" && w != "fortnight" {
			// "in the coming weeks"
			return phrase{last: k, err: errorf(
				"%q does not say how many. Write the due date like in 2 weeks, or the date itself, like %s.",
				s.span(j, k), shortDate(s.today.AddDays(14)))}, true
		}
		// "within the next week": one of them.
		return s.dated(j, k, later(s.today, 1, u), false), true
	}
	if !s.joined(k) {
		return phrase{}, false
	}
	k++
	switch s.at(k) {
	case "working", "business", "school":
		if u := s.at(k + 1); s.joined(k) && (u == "day" || u == "days" || u == "week" || u == "weeks") {
			return phrase{last: k + 1, err: errorf(
				"%q: working days are not counted here (bank holidays and part-time weeks differ). Write the date itself, like %s.",
				s.span(j, k+1), shortDate(s.today.AddDays(14)))}, true
		}
		return phrase{}, false
	case "hour", "hours", "hrs", "minute", "minutes", "mins":
		return phrase{last: k, err: errorf("%q: a due date is a day, not a time. Write the day, like today or tomorrow.",
			s.span(j, k))}, true
	}
	unit, ok := s.unitAt(k)
	if !ok {
		return phrase{}, false
	}
	last := k
	if s.at(last+1) == "time" && s.toks[last+1].pre == "" && (s.toks[last].post == "" || s.toks[last].post == "'" || s.toks[last].post == "’") {
		last++
	}
	return s.dated(j, last, later(s.today, n, unit), false), true
}

// vagueCounts are words that give no number: "in a few weeks".
var vagueCounts = map[string]bool{"few": true, "couple": true, "several": true, "some": true, "many": true}

// count reads the number of "in N weeks": up to three digits, a number word up to
// twenty, or "a"/"an".
func count(w string) (int, bool) {
	switch w {
	case "a", "an":
		return 1, true
	}
	if n, ok := numberWords[w]; ok {
		return n, true
	}
	if len(w) > 3 || !allDigits(w) {
		return 0, false
	}
	n, _ := strconv.Atoi(w)
	return n, true
}

var numberWords = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
	"eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
}

// addMonths moves d by n months (n may be negative), keeping the day of the
// month or, when the target month is shorter, taking its last day.
func addMonths(d civil.Date, n int) civil.Date {
	y, m, day := d.YMD()
	total := y*12 + int(m) - 1 + n
	ny, nm := total/12, time.Month(total%12+1)
	return civil.DateOf(ny, nm, min(day, civil.DaysIn(ny, nm)))
}

// period reads "this week" and "next week" (their Fridays: the end of the
// working week, as "end of the week"), "this month" and "next month" (their last
// days), and "next week Tuesday".
func (s *scanner) period(j int, _ bool) (phrase, bool) {
	q := s.at(j)
	if (q != "this" && q != "next") || !s.joined(j) {
		return phrase{}, false
	}
	n := 0
	if q == "next" {
		n = 1
	}
	switch s.at(j + 1) {
	case "week":
		if s.joined(j+1) && isWeekday(s.at(j+2)) {
			wd := weekdays[s.at(j+2)]
			return s.inWeek(j, j+2, n, wd)
		}
		return s.inWeek(j, j+1, n, time.Friday)
	case "month":
		return s.dated(j, j+1, lastOfMonth(s.today, n), false), true
	}
	return phrase{}, false
}

// inWeek reads day wd of this week (n=0) or next (n=1) over words j..k, weeks
// running Monday to Sunday. This week's Friday said on a Saturday is the coming
// Friday, as "end of the week" is; any other day of this week already past is refused.
func (s *scanner) inWeek(j, k, n int, wd time.Weekday) (phrase, bool) {
	if n == 1 {
		return s.dated(j, k, nextWeeks(s.today, wd), false), true
	}
	if wd == time.Friday {
		return s.dated(j, k, onOrAfter(s.today, time.Friday), false), true
	}
	d := thisWeeks(s.today, wd)
	if d < s.today {
		return phrase{last: k, err: errorf("%q has passed: it was %s. Write the due date, like next %s or %s.",
			s.span(j, k), longDate(d), wd, shortDate(d.AddDays(7)))}, true
	}
	return s.dated(j, k, d, false), true
}

var weekdays = map[string]time.Weekday{
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday, "thursday": time.Thursday,
	"friday": time.Friday, "saturday": time.Saturday, "sunday": time.Sunday,
}

var weekdayAbbrs = map[string]time.Weekday{
	"mon": time.Monday, "tue": time.Tuesday, "tues": time.Tuesday, "wed": time.Wednesday, "weds": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "fri": time.Friday,
	"sat": time.Saturday, "sun": time.Sunday,
}

func isWeekday(w string) bool { _, ok := weekdays[w]; return ok }

// cutPossessive strips "'s" from w ("friday's").
func cutPossessive(w string) (string, bool) {
	if t, ok := strings.CutSuffix(w, "'s"); ok {
		return t, true
	}
	return strings.CutSuffix(w, "’s")
}

// weekday reads "[this|next|this coming] Friday", optionally followed by the date
// it names ("Friday 4 Dec", "Monday 7th") or its week ("Friday next week"). After a
// lead word the possessive names the day too: "by Friday's board" is by Friday.
// "Friday week" and "the Friday after next" are refused: people count them differently.
func (s *scanner) weekday(j int, strict bool) (phrase, bool) {
	k := j
	q := ""
	if w := s.at(k); (w == "this" || w == "next" || w == "coming") && s.joined(k) {
		q = w
		k++
		if q == "this" && s.at(k) == "coming" && s.joined(k) {
			q = "coming"
			k++
		}
	}
	word := s.at(k)
	possessive := false
	if strict {
		if t, ok := cutPossessive(word); ok && isWeekday(t) {
			word, possessive = t, true
		}
	}
	wd, ok := weekdays[word]
	abbr := false
	if !ok {
		wd, ok = weekdayAbbrs[word]
		if !ok {
			return phrase{}, false
		}
		abbr = !strict && q == ""
	}
	if !possessive && s.joinedOrComma(k) {
		if p, ok := s.date(k+1, strict); ok {
			if p.err == nil && p.date.Weekday() != wd {
				p.err = errorf("%q: %s is a %s, not a %s. Write the due date once, like %s.",
					s.span(j, p.last), p.date.UK(), p.date.Weekday(), wd, p.date.Time().Format("2 Jan"))
			}
			return p, true
		}
	}
	if abbr {
		return phrase{}, false // a bare "sat" or "wed" is a word unless a date follows it
	}
	var d civil.Date
	switch q {
	case "this":
		d = onOrAfter(s.today, wd)
	case "next":
		d = nextWeeks(s.today, wd)
	default: // "by Friday", "this coming Friday"
		d = onOrAfter(s.today.AddDays(1), wd)
	}
	if possessive || !s.joined(k) {
		return s.dated(j, k, d, false), true
	}
	switch n := k + 1; s.at(n) {
	case "week", "fortnight":
		return s.weekAfter(j, n, wd), true
	case "after":
		if s.next(n, "next") {
			return s.weekAfter(j, n+1, wd), true
		}
	case "of", "next", "this":
		if s.at(n) == "of" && s.joined(n) {
			n++
		}
		if w := s.at(n); (w == "next" || w == "this") && s.next(n, "week") {
			if w == "next" {
				return s.inWeek(j, n+1, 1, wd)
			}
			return s.inWeek(j, n+1, 0, wd)
		}
	case "the":
		if od, ok := ordinal(s.at(n + 1)); ok && s.joined(n) {
			return s.weekdayOrdinal(j, n+1, d, wd, od), true
		}
	default:
		if od, ok := ordinal(s.at(n)); ok {
			return s.weekdayOrdinal(j, n, d, wd, od), true
		}
	}
	return s.dated(j, k, d, false), true
}

// weekAfter refuses "Friday week" and "Friday after next" over words j..k.
func (s *scanner) weekAfter(j, k int, wd time.Weekday) phrase {
	return phrase{last: k, err: errorf("%q is read as different days by different people. Write the date, like %s.",
		s.span(j, k), shortDate(onOrAfter(s.today.AddDays(1), wd).AddDays(7)))}
}

// weekdayOrdinal reads "Monday 7th" over words j..k: taken when the weekday's
// reading d falls on that day of the month, refused otherwise.
func (s *scanner) weekdayOrdinal(j, k int, d civil.Date, wd time.Weekday, day int) phrase {
	if _, _, dd := d.YMD(); dd == day {
		return s.dated(j, k, d, false)
	}
	y, m, _ := s.today.YMD()
	for i := range 48 {
		c := addMonths(civil.DateOf(y, m, 1), i)
		cy, cm, _ := c.YMD()
		if civil.ValidYMD(cy, cm, day) {
			if c = civil.DateOf(cy, cm, day); c >= s.today && c.Weekday() == wd {
				return phrase{last: k, err: errorf(
					"%q does not say which month, and %s is %s. Write the date with its month, like %s.",
					s.span(j, k), wd, shortDate(d), c.Time().Format("Mon 2 Jan 2006"))}
			}
		}
	}
	return phrase{last: k, err: unreadable(s.span(j, k), "")}
}

// ordinal reads a day of the month with its suffix: "7th", "1st", "22nd".
func ordinal(w string) (int, bool) {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if t, ok := strings.CutSuffix(w, suf); ok && len(t) > 0 && len(t) <= 2 && allDigits(t) {
			n, _ := strconv.Atoi(t)
			return n, n >= 1 && n <= 31
		}
	}
	return 0, false
}

// onOrAfter returns the first day on or after d that falls on wd.
func onOrAfter(d civil.Date, wd time.Weekday) civil.Date {
	return d.AddDays((int(wd) - int(d.Weekday()) + 7) % 7)
}

// thisWeeks returns the day wd of d's week, weeks running Monday to Sunday.
func thisWeeks(d civil.Date, wd time.Weekday) civil.Date {
	monday := d.AddDays(-((int(d.Weekday()) + 6) % 7))
	return monday.AddDays((int(wd) + 6) % 7)
}

// nextWeeks returns the day wd of the week after d's.
func nextWeeks(d civil.Date, wd time.Weekday) civil.Date {
	return thisWeeks(d, wd).AddDays(7)
}

var months = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
	"september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
	"december": 12, "dec": 12,
}

// date reads "28 Nov", "28th of November 2026", "Nov 28", "1/12", "1/12/26" and "2026-12-01".
func (s *scanner) date(j int, strict bool) (phrase, bool) {
	if p, ok := s.dayMonth(j, strict); ok {
		return p, true
	}
	if p, ok := s.monthDay(j, strict); ok {
		return p, true
	}
	return s.numeric(j, strict)
}

// dayOf reads a day of the month written in figures, with or without an ordinal
// suffix ("28", "28th", "01"); the value is not range-checked.
func dayOf(w string) (int, bool) {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if t, ok := strings.CutSuffix(w, suf); ok {
			w = t
			break
		}
	}
	if len(w) == 0 || len(w) > 2 || !allDigits(w) {
		return 0, false
	}
	n, _ := strconv.Atoi(w)
	return n, true
}

// monthAt reads a month name at word k; a lower-case "may" counts only when strict.
func (s *scanner) monthAt(k int, strict bool) (time.Month, bool) {
	m, ok := months[s.at(k)]
	if ok && !strict && s.text[s.toks[k].start:s.toks[k].end] == "may" {
		return 0, false
	}
	return m, ok
}

func (s *scanner) dayMonth(j int, strict bool) (phrase, bool) {
	d, ok := dayOf(s.at(j))
	if !ok || !s.joined(j) {
		return phrase{}, false
	}
	k := j + 1
	if s.at(k) == "of" && s.joined(k) {
		k++
	}
	m, ok := s.monthAt(k, strict)
	if !ok {
		return phrase{}, false
	}
	return s.named(j, k, d, m, strict)
}

func (s *scanner) monthDay(j int, strict bool) (phrase, bool) {
	m, ok := s.monthAt(j, strict)
	if !ok || !s.joined(j) {
		return phrase{}, false
	}
	d, ok := dayOf(s.at(j + 1))
	if !ok {
		return phrase{}, false
	}
	return s.named(j, j+1, d, m, strict)
}

// named finishes a date written with a month name over words j..k, reading an
// optional year after k.
func (s *scanner) named(j, k, d int, m time.Month, strict bool) (phrase, bool) {
	if (d < 1 || d > 31) && !strict {
		return phrase{}, false
	}
	style := dateStyle{named: true}
	y, hasYear := s.year(k)
	if hasYear {
		k++
		style.year = true
	}
	return s.ymd(j, k, y, int(m), d, style), true
}

// refWords are words after which a number is a reference, not a date ("page 3/4").
var refWords = map[string]bool{
	"page": true, "pages": true, "p": true, "pp": true, "para": true, "paragraph": true, "section": true,
	"item": true, "slide": true, "annex": true, "appendix": true, "chapter": true, "version": true, "v": true,
	"question": true, "step": true, "table": true, "figure": true, "fig": true, "line": true, "no": true,
}

// numeric reads "1/12", "1/12/26", "1/12/2026" and "2026-12-01".
func (s *scanner) numeric(j int, strict bool) (phrase, bool) {
	w := s.at(j)
	if s.joined(j) && s.at(j+1) == "of" {
		return phrase{}, false // "1/2 of the cohort", "by 1/2 of": a fraction, whatever comes before
	}
	if !strict && (w == "24/7" || refWords[s.at(j-1)]) {
		return phrase{}, false
	}
	if parts := strings.Split(w, "-"); len(parts) == 3 && len(parts[0]) == 4 && allDigits(parts[0]) &&
		len(parts[1]) <= 2 && allDigits(parts[1]) && len(parts[2]) <= 2 && allDigits(parts[2]) {
		y, _ := strconv.Atoi(parts[0])
		m, _ := strconv.Atoi(parts[1])
		d, _ := strconv.Atoi(parts[2])
		if y < 1000 {
			return phrase{last: j, err: unreadable(s.span(j, j), "the year should have four digits")}, true
		}
		return s.ymd(j, j, y, m, d, dateStyle{iso: true, year: true}), true
	}
	parts := strings.Split(w, "/")
	if len(parts) < 2 || len(parts) > 3 {
		return phrase{}, false
	}
	for _, p := range parts {
		if p == "" || len(p) > 4 || !allDigits(p) {
			return phrase{}, false
		}
	}
	if len(parts[0]) > 2 || len(parts[1]) > 2 {
		return phrase{}, false // "2025/26": a financial year, or not a date at all
	}
	d, _ := strconv.Atoi(parts[0])
	m, _ := strconv.Atoi(parts[1])
	if len(parts) == 2 {
		if m > 12 && m == d+1 {
			return phrase{}, false // "25/26": a financial year
		}
		if (d < 1 || d > 31 || m < 1 || m > 12) && !strict {
			return phrase{}, false // "45/100": a score or a count
		}
		return s.ymd(j, j, 0, m, d, dateStyle{}), true
	}
	y, _ := strconv.Atoi(parts[2])
	switch len(parts[2]) {
	case 2:
		y = civil.FullYear(y)
	case 4:
		if y < 1000 {
			return phrase{last: j, err: unreadable(s.span(j, j), "the year should have four digits")}, true
		}
	default:
		if !strict && (len(parts[2]) == 1 || d < 1 || d > 31 || m < 1 || m > 12) {
			return phrase{}, false // "options 1/2/3"
		}
		return phrase{last: j, err: unreadable(s.span(j, j), "the year should have two or four digits")}, true
	}
	if (d < 1 || d > 31 || m < 1 || m > 12) && !strict {
		return phrase{}, false
	}
	return s.ymd(j, j, y, m, d, dateStyle{year: true}), true
}

// dateStyle is how a date was written, so that a refusal can suggest the same form.
type dateStyle struct {
	named bool // with a month name: "28 Nov"
	iso   bool // 2026-12-01
	year  bool // the year was written
}

// ymd checks the date d/m/y written over words j..k (y is 0 when no year was
// written) and makes the phrase.
func (s *scanner) ymd(j, k, y, m, d int, st dateStyle) phrase {
	if m < 1 || m > 12 {
		return phrase{last: k, err: noMonth(s.span(j, k), d, m, st)}
	}
	month := time.Month(m)
	if !st.year {
		return s.yearless(j, k, month, func(int) int { return d }, st, fmt.Sprintf("%d %s", d, month.String()[:3]))
	}
	if d < 1 || !civil.ValidYMD(y, month, d) {
		return phrase{last: k, err: notReal(s.span(j, k), y, month, d, st)}
	}
	return s.dated(j, k, civil.DateOf(y, month, d), true)
}

// yearless reads a day of month m written without its year over words j..k
// (dayIn gives the day in a year: 28 for "28 Nov", the last day for "end of
// November"): the next such day on or after today. One that passed in the last
// recentDays is refused, naming both readings; a later one is next year's, and the
// note says so. label names the day in the messages ("1 Dec", "the end of October").
func (s *scanner) yearless(j, k int, m time.Month, dayIn func(y int) int, st dateStyle, label string) phrase {
	typed := s.span(j, k)
	ty, tm, td := s.today.YMD()
	// The latest such day before today and the first on or after it; last year's
	// counts too, so that "by 20/12" on 5 Jan is refused rather than next December.
	var prev, next civil.Date
	for y := ty - 1; y <= ty+1; y++ {
		if d := dayIn(y); d >= 1 && civil.ValidYMD(y, m, d) {
			if c := civil.DateOf(y, m, d); c < s.today {
				prev = c
			} else if next.IsZero() && c <= s.today.AddDays(365) {
				next = c // within a year: 29 Feb said in January 2027 is refused, not 2028's
			}
		}
	}
	if !prev.IsZero() && int(s.today-prev) <= recentDays {
		return phrase{last: k, err: passed(typed, label, prev, next, int(s.today-prev), st)}
	}
	if next.IsZero() {
		y := ty
		if d := dayIn(ty); m < tm || (m == tm && d < td) {
			y++
		}
		return phrase{last: k, err: notReal(typed, y, m, dayIn(y), st)}
	}
	p := s.dated(j, k, next, false)
	if ny, _, _ := next.YMD(); p.err == nil && ny > ty {
		p.note = fmt.Sprintf("No year was given, so %q is read as the next %s: %s.", typed, strings.TrimPrefix(label, "the "), longDate(p.date))
	}
	return p
}

// dated makes the phrase for date d over words j..k, refusing a date beyond
// what a calendar date can hold (only reachable from a far-future today or "in
// 999 years") or written more than oldYears ago, and noting one already past.
func (s *scanner) dated(j, k int, d civil.Date, explicit bool) phrase {
	p := phrase{last: k, date: d, explicit: explicit}
	if y, m, dd := d.YMD(); !civil.ValidYMD(y, m, dd) {
		p.err = errorf("That due date is too far ahead. Write a date before the year 10000.")
		return p
	}
	if d < s.today {
		days := int(s.today - d)
		if d < addMonths(s.today, -12*oldYears) {
			p.err = errorf("%q is %s, too long ago to be a due date. Check the year. Dates that are not due dates, such as a resident's date of birth, do not belong in an action.",
				s.span(j, k), ago(days))
			return p
		}
		p.note = fmt.Sprintf("The due date %s is already past (%s): check it.", d.UK(), ago(days))
	}
	return p
}
