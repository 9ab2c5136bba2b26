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
		return "£" + withCommas(pounds)
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
	s := withCommas(tenths / 10)
	if d := tenths % 10; d != 0 {
		s += "." + strconv.FormatInt(d, 10)
	}
	return s
}

// withCommas writes n with thousands separators: 1038250 → "1,038,250".
func withCommas(n int64) string {
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

// ProgrammeState says whether a programme is running on date on, from its
// status and dates, in words: "running until 31 Mar 2026", "running (no end
// date)", "ended 31 Mar 2025", "starts 1 Apr 2026", "planned" (with its start
// when known) or "closed". Users never see the raw status column.
func ProgrammeState(p *Programme, on Date) string {
	switch p.EffectiveStatus() {
	case StatusClosed:
		if !p.End.IsZero() && p.End < on {
			return "closed, ended " + p.End.UK()
		}
		return "closed"
	case StatusPlanned:
		if !p.Start.IsZero() && p.Start > on {
			return "planned from " + p.Start.UK()
		}
		return "planned"
	}
	switch {
	case !p.Start.IsZero() && on < p.Start:
		return "starts " + p.Start.UK()
	case !p.End.IsZero() && p.End < on:
		return "ended " + p.End.UK()
	case !p.End.IsZero():
		return "running until " + p.End.UK()
	default:
		return "running (no end date)"
	}
}

// clipText shortens s to at most n characters, ending it with "…" when cut.
// Register text is free text of any length; replies must stay in limits.
func clipText(s string, n int) string {
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
	maxNameLen        = 100 // a programme, agency, area or cohort name
	maxDescriptionLen = 600
	maxURLLen         = 1000 // longer addresses are left unlinked
)

// clipName clips a display name.
func clipName(s string) string { return clipText(s, maxNameLen) }

// linkOrText makes a link span when the address is a web address of sane length,
// else plain text.
func linkOrText(text, url string) Span {
	if url == "" || len(url) > maxURLLen || !(strings.HasPrefix(url, "https://") || strings.HasPrefix(url, "http://")) {
		return T(text)
	}
	return L(text, url)
}

// phraseOf turns a display name into words that read inside a sentence:
// "Young people" → "young people", but "Universal Credit claimants",
// "NHS staff" and "IPS" keep their capitals.
func phraseOf(s string) string {
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

// plural writes "1 programme" or "3 programmes".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// countOrNo writes "no programmes", "1 programme" or "3 programmes".
func countOrNo(n int, one, many string) string {
	if n == 0 {
		return "no " + many
	}
	return plural(n, one, many)
}

// joinNames joins names as "A", "A and B", "A, B and C", showing at most
// max of them and then "and N more".
func joinNames(names []string, max int) string {
	if len(names) > max {
		shown := strings.Join(names[:max], ", ")
		return shown + " and " + strconv.Itoa(len(names)-max) + " more"
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// mrkdwnLen estimates the length of a line once rendered as Slack mrkdwn:
// escaped text, style marks and link markup. It errs on the long side, so
// sections packed with it stay within Slack's 3,000 characters.
func mrkdwnLen(r Rich) int {
	n := 0
	for _, s := range r {
		for _, c := range s.Text {
			switch c {
			case '&':
				n += 5
			case '<', '>':
				n += 4
			default:
				n += utf16Len(c)
			}
		}
		if s.Bold {
			n += 4 // marks, and spaces a renderer may add around them
		}
		if s.Italic {
			n += 4
		}
		if s.Code {
			n += 4
		}
		if s.URL != "" {
			n += len(s.URL) + 3
		}
		if s.UserID != "" {
			n += len(s.UserID) + 4
		}
	}
	return n
}

func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// sectionBudget is what a section may hold by the estimate above, below
// Slack's 3,000 characters with room for the newlines between lines.
const sectionBudget = 2800

// packLines puts lines into as few sections as fit the budget. Lines are
// short by construction (names are clipped), so a section is seldom split.
func packLines(lines []Rich) []Block {
	var out []Block
	var cur []Rich
	size := 0
	for i, l := range lines {
		n := mrkdwnLen(l) + 1
		if len(cur) > 0 && size+n > sectionBudget {
			out = append(out, Section{Lines: cur})
			cur, size = nil, 0
		}
		if cur == nil {
			// Room for the rest at once: most sections take them all.
			cur = make([]Rich, 0, len(lines)-i)
		}
		cur = append(cur, l)
		size += n
	}
	if len(cur) > 0 {
		out = append(out, Section{Lines: cur})
	}
	return out
}
