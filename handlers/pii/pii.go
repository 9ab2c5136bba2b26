// Package pii finds residents' identifiers in free text so that the action log can
// refuse to record them: actions are about the system, not individuals. It reports
// only the kinds found, never the matched text, so the refusal cannot echo it.
//
// What counts:
//   - NHS number: ten digits passing the modulus-11 check, run together or in the
//     3-3-4 grouping with spaces or hyphens ("943 476 5919", "943-476-5919",
//     "9434765919"). A letter or digit right before or after means it is part of
//     a longer number or a code, not an NHS number; phone numbers (5-6 or 4-3-4
//     groups, eleven digits) never fit the grouping.
//   - National Insurance number: two prefix letters, six digits and a final A-D,
//     spaced in pairs or not ("AB 12 34 56 C", "ab123456c"). The official prefix
//     rules are applied (first letter not D, F, I, Q, U or V; second not D, F, I, O,
//     Q, U or V; not BG, GB, NK, KN, TN, NT or ZZ): every issued number passes them,
//     so they lose nothing and spare codes that only look alike. HMRC's published
//     example QQ 12 34 56 C is therefore not refused; it is nobody's number.
//   - Full UK postcode: an outward and an inward code, any case, with or without
//     the space ("M1 1AE", "SW1A 1AA", "EC1A1BB", "GIR 0AA"), by the Royal Mail
//     letter rules. A partial postcode ("M1", "SW1A") names an area, not a home,
//     and passes. An inward code written as a lower-case ordinal ("A1 2nd", "M1
//     1st") is read as the ordinal.
package pii

import (
	"regexp"
	"strings"
)

// Finding is one kind of residents' identifier found in text.
type Finding struct{ Kind string }

// The kinds of identifier, in the order Find reports them.
const (
	NHSNumber = "NHS number"
	NINumber  = "National Insurance number"
	Postcode  = "postcode"
)

// Find returns the kinds of residents' identifiers found in text (each kind once,
// in the order NHS number, National Insurance number, postcode). It never returns
// the matched text.
func Find(text string) []Finding {
	var out []Finding
	if hasNHSNumber(text) {
		out = append(out, Finding{NHSNumber})
	}
	if hasNINumber(text) {
		out = append(out, Finding{NINumber})
	}
	if hasPostcode(text) {
		out = append(out, Finding{Postcode})
	}
	return out
}

// sep is what may stand between groups: a space (also a no-break space pasted
// from a document) or a hyphen.
const sep = `[ \x{00A0}-]?`

var nhsRE = regexp.MustCompile(`\b(\d{3})` + sep + `(\d{3})` + sep + `(\d{4})\b`)

func hasNHSNumber(text string) bool {
	for _, m := range nhsRE.FindAllStringSubmatch(text, -1) {
		if validNHS(m[1] + m[2] + m[3]) {
			return true
		}
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

var ninoRE = regexp.MustCompile(`(?i)\b([A-Z])([A-Z])[ \x{00A0}]?\d{2}[ \x{00A0}]?\d{2}[ \x{00A0}]?\d{2}[ \x{00A0}]?[A-D]\b`)

func hasNINumber(text string) bool {
	for _, m := range ninoRE.FindAllStringSubmatch(text, -1) {
		if validPrefix(strings.ToUpper(m[1]), strings.ToUpper(m[2])) {
			return true
		}
	}
	return false
}

// validPrefix applies HMRC's rules for the two prefix letters.
func validPrefix(a, b string) bool {
	if strings.ContainsAny(a, "DFIQUV") || strings.ContainsAny(b, "DFIOQUV") {
		return false
	}
	switch a + b {
	case "BG", "GB", "NK", "KN", "TN", "NT", "ZZ":
		return false
	}
	return true
}

// postcodeRE follows the Royal Mail format: outward code A9, A99, A9A, AA9, AA99 or
// AA9A with the letters each position allows, then the inward code 9AA without
// C, I, K, M, O or V; and the one exception, GIR 0AA.
var postcodeRE = regexp.MustCompile(`(?i)\b(?:GIR[ \x{00A0}]?0AA|` +
	`(?:[A-PR-UWYZ][0-9][0-9A-HJKPSTUW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)` +
	`[ \x{00A0}]?([0-9][ABD-HJLNP-UW-Z]{2}))\b`)

func hasPostcode(text string) bool {
	for _, m := range postcodeRE.FindAllStringSubmatch(text, -1) {
		if !isOrdinal(m[1]) {
			return true
		}
	}
	return false
}

// isOrdinal reports whether an inward code is really an ordinal written in lower
// case ("1st", "2nd", "3rd", "4th").
func isOrdinal(inward string) bool {
	if inward == "" || inward != strings.ToLower(inward) {
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
