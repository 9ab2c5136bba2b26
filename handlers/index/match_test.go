package index_test

import (
	"errors"
	"strings"
	"testing"

	h "frontdoor/handlers"

	"frontdoor/handlers/index"
)

// matchCase is one query in one slot: want is the id it must match, or
// code the error it must give (with candidates and message parts).
type matchCase struct {
	name, slot, q, want string
	code                string
	candidates          []string // expected candidates, in order (nil: not checked)
	minCandidates       int
	message             []string // parts the message must contain
}

func runMatch(ix *index.Index, slot, q string) (string, error) {
	switch slot {
	case "cohort":
		c, err := ix.MatchCohort(q)
		if err != nil {
			return "", err
		}
		return c.ID, nil
	case "area":
		a, err := ix.MatchArea(q)
		if err != nil {
			return "", err
		}
		return a.ID, nil
	case "agency":
		a, err := ix.MatchAgency(q)
		if err != nil {
			return "", err
		}
		return a.ID, nil
	case "programme":
		p, err := ix.MatchProgramme(q)
		if err != nil {
			return "", err
		}
		return p.ID, nil
	}
	panic("unknown slot " + slot)
}

func checkMatches(t *testing.T, ix *index.Index, tests []matchCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := runMatch(ix, tt.slot, tt.q)
			if tt.code == "" {
				if err != nil || got != tt.want {
					t.Fatalf("%s %q = %q, %v; want %q", tt.slot, tt.q, got, err, tt.want)
				}
				return
			}
			var e *h.Error
			if !errors.As(err, &e) || e.Code != tt.code {
				t.Fatalf("%s %q = %q, %v; want an error with code %s", tt.slot, tt.q, got, err, tt.code)
			}
			for _, part := range tt.message {
				if !strings.Contains(e.Message, part) {
					t.Errorf("message %q lacks %q", e.Message, part)
				}
			}
			if tt.candidates != nil && strings.Join(e.Candidates, "|") != strings.Join(tt.candidates, "|") {
				t.Errorf("candidates = %q, want %q", e.Candidates, tt.candidates)
			}
			if len(e.Candidates) < tt.minCandidates {
				t.Errorf("%d candidates, want at least %d: %q", len(e.Candidates), tt.minCandidates, e.Candidates)
			}
		})
	}
}

func TestMatchRanksOnSmallRegister(t *testing.T) {
	ix := smallIndex(t)
	checkMatches(t, ix, []matchCase{
		{name: "id", slot: "area", q: "E07000101", want: "E07000101"},
		{name: "id ignores case", slot: "area", q: "e07000101", want: "E07000101"},
		{name: "id beats another's alias", slot: "cohort", q: "carers", want: "carers"},
		{name: "id written as words", slot: "cohort", q: "mental health", want: "mental_health"},
		{name: "exact name", slot: "area", q: "Dalesby", want: "E07000101"},
		{name: "exact name beats a longer alias that starts with it", slot: "area", q: "Kingsport", want: "E08000101"},
		{name: "alias", slot: "area", q: "KCR", want: "E47000101"},
		{name: "prefix of an alias", slot: "area", q: "Kingsport City", want: "E47000101"},
		{name: "punctuation and case", slot: "cohort", q: "OVER 50S", want: "over_50s"},
		{name: "hyphen as space", slot: "cohort", q: "over-50s", want: "over_50s"},
		{name: "ampersand", slot: "agency", q: "Department for Work & Pensions", want: "dwp"},
		{name: "extra spaces", slot: "agency", q: "  department   for   education ", want: "dfe"},
		{name: "agency alias", slot: "agency", q: "jobcentre plus", want: "dwp"},
		{name: "short alias exactly", slot: "programme", q: "NS", want: "national_start"},
		{name: "prefix beats whole word elsewhere", slot: "programme", q: "Youth", want: "youth_hub"},
		{name: "whole word in two names", slot: "programme", q: "Start", code: h.EAmbiguous,
			candidates: []string{"Early Start", "National Start"}},
		{name: "plural folded", slot: "cohort", q: "NEETs", want: "neet"},
		{name: "plural folded, lower case", slot: "cohort", q: "neets", want: "neet"},
		{name: "typo", slot: "area", q: "Dalesbyy", want: "E07000101"},
		{name: "typo in a longer name", slot: "agency", q: "Brakenshire County Council", want: "brkcc"},
		{name: "exact beats a name one typo away", slot: "area", q: "Valetown", want: "E08000102"},
		{name: "two names one typo away", slot: "area", q: "Valetwn", code: h.EAmbiguous,
			candidates: []string{"Valeton", "Valetown"}, message: []string{`"Valetwn" could be several areas`}},
		{name: "ambiguous agencies", slot: "agency", q: "ICB", code: h.EAmbiguous,
			candidates: []string{"NHS Kingsport and Brackenshire Integrated Care Board", "NHS South Vale Integrated Care Board"},
			message: []string{`"ICB" could be several agencies: NHS Kingsport and Brackenshire Integrated Care Board and NHS South Vale Integrated Care Board.`,
				`Say which one, e.g. "agency NHS Kingsport and Brackenshire Integrated Care Board".`}},
		{name: "prefixes of two names beat the word in others", slot: "cohort", q: "people", code: h.EAmbiguous,
			candidates: []string{"People with health conditions", "People with mental health conditions"}},
		{name: "not found with suggestion", slot: "agency", q: "Brackenshire Council", code: h.ENotFound,
			message: []string{`No agency matches "Brackenshire Council". Did you mean Brackenshire County Council`}, minCandidates: 1},
		{name: "not found, nothing close", slot: "area", q: "Zanzibar", code: h.ENotFound,
			candidates: []string{}, message: []string{`No area matches "Zanzibar".`}},
		{name: "too short for partial matches", slot: "area", q: "Da", code: h.ENotFound},
		{name: "empty", slot: "cohort", q: "  ", code: h.EInvalid},
	})
	// An area name in the agency slot matches only agencies named after it.
	if a, err := ix.MatchAgency("Dalesby"); err != nil || a.ID != "dalcc" {
		t.Errorf("agency Dalesby = %v, %v; want the district council", a, err)
	}
}

func TestMatchRanksOnDemoRegister(t *testing.T) {
	ix := demoIndex(t)
	checkMatches(t, ix, []matchCase{
		{name: "Liverpool is the council", slot: "area", q: "Liverpool", want: "E08000012"},
		{name: "the city region by its alias", slot: "area", q: "Liverpool City Region", want: "E47000004"},
		{name: "Manchester is the council", slot: "area", q: "Manchester", want: "E08000003"},
		{name: "typo Manchestr", slot: "area", q: "Manchestr", want: "E08000003"},
		{name: "London alias", slot: "area", q: "London", want: "E61000001"},
		{name: "GSS code", slot: "area", q: "E08000012", want: "E08000012"},
		{name: "GMCA area alias", slot: "area", q: "GMCA", want: "E47000001"},
		{name: "Yorkshire is several areas", slot: "area", q: "Yorkshire", code: h.EAmbiguous, minCandidates: 4},
		{name: "neets", slot: "cohort", q: "neets", want: "neet_16_24"},
		{name: "over 50s", slot: "cohort", q: "over 50s", want: "over_50s"},
		{name: "care leavers", slot: "cohort", q: "care leavers", want: "care_leavers"},
		{name: "disabled people", slot: "cohort", q: "disabled people", want: "disabled"},
		{name: "LTHC is two cohorts", slot: "cohort", q: "LTHC", code: h.EAmbiguous,
			candidates: []string{"Economically inactive due to long-term sickness", "People with long-term health conditions"}},
		{name: "conect to work", slot: "programme", q: "conect to work", want: "connect_to_work"},
		{name: "CtW", slot: "programme", q: "CtW", want: "connect_to_work"},
		{name: "DWP", slot: "agency", q: "DWP", want: "dwp"},
		{name: "agency id", slot: "agency", q: "gmca", want: "gmca"},
		{name: "Liverpool as an agency", slot: "agency", q: "Liverpool", want: "lcrca"},
		{name: "ICB is sixteen agencies", slot: "agency", q: "ICB", code: h.EAmbiguous, minCandidates: 16,
			message: []string{`"ICB" could be several agencies: `, " and 11 more. Say which one, e.g. \"agency NHS "}},
		{name: "unknown cohort", slot: "cohort", q: "astronauts", code: h.ENotFound, message: []string{`No cohort matches "astronauts".`}},
	})
}
