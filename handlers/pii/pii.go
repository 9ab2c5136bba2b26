// Package pii finds residents' identifiers in free text so that Frontdoor can
// refuse to record them, or to answer a question holding one: actions are about
// the system, not individuals. It reports only the kinds found, never the
// matched text, so a refusal cannot echo it.
//
// # How text is read
//
// Text is first normalised the way a reader sees it, so that an identifier
// cannot slip past in a form that looks the same on screen:
//   - NFKC: full-width digits and letters ("９４３"), circled digits and the like
//     become plain ones; decimal digits of every script count as digits.
//   - Separators between groups of digits or letters are read as a break
//     between groups and nothing more, however many there are: spaces of every
//     Unicode kind, tabs and newlines (an identifier split across the lines of
//     a form), zero-width and other invisible characters, soft hyphens, dots,
//     slashes, hyphens, en and em dashes and the minus sign, underscores,
//     brackets, and Slack's mrkdwn markers (* _ ~ and backticks: "*943*476",
//     a code span).
//
// Anything else (a comma, a colon, a letter, "£", "<", "@") ends a run of
// groups, so "£1,234,567" is three numbers, not one.
//
// # What counts
//
//   - NHS number: ten digits passing the modulus-11 check. A run of exactly ten
//     digits counts in any grouping ("943 476 5919", "943.476.5919",
//     "94 34 76 59 19", "9434765919"); ten digits inside a longer run of groups
//     count when every group has at least three digits (the 3-3-4 form after a
//     "42" or next to a phone number). A run of groups that reads as a date
//     ("01/04/2026-07") is not read in any grouping, only in groups of three or
//     more, so dates and financial years are not taken for numbers.
//   - Phone number (UK, mobile or landline): eleven digits starting 01, 02 or a
//     mobile 07 (071–075, 077–079, 07624), by the same grouping rules as NHS
//     numbers; or +44 / 0044 followed by the ten digits without the 0, with or
//     without "(0)". Organisations' numbers (03, 08, 09: "0300 123 4567",
//     "0800 169 0310") pass: they are not residents'. The few ten-digit
//     landlines (01xxx xxxx) are not recognised.
//   - National Insurance number: two prefix letters, six digits and an
//     optional final A–D, any case, any separators ("AB 12 34 56 C",
//     "ab123456", "A.B.12.34.56.C"). The official prefix rules are applied
//     (first letter not D, F, I, Q, U or V; second not D, F, I, O, Q, U or V; not
//     BG, GB, NK, KN, TN, NT or ZZ): every issued number passes them, so they lose
//     nothing and spare codes that only look alike. HMRC's published example
//     QQ 12 34 56 C is therefore not refused. A short English word written in
//     lower case before a date ("by 12.06.26", "on 01 04 26 a") is read as the
//     word, not as a prefix.
//   - Full UK postcode: an outward and an inward code by the Royal Mail letter
//     rules, any case, with or without separators ("M1 1AE", "m11ae", "SW1A  1AA",
//     "EC1A-1BB", "GIR 0AA"). A partial postcode ("M1", "SW1A") names an area,
//     not a home, and passes. An inward code written as a lower-case ordinal
//     ("A1 2nd", "M1 1st") is read as the ordinal.
//   - Date of birth: a date (12/03/1980, 12.3.80, 1980-03-12, 12th March 1980,
//     March 12 1980, March 1980, 12 March) next to "DOB", "d.o.b.", "born",
//     "date of birth" or "birth date" (before it, or "(DOB)" after it), or next
//     to "aged" and an age ("aged 45 (12/03/1980)"; here the date needs its
//     year, so "aged 16-24" is an age range). A date with no such word ("by
//     12/1/2027") is an ordinary date.
//
// What no pattern can find: residents' names, addresses without a postcode,
// and descriptions that identify someone ("the man at the Leeds jobcentre on
// Tuesday"). The README says what the unit should do about them.
package pii

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Finding is one kind of residents' identifier found in text.
type Finding struct{ Kind string }

// The kinds of identifier, in the order Find reports them.
const (
	NHSNumber   = "NHS number"
	NINumber    = "National Insurance number"
	Postcode    = "postcode"
	PhoneNumber = "phone number"
	DateOfBirth = "date of birth"
)

// Kinds lists every kind in the order Find reports them.
var Kinds = []string{NHSNumber, NINumber, Postcode, PhoneNumber, DateOfBirth}

// Find returns the kinds of residents' identifiers found in text (each kind once,
// in the order of Kinds). It never returns the matched text.
func Find(text string) []Finding {
	if !strings.ContainsFunc(text, unicode.IsNumber) {
		return nil // every kind holds a digit (NFKC makes digits only of numbers)
	}
	r := read(text)
	found := map[string]bool{}
	for i := range r.chains {
		r.chains[i].scan(found)
	}
	if hasDateOfBirth(r.flat) {
		found[DateOfBirth] = true
	}
	var out []Finding
	for _, k := range Kinds {
		if found[k] {
			out = append(out, Finding{k})
		}
	}
	return out
}

// reading is text normalised for matching: runs of groups for the numbers and
// codes, and one flat lower-case line for dates of birth.
type reading struct {
	chains []chain
	flat   string
}

// chain is a run of letter and digit groups with only separators between
// them. up holds the letters upper-cased and the digits as ASCII; orig the
// same characters as written (after NFKC), for the rules that look at case.
// cut[k] reports a break between groups before up[k] (always at 0 and at the
// end). plus is set when the run follows a "+" (an international number).
type chain struct {
	up, orig []rune
	cut      []bool
	plus     bool
}

func read(text string) reading {
	s := norm.NFKC.String(text)
	// One backing array for every chain: text is short, chains are many.
	n := utf8.RuneCountInString(s)
	up, orig := make([]rune, 0, n), make([]rune, 0, n)
	cut := make([]bool, 0, 2*n+1)
	var (
		chains  []chain
		begin   = 0 // where the current chain starts in up
		cbegin  = 0 // and in cut
		sepSeen bool
		plus    bool
		last    rune // the last character that ended a run of groups
		flat    = make([]byte, 0, len(s))
	)
	end := func() {
		if len(up) > begin {
			cut = append(cut, true)
			chains = append(chains, chain{up: up[begin:len(up):len(up)], orig: orig[begin:len(orig):len(orig)],
				cut: cut[cbegin:len(cut):len(cut)], plus: plus})
		}
		begin, cbegin = len(up), len(cut)
	}
	for _, r := range s {
		if d, ok := asciiDigit(r); ok {
			r = d
		}
		switch classify(r) {
		case groupChar:
			if len(up) == begin {
				plus = last == '+'
				cut = append(cut, true)
			} else {
				cut = append(cut, sepSeen)
			}
			up = append(up, unicode.ToUpper(r))
			orig = append(orig, r)
			sepSeen = false
			flat = utf8.AppendRune(flat, unicode.ToLower(r))
		case separatorChar:
			sepSeen = true
			flat = append(flat, flatSeparator(r)...)
		default:
			end()
			last, sepSeen = r, false
			flat = utf8.AppendRune(flat, unicode.ToLower(r))
		}
	}
	end()
	return reading{chains: chains, flat: strings.Join(strings.Fields(string(flat)), " ")}
}

const (
	otherChar = iota
	groupChar
	separatorChar
)

// classify sorts a character: part of a group (a letter or a digit), a
// separator between groups, or anything else.
func classify(r rune) int {
	if r < 0x80 {
		switch {
		case r >= '0' && r <= '9', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
			return groupChar
		case isSeparator(r):
			return separatorChar
		}
		return otherChar
	}
	switch {
	case unicode.IsLetter(r) && !invisible(r):
		return groupChar
	case isSeparator(r):
		return separatorChar
	}
	return otherChar
}

// asciiDigit maps a decimal digit of any script to its ASCII digit. Unicode
// encodes every script's decimal digits as runs of ten, in order from zero.
func asciiDigit(r rune) (rune, bool) {
	if r >= '0' && r <= '9' {
		return r, true
	}
	if r < 0x80 || !unicode.Is(unicode.Nd, r) {
		return 0, false
	}
	start := r
	for unicode.Is(unicode.Nd, start-1) {
		start--
	}
	return '0' + (r-start)%10, true
}

// invisible reports characters that show as nothing: format characters (zero
// width, soft hyphen, direction marks), combining marks left over after NFKC,
// variation selectors, fillers and the braille blank.
func invisible(r rune) bool {
	return unicode.In(r, unicode.Cf, unicode.Mn, unicode.Me, unicode.Other_Default_Ignorable_Code_Point,
		unicode.Variation_Selector) || r == '\u2800'
}

// isSeparator reports what may stand between the groups of one identifier.
func isSeparator(r rune) bool {
	switch r {
	case '.', '/', '\\', '*', '_', '~', '`', '(', ')', '\u00b7', '\u2027', '\u2044', '\u2215', '\u2212':
		return true
	}
	return unicode.IsSpace(r) || unicode.In(r, unicode.Cc, unicode.Pd, unicode.Pc) || invisible(r)
}

// flatSeparator is what a separator becomes in the flat line read for dates:
// date punctuation stays (as ".", "/" or "-"), mrkdwn markers and spaces
// become a space, invisible characters vanish.
func flatSeparator(r rune) string {
	switch {
	case r == '.' || r == '\u00b7' || r == '\u2027':
		return "."
	case r == '/' || r == '\\' || r == '\u2044' || r == '\u2215':
		return "/"
	case r == '\u2212' || unicode.Is(unicode.Pd, r):
		return "-"
	case r == '(' || r == ')':
		return string(r)
	case invisible(r):
		return ""
	}
	return " "
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func isLetterAZ(r rune) bool { return r >= 'A' && r <= 'Z' }

// scan records the kinds found in one run of groups.
func (c *chain) scan(found map[string]bool) {
	for a := 0; a < len(c.up); {
		if !isDigit(c.up[a]) {
			a++
			continue
		}
		b := a
		for b < len(c.up) && isDigit(c.up[b]) {
			b++
		}
		c.numbers(a, b, found)
		a = b
	}
	for i := 0; i < len(c.up); i++ {
		if !c.cut[i] || !isLetterAZ(c.up[i]) {
			continue
		}
		if c.niNumberAt(i) {
			found[NINumber] = true
		}
		if c.postcodeAt(i) {
			found[Postcode] = true
		}
	}
}

// numbers looks for NHS and phone numbers in the digits up[a:b], a run of
// digit groups with nothing but separators between them.
func (c *chain) numbers(a, b int, found map[string]bool) {
	bounds := []int{a}
	for k := a + 1; k < b; k++ {
		if c.cut[k] {
			bounds = append(bounds, k)
		}
	}
	bounds = append(bounds, b)
	digits := string(c.up[a:b])
	// The whole run, in any grouping, unless it reads as a date.
	if !dateLike(bounds) {
		if b-a == 10 && validNHS(digits) {
			found[NHSNumber] = true
		}
		if b-a == 11 && ukNumber(digits) {
			found[PhoneNumber] = true
		}
	}
	// Within a longer run: whole groups of three digits or more.
	for x := 0; x < len(bounds)-1; x++ {
		for y := x + 1; y < len(bounds) && bounds[y]-bounds[x] <= 11; y++ {
			if bounds[y]-bounds[x] < 10 || !groupsOfThree(bounds[x:y+1]) {
				continue
			}
			window := string(c.up[bounds[x]:bounds[y]])
			if len(window) == 10 && validNHS(window) {
				found[NHSNumber] = true
			}
			if len(window) == 11 && ukNumber(window) {
				found[PhoneNumber] = true
			}
		}
	}
	if c.international(a, b, bounds) {
		found[PhoneNumber] = true
	}
}

// dateLike reports whether groups read as a date or a range of dates or
// years: a four-digit year 19xx or 20xx beside a group of one or two digits.
func dateLike(bounds []int) bool {
	year, short := false, false
	for i := 0; i < len(bounds)-1; i++ {
		switch n := bounds[i+1] - bounds[i]; {
		case n <= 2:
			short = true
		case n == 4:
			year = true
		}
	}
	return year && short
}

func groupsOfThree(bounds []int) bool {
	for i := 0; i < len(bounds)-1; i++ {
		if bounds[i+1]-bounds[i] < 3 {
			return false
		}
	}
	return true
}

// international finds +44 or 0044 and a UK number without its leading 0
// ("+44 7700 900123", "+44 (0)161 496 0000", "0044 20 7946 0000").
func (c *chain) international(a, b int, bounds []int) bool {
	digits := string(c.up[a:b])
	p := -1
	switch {
	case c.plus && a == 0 && strings.HasPrefix(digits, "44"):
		p = a + 2
	case c.cut[a] && strings.HasPrefix(digits, "0044"):
		p = a + 4
	}
	if p < 0 {
		return false
	}
	if p < b && c.up[p] == '0' {
		p++ // the trunk 0, written "(0)" or not
	}
	end := p + 10
	if end > b || !c.cut[end] && end != b {
		return false
	}
	return ukNumber("0" + string(c.up[p:end]))
}

// ukNumber reports whether eleven digits are a UK landline (01, 02) or mobile
// (071–075, 077–079, 07624) number.
func ukNumber(d string) bool {
	if len(d) != 11 || d[0] != '0' {
		return false
	}
	switch d[1] {
	case '1', '2':
		return true
	case '7':
		return strings.ContainsRune("12345789", rune(d[2])) || strings.HasPrefix(d, "07624")
	}
	return false
}

// validNHS applies the modulus-11 check to ten digits: weights 10 down to 2 on the
// first nine, check digit 11 - (sum mod 11), where 11 means 0 and 10 is never issued.
func validNHS(digits string) bool {
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(digits[i]-'0') * (10 - i)
	}
	check := 11 - sum%11
	switch check {
	case 11:
		check = 0
	case 10:
		return false
	}
	return int(digits[9]-'0') == check
}

// niNumberAt reports an NI number starting at the group break i.
func (c *chain) niNumberAt(i int) bool {
	n := len(c.up)
	if i+8 > n || !isLetterAZ(c.up[i]) || !isLetterAZ(c.up[i+1]) {
		return false
	}
	for k := i + 2; k < i+8; k++ {
		if !isDigit(c.up[k]) {
			return false
		}
	}
	end := i + 8
	if !c.cut[end] {
		if end >= n || c.up[end] < 'A' || c.up[end] > 'D' || !c.cut[end+1] {
			return false
		}
	}
	if !validPrefix(c.up[i], c.up[i+1]) {
		return false
	}
	// "by 12.06.26": a word, not a prefix. Capitals mean it as a code.
	if c.cut[i+2] && !(unicode.IsUpper(c.orig[i]) && unicode.IsUpper(c.orig[i+1])) &&
		shortWords[strings.ToLower(string(c.orig[i:i+2]))] {
		return false
	}
	return true
}

// shortWords are two-letter English words and abbreviations that the prefix
// rules allow and that come before numbers and dates in ordinary sentences.
var shortWords = map[string]bool{
	"ah": true, "am": true, "an": true, "as": true, "at": true, "be": true, "by": true, "ca": true,
	"cc": true, "cm": true, "eh": true, "em": true, "er": true, "et": true, "ex": true, "ha": true,
	"he": true, "hr": true, "km": true, "me": true, "mm": true, "mr": true, "ms": true, "my": true,
	"nr": true, "oh": true, "ok": true, "on": true, "or": true, "pa": true, "pm": true, "pp": true,
	"ps": true, "re": true, "rm": true, "st": true, "we": true, "wk": true, "ye": true, "yr": true,
}

// validPrefix applies HMRC's rules for the two prefix letters.
func validPrefix(a, b rune) bool {
	if strings.ContainsRune("DFIQUV", a) || strings.ContainsRune("DFIOQUV", b) {
		return false
	}
	switch string([]rune{a, b}) {
	case "BG", "GB", "NK", "KN", "TN", "NT", "ZZ":
		return false
	}
	return true
}

// postcodeAt reports a full postcode starting at the group break i and ending
// at one.
func (c *chain) postcodeAt(i int) bool {
	if !strings.ContainsRune(postcodeFirst, c.up[i]) {
		return false
	}
	for j := i + 5; j <= i+7 && j <= len(c.up); j++ {
		if c.cut[j] && isPostcode(c.up[i:j]) && !isOrdinal(string(c.orig[j-3:j])) {
			return true
		}
	}
	return false
}

// The Royal Mail format: outward code A9, A99, A9A, AA9, AA99 or AA9A with the
// letters each position allows, then the inward code 9AA without C, I, K, M,
// O or V; and the one exception, GIR 0AA.
const (
	postcodeFirst  = "ABCDEFGHIJKLMNOPRSTUWYZ"
	postcodeSecond = "ABCDEFGHKLMNOPQRSTUVWXY"
	postcodeA9A    = "ABCDEFGHJKPSTUW"
	postcodeAA9A   = "ABEHMNPRVWXY"
	postcodeInward = "ABDEFGHJLNPQRSTUWXYZ"
)

// isPostcode reports whether s (upper case, no separators) is a full postcode.
func isPostcode(s []rune) bool {
	if string(s) == "GIR0AA" {
		return true
	}
	n := len(s)
	if n < 5 || n > 7 || !isDigit(s[n-3]) || !strings.ContainsRune(postcodeInward, s[n-2]) ||
		!strings.ContainsRune(postcodeInward, s[n-1]) {
		return false
	}
	out := s[:n-3]
	if !strings.ContainsRune(postcodeFirst, out[0]) {
		return false
	}
	switch {
	case isDigit(out[1]): // A9, A99, A9A
		return len(out) == 2 || len(out) == 3 && (isDigit(out[2]) || strings.ContainsRune(postcodeA9A, out[2]))
	case strings.ContainsRune(postcodeSecond, out[1]): // AA9, AA99, AA9A
		return len(out) >= 3 && isDigit(out[2]) &&
			(len(out) == 3 || isDigit(out[3]) || strings.ContainsRune(postcodeAA9A, out[3]))
	}
	return false
}

// isOrdinal reports whether an inward code is really an ordinal written in lower
// case ("1st", "2nd", "3rd", "4th").
func isOrdinal(inward string) bool {
	if len(inward) != 3 || inward != strings.ToLower(inward) {
		return false
	}
	switch inward[0] {
	case '1':
		return inward[1:] == "st"
	case '2':
		return inward[1:] == "nd"
	case '3':
		return inward[1:] == "rd"
	default:
		return inward[1:] == "th"
	}
}
