package due

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"frontdoor/handlers/civil"
)

// Result is a due-date phrase found in text.
type Result struct {
	// Date is the due date; NoDate when the phrase says there is none yet ("ASAP").
	Date       civil.Date
	Phrase     string // the words that gave it, as typed ("by Friday")
	Start, End int    // byte offsets of Phrase in the text
	// Explicit is true when the year was written (2026-12-01, 1/12/2026, 1 Dec 2026):
	// only then may a due date be in the past.
	Explicit bool
	// Note is what the reply must tell the person about how the phrase was read,
	// where the date alone would not show it: a date without a year taken as next
	// year's, a date already past, a phrase that sets no date. It is a sentence safe
	// to show them; "" when the date speaks for itself.
	Note string
}

// Find looks for one due-date phrase in free action text. ok=false when there is none.
// err (an *Error) is returned when a phrase cannot be taken as it stands: an
// impossible date ("by 31/02"), a day and month that has just passed ("by 1/12" on
// 4 Dec), a phrase that names no one day ("by mid-January"), or two different due
// dates. The message says what was wrong and how to write it, and never guesses.
// A phrase that sets no date ("ASAP") gives ok=true, Date NoDate and a Note.
func Find(text string, today civil.Date) (r Result, ok bool, err error) {
	s := newScanner(text, today)
	var dated, undated []phrase
	for i := 0; i < len(s.toks); {
		p, matched := s.match(i, false)
		if !matched {
			i++
			continue
		}
		i = p.last + 1
		if !p.lead && s.inStory(p.first) {
			continue // "since 1 Nov", "until Friday", "last Friday": the story, not the due date
		}
		if p.err != nil {
			return Result{}, false, p.err
		}
		if p.date.IsZero() {
			undated = append(undated, p)
		} else {
			dated = append(dated, p)
		}
	}
	if len(dated) == 0 {
		if len(undated) == 0 {
			return Result{}, false, nil
		}
		return s.result(undated[0]), true, nil // "ASAP": no date, and the reply says so
	}
	// "ASAP, and by Friday at the latest": the date is the due date.
	first := dated[0]
	for _, p := range dated[1:] {
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
// Numbers that Find leaves alone in free text ("32/1") are refused here, and so is
// a phrase that sets no date ("ASAP"): a due date is asked for.
func Parse(text string, today civil.Date) (Result, error) {
	s := newScanner(text, today)
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
	if p.date.IsZero() {
		return Result{}, errorf("%q is not a date, so it cannot be a due date. Give the day it is needed by, like tomorrow or Friday.",
			s.span(p.body, p.last))
	}
	return s.result(p), nil
}

const examples = "28 Nov, 1/12, 2026-12-01, Friday, next Tuesday, in 2 weeks or end of month"

// phrase is a due date recognised over tokens first..last, or a refusal of them.
type phrase struct {
	first, last int
	body        int  // the first word after the lead words
	lead        bool // a lead word ("by", "due") starts it
	date        civil.Date
	explicit    bool
	note        string
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

func newScanner(text string, today civil.Date) *scanner {
	return &scanner{text: text, toks: tokenize(text), today: today}
}

// at returns the lower-case word at i, or "" past either end.
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

// joinedOrComma is joined, allowing a comma after word i ("Friday, 4 December").
func (s *scanner) joinedOrComma(i int) bool {
	return i >= 0 && i+1 < len(s.toks) && (s.toks[i].post == "" || s.toks[i].post == ",") && s.toks[i+1].pre == ""
}

// next reports whether word i+1 is w, joined to word i.
func (s *scanner) next(i int, w string) bool { return s.joined(i) && s.at(i+1) == w }

// span returns the text of words i..j as typed.
func (s *scanner) span(i, j int) string { return s.text[s.toks[i].start:s.toks[j].end] }

// ends reports whether a phrase ending at word k stops there: at the end of the
// text, at punctuation, or before a word that starts a new clause ("by December
// at the latest", "by Christmas, or sooner"). "by Christmas Trust funding" does not
// end at "Christmas", so it is ordinary text.
func (s *scanner) ends(k int) bool {
	return !s.joined(k) || clauseWords[s.at(k+1)]
}

var clauseWords = map[string]bool{
	"at": true, "or": true, "and": true, "to": true, "for": true, "so": true, "if": true, "then": true,
	"please": true, "latest": true, "with": true, "when": true, "unless": true, "because": true, "as": true,
	"but": true, "from": true, "by": true,
}

func (s *scanner) result(p phrase) Result {
	start, end := s.toks[p.first].start, s.toks[p.last].end
	return Result{Date: p.date, Phrase: s.text[start:end], Start: start, End: end, Explicit: p.explicit, Note: p.note}
}

var leads = map[string]bool{"by": true, "due": true, "on": true, "before": true, "deadline": true}

// lead reads the lead words at i ("by", "due by", "due date", "no later than")
// and returns the word after them. weak is set for "on", after which fewer
// date-like words are refused ("on track", "on the 3rd floor" are not dates).
func (s *scanner) lead(i int) (j int, lead, weak bool) {
	j = i
	switch w := s.at(j); {
	case w == "due" && s.joined(j) && s.at(j+1) == "date" && s.joined(j+1):
		j += 2 // "due date Friday", "due date TBC"
	case w == "due" && s.joined(j) && leads[s.at(j+1)] && s.at(j+1) != "due" && s.joined(j+1):
		j += 2
		weak = s.at(j-1) == "on"
	case (w == "no" || w == "not") && s.next(j, "later") && s.next(j+1, "than") && s.joined(j+2):
		j += 3
	case leads[w] && s.joined(j):
		j++
		weak = w == "on"
	default:
		return i, false, false
	}
	if s.at(j) == "the" && s.joined(j) {
		j++
	}
	return j, true, weak
}

// match reads a phrase starting at word i: optional lead words, then a date, or
// a refusal of a date-like phrase that is not understood. strict is set when the
// text is known to be a date (Parse); a lead word sets it too.
func (s *scanner) match(i int, strict bool) (phrase, bool) {
	j, lead, weak := s.lead(i)
	p, ok := s.body(j, strict || lead)
	if !ok && (strict || lead) {
		p, ok = s.dateLike(i, j, weak && !strict)
	}
	if !ok {
		return phrase{}, false
	}
	p.first, p.body, p.lead = i, j, lead
	return p, true
}

// body tries each reader at word j; the first that reads a phrase wins.
func (s *scanner) body(j int, strict bool) (phrase, bool) {
	if p, ok := s.timed(j, strict); ok {
		return p, true
	}
	return s.day(j, strict)
}

// day is body without times of day, so that "5pm 6pm" is not read twice over.
func (s *scanner) day(j int, strict bool) (phrase, bool) {
	for _, f := range []func(int, bool) (phrase, bool){
		s.undated, s.endOf, s.vague, s.casual, s.fromNow, s.inN, s.period, s.weekday, s.date,
	} {
		if p, ok := f(j, strict); ok {
			return p, true
		}
	}
	return phrase{}, false
}

// storyWords are words after which a date belongs to the story of the action,
// not its due date: "paused since 1 Nov", "from Monday", "until 5 Dec", "notes
// from last Friday", "every Friday".
var storyWords = map[string]bool{
	"from": true, "since": true, "after": true, "until": true, "till": true, "til": true, "starting": true,
	"started": true, "starts": true, "between": true, "last": true, "previous": true, "past": true,
	"every": true, "each": true,
}

// inStory reports whether the phrase at word i follows a story word ("since",
// "as of") with only a space between.
func (s *scanner) inStory(i int) bool {
	if !s.joined(i - 1) {
		return false
	}
	w := s.at(i - 1)
	return storyWords[w] || (w == "of" && s.at(i-2) == "as" && s.joined(i-2))
}

// Error is a due date that cannot be taken as written. Message says what was
// wrong and how to write it, and is safe to show the person who typed it.
type Error struct {
	Message string
}

func (e *Error) Error() string { return e.Message }

func errorf(format string, args ...any) *Error {
	return &Error{Message: fmt.Sprintf(format, args...)}
}
