// Package storetest holds helpers for tests that must show a database file
// was left alone: every file of its folder, byte for byte. It imports
// nothing of the store, so the store's own tests can use it.
package storetest

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// Files reads every file of dir (not its subfolders) and its bytes.
func Files(dir string) (map[string][]byte, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out[e.Name()] = b
	}
	return out, nil
}

// MustFiles is Files for a test: it fails the test on an error.
func MustFiles(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	files, err := Files(dir)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// Changes says, one line a file, what differs between two readings of a
// folder by Files: files created, removed or changed. None: the same bytes.
func Changes(before, after map[string][]byte) []string {
	var out []string
	for name, b := range before {
		a, ok := after[name]
		switch {
		case !ok:
			out = append(out, name+" was removed")
		case !bytes.Equal(a, b):
			out = append(out, name+" changed")
		}
	}
	for name := range after {
		if _, ok := before[name]; !ok {
			out = append(out, name+" was created")
		}
	}
	slices.Sort(out)
	return out
}
