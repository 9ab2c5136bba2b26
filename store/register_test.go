package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"frontdoor/handlers"
)

func ptr[T any](v T) *T { return &v }

func date(s string) handlers.Date {
	d, err := handlers.ParseISODate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// sampleRegister is a small register using every column, with ids out of
// alphabetical order, children listed before their parents, lists out of
// sorted order, and each optional value both set and unset. Empty lists
// are nil and unset numbers nil pointers, the store's convention.
func sampleRegister() *handlers.Register {
	return &handlers.Register{
		Areas: []handlers.Area{
			{ID: "E08000012", Name: "Liverpool", Kind: handlers.AreaLocalAuthority, ParentID: "E47000004"},
			{ID: "E47000004", Name: "Liverpool City Region", Kind: handlers.AreaStrategicAuthority, ParentID: "E92000001", Aliases: []string{"LCR", "Liverpool City Region CA"}},
			{ID: "E92000001", Name: "England", Kind: handlers.AreaCountry},
			{ID: "E08000011", Name: "Knowsley", Kind: handlers.AreaLocalAuthority, ParentID: "E47000004", Aliases: []string{" spaced alias "}},
		},
		Agencies: []handlers.Agency{
			{ID: "lcrca", Name: "Liverpool City Region Combined Authority", Kind: "strategic_authority", AreaID: "E47000004", Aliases: []string{"LCRCA"}, OrgID: "360G-frontdoor-lcrca"},
			{ID: "dwp", Name: "Department for Work and Pensions", Kind: "dwp", Aliases: []string{"DWP", "Jobcentre Plus", "JCP"}},
		},
		Cohorts: []handlers.Cohort{
			{ID: "care-leavers", Name: "Care leavers", ParentID: "young-people", Description: "Young people who were in care"},
			{ID: "young-people", Name: "Young people", Aliases: []string{"NEET", "16-24"}, Kind: handlers.CohortResidents},
			{ID: "employers-sme", Name: "Small employers", Kind: handlers.CohortEmployers},
		},
		Programmes: []handlers.Programme{
			{
				ID: "ctw", Name: "Connect to Work", LeadAgencyID: "lcrca",
				Start: date("2025-04-01"), End: date("2030-03-31"),
				AreaIDs: []string{"E47000004", "E08000012"}, CohortIDs: []string{"young-people", "care-leavers"},
				Capacity: ptr(int64(2400)), Status: handlers.StatusLive, Contact: "ctw@example.org",
				URL: "https://example.org/ctw", Description: "Supported employment", Aliases: []string{"CtW"},
				CheckedOn: date("2026-11-03"),
			},
			{
				ID: "restart", Name: "Restart", LeadAgencyID: "dwp",
				AreaIDs: []string{"E92000001"}, CohortIDs: []string{"young-people"},
				Capacity: ptr(int64(0)),
			},
			{
				ID: "future", Name: "Future scheme", LeadAgencyID: "dwp", Start: date("2027-01-01"),
				AreaIDs: []string{"E08000011"}, CohortIDs: []string{"employers-sme"}, Status: handlers.StatusPlanned,
			},
		},
		Fundings: []handlers.Funding{
			{
				ID: "ctw-lcr", ProgrammeID: "ctw", FunderID: "dwp", RecipientID: "lcrca",
				AmountPence: ptr(int64(1234567890)), Start: date("2025-04-01"), End: date("2030-03-31"),
				AreaIDs: []string{"E08000012", "E47000004"}, RingFenced: ptr(true),
				SourceURL: "https://example.org/src", Notes: "up to; over 5 years",
				Kind: handlers.FundingGrant, AwardDate: date("2025-02-14"), CheckedOn: date("2026-11-03"),
			},
			{ID: "restart-total", ProgrammeID: "restart", FunderID: "dwp", AmountPence: ptr(int64(0)), RingFenced: ptr(false), Kind: handlers.FundingContract},
			{ID: "future-unknown", ProgrammeID: "future", FunderID: "lcrca", End: date("2028-03-31")},
		},
	}
}

// allAdded returns an import that adds every row of r.
func allAdded(r *handlers.Register) *handlers.RegisterDiff {
	d := &handlers.RegisterDiff{Kinds: handlers.RegisterKinds}
	d.Areas.Added = r.Areas
	d.Agencies.Added = r.Agencies
	d.Cohorts.Added = r.Cohorts
	d.Programmes.Added = r.Programmes
	d.Fundings.Added = r.Fundings
	return d
}

func mustLoad(t *testing.T, db *DB) *handlers.Register {
	t.Helper()
	r, err := db.LoadRegister(context.Background())
	if err != nil {
		t.Fatalf("LoadRegister: %v", err)
	}
	return r
}

func assertRegister(t *testing.T, db *DB, want *handlers.Register) {
	t.Helper()
	got := mustLoad(t, db)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("LoadRegister differs:\n got %s\nwant %s", dump(got), dump(want))
	}
}

// dump prints a register with pointers followed, so a difference is readable.
func dump(r *handlers.Register) string {
	var b strings.Builder
	for _, a := range r.Areas {
		fmt.Fprintf(&b, "\n  area %#v", a)
	}
	for _, a := range r.Agencies {
		fmt.Fprintf(&b, "\n  agency %#v", a)
	}
	for _, c := range r.Cohorts {
		fmt.Fprintf(&b, "\n  cohort %#v", c)
	}
	for _, p := range r.Programmes {
		fmt.Fprintf(&b, "\n  programme %#v capacity=%v", p, deref(p.Capacity))
	}
	for _, f := range r.Fundings {
		fmt.Fprintf(&b, "\n  funding %#v amount=%v ring=%v", f, deref(f.AmountPence), deref(f.RingFenced))
	}
	return b.String()
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestEmptyRegister(t *testing.T) {
	db := mustOpen(t)
	assertRegister(t, db, &handlers.Register{})
	if v, err := db.RegisterVersion(context.Background()); err != nil || v != 0 {
		t.Errorf("RegisterVersion = %d, %v; want 0", v, err)
	}
}

func TestImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	if err := db.ApplyImport(ctx, allAdded(sampleRegister()), "sam", AnyVersion); err != nil {
		t.Fatal(err)
	}
	assertRegister(t, db, sampleRegister())
	if v, err := db.RegisterVersion(ctx); err != nil || v != 1 {
		t.Errorf("RegisterVersion = %d, %v; want 1", v, err)
	}
}

// Values that look alike but differ must stay apart after a round trip.
func TestNilAndEmptyConventions(t *testing.T) {
	r := sampleRegister()
	if r.Programmes[1].Status != "" || r.Programmes[0].Status != handlers.StatusLive {
		t.Fatal("sample register should hold both an empty and an explicit live status")
	}
	if r.Cohorts[0].Kind != "" || r.Cohorts[1].Kind != handlers.CohortResidents {
		t.Fatal("sample register should hold both an empty and an explicit residents kind")
	}
	if r.Programmes[2].Capacity != nil || *r.Programmes[1].Capacity != 0 {
		t.Fatal("sample register should hold both a nil and a zero capacity")
	}
	if r.Fundings[2].RingFenced != nil || *r.Fundings[1].RingFenced {
		t.Fatal("sample register should hold both an unset and a false ring_fenced")
	}
	got := func() *handlers.Register {
		db := mustOpen(t)
		if err := db.ApplyImport(context.Background(), allAdded(r), "sam", AnyVersion); err != nil {
			t.Fatal(err)
		}
		return mustLoad(t, db)
	}()
	if got.Areas[2].Aliases != nil || got.Fundings[1].AreaIDs != nil || got.Agencies[1].AreaID != "" {
		t.Errorf("empty lists must load as nil and empty references as \"\": %s", dump(got))
	}
	// Pointers are per row: changing one loaded value must not change another.
	*got.Programmes[1].Capacity = 7
	if got.Programmes[0].Capacity == got.Programmes[1].Capacity || *got.Programmes[0].Capacity != 2400 {
		t.Error("loaded rows share a pointer")
	}
}

func TestUpdateKeepsPosition(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	if err := db.ApplyImport(ctx, allAdded(sampleRegister()), "sam", AnyVersion); err != nil {
		t.Fatal(err)
	}

	want := sampleRegister()
	d := &handlers.RegisterDiff{Kinds: handlers.RegisterKinds}
	// Update the first row of each kind, so a changed position would show.
	want.Areas[0].Name, want.Areas[0].Aliases, want.Areas[0].ParentID = "City of Liverpool", []string{"Liverpool"}, ""
	d.Areas.Updated = []handlers.Area{want.Areas[0]}
	want.Agencies[0].AreaID, want.Agencies[0].OrgID = "", "GB-LAE-LIV"
	d.Agencies.Updated = []handlers.Agency{want.Agencies[0]}
	want.Cohorts[0].Description, want.Cohorts[0].Kind = "", handlers.CohortEmployers
	d.Cohorts.Updated = []handlers.Cohort{want.Cohorts[0]}
	p := &want.Programmes[0]
	p.AreaIDs, p.CohortIDs, p.Capacity, p.Start, p.Status = []string{"E08000011", "E08000012", "E92000001"}, []string{"care-leavers"}, nil, handlers.NoDate, ""
	p.CheckedOn = handlers.NoDate
	d.Programmes.Updated = []handlers.Programme{*p}
	f := &want.Fundings[0]
	f.AreaIDs, f.AmountPence, f.RingFenced, f.RecipientID = nil, nil, nil, ""
	f.Kind, f.AwardDate, f.CheckedOn = handlers.FundingMatch, handlers.NoDate, date("2026-12-01")
	d.Fundings.Updated = []handlers.Funding{*f}
	// A row added after the update comes last.
	added := handlers.Area{ID: "E06000001", Name: "Hartlepool", Kind: handlers.AreaLocalAuthority}
	d.Areas.Added = []handlers.Area{added}
	want.Areas = append(want.Areas, added)

	if err := db.ApplyImport(ctx, d, "sam", AnyVersion); err != nil {
		t.Fatal(err)
	}
	assertRegister(t, db, want)
}

func TestDeleteRemovesJoinRowsAndAddsAtEnd(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	if err := db.ApplyImport(ctx, allAdded(sampleRegister()), "sam", AnyVersion); err != nil {
		t.Fatal(err)
	}
	d := &handlers.RegisterDiff{Kinds: handlers.RegisterKinds, Replace: true}
	d.Programmes.Deleted = []string{"ctw"}
	d.Fundings.Deleted = []string{"ctw-lcr"}
	// A deleted id may come back in the same import: it goes to the end.
	d.Fundings.Added = []handlers.Funding{{ID: "ctw-lcr", ProgrammeID: "restart", FunderID: "lcrca", AreaIDs: []string{"E08000011"}}}
	if err := db.ApplyImport(ctx, d, "sam", AnyVersion); err != nil {
		t.Fatal(err)
	}

	for _, q := range []string{
		`SELECT count(*) FROM programme_areas WHERE programme_id = 'ctw'`,
		`SELECT count(*) FROM programme_cohorts WHERE programme_id = 'ctw'`,
		`SELECT count(*) FROM funding_areas WHERE funding_id = 'ctw-lcr' AND area_id <> 'E08000011'`,
	} {
		var n int
		if err := db.reader.QueryRow(q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s = %d; want 0", q, n)
		}
	}
	want := sampleRegister()
	want.Programmes = want.Programmes[1:]
	want.Fundings = append(want.Fundings[1:], d.Fundings.Added[0])
	assertRegister(t, db, want)
}

// A bad import is refused and leaves the register, its version and the
// audit exactly as they were.
func TestBadImportChangesNothing(t *testing.T) {
	tests := []struct {
		name    string
		diff    func(d *handlers.RegisterDiff)
		want    string
		wantErr error
	}{
		{"programme with unknown lead agency", func(d *handlers.RegisterDiff) {
			d.Areas.Added = []handlers.Area{{ID: "E06000001", Name: "Hartlepool", Kind: "local_authority"}}
			d.Programmes.Added = []handlers.Programme{{ID: "p", Name: "P", LeadAgencyID: "nope", AreaIDs: []string{"E06000001"}, CohortIDs: []string{"young-people"}}}
		}, "FOREIGN KEY constraint failed", nil},
		{"programme naming an unknown area", func(d *handlers.RegisterDiff) {
			d.Programmes.Added = []handlers.Programme{{ID: "p", Name: "P", LeadAgencyID: "dwp", AreaIDs: []string{"E92000001", "E99"}}}
		}, "FOREIGN KEY constraint failed", nil},
		{"funding for an unknown programme", func(d *handlers.RegisterDiff) {
			d.Fundings.Added = []handlers.Funding{{ID: "f", ProgrammeID: "nope", FunderID: "dwp"}}
		}, "FOREIGN KEY constraint failed", nil},
		{"area whose parent is unknown", func(d *handlers.RegisterDiff) {
			d.Areas.Updated = []handlers.Area{{ID: "E92000001", Name: "England", Kind: "country", ParentID: "UK"}}
		}, "FOREIGN KEY constraint failed", nil},
		{"deleting an area still in use", func(d *handlers.RegisterDiff) {
			d.Areas.Deleted = []string{"E08000011"}
		}, "FOREIGN KEY constraint failed", nil},
		{"deleting a programme that still has fundings", func(d *handlers.RegisterDiff) {
			d.Programmes.Deleted = []string{"restart"}
		}, "FOREIGN KEY constraint failed", nil},
		{"adding an id that exists", func(d *handlers.RegisterDiff) {
			d.Areas.Added = []handlers.Area{{ID: "E06000001", Name: "Hartlepool", Kind: "local_authority"}}
			d.Cohorts.Added = []handlers.Cohort{{ID: "care-leavers", Name: "Care leavers again"}}
		}, `add cohort "care-leavers": it already exists`, handlers.ErrConflict},
		{"updating an id that does not exist", func(d *handlers.RegisterDiff) {
			d.Agencies.Updated = []handlers.Agency{{ID: "ghost", Name: "Ghost", Kind: "other"}}
		}, `update agency "ghost": not found`, handlers.ErrNotFound},
		{"deleting an id that does not exist", func(d *handlers.RegisterDiff) {
			d.Fundings.Deleted = []string{"ghost"}
		}, `delete funding "ghost": not found`, handlers.ErrNotFound},
		{"alias holding the list separator", func(d *handlers.RegisterDiff) {
			d.Agencies.Added = []handlers.Agency{{ID: "x", Name: "X", Kind: "other", Aliases: []string{"a;b"}}}
		}, `alias "a;b" cannot be stored`, nil},
		{"same area twice in a list", func(d *handlers.RegisterDiff) {
			d.Programmes.Added = []handlers.Programme{{ID: "p", Name: "P", LeadAgencyID: "dwp", AreaIDs: []string{"E92000001", "E92000001"}}}
		}, "UNIQUE constraint failed", nil},
		{"end before start", func(d *handlers.RegisterDiff) {
			d.Fundings.Added = []handlers.Funding{{ID: "f", ProgrammeID: "ctw", FunderID: "dwp", Start: date("2026-01-02"), End: date("2026-01-01")}}
		}, "CHECK constraint failed", nil},
		{"negative amount", func(d *handlers.RegisterDiff) {
			d.Fundings.Added = []handlers.Funding{{ID: "f", ProgrammeID: "ctw", FunderID: "dwp", AmountPence: ptr(int64(-1))}}
		}, "CHECK constraint failed", nil},
		{"a funding kind outside the format", func(d *handlers.RegisterDiff) {
			d.Fundings.Updated = []handlers.Funding{{ID: "restart-total", ProgrammeID: "restart", FunderID: "dwp", Kind: "donation"}}
		}, "CHECK constraint failed", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db := mustOpen(t)
			if err := db.ApplyImport(ctx, allAdded(sampleRegister()), "sam", AnyVersion); err != nil {
				t.Fatal(err)
			}
			before := mustLoad(t, db)
			auditBefore, err := db.Audit(ctx, AuditFilter{})
			if err != nil {
				t.Fatal(err)
			}

			d := &handlers.RegisterDiff{Kinds: handlers.RegisterKinds}
			tt.diff(d)
			err = db.ApplyImport(ctx, d, "sam", AnyVersion)
			if err == nil {
				t.Fatal("ApplyImport succeeded")
			}
			if !strings.HasPrefix(err.Error(), "store: import: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q; want store: import: ... %q", err, tt.want)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("error %q is not %v", err, tt.wantErr)
			}
			if errors.Is(err, handlers.ErrBusy) {
				t.Errorf("error %q claims the database was busy", err)
			}

			if after := mustLoad(t, db); !reflect.DeepEqual(after, before) {
				t.Errorf("register changed:\n got %s\nwant %s", dump(after), dump(before))
			}
			if v, err := db.RegisterVersion(ctx); err != nil || v != 1 {
				t.Errorf("RegisterVersion = %d, %v; want 1", v, err)
			}
			if auditAfter, err := db.Audit(ctx, AuditFilter{}); err != nil || !reflect.DeepEqual(auditAfter, auditBefore) {
				t.Errorf("audit changed: %v, %v", auditAfter, err)
			}
			// The writer is usable again: nothing was left open.
			ok := &handlers.RegisterDiff{Kinds: []string{handlers.KindAreas}}
			ok.Areas.Added = []handlers.Area{{ID: "E06000002", Name: "Middlesbrough", Kind: "local_authority"}}
			if err := db.ApplyImport(ctx, ok, "sam", AnyVersion); err != nil {
				t.Errorf("next import: %v", err)
			}
		})
	}
}

func TestImportNeedsActor(t *testing.T) {
	db := mustOpen(t)
	if err := db.ApplyImport(context.Background(), allAdded(sampleRegister()), "", AnyVersion); err == nil {
		t.Fatal("import without an actor succeeded")
	}
	assertRegister(t, db, &handlers.Register{})
}

func TestLoadRegisterSeesOneSnapshot(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	if err := db.ApplyImport(ctx, allAdded(sampleRegister()), "sam", AnyVersion); err != nil {
		t.Fatal(err)
	}
	// A read transaction begun before a write keeps seeing the old data.
	err := db.read(ctx, "test", func(tx *sql.Tx) error {
		before, err := loadAreas(ctx, tx)
		if err != nil {
			return err
		}
		d := &handlers.RegisterDiff{Kinds: []string{handlers.KindAreas}}
		d.Areas.Added = []handlers.Area{{ID: "E06000001", Name: "Hartlepool", Kind: "local_authority"}}
		if err := db.ApplyImport(ctx, d, "sam", AnyVersion); err != nil {
			return err
		}
		after, err := loadAreas(ctx, tx)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(after, before) {
			t.Errorf("a read transaction saw a later write")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := mustLoad(t, db); len(got.Areas) != 5 {
		t.Errorf("%d areas after the import; want 5", len(got.Areas))
	}
}

func TestScanDate(t *testing.T) {
	tests := []struct {
		in    sql.NullString
		want  handlers.Date
		valid bool
	}{
		{sql.NullString{}, handlers.NoDate, true},
		{sql.NullString{String: "2026-03-31", Valid: true}, handlers.DateOf(2026, 3, 31), true},
		{sql.NullString{String: "2024-02-29", Valid: true}, handlers.DateOf(2024, 2, 29), true},
		{sql.NullString{String: "2025-02-29", Valid: true}, handlers.NoDate, false},
		{sql.NullString{String: "2025-13-01", Valid: true}, handlers.NoDate, false},
		{sql.NullString{String: "2025-1-01", Valid: true}, handlers.NoDate, false},
		{sql.NullString{String: "2025-01-0x", Valid: true}, handlers.NoDate, false},
		{sql.NullString{String: "", Valid: true}, handlers.NoDate, false},
	}
	for _, tt := range tests {
		got, err := scanDate(tt.in)
		if got != tt.want || (err == nil) != tt.valid {
			t.Errorf("scanDate(%+v) = %v, %v; want %v, ok=%v", tt.in, got, err, tt.want, tt.valid)
		}
	}
}
