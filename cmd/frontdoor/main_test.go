package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"frontdoor/handlers/demo"
)

// demoRows counts the rows of one of the demo register's files.
func demoRows(t *testing.T, name string) int {
	t.Helper()
	data, err := fs.ReadFile(demo.Register(), name)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return len(recs) - 1
}

// runCLI runs the command line in-process with the given stdin and
// environment, and returns the exit code, stdout and stderr.
func runCLI(t *testing.T, stdin string, environ map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{
		stdin:  strings.NewReader(stdin),
		stdout: &out,
		stderr: &errOut,
		getenv: func(k string) string { return environ[k] },
	}
	code := run(context.Background(), e, args)
	return code, out.String(), errOut.String()
}

// demoFolder writes the repository's demo register to a temporary folder.
func demoFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files, err := readRegisterFS(demo.Register())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// importedDB makes a database holding the demo register.
func importedDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "fd.db")
	if code, _, errOut := runCLI(t, "", nil, "import", "--db", db, demoFolder(t)); code != 0 {
		t.Fatalf("import demo: exit %d: %s", code, errOut)
	}
	return db
}

func TestTryAnswersWithNoFlags(t *testing.T) {
	code, out, errOut := runCLI(t, "who funds disabled people in Liverpool\nexit\nwho funds neets\n", nil, "try", "--at", "2026-01-12")
	if code != 0 {
		t.Fatalf("try: exit %d, stderr %s", code, errOut)
	}
	for _, want := range []string{
		"/fd who funds disabled people in Liverpool", // the greeting's examples
		"Connect to Work",
		"Access to Work",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("try output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "NEET") {
		t.Errorf("try went on after exit:\n%s", out)
	}
}

func TestAskExitCodes(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
	}{
		{"answer", []string{"ask", "--demo", "--at", "2026-01-12", "who funds care leavers in Liverpool"}, 0, "Youth Guarantee Trailblazers"},
		{"no live programmes is an answer", []string{"ask", "--demo", "--at", "2026-01-12", "who funds carers in Cambridge"}, 0, "No programme"},
		{"unknown name", []string{"ask", "--demo", "who funds martians"}, 1, "No cohort matches"},
		{"ambiguous name", []string{"ask", "--demo", "agency ICB"}, 1, "could be several"},
		{"unknown command", []string{"ask", "--demo", "make tea"}, 1, "I don't know the command"},
		{"no text", []string{"ask", "--demo"}, 2, ""},
		{"bad --at", []string{"ask", "--demo", "--at", "2026-02-30", "help"}, 2, ""},
		{"flags after text", []string{"ask", "help", "--demo"}, 0, "who funds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "", nil, tt.args...)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.wantCode, out, errOut)
			}
			if !strings.Contains(out, tt.wantOut) {
				t.Errorf("stdout lacks %q:\n%s", tt.wantOut, out)
			}
		})
	}
}

func TestAskJSONIsBlockKit(t *testing.T) {
	code, out, errOut := runCLI(t, "", nil, "ask", "--demo", "--json", "--at", "2026-01-12", "programme Connect to Work")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var msg struct {
		Text         string            `json:"text"`
		ResponseType string            `json:"response_type"`
		Blocks       []json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal([]byte(out), &msg); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if msg.Text == "" || len(msg.Blocks) == 0 || msg.ResponseType != "ephemeral" {
		t.Errorf("want text, blocks and an ephemeral response, got %+v", msg)
	}
}

func TestAskNeedsAnExistingDatabase(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "none.db")
	code, _, errOut := runCLI(t, "", nil, "ask", "--db", missing, "help")
	if code != 1 || !strings.Contains(errOut, "import a register first") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("ask created %s", missing)
	}
}

func TestImportExportRoundTrip(t *testing.T) {
	db := importedDB(t)
	first := t.TempDir()
	if code, _, errOut := runCLI(t, "", nil, "export", "--db", db, first); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	db2 := filepath.Join(t.TempDir(), "fd2.db")
	code, out, errOut := runCLI(t, "", nil, "import", "--db", db2, first)
	if code != 0 {
		t.Fatalf("import export: %s", errOut)
	}
	if want := fmt.Sprintf("programmes: %d added", demoRows(t, "programmes.csv")); !strings.Contains(out, want) {
		t.Errorf("import output: %s", out)
	}
	second := t.TempDir()
	if code, _, errOut := runCLI(t, "", nil, "export", "--db", db2, second); code != 0 {
		t.Fatalf("export again: %s", errOut)
	}
	for _, name := range []string{"areas.csv", "agencies.csv", "cohorts.csv", "programmes.csv", "fundings.csv"} {
		a, _ := os.ReadFile(filepath.Join(first, name))
		b, _ := os.ReadFile(filepath.Join(second, name))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s differs after export → import → export (%d vs %d bytes)", name, len(a), len(b))
		}
	}
	// The same files again change nothing.
	code, out, _ = runCLI(t, "", nil, "import", "--db", db2, second)
	if code != 0 || !strings.Contains(out, "nothing changed") {
		t.Errorf("re-import: exit %d, %s", code, out)
	}
}

func TestBadImportChangesNothing(t *testing.T) {
	db := importedDB(t)
	before := t.TempDir()
	runCLI(t, "", nil, "export", "--db", db, before)

	bad := t.TempDir()
	// Two problems in two files: both must be reported, and nothing written.
	os.WriteFile(filepath.Join(bad, "cohorts.csv"), []byte("id,name,parent_id\nnew_cohort,New cohort,no_such_parent\n"), 0o644)
	os.WriteFile(filepath.Join(bad, "fundings.csv"), []byte("id,programme_id,funder_id,amount_gbp\nf99,connect_to_work,dwp,-5\n"), 0o644)
	code, _, errOut := runCLI(t, "", nil, "import", "--db", db, bad)
	if code != 1 {
		t.Fatalf("bad import: exit %d, want 1; stderr %s", code, errOut)
	}
	for _, want := range []string{"cohorts.csv:2: parent_id:", "fundings.csv:2: amount_gbp:", "nothing was changed"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	assertExportUnchanged(t, db, before, "cohorts.csv", "fundings.csv")
}

func TestImportOneFileNamedAfterItsKind(t *testing.T) {
	db := importedDB(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "Programmes.csv")
	os.WriteFile(path, []byte("id,name\nrestart,Restart Scheme (extended)\n"), 0o644)
	code, out, errOut := runCLI(t, "", nil, "import", "--db", db, path)
	if code != 0 || !strings.Contains(out, "programmes: 0 added, 1 updated, 0 unchanged") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, _ = runCLI(t, "", nil, "ask", "--db", db, "--at", "2025-01-01", "programme Restart")
	if code != 0 || !strings.Contains(out, "Restart Scheme (extended)") {
		t.Errorf("the update is not seen by a lookup: %s", out)
	}
	wrong := filepath.Join(dir, "register.csv")
	os.WriteFile(wrong, []byte("id,name\n"), 0o644)
	if code, _, errOut := runCLI(t, "", nil, "import", "--db", db, wrong); code != 1 || !strings.Contains(errOut, "named after its kind") {
		t.Errorf("a file not named after its kind: exit %d, %s", code, errOut)
	}
}

func TestCheck(t *testing.T) {
	db := importedDB(t)
	code, out, errOut := runCLI(t, "", nil, "check", "--db", db)
	if code != 0 || !strings.Contains(out, ": ok") {
		t.Errorf("check: exit %d, %s %s", code, out, errOut)
	}
}

func TestHelpAndUsage(t *testing.T) {
	if code, out, _ := runCLI(t, "", nil, "help"); code != 0 || !strings.Contains(out, "try") {
		t.Errorf("help: %d %s", code, out)
	}
	for _, sub := range []string{"try", "ask", "import", "export", "check"} {
		if code, out, _ := runCLI(t, "", nil, sub, "-h"); code != 0 || !strings.Contains(out, "Usage: frontdoor "+sub) {
			t.Errorf("%s -h: exit %d, %s", sub, code, out)
		}
	}
	if code, _, _ := runCLI(t, "", nil, "frobnicate"); code != 2 {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
	if code, _, _ := runCLI(t, "", nil); code != 2 {
		t.Errorf("no command: exit %d, want 2", code)
	}
}

func TestExportWritesActionsAndAudit(t *testing.T) {
	db := importedDB(t)
	code, out, errOut := runCLI(t, "log DWP to send the referral figures @sam by 4/12/2026\ndone 1\n", nil, "try", "--db", db, "--as", "alex", "--at", "2026-11-25")
	if code != 0 || !strings.Contains(out, "Logged #1") {
		t.Fatalf("try: exit %d\n%s\n%s", code, out, errOut)
	}
	dir := t.TempDir()
	if code, _, errOut := runCLI(t, "", nil, "export", "--db", db, dir); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	actions, _ := os.ReadFile(filepath.Join(dir, "actions.csv"))
	if !strings.Contains(string(actions), "1,DWP to send the referral figures @sam by 4/12/2026,done,sam,sam,alex,2026-12-04,dwp,") {
		t.Errorf("actions.csv:\n%s", actions)
	}
	audit, _ := os.ReadFile(filepath.Join(dir, "audit.csv"))
	for _, want := range []string{",import,register,ok,", ",alex,action.create,#1,ok,", ",alex,action.done,#1,ok,"} {
		if !strings.Contains(string(audit), want) {
			t.Errorf("audit.csv lacks %q:\n%s", want, audit)
		}
	}
}

func TestBackupRestoresTheSameRecord(t *testing.T) {
	db := importedDB(t)
	runCLI(t, "log DWP to send the figures by 4/12/2026\n", nil, "try", "--db", db, "--as", "alex", "--at", "2026-11-25")
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if code, out, errOut := runCLI(t, "", nil, "backup", "--db", db, copyPath); code != 0 {
		t.Fatalf("backup: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, "", nil, "backup", "--db", db, copyPath); code != 1 {
		t.Errorf("backup over an existing file: exit %d, %s", code, errOut)
	}
	if code, out, _ := runCLI(t, "", nil, "check", "--db", copyPath); code != 0 {
		t.Fatalf("check of the copy: %s", out)
	}
	a, b := t.TempDir(), t.TempDir()
	runCLI(t, "", nil, "export", "--db", db, a)
	runCLI(t, "", nil, "export", "--db", copyPath, b)
	for _, name := range []string{"programmes.csv", "fundings.csv", "actions.csv", "audit.csv"} {
		x, _ := os.ReadFile(filepath.Join(a, name))
		y, _ := os.ReadFile(filepath.Join(b, name))
		if len(x) == 0 || !bytes.Equal(x, y) {
			t.Errorf("%s differs between the database and its backup", name)
		}
	}
}

// TestOneSQLiteInTheBinary keeps the binary to one SQLite engine: replication
// (Litestream) runs as a separate process, never linked in, and no second
// driver creeps in with a dependency.
func TestOneSQLiteInTheBinary(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", "frontdoor/cmd/frontdoor").Output()
	if err != nil {
		t.Skipf("go list is not available here: %v", err)
	}
	deps := strings.Fields(string(out))
	var sqlite []string
	for _, d := range deps {
		low := strings.ToLower(d)
		if (strings.Contains(low, "sqlite") || strings.Contains(low, "litestream")) && !strings.HasPrefix(d, "frontdoor/") {
			if !strings.Contains(d, "/internal/") {
				sqlite = append(sqlite, d)
			}
		}
	}
	if len(sqlite) != 1 || sqlite[0] != "github.com/mattn/go-sqlite3" {
		t.Errorf("SQLite packages linked into frontdoor: %v; want exactly github.com/mattn/go-sqlite3", sqlite)
	}
}

// TestAnotherRegionsRegister imports a register that shares nothing with the
// demo (its own places, agencies, cohorts and programmes) into an empty
// database and asks it questions: the semantics hold for any register.
func TestAnotherRegionsRegister(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"areas.csv": "id,name,kind,parent_id,aliases\n" +
			"nd,Northdale,country,,\n" +
			"ndca,Northdale Combined Authority,strategic_authority,nd,NDCA\n" +
			"nshire,Northshire,local_authority,ndca,\n" +
			"ashby,Ashby,local_authority,nshire,\n" +
			"brook,Brookfield,local_authority,nshire,\n" +
			"daleton,Daleton,local_authority,ndca,\n",
		"agencies.csv": "id,name,kind,area_id,aliases\n" +
			"ndca_ag,Northdale Combined Authority,strategic_authority,ndca,NDCA\n" +
			"dale_icb,Dale Integrated Care Board,icb,ndca,Dale ICB\n" +
			"dept,Department for Northdale Work,central_government,,DNW\n",
		"cohorts.csv": "id,name,parent_id,aliases,description,kind\n" +
			"res,Residents,,,,\n" +
			"ya,Young adults,res,YA,,\n" +
			"yc,Young carers,ya,,,\n" +
			"emp,Employers,,,,employers\n",
		"programmes.csv": "id,name,lead_agency_id,start_date,end_date,area_ids,cohort_ids,status\n" +
			"dys,Dale Youth Start,dale_icb,2025-04,2027-03,daleton,ya,live\n" +
			"nw,Northshire Works,ndca_ag,01/04/2025,,nshire,res,\n" +
			"later,Dale Later,ndca_ag,2026-04-01,,daleton,yc,planned\n",
		"fundings.csv": "id,programme_id,funder_id,recipient_id,amount_gbp,start_date,end_date,area_ids,notes\n" +
			"f1,dys,dept,dale_icb,450000,2025-04-01,2026-03-31,,up to\n" +
			"f2,nw,dept,ndca_ag,1200000,2025-04-01,2027-03-31,nshire,over 2 years\n",
	}
	for name, data := range files {
		os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644)
	}
	db := filepath.Join(t.TempDir(), "northdale.db")
	if code, out, errOut := runCLI(t, "", nil, "import", "--db", db, dir); code != 0 {
		t.Fatalf("import: %d\n%s\n%s", code, out, errOut)
	}
	tests := []struct {
		ask     string
		want    []string
		wantNot []string
	}{
		// Targeted in Daleton; the planned programme is never live.
		{"who funds young adults in Daleton", []string{"Dale Youth Start", "£450,000", "Department for Northdale Work", "Not running on 12 Jan 2026: Dale Later (planned from 1 Apr 2026)"}, []string{"Dale Later ·", "Northshire Works"}},
		// A district inside the county: the county's programme for all residents is broader eligibility.
		{"who funds young carers in Ashby", []string{"Broader eligibility", "Northshire Works", "£1.2m"}, []string{"Dale Youth Start"}},
		// The authority asked: programmes of the councils inside it count.
		{"who funds young adults in NDCA", []string{"Dale Youth Start", "Northshire Works"}, nil},
		{"area Brookfield", []string{"Northshire Works"}, []string{"Dale Youth Start"}},
		{"what does DNW fund", []string{"Dale Youth Start", "Northshire Works"}, nil},
	}
	for _, tt := range tests {
		code, out, errOut := runCLI(t, "", nil, "ask", "--db", db, "--at", "2026-01-12", tt.ask)
		if code != 0 {
			t.Errorf("%q: exit %d\n%s\n%s", tt.ask, code, out, errOut)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%q lacks %q:\n%s", tt.ask, w, out)
			}
		}
		for _, w := range tt.wantNot {
			if strings.Contains(out, w) {
				t.Errorf("%q shows %q:\n%s", tt.ask, w, out)
			}
		}
	}
}
