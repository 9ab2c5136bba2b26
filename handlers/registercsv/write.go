package registercsv

import (
	"encoding/csv"
	"fmt"
	"io"

	"frontdoor/handlers"
)

// Write writes one kind of the register as canonical CSV: every column of the
// format in its order, a header row, LF line ends, rows in stored order,
// dates YYYY-MM-DD, lists joined with ";", amounts in pounds (whole when the
// pence are zero, else two decimals), booleans true/false, empty for unset.
// A cell a spreadsheet would run as a formula gets a leading "'" (escapeCell).
// Canonical output is what makes export → import → export give the same bytes.
func Write(w io.Writer, kind string, reg *handlers.Register) error {
	if reg == nil {
		reg = &handlers.Register{}
	}
	switch kind {
	case handlers.KindAreas:
		return writeKind(w, areaSchema, reg.Areas)
	case handlers.KindAgencies:
		return writeKind(w, agencySchema, reg.Agencies)
	case handlers.KindCohorts:
		return writeKind(w, cohortSchema, reg.Cohorts)
	case handlers.KindProgrammes:
		return writeKind(w, programmeSchema, reg.Programmes)
	case handlers.KindFundings:
		return writeKind(w, fundingSchema, reg.Fundings)
	}
	return fmt.Errorf("registercsv: write: unknown register kind %q", kind)
}

func writeKind[T any](w io.Writer, s *schema[T], rows []T) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(s.columnNames()); err != nil {
		return fmt.Errorf("registercsv: write %s: %w", s.kind, err)
	}
	rec := make([]string, len(s.cols))
	for i := range rows {
		for j, c := range s.cols {
			rec[j] = escapeCell(c.get(&rows[i]))
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("registercsv: write %s: %w", s.kind, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("registercsv: write %s: %w", s.kind, err)
	}
	return nil
}
