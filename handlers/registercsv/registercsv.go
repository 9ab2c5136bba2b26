// Package registercsv reads and writes register format v2: the five CSV files
// (areas, agencies, cohorts, programmes, fundings) through which people who
// keep the register in spreadsheets bring it in and take it out. A v1 file
// (without v2's columns) reads unchanged: a column left out leaves the stored
// values alone. Export always writes v2.
//
// What leaves and enters is made safe: a cell a spreadsheet would run as a
// formula is written with a leading "'" and read without it (cells.go);
// control characters and bidirectional controls are refused, as are
// hierarchies deeper than MaxDepth and registers beyond the limits in
// cells.go, so that any accepted register is bounded work to load.
//
// It is pure: Plan turns the bytes of the files into a validated
// *handlers.RegisterDiff (or every problem found, as FILE:LINE: COLUMN:
// message), Apply applies a diff in memory, and Write writes one kind back out
// as canonical CSV. Reading files and writing the database belong to the
// callers.
package registercsv

import (
	"path"
	"strings"

	"frontdoor/handlers"
)

// File is one register file as given: its base name ("areas.csv") and its bytes.
type File struct {
	Name string
	Data []byte
}

// KindOf returns the register kind ("areas", ...) of a file name such as
// "areas.csv" (case-insensitive), or ok=false.
func KindOf(name string) (kind string, ok bool) {
	base := strings.ToLower(path.Base(strings.ReplaceAll(name, "\\", "/")))
	kind, found := strings.CutSuffix(base, ".csv")
	if !found {
		return "", false
	}
	for _, k := range handlers.RegisterKinds {
		if k == kind {
			return k, true
		}
	}
	return "", false
}

// FileName returns the canonical file name of a kind: "areas" → "areas.csv".
func FileName(kind string) string { return kind + ".csv" }

// Columns returns the columns of a kind in the format's order (the order
// Write uses), or nil for an unknown kind.
func Columns(kind string) []string {
	switch kind {
	case handlers.KindAreas:
		return areaSchema.columnNames()
	case handlers.KindAgencies:
		return agencySchema.columnNames()
	case handlers.KindCohorts:
		return cohortSchema.columnNames()
	case handlers.KindProgrammes:
		return programmeSchema.columnNames()
	case handlers.KindFundings:
		return fundingSchema.columnNames()
	}
	return nil
}

// kindRank orders kinds by dependency; files that are not register files come last.
func kindRank(kind string) int {
	for i, k := range handlers.RegisterKinds {
		if k == kind {
			return i
		}
	}
	return len(handlers.RegisterKinds)
}
