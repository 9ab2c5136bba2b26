package main

import (
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"frontdoor/store/storetest"
)

func sameFiles(a, b map[string][]byte) bool { return len(storetest.Changes(a, b)) == 0 }

// `frontdoor check` only reads: the file is byte for byte what it was, and
// nothing appears beside it.
func TestCheckChangesNothing(t *testing.T) {
	db := importedDB(t)
	dir := filepath.Dir(db)
	before := storetest.MustFiles(t, dir)
	code, out, errOut := runCLI(t, "", nil, "check", "--db", db)
	if code != 0 || !strings.Contains(out, db+": ok") {
		t.Fatalf("check: exit %d, %s %s", code, out, errOut)
	}
	if after := storetest.MustFiles(t, dir); !sameFiles(before, after) {
		t.Errorf("check changed the folder: %d files before, %d after", len(before), len(after))
	}
}

// What is not a Frontdoor database: exit 1 and a sentence saying what it
// is, the file left as it was, and never "no such file or directory" for a
// file that is there.
func TestCheckRefusesWhatIsNotFrontdoors(t *testing.T) {
	tests := []struct {
		name string
		make func(t *testing.T, path string)
		want string
	}{
		{"a 0-byte file", func(t *testing.T, path string) {
			if err := os.WriteFile(path, nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}, "it is an empty file (0 bytes), not a Frontdoor database"},
		{"another program's SQLite file", func(t *testing.T, path string) {
			raw, err := sql.Open("sqlite3", path)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			if _, err := raw.Exec(`CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO contacts (name) VALUES ('Sam')`); err != nil {
				t.Fatal(err)
			}
		}, "it is another program's SQLite database (its tables: contacts), not a Frontdoor database"},
		{"a newer schema", func(t *testing.T, path string) {
			if code, _, errOut := runCLI(t, "", nil, "import", "--db", path, demoFolder(t)); code != 0 {
				t.Fatal(errOut)
			}
			raw, err := sql.Open("sqlite3", path)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			if _, err := raw.Exec(`PRAGMA user_version = 42`); err != nil {
				t.Fatal(err)
			}
		}, "database is from a newer version of Frontdoor: its schema is version 42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "frontdoor.db")
			tt.make(t, path)
			before := storetest.MustFiles(t, dir)
			code, out, errOut := runCLI(t, "", nil, "check", "--db", path)
			if code != 1 || !strings.Contains(errOut, tt.want) || !strings.Contains(errOut, path) {
				t.Errorf("check: exit %d, stdout %q, stderr %q; want exit 1 saying %q", code, out, errOut, tt.want)
			}
			if strings.Contains(errOut, "no such file") || strings.Contains(out, ": ok") {
				t.Errorf("check said %q %q", out, errOut)
			}
			if !sameFiles(before, storetest.MustFiles(t, dir)) {
				t.Error("check changed the folder")
			}
		})
	}
}

// A database in a folder nobody may write to (chmod 555; for root also the
// immutable flag, where chattr can set it) is checked, and nothing is
// created there.
func TestCheckInReadOnlyFolder(t *testing.T) {
	db := importedDB(t)
	dir := filepath.Dir(db)
	before := storetest.MustFiles(t, dir)
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	if os.Geteuid() == 0 {
		if err := chattr(dir, "+i"); err == nil {
			t.Cleanup(func() { chattr(dir, "-i") })
		} else {
			t.Logf("root without the immutable flag (%v): the folder does not stop root, so the test shows nothing is made there", err)
		}
	}
	code, out, errOut := runCLI(t, "", nil, "check", "--db", db)
	if code != 0 || !strings.Contains(out, ": ok") {
		t.Errorf("check in a read-only folder: exit %d, %s %s", code, out, errOut)
	}
	if !sameFiles(before, storetest.MustFiles(t, dir)) {
		t.Error("check changed the folder")
	}
	if code, _, errOut := runCLI(t, "", nil, "check", "--db", filepath.Join(dir, "missing.db")); code != 1 || !strings.Contains(errOut, "there is no database at") {
		t.Errorf("a missing file in a read-only folder: exit %d, %s", code, errOut)
	}
}

func chattr(path, flag string) error {
	out, err := exec.Command("chattr", flag, path).CombinedOutput()
	if err != nil {
		return fmt.Errorf("chattr %s: %v %s", flag, err, bytes.TrimSpace(out))
	}
	return nil
}
