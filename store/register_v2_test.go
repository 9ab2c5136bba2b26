package store

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"frontdoor/handlers"
	"frontdoor/handlers/registercsv"
)

// TestSchema3DatabaseGainsV2Columns builds a database at schema 3 (before
// register format v2) holding a register, as an older Frontdoor left it,
// and opens it: the migration keeps every row, the new values are empty,
// and a v1 import afterwards leaves v2 values it did not name alone.
func TestSchema3DatabaseGainsV2Columns(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "frontdoor.db")
	raw := rawOpen(t, path, "_foreign_keys=on")
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms[:3] {
		if _, err := raw.Exec(m.sql); err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
	}
	for _, q := range []string{
		`PRAGMA user_version = 3`,
		`INSERT INTO areas (id, pos, name, kind) VALUES ('E92000001', 1, 'England', 'country')`,
		`INSERT INTO agencies (id, pos, name, kind) VALUES ('dwp', 1, 'Department for Work and Pensions', 'dwp')`,
		`INSERT INTO cohorts (id, pos, name) VALUES ('young-people', 1, 'Young people')`,
		`INSERT INTO programmes (id, pos, name, lead_agency_id) VALUES ('restart', 1, 'Restart', 'dwp')`,
		`INSERT INTO programme_areas VALUES ('restart', 1, 'E92000001')`,
		`INSERT INTO programme_cohorts VALUES ('restart', 1, 'young-people')`,
		`INSERT INTO fundings (id, pos, programme_id, funder_id, amount_pence) VALUES ('r1', 1, 'restart', 'dwp', 290000000000)`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()

	db := mustOpenAt(t, path, Options{})
	if v, err := userVersion(ctx, db.writer); err != nil || v != len(ms) {
		t.Fatalf("user_version = %d, %v; want %d", v, err, len(ms))
	}
	reg := mustLoad(t, db)
	if len(reg.Fundings) != 1 || *reg.Fundings[0].AmountPence != 290000000000 || reg.Fundings[0].Kind != "" ||
		!reg.Fundings[0].CheckedOn.IsZero() || reg.Agencies[0].OrgID != "" || !reg.Programmes[0].CheckedOn.IsZero() {
		t.Fatalf("register after the migration: %s", dump(reg))
	}

	// A v2 import sets the new values; a v1 import after it leaves them alone.
	importFiles(t, db, registercsv.File{Name: "fundings.csv", Data: []byte("id,kind,award_date,checked_on\nr1,contract,2021-06,2026-11-03\n")},
		registercsv.File{Name: "agencies.csv", Data: []byte("id,org_id\ndwp,GB-GOR-D10\n")},
		registercsv.File{Name: "programmes.csv", Data: []byte("id,checked_on\nrestart,2026-11-03\n")})
	importFiles(t, db, registercsv.File{Name: "fundings.csv", Data: []byte("id,programme_id,funder_id,amount_gbp,notes\nr1,restart,dwp,2900000000,national total\n")})
	reg = mustLoad(t, db)
	f := reg.Fundings[0]
	if f.Kind != "contract" || f.AwardDate != handlers.DateOf(2021, 6, 1) || f.CheckedOn != handlers.DateOf(2026, 11, 3) || f.Notes != "national total" ||
		reg.Agencies[0].OrgID != "GB-GOR-D10" || reg.Programmes[0].CheckedOn != handlers.DateOf(2026, 11, 3) {
		t.Errorf("register after a v2 then a v1 import: %s", dump(reg))
	}

	// Export writes v2, and what it writes imports into an empty database and
	// exports again to the same bytes.
	first := exportFiles(t, reg)
	other := mustOpen(t)
	importFiles(t, other, first...)
	for i, f := range exportFiles(t, mustLoad(t, other)) {
		if !bytes.Equal(f.Data, first[i].Data) {
			t.Errorf("%s differs after export → import → export:\n%s\n%s", f.Name, first[i].Data, f.Data)
		}
	}
	if !bytes.Contains(first[4].Data, []byte("r1,restart,dwp,,2900000000,,,,,,national total,contract,2021-06-01,2026-11-03\n")) {
		t.Errorf("fundings.csv:\n%s", first[4].Data)
	}
}

// importFiles plans files against the stored register and applies them.
func importFiles(t *testing.T, db *DB, files ...registercsv.File) {
	t.Helper()
	ctx := context.Background()
	reg, version, err := db.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	diff, problems := registercsv.Plan(reg, files, false)
	if len(problems) > 0 {
		t.Fatalf("Plan: %v", problems)
	}
	if err := db.ApplyImport(ctx, diff, "sam", version); err != nil {
		t.Fatal(err)
	}
}

func exportFiles(t *testing.T, reg *handlers.Register) []registercsv.File {
	t.Helper()
	var out []registercsv.File
	for _, kind := range handlers.RegisterKinds {
		var b bytes.Buffer
		if err := registercsv.Write(&b, kind, reg); err != nil {
			t.Fatal(err)
		}
		out = append(out, registercsv.File{Name: registercsv.FileName(kind), Data: b.Bytes()})
	}
	return out
}
