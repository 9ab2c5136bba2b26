package store

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"frontdoor/handlers"
)

func TestBackup(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	if err := db.ApplyImport(ctx, allAdded(sampleRegister()), "sam", AnyVersion); err != nil {
		t.Fatal(err)
	}
	wantAudit, err := db.Audit(ctx, AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}

	path := filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	// Later writes do not reach the backup.
	d := &handlers.RegisterDiff{Kinds: []string{handlers.KindAreas}}
	d.Areas.Added = []handlers.Area{{ID: "E06000001", Name: "Hartlepool", Kind: "local_authority"}}
	if err := db.ApplyImport(ctx, d, "sam", AnyVersion); err != nil {
		t.Fatal(err)
	}

	err = db.Backup(ctx, path)
	if !errors.Is(err, handlers.ErrConflict) || !strings.Contains(err.Error(), path) {
		t.Errorf("Backup over an existing file = %v; want ErrConflict naming %s", err, path)
	}

	restored := mustOpenAt(t, path, Options{})
	assertRegister(t, restored, sampleRegister())
	if v, err := restored.RegisterVersion(ctx); err != nil || v != 1 {
		t.Errorf("backup RegisterVersion = %d, %v; want 1", v, err)
	}
	if got, err := restored.Audit(ctx, AuditFilter{}); err != nil || !reflect.DeepEqual(got, wantAudit) {
		t.Errorf("backup audit = %+v, %v; want %+v", got, err, wantAudit)
	}
	if problems, err := restored.Check(ctx); err != nil || problems != nil {
		t.Errorf("Check on the backup = %q, %v", problems, err)
	}
}

func TestBackupMissingFolder(t *testing.T) {
	db := mustOpen(t)
	path := filepath.Join(t.TempDir(), "nowhere", "backup.db")
	err := db.Backup(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("Backup into a missing folder = %v", err)
	}
}
