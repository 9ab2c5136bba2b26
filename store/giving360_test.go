package store

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"frontdoor/handlers"
	"frontdoor/handlers/giving360"
)

// lcrGrants are two grants of a funder's file that match sampleRegister.
func lcrGrants() []giving360.Grant {
	return []giving360.Grant{
		{ID: "360G-lcr-1", Title: "Connect to Work in Liverpool", Description: "Year one", Currency: "GBP", AmountAwarded: "500000",
			AwardDate: "2025-06-01", FundingOrganization: []giving360.Organization{{Name: "DWP"}},
			RecipientOrganization: []giving360.Organization{{Name: "LCRCA"}},
			BeneficiaryLocation:   []giving360.Location{{GeoCode: "E08000012"}},
			GrantProgramme:        []giving360.GrantProgramme{{Code: "ctw"}}, At: giving360.Source{File: "lcr.json", Line: 3}},
		{ID: "360G-lcr-2", Title: "Restart", Description: "Restart", Currency: "GBP", AmountAwarded: "1000",
			AwardDate: "2025-06-02", FundingOrganization: []giving360.Organization{{Name: "Jobcentre Plus"}},
			RecipientOrganization: []giving360.Organization{{Name: "Department for Work and Pensions"}},
			GrantProgramme:        []giving360.GrantProgramme{{Title: "restart"}}, At: giving360.Source{File: "lcr.json", Line: 20}},
	}
}

func planGrants(t *testing.T, reg *handlers.Register) *giving360.Result {
	t.Helper()
	res, err := giving360.Plan(reg, lcrGrants(), giving360.DefaultPrefix)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Skipped) > 0 {
		t.Fatalf("skipped: %v", res.Skipped)
	}
	return res
}

// sampleWithGrantsPlanned is a store holding sampleRegister, its version,
// and lcrGrants planned against it.
func sampleWithGrantsPlanned(t *testing.T) (*DB, int64, *giving360.Result) {
	t.Helper()
	db := mustOpen(t)
	if err := db.ApplyImport(context.Background(), allAdded(sampleRegister()), "setup", AnyVersion); err != nil {
		t.Fatal(err)
	}
	reg, version, err := db.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return db, version, planGrants(t, reg)
}

func TestGrantImportIsOneImport(t *testing.T) {
	ctx := context.Background()
	db, version, res := sampleWithGrantsPlanned(t)
	if err := db.ApplyImport(ctx, res.Diff, "kim", version); err != nil {
		t.Fatal(err)
	}

	after, v2, err := db.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v2 != version+1 {
		t.Errorf("version %d → %d, want one bump", version, v2)
	}
	got := after.Fundings[len(after.Fundings)-2:]
	if got[0].ID != "360G-lcr-1" || got[0].ProgrammeID != "ctw" || got[0].FunderID != "dwp" || got[0].RecipientID != "" ||
		*got[0].AmountPence != 50_000_000 || !reflect.DeepEqual(got[0].AreaIDs, []string{"E08000012"}) || got[0].Notes != "Year one" {
		t.Errorf("first grant stored as %+v", got[0])
	}
	if got[1].ID != "360G-lcr-2" || got[1].ProgrammeID != "restart" || got[1].RecipientID != "" || got[1].Notes != "" {
		t.Errorf("second grant stored as %+v", got[1])
	}
	audit, err := db.Audit(ctx, AuditFilter{Kind: AuditImport})
	if err != nil {
		t.Fatal(err)
	}
	last := audit[len(audit)-1]
	if len(audit) != 2 || last.Actor != "kim" || last.Detail != "fundings: 2 added, 0 updated, 0 unchanged" ||
		!strings.Contains(string(last.After), `"fundings":{"added":2,"deleted":0,"unchanged":0,"updated":0}`) {
		t.Errorf("audit rows %d, the last %+v (after %s)", len(audit), last, last.After)
	}

}

func TestGrantImportTwiceChangesNothing(t *testing.T) {
	ctx := context.Background()
	db, version, res := sampleWithGrantsPlanned(t)
	if err := db.ApplyImport(ctx, res.Diff, "kim", version); err != nil {
		t.Fatal(err)
	}
	after := mustLoad(t, db)
	f := after.Fundings[len(after.Fundings)-2]
	if f.Kind != handlers.FundingGrant {
		t.Skip("the store does not keep a funding's kind and award date yet (register format v2); this test runs once it does")
	}
	if f.AwardDate.String() != "2025-06-01" {
		t.Errorf("award date %s", f.AwardDate)
	}
	if again := planGrants(t, after); !again.Diff.Empty() || again.Diff.Fundings.Unchanged != 2 {
		t.Errorf("the same grants again: %v", again.Diff.Summary())
	}
}

func TestGrantImportPlannedOnAnOlderRegisterIsRefused(t *testing.T) {
	ctx := context.Background()
	db, version, res := sampleWithGrantsPlanned(t)
	// Another import lands between the plan and its apply.
	other := &handlers.RegisterDiff{Kinds: []string{handlers.KindCohorts}}
	other.Cohorts.Added = []handlers.Cohort{{ID: "carers", Name: "Unpaid carers"}}
	if err := db.ApplyImport(ctx, other, "sam", AnyVersion); err != nil {
		t.Fatal(err)
	}
	before := mustLoad(t, db)
	err := db.ApplyImport(ctx, res.Diff, "kim", version)
	if !errors.Is(err, handlers.ErrConflict) || !strings.Contains(err.Error(), "run the import again") {
		t.Fatalf("err %v, want a conflict", err)
	}
	assertRegister(t, db, before)
}
