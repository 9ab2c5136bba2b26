package giving360

import (
	"reflect"
	"strings"
	"testing"

	"frontdoor/handlers"
)

// The fundings the test funder's file becomes on a register without fundings:
// its first three grants match; the other four do not.
func wantFunderFundings() []handlers.Funding {
	return []handlers.Funding{
		{ID: "360G-gmca-2025-001", ProgrammeID: "ctw", FunderID: "gmca", RecipientID: "growth", AmountPence: pence(250_000),
			Start: day(2025, 8, 1), End: day(2026, 7, 31), AreaIDs: list("E08000003"), Kind: handlers.FundingGrant,
			AwardDate: day(2025, 7, 1), SourceURL: "https://www.greatermanchester-ca.gov.uk/grants/2025",
			Notes: "Employment support for disabled residents in north Manchester"},
		{ID: "360G-gmca-2025-002", ProgrammeID: "ctw", FunderID: "gmca", RecipientID: "mcc", AmountPence: ptr(int64(9_999_999)),
			Start: day(2025, 9, 1), End: day(2026, 8, 31), AreaIDs: list("E08000003", "E08000001"), Kind: handlers.FundingGrant,
			AwardDate: day(2025, 7, 2), Notes: "Delivery by the council's employment team"},
		// To the programme's lead, for the programme's own areas: recorded
		// as the register writes that, with no recipient and no areas; its
		// description is its title, so no notes.
		{ID: "360G-gmca-2025-003", ProgrammeID: "youth", FunderID: "gmca", AmountPence: pence(40_000),
			Kind: handlers.FundingGrant, AwardDate: day(2025, 3, 28)},
	}
}

var wantFunderSkipped = map[string][]string{
	"360G-gmca-2025-004": {`no programme with grant programme code "WWP" or title "Working Well Pilot"`},
	"360G-gmca-2025-005": {`no agency with org_id "GB-CHC-1100000" or named "Bolton Lads and Girls Club" (the recipient)`},
	"360G-gmca-2025-006": {`no area with GSS code "E08000009" (Trafford)`},
	"360G-gmca-2025-007": {"it is a grant to an individual"},
}

func checkFunderPlan(t *testing.T, res *Result, file string) {
	t.Helper()
	if got, want := res.Diff.Fundings.Added, wantFunderFundings(); !reflect.DeepEqual(got, want) {
		t.Errorf("%s: fundings added:\n got %+v\nwant %+v", file, got, want)
	}
	if d := res.Diff.Fundings; len(d.Updated) != 0 || d.Unchanged != 0 || len(d.Deleted) != 0 {
		t.Errorf("%s: into a register without fundings, only additions: %+v", file, d)
	}
	if !reflect.DeepEqual(res.Diff.Kinds, []string{handlers.KindFundings}) {
		t.Errorf("%s: kinds %v", file, res.Diff.Kinds)
	}
	got := map[string]bool{}
	for _, s := range res.Skipped {
		got[s.GrantID] = true
		if s.At.File != file || s.At.Line == 0 {
			t.Errorf("skipped %q at %q: want a line of %s", s.GrantID, s.At, file)
		}
		for _, want := range wantFunderSkipped[s.GrantID] {
			if !strings.Contains(s.String(), want) {
				t.Errorf("%s: skipped %s\n  lacks %q", file, s, want)
			}
		}
	}
	for id := range wantFunderSkipped {
		if !got[id] {
			t.Errorf("%s: grant %s is not listed as skipped:\n%s", file, id, skippedText(res))
		}
	}
	if len(res.Skipped) != len(wantFunderSkipped) {
		t.Errorf("%s: %d skipped, want %d:\n%s", file, len(res.Skipped), len(wantFunderSkipped), skippedText(res))
	}
	if strings.Contains(skippedText(res), "Individual Recipient") {
		t.Errorf("the individual's name is echoed:\n%s", skippedText(res))
	}
}

func TestPlanFunderJSON(t *testing.T) {
	checkFunderPlan(t, mustPlan(t, withoutFundings(), readTestdata(t, "funder.json")), "funder.json")
}

func TestPlanFunderSpreadsheetCSV(t *testing.T) {
	checkFunderPlan(t, mustPlan(t, withoutFundings(), readTestdata(t, "funder.csv")), "funder.csv")
}

func TestSkippedGrantsAreNamedWithTheirLine(t *testing.T) {
	res := mustPlan(t, withoutFundings(), readTestdata(t, "funder.csv"))
	lines := map[string]int{}
	for _, s := range res.Skipped {
		lines[s.GrantID] = s.At.Line
	}
	// Line 5 of the sheet is empty, so the fourth grant is on line 6.
	want := map[string]int{"360G-gmca-2025-004": 6, "360G-gmca-2025-005": 7, "360G-gmca-2025-006": 8, "360G-gmca-2025-007": 9}
	if !reflect.DeepEqual(lines, want) {
		t.Errorf("lines %v, want %v", lines, want)
	}
	res = mustPlan(t, withoutFundings(), readTestdata(t, "funder.json"))
	if s := res.Skipped[0].String(); !strings.HasPrefix(s, `funder.json:50: grant "360G-gmca-2025-004": `) {
		t.Errorf("JSON: %s", s)
	}
}

func TestReimportChangesNothing(t *testing.T) {
	for _, file := range []string{"funder.json", "funder.csv"} {
		grants := readTestdata(t, file)
		reg := apply(withoutFundings(), mustPlan(t, withoutFundings(), grants))
		again := mustPlan(t, reg, grants)
		if !again.Diff.Empty() || again.Diff.Fundings.Unchanged != 3 {
			t.Errorf("%s imported twice: %v", file, again.Diff.Summary())
		}
		// The other form of the same grants lands on the same rows.
		other := "funder.csv"
		if file == other {
			other = "funder.json"
		}
		if res := mustPlan(t, reg, readTestdata(t, other)); !res.Diff.Empty() {
			t.Errorf("%s after %s: %v", other, file, res.Diff.Summary())
		}
	}
}

func TestImportUpdatesOnlyWhatTheGrantSays(t *testing.T) {
	reg := withoutFundings()
	old := handlers.Funding{ID: "360G-gmca-2025-001", ProgrammeID: "ips", FunderID: "dwp", AmountPence: pence(1),
		RingFenced: ptr(true), CheckedOn: day(2025, 10, 1), Notes: "old notes", SourceURL: "https://example.org/old",
		AreaIDs: list("E08000001")}
	reg.Fundings = []handlers.Funding{old}
	g := readTestdata(t, "funder.json")[0]
	g.Description, g.DataSource, g.PlannedDates, g.BeneficiaryLocation = "", "", nil, nil
	res := mustPlan(t, reg, []Grant{g})
	if len(res.Diff.Fundings.Updated) != 1 {
		t.Fatalf("%v %s", res.Diff.Summary(), skippedText(res))
	}
	got := res.Diff.Fundings.Updated[0]
	want := old
	want.ProgrammeID, want.FunderID, want.RecipientID = "ctw", "gmca", "growth"
	want.AmountPence, want.Kind, want.AwardDate = pence(250_000), handlers.FundingGrant, day(2025, 7, 1)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("update:\n got %+v\nwant %+v (ring fencing, checked, notes, source and areas the grant does not give are kept)", got, want)
	}
}

func TestPlanRefusesGrantsItCannotRecord(t *testing.T) {
	base := readTestdata(t, "funder.json")[0]
	for _, tc := range []struct {
		name   string
		change func(g *Grant)
		want   string
	}{
		{"no identifier", func(g *Grant) { g.ID = " " }, "no Identifier"},
		{"identifier of punctuation", func(g *Grant) { g.ID = "---" }, "no letters or digits"},
		{"no amount", func(g *Grant) { g.AmountAwarded = "" }, "Amount Awarded: none given"},
		{"negative amount", func(g *Grant) { g.AmountAwarded = "-5" }, `"-5" is negative`},
		{"not an amount", func(g *Grant) { g.AmountAwarded = "lots" }, `"lots" is not an amount`},
		{"fractions of a penny", func(g *Grant) { g.AmountAwarded = "10.005" }, "fractions of a penny"},
		{"euros", func(g *Grant) { g.Currency = "EUR" }, `Currency "EUR": Frontdoor records amounts in pounds (GBP) only`},
		{"no award date", func(g *Grant) { g.AwardDate = "" }, "no Award Date"},
		{"impossible award date", func(g *Grant) { g.AwardDate = "2025-02-30" }, `Award Date: "2025-02-30" is not a date`},
		{"end before start", func(g *Grant) { g.PlannedDates = []Event{{StartDate: "2026-01-01", EndDate: "2025-12-31"}} }, "the end 2025-12-31 is before the start 2026-01-01"},
		{"bad planned date", func(g *Grant) { g.PlannedDates = []Event{{StartDate: "spring"}} }, `Planned Dates: Start Date "spring" is not a date`},
		{"no programme", func(g *Grant) { g.GrantProgramme = nil }, "no Grant Programme"},
		{"two programmes", func(g *Grant) { g.GrantProgramme = []GrantProgramme{{Code: "ctw"}, {Code: "ips"}} }, "match different programmes (ctw, ips)"},
		{"no funder", func(g *Grant) { g.FundingOrganization = nil }, "no Funding Org"},
		{"two funders", func(g *Grant) {
			g.FundingOrganization = append(g.FundingOrganization, Organization{ID: "GB-GOR-PB8", Name: "DWP"})
		}, "2 funding organisations"},
		{"unknown funder", func(g *Grant) { g.FundingOrganization = []Organization{{ID: "GB-CHC-1", Name: "A Foundation"}} }, `no agency with org_id "GB-CHC-1" or named "A Foundation" (the funder)`},
		{"no recipient", func(g *Grant) { g.RecipientOrganization = nil }, "no Recipient Org"},
		{"two recipients", func(g *Grant) {
			g.RecipientOrganization = append(g.RecipientOrganization, Organization{ID: "GB-LAE-MAN", Name: "Manchester"})
		}, "2 recipient organisations"},
		{"a recipient known by name only, not the register's", func(g *Grant) { g.RecipientOrganization = []Organization{{Name: "Greater Manchester"}} }, `no agency named "Greater Manchester" (the recipient)`},
		{"postcode in the description", func(g *Grant) { g.Description = "for the resident at M1 1AE" }, "looks like a postcode"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := base
			g.PlannedDates = append([]Event(nil), base.PlannedDates...)
			tc.change(&g)
			res := mustPlan(t, withoutFundings(), []Grant{g})
			if len(res.Skipped) != 1 || len(res.Diff.Fundings.Added) != 0 {
				t.Fatalf("want the grant skipped, got %v and %s", res.Diff.Summary(), skippedText(res))
			}
			if s := res.Skipped[0].String(); !strings.Contains(s, tc.want) {
				t.Errorf("%s\nlacks %q", s, tc.want)
			}
		})
	}
}

func TestPlanAmbiguousNames(t *testing.T) {
	reg := withoutFundings()
	reg.Agencies = append(reg.Agencies, handlers.Agency{ID: "growth2", Name: "Growth Company North", Kind: "provider", Aliases: list("Growth Co")})
	reg.Programmes = append(reg.Programmes, handlers.Programme{ID: "ctw2", Name: "Connect to Work (pilot)", LeadAgencyID: "gmca",
		AreaIDs: list("E47000001"), CohortIDs: list("residents"), Aliases: list("Connect to Work")})
	g := readTestdata(t, "funder.json")[0]
	g.RecipientOrganization[0].ID = ""
	res := mustPlan(t, reg, []Grant{g})
	s := skippedText(res)
	for _, want := range []string{`the recipient "Growth Co" matches several agencies (growth, growth2)`,
		`the grant programme "Connect to Work" matches several programmes (ctw, ctw2)`} {
		if !strings.Contains(s, want) {
			t.Errorf("%s\nlacks %q", s, want)
		}
	}
}

func TestTheSameGrantTwiceInAFile(t *testing.T) {
	g := readTestdata(t, "funder.json")[0]
	twice := []Grant{g, g}
	twice[1].At.Line = 99
	res := mustPlan(t, withoutFundings(), twice)
	if len(res.Diff.Fundings.Added) != 1 || len(res.Skipped) != 1 {
		t.Fatalf("%v %s", res.Diff.Summary(), skippedText(res))
	}
	if s := res.Skipped[0].String(); !strings.Contains(s, `it would be funding "360G-gmca-2025-001", as the grant "360G-gmca-2025-001" at funder.json:`) {
		t.Error(s)
	}
}

func TestFundingIDs(t *testing.T) {
	ix := newMatchIndex(&handlers.Register{}, DefaultPrefix)
	for in, want := range map[string]string{
		"360G-frontdoor-f02":      "f02",
		"360g-FRONTDOOR-f_yh_dwp": "f_yh_dwp",
		"360G-blf-0031234":        "360G-blf-0031234",
		"GB-CHC-1234567-77":       "GB-CHC-1234567-77",
		"360G-frontdoor-a b":      "360g-frontdoor-a-b",
		"360G-DfE Grants 2025#17": "360g-dfe-grants-2025-17",
		"360G-x;y":                "360g-x-y",
		"360G-frontdoor-":         "360G-frontdoor-",
	} {
		if got := ix.fundingID(in); got != want {
			t.Errorf("fundingID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPlanRefusesABadPrefix(t *testing.T) {
	if _, err := Plan(testRegister(), nil, "frontdoor"); err == nil || !strings.Contains(err.Error(), "360G-") {
		t.Errorf("err %v", err)
	}
}

func TestPeriodOutsideTheProgrammeIsAWarning(t *testing.T) {
	g := readTestdata(t, "funder.json")[2] // the Youth Guarantee runs 1 Apr 2025 to 31 Mar 2026
	g.PlannedDates = []Event{{StartDate: "2025-04-01", EndDate: "2027-03-31"}}
	res := mustPlan(t, withoutFundings(), []Grant{g})
	if len(res.Diff.Fundings.Added) != 1 || len(res.Diff.Warnings) != 1 {
		t.Fatalf("%v warnings %v", res.Diff.Summary(), res.Diff.Warnings)
	}
	if w := res.Diff.Warnings[0].String(); !strings.Contains(w, "funder.json:") || !strings.Contains(w, "outside the dates of programme \"youth\"") {
		t.Error(w)
	}
}

func TestAnEmptyCurrencyIsPounds(t *testing.T) {
	g := readTestdata(t, "funder.json")[0]
	g.Currency = ""
	res := mustPlan(t, withoutFundings(), []Grant{g})
	if len(res.Diff.Fundings.Added) != 1 || *res.Diff.Fundings.Added[0].AmountPence != 25_000_000 {
		t.Errorf("%v %s", res.Diff.Summary(), skippedText(res))
	}
}

func TestPlannedDurationAndAmountsAreBounded(t *testing.T) {
	base := readTestdata(t, "funder.json")[1] // starts 1 Sep 2025, 12 months
	for _, tc := range []struct {
		name   string
		change func(g *Grant)
		want   string
	}{
		{"a duration of centuries", func(g *Grant) { g.PlannedDates = []Event{{StartDate: "2025-09-01", Duration: "1435175142"}} }, "more than a century"},
		{"a fraction", func(g *Grant) { g.AmountAwarded = "1/3" }, `"1/3" is not an amount`},
		{"hexadecimal", func(g *Grant) { g.AmountAwarded = "0x10" }, `"0x10" is not an amount`},
		{"a huge exponent", func(g *Grant) { g.AmountAwarded = "1e100000" }, `"1e100000" is not an amount`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := base
			tc.change(&g)
			res := mustPlan(t, withoutFundings(), []Grant{g})
			if len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].String(), tc.want) {
				t.Errorf("%v %s", res.Diff.Summary(), skippedText(res))
			}
		})
	}
	g := base
	g.AmountAwarded = "2.5e5"
	g.PlannedDates = []Event{{StartDate: "2025-09-01", Duration: "1200"}}
	res := mustPlan(t, withoutFundings(), []Grant{g})
	if len(res.Diff.Fundings.Added) != 1 || *res.Diff.Fundings.Added[0].AmountPence != 25_000_000 || res.Diff.Fundings.Added[0].End.String() != "2125-08-31" {
		t.Errorf("%+v %s", res.Diff.Fundings.Added, skippedText(res))
	}
}
