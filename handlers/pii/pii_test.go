package pii

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestFind(t *testing.T) {
	cases := []struct {
		name string
		text string
		want []string
	}{
		// NHS numbers in each format.
		{name: "NHS spaced", text: "Resident 943 476 5919 needs a referral", want: []string{NHSNumber}},
		{name: "NHS hyphenated", text: "NHS no 943-476-5919", want: []string{NHSNumber}},
		{name: "NHS run together", text: "9434765919", want: []string{NHSNumber}},
		{name: "NHS no-break spaces", text: "943\u00a0476\u00a05919", want: []string{NHSNumber}},
		{name: "NHS after punctuation", text: "(nhs:4010232137)", want: []string{NHSNumber}},
		{name: "NHS check digit 0 from 11", text: "4505577104", want: []string{NHSNumber}},
		{name: "NHS among other numbers", text: "1234567890 then 485 777 3457", want: []string{NHSNumber}},

		// National Insurance numbers.
		{name: "NI spaced", text: "NI number AB 12 34 56 C", want: []string{NINumber}},
		{name: "NI run together", text: "AB123456C", want: []string{NINumber}},
		{name: "NI lower case", text: "her ni is ab123456c.", want: []string{NINumber}},
		{name: "NI spaced prefix only", text: "JG 103759A", want: []string{NINumber}},
		{name: "NI suffix D", text: "ce123456d", want: []string{NINumber}},

		// Postcodes.
		{name: "postcode M1 1AE", text: "lives at M1 1AE", want: []string{Postcode}},
		{name: "postcode SW1A 1AA", text: "SW1A 1AA", want: []string{Postcode}},
		{name: "postcode B33 8TH", text: "B33 8TH", want: []string{Postcode}},
		{name: "postcode CR2 6XH", text: "CR2 6XH", want: []string{Postcode}},
		{name: "postcode DN55 1PT", text: "DN55 1PT", want: []string{Postcode}},
		{name: "postcode without space", text: "EC1A1BB", want: []string{Postcode}},
		{name: "postcode GIR 0AA", text: "GIR 0AA", want: []string{Postcode}},
		{name: "postcode lower case", text: "moved to m1 1ae last week", want: []string{Postcode}},
		{name: "postcode at the end of a sentence", text: "Address: W1A 0AX.", want: []string{Postcode}},
		{name: "ordinal-like inward code in capitals", text: "B33 1ST", want: []string{Postcode}},

		// Several kinds: each once, in order.
		{name: "all three kinds", text: "M1 1AE, AB123456C, 943 476 5919 and 9434765919",
			want: []string{NHSNumber, NINumber, Postcode}},

		// Near-misses that must pass.
		{name: "ten digits failing modulus 11", text: "ref 943 476 5918"},
		{name: "ten digits whose check would be 10", text: "1234567890"},
		{name: "mobile number", text: "call 07700 900123"},
		{name: "landline", text: "01632 960001"},
		{name: "landline 4-3-4", text: "0161 496 0000"},
		{name: "landline run together", text: "01614960000"},
		{name: "NHS number inside a longer number", text: "09434765919"},
		{name: "NHS number followed by a digit", text: "94347659190"},
		{name: "NHS number inside a code", text: "X9434765919"},
		{name: "partial postcode", text: "M1"},
		{name: "partial postcode in a sentence", text: "Manchester M1 area and SW1A"},
		{name: "ONS codes", text: "E08000003 and E47000001, K02000001, W92000004"},
		{name: "programme ids", text: "gbw_inactivity_trailblazers connect_to_work workwell_gm f01"},
		{name: "money", text: "£115,000,000 and £1.2m and 115000000"},
		{name: "ISO date", text: "due 2026-12-01"},
		{name: "cohort alias", text: "16-24 NEET"},
		{name: "service abbreviations", text: "IPS SMI"},
		{name: "ordinals after codes", text: "the A1 2nd phase and M1 1st draft"},
		{name: "HMRC's example NI number", text: "QQ 12 34 56 C"},
		{name: "NI prefix not allocated", text: "GB123456A"},
		{name: "NI second letter O", text: "AO123456A"},
		{name: "NI suffix E", text: "AB123456E"},
		{name: "NI inside a code", text: "XAB123456C"},
		{name: "postcode with excluded inward letter", text: "M1 1AC"},
		{name: "postcode with Q first", text: "Q1 1AA"},
		{name: "financial year and quarter", text: "2025/26 Q3 and 50+ in IMD 1-2"},
		{name: "empty", text: ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := kinds(Find(tc.text)); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Find(%q) = %v, want %v", tc.text, got, tc.want)
			}
		})
	}
}

// TestNHSCheckDigit checks every check digit of a few numbers: exactly the one
// modulus 11 gives is found, and none when modulus 11 gives 10.
func TestNHSCheckDigit(t *testing.T) {
	for _, first9 := range []string{"943476591", "401023213", "450557710", "123456789", "000000001"} {
		valid := 0
		for c := '0'; c <= '9'; c++ {
			number := first9 + string(c)
			spaced := number[:3] + " " + number[3:6] + " " + number[6:]
			got, gotSpaced := len(Find(number)) > 0, len(Find(spaced)) > 0
			if got != gotSpaced {
				t.Errorf("%s found=%v but %q found=%v", number, got, spaced, gotSpaced)
			}
			if got {
				valid++
			}
		}
		want := 1
		if first9 == "123456789" {
			want = 0
		}
		if valid != want {
			t.Errorf("%s: %d check digits accepted, want %d", first9, valid, want)
		}
	}
}

// TestNIPrefixes checks the prefix rules over every pair of letters.
func TestNIPrefixes(t *testing.T) {
	allowed := 0
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			text := fmt.Sprintf("%c%c 12 34 56 A", a, b)
			found := len(Find(text)) > 0
			want := !strings.ContainsRune("DFIQUV", a) && !strings.ContainsRune("DFIOQUV", b) &&
				!strings.Contains(" BG GB NK KN TN NT ZZ ", " "+string([]rune{a, b})+" ")
			if found != want {
				t.Errorf("%q found=%v, want %v", text, found, want)
			}
			if found {
				allowed++
			}
		}
	}
	// 20 first letters × 19 second letters, less the 7 pairs never allocated (all
	// of whose letters are otherwise allowed).
	if allowed != 20*19-7 {
		t.Errorf("%d prefixes allowed, want %d", allowed, 20*19-7)
	}
}

func kinds(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Kind)
	}
	return out
}
