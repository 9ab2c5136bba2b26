package registercsv

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"frontdoor/handlers"
)

var writeSeeds = flag.Bool("write-seeds", false, "rewrite the seed files of testdata/fuzz/FuzzPlan from the demo register and the bad-input cases")

// smallOnce loads the small register once for the fuzz target.
var smallOnce = sync.OnceValue(func() *handlers.Register {
	var files []File
	for _, kind := range handlers.RegisterKinds {
		files = append(files, smallFiles()[kind])
	}
	diff, problems := Plan(nil, files, false)
	if len(problems) > 0 {
		panic(problemText(problems))
	}
	return Apply(nil, diff)
})

// FuzzPlan feeds Plan five files (an empty one is left out) and checks that
// it never panics, gives problems or a diff but never both, and that a diff,
// applied and exported, imports cleanly and exports again to the same bytes.
func FuzzPlan(f *testing.F) {
	f.Fuzz(func(t *testing.T, areas, agencies, cohorts, programmes, fundings []byte, replace, onSmall bool) {
		var files []File
		for i, data := range [][]byte{areas, agencies, cohorts, programmes, fundings} {
			if len(data) > 0 {
				files = append(files, File{Name: FileName(handlers.RegisterKinds[i]), Data: data})
			}
		}
		current := &handlers.Register{}
		if onSmall {
			current = smallOnce()
		}
		diff, problems := Plan(current, files, replace)
		if (diff == nil) == (len(problems) == 0) {
			t.Fatalf("Plan gave diff=%v and %d problems; want exactly one of them", diff != nil, len(problems))
		}
		last := -1
		for _, p := range problems {
			kind, _ := KindOf(p.File)
			if r := kindRank(kind)*1_000_000_000 + p.Line; r < last || p.Message == "" || p.Line < 0 {
				t.Fatalf("problems out of order or empty:\n%s", problemText(problems))
			} else {
				last = r
			}
		}
		if diff == nil {
			return
		}
		first := exportAll(t, Apply(current, diff))
		again, problems := Plan(&handlers.Register{}, first, false)
		if len(problems) > 0 {
			t.Fatalf("the export of an accepted import is refused:\n%s", problemText(problems))
		}
		second := exportAll(t, Apply(nil, again))
		for i := range first {
			if !bytes.Equal(first[i].Data, second[i].Data) {
				t.Fatalf("%s changed on export → import → export:\n%q\n%q", first[i].Name, first[i].Data, second[i].Data)
			}
		}
	})
}

// TestWriteFuzzSeeds writes the seed corpus (go test -run TestWriteFuzzSeeds
// -write-seeds): the demo register, the awkward spreadsheet input and every
// bad-input case, in Go's corpus format so that every `go test` replays them.
func TestWriteFuzzSeeds(t *testing.T) {
	if !*writeSeeds {
		t.Skip("run with -write-seeds to rewrite the seed corpus")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzPlan")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name string, files []File, replace, onSmall bool) {
		slots := make([][]byte, len(handlers.RegisterKinds))
		for _, f := range files {
			if kind, ok := KindOf(f.Name); ok && slots[kindRank(kind)] == nil {
				slots[kindRank(kind)] = f.Data
			}
		}
		var b strings.Builder
		b.WriteString("go test fuzz v1\n")
		for _, s := range slots {
			fmt.Fprintf(&b, "[]byte(%s)\n", strconv.Quote(string(s)))
		}
		fmt.Fprintf(&b, "bool(%v)\nbool(%v)\n", replace, onSmall)
		if err := os.WriteFile(filepath.Join(dir, "seed-"+name), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("demo", demoFiles(t), false, false)
	write("demo-replace-small", demoFiles(t), true, true)
	write("awkward", awkwardFiles(), false, false)
	var small []File
	for _, kind := range handlers.RegisterKinds {
		small = append(small, smallFiles()[kind])
	}
	write("small", small, false, false)
	write("partial-programmes", []File{csvFile("programmes.csv", "ID, Capacity ,contact", "youth_guarantee,750,yg@gmca.gov.uk", "restart,,")}, false, true)
	for _, c := range badInputCases() {
		name := strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				return r
			}
			if r >= 'A' && r <= 'Z' {
				return r + 'a' - 'A'
			}
			return '-'
		}, c.name)
		write(name, c.files, c.replace, !c.empty)
	}
}
