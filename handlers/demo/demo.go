// Package demo holds the demo register: a real-world sample of English
// employment-and-health programmes in register format v2, embedded in the
// binary so that `frontdoor try` and `--demo` work on a fresh machine, and
// read by the tests as the repository's copy.
package demo

import (
	"embed"
	"io/fs"
)

//go:embed register/*.csv
var files embed.FS

// Register returns the demo register's folder: agencies.csv, areas.csv,
// cohorts.csv, fundings.csv and programmes.csv.
func Register() fs.FS {
	sub, err := fs.Sub(files, "register")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder exists
	}
	return sub
}
