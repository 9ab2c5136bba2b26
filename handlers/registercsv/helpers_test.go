package registercsv

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"frontdoor/handlers"
	"frontdoor/handlers/demo"
)

// demoFiles returns the five files of the repository's demo register.
func demoFiles(t testing.TB) []File {
	t.Helper()
	var files []File
	for _, kind := range handlers.RegisterKinds {
		data, err := fs.ReadFile(demo.Register(), FileName(kind))
		if err != nil {
			t.Fatalf("read demo %s: %v", kind, err)
		}
		files = append(files, File{Name: FileName(kind), Data: data})
	}
	return files
}

// mustPlan plans files and fails the test on any problem.
func mustPlan(t testing.TB, current *handlers.Register, files []File, replace bool) *handlers.RegisterDiff {
	t.Helper()
	diff, problems := Plan(current, files, replace)
	if len(problems) > 0 {
		t.Fatalf("Plan: unexpected problems:\n%s", problemText(problems))
	}
	if diff == nil {
		t.Fatal("Plan: no diff and no problems")
	}
	return diff
}

// mustLoad plans files into an empty register and applies the diff.
func mustLoad(t testing.TB, files []File) *handlers.Register {
	t.Helper()
	return Apply(&handlers.Register{}, mustPlan(t, &handlers.Register{}, files, false))
}

func problemText(problems []handlers.Problem) string {
	lines := make([]string, len(problems))
	for i, p := range problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// exportAll writes every kind of reg.
func exportAll(t testing.TB, reg *handlers.Register) []File {
	t.Helper()
	var files []File
	for _, kind := range handlers.RegisterKinds {
		var b bytes.Buffer
		if err := Write(&b, kind, reg); err != nil {
			t.Fatalf("Write %s: %v", kind, err)
		}
		files = append(files, File{Name: FileName(kind), Data: b.Bytes()})
	}
	return files
}

// exportToDir writes every kind of reg into dir, as `frontdoor export` does.
func exportToDir(t *testing.T, reg *handlers.Register, dir string) {
	t.Helper()
	for _, f := range exportAll(t, reg) {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readDir reads the register files in dir, as `frontdoor import DIR` does.
func readDir(t *testing.T, dir string) []File {
	t.Helper()
	var files []File
	for _, kind := range handlers.RegisterKinds {
		data, err := os.ReadFile(filepath.Join(dir, FileName(kind)))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, File{Name: FileName(kind), Data: data})
	}
	return files
}

// csvFile builds a file from lines joined with LF.
func csvFile(name string, lines ...string) File {
	return File{Name: name, Data: []byte(strings.Join(lines, "\n") + "\n")}
}

// small is a hand-made register in the five files, small enough to read in a test.
func smallFiles() map[string]File {
	return map[string]File{
		handlers.KindAreas: csvFile("areas.csv",
			"id,name,kind,parent_id,aliases",
			"E92000001,England,country,,ENG",
			"E47000001,Greater Manchester,strategic_authority,E92000001,GM",
			"E08000003,Manchester,local_authority,E47000001,",
			"E08000001,Bolton,local_authority,E47000001,",
		),
		handlers.KindAgencies: csvFile("agencies.csv",
			"id,name,kind,area_id,aliases",
			"dwp,Department for Work and Pensions,central_government,E92000001,DWP;JCP",
			"gmca,Greater Manchester Combined Authority,strategic_authority,E47000001,GMCA",
		),
		handlers.KindCohorts: csvFile("cohorts.csv",
			"id,name,parent_id,aliases,description,kind",
			"young_people,Young people,,,People aged 16-24,",
			"neets,Young people not in education or training,young_people,NEET;NEETs,,",
			"care_leavers,Care leavers,young_people,,,",
			"employers,Employers,,,,employers",
		),
		handlers.KindProgrammes: csvFile("programmes.csv",
			"id,name,lead_agency_id,start_date,end_date,area_ids,cohort_ids,capacity,status,contact,url,description,aliases",
			"youth_guarantee,Youth Guarantee Trailblazer,gmca,2025-04-01,2026-03-31,E47000001,neets;care_leavers,500,live,,,,YG",
			"restart,Restart,dwp,2021-06,2026-06,E92000001,young_people,,,,,,",
		),
		handlers.KindFundings: csvFile("fundings.csv",
			"id,programme_id,funder_id,recipient_id,amount_gbp,start_date,end_date,area_ids,ring_fenced,source_url,notes",
			"yg1,youth_guarantee,dwp,gmca,1200000,2025-04-01,2026-03-31,E47000001,true,,",
			"r1,restart,dwp,,2900000000,,,,,,national total",
		),
	}
}

// smallRegister is the small register, loaded.
func smallRegister(t testing.TB) *handlers.Register {
	t.Helper()
	var files []File
	for _, kind := range handlers.RegisterKinds {
		files = append(files, smallFiles()[kind])
	}
	return mustLoad(t, files)
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
