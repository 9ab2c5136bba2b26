package registercsv

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"frontdoor/handlers"
)

// ActionColumns are the columns of actions.csv, written by `frontdoor export`
// beside the register so the action log can be read in a spreadsheet. It is
// an export only: actions are kept in the database, not imported from CSV.
var ActionColumns = []string{
	"id", "text", "status", "owner_id", "owner_name", "creator_id", "due",
	"agency_ids", "programme_ids", "cohort_ids", "channel_id", "link",
	"created_at", "updated_at", "closed_at",
}

// AuditColumns are the columns of audit.csv.
var AuditColumns = []string{"id", "at", "actor", "kind", "subject", "outcome", "before", "after", "detail"}

// WriteActions writes actions as CSV, one row each, in the order given. A
// cell a spreadsheet would run as a formula ("=HYPERLINK(…)" in an action's
// text) gets a leading "'", as in the register files.
func WriteActions(w io.Writer, actions []handlers.Action) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(ActionColumns); err != nil {
		return err
	}
	for _, a := range actions {
		row := []string{
			strconv.FormatInt(a.ID, 10), a.Text, a.Status, a.OwnerID, a.OwnerName, a.CreatorID, a.Due.String(),
			strings.Join(a.TagIDs(handlers.TagAgency), ";"), strings.Join(a.TagIDs(handlers.TagProgramme), ";"),
			strings.Join(a.TagIDs(handlers.TagCohort), ";"), a.ChannelID, a.Link,
			instant(a.CreatedAt), instant(a.UpdatedAt), instant(a.ClosedAt),
		}
		if err := cw.Write(escapeRecord(row)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteAudit writes audit rows as CSV, oldest first as given.
func WriteAudit(w io.Writer, entries []handlers.AuditEntry) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(AuditColumns); err != nil {
		return err
	}
	for _, e := range entries {
		row := []string{
			strconv.FormatInt(e.ID, 10), instant(e.At), e.Actor, e.Kind, e.Subject, e.Outcome,
			string(e.Before), string(e.After), e.Detail,
		}
		if err := cw.Write(escapeRecord(row)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// instant writes a UTC time to the millisecond, or "" for none.
func instant(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}
