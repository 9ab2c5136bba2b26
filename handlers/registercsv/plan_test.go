package registercsv

import (
	"bytes"
	"encoding/csv"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"frontdoor/handlers"
	"frontdoor/handlers/demo"
)

func TestKindOf(t *testing.T) {
	tests := []struct {
		name, kind string
		ok         bool
	}{
		{"areas.csv", "areas", true},
		{"Programmes.CSV", "programmes", true},
		{"fundings.csv", "fundings", true},
		{"areas.xlsx", "", false},
		{"area.csv", "", false},
		{"areas (1).csv", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, ok := KindOf(tt.name)
			if kind != tt.kind || ok != tt.ok {
				t.Errorf("KindOf(%q) = %q, %v; want %q, %v", tt.name, kind, ok, tt.kind, tt.ok)
			}
		})
	}
}

// TestPlanDemoIntoEmptyRegister imports the repository's demo register into
// an empty one and checks the counts against the files' own row counts.
func TestPlanDemoIntoEmptyRegister(t *testing.T) {
	want := map[string]int{"areas": 170, "agencies": 73, "cohorts": 36, "programmes": 27, "fundings": 61}
	for kind, n := range want {
		data, err := fs.ReadFile(demo.Register(), FileName(kind))
		if err != nil {
			t.Fatal(err)
		}
		records, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		if got := len(records) - 1; got != n {
			t.Fatalf("%s has %d rows, the test expects %d", kind, got, n)
		}
	}

	diff := mustPlan(t, &handlers.Register{}, demoFiles(t), false)
	for kind, c := range diff.CountsByKind() {
		if c != (handlers.ImportCounts{Added: want[kind]}) {
			t.Errorf("%s: counts %+v, want %d added", kind, c, want[kind])
		}
	}
	if !slices.Equal(diff.Kinds, handlers.RegisterKinds) {
		t.Errorf("Kinds = %v, want %v", diff.Kinds, handlers.RegisterKinds)
	}
	if diff.Replace {
		t.Error("Replace set on a plain import")
	}
	reg := Apply(&handlers.Register{}, diff)
	if got := len(reg.Fundings); got != want["fundings"] {
		t.Errorf("Apply: %d fundings, want %d", got, want["fundings"])
	}
	last := want["fundings"] - 1
	if reg.Areas[0].ID != "K02000001" || reg.Fundings[last].ID != diff.Fundings.Added[last].ID {
		t.Errorf("Apply did not keep file order: first area %q", reg.Areas[0].ID)
	}
	// The demo's Connect to Work row, read field by field.
	var ctw *handlers.Programme
	for i := range reg.Programmes {
		if reg.Programmes[i].ID == "connect_to_work" {
			ctw = &reg.Programmes[i]
		}
	}
	if ctw == nil {
		t.Fatal("connect_to_work not imported")
	}
	if ctw.Start.String() != "2025-04-01" || ctw.End.String() != "2030-03-31" {
		t.Errorf("connect_to_work dates %s to %s; want 2025-04-01 to 2030-03-31 (YYYY-MM as start and end)", ctw.Start, ctw.End)
	}
	if ctw.Capacity == nil || *ctw.Capacity != 100000 || !slices.Equal(ctw.AreaIDs, []string{"E92000001", "W92000004"}) || !slices.Equal(ctw.Aliases, []string{"CtW"}) {
		t.Errorf("connect_to_work read wrongly: %+v", ctw)
	}
}

func TestPlanReimportIsUnchanged(t *testing.T) {
	reg := mustLoad(t, demoFiles(t))
	diff := mustPlan(t, reg, demoFiles(t), false)
	for kind, c := range diff.CountsByKind() {
		if c.Added+c.Updated+c.Deleted != 0 || c.Unchanged == 0 {
			t.Errorf("%s: %+v, want everything unchanged", kind, c)
		}
	}
	if !diff.Empty() {
		t.Error("re-import is not empty")
	}
	// --replace with the same files deletes nothing either.
	diff = mustPlan(t, reg, demoFiles(t), true)
	if !diff.Empty() || !diff.Replace {
		t.Errorf("replace re-import: %v (Replace=%v)", diff.Summary(), diff.Replace)
	}
}

// TestPlanUpdatedOnlyWhenAValueChanges writes the same values differently
// (day-first dates, pence, TRUE, spaces in lists, columns reordered) and
// expects no update, then changes one value and expects exactly one.
func TestPlanUpdatedOnlyWhenAValueChanges(t *testing.T) {
	reg := smallRegister(t)
	same := csvFile("fundings.csv",
		"notes,ring_fenced,area_ids,end_date,start_date,amount_gbp,recipient_id,funder_id,programme_id,id,source_url",
		",TRUE, E47000001 ;,31/03/2026,2025-04,1200000.00,gmca,dwp,youth_guarantee,yg1,",
		"national total,,,,,2900000000,,dwp,restart,r1,",
	)
	diff := mustPlan(t, reg, []File{same}, false)
	if c := diff.Fundings.Counts(); c != (handlers.ImportCounts{Unchanged: 2}) {
		t.Errorf("same values: %+v, want 2 unchanged", c)
	}

	changed := csvFile("fundings.csv", "id,amount_gbp", "yg1,1200000.01", "r1,2900000000")
	diff = mustPlan(t, reg, []File{changed}, false)
	if c := diff.Fundings.Counts(); c != (handlers.ImportCounts{Updated: 1, Unchanged: 1}) {
		t.Fatalf("one amount changed: %+v, want 1 updated and 1 unchanged", c)
	}
	if got := *diff.Fundings.Updated[0].AmountPence; got != 120000001 {
		t.Errorf("amount = %d pence, want 120000001", got)
	}
	if diff.Kinds[0] != handlers.KindFundings || len(diff.Kinds) != 1 {
		t.Errorf("Kinds = %v, want [fundings]", diff.Kinds)
	}
}

// TestPlanPartialFileUpdatesOnlyItsColumns imports programmes.csv with only
// some columns: those change, the rest keep their stored values.
func TestPlanPartialFileUpdatesOnlyItsColumns(t *testing.T) {
	reg := smallRegister(t)
	partial := csvFile("programmes.csv", "ID, Capacity ,contact",
		"youth_guarantee,750,yg@gmca.gov.uk",
		"restart,,",
	)
	diff := mustPlan(t, reg, []File{partial}, false)
	if c := diff.Programmes.Counts(); c != (handlers.ImportCounts{Updated: 1, Unchanged: 1}) {
		t.Fatalf("counts %+v, want 1 updated, 1 unchanged", c)
	}
	after := Apply(reg, diff)
	yg := after.Programmes[0]
	if yg.ID != "youth_guarantee" || *yg.Capacity != 750 || yg.Contact != "yg@gmca.gov.uk" {
		t.Errorf("youth_guarantee: capacity %v, contact %q", yg.Capacity, yg.Contact)
	}
	before := reg.Programmes[0]
	if yg.Name != before.Name || yg.Start != before.Start || yg.End != before.End || yg.LeadAgencyID != before.LeadAgencyID ||
		!slices.Equal(yg.CohortIDs, before.CohortIDs) || !slices.Equal(yg.Aliases, before.Aliases) {
		t.Errorf("columns left out changed: before %+v, after %+v", before, yg)
	}

	// An empty cell in a column that is present clears the value.
	clear := csvFile("programmes.csv", "id,capacity,aliases", "youth_guarantee,,")
	after = Apply(reg, mustPlan(t, reg, []File{clear}, false))
	if after.Programmes[0].Capacity != nil || after.Programmes[0].Aliases != nil {
		t.Errorf("empty cells did not clear: capacity %v, aliases %v", after.Programmes[0].Capacity, after.Programmes[0].Aliases)
	}
}

func TestPlanReplaceDeletesUnreferencedRows(t *testing.T) {
	reg := smallRegister(t)
	areas := csvFile("areas.csv", "id,name,kind,parent_id,aliases",
		"E92000001,England,country,,ENG",
		"E47000001,Greater Manchester,strategic_authority,E92000001,GM",
		"E08000003,Manchester,local_authority,E47000001,",
		"E08000002,Bury,local_authority,E47000001,",
	)
	diff := mustPlan(t, reg, []File{areas}, true)
	if got := diff.Areas.Deleted; !slices.Equal(got, []string{"E08000001"}) {
		t.Errorf("Deleted = %v, want [E08000001] (Bolton, which nothing refers to)", got)
	}
	if c := diff.Areas.Counts(); c != (handlers.ImportCounts{Added: 1, Unchanged: 3, Deleted: 1}) {
		t.Errorf("counts %+v", c)
	}
	if !diff.Replace || !strings.HasSuffix(diff.Summary()[0], ", 1 deleted") {
		t.Errorf("summary %v", diff.Summary())
	}
	after := Apply(reg, diff)
	var ids []string
	for _, a := range after.Areas {
		ids = append(ids, a.ID)
	}
	if want := []string{"E92000001", "E47000001", "E08000003", "E08000002"}; !slices.Equal(ids, want) {
		t.Errorf("areas after = %v, want %v", ids, want)
	}
	// Without --replace the same file deletes nothing.
	if diff := mustPlan(t, reg, []File{areas}, false); len(diff.Areas.Deleted) != 0 {
		t.Errorf("plain import deleted %v", diff.Areas.Deleted)
	}
}

// TestPlanReferencesSeeTheChange checks references against the register
// after the change: a row may refer to one added by the same import, in
// another file or further down the same file.
func TestPlanReferencesSeeTheChange(t *testing.T) {
	files := []File{
		csvFile("fundings.csv", "id,programme_id,funder_id", "f1,p1,new_funder"),
		csvFile("programmes.csv", "id,name,lead_agency_id,area_ids,cohort_ids", "p1,P1,new_funder,E08000002,sub"),
		csvFile("cohorts.csv", "id,name,parent_id", "sub,Sub,top", "top,Top,neets"),
		csvFile("agencies.csv", "id,name,kind,area_id", "new_funder,New Funder,funder,E08000002"),
		csvFile("areas.csv", "id,name,kind,parent_id", "E08000002,Bury,local_authority,E47000001"),
	}
	diff := mustPlan(t, smallRegister(t), files, false)
	for kind, c := range diff.CountsByKind() {
		want := 1
		if kind == handlers.KindCohorts {
			want = 2
		}
		if c.Added != want {
			t.Errorf("%s: %+v, want %d added", kind, c, want)
		}
	}
}

func TestPlanHeaderAndEncodingLeniency(t *testing.T) {
	tests := []struct {
		name string
		data string
	}{
		{"BOM and CRLF", "\uFEFFid,name,kind,parent_id,aliases\r\nE08000002,Bury,local_authority,E47000001,\r\n"},
		{"columns in another order and letter case", "Kind,NAME,id\nlocal_authority,Bury,E08000002\n"},
		{"trailing columns with no header and no values", "id,name,kind,,\nE08000002,Bury,local_authority,,\n,,,,\n"},
		{"empty lines and spaces around cells", "\nid, name ,kind\n\nE08000002 ,  Bury,Local Authority\n\n"},
		{"no final line end", "id,name,kind\nE08000002,Bury,local_authority"},
		{"CR line ends", "id,name,kind\rE08000002,Bury,local_authority\r"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diff := mustPlan(t, smallRegister(t), []File{{Name: "areas.csv", Data: []byte(tt.data)}}, false)
			if len(diff.Areas.Added) != 1 {
				t.Fatalf("added %d areas, want 1", len(diff.Areas.Added))
			}
			if a := diff.Areas.Added[0]; a.ID != "E08000002" || a.Name != "Bury" || a.Kind != "local_authority" {
				t.Errorf("read %+v", a)
			}
		})
	}
}

func TestPlanWarnsOfFundingOutsideProgrammeDates(t *testing.T) {
	reg := smallRegister(t)
	t.Run("funding in the file", func(t *testing.T) {
		files := []File{csvFile("fundings.csv", "id,programme_id,funder_id,start_date,end_date",
			"yg2,youth_guarantee,dwp,2025-04,2027-03",
			"yg3,youth_guarantee,dwp,2025-04,2026-03",
			"yg4,youth_guarantee,dwp,,")}
		diff := mustPlan(t, reg, files, false)
		want := `fundings.csv:2: end_date: funding "yg2" covers 2025-04-01 to 2027-03-31, outside the dates of programme "youth_guarantee" (2025-04-01 to 2026-03-31); accepted, but check the dates`
		if got := problemText(diff.Warnings); got != want {
			t.Errorf("warnings:\n%s\nwant:\n%s", got, want)
		}
		if len(diff.Fundings.Added) != 3 {
			t.Errorf("a warning must not stop the import: added %d", len(diff.Fundings.Added))
		}
	})
	t.Run("programme dates moved", func(t *testing.T) {
		files := []File{csvFile("programmes.csv", "id,start_date", "youth_guarantee,2025-06-01")}
		diff := mustPlan(t, reg, files, false)
		want := `programmes.csv:2: start_date: funding "yg1" covers 2025-04-01 to 2026-03-31, outside this programme's dates (2025-06-01 to 2026-03-31); accepted, but check the dates`
		if got := problemText(diff.Warnings); got != want {
			t.Errorf("warnings:\n%s\nwant:\n%s", got, want)
		}
	})
	t.Run("neither touched", func(t *testing.T) {
		diff := mustPlan(t, reg, []File{csvFile("areas.csv", "id,name", "E08000001,Bolton")}, false)
		if len(diff.Warnings) != 0 {
			t.Errorf("unexpected warnings: %s", problemText(diff.Warnings))
		}
	})
}

func TestPlanNoFiles(t *testing.T) {
	diff, problems := Plan(nil, nil, false)
	if len(problems) != 0 || diff == nil || !diff.Empty() || len(diff.Kinds) != 0 {
		t.Errorf("Plan(nil, nil) = %v, %v", diff, problems)
	}
}

// TestPlanLargeRegister is a quick check that Plan has no quadratic scans: a
// national-sized register, with an unknown id in every tenth funding.
func TestPlanLargeRegister(t *testing.T) {
	if testing.Short() {
		t.Skip("large register")
	}
	files, bad := nationalFiles(5000, 10000)
	reg := mustLoad(t, files[:len(files)-1]) // everything but the fundings
	diff := mustPlan(t, reg, files[len(files)-1:], false)
	if n := len(diff.Fundings.Added); n != 10000 {
		t.Errorf("added %d fundings", n)
	}
	_, problems := Plan(reg, []File{bad}, false)
	if len(problems) != 1000 {
		t.Errorf("%d problems, want 1000", len(problems))
	}
}

// nationalFiles generates areas, agencies, cohorts, programmes and fundings
// files of national size, and a fundings file with 1,000 unknown programmes.
func nationalFiles(nProgrammes, nFundings int) ([]File, File) {
	var areas, agencies, cohorts, programmes, fundings, bad strings.Builder
	areas.WriteString("id,name,kind,parent_id\nE92000001,England,country,\n")
	for i := range 40 {
		areas.WriteString(sprintf("SA%03d,Authority %d,strategic_authority,E92000001\n", i, i))
	}
	for i := range 300 {
		areas.WriteString(sprintf("LA%03d,Council %d,local_authority,SA%03d\n", i, i, i%40))
	}
	agencies.WriteString("id,name,kind,area_id\n")
	for i := range 200 {
		agencies.WriteString(sprintf("ag%03d,Agency %d,provider,LA%03d\n", i, i, i))
	}
	cohorts.WriteString("id,name,parent_id\nall,All,\n")
	for i := range 200 {
		cohorts.WriteString(sprintf("c%03d,Cohort %d,all\n", i, i))
	}
	programmes.WriteString("id,name,lead_agency_id,start_date,end_date,area_ids,cohort_ids\n")
	for i := range nProgrammes {
		programmes.WriteString(sprintf("p%05d,Programme %d,ag%03d,2025-04,2027-03,LA%03d;LA%03d;SA%03d,c%03d;c%03d\n", i, i, i%200, i%300, (i+7)%300, i%40, i%200, (i+1)%200))
	}
	head := "id,programme_id,funder_id,amount_gbp,start_date,end_date,area_ids\n"
	fundings.WriteString(head)
	bad.WriteString(head)
	for i := range nFundings {
		row := sprintf("f%05d,p%05d,ag%03d,1000000.50,2025-04-01,2026-03-31,LA%03d\n", i, i%nProgrammes, i%200, i%300)
		fundings.WriteString(row)
		if i%10 == 0 {
			row = sprintf("f%05d,q%05d,ag%03d,1000000.50,2025-04-01,2026-03-31,LA%03d\n", i, i, i%200, i%300)
		}
		bad.WriteString(row)
	}
	return []File{
		{Name: "areas.csv", Data: []byte(areas.String())},
		{Name: "agencies.csv", Data: []byte(agencies.String())},
		{Name: "cohorts.csv", Data: []byte(cohorts.String())},
		{Name: "programmes.csv", Data: []byte(programmes.String())},
		{Name: "fundings.csv", Data: []byte(fundings.String())},
	}, File{Name: "fundings.csv", Data: []byte(bad.String())}
}
