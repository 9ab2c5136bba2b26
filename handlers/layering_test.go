package handlers_test

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
)

// The import rules of docs/architecture.md, checked on what `go list` says
// the packages import (production code only: tests may import anything).

// coreRank orders the packages of the core: a package imports only packages
// of a lower rank, so every arrow points inwards and none points back. The
// leaf packages (civil, pii, demo, due, holidays) come first, then the
// vocabulary, then what is built on it.
var coreRank = map[string]int{
	"frontdoor/handlers/civil":       0,
	"frontdoor/handlers/pii":         0,
	"frontdoor/handlers/demo":        0,
	"frontdoor/handlers/due":         1,
	"frontdoor/handlers/holidays":    1,
	"frontdoor/handlers":             2,
	"frontdoor/handlers/registercsv": 3,
	"frontdoor/handlers/giving360":   3,
	"frontdoor/handlers/grammar":     3,
	"frontdoor/handlers/index":       3,
	"frontdoor/handlers/digest":      4,
	"frontdoor/handlers/view":        5,
	"frontdoor/handlers/command":     6,
}

// testOnly are the packages that exist for tests: no production package
// may import them.
var testOnly = []string{
	"frontdoor/handlers/regtest",
	"frontdoor/handlers/golden",
	"frontdoor/handlers/command/commandtest",
	"frontdoor/handlers/view/viewtest",
	"frontdoor/handlers/pii/piitest",
	"frontdoor/store/storetest",
	"frontdoor/store/faultdriver",
	"frontdoor/bot/sockettest",
}

// The core reaches neither Slack nor SQLite, nor any adapter.
var coreMustNotReach = []string{
	"github.com/slack-go/slack",
	"github.com/mattn/go-sqlite3",
	"database/sql",
	"net/http",
	"frontdoor/bot",
	"frontdoor/store",
	"frontdoor/config",
	"frontdoor/cmd",
	"frontdoor/reliability",
	"frontdoor/scripts",
}

// botMayUse is the core the Slack side uses: the vocabulary, the grammar
// (to read a command once), the digest it delivers, the views and the service.
var botMayUse = map[string]bool{
	"frontdoor/handlers":          true,
	"frontdoor/handlers/grammar":  true,
	"frontdoor/handlers/digest":   true,
	"frontdoor/handlers/view":     true,
	"frontdoor/handlers/command":  true,
	"frontdoor/handlers/holidays": true,
}

type listedPackage struct {
	ImportPath string
	Imports    []string
	Deps       []string
	CgoFiles   []string
	Standard   bool
}

func listPackages(t *testing.T) map[string]listedPackage {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to list the packages")
	}
	cmd := exec.Command("go", "list", "-deps", "-json", "frontdoor/...")
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	pkgs := map[string]listedPackage{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p listedPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		pkgs[p.ImportPath] = p
	}
	return pkgs
}

func under(path, prefix string) bool { return path == prefix || strings.HasPrefix(path, prefix+"/") }

func TestLayering(t *testing.T) {
	pkgs := listPackages(t)
	if _, ok := pkgs["frontdoor/handlers/command"]; !ok {
		t.Fatal("go list did not list frontdoor/handlers/command: is the test run inside the module?")
	}
	for path, p := range pkgs {
		if !under(path, "frontdoor") {
			continue
		}
		if slicesContain(testOnly, path) || under(path, "frontdoor/scripts") {
			// Packages for tests, and the measuring tools under scripts/
			// (the load client generates its registers), may use them.
			continue
		}
		// No production package imports a package made for tests.
		for _, d := range p.Deps {
			if slicesContain(testOnly, d) {
				t.Errorf("%s depends on %s, which is for tests only", path, d)
			}
		}
		if under(path, "frontdoor/handlers") {
			// The core reaches no Slack, no SQLite, no adapter and no cgo.
			for _, d := range append([]string{path}, p.Deps...) {
				for _, bad := range coreMustNotReach {
					if under(d, bad) {
						t.Errorf("%s depends on %s: the core reaches no Slack, SQLite or adapter", path, d)
					}
				}
				if dp, ok := pkgs[d]; ok && len(dp.CgoFiles) > 0 {
					t.Errorf("%s depends on %s, which uses cgo: the core builds with CGO_ENABLED=0", path, d)
				}
			}
			// Arrows point inwards: each import has a lower rank.
			rank, ranked := coreRank[path]
			if !ranked {
				t.Errorf("%s has no place in the core's order (coreRank): say where it sits", path)
				continue
			}
			for _, imp := range p.Imports {
				if !under(imp, "frontdoor/handlers") {
					continue
				}
				if r, ok := coreRank[imp]; ok && r >= rank {
					t.Errorf("%s (rank %d) imports %s (rank %d): an arrow points back or sideways", path, rank, imp, r)
				}
			}
		}
		// bot and store never import each other.
		for _, d := range p.Deps {
			if under(path, "frontdoor/bot") && under(d, "frontdoor/store") {
				t.Errorf("%s depends on %s: the Slack side and the database never import each other", path, d)
			}
			if under(path, "frontdoor/store") && under(d, "frontdoor/bot") {
				t.Errorf("%s depends on %s: the database and the Slack side never import each other", path, d)
			}
		}
		// store uses the vocabulary only (and the leaf packages).
		if under(path, "frontdoor/store") {
			for _, imp := range p.Imports {
				if r, ok := coreRank[imp]; ok && r > coreRank["frontdoor/handlers/registercsv"] {
					t.Errorf("%s imports %s: the store uses the core's vocabulary and leaf packages only", path, imp)
				}
				if imp == "frontdoor/handlers/grammar" || imp == "frontdoor/handlers/index" {
					t.Errorf("%s imports %s: the store uses the core's vocabulary and leaf packages only", path, imp)
				}
			}
		}
		// bot uses the service, the views and the vocabulary.
		if under(path, "frontdoor/bot") {
			for _, imp := range p.Imports {
				if under(imp, "frontdoor/handlers") && !botMayUse[imp] {
					t.Errorf("%s imports %s: the bot uses the service, the views, the grammar and the vocabulary", path, imp)
				}
			}
		}
	}
}

func slicesContain(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
