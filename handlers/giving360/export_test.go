package giving360

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"frontdoor/handlers"
)

func TestExportIsValidAgainstTheSchemas(t *testing.T) {
	data, _ := mustExport(t, testRegister())
	if err := validate(t, packageSchema(t, true), data); err != nil {
		t.Fatalf("the export fails the 360Giving 1.4.3 schemas:\n%v\n%s", err, data)
	}
}

// TestSchemaRefusesAGrantWithoutARequiredField is the check that the
// validation above can fail: the same export with one required field taken
// from one grant is refused.
func TestSchemaRefusesAGrantWithoutARequiredField(t *testing.T) {
	data, _ := mustExport(t, testRegister())
	s := packageSchema(t, true)
	for _, field := range []string{"id", "title", "description", "currency", "amountAwarded", "awardDate", "fundingOrganization", "recipientOrganization"} {
		t.Run(field, func(t *testing.T) {
			pkg := decodePackage(t, data)
			grant := pkg["grants"].([]any)[1].(map[string]any)
			if _, ok := grant[field]; !ok {
				t.Fatalf("the export has no %s to drop", field)
			}
			delete(grant, field)
			broken, _ := json.Marshal(pkg)
			if err := validate(t, s, broken); err == nil {
				t.Errorf("a grant without %s passed the schema", field)
			}
		})
	}
	t.Run("a date that is not a date", func(t *testing.T) {
		pkg := decodePackage(t, data)
		pkg["grants"].([]any)[0].(map[string]any)["awardDate"] = "14/04/2025"
		broken, _ := json.Marshal(pkg)
		if err := validate(t, s, broken); err == nil {
			t.Error("awardDate 14/04/2025 passed the schema")
		}
	})
	t.Run("no grants", func(t *testing.T) {
		if err := validate(t, s, []byte(`{"version":"1.4","grants":[]}`)); err == nil {
			t.Error("a package of no grants passed the schema")
		}
	})
}

// TestFormatAssertionIsNeeded shows why the schema is compiled with format
// assertion on: without it, a plain YYYY-MM-DD date matches both branches of
// the standard's date oneOf, and a valid export fails.
func TestFormatAssertionIsNeeded(t *testing.T) {
	data, _ := mustExport(t, testRegister())
	if err := validate(t, packageSchema(t, false), data); err == nil {
		t.Error("without format assertion the export passed; the note in schema/SOURCE.md no longer holds")
	}
}

func TestExportMapsTheRegister(t *testing.T) {
	data, left := mustExport(t, testRegister())
	var pkg Package
	if err := json.Unmarshal(data, &pkg); err != nil {
		t.Fatal(err)
	}
	if pkg.Version != "1.4" {
		t.Errorf("version %q", pkg.Version)
	}
	ids := []string{}
	for _, g := range pkg.Grants {
		ids = append(ids, g.ID)
	}
	if want := []string{"360G-frontdoor-f1", "360G-frontdoor-f2", "360G-frontdoor-f3", "360G-frontdoor-f8"}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("grants %v, want %v (grants only, in register order, without those that cannot be valid)", ids, want)
	}
	byID := map[string]Grant{}
	for _, g := range pkg.Grants {
		byID[g.ID] = g
	}

	f1 := byID["360G-frontdoor-f1"]
	want1 := Grant{
		ID: "360G-frontdoor-f1", Title: "Connect to Work: Greater Manchester Combined Authority",
		Description: "total over 5 years", Currency: "GBP", AmountAwarded: "42800000", AwardDate: "2025-04-14",
		PlannedDates:          []Event{{StartDate: "2025-04-01", EndDate: "2030-03-31"}},
		RecipientOrganization: []Organization{{ID: "360G-frontdoor-gmca", Name: "Greater Manchester Combined Authority"}},
		FundingOrganization:   []Organization{{ID: "GB-GOR-PB8", Name: "Department for Work and Pensions"}},
		BeneficiaryLocation:   []Location{{Name: "Greater Manchester", CountryCode: "GB", GeoCode: "E47000001"}},
		GrantProgramme:        []GrantProgramme{{Code: "ctw", Title: "Connect to Work", URL: "https://www.gov.uk/connect-to-work"}},
		DataSource:            "https://www.gov.uk/government/news/connect-to-work",
	}
	if !reflect.DeepEqual(f1, want1) {
		t.Errorf("f1:\n got %+v\nwant %+v", f1, want1)
	}

	f2 := byID["360G-frontdoor-f2"]
	if f2.AmountAwarded != "1250000.5" && f2.AmountAwarded != "1250000.50" {
		t.Errorf("f2 amount %q, want pounds and pence", f2.AmountAwarded)
	}
	if f2.Description != f2.Title {
		t.Errorf("f2 has no notes: its description should be its title, got %q", f2.Description)
	}
	if f2.PlannedDates[0].EndDate != "" || f2.PlannedDates[0].StartDate != "2025-06-01" {
		t.Errorf("f2 planned dates %+v: an open end is left out", f2.PlannedDates)
	}

	f3 := byID["360G-frontdoor-f3"]
	if got := f3.RecipientOrganization; len(got) != 1 || got[0].ID != "GB-LAE-MAN" || got[0].Name != "Manchester City Council" {
		t.Errorf("f3 has no recipient: it goes to the programme's lead by its org_id, got %+v", got)
	}
	if got := f3.BeneficiaryLocation; !reflect.DeepEqual(got, []Location{{Name: "Manchester", CountryCode: "GB", GeoCode: "E08000003", GeoCodeType: "MD"}}) {
		t.Errorf("f3 has no areas: it benefits the programme's, got %+v", got)
	}
	if f3.DataSource != "" {
		t.Errorf("f3's source is not a web address, so no dataSource: got %q", f3.DataSource)
	}

	types := map[string]string{}
	for _, l := range byID["360G-frontdoor-f8"].BeneficiaryLocation {
		types[l.Name] = l.GeoCode + " " + l.GeoCodeType
	}
	wantTypes := map[string]string{
		"Cambridgeshire": "E10000003 CTY", "Cambridge": "E07000008 NMD", "Hartlepool": "E06000001 UA",
		"City of London": "E09000001 LONB", "The Fens": " ", "NHS Greater Manchester ICB area": "E54000007 ",
	}
	if !reflect.DeepEqual(types, wantTypes) {
		t.Errorf("locations of f8 (code and type by name):\n got %v\nwant %v", types, wantTypes)
	}

	var leftIDs []string
	for _, l := range left {
		leftIDs = append(leftIDs, l.FundingID)
	}
	if !reflect.DeepEqual(leftIDs, []string{"f4", "f5"}) {
		t.Fatalf("left out %v, want f4 (no amount) and f5 (no award date); f6 and f7 are not grants", left)
	}
	if s := left[0].String(); !strings.Contains(s, `funding "f4"`) || !strings.Contains(s, "no amount recorded") {
		t.Errorf("f4: %s", s)
	}
	if s := left[1].String(); !strings.Contains(s, `funding "f5"`) || !strings.Contains(s, "no award date recorded") {
		t.Errorf("f5: %s", s)
	}
}

func TestExportPrefix(t *testing.T) {
	data, _, err := Export(testRegister(), "GB-LAE-MAN-")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(`"id": "GB-LAE-MAN-f1"`)) || !bytes.Contains(data, []byte(`"id": "GB-LAE-MAN-gmca"`)) {
		t.Errorf("an organisation identifier as the prefix, its trailing '-' dropped:\n%s", data)
	}
	for _, bad := range []string{"", "frontdoor", "360G", "360G-", "360G-has space", "gb-lae-man", "360G-a;b"} {
		if _, _, err := Export(testRegister(), bad); err == nil || !strings.Contains(err.Error(), "360G-") {
			t.Errorf("prefix %q: err %v, want a refusal saying what a prefix looks like", bad, err)
		}
	}
}

func TestExportWithNoGrantsSaysWhy(t *testing.T) {
	reg := testRegister()
	var keep []handlers.Funding
	for _, f := range reg.Fundings {
		if f.ID == "f4" || f.ID == "f5" || f.ID == "f6" {
			keep = append(keep, f)
		}
	}
	reg.Fundings = keep
	data, left, err := Export(reg, DefaultPrefix)
	if !errors.Is(err, ErrNoGrants) || data != nil {
		t.Fatalf("err %v, data %d bytes; want ErrNoGrants and nothing written", err, len(data))
	}
	if len(left) != 2 {
		t.Errorf("left out %v, want the two grants that cannot be valid", left)
	}
}

func TestGeoCodeType(t *testing.T) {
	for code, want := range map[string]string{
		"E06000001": "UA", "E07000008": "NMD", "E08000003": "MD", "E09000001": "LONB", "E10000003": "CTY",
		"E05000026": "WD", "E12000002": "RGN/GOR", "W06000015": "UA", "S12000036": "CA",
		"E47000001": "", "E54000007": "", "E61000001": "", "E92000001": "", "fens": "", "E0600000": "",
	} {
		if got := GeoCodeType(code); got != want {
			t.Errorf("GeoCodeType(%q) = %q, want %q", code, got, want)
		}
	}
}

func TestCheckPrefix(t *testing.T) {
	for in, want := range map[string]string{
		"360G-frontdoor": "360G-frontdoor", "360G-gmca-": "360G-gmca", " 360G-x.y_z ": "360G-x.y_z",
		"GB-LAE-MAN": "GB-LAE-MAN", "GB-CHC-1234567": "GB-CHC-1234567", "GB-GOR-PB8": "GB-GOR-PB8",
	} {
		got, err := CheckPrefix(in)
		if err != nil || got != want {
			t.Errorf("CheckPrefix(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "-", "360g-lower", "360G-", "360G-/x", "GB-LAE", "GB-LAE-", "G-LAE-MAN", "frontdoor"} {
		if _, err := CheckPrefix(bad); err == nil {
			t.Errorf("CheckPrefix(%q) accepted", bad)
		}
	}
}
