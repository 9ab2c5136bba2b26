package giving360

import (
	"reflect"
	"strings"
	"testing"
)

func TestReadJSONAndCSVAgree(t *testing.T) {
	fromJSON, fromCSV := readTestdata(t, "funder.json"), readTestdata(t, "funder.csv")
	if len(fromJSON) != 7 || len(fromCSV) != 7 {
		t.Fatalf("%d grants from JSON, %d from CSV; want 7 each", len(fromJSON), len(fromCSV))
	}
	// The two files hold the same grants; what the register makes of them
	// must be the same too (their forms differ: dates, amounts, letter case).
	a := mustPlan(t, withoutFundings(), fromJSON)
	b := mustPlan(t, withoutFundings(), fromCSV)
	if !reflect.DeepEqual(a.Diff, b.Diff) {
		t.Errorf("JSON and CSV plan differently:\n%+v\n%+v", a.Diff, b.Diff)
	}
	g := fromCSV[1]
	if len(g.BeneficiaryLocation) != 3 || g.BeneficiaryLocation[1].GeoCode != "E08000001" || g.BeneficiaryLocation[2].CountryCode != "GB" {
		t.Errorf("repeated location columns: %+v", g.BeneficiaryLocation)
	}
	if g.PlannedDates[0].Duration != "12" {
		t.Errorf("duration: %+v", g.PlannedDates)
	}
}

func TestColumnKey(t *testing.T) {
	for title, want := range map[string]struct {
		key   string
		index int
	}{
		"Identifier":                                {"identifier", -1},
		" Amount Awarded ":                          {"amountawarded", -1},
		"AMOUNT AWARDED":                            {"amountawarded", -1},
		"Funding Org:Identifier":                    {"fundingorg:identifier", -1},
		"FundingOrg:Name (Required)":                {"fundingorg:name", -1},
		"Planned Dates: Start Date":                 {"planneddates:startdate", -1},
		"Planned Dates:Duration (months)":           {"planneddates:duration(months)", -1},
		"Beneficiary Location:Geographic Code":      {"beneficiarylocation:geographiccode", -1},
		"Beneficiary Location:Geographic Code 2":    {"beneficiarylocation:geographiccode", 2},
		"Beneficiary Location:Geographic Code (3)":  {"beneficiarylocation:geographiccode", 3},
		"Beneficiary Location:Geographic Code.1":    {"beneficiarylocation:geographiccode", 1},
		"Beneficiary Location:1:Geographic Code":    {"beneficiarylocation:geographiccode", 1},
		"Beneficiary Location:Geographic Code Type": {"beneficiarylocation:geographiccodetype", -1},
		"Grant Programme:Title":                     {"grantprogramme:title", -1},
		"Last Modified 2":                           {"lastmodified2", -1},
	} {
		key, index := columnKey(title)
		if key != want.key || index != want.index {
			t.Errorf("columnKey(%q) = %q, %d; want %q, %d", title, key, index, want.key, want.index)
		}
	}
}

func TestReadRefusesWhatIsNotA360GivingFile(t *testing.T) {
	for _, tc := range []struct {
		name, file, data, want string
	}{
		{"not JSON", "g.json", `{"grants": [`, "g.json: the JSON ends too early"},
		{"a syntax error", "g.json", "{\n\"grants\": [\n{\"id\": \"a\",}\n]}", "g.json:3: not valid JSON"},
		{"no grants list", "g.json", `{"title": "x"}`, `g.json: not a 360Giving package: it has no "grants" list`},
		{"grants not a list", "g.json", `{"grants": {"id": "a"}}`, `"grants" should be a list of grants`},
		{"a number", "g.json", `42`, "not a 360Giving package"},
		{"no grants", "g.json", `{"grants": []}`, "g.json: holds no grants"},
		{"a value of the wrong type", "g.json", "{\"grants\": [\n {\"id\": \"a\"},\n {\"id\": \"b\", \"amountAwarded\": true}\n]}",
			"g.json:3: amountAwarded is a JSON bool where the standard has a number"},
		{"a list where an object is", "g.json", `{"grants": [{"id": "a", "fundingOrganization": {"id": "x"}}]}`,
			"fundingOrganization is a JSON object where the standard has a list"},
		{"not UTF-8", "g.csv", "Identifier,Title\n360G-a-1,Caf\xe9\n", "g.csv: this file is not UTF-8 text"},
		{"an empty sheet", "g.csv", "", "g.csv: the file is empty"},
		{"no Identifier column", "g.csv", "Name,Amount\nA,1\n", "g.csv: no Identifier column"},
		{"semicolons", "g.csv", "Identifier;Title\n360G-a-1;A\n", "not separated by commas"},
		{"only a header", "g.csv", "Identifier,Title\n,\n", "g.csv: holds no grants, only a header row"},
		{"a broken quote", "g.csv", "Identifier,Title\n360G-a-1,\"A\n", "g.csv:2: not readable as CSV"},
		{"a workbook", "grants.xlsx", "PK\x03\x04", "grants.xlsx: this is a spreadsheet workbook; save its grants sheet as CSV UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			grants, err := Read(tc.file, []byte(tc.data))
			if err == nil {
				t.Fatalf("read %d grants, want a refusal", len(grants))
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%v\nlacks %q", err, tc.want)
			}
		})
	}
}

func TestReadTellsJSONFromCSVWithoutAnExtension(t *testing.T) {
	g, err := Read("download", []byte(` {"grants": [{"id": "360G-a-1"}]}`))
	if err != nil || len(g) != 1 || g[0].ID != "360G-a-1" || g[0].At.String() != "download:1" {
		t.Errorf("JSON: %+v %v", g, err)
	}
	g, err = Read("download", []byte("Identifier,Title\r\n360G-a-2,A grant\r\n"))
	if err != nil || len(g) != 1 || g[0].ID != "360G-a-2" || g[0].Title != "A grant" || g[0].At.String() != "download:2" {
		t.Errorf("CSV: %+v %v", g, err)
	}
	g, err = Read("list.json", []byte(`[{"id": "360G-a-3"}, {"id": "360G-a-4"}]`))
	if err != nil || len(g) != 2 {
		t.Errorf("a bare list of grants: %+v %v", g, err)
	}
}
