package handlers

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong (or worth a warning) in an imported file,
// reported as FILE:LINE: COLUMN: message.
type Problem struct {
	File    string // e.g. "programmes.csv"
	Line    int    // 1-based line in the file; 0 when the problem is about the whole file
	Column  string // header name, or "" when the problem is about the row or file
	Message string
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Column != "" {
		b.WriteString(p.Column)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// KindDiff is what an import does to one kind of register row.
type KindDiff[T any] struct {
	Added     []T      // new rows, in file order
	Updated   []T      // rows whose stored values change (the whole new row)
	Deleted   []string // ids removed (only with --replace)
	Unchanged int
}

// Counts returns added, updated, unchanged and deleted counts.
func (d KindDiff[T]) Counts() ImportCounts {
	return ImportCounts{Added: len(d.Added), Updated: len(d.Updated), Unchanged: d.Unchanged, Deleted: len(d.Deleted)}
}

// ImportCounts summarises one kind of an import.
type ImportCounts struct {
	Added, Updated, Unchanged, Deleted int
}

// RegisterDiff is an import worked out in memory, validated, ready to be
// written in one transaction.
type RegisterDiff struct {
	Areas      KindDiff[Area]
	Agencies   KindDiff[Agency]
	Cohorts    KindDiff[Cohort]
	Programmes KindDiff[Programme]
	Fundings   KindDiff[Funding]
	// Kinds lists the kinds the import touched (files present), in dependency order.
	Kinds []string
	// Replace is true for --replace imports.
	Replace  bool
	Warnings []Problem
}

// CountsByKind returns the counts of each kind the import touched.
func (d *RegisterDiff) CountsByKind() map[string]ImportCounts {
	all := map[string]ImportCounts{
		KindAreas:      d.Areas.Counts(),
		KindAgencies:   d.Agencies.Counts(),
		KindCohorts:    d.Cohorts.Counts(),
		KindProgrammes: d.Programmes.Counts(),
		KindFundings:   d.Fundings.Counts(),
	}
	out := make(map[string]ImportCounts, len(d.Kinds))
	for _, k := range d.Kinds {
		out[k] = all[k]
	}
	return out
}

// Empty reports whether the import changes nothing.
func (d *RegisterDiff) Empty() bool {
	for _, c := range d.CountsByKind() {
		if c.Added+c.Updated+c.Deleted > 0 {
			return false
		}
	}
	return true
}

// Summary describes the counts in one line per kind: "programmes: 3 added, 1 updated, 20 unchanged".
func (d *RegisterDiff) Summary() []string {
	counts := d.CountsByKind()
	var lines []string
	for _, k := range d.Kinds {
		c := counts[k]
		s := fmt.Sprintf("%s: %d added, %d updated, %d unchanged", k, c.Added, c.Updated, c.Unchanged)
		if d.Replace {
			s += fmt.Sprintf(", %d deleted", c.Deleted)
		}
		lines = append(lines, s)
	}
	return lines
}
