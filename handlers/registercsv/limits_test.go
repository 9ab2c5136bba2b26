package registercsv

import (
	"fmt"
	"strings"
	"testing"

	"frontdoor/handlers"
)

// chainLines returns a header and n rows of a hierarchy: row i is
// row(id, parent, i) with id prefix+i, whose parent is the row before it
// (the first has none).
func chainLines(header, prefix string, n int, row func(id, parent string, i int) string) []string {
	lines := []string{header}
	for i := 1; i <= n; i++ {
		parent := ""
		if i > 1 {
			parent = fmt.Sprint(prefix, i-1)
		}
		lines = append(lines, row(fmt.Sprint(prefix, i), parent, i))
	}
	return lines
}

// areaChain returns areas.csv with a chain of n areas: a1 at the top, each
// next one inside the one before.
func areaChain(n int) File {
	return csvFile("areas.csv", chainLines("id,name,kind,parent_id", "a", n, func(id, parent string, i int) string {
		return fmt.Sprintf("%s,Area %d,other,%s", id, i, parent)
	})...)
}

func TestHierarchyOfTwelveLevelsIsAccepted(t *testing.T) {
	diff := mustPlan(t, &handlers.Register{}, []File{areaChain(12)}, false)
	if n := len(diff.Areas.Added); n != 12 {
		t.Errorf("%d areas added, want 12", n)
	}
}

func TestAreaChainOfThirteenLevelsIsRefused(t *testing.T) {
	diff, problems := Plan(&handlers.Register{}, []File{areaChain(13)}, false)
	want := `areas.csv:14: parent_id: area "a13" is 13 levels deep ("a13" → "a12" → "a11" → … → "a2" → "a1"); a hierarchy may be at most 12 levels deep (England's is 5: country, authority, county, district, ward), so give it a parent higher up`
	if got := problemText(problems); diff != nil || got != want {
		t.Errorf("diff %v, problems:\n%s\nwant:\n%s", diff != nil, got, want)
	}
}

// TestVeryDeepChainIsRefusedOnce: a chain of 20,000 areas, written bottom
// first so that every walk up is as long as it can be, is refused with one
// problem, on the row where it passes the limit. The check remembers depths,
// so it walks each row once (BenchmarkPlanDeepChain measures it).
func TestVeryDeepChainIsRefusedOnce(t *testing.T) {
	diff, problems := Plan(&handlers.Register{}, []File{reversed(areaChain(20_000))}, false)
	if diff != nil || len(problems) != 1 {
		t.Fatalf("diff %v, %d problems, want one:\n%s", diff != nil, len(problems), problemText(problems[:min(5, len(problems))]))
	}
	// a13 is the 13th row from the top, on line 20,000 - 13 + 2 of the reversed file.
	want := `areas.csv:19989: parent_id: area "a13" is 13 levels deep`
	if got := problems[0].String(); !strings.HasPrefix(got, want) {
		t.Errorf("problem:\n%s\nwant it to start:\n%s", got, want)
	}
}

// reversed puts a file's data rows in the opposite order.
func reversed(f File) File {
	lines := strings.Split(strings.TrimSuffix(string(f.Data), "\n"), "\n")
	rows := lines[1:]
	for i, j := 0, len(rows)-1; i < j; i, j = i+1, j-1 {
		rows[i], rows[j] = rows[j], rows[i]
	}
	return csvFile(f.Name, lines...)
}

func TestCohortChainOfThirteenLevelsIsRefused(t *testing.T) {
	lines := chainLines("id,name,parent_id", "c", 13, func(id, parent string, i int) string {
		return fmt.Sprintf("%s,Cohort %d,%s", id, i, parent)
	})
	diff, problems := Plan(smallRegister(t), []File{csvFile("cohorts.csv", lines...)}, false)
	want := `cohorts.csv:14: parent_id: cohort "c13" is 13 levels deep ("c13" → "c12" → "c11" → … → "c2" → "c1"); a hierarchy may be at most 12 levels deep (England's is 5: country, authority, county, district, ward), so give it a parent higher up`
	if got := problemText(problems); diff != nil || got != want {
		t.Errorf("diff %v, problems:\n%s\nwant:\n%s", diff != nil, got, want)
	}
}

// TestStoredRowsPushedTooDeep: a file that puts England under a chain of
// ten new areas pushes the stored councils (England → Greater Manchester →
// council) to 13 levels; the row that did it is named.
func TestStoredRowsPushedTooDeep(t *testing.T) {
	lines := chainLines("id,name,kind,parent_id", "n", 10, func(id, parent string, i int) string {
		return fmt.Sprintf("%s,N %d,other,%s", id, i, parent)
	})
	lines = append(lines, "E92000001,England,country,n10")
	diff, problems := Plan(smallRegister(t), []File{csvFile("areas.csv", lines...)}, false)
	want := strings.Join([]string{
		`areas.csv:12: parent_id: this row puts area "E08000003", below it, 13 levels deep ("E08000003" → "E47000001" → "E92000001" → … → "n2" → "n1"); a hierarchy may be at most 12 levels deep, so give this row or one below it a parent higher up`,
		`areas.csv:12: parent_id: this row puts area "E08000001", below it, 13 levels deep ("E08000001" → "E47000001" → "E92000001" → … → "n2" → "n1"); a hierarchy may be at most 12 levels deep, so give this row or one below it a parent higher up`,
	}, "\n")
	if got := problemText(problems); diff != nil || got != want {
		t.Errorf("diff %v, problems:\n%s\nwant:\n%s", diff != nil, got, want)
	}
}

// TestLongLoopIsReportedOnce: a loop of 20,000 areas is one problem.
func TestLongLoopIsReportedOnce(t *testing.T) {
	lines := []string{"id,name,kind,parent_id"}
	for i := 1; i <= 20_000; i++ {
		lines = append(lines, fmt.Sprintf("a%d,A %d,other,a%d", i, i, i%20_000+1))
	}
	diff, problems := Plan(&handlers.Register{}, []File{csvFile("areas.csv", lines...)}, false)
	if diff != nil || len(problems) != 1 || len(problems[0].Message) > 300 || !strings.HasPrefix(problems[0].String(), `areas.csv:2: parent_id: areas form a loop through parent_id: "a1" → "a2" → "a3" → … → "a20000" → "a1"`) {
		t.Errorf("diff %v, %d problems: %.300s", diff != nil, len(problems), problemText(problems))
	}
}

func BenchmarkPlanDeepChain(b *testing.B) {
	f := reversed(areaChain(20_000))
	b.ReportAllocs()
	for b.Loop() {
		if _, problems := Plan(&handlers.Register{}, []File{f}, false); len(problems) != 1 {
			b.Fatal(problemText(problems))
		}
	}
}

func TestSizeLimits(t *testing.T) {
	tests := []struct {
		name  string
		files func() []File
		want  string
	}{
		{
			name: "a cell too long",
			files: func() []File {
				return []File{csvFile("programmes.csv", "id,description", "restart,"+strings.Repeat("é", MaxCellChars+1))}
			},
			want: `programmes.csv:2: description: is 20,001 characters long; a cell may hold at most 20,000, so shorten it (a long text can go in a document, linked from the url or source_url column)`,
		},
		{
			name: "a list cell too long",
			files: func() []File {
				ids := make([]string, MaxListItems+1)
				for i := range ids {
					ids[i] = fmt.Sprintf("w%d", i)
				}
				return []File{csvFile("programmes.csv", "id,area_ids", "restart,"+strings.Join(ids, ";"))}
			},
			want: `programmes.csv:2: area_ids: lists 1,001 area ids; a list cell may hold at most 1,000, so name a broader area that takes them in instead of each one`,
		},
		{
			name: "too many rows",
			files: func() []File {
				lines := []string{"id,name"}
				for i := range MaxRows[handlers.KindCohorts] - 3 { // the small register holds 4
					lines = append(lines, fmt.Sprintf("c%d,Cohort %d", i, i))
				}
				return []File{csvFile("cohorts.csv", lines...)}
			},
			want: `cohorts.csv: with this file the register would hold 5,001 cohorts, and it may hold at most 5,000; leave out the rows the unit does not need (import with --replace to drop stored rows the file leaves out)`,
		},
		{
			name: "a file too large",
			files: func() []File {
				return []File{{Name: "fundings.csv", Data: append([]byte("id,notes\n"), make([]byte, MaxFileBytes)...)}}
			},
			want: `fundings.csv: the file is 33 MB; a register file may be at most 32 MB. Check it is the right file (a register of every programme in the country is a few MB)`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diff, problems := Plan(smallRegister(t), tt.files(), false)
			if got := problemText(problems); diff != nil || got != tt.want {
				t.Errorf("diff %v, problems:\n%.400s\nwant:\n%s", diff != nil, got, tt.want)
			}
		})
	}
}

// TestListItemsPerKindLimit: 1,001 programmes each in the same 1,000 areas
// and one cohort, with the small register's two (6 values), hold 1,002,007
// values in all, more than a register's programmes may.
func TestListItemsPerKindLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 10 MB file")
	}
	areas := []string{"id,name,kind,parent_id"}
	ids := make([]string, MaxListItems)
	for i := range ids {
		ids[i] = fmt.Sprintf("w%d", i)
		areas = append(areas, fmt.Sprintf("w%d,Ward %d,other,E08000003", i, i))
	}
	list := strings.Join(ids, ";")
	programmes := []string{"id,name,lead_agency_id,area_ids,cohort_ids"}
	for i := range MaxListItemsPerKind/MaxListItems + 1 {
		programmes = append(programmes, fmt.Sprintf("p%d,P %d,dwp,%s,neets", i, i, list))
	}
	diff, problems := Plan(smallRegister(t), []File{csvFile("areas.csv", areas...), csvFile("programmes.csv", programmes...)}, false)
	want := `programmes.csv: with this file the list cells of programmes (area_ids, cohort_ids, aliases) would hold 1,002,007 values in all; they may hold at most 1,000,000, so name broader areas and cohorts instead of each one inside them`
	if got := problemText(problems); diff != nil || got != want {
		t.Errorf("diff %v, problems:\n%.400s\nwant:\n%s", diff != nil, got, want)
	}
}
