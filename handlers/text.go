package handlers

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Formatting for users: money, the basis of a figure, a programme's running
// state, and the small text helpers that keep replies inside Slack's limits.

// Money formats an amount in pence as officers write it: whole pounds with
// commas below a million (£350,000; £69,260), then millions and billions with
// one decimal and a trailing ".0" dropped (£1m, £1.2m, £42.8m, £2.9bn).
// Rounding is to the nearest unit shown, halves away from zero, and an amount
// that rounds up to the next unit is written in it (£999,999.60 is £1m).
// Amounts under £100 with pence keep them (£12.50).
func Money(pence int64) string {
	if pence < 0 {
		if pence == -pence { // math.MinInt64 has no positive counterpart
			pence++
		}
		return "-" + Money(-pence)
	}
	const (
		pound   = 100
		million = 1_000_000 * pound
		billion = 1000 * million
	)
	if pence < 100*pound && pence%pound != 0 {
		return "£" + strconv.FormatInt(pence/pound, 10) + "." + twoDigitPence(pence%pound)
	}
	if pounds := (pence + pound/2) / pound; pounds < 1_000_000 {
		return "£" + WithCommas(pounds)
	}
	if tenths := (pence + million/20) / (million / 10); tenths < 10_000 {
		return "£" + withOneDecimal(tenths) + "m"
	}
	// Past the billions the unit stays "bn" with commas (£1,200bn).
	return "£" + withOneDecimal((pence+billion/20)/(billion/10)) + "bn"
}

func twoDigitPence(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// withOneDecimal writes tenths as "12.3", or "12" when the decimal is zero.
func withOneDecimal(tenths int64) string {
	s := WithCommas(tenths / 10)
	if d := tenths % 10; d != 0 {
		s += "." + strconv.FormatInt(d, 10)
	}
	return s
}

// withCommas writes n with thousands separators: 1038250 → "1,038,250".
func WithCommas(n int64) string {
	s := strconv.FormatInt(n, 10)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

var (
	basisUpTo   = regexp.MustCompile(`(?i)\bup to\b`)
	basisApprox = regexp.MustCompile(`(?i)~|\b(approx\w*|circa|c\.\s*£|estimated?|est\.|roughly)|\b(around|about)\s*[£\d]`)
	basisPerYr  = regexp.MustCompile(`(?i)\b(per (year|annum|yr)|a year|annual(ly)?|yearly|each year|p\.a\.)|/yr\b`)
	basisYears  = regexp.MustCompile(`(?i)\b(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)[\s-]*(years?|yrs?)\b`)
)

var basisNumberWords = map[string]string{
	"two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
	"seven": "7", "eight": "8", "nine": "9", "ten": "10",
}

// FundingBasis extracts the basis of a figure from a funding's notes:
// "up to", "approx", "per year" and "over 5 years", joined by commas, or ""
// when the notes say none of them. By the register's convention the basis
// comes first and caveats follow a semicolon ("up to, 5 years; part of
// £338m for 15 areas"), so only the text before the first semicolon is
// read: a "~£9m in year 1" further on describes another figure.
func FundingBasis(notes string) string {
	first, _, _ := strings.Cut(notes, ";")
	var parts []string
	if basisUpTo.MatchString(first) {
		parts = append(parts, "up to")
	}
	if basisApprox.MatchString(first) {
		parts = append(parts, "approx")
	}
	if basisPerYr.MatchString(first) {
		parts = append(parts, "per year")
	}
	if m := basisYears.FindStringSubmatch(first); m != nil {
		n := strings.ToLower(m[1])
		if w, ok := basisNumberWords[n]; ok {
			n = w
		}
		if v, err := strconv.Atoi(n); err == nil && v >= 2 {
			parts = append(parts, "over "+n+" years")
		}
	}
	return strings.Join(parts, ", ")
}

// clipText shortens s to at most n characters, ending it with "…" when cut.
// Register text is free text of any length; replies must stay in limits.
func ClipText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n < 1 {
		return ""
	}
	i, count := 0, 0
	for j := range s {
		if count == n-1 {
			i = j
			break
		}
		count++
	}
	return strings.TrimRightFunc(s[:i], unicode.IsSpace) + "…"
}

// Longest register text a reply shows in one place.
const (
	MaxNameLen        = 100 // a programme, agency, area or cohort name
	MaxDescriptionLen = 600
	MaxURLLen         = 1000 // longer addresses are left unlinked
)

// clipName clips a display name.
func ClipName(s string) string { return ClipText(s, MaxNameLen) }

// phraseOf turns a display name into words that read inside a sentence:
// "Young people" → "young people", but "Universal Credit claimants",
// "NHS staff" and "IPS" keep their capitals.
func Phrase(s string) string {
	first, rest, _ := strings.Cut(s, " ")
	r, size := utf8.DecodeRuneInString(first)
	if !unicode.IsUpper(r) {
		return s
	}
	for _, c := range first[size:] {
		if unicode.IsUpper(c) {
			return s // an acronym or a camel-case name
		}
	}
	if next, _, _ := strings.Cut(rest, " "); next != "" {
		if c, _ := utf8.DecodeRuneInString(next); unicode.IsUpper(c) {
			return s // a proper name such as "Universal Credit"
		}
	}
	return string(unicode.ToLower(r)) + s[size:]
}

// plural writes a count and the word that agrees with it: "1 programme",
// "3 programmes", "1,328 gaps" (thousands separated, as officers write them).
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return Num(n) + " " + many
}

// countOrNo is plural, with "no" for none: "no programmes".
func CountOrNo(n int, one, many string) string {
	if n == 0 {
		return "no " + many
	}
	return Plural(n, one, many)
}

// joinNames joins names as "A", "A and B", "A, B and C", showing at most
// max of them and then "and N more".
func JoinNames(names []string, max int) string {
	if len(names) > max {
		shown := strings.Join(names[:max], ", ")
		return shown + " and " + Num(len(names)-max) + " more"
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// aOrAn puts the article a reader says before each kind: "an NHS number",
// "a National Insurance number", "a postcode".
func aOrAn(kinds []string) []string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		first, _, _ := strings.Cut(k, " ")
		vowelSound := strings.ContainsRune("AEIOUaeiou", rune(k[0]))
		if len(first) > 1 && strings.ToUpper(first) == first {
			// An initialism is read letter by letter: "an NHS", "a DWP".
			vowelSound = strings.ContainsRune("AEFHILMNORSX", rune(first[0]))
		}
		if vowelSound {
			out[i] = "an " + k
		} else {
			out[i] = "a " + k
		}
	}
	return out
}

func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// num writes a count with thousands separators: 1,328.
func Num(n int) string { return WithCommas(int64(n)) }

// placeName is how an area is named in the digest and these replies: the
// longest alias its name starts with, when there is one ("South Yorkshire"
// for South Yorkshire Mayoral Combined Authority), else its name. Lists of
// places read far better without "Combined Authority" at every turn.
func PlaceName(a *Area) string {
	best := ""
	for _, al := range a.Aliases {
		if len(al) > len(best) && len(al) >= 4 && strings.HasPrefix(a.Name, al+" ") {
			best = al
		}
	}
	if best == "" {
		return ClipName(a.Name)
	}
	return ClipName(best)
}

func PlaceNames(as []*Area) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = PlaceName(a)
	}
	return out
}

// shortProgramme names a programme in lists and pair lines: its name when
// short; else its name without a trailing bracket ("Health and Growth
// Accelerators"); else its shortest alias of several words ("GBW
// trailblazers"); else its name clipped.
func ShortProgramme(p *Programme) string {
	const short = 40
	name := strings.TrimSpace(p.Name)
	if len([]rune(name)) <= short {
		return name
	}
	if i := strings.LastIndex(name, " ("); i > 0 && strings.HasSuffix(name, ")") {
		if base := strings.TrimSpace(name[:i]); len([]rune(base)) <= short && len(base) >= 4 {
			return base
		}
	}
	best := ""
	for _, al := range p.Aliases {
		if strings.Contains(al, " ") && len([]rune(al)) <= short && (best == "" || len(al) < len(best)) {
			best = al
		}
	}
	if best != "" {
		return best
	}
	return ClipText(name, short)
}

// ShortName is how an agency is named inside a line and in lists of
// actions: its acronym when the register gives one (DWP, GMCA, NHSE), else
// a short alias people use (GM ICB, SY ICB: two to six characters, shorter
// than the name), else its name. It is the one rule for an agency's short
// name, in who funds, the cards, overlaps, the digest and the action log.
func ShortName(a *Agency) string {
	for _, al := range a.Aliases {
		if isAcronym(al) {
			return al
		}
	}
	for _, al := range a.Aliases {
		if len(al) >= 2 && len(al) <= 6 && len(al) < len(a.Name) {
			return al
		}
	}
	return ClipName(a.Name)
}

// isAcronym reports whether an alias is an abbreviation such as "DWP",
// "GMCA" or "DfE": one word, short, starting with a capital, with at least
// two capitals.
func isAcronym(s string) bool {
	if len(s) < 2 || len(s) > 8 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	caps := 0
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			caps++
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '&':
		default:
			return false
		}
	}
	return caps >= 2
}

// newWords writes how many are new: "none new", "3 new".
func NewWords(n int) string {
	if n == 0 {
		return "none new"
	}
	return Num(n) + " new"
}

func CompareFold(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }
