// Package piitest holds the spellings of residents' identifiers that every
// way into Frontdoor must refuse, and the near-misses it must let through, so
// that the core, the store's service tests and the Slack transport run the
// same table.
package piitest

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"frontdoor/handlers/pii"
)

// Case is one spelling. Ident is the identifier as written inside Text: no
// reply may contain it, as written or with its separators taken out.
type Case struct {
	Name  string
	Text  string
	Ident string
	Kinds []string
}

func c(name, ident string, kinds ...string) Case {
	return Case{Name: name, Text: "Call back the resident " + ident + " about the referral", Ident: ident, Kinds: kinds}
}

// in is a case whose identifier sits in text of its own.
func in(name, text, ident string, kinds ...string) Case {
	return Case{Name: name, Text: text, Ident: ident, Kinds: kinds}
}

const (
	nhs   = pii.NHSNumber
	ni    = pii.NINumber
	pc    = pii.Postcode
	phone = pii.PhoneNumber
	dob   = pii.DateOfBirth
)

// Refused are identifiers that must be refused wherever they come in.
var Refused = []Case{
	// NHS numbers (modulus 11), in every spelling a reader would take for one.
	c("NHS spaced", "943 476 5919", nhs),
	c("NHS hyphens", "943-476-5919", nhs),
	c("NHS run together", "9434765919", nhs),
	c("NHS tabs", "943\t476\t5919", nhs),
	c("NHS double spaces", "943  476  5919", nhs),
	c("NHS dots", "943.476.5919", nhs),
	c("NHS full-width digits", "９４３ ４７６ ５９１９", nhs),
	c("NHS no-break spaces", "943\u00a0476\u00a05919", nhs),
	c("NHS thin spaces", "943\u2009476\u20095919", nhs),
	c("NHS zero-width spaces", "943\u200b476\u200b5919", nhs),
	c("NHS soft hyphens", "943\u00ad476\u00ad5919", nhs),
	c("NHS slashes", "943/476/5919", nhs),
	c("NHS en dashes", "943–476–5919", nhs),
	c("NHS em dashes", "943—476—5919", nhs),
	c("NHS underscores", "943_476_5919", nhs),
	c("NHS bold groups", "*943* *476* *5919*", nhs),
	c("NHS in a code span", "`9434765919`", nhs),
	c("NHS struck through", "~943~476~5919~", nhs),
	c("NHS across lines", "943\n476\n5919", nhs),
	c("NHS in pairs", "94 34 76 59 19", nhs),
	c("NHS digit by digit", "9 4 3 4 7 6 5 9 1 9", nhs),
	c("NHS after a label", "NHS no: 4010232137", nhs),
	c("NHS check digit 0", "4505577104", nhs),
	c("NHS glued to letters", "nhs9434765919", nhs),
	c("NHS after another number", "42 485 777 3457", nhs),
	c("NHS Arabic-Indic digits", "٩٤٣ ٤٧٦ ٥٩١٩", nhs),
	c("NHS ideographic spaces", "943\u3000476\u30005919", nhs),
	c("NHS word joiners", "943\u2060476\u20605919", nhs),
	// National Insurance numbers.
	c("NI spaced", "AB 12 34 56 C", ni),
	c("NI run together", "AB123456C", ni),
	c("NI lower case", "ab123456c", ni),
	c("NI without suffix", "AB123456", ni),
	c("NI lower case without suffix, spaced", "ab 12 34 56", ni),
	c("NI letter by letter", "A B 1 2 3 4 5 6 C", ni),
	c("NI hyphens", "AB-12-34-56-C", ni),
	c("NI dots", "AB.12.34.56.C", ni),
	c("NI tabs", "AB\t123456\tC", ni),
	c("NI full-width", "ＡＢ１２３４５６Ｃ", ni),
	c("NI spaced prefix only", "JG 103759A", ni),
	c("NI suffix D", "ce123456d", ni),
	c("NI underscores", "AB_12_34_56_C", ni),
	c("NI no-break spaces", "AB\u00a012\u00a034\u00a056\u00a0C", ni),
	// Full postcodes.
	c("postcode", "M1 1AE", pc),
	c("postcode lower case", "m1 1ae", pc),
	c("postcode without space", "M11AE", pc),
	c("postcode extra spaces", "SW1A  1AA", pc),
	c("postcode hyphen", "EC1A-1BB", pc),
	c("postcode lower case run together", "sw1a1aa", pc),
	c("postcode GIR 0AA", "GIR 0AA", pc),
	c("postcode B33 8TH", "B33 8TH", pc),
	c("postcode tab", "DN55\t1PT", pc),
	c("postcode across lines", "M1\n1AE", pc),
	c("postcode full-width", "Ｍ１ １ＡＥ", pc),
	c("postcode CR2 6XH", "CR2 6XH", pc),
	c("postcode in a code span", "`W1A 0AX`", pc),
	c("postcode em space", "M1\u20031AE", pc),
	c("postcode zero-width inside", "M\u200b1 1\u200bAE", pc),
	// UK phone numbers.
	c("mobile", "07700 900123", phone),
	c("mobile run together", "07700900123", phone),
	c("mobile +44", "+44 7700 900123", phone),
	c("mobile +44 run together", "+447700900123", phone),
	c("mobile +44 (0)", "+44 (0)7700 900123", phone),
	c("mobile 0044", "0044 7700 900123", phone),
	c("mobile dots", "07700.900.123", phone),
	c("mobile digit by digit", "0 7 7 0 0 9 0 0 1 2 3", phone),
	c("mobile full-width", "０７７００ ９００１２３", phone),
	c("mobile 3-4-4", "077 0090 0123", phone),
	c("landline 4-3-4", "0161 496 0000", phone),
	c("landline run together", "01614960000", phone),
	c("landline in brackets", "(0161) 496 0000", phone),
	c("landline London", "020 7946 0000", phone),
	c("landline +44", "+44 20 7946 0000", phone),
	c("landline 5-6", "01632 960001", phone),
	// Dates of birth.
	c("DOB slashes", "DOB 12/03/1980", dob),
	c("d.o.b. dots", "d.o.b. 12.3.80", dob),
	c("born with the month's name", "born 3rd March 1980", dob),
	c("date of birth ISO", "date of birth: 1980-03-12", dob),
	c("DOB hyphens", "DOB: 12-03-1980", dob),
	c("DOB after the date", "12/03/1980 (DOB)", dob),
	c("aged and a date", "aged 45 (12/03/1980)", dob),
	c("born without a year", "born on 12 March", dob),
	c("D.O.B. and a tab", "D.O.B.\t12/03/1980", dob),
	c("DOB full-width", "dob １２/０３/１９８０", dob),
	c("born month and year", "born March 1980", dob),
	c("DOB bold", "*DOB* 12/03/1980", dob),
	c("DOB across lines", "DOB\n12/03/1980", dob),
	// Several at once: a name, a date of birth and a mobile number.
	in("name, date of birth and mobile", "Jane Smith DOB 12/03/1980 07700 900123 needs a call back by Friday",
		"07700 900123", phone, dob),
	in("NHS number beside a mobile", "943 476 5919 / 07700 900123", "943 476 5919", nhs, phone),
}

// Passed are near-misses: codes, numbers and dates that must be let through.
var Passed = []Case{
	{Name: "ONS code", Text: "Leeds is E08000035 in the ONS codes"},
	{Name: "ONS codes listed", Text: "E08000003, E47000001, K02000001 and W92000004"},
	{Name: "ten digits failing modulus 11", Text: "ref 943 476 5918"},
	{Name: "ten digits whose check would be 10", Text: "1234567890"},
	{Name: "partial postcode", Text: "the M1 area"},
	{Name: "postcode districts", Text: "Manchester M1, M2 and M3 and SW1A"},
	{Name: "financial year", Text: "funding for 2025-26"},
	{Name: "financial year and quarter", Text: "2025/26 Q3"},
	{Name: "financial years as a range", Text: "funding 2026/27-2027/28"},
	{Name: "reference with a financial year", Text: "ref 2025-26/0001"},
	{Name: "amount", Text: "£1,234,567 for the year"},
	{Name: "amounts", Text: "£115,000,000 and £1.2m and 115000000"},
	{Name: "programme ids", Text: "gbw_inactivity_trailblazers connect_to_work workwell_gm f01"},
	{Name: "due date", Text: "send the figures by 12/1/2027"},
	{Name: "ISO date", Text: "due 2026-12-01"},
	{Name: "date range", Text: "review 01/04/2026-07/04/2026"},
	{Name: "two-digit year date after by", Text: "report by 12.06.26"},
	{Name: "cohort alias", Text: "16-24 NEET"},
	{Name: "age range and a due date", Text: "residents aged 16-24 by 31/3/2027"},
	{Name: "age and a start date", Text: "aged 50+ from 1/4/2027"},
	{Name: "birth in another sense", Text: "born out of the 2024 review; report by 1/4/2027"},
	{Name: "date of birth as a field", Text: "add a date of birth field to the form by 1/4/2027"},
	{Name: "freephone", Text: "call DWP on 0800 169 0310"},
	{Name: "organisation's 03 number", Text: "the helpline is 0300 123 4567"},
	{Name: "HMRC's example NI number", Text: "QQ 12 34 56 C"},
	{Name: "ordinals after road names", Text: "the A1 2nd phase and M1 1st draft"},
	{Name: "service abbreviations", Text: "IPS SMI"},
	{Name: "deprivation deciles", Text: "50+ in IMD 1-2"},
	{Name: "quarter and year", Text: "Q1 2026"},
	{Name: "counts", Text: "1,234 referrals in 2025-26"},
}

// Canonical is the identifier as the guard reads it: NFKC, letters and digits
// only, upper case. No reply may contain it either.
func Canonical(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToUpper(r)
		}
		return -1
	}, norm.NFKC.String(s))
}

// Echoes reports whether reply holds the identifier of tc, as written or as
// the guard reads it (letters and digits only, any case).
func Echoes(reply string, tc Case) bool {
	if tc.Ident == "" {
		return false
	}
	return strings.Contains(reply, tc.Ident) || strings.Contains(Canonical(reply), Canonical(tc.Ident))
}
