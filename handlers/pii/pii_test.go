package pii_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"frontdoor/handlers/pii"
	"frontdoor/handlers/pii/piitest"
)

func kinds(fs []pii.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Kind)
	}
	return out
}

// Every spelling in the shared table is found, as exactly the kinds it holds.
func TestRefusedSpellings(t *testing.T) {
	if len(piitest.Refused) < 60 || len(piitest.Passed) < 20 {
		t.Fatalf("the table has %d spellings and %d near-misses; it promises at least 60 and 20", len(piitest.Refused), len(piitest.Passed))
	}
	for _, tc := range piitest.Refused {
		t.Run(tc.Name, func(t *testing.T) {
			if got := kinds(pii.Find(tc.Text)); !reflect.DeepEqual(got, tc.Kinds) {
				t.Errorf("Find(%q) = %v, want %v", tc.Text, got, tc.Kinds)
			}
		})
	}
}

// Near-misses pass.
func TestNearMissesPass(t *testing.T) {
	for _, tc := range piitest.Passed {
		t.Run(tc.Name, func(t *testing.T) {
			if got := pii.Find(tc.Text); len(got) != 0 {
				t.Errorf("Find(%q) = %v, want nothing", tc.Text, kinds(got))
			}
		})
	}
}

// Any separator, once or several times, between every character of a number
// or code leaves it found: the guard reads groups, not spellings.
func TestAnySeparatorBetweenGroups(t *testing.T) {
	idents := map[string]string{
		"9434765919": pii.NHSNumber, "AB123456C": pii.NINumber, "SW1A1AA": pii.Postcode, "07700900123": pii.PhoneNumber,
	}
	seps := []string{" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2002", "\u2003", "\u2009", "\u202f", "\u3000",
		"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", ".", "/", "-", "\u2010", "\u2011", "\u2013", "\u2014",
		"\u2212", "_", "*", "~", "`", "* ", " _", "~\u200b~", " - ", " / ", ". "}
	for ident, kind := range idents {
		for _, sep := range seps {
			text := "ref " + strings.Join(strings.Split(ident, ""), sep) + " today"
			if got := kinds(pii.Find(text)); !reflect.DeepEqual(got, []string{kind}) {
				t.Errorf("Find(%q) = %v, want [%s]", text, got, kind)
			}
		}
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
			got, gotSpaced := len(pii.Find(number)) > 0, len(pii.Find(spaced)) > 0
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
			found := len(pii.Find(text)) > 0
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

// The finer rules, each against the case it separates.
func TestRules(t *testing.T) {
	cases := []struct {
		name string
		text string
		want []string
	}{
		{"NHS number inside a longer number", "09434765919", nil},
		{"NHS number followed by a digit", "94347659190", nil},
		{"NHS 3-3-4 inside a run of groups", "12 943 476 5919 34", []string{pii.NHSNumber}},
		{"ten digits in date-shaped groups", "01/04/2026-07", nil},
		{"ten digits in pairs", "01 04 20 26 07", nil}, // fails modulus 11: only the check separates it
		{"NI inside a code", "XAB123456C", nil},
		{"NI followed by more digits", "AB1234567", nil},
		{"NI suffix E", "AB123456E", nil},
		{"NI second letter O", "AO123456A", nil},
		{"word before a date is not a prefix", "on 01.04.26 a review", nil},
		{"the same in capitals is a number", "ON 01 04 26 A", []string{pii.NINumber}},
		{"postcode with excluded inward letter", "M1 1AC", nil},
		{"postcode with Q first", "Q1 1AA", nil},
		{"ordinal-like inward code in capitals", "B33 1ST", []string{pii.Postcode}},
		{"postcode at the end of a sentence", "Address: W1A 0AX.", []string{pii.Postcode}},
		{"pager range", "07600 900123", nil},
		{"Isle of Man mobile", "07624 123456", []string{pii.PhoneNumber}},
		{"+44 without a UK number after it", "+44 3000 123456", nil},
		{"44 without a plus", "44 7700 900123", nil},
		{"twelve digits", "077009001234", nil},
		{"DOB far from its date", "DOB to be checked in the new system by 12/03/2027", nil},
		{"aged and an age range", "aged 16-24", nil},
		{"aged and a date without a year", "aged 45 (12/03)", nil},
		{"born and a year only", "born 1980", nil},
		{"impossible date after DOB", "DOB 45/13/1980", nil},
		{"date of birth in words", "Date of birth is the 3rd of March 1980", []string{pii.DateOfBirth}},
		{"American order", "born March 3, 1980", []string{pii.DateOfBirth}},
		{"empty", "", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := kinds(pii.Find(tc.text)); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Find(%q) = %v, want %v", tc.text, got, tc.want)
			}
		})
	}
}
