package due

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"frontdoor/handlers/civil"
)

// Phrases that look like due dates but name no one day are refused here, with
// a message that says why and suggests a date; see the package comment.

// fuzzy are the words that make a month or a week vague: "mid-January", "early
// next week", "the beginning of March". "of" must follow those marked true.
var fuzzy = map[string]bool{"mid": false, "middle": true, "early": false, "late": false, "beginning": true, "start": true}

// vague refuses "mid-January", "early next week", "the start of next month",
// "w/c 7 Dec", "the first Monday of December" and "the last Friday in March". A
// fuzzy word with a month or a week is refused only where the phrase ends ("mid-
// January, or sooner") or after a lead word, so "the mid-January cohort" and
// "early years" stay ordinary text.
func (s *scanner) vague(j int, strict bool) (phrase, bool) {
	w := s.at(j)
	if pre, rest, ok := strings.Cut(w, "-"); ok {
		if _, known := fuzzy[pre]; known {
			if what, ok := periodWord(rest, true); ok && (strict || s.ends(j)) {
				return phrase{last: j, err: notOneDay(s.span(j, j), pre, what)}, true
			}
		}
		return phrase{}, false
	}
	switch w {
	case "mid", "middle", "early", "late", "beginning", "start":
		k := j + 1
		if !s.joined(j) {
			return phrase{}, false
		}
		if fuzzy[w] || (w == "mid" && s.at(k) == "of") {
			if s.at(k) != "of" || !s.joined(k) {
				return phrase{}, false
			}
			k++
		}
		q, k := s.qualifier(k)
		what, ok := periodWord(s.at(k), strict || s.text[s.toks[k].start:s.toks[k].end] != "may")
		if y := s.at(k); !ok && q == "" && len(y) == 4 && allDigits(y) && y >= "2000" && y <= "2099" {
			what, ok = y, true // "early 2027"
		}
		if !ok || (q == "" && (w == "early" || w == "late") && (what == "week" || what == "month" || what == "year")) {
			return phrase{}, false // "early help", "late payment"
		}
		last := k
		if _, ok := s.year(k); ok && isMonthWhat(what) {
			last++
		}
		if !strict && !s.ends(last) {
			return phrase{}, false
		}
		if q == "next" {
			what = "next " + what
		}
		return phrase{last: last, err: notOneDay(s.span(j, last), w, what)}, true
	case "w/c", "wc", "w/b", "w/e":
		if s.joined(j) {
			if p, ok := s.date(j+1, true); ok {
				return phrase{last: p.last, err: weekOf(s.span(j, p.last), p, w == "w/e")}, true
			}
		}
	case "week":
		switch s.at(j + 1) {
		case "commencing", "beginning", "starting", "ending", "of":
			if s.joined(j) && s.joined(j+1) {
				if p, ok := s.date(j+2, true); ok {
					return phrase{last: p.last, err: weekOf(s.span(j, p.last), p, s.at(j+1) == "ending")}, true
				}
			}
		}
	case "first", "second", "third", "fourth", "last":
		n := s.at(j + 1)
		if !s.joined(j) || (!isWeekday(n) && n != "week") {
			return phrase{}, false
		}
		if of := s.at(j + 2); w == "last" && !(s.joined(j+1) && (of == "of" || of == "in")) {
			return phrase{}, false // "last Friday": the story (see inStory)
		}
		if n == "week" && !(s.joined(j+1) && (s.at(j+2) == "of" || s.at(j+2) == "in") && s.joined(j+2) && s.calendarAt(j+3)) {
			return phrase{}, false // "the first week of the placement"
		}
		last := j + 1
		if o := s.at(j + 2); s.joined(j+1) && (o == "of" || o == "in") && s.joined(j+2) {
			_, last = s.qualifier(j + 3)
		}
		return phrase{last: last, err: errorf("%q is not a date I can read. Write the date itself, like %s.",
			s.span(j, last), shortDate(s.today.AddDays(7)))}, true
	}
	return phrase{}, false
}

// calendarAt reports whether a month of the calendar is named at word k:
// "January", "the month", "next month".
func (s *scanner) calendarAt(k int) bool {
	if _, ok := months[s.at(k)]; ok {
		return true
	}
	w := s.at(k)
	return (w == "the" || w == "this" || w == "next") && s.next(k, "month")
}

// periodWord reads what a fuzzy word is about (the word w): a month name
// ("January"), or "week", "month" or "year". A lower-case "may" counts only
// when mayOK ("early may be better" is a verb).
func periodWord(w string, mayOK bool) (string, bool) {
	if m, ok := months[w]; ok {
		if m == time.May && w == "may" && !mayOK {
			return "", false
		}
		return m.String(), true
	}
	switch w {
	case "week", "month", "year":
		return w, true
	}
	return "", false
}

func isMonthWhat(what string) bool { return what != "week" && what != "month" && what != "year" }

// notOneDay refuses a fuzzy phrase ("mid-January") with an example date.
func notOneDay(typed, fuzz, what string) error {
	example := "the date you mean"
	if m, ok := months[strings.ToLower(what)]; ok {
		day := map[string]int{"mid": 15, "middle": 15, "early": 5, "late": 25, "beginning": 1, "start": 1}[fuzz]
		example += fmt.Sprintf(", like %d %s", day, m.String()[:3])
	} else if strings.HasSuffix(what, "week") {
		wd := map[string]string{"mid": "Wednesday", "middle": "Wednesday", "early": "Tuesday", "late": "Thursday",
			"beginning": "Monday", "start": "Monday"}[fuzz]
		if strings.HasPrefix(what, "next") {
			example += ", like next " + wd
		} else {
			example += ", like this " + wd
		}
	} else {
		example += ", like 15 Jan"
	}
	return errorf("%q is not one day, so it cannot be a due date. Write %s.", typed, example)
}

// weekOf refuses "w/c 7 Dec" and "w/e 11 Dec": a week, not the day it is due.
// The example is the date and the Friday after it, or for a week ending, the date.
func weekOf(typed string, p phrase, ending bool) error {
	if p.err != nil {
		return p.err
	}
	if ending {
		return errorf("%q is a week, not a day. Write the day it is due, like %s.", typed, shortDate(p.date))
	}
	return errorf("%q is a week, not a day. Write the day it is due, like %s or %s.",
		typed, shortDate(p.date), shortDate(onOrAfter(p.date, time.Friday)))
}

// yearEnd refuses "year end", which in a public body may be the financial year's.
func yearEnd(typed string) error {
	return errorf("%q could be 31 Dec or the end of the financial year (31 Mar). Write end of the year, end of the financial year or the date.", typed)
}

// quarterly refuses "end of the quarter", "end of Q3" and "end of term".
func quarterly(typed, what string) error {
	if len(what) == 2 && what[0] == 'q' {
		n := int(what[1] - '0')
		cal, fin := time.Month(3*n), time.Month((3*n+2)%12+1)
		return errorf("%q could be the end of %s (calendar quarter) or of %s (financial year). Write the date, like 30 %s or 31 %s.",
			typed, cal, fin, cal.String()[:3], fin.String()[:3])
	}
	if what == "term" || what == "half-term" {
		return errorf("%q is not the same day for every school or college. Write the date, like 18 Dec.", typed)
	}
	return errorf("%q could be a calendar or a financial quarter. Write the date, like 31 Dec or 31 Mar.", typed)
}

// dateLike refuses what follows a lead word (from word i; the phrase proper from
// word j) when it looks like a date but was not read as one: "by December", "by
// the 15th", "by Christmas", "by 2027", "by Q3", "by next year", "by last Friday".
// The phrase must end there (see ends): "by Christmas Trust funding" is text. weak
// (after "on") refuses months, days of the month and the past only: "on summer
// school places" is text.
func (s *scanner) dateLike(i, j int, weak bool) (phrase, bool) {
	k := j
	if w := s.at(k); (w == "in" || w == "within" || w == "around" || w == "about") && s.joined(k) {
		k++
		if s.at(k) == "the" && s.joined(k) {
			k++
		}
	}
	w := s.at(k)
	if m, ok := months[w]; ok {
		last := k
		y, hasYear := s.year(k)
		if hasYear {
			last++
		}
		if !s.ends(last) {
			return phrase{}, false
		}
		like := fmt.Sprintf("1 %s or end of %s", m.String()[:3], m)
		if hasYear {
			like = fmt.Sprintf("1 %s %d or end of %s %d", m.String()[:3], y, m, y)
		}
		return phrase{last: last, err: errorf("%q names a month, not a day. Write the day, like %s.", s.span(i, last), like)}, true
	}
	if n, ok := ordinal(w); ok {
		last := k
		if s.next(last, "of") && s.joined(last+1) {
			if t := s.at(last + 2); t == "the" || t == "this" || t == "next" {
				if s.next(last+2, "month") {
					last += 3
				}
			}
		} else if s.next(last, "next") && s.next(last+1, "month") {
			last += 2
		}
		if !s.ends(last) {
			return phrase{}, false
		}
		like := ""
		for c := s.today; c < s.today.AddDays(62); c++ {
			if _, _, d := c.YMD(); d == n {
				like = ", like " + shortDate(c)
				break
			}
		}
		return phrase{last: last, err: errorf("%q does not say which month. Write the date with its month%s.", s.span(i, last), like)}, true
	}
	past := func(last int) (phrase, bool) {
		if !s.ends(last) {
			return phrase{}, false
		}
		return phrase{last: last, err: errorf("%q is in the past. Write the due date, like %s.", s.span(i, last), examples)}, true
	}
	if w == "yesterday" {
		return past(k)
	}
	if (w == "last" || w == "previous" || w == "past") && s.joined(k) {
		if n := s.at(k + 1); isWeekday(n) || periodWords[n] {
			return past(k + 1)
		}
	}
	if weak {
		return phrase{}, false
	}
	generic := func(last int) (phrase, bool) {
		if !s.ends(last) {
			return phrase{}, false
		}
		return phrase{last: last, err: unreadable(s.span(i, last), "it does not name one day")}, true
	}
	switch {
	case len(w) == 4 && allDigits(w) && w >= "2000" && w <= "2099":
		if !s.ends(k) {
			return phrase{}, false
		}
		return phrase{last: k, err: errorf("%q is a year, not a day. Write the day, like 31 Dec %s or end of December %s.",
			s.span(i, k), w, w)}, true
	case w == "q1" || w == "q2" || w == "q3" || w == "q4" || w == "quarter":
		if !s.ends(k) {
			return phrase{}, false
		}
		return phrase{last: k, err: quarterly(s.span(i, k), w)}, true
	case (w == "next" || w == "this" || w == "coming" || w == "following") && s.joined(k):
		if n := s.at(k + 1); periodWords[n] || seasons[n] {
			return generic(k + 1)
		}
		if s.at(k+1) == "new" && s.next(k+1, "year") {
			return generic(k + 2)
		}
	case w == "new" && s.next(k, "year"):
		return generic(k + 1)
	case w == "half" && (s.next(k, "term") || s.next(k, "term's")):
		return generic(k + 1)
	case w == "bank" && s.next(k, "holiday"):
		return generic(k + 1)
	case periodWords[w] || seasons[w] || w == "soon":
		return generic(k)
	}
	return phrase{}, false
}

// periodWords are units of the calendar that a due date cannot be.
var periodWords = map[string]bool{
	"week": true, "weekend": true, "fortnight": true, "month": true, "year": true, "quarter": true,
	"term": true, "half-term": true, "weeks": true, "months": true,
}

// seasons are the seasons and holidays people set deadlines by.
var seasons = map[string]bool{
	"spring": true, "summer": true, "autumn": true, "winter": true, "christmas": true, "xmas": true,
	"easter": true, "recess": true,
}

// passed refuses a day and month without a year that fell in the last
// recentDays, naming both readings: "1 Dec has passed (3 days ago), so "1/12"
// could mean 1 Dec 2026 or 1 Dec 2027." next is NoDate when next year has no such
// day (29 Feb).
func passed(typed, label string, prev, next civil.Date, days int, st dateStyle) error {
	y, _, _ := prev.YMD()
	sep := " "
	if !st.named {
		sep = "/"
	}
	head := strings.ToUpper(label[:1]) + label[1:]
	when := fmt.Sprintf("%d days ago", days)
	if days == 1 {
		when = "yesterday"
	}
	if next.IsZero() {
		return errorf("%s has passed (%s, %s), and there is none next year. Write %s if it was due then, or another date.",
			head, when, prev.UK(), typed+sep+fmt.Sprint(y))
	}
	ny, _, _ := next.YMD()
	return errorf("%s has passed (%s), so %q could mean %s or %s. Write %s for next year, or %s if it was due then.",
		head, when, typed, prev.UK(), next.UK(), typed+sep+fmt.Sprint(ny), typed+sep+fmt.Sprint(y))
}

// ago says how long ago something was, days days before today.
func ago(days int) string {
	switch {
	case days == 1:
		return "yesterday"
	case days <= 60:
		return fmt.Sprintf("%d days ago", days)
	case days < 365:
		return fmt.Sprintf("%d months ago", days/30)
	case days < 730:
		return "over a year ago"
	}
	return fmt.Sprintf("over %d years ago", days/365)
}

func notReal(typed string, y int, m time.Month, d int, st dateStyle) error {
	if d < 1 {
		return errorf("%q is not a real date: there is no day 0. Write the due date like %s.",
			typed, suggest(y, m, 1, st))
	}
	n := civil.DaysIn(y, m)
	has := fmt.Sprintf("%s has %d days", m, n)
	if m == time.February {
		has += fmt.Sprintf(" in %d", y)
	}
	return errorf("%q is not a real date (%s). Write the due date like %s.",
		typed, has, suggest(y, m, n, st))
}

func noMonth(typed string, d, m int, st dateStyle) error {
	if st.iso {
		return errorf(
			"%q is not a real date: there is no month %d. Write the due date like 2026-12-01 (year, month, day).", typed, m)
	}
	example := "1 December is 1/12"
	if d >= 1 && d <= 12 && m >= 13 && m <= 31 {
		example = fmt.Sprintf("%d %s is %d/%d", m, time.Month(d), m, d)
	}
	return errorf("%q is not a real date: there is no month %d. Dates are written day first: %s.",
		typed, m, example)
}

// suggest writes day d of month m in the user's own style and with a month name.
func suggest(y int, m time.Month, d int, st dateStyle) string {
	t := civil.DateOf(y, m, d).Time()
	switch {
	case st.iso:
		return t.Format("2006-01-02") + " or " + t.Format("2 Jan 2006")
	case st.year:
		return t.Format("02/01/2006") + " or " + t.Format("2 Jan 2006")
	default:
		return t.Format("02/01") + " or " + t.Format("2 Jan")
	}
}

func unreadable(typed, why string) error {
	if utf8.RuneCountInString(typed) > 40 {
		r := []rune(typed)
		typed = string(r[:40]) + "…"
	}
	if why != "" {
		return errorf("%q is not a date I can read: %s. Write the due date like %s.", typed, why, examples)
	}
	return errorf("%q is not a date I can read. Write the due date like %s.", typed, examples)
}

func longDate(d civil.Date) string { return d.Time().Format("Mon 2 Jan 2006") }

func shortDate(d civil.Date) string { return d.Time().Format("2 Jan") }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
