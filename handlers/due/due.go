package due

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/olebedev/when"
	"github.com/olebedev/when/rules"
	"github.com/olebedev/when/rules/en"

	"frontdoor/handlers/civil"
)

// Result is a due date found in text.
type Result struct {
	Date       civil.Date
	Phrase     string // the words that gave it, as typed ("by Friday")
	Start, End int    // byte offsets of Phrase in the text
	// Explicit is true when the year was written (2026-12-01, 1/12/2026, 1 Dec 2026):
	// only then may a due date be in the past.
	Explicit bool
}

// Find looks for one due-date phrase in free action text. ok=false when there is none.
// err (an *Error) is returned when a phrase names an
// impossible date ("by 31/02") or the text gives two different due dates; the message
// says what was wrong and how to write it, and never guesses.
func Find(text string, today civil.Date) (r Result, ok bool, err error) {
	s := scanner{text: text, toks: tokenize(text), today: today}
	var found []phrase
	for i := 0; i < len(s.toks); {
		p, matched := s.match(i, false)
		if !matched {
			i++
			continue
		}
		if p.err != nil {
			return Result{}, false, p.err
		}
		found = append(found, p)
		i = p.last + 1
	}
	if len(found) == 0 {
		return Result{}, false, nil
	}
	first := found[0]
	for _, p := range found[1:] {
		if p.date != first.date {
			return Result{}, false, errorf(
				"The text gives two different due dates, %q (%s) and %q (%s). Write only one.",
				s.span(first.first, first.last), longDate(first.date), s.span(p.first, p.last), longDate(p.date))
		}
	}
	return s.result(first), true, nil
}

// Parse reads text that must be a due date and nothing else (the `due 42 <date>` command):
// the same phrases as Find, with or without a leading "by", "due", "on" or "before".
// Numbers that Find leaves alone in free text ("32/1") are refused here.
func Parse(text string, today civil.Date) (Result, error) {
	s := scanner{text: text, toks: tokenize(text), today: today}
	if len(s.toks) == 0 {
		return Result{}, errorf("Give a due date, like %s.", examples)
	}
	p, ok := s.match(0, true)
	if ok && p.err != nil {
		return Result{}, p.err
	}
	if !ok || p.last != len(s.toks)-1 {
		return Result{}, unreadable(s.span(0, len(s.toks)-1), "")
	}
	return s.result(p), nil
}

const examples = "28 Nov, 1/12, 2026-12-01, Friday, next Tuesday, in 2 weeks or end of month"

// phrase is a due date recognised over tokens first..last, or a refusal of them.
type phrase struct {
	first, last int
	date        civil.Date
	explicit    bool
	err         error
}

// token is a whitespace-separated word with the punctuation around it stripped.
// A word with punctuation between it and the next one ("Friday," "p.") ends a
// phrase, so phrases never run across sentence or list breaks.
type token struct {
	low        string // the word in ASCII lower case
	start, end int    // byte offsets of the word without its punctuation
	pre, post  string // the punctuation stripped before and after it
}

func tokenize(text string) []token {
	var toks []token
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		a := i
		for i < len(text) {
			r, n := utf8.DecodeRuneInString(text[i:])
			if unicode.IsSpace(r) {
				break
			}
			i += n
		}
		b := i
		s, e := a, b
		for s < e {
			r, n := utf8.DecodeRuneInString(text[s:e])
			if !strings.ContainsRune(leadPunct, r) {
				break
			}
			s += n
		}
		for e > s {
			r, n := utf8.DecodeLastRuneInString(text[s:e])
			if !strings.ContainsRune(trailPunct, r) {
				break
			}
			e -= n
		}
		toks = append(toks, token{low: asciiLower(text[s:e]), start: s, end: e, pre: text[a:s], post: text[e:b]})
	}
	return toks
}

const (
	leadPunct  = "([{\"'“‘«*_`"
	trailPunct = ")]}\"'”’»,;:!?.*_`"
)

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

type scanner struct {
	text  string
	toks  []token
	today civil.Date
}

// at returns the lower-case word at i, or "" past the end.
func (s *scanner) at(i int) string {
	if i < 0 || i >= len(s.toks) {
		return ""
	}
	return s.toks[i].low
}

// joined reports whether word i+1 follows word i with only spaces between them.
func (s *scanner) joined(i int) bool {
	return i >= 0 && i+1 < len(s.toks) && s.toks[i].post == "" && s.toks[i+1].pre == ""
}

// span returns the text of words i..j as typed.
func (s *scanner) span(i, j int) string { return s.text[s.toks[i].start:s.toks[j].end] }

func (s *scanner) result(p phrase) Result {
	start, end := s.toks[p.first].start, s.toks[p.last].end
	return Result{Date: p.date, Phrase: s.text[start:end], Start: start, End: end, Explicit: p.explicit}
}

var leads = map[string]bool{"by": true, "due": true, "on": true, "before": true}

// match reads a phrase starting at word i: optional lead words, then a date.
// strict is set when the text is known to be a date (Parse); a lead word sets it too.
func (s *scanner) match(i int, strict bool) (phrase, bool) {
	j := i
	lead := false
	if s.at(j) == "due" && s.joined(j) && leads[s.at(j+1)] && s.at(j+1) != "due" && s.joined(j+1) {
		j += 2
		lead = true
	} else if leads[s.at(j)] && s.joined(j) {
		j++
		lead = true
	}
	if lead && s.at(j) == "the" && s.joined(j) {
		j++
	}
	p, ok := s.body(j, strict || lead)
	if !ok {
		return phrase{}, false
	}
	p.first = i
	return p, true
}

func (s *scanner) body(j int, strict bool) (phrase, bool) {
	for _, f := range []func(int, bool) (phrase, bool){s.endOf, s.casual, s.inN, s.weekday, s.date} {
		if p, ok := f(j, strict); ok {
			return p, true
		}
	}
	return phrase{}, false
}

// casual reads "today" and "tomorrow".
func (s *scanner) casual(j int, _ bool) (phrase, bool) {
	w := s.at(j)
	if w != "today" && w != "tomorrow" {
		return phrase{}, false
	}
	return s.relative(j, j, w), true
}

var units = map[string]string{
	"day": "day", "days": "day", "week": "week", "weeks": "week", "fortnight": "fortnight", "fortnights": "fortnight",
	"month": "month", "months": "month", "year": "year", "years": "year",
}

// inN reads "in 3 days", "within two weeks", "in a month", "in 2 weeks' time".
func (s *scanner) inN(j int, _ bool) (phrase, bool) {
	if w := s.at(j); (w != "in" && w != "within") || !s.joined(j) || !s.joined(j+1) {
		return phrase{}, false
	}
	numWord := s.at(j + 1)
	n, ok := count(numWord)
	if !ok {
		return phrase{}, false
	}
	unit, ok := units[s.at(j+2)]
	if !ok {
		return phrase{}, false
	}
	last := j + 2
	if s.at(last+1) == "time" && s.toks[last+1].pre == "" && (s.toks[last].post == "" || s.toks[last].post == "'" || s.toks[last].post == "’") {
		last++
	}
	switch unit {
	case "day", "week":
		return s.relative(j, last, s.at(j)+" "+numWord+" "+s.at(j+2)), true
	case "fortnight":
		return s.relative(j, last, fmt.Sprintf("in %d weeks", 2*n)), true
	case "month":
		return s.checked(phrase{last: last, date: addMonths(s.today, n)}), true
	default:
		return s.checked(phrase{last: last, date: addMonths(s.today, 12*n)}), true
	}
}

// count reads the number of "in N weeks": up to three digits, a number word up to
// twelve (as when reads them), or "a"/"an".
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
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}

// addMonths moves d by n months, keeping the day of the month or, when the
// target month is shorter, taking its last day.
func addMonths(d civil.Date, n int) civil.Date {
	y, m, day := d.YMD()
	total := int(m) - 1 + n
	ny, nm := y+total/12, time.Month(total%12+1)
	return civil.DateOf(ny, nm, min(day, civil.DaysIn(ny, nm)))
}

// endOf reads "end of (the|this|next) month|week" and "end of March [2027]".
func (s *scanner) endOf(j int, _ bool) (phrase, bool) {
	if s.at(j) != "end" || !s.joined(j) || s.at(j+1) != "of" || !s.joined(j+1) {
		return phrase{}, false
	}
	k := j + 2
	next := false
	switch s.at(k) {
	case "the", "this":
		if s.joined(k) && (s.at(k+1) == "month" || s.at(k+1) == "week") {
			k++
		}
	case "next":
		if s.joined(k) && (s.at(k+1) == "month" || s.at(k+1) == "week") {
			k++
			next = true
		}
	}
	ty, tm, _ := s.today.YMD()
	switch s.at(k) {
	case "month":
		base := s.today
		if next {
			base = addMonths(base, 1)
		}
		y, m, _ := base.YMD()
		return s.checked(phrase{last: k, date: civil.DateOf(y, m, civil.DaysIn(y, m))}), true
	case "week":
		if next {
			return s.checked(phrase{last: k, date: nextWeeks(s.today, time.Friday)}), true
		}
		return s.checked(phrase{last: k, date: onOrAfter(s.today, time.Friday)}), true
	}
	m, ok := months[s.at(k)]
	if !ok || next {
		return phrase{}, false
	}
	if y, ok := s.year(k); ok {
		if y < 1000 {
			return phrase{last: k + 1, err: unreadable(s.span(j, k+1), "the year should have four digits")}, true
		}
		return s.checked(phrase{last: k + 1, date: civil.DateOf(y, m, civil.DaysIn(y, m)), explicit: true}), true
	}
	if m < tm {
		ty++
	}
	return s.checked(phrase{last: k, date: civil.DateOf(ty, m, civil.DaysIn(ty, m))}), true
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

var weekdays = map[string]time.Weekday{
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday, "thursday": time.Thursday,
	"friday": time.Friday, "saturday": time.Saturday, "sunday": time.Sunday,
}

var weekdayAbbrs = map[string]time.Weekday{
	"mon": time.Monday, "tue": time.Tuesday, "tues": time.Tuesday, "wed": time.Wednesday, "weds": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "fri": time.Friday,
	"sat": time.Saturday, "sun": time.Sunday,
}

// weekday reads "[this|next] Friday", optionally followed by the date it names ("Friday 4 Dec").
func (s *scanner) weekday(j int, strict bool) (phrase, bool) {
	k := j
	q := s.at(k)
	if (q == "this" || q == "next") && s.joined(k) {
		k++
	} else {
		q = ""
	}
	wd, ok := weekdays[s.at(k)]
	abbr := false
	if !ok {
		wd, ok = weekdayAbbrs[s.at(k)]
		if !ok {
			return phrase{}, false
		}
		abbr = !strict && q == ""
	}
	if k+1 < len(s.toks) && s.toks[k+1].pre == "" && (s.toks[k].post == "" || s.toks[k].post == ",") {
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
	default:
		d = onOrAfter(s.today.AddDays(1), wd)
	}
	return s.checked(phrase{last: k, date: d}), true
}

// onOrAfter returns the first day on or after d that falls on wd.
func onOrAfter(d civil.Date, wd time.Weekday) civil.Date {
	return d.AddDays((int(wd) - int(d.Weekday()) + 7) % 7)
}

// nextWeeks returns the day wd of the week after d's, weeks running Monday to Sunday.
func nextWeeks(d civil.Date, wd time.Weekday) civil.Date {
	monday := d.AddDays(-((int(d.Weekday()) + 6) % 7))
	return monday.AddDays(7 + (int(wd)+6)%7)
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
		y += 2000
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
// written: the next such day on or after today) and makes the phrase.
func (s *scanner) ymd(j, k, y, m, d int, st dateStyle) phrase {
	typed := s.span(j, k)
	if m < 1 || m > 12 {
		return phrase{last: k, err: noMonth(typed, d, m, st)}
	}
	month := time.Month(m)
	if !st.year {
		ty, tm, td := s.today.YMD()
		y = ty
		if month < tm || (month == tm && d < td) {
			y++
		}
	}
	if d < 1 || !civil.ValidYMD(y, month, d) {
		return phrase{last: k, err: notReal(typed, y, month, d, st)}
	}
	return s.checked(phrase{last: k, date: civil.DateOf(y, month, d), explicit: st.year})
}

// checked refuses a date that is beyond what a calendar date can hold (only
// reachable from a far-future today or "in 999 years").
func (s *scanner) checked(p phrase) phrase {
	if y, m, d := p.date.YMD(); !civil.ValidYMD(y, m, d) {
		p.err = errorf("That due date is too far ahead. Write a date before the year 10000.")
	}
	return p
}

// relative works out "today", "tomorrow" and "in N days|weeks" with when, over words
// j..last. expr is the phrase in a form when reads ("in two weeks").
func (s *scanner) relative(j, last int, expr string) phrase {
	base := s.today.Time().Add(12 * time.Hour)
	r, err := relativeParser.Parse(expr, base)
	if err != nil || r == nil {
		return phrase{last: last, err: internalf("due: read %q: %v", expr, err)}
	}
	return s.checked(phrase{last: last, date: civil.DateIn(r.Time, time.UTC)})
}

// relativeParser is when with only the two rules this package relies on it for:
// "today"/"tomorrow" and "in N days|weeks". Parsers are safe for concurrent use
// once built (their rules are regular expressions; each Parse has its own context).
var relativeParser = func() *when.Parser {
	p := when.New(nil)
	p.Add(en.CasualDate(rules.Override), en.Deadline(rules.Override))
	return p
}()

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

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Error is a due date that cannot be read. Message says what was wrong and
// how to write it, and is safe to show the person who typed it.
type Error struct {
	Message string
	// Internal marks a failure of this package rather than of the text.
	Internal bool
}

func (e *Error) Error() string { return e.Message }

func errorf(format string, args ...any) *Error {
	return &Error{Message: fmt.Sprintf(format, args...)}
}

func internalf(format string, args ...any) *Error {
	return &Error{Message: fmt.Sprintf(format, args...), Internal: true}
}
