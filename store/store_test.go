package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"frontdoor/handlers"
)

// fixedNow stamps audit rows in tests; its sub-millisecond part is dropped on storage.
var fixedNow = time.Date(2026, 3, 31, 9, 15, 2, 123456789, time.UTC)

// mustOpen opens a fresh database file under t.TempDir().
func mustOpen(t *testing.T) *DB {
	t.Helper()
	return mustOpenAt(t, filepath.Join(t.TempDir(), "frontdoor.db"), Options{})
}

// mustOpenAt opens the database at path, stamping audit rows with fixedNow
// unless opts says otherwise, and closes it when the test ends.
func mustOpenAt(t *testing.T, path string, opts Options) *DB {
	t.Helper()
	if opts.Clock == nil {
		opts.Clock = handlers.ClockFunc(func() time.Time { return fixedNow })
	}
	db, err := Open(context.Background(), path, opts)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db
}

// rawOpen opens the file behind the store's back, as another process would.
func rawOpen(t *testing.T, path, options string) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite3", path+"?"+options)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

func TestOpenMigratesAndReopens(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "frontdoor.db")
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}

	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if v, err := userVersion(ctx, db.writer); err != nil || v != len(ms) {
		t.Fatalf("user_version = %d, %v; want %d", v, err, len(ms))
	}
	if err := db.ApplyImport(ctx, allAdded(sampleRegister()), "test", AnyVersion); err != nil {
		t.Fatal(err)
	}
	want := schemaSQL(t, db.reader)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	for i := range 2 {
		db, err := Open(ctx, path, Options{})
		if err != nil {
			t.Fatalf("reopen %d: %v", i, err)
		}
		if v, err := userVersion(ctx, db.writer); err != nil || v != len(ms) {
			t.Errorf("reopen %d: user_version = %d, %v; want %d", i, v, err, len(ms))
		}
		if got := schemaSQL(t, db.reader); got != want {
			t.Errorf("reopen %d: schema changed:\n%s\nwant:\n%s", i, got, want)
		}
		if v, err := db.RegisterVersion(ctx); err != nil || v != 1 {
			t.Errorf("reopen %d: RegisterVersion = %d, %v; want 1", i, v, err)
		}
		assertRegister(t, db, sampleRegister())
		db.Close()
	}
}

func schemaSQL(t *testing.T, q *sql.DB) string {
	t.Helper()
	rows, err := q.Query(`SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		b.WriteString(s + ";\n")
	}
	return b.String()
}

func TestMigrationsNumbered(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || ms[0].name != "0001_register.sql" {
		t.Fatalf("migrations = %v; want 0001_register.sql first", ms)
	}
	for i, m := range ms {
		if m.version != i+1 || strings.TrimSpace(m.sql) == "" {
			t.Errorf("migration %d: %s version %d", i, m.name, m.version)
		}
	}
}

func TestOpenRefuses(t *testing.T) {
	dir := t.TempDir()
	// A link to a missing folder fails the way a read-only folder does, even for root.
	dangling := filepath.Join(dir, "link.db")
	if err := os.Symlink(filepath.Join(dir, "missing", "x.db"), dangling); err != nil {
		t.Fatal(err)
	}
	notDB := filepath.Join(dir, "notes.db")
	if err := os.WriteFile(notDB, []byte(strings.Repeat("not a database\n", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, want string
	}{
		{"memory", ":memory:", "in-memory database"},
		{"memory uri", "file::memory:?cache=shared", "in-memory database"},
		{"empty", "", "no database path"},
		{"question mark", filepath.Join(dir, "a?b.db"), "must not contain '?'"},
		{"missing folder", filepath.Join(dir, "nowhere", "frontdoor.db"), "folder " + filepath.Join(dir, "nowhere") + " does not exist"},
		{"folder", dir, "is a folder"},
		{"cannot create", dangling, dangling + ": cannot create or open the file (is the folder writable?)"},
		{"not a database", notDB, notDB + ": file is not a database"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := Open(context.Background(), tt.path, Options{})
			if err == nil {
				db.Close()
				t.Fatalf("Open(%q) succeeded", tt.path)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "store: open") {
				t.Errorf("Open(%q) = %q; want it to start store: open and mention %q", tt.path, err, tt.want)
			}
		})
	}
}

func TestOpenReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores folder permissions")
	}
	dir := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	path := filepath.Join(dir, "frontdoor.db")
	db, err := Open(context.Background(), path, Options{})
	if err == nil {
		db.Close()
		t.Fatal("Open in a read-only folder succeeded")
	}
	if !strings.Contains(err.Error(), path+": cannot create or open the file (is the folder writable?)") {
		t.Errorf("error %q does not name %s and say why", err, path)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "frontdoor.db")
	db := mustOpenAt(t, path, Options{})
	db.Close()
	if _, err := rawOpen(t, path, "").Exec(`PRAGMA user_version = 99`); err != nil {
		t.Fatal(err)
	}
	db, err := Open(context.Background(), path, Options{})
	if err == nil {
		db.Close()
		t.Fatal("Open of a newer schema succeeded")
	}
	if !errors.Is(err, ErrNewerSchema) || !strings.Contains(err.Error(), "version 99") || !strings.Contains(err.Error(), path) {
		t.Errorf("Open = %q; want ErrNewerSchema naming version 99 and the path", err)
	}
}

// Every pooled connection, reader or writer, must carry the DSN's settings.
func TestPragmasOnEveryConnection(t *testing.T) {
	ctx := context.Background()
	db := mustOpenAt(t, filepath.Join(t.TempDir(), "frontdoor.db"), Options{BusyTimeout: 1234 * time.Millisecond, MaxReaders: 3})

	var conns []*sql.Conn
	// Holding each connection forces the pool to open a new one for the next.
	for i := range 3 {
		c, err := db.reader.Conn(ctx)
		if err != nil {
			t.Fatalf("reader %d: %v", i, err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	w, err := db.writer.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	conns = append(conns, w)

	want := map[string]string{
		"foreign_keys": "1",
		"journal_mode": "wal",
		"synchronous":  "2", // FULL
		"busy_timeout": "1234",
	}
	for i, c := range conns {
		for pragma, v := range want {
			var got string
			if err := c.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
				t.Fatalf("connection %d: PRAGMA %s: %v", i, pragma, err)
			}
			if got != v {
				t.Errorf("connection %d: PRAGMA %s = %s; want %s", i, pragma, got, v)
			}
		}
	}
}

// The writer's BEGIN must take the write lock at once; a reader's must not.
func TestWriterBeginsImmediate(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "frontdoor.db")
	db := mustOpenAt(t, path, Options{})
	other, err := rawOpen(t, path, "_busy_timeout=1").Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()

	rtx, err := db.reader.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := rtx.QueryRowContext(ctx, `SELECT count(*) FROM areas`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if _, err := other.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatalf("a read transaction blocked a writer: %v", err)
	}
	other.ExecContext(ctx, "ROLLBACK")
	rtx.Rollback()

	wtx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer wtx.Rollback()
	if _, err := other.ExecContext(ctx, "BEGIN IMMEDIATE"); err == nil {
		other.ExecContext(ctx, "ROLLBACK")
		t.Fatal("the writer's transaction did not hold the write lock")
	}
}

func TestBusyIsErrBusy(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "frontdoor.db")
	db := mustOpenAt(t, path, Options{BusyTimeout: 50 * time.Millisecond})
	if err := db.ApplyImport(ctx, allAdded(sampleRegister()), "test", AnyVersion); err != nil {
		t.Fatal(err)
	}

	other, err := rawOpen(t, path, "_busy_timeout=1").Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}

	diff := &handlers.RegisterDiff{Kinds: []string{handlers.KindAreas}}
	diff.Areas.Added = []handlers.Area{{ID: "E06000001", Name: "Hartlepool", Kind: handlers.AreaLocalAuthority}}
	err = db.ApplyImport(ctx, diff, "test", AnyVersion)
	if !errors.Is(err, handlers.ErrBusy) {
		t.Fatalf("ApplyImport while locked = %v; want handlers.ErrBusy", err)
	}
	if !strings.HasPrefix(err.Error(), "store: ") || !strings.Contains(err.Error(), "database is locked") {
		t.Errorf("error %q: want a store: prefix and SQLite's message", err)
	}
	// WAL: readers carry on while another process holds the write lock.
	assertRegister(t, db, sampleRegister())

	if _, err := other.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	if err := db.ApplyImport(ctx, diff, "test", AnyVersion); err != nil {
		t.Fatalf("ApplyImport after the lock was released: %v", err)
	}
}

func TestWrapKeepsSentinels(t *testing.T) {
	err := wrap("thing", handlers.ErrNotFound)
	if !errors.Is(err, handlers.ErrNotFound) || errors.Is(err, handlers.ErrBusy) || err.Error() != "store: thing: not found" {
		t.Errorf("wrap = %q", err)
	}
	if wrap("thing", nil) != nil {
		t.Error("wrap(nil) != nil")
	}
}
