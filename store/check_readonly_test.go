package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"frontdoor/store/storetest"
)

// assertUnchanged fails when a file of dir was added, removed or changed by
// a single byte since before.
func assertUnchanged(t *testing.T, dir string, before map[string][]byte) {
	t.Helper()
	for _, c := range storetest.Changes(before, storetest.MustFiles(t, dir)) {
		t.Error(c)
	}
}

// seededDB makes a Frontdoor database with the sample register in dir and
// returns its path, closed (no -wal or -shm left).
func seededDB(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "frontdoor.db")
	db, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ApplyImport(context.Background(), allAdded(sampleRegister()), "sam", AnyVersion); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// liveDB opens a new database and imports the sample register, leaving it
// open until the test ends: the schema and the register are then in the
// -wal only (SQLite folds the log into the file at 1,000 pages, or on close).
func liveDB(t *testing.T, dir string) (*DB, int64) {
	t.Helper()
	ctx := context.Background()
	db := mustOpenAt(t, filepath.Join(dir, "frontdoor.db"), Options{})
	if err := db.ApplyImport(ctx, allAdded(sampleRegister()), "sam", AnyVersion); err != nil {
		t.Fatal(err)
	}
	v, err := db.RegisterVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(db.Path() + "-wal"); err != nil || fi.Size() == 0 {
		t.Fatalf("the -wal holds nothing (%v): the test needs commits that are only there", err)
	}
	return db, v
}

func mustExec(t *testing.T, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// copyFiles copies the named files of src into a new folder.
func copyFiles(t *testing.T, src string, names ...string) string {
	t.Helper()
	dst := t.TempDir()
	for _, n := range names {
		if err := copyFile(filepath.Join(src, n), filepath.Join(dst, n)); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// checkReadOnly opens path with OpenReadOnly, checks it and reads its
// register version, as `frontdoor check` does.
func checkReadOnly(t *testing.T, path string) int64 {
	t.Helper()
	ctx := context.Background()
	db, err := OpenReadOnly(ctx, path, Options{})
	if err != nil {
		t.Fatalf("OpenReadOnly: %v", err)
	}
	defer db.Close()
	if problems, err := db.Check(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("Check = %q, %v", problems, err)
	}
	v, err := db.RegisterVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Reading for a check changes nothing: not the file, not its -wal or -shm,
// and nothing new beside it, however the database was left. What is only in
// the -wal is read too.
func TestOpenReadOnlyChangesNothing(t *testing.T) {
	t.Run("closed cleanly", func(t *testing.T) {
		dir := t.TempDir()
		path := seededDB(t, dir)
		before := storetest.MustFiles(t, dir)
		if len(before) != 1 {
			t.Fatalf("files after a clean close: %v", slices.Collect(func(yield func(string) bool) {
				for n := range before {
					yield(n)
				}
			}))
		}
		checkReadOnly(t, path)
		assertUnchanged(t, dir, before)
	})
	t.Run("open in a running process", func(t *testing.T) {
		dir := t.TempDir()
		live, want := liveDB(t, dir)
		before := storetest.MustFiles(t, dir)
		if got := checkReadOnly(t, live.Path()); got != want {
			t.Errorf("register version %d, want %d (the commit in the -wal)", got, want)
		}
		assertUnchanged(t, dir, before)
		// The running process carries on writing.
		if _, err := live.Claim(context.Background(), "after-check", 0); err != nil {
			t.Errorf("the running process cannot write after the check: %v", err)
		}
	})
	t.Run("left by a crash with -wal and -shm", func(t *testing.T) {
		live, want := liveDB(t, t.TempDir())
		dir := copyFiles(t, filepath.Dir(live.Path()), "frontdoor.db", "frontdoor.db-wal", "frontdoor.db-shm")
		before := storetest.MustFiles(t, dir)
		if got := checkReadOnly(t, filepath.Join(dir, "frontdoor.db")); got != want {
			t.Errorf("register version %d, want %d (the commit in the -wal)", got, want)
		}
		assertUnchanged(t, dir, before)
	})
	t.Run("left by a crash with a -wal and no -shm", func(t *testing.T) {
		live, want := liveDB(t, t.TempDir())
		dir := copyFiles(t, filepath.Dir(live.Path()), "frontdoor.db", "frontdoor.db-wal")
		before := storetest.MustFiles(t, dir)
		if got := checkReadOnly(t, filepath.Join(dir, "frontdoor.db")); got != want {
			t.Errorf("register version %d, want %d (the commit in the -wal)", got, want)
		}
		assertUnchanged(t, dir, before)
	})
}

// makeReadOnly makes dir refuse new files: chmod 555, and for root (whom
// permission bits do not stop) the immutable flag too where chattr can set
// it. It reports whether creating a file there is now refused.
func makeReadOnly(t *testing.T, dir string) bool {
	t.Helper()
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	if os.Geteuid() == 0 {
		if out, err := exec.Command("chattr", "+i", dir).CombinedOutput(); err == nil {
			t.Cleanup(func() { exec.Command("chattr", "-i", dir).Run() })
		} else {
			t.Logf("chattr +i: %v %s", err, out)
		}
	}
	probe := filepath.Join(dir, "probe")
	f, err := os.Create(probe)
	if err != nil {
		return true
	}
	f.Close()
	os.Remove(probe)
	return false
}

// A database in a folder nobody may write to is checked as it is. As root
// without the immutable flag the folder does not stop anything, and the
// test still shows that nothing was created or changed there.
func TestOpenReadOnlyInReadOnlyFolder(t *testing.T) {
	for _, tt := range []struct {
		name  string
		files []string
	}{
		{"closed cleanly", []string{"frontdoor.db"}},
		{"with -wal and -shm", []string{"frontdoor.db", "frontdoor.db-wal", "frontdoor.db-shm"}},
		{"with a -wal only", []string{"frontdoor.db", "frontdoor.db-wal"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			live, want := liveDB(t, t.TempDir())
			if len(tt.files) == 1 { // a clean close folds the -wal into the file
				if err := live.Close(); err != nil {
					t.Fatal(err)
				}
			}
			dir := copyFiles(t, filepath.Dir(live.Path()), tt.files...)
			before := storetest.MustFiles(t, dir)
			if !makeReadOnly(t, dir) {
				t.Log("the folder still takes new files (root without the immutable flag): checking that none is made")
			}
			if got := checkReadOnly(t, filepath.Join(dir, "frontdoor.db")); got != want {
				t.Errorf("register version %d, want %d", got, want)
			}
			assertUnchanged(t, dir, before)
		})
	}
}

// What is not a Frontdoor database is refused with a sentence saying what
// it is, never "no such file or directory", and is left as it was.
func TestOpenReadOnlyRefusesWhatIsNotFrontdoors(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		make  func(t *testing.T, path string)
		want  string
		isErr error
	}{
		{"an empty file", func(t *testing.T, path string) { writeFile(t, path, nil) },
			"it is an empty file (0 bytes), not a Frontdoor database", ErrNotFrontdoor},
		{"a text file", func(t *testing.T, path string) { writeFile(t, path, []byte(strings.Repeat("areas,agencies\n", 100))) },
			"it is not an SQLite database (it does not start with SQLite's header), so not a Frontdoor database", ErrNotFrontdoor},
		{"another program's SQLite", func(t *testing.T, path string) {
			raw := rawOpen(t, path, "_journal_mode=DELETE")
			mustExec(t, raw, `CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)`, `CREATE TABLE moz_bookmarks (id INTEGER PRIMARY KEY)`,
				`INSERT INTO moz_places (url) VALUES ('https://www.gov.uk/')`)
			raw.Close()
		}, "it is another program's SQLite database (its tables: moz_bookmarks, moz_places), not a Frontdoor database", ErrNotFrontdoor},
		{"another program's SQLite with a schema version", func(t *testing.T, path string) {
			raw := rawOpen(t, path, "_journal_mode=WAL")
			mustExec(t, raw, `CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)`, `PRAGMA user_version = 2`)
			raw.Close()
		}, "it is another program's SQLite database (its tables: notes)", ErrNotFrontdoor},
		{"an empty SQLite database", func(t *testing.T, path string) {
			raw := rawOpen(t, path, "")
			mustExec(t, raw, `CREATE TABLE x (a)`, `DROP TABLE x`)
			raw.Close()
		}, "it is an empty SQLite database that Frontdoor has never set up, so not a Frontdoor database", ErrNotFrontdoor},
		{"a newer schema", func(t *testing.T, path string) {
			db := mustOpenAt(t, path, Options{})
			db.Close()
			raw := rawOpen(t, path, "")
			mustExec(t, raw, `PRAGMA user_version = 99`)
			raw.Close()
		}, "its schema is version 99 and this program knows versions up to", ErrNewerSchema},
		{"a Frontdoor database without a table", func(t *testing.T, path string) {
			db := mustOpenAt(t, path, Options{})
			db.Close()
			raw := rawOpen(t, path, "_foreign_keys=off")
			mustExec(t, raw, `DROP TABLE reminder_posts`)
			raw.Close()
		}, "it is a damaged Frontdoor database: schema version " + strconv.Itoa(latestSchema(t)) + ", but without the tables reminder_posts", ErrNotFrontdoor},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "frontdoor.db")
			tt.make(t, path)
			before := storetest.MustFiles(t, dir)
			db, err := OpenReadOnly(ctx, path, Options{})
			if err == nil {
				db.Close()
				t.Fatal("OpenReadOnly succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), path) || !errors.Is(err, tt.isErr) {
				t.Errorf("OpenReadOnly = %q\nwant it to name %s and say %q (matching %v)", err, path, tt.want, tt.isErr)
			}
			if strings.Contains(err.Error(), "no such file") {
				t.Errorf("the file exists, but the error says %q", err)
			}
			assertUnchanged(t, dir, before)
		})
	}
	t.Run("no file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "missing.db")
		if _, err := OpenReadOnly(ctx, path, Options{}); err == nil || !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "no database file there") {
			t.Errorf("OpenReadOnly of a missing file = %v", err)
		}
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the missing file was created: %v", err)
		}
	})
}

// A DB opened read-only refuses writes with ErrReadOnly.
func TestReadOnlyDBRefusesWrites(t *testing.T) {
	db, err := OpenReadOnly(context.Background(), seededDB(t, t.TempDir()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Claim(context.Background(), "k", 0); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Claim on a read-only DB: %v, want ErrReadOnly", err)
	}
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Open (for writing) in a folder nobody may write to says the file is there
// and what it needs, not SQLite's "no such file or directory" (the errno of
// the -wal it could not create).
func TestOpenInReadOnlyFolderSaysWhatItNeeds(t *testing.T) {
	dir := t.TempDir()
	path := seededDB(t, dir)
	if !makeReadOnly(t, dir) {
		t.Skip("the folder still takes new files (root without the immutable flag)")
	}
	db, err := Open(context.Background(), path, Options{})
	if err == nil {
		db.Close()
		t.Fatal("Open for writing succeeded in a read-only folder")
	}
	if !strings.Contains(err.Error(), path+": the file is there, but SQLite cannot open it for writing") || strings.Contains(err.Error(), "no such file") {
		t.Errorf("Open = %q", err)
	}
}

// latestSchema is the schema version this program's migrations reach.
func latestSchema(t *testing.T) int {
	t.Helper()
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	return ms[len(ms)-1].version
}
