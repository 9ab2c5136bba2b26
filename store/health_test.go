package store_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"frontdoor/handlers"
	"frontdoor/store"
	"frontdoor/store/faultdriver"
)

// filesReadOnly makes the database, its -wal and its -shm read-only, the
// way a disk remounted read-only is to a running process: the immutable
// flag (chattr +i) where it can be set, which stops root too, else
// permission bits, which stop everyone but root. It returns the undo, or
// skips when neither would stop this user.
func filesReadOnly(t *testing.T, path string) func() {
	t.Helper()
	files := []string{path, path + "-wal", path + "-shm"}
	if err := exec.Command("chattr", append([]string{"+i"}, files...)...).Run(); err == nil {
		undo := func() { exec.Command("chattr", append([]string{"-i"}, files...)...).Run() }
		t.Cleanup(undo)
		return undo
	}
	if os.Geteuid() == 0 {
		t.Skip("root without the immutable flag: nothing makes a file read-only to root")
	}
	for _, f := range files {
		if err := os.Chmod(f, 0o444); err != nil {
			t.Fatal(err)
		}
	}
	undo := func() {
		for _, f := range files {
			os.Chmod(f, 0o644)
		}
	}
	t.Cleanup(undo)
	return undo
}

func openForHealth(t *testing.T, opts store.Options) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "frontdoor.db"), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Claim(context.Background(), "first", 0); err != nil { // makes the -wal and -shm
		t.Fatal(err)
	}
	return db
}

// A database whose files went read-only under the running store is not
// writable; once they are writable again, it is.
func TestCheckWritableReadOnlyFiles(t *testing.T) {
	ctx := context.Background()
	db := openForHealth(t, store.Options{})
	if err := db.CheckWritable(ctx); err != nil {
		t.Fatalf("a sound database: %v", err)
	}
	undo := filesReadOnly(t, db.Path())
	err := db.CheckWritable(ctx)
	if !errors.Is(err, handlers.ErrUnwritable) || !strings.Contains(err.Error(), "frontdoor.db is read-only") {
		t.Errorf("read-only files: %v; want ErrUnwritable saying the file is read-only", err)
	}
	undo()
	if err := db.CheckWritable(ctx); err != nil {
		t.Errorf("writable again: %v", err)
	}
}

// After the disk refused a write, the probe writes for real: unwritable
// while the disk still refuses, writable once it takes writes again.
func TestCheckWritableAfterDiskRefusedAWrite(t *testing.T) {
	ctx := context.Background()
	db := openForHealth(t, store.Options{DriverName: "sqlite3-faults"})
	defer faults.SetRule(nil)
	faults.SetRule(func(ev faultdriver.Event) faultdriver.Fault {
		if isWriter(ev) && ev.Op == faultdriver.OpCommit {
			return faultdriver.Fault{Err: faultdriver.DiskFull}
		}
		return faultdriver.Fault{}
	})
	if _, err := db.Claim(ctx, "refused", 0); !errors.Is(err, handlers.ErrUnwritable) {
		t.Fatalf("a write to a full disk: %v", err)
	}
	err := db.CheckWritable(ctx)
	if !errors.Is(err, handlers.ErrUnwritable) || !strings.Contains(err.Error(), "the disk refused the last write and refuses one now") {
		t.Errorf("while the disk is full: %v", err)
	}
	faults.SetRule(nil)
	if err := db.CheckWritable(ctx); err != nil {
		t.Errorf("once the disk takes writes: %v", err)
	}
	if err := db.CheckWritable(ctx); err != nil {
		t.Errorf("and again: %v", err)
	}
}

// Another process holding the write lock makes the probe busy, not unwritable.
func TestCheckWritableBusy(t *testing.T) {
	db := openForHealth(t, store.Options{BusyTimeout: 20 * time.Millisecond})
	raw, err := sql.Open("sqlite3", db.Path()+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	tx, err := raw.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := db.CheckWritable(context.Background()); !errors.Is(err, handlers.ErrBusy) || errors.Is(err, handlers.ErrUnwritable) {
		t.Errorf("while another process writes: %v; want ErrBusy", err)
	}
}

// A database opened read-only is never writable.
func TestCheckWritableOpenedReadOnly(t *testing.T) {
	db := openForHealth(t, store.Options{})
	ro, err := store.OpenReadOnly(context.Background(), db.Path(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if err := ro.CheckWritable(context.Background()); !errors.Is(err, handlers.ErrUnwritable) || !errors.Is(err, store.ErrReadOnly) {
		t.Errorf("opened read-only: %v", err)
	}
}
