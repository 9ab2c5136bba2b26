// Package golden compares what a test produces with a golden file under the
// test's testdata, and rewrites the files instead when the tests run with
// -update (go test ./... -update, or one package's tests). It is the one
// golden-file helper and the one -update flag of every test that has golden
// files; only tests import it.
//
// Regenerate only when a change of output is intended, review the diff, and
// say in the commit which replies changed and why.
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files from what the tests produce")

// Updating reports whether the tests run with -update.
func Updating() bool { return *update }

// Check compares got with the golden file at path (relative to the test's
// package), or with -update writes got there. A difference is reported
// with the first line that differs.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < max(len(gl), len(wl)); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Errorf("%s differs from what the test produced at line %d:\n got %q\nwant %q\n(run with -update if the change is intended, and review the diff)", path, i+1, g, w)
			return
		}
	}
	t.Errorf("%s differs from what the test produced (run with -update if the change is intended)", path)
}
