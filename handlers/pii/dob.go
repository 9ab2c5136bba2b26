package pii

import (
	"regexp"
	"strconv"
	"strings"
)

// Dates of birth are read from the flat line: NFKC, lower case, invisible
// characters gone, mrkdwn markers and every kind of space as one space, and
// date punctuation as ".", "/" or "-".

// The words before a date that make it a date of birth, with what may stand
// between: punctuation, and a few small words ("born on the 3rd of March").
var (
	birthBefore = regexp.MustCompile(`(?:\bd\.? ?o\.? ?b\b\.?|\bdate of birth|\bbirth ?date|\bborn)` +
		`[ :=,;()\[\]#.-]*(?:(?:on|in|the|is|was)\b[ :,]*){0,2}$`)
	// "aged 45 (12/03/1980)": aged, an age, then the date.
	agedBefore = regexp.MustCompile(`\baged ?(?:\d{1,3} ?(?:years?|yrs?)?(?: old)?)?[ :=,;()\[\]-]*$`)
	// "12/03/1980 (DOB)": a bracket or a dash at most between, so that a
	// list ("by 1/4/2027, date of birth field…") is not read as one.
	birthAfter = regexp.MustCompile(`^ ?[(\[-]? ?(?:d\.? ?o\.? ?b\b|date of birth|birth ?date)`)
)

const (
	dateSep = `(?: ?[./-] ?| )`
	month   = `(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?`
	ord     = `(?:st|nd|rd|th)?`
)

// The ways a date is written, each anchored at the start. Numbered groups:
// day, month, year in the order the pattern names them.
var (
	ymdRE  = regexp.MustCompile(`^(\d{4})` + dateSep + `(\d{1,2})` + dateSep + `(\d{1,2})\b`)
	dmyRE  = regexp.MustCompile(`^(\d{1,2})` + ord + dateSep + `(\d{1,2})` + dateSep + `(\d{4}|\d{2})\b`)
	dmRE   = regexp.MustCompile(`^(\d{1,2}) ?[./-] ?(\d{1,2})\b`)
	dMonRE = regexp.MustCompile(`^(\d{1,2})` + ord + `(?: of)? ?` + month + `(?:,? ?(\d{4}|'?\d{2}\b))?`)
	monDRE = regexp.MustCompile(`^` + month + ` ?(\d{1,2})` + ord + `\b(?:,? ?(\d{4})\b)?`)
	monYRE = regexp.MustCompile(`^` + month + `,? ?(\d{4})\b`)
)

// hasCue looks for the words that can make a date a date of birth; without
// one there is nothing to look for.
func hasCue(flat string) bool {
	for _, w := range []string{"born", "birth", "aged", "dob", "d.o", "d o"} {
		if strings.Contains(flat, w) {
			return true
		}
	}
	return false
}

// hasDateOfBirth reports a date next to a word that makes it a date of birth.
func hasDateOfBirth(flat string) bool {
	if !hasCue(flat) {
		return false
	}
	for i := 0; i < len(flat); i++ {
		if !isWordStart(flat, i) {
			continue
		}
		// A date and what may follow it fit in 40 characters; the regexps
		// see no more (their cost grows with what they are given).
		n, withYear := dateAt(flat[i:min(len(flat), i+40)])
		if n == 0 {
			continue
		}
		before := lookBehind(flat, i)
		if birthBefore.MatchString(before) || withYear && agedBefore.MatchString(before) ||
			birthAfter.MatchString(flat[i+n:min(len(flat), i+n+24)]) {
			return true
		}
	}
	return false
}

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }

func isAlnum(b byte) bool { return b >= '0' && b <= '9' || b >= 'a' && b <= 'z' }

func isWordStart(s string, i int) bool {
	return isAlnum(s[i]) && (i == 0 || !isAlnum(s[i-1]))
}

// lookBehind is the text before i that a cue and its gap can fill, starting
// at a word so that the cue's own word boundary holds.
func lookBehind(s string, i int) string {
	lo := max(0, i-48)
	if lo > 0 {
		if sp := strings.IndexByte(s[lo:i], ' '); sp >= 0 {
			lo += sp + 1
		} else {
			return ""
		}
	}
	return s[lo:i]
}

// dateAt returns the length of a date at the start of s, and whether it
// carries a year; 0 when none is there.
func dateAt(s string) (n int, withYear bool) {
	if !isDigitByte(s[0]) {
		if monthNumber(s) == 0 {
			return 0, false
		}
		if m := monDRE.FindStringSubmatch(s); m != nil && validDay(m[2], monthNumber(m[1])) {
			return len(m[0]), m[3] != ""
		}
		if m := monYRE.FindStringSubmatch(s); m != nil {
			return len(m[0]), true
		}
		return 0, false
	}
	if m := ymdRE.FindStringSubmatch(s); m != nil && validDay(m[3], monthNumber(m[2])) {
		return len(m[0]), true
	}
	if m := dmyRE.FindStringSubmatch(s); m != nil && validDay(m[1], monthNumber(m[2])) {
		return len(m[0]), true
	}
	if m := dMonRE.FindStringSubmatch(s); m != nil && validDay(m[1], monthNumber(m[2])) {
		return len(m[0]), m[3] != ""
	}
	if m := dmRE.FindStringSubmatch(s); m != nil && validDay(m[1], monthNumber(m[2])) {
		return len(m[0]), false
	}
	return 0, false
}

// monthNumber reads a month as a number (1–12) or a name; 0 when it is neither.
func monthNumber(s string) int {
	if s != "" && isDigitByte(s[0]) {
		if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= 12 {
			return n
		}
		return 0
	}
	for i, name := range []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"} {
		if strings.HasPrefix(s, name) {
			return i + 1
		}
	}
	return 0
}

func validDay(day string, month int) bool {
	d, err := strconv.Atoi(day)
	return err == nil && month > 0 && d >= 1 && d <= 31
}
