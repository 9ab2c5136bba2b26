package store

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"frontdoor/handlers"
)

func TestImportAppendsAudit(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	if err := db.ApplyImport(ctx, allAdded(sampleRegister()), "U123", AnyVersion); err != nil {
		t.Fatal(err)
	}
	d := &handlers.RegisterDiff{Kinds: []string{handlers.KindProgrammes}, Replace: true}
	d.Programmes.Unchanged = 2
	d.Programmes.Deleted = []string{"future"}
	d.Fundings.Deleted = []string{"future-unknown"} // not in Kinds: written, not counted
	if err := db.ApplyImport(ctx, d, "sam", AnyVersion); err != nil {
		t.Fatal(err)
	}

	got, err := db.Audit(ctx, AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 31, 9, 15, 2, 123000000, time.UTC)
	want := []AuditEntry{
		{
			ID: 1, At: at, Actor: "U123", Kind: AuditImport, Subject: AuditSubjectRegister, Outcome: OutcomeOK,
			After: json.RawMessage(`{"agencies":{"added":2,"deleted":0,"unchanged":0,"updated":0},` +
				`"areas":{"added":4,"deleted":0,"unchanged":0,"updated":0},` +
				`"cohorts":{"added":3,"deleted":0,"unchanged":0,"updated":0},` +
				`"fundings":{"added":3,"deleted":0,"unchanged":0,"updated":0},` +
				`"programmes":{"added":3,"deleted":0,"unchanged":0,"updated":0}}`),
			Detail: strings.Join([]string{
				"areas: 4 added, 0 updated, 0 unchanged",
				"agencies: 2 added, 0 updated, 0 unchanged",
				"cohorts: 3 added, 0 updated, 0 unchanged",
				"programmes: 3 added, 0 updated, 0 unchanged",
				"fundings: 3 added, 0 updated, 0 unchanged",
			}, "\n"),
		},
		{
			ID: 2, At: at, Actor: "sam", Kind: AuditImport, Subject: AuditSubjectRegister, Outcome: OutcomeOK,
			After:  json.RawMessage(`{"programmes":{"added":0,"deleted":1,"unchanged":2,"updated":0}}`),
			Detail: "programmes: 0 added, 0 updated, 2 unchanged, 1 deleted",
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Audit =\n%+v\nwant\n%+v", got, want)
	}
	var raw string
	if err := db.reader.QueryRow(`SELECT at FROM audit WHERE id = 1`).Scan(&raw); err != nil || raw != "2026-03-31T09:15:02.123Z" {
		t.Errorf("stored at = %q, %v; want 2026-03-31T09:15:02.123Z", raw, err)
	}
	if v, err := db.RegisterVersion(ctx); err != nil || v != 2 {
		t.Errorf("RegisterVersion = %d, %v; want 2", v, err)
	}

	filtered, err := db.Audit(ctx, AuditFilter{Kind: "action.done"})
	if err != nil || filtered != nil {
		t.Errorf("Audit(kind action.done) = %v, %v; want none", filtered, err)
	}
	filtered, err = db.Audit(ctx, AuditFilter{Kind: AuditImport, Subject: AuditSubjectRegister})
	if err != nil || len(filtered) != 2 {
		t.Errorf("Audit(import, register) = %d rows, %v; want 2", len(filtered), err)
	}
}

// The audit is append-only whatever program opens the file.
func TestAuditRefusesChange(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	if err := db.ApplyImport(ctx, allAdded(sampleRegister()), "sam", AnyVersion); err != nil {
		t.Fatal(err)
	}
	before, err := db.Audit(ctx, AuditFilter{})
	if err != nil || len(before) != 1 {
		t.Fatalf("Audit = %v, %v", before, err)
	}
	raw := rawOpen(t, db.Path(), "_foreign_keys=off")
	tests := []struct{ name, sql string }{
		{"update", `UPDATE audit SET actor = 'mallory'`},
		{"update one column of one row", `UPDATE audit SET detail = '' WHERE id = 1`},
		{"delete", `DELETE FROM audit`},
		{"delete one row", `DELETE FROM audit WHERE id = 1`},
		{"upsert", `INSERT INTO audit (id, at, actor, kind, subject, outcome) VALUES (1, 'x', 'mallory', 'import', 'register', 'ok') ON CONFLICT (id) DO UPDATE SET actor = 'mallory'`},
		// REPLACE deletes the old row without firing delete triggers.
		{"replace", `REPLACE INTO audit (id, at, actor, kind, subject, outcome) VALUES (1, 'x', 'mallory', 'import', 'register', 'ok')`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, exec := range []struct {
				who string
				run func() error
			}{
				{"writer", func() error { _, err := db.writer.ExecContext(ctx, tt.sql); return err }},
				{"another connection", func() error { _, err := raw.ExecContext(ctx, tt.sql); return err }},
			} {
				err := exec.run()
				if err == nil || !strings.Contains(err.Error(), "audit is append-only") {
					t.Errorf("%s: %s = %v; want audit is append-only", exec.who, tt.sql, err)
				}
			}
		})
	}
	after, err := db.Audit(ctx, AuditFilter{})
	if err != nil || !reflect.DeepEqual(after, before) {
		t.Errorf("audit changed: %+v, %v", after, err)
	}
}
