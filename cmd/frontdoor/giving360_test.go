package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"frontdoor/handlers"
	"frontdoor/store"
)

// The test funder's files: seven grants, of which two match grantsRegister
// (001 and 003) and five do not.
var (
	funderJSON, _ = filepath.Abs("../../handlers/giving360/testdata/funder.json")
	funderCSV, _  = filepath.Abs("../../handlers/giving360/testdata/funder.csv")
)

// grantsDB makes a database holding a small Greater Manchester register
// (register format v1) for the test funder's grants to land in.
func grantsDB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"areas.csv": "id,name,kind,parent_id,aliases\n" +
			"E92000001,England,country,,\n" +
			"E47000001,Greater Manchester,strategic_authority,E92000001,GM\n" +
			"E08000003,Manchester,local_authority,E47000001,\n" +
			"E08000001,Bolton,local_authority,E47000001,\n",
		"agencies.csv": "id,name,kind,area_id,aliases\n" +
			"dwp,Department for Work and Pensions,dwp,,DWP\n" +
			"gmca,Greater Manchester Combined Authority,strategic_authority,E47000001,GMCA\n" +
			"mcc,Manchester City Council,local_authority,E08000003,\n" +
			"growth,The Growth Company,provider,E47000001,Growth Co\n",
		"cohorts.csv": "id,name\nresidents,Working-age residents\n",
		"programmes.csv": "id,name,lead_agency_id,start_date,end_date,area_ids,cohort_ids,aliases\n" +
			"ctw,Connect to Work,gmca,2025-04-01,2030-03-31,E47000001,residents,CtW\n" +
			"youth,Youth Guarantee Trailblazer,mcc,2025-04-01,2026-03-31,E08000003,residents,\n",
		"fundings.csv": "id,programme_id,funder_id,recipient_id,amount_gbp,start_date,end_date\n" +
			"f1,ctw,dwp,gmca,42800000,2025-04-01,2030-03-31\n",
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(t.TempDir(), "fd.db")
	if code, _, errOut := runCLI(t, "", nil, "import", "--db", db, dir); code != 0 {
		t.Fatalf("import the register: exit %d: %s", code, errOut)
	}
	return db
}

// dbState is what an import may change: the register's version, its
// fundings and the audit trail.
type dbState struct {
	version  int64
	fundings []handlers.Funding
	audit    int
}

func readState(t *testing.T, path string) dbState {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	reg, v, err := db.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	audit, err := db.Audit(ctx, store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return dbState{version: v, fundings: reg.Fundings, audit: len(audit)}
}

func fundingIDs(fs []handlers.Funding) []string {
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.ID)
	}
	return ids
}

// requireGrantsStored skips a test that needs the store to keep a funding's
// kind and award date (register format v2, store schema 4), which this
// branch's store does not yet write; it probes a scratch database, so the
// test runs as soon as the store does.
func requireGrantsStored(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "probe.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	diff := &handlers.RegisterDiff{Kinds: handlers.RegisterKinds}
	diff.Areas.Added = []handlers.Area{{ID: "E92000001", Name: "England", Kind: handlers.AreaCountry}}
	diff.Agencies.Added = []handlers.Agency{{ID: "a", Name: "A", Kind: "other"}}
	diff.Cohorts.Added = []handlers.Cohort{{ID: "c", Name: "C"}}
	diff.Programmes.Added = []handlers.Programme{{ID: "p", Name: "P", LeadAgencyID: "a", AreaIDs: []string{"E92000001"}, CohortIDs: []string{"c"}}}
	diff.Fundings.Added = []handlers.Funding{{ID: "f", ProgrammeID: "p", FunderID: "a", Kind: handlers.FundingGrant, AwardDate: handlers.DateOf(2025, 4, 1)}}
	if err := db.ApplyImport(ctx, diff, "probe", store.AnyVersion); err != nil {
		t.Fatal(err)
	}
	reg, err := db.LoadRegister(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if f := reg.Fundings[0]; f.Kind != handlers.FundingGrant || f.AwardDate.IsZero() {
		t.Skip("the store does not keep a funding's kind and award date yet (register format v2); this test runs once it does")
	}
}

func TestImport360RefusesUnmatchedGrantsAndChangesNothing(t *testing.T) {
	for _, file := range []string{funderJSON, funderCSV} {
		t.Run(filepath.Base(file), func(t *testing.T) {
			db := grantsDB(t)
			before := readState(t, db)
			code, out, errOut := runCLI(t, "", nil, "import", "--db", db, "--360giving", file)
			if code != exitFailed {
				t.Fatalf("exit %d, want 1\n%s\n%s", code, out, errOut)
			}
			base := filepath.Base(file)
			for _, want := range []string{
				base + `:`, `grant "360G-gmca-2025-002": no agency with org_id "GB-LAE-MAN" or named "Manchester" (the recipient)`,
				`grant "360G-gmca-2025-004": no programme with grant programme code "WWP" or title "Working Well Pilot"`,
				`grant "360G-gmca-2025-005": no agency with org_id "GB-CHC-1100000"`,
				`grant "360G-gmca-2025-006": no area with GSS code "E08000009" (Trafford)`,
				`grant "360G-gmca-2025-007": it is a grant to an individual`,
				"5 of the 7 grants", "nothing was changed", "--skip-unmatched to import the other 2",
			} {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
			if after := readState(t, db); !reflect.DeepEqual(after, before) {
				t.Errorf("a refused import changed the database:\nbefore %+v\nafter  %+v", before, after)
			}
		})
	}
}

func TestImport360SkipUnmatched(t *testing.T) {
	db := grantsDB(t)
	before := readState(t, db)
	code, out, errOut := runCLI(t, "", nil, "import", "--db", db, "--360giving", funderCSV, "--skip-unmatched")
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"Imported 2 grants from", "fundings: 2 added, 0 updated, 0 unchanged",
		"Skipped 5 grant(s)", `funder.csv:6: grant "360G-gmca-2025-004": no programme`, `funder.csv:9: grant "360G-gmca-2025-007"`} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	after := readState(t, db)
	if got, want := fundingIDs(after.fundings), []string{"f1", "360G-gmca-2025-001", "360G-gmca-2025-003"}; !reflect.DeepEqual(got, want) {
		t.Errorf("fundings %v, want %v", got, want)
	}
	if after.version != before.version+1 || after.audit != before.audit+1 {
		t.Errorf("version %d → %d, audit rows %d → %d: want one import, one audit row", before.version, after.version, before.audit, after.audit)
	}
	f := after.fundings[1]
	if f.ProgrammeID != "ctw" || f.FunderID != "gmca" || f.RecipientID != "growth" || f.AmountPence == nil || *f.AmountPence != 25_000_000 ||
		!reflect.DeepEqual(f.AreaIDs, []string{"E08000003"}) || f.Start.String() != "2025-08-01" || f.End.String() != "2026-07-31" {
		t.Errorf("the first grant stored as %+v", f)
	}
}

func TestImport360TwiceChangesNothing(t *testing.T) {
	requireGrantsStored(t)
	db := grantsDB(t)
	if code, _, errOut := runCLI(t, "", nil, "import", "--db", db, "--360giving", funderJSON, "--skip-unmatched"); code != 0 {
		t.Fatal(errOut)
	}
	once := readState(t, db)
	for _, file := range []string{funderJSON, funderCSV} {
		code, out, errOut := runCLI(t, "", nil, "import", "--db", db, "--360giving", file, "--skip-unmatched")
		if code != 0 || !strings.Contains(out, "nothing changed") || !strings.Contains(out, "fundings: 0 added, 0 updated, 2 unchanged") {
			t.Errorf("%s again: exit %d\n%s\n%s", filepath.Base(file), code, out, errOut)
		}
	}
	if again := readState(t, db); !reflect.DeepEqual(again, once) {
		t.Errorf("re-importing changed the database:\nonce  %+v\nagain %+v", once, again)
	}
}

func TestExport360(t *testing.T) {
	requireGrantsStored(t)
	db := grantsDB(t)
	if code, _, errOut := runCLI(t, "", nil, "import", "--db", db, "--360giving", funderJSON, "--skip-unmatched"); code != 0 {
		t.Fatal(errOut)
	}
	out := filepath.Join(t.TempDir(), "grants.json")
	code, stdout, errOut := runCLI(t, "", nil, "export", "--db", db, "--360giving", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, errOut)
	}
	if !strings.Contains(stdout, "Exported 2 grants to "+out) || !strings.Contains(stdout, "360G-frontdoor is a placeholder") {
		t.Errorf("stdout:\n%s", stdout)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		Grants []struct {
			ID                  string
			FundingOrganization []struct{ ID string }
		}
	}
	if err := json.Unmarshal(data, &pkg); err != nil {
		t.Fatal(err)
	}
	if len(pkg.Grants) != 2 || pkg.Grants[0].ID != "360G-gmca-2025-001" || pkg.Grants[0].FundingOrganization[0].ID != "360G-frontdoor-gmca" {
		t.Errorf("the package: %s", data)
	}
	missing := filepath.Join(t.TempDir(), "no such folder", "grants.json")
	if code, _, errOut := runCLI(t, "", nil, "export", "--db", db, "--360giving", missing); code != exitFailed || !strings.Contains(errOut, "cannot write "+missing) {
		t.Errorf("an export to a missing folder: exit %d, %s", code, errOut)
	}
	// The export goes back in onto the same rows.
	code, stdout, errOut = runCLI(t, "", nil, "import", "--db", db, "--360giving", out)
	if code != 0 || !strings.Contains(stdout, "nothing changed") {
		t.Errorf("re-import of the export: exit %d\n%s\n%s", code, stdout, errOut)
	}
}

func TestExport360WithNoGrants(t *testing.T) {
	db := grantsDB(t) // f1 has no kind: it is not a grant
	out := filepath.Join(t.TempDir(), "grants.json")
	code, _, errOut := runCLI(t, "", nil, "export", "--db", db, "--360giving", out)
	if code != exitFailed || !strings.Contains(errOut, "the register has no fundings of kind grant") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a refused export wrote %s", out)
	}
}

func TestGiving360ExitCodes(t *testing.T) {
	db := grantsDB(t)
	dir := t.TempDir()
	notJSON := filepath.Join(dir, "grants.json")
	os.WriteFile(notJSON, []byte(`{"title": "no grants here"}`), 0o644)
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"a bad prefix", []string{"export", "--db", db, "--360giving", filepath.Join(dir, "x.json"), "--prefix", "frontdoor"}, exitUsage, `--prefix: giving360: prefix "frontdoor": give a 360Giving prefix`},
		{"a bad prefix on import", []string{"import", "--db", db, "--360giving", funderJSON, "--prefix", "360G-"}, exitUsage, "give a 360Giving prefix"},
		{"a folder as well", []string{"export", "--db", db, "--360giving", filepath.Join(dir, "x.json"), dir}, exitUsage, "no other path"},
		{"a prefix without a file", []string{"import", "--db", db, "--prefix", "360G-gmca", dir}, exitUsage, "go with --360giving FILE"},
		{"skip without a file", []string{"import", "--db", db, "--skip-unmatched", dir}, exitUsage, "go with --360giving FILE"},
		{"replace", []string{"import", "--db", db, "--replace", "--360giving", funderJSON}, exitUsage, "--replace does not go with --360giving"},
		{"skip-unmatched on export", []string{"export", "--db", db, "--360giving", filepath.Join(dir, "x.json"), "--skip-unmatched"}, exitUsage, "flag provided but not defined"},
		{"no such file", []string{"import", "--db", db, "--360giving", filepath.Join(dir, "missing.json")}, exitFailed, "cannot read " + filepath.Join(dir, "missing.json")},
		{"not a package", []string{"import", "--db", db, "--360giving", notJSON}, exitFailed, `grants.json: not a 360Giving package: it has no "grants" list; nothing was changed`},
		{"no database", []string{"import", "--db", filepath.Join(dir, "none.db"), "--360giving", funderJSON}, exitFailed, "there is no database at"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := readState(t, db)
			code, out, errOut := runCLI(t, "", nil, tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d (want %d)\nstderr %s\nlacks %q\nstdout %s", code, tc.code, errOut, tc.want, out)
			}
			if after := readState(t, db); !reflect.DeepEqual(after, before) {
				t.Errorf("the database changed")
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "none.db")); !os.IsNotExist(err) {
		t.Error("an import into a missing database created it")
	}
}
