package giving360

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"frontdoor/handlers"
	"frontdoor/handlers/registercsv"
)

func day(y int, m time.Month, d int) handlers.Date { return handlers.DateOf(y, m, d) }

func pence(pounds int64) *int64 {
	p := pounds * 100
	return &p
}

func list(s ...string) []string { return s }

// testRegister is a small register with one area of every kind of GSS code
// the export treats differently, agencies with and without org_id, and
// fundings of kind grant that can and cannot be exported beside others.
func testRegister() *handlers.Register {
	return &handlers.Register{
		Areas: []handlers.Area{
			{ID: "E92000001", Name: "England", Kind: handlers.AreaCountry},
			{ID: "E47000001", Name: "Greater Manchester", Kind: handlers.AreaStrategicAuthority, ParentID: "E92000001", Aliases: list("GM")},
			{ID: "E08000003", Name: "Manchester", Kind: handlers.AreaLocalAuthority, ParentID: "E47000001"},
			{ID: "E08000001", Name: "Bolton", Kind: handlers.AreaLocalAuthority, ParentID: "E47000001"},
			{ID: "E54000007", Name: "NHS Greater Manchester ICB area", Kind: handlers.AreaOther, ParentID: "E92000001"},
			{ID: "E10000003", Name: "Cambridgeshire", Kind: handlers.AreaLocalAuthority, ParentID: "E92000001"},
			{ID: "E07000008", Name: "Cambridge", Kind: handlers.AreaLocalAuthority, ParentID: "E10000003"},
			{ID: "E06000001", Name: "Hartlepool", Kind: handlers.AreaLocalAuthority, ParentID: "E92000001"},
			{ID: "E09000001", Name: "City of London", Kind: handlers.AreaLocalAuthority, ParentID: "E92000001"},
			{ID: "fens", Name: "The Fens", Kind: handlers.AreaOther, ParentID: "E10000003"},
		},
		Agencies: []handlers.Agency{
			{ID: "dwp", Name: "Department for Work and Pensions", Kind: "dwp", Aliases: list("DWP", "Jobcentre Plus"), OrgID: "GB-GOR-PB8"},
			{ID: "gmca", Name: "Greater Manchester Combined Authority", Kind: "strategic_authority", AreaID: "E47000001", Aliases: list("GMCA")},
			{ID: "mcc", Name: "Manchester City Council", Kind: "local_authority", AreaID: "E08000003", OrgID: "GB-LAE-MAN"},
			{ID: "nhsgm", Name: "NHS Greater Manchester", Kind: "icb", AreaID: "E54000007", Aliases: list("GM ICB")},
			{ID: "growth", Name: "The Growth Company", Kind: "provider", AreaID: "E47000001", Aliases: list("Growth Co")},
			{ID: "ccc", Name: "Cambridgeshire County Council", Kind: "local_authority", AreaID: "E10000003", OrgID: "GB-LAE-CAM"},
		},
		Cohorts: []handlers.Cohort{
			{ID: "residents", Name: "Working-age residents"},
		},
		Programmes: []handlers.Programme{
			{ID: "ctw", Name: "Connect to Work", LeadAgencyID: "gmca", Start: day(2025, 4, 1), End: day(2030, 3, 31),
				AreaIDs: list("E47000001"), CohortIDs: list("residents"), Aliases: list("CtW"), URL: "https://www.gov.uk/connect-to-work"},
			{ID: "ips", Name: "Individual Placement and Support", LeadAgencyID: "nhsgm", AreaIDs: list("E54000007"), CohortIDs: list("residents"), Aliases: list("IPS")},
			{ID: "youth", Name: "Youth Guarantee Trailblazer", LeadAgencyID: "mcc", Start: day(2025, 4, 1), End: day(2026, 3, 31),
				AreaIDs: list("E08000003"), CohortIDs: list("residents")},
			{ID: "fenswork", Name: "Fens Works", LeadAgencyID: "ccc", AreaIDs: list("E10000003"), CohortIDs: list("residents")},
			{ID: "restart", Name: "Restart Scheme", LeadAgencyID: "dwp", AreaIDs: list("E92000001"), CohortIDs: list("residents")},
		},
		Fundings: []handlers.Funding{
			{ID: "f1", ProgrammeID: "ctw", FunderID: "dwp", RecipientID: "gmca", AmountPence: pence(42_800_000),
				Start: day(2025, 4, 1), End: day(2030, 3, 31), AreaIDs: list("E47000001"), Kind: handlers.FundingGrant,
				AwardDate: day(2025, 4, 14), SourceURL: "https://www.gov.uk/government/news/connect-to-work", Notes: "total over 5 years"},
			{ID: "f2", ProgrammeID: "ctw", FunderID: "gmca", RecipientID: "growth", AmountPence: ptr(int64(125_000_050)),
				Start: day(2025, 6, 1), AreaIDs: list("E08000003", "E08000001"), Kind: handlers.FundingGrant, AwardDate: day(2025, 5, 20)},
			{ID: "f3", ProgrammeID: "youth", FunderID: "dwp", AmountPence: pence(1_500_000), Kind: handlers.FundingGrant,
				AwardDate: day(2025, 3, 3), Start: day(2025, 4, 1), End: day(2026, 3, 31), SourceURL: "not a web address"},
			{ID: "f4", ProgrammeID: "ips", FunderID: "nhsgm", RecipientID: "growth", Kind: handlers.FundingGrant, AwardDate: day(2025, 7, 1)},
			{ID: "f5", ProgrammeID: "ips", FunderID: "dwp", RecipientID: "nhsgm", AmountPence: pence(600_000), Kind: handlers.FundingGrant},
			{ID: "f6", ProgrammeID: "restart", FunderID: "dwp", AmountPence: pence(2_900_000_000), Kind: handlers.FundingContract, AwardDate: day(2021, 6, 1)},
			{ID: "f7", ProgrammeID: "ctw", FunderID: "gmca", AmountPence: pence(5_000_000)},
			{ID: "f8", ProgrammeID: "fenswork", FunderID: "dwp", RecipientID: "ccc", AmountPence: pence(250_000), Kind: handlers.FundingGrant,
				AwardDate: day(2026, 1, 9), AreaIDs: list("E10000003", "E07000008", "E06000001", "E09000001", "fens", "E54000007")},
		},
	}
}

func ptr[T any](v T) *T { return &v }

// withoutFundings is the register with no fundings: where a funder's file lands.
func withoutFundings() *handlers.Register {
	r := testRegister()
	r.Fundings = nil
	return r
}

const (
	packageSchemaURL = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.3/schema/360-giving-package-schema.json"
	grantSchema142   = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json"
	grantSchema143   = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.3/schema/360-giving-schema.json"
)

// noNetwork refuses every URL the compiler has not been given, so a
// reference the test did not map fails instead of being fetched.
type noNetwork struct{}

func (noNetwork) Load(url string) (any, error) {
	return nil, &os.PathError{Op: "load", Path: url, Err: os.ErrNotExist}
}

func loadSchemaFile(t *testing.T, name string) any {
	t.Helper()
	f, err := os.Open(filepath.Join("schema", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

// packageSchema compiles the 1.4.3 package schema from the copies in
// schema/, with the grant schema registered under the URL the package
// schema refers to (1.4.2) and its own (1.4.3). assertFormat turns on
// format assertion, which the standard's date oneOf needs.
func packageSchema(t *testing.T, assertFormat bool) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.UseLoader(noNetwork{})
	if assertFormat {
		c.AssertFormat()
	}
	grant := loadSchemaFile(t, "360-giving-schema.json")
	for _, url := range []string{grantSchema142, grantSchema143} {
		if err := c.AddResource(url, grant); err != nil {
			t.Fatalf("add %s: %v", url, err)
		}
	}
	if err := c.AddResource(packageSchemaURL, loadSchemaFile(t, "360-giving-package-schema.json")); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(packageSchemaURL)
	if err != nil {
		t.Fatalf("compile the package schema: %v", err)
	}
	return s
}

// validate checks a package's bytes against the schema.
func validate(t *testing.T, s *jsonschema.Schema, data []byte) error {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the package is not JSON: %v", err)
	}
	return s.Validate(doc)
}

// mustExport exports reg with the default prefix.
func mustExport(t *testing.T, reg *handlers.Register) ([]byte, []LeftOut) {
	t.Helper()
	data, left, err := Export(reg, DefaultPrefix)
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	return data, left
}

func decodePackage(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var pkg map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&pkg); err != nil {
		t.Fatal(err)
	}
	return pkg
}

func readTestdata(t *testing.T, name string) []Grant {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	grants, err := Read(name, data)
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	return grants
}

func mustPlan(t *testing.T, reg *handlers.Register, grants []Grant) *Result {
	t.Helper()
	res, err := Plan(reg, grants, DefaultPrefix)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// apply is the register after an import, as the store would hold it.
func apply(reg *handlers.Register, res *Result) *handlers.Register {
	return registercsv.Apply(reg, res.Diff)
}

func skippedText(res *Result) string {
	var b strings.Builder
	for _, s := range res.Skipped {
		b.WriteString(s.String())
		b.WriteByte('\n')
	}
	return b.String()
}
