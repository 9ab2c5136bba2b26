package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportNeutralisesFormulasInActions: an action typed as a spreadsheet
// formula goes out in actions.csv (and in audit.csv, which records its text)
// as text a spreadsheet shows rather than runs.
func TestExportNeutralisesFormulasInActions(t *testing.T) {
	db := importedDB(t)
	formula := `=HYPERLINK("https://evil.example","Referral figures") for DWP by 4/12/2026`
	if code, out, errOut := runCLI(t, "log "+formula+"\n", nil, "try", "--db", db, "--as", "alex", "--at", "2026-11-25"); code != 0 || !strings.Contains(out, "Logged #1") {
		t.Fatalf("try: exit %d\n%s\n%s", code, out, errOut)
	}
	dir := t.TempDir()
	if code, _, errOut := runCLI(t, "", nil, "export", "--db", db, dir); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	for _, name := range []string{"actions.csv", "audit.csv", "areas.csv", "agencies.csv", "cohorts.csv", "programmes.csv", "fundings.csv"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		records, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i, rec := range records {
			for j, cell := range rec {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("%s:%d: %s: %q starts with what a spreadsheet runs", name, i+1, records[0][j], cell)
				}
			}
		}
		if name == "actions.csv" && records[1][1] != "'"+formula {
			t.Errorf("actions.csv text = %q, want %q", records[1][1], "'"+formula)
		}
	}
}

// TestImportRefusesUnsafeCellsAndDeepHierarchiesChangingNothing: a register
// folder with a bidirectional override in a name, a zero byte in a note and
// an area chain 13 levels deep is refused as a whole, every problem named by
// file, line and column, and the database is as it was.
func TestImportRefusesUnsafeCellsAndDeepHierarchiesChangingNothing(t *testing.T) {
	db := importedDB(t)
	before := t.TempDir()
	if code, _, errOut := runCLI(t, "", nil, "export", "--db", db, before); code != 0 {
		t.Fatal(errOut)
	}

	bad := t.TempDir()
	areas := []string{"id,name,kind,parent_id"}
	for i := 1; i <= 13; i++ {
		parent := ""
		if i > 1 {
			parent = fmt.Sprintf("deep%d", i-1)
		}
		areas = append(areas, fmt.Sprintf("deep%d,Deep %d,other,%s", i, i, parent))
	}
	files := map[string]string{
		"areas.csv":    strings.Join(areas, "\n") + "\n",
		"agencies.csv": "id,name\ndwp,\"Department for Work and Pensions\u202e\"\n",
		"fundings.csv": "id,notes\nf01,\"committed\x00 first year\"\n",
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(bad, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, _, errOut := runCLI(t, "", nil, "import", "--db", db, bad)
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, errOut)
	}
	for _, want := range []string{
		`areas.csv:14: parent_id: area "deep13" is 13 levels deep`,
		`agencies.csv:2: name: holds an invisible bidirectional control (U+202E RIGHT-TO-LEFT OVERRIDE) at character 33`,
		`fundings.csv:2: notes: holds a control character (U+0000, a zero byte) at character 10`,
		"nothing was changed",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	assertExportUnchanged(t, db, before, "areas.csv", "agencies.csv", "cohorts.csv", "programmes.csv", "fundings.csv", "audit.csv")
}

// assertExportUnchanged exports db again and compares the named files with
// those of the export in before: a refused import must have changed nothing.
func assertExportUnchanged(t *testing.T, db, before string, names ...string) {
	t.Helper()
	after := t.TempDir()
	if code, _, errOut := runCLI(t, "", nil, "export", "--db", db, after); code != 0 {
		t.Fatal(errOut)
	}
	for _, name := range names {
		a, errA := os.ReadFile(filepath.Join(before, name))
		b, errB := os.ReadFile(filepath.Join(after, name))
		if errA != nil || errB != nil || !bytes.Equal(a, b) {
			t.Errorf("%s changed after a refused import (%v, %v)", name, errA, errB)
		}
	}
}

// TestImportRefusesAHugeFileUnread: a file larger than the import accepts is
// refused before it is read (a sparse 3 GB file here), and nothing changes.
func TestImportRefusesAHugeFileUnread(t *testing.T) {
	db := importedDB(t)
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "fundings.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(3 << 30); err != nil {
		t.Fatal(err)
	}
	f.Close()
	code, out, errOut := runCLI(t, "", nil, "import", "--db", db, dir)
	want := "frontdoor import: fundings.csv is 3072 MB; a register file may be at most 32 MB. Check it is the right file (a register of every programme in the country is a few MB)\n"
	if code != 1 || errOut != want {
		t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant:\n%s", code, out, errOut, want)
	}
	if code, out, _ := runCLI(t, "", nil, "ask", "--db", db, "--at", "2026-01-12", "programme Restart"); code != 0 || !strings.Contains(out, "Restart") {
		t.Errorf("the register is not as it was: %s", out)
	}
}
