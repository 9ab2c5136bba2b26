package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"frontdoor/handlers"
)

// Audit kinds, subjects and outcomes.
const (
	AuditImport          = "import"
	AuditActionCreate    = "action.create"
	AuditSubjectRegister = "register"
	OutcomeOK            = handlers.OutcomeOK
	OutcomeRefused       = handlers.OutcomeRefused
)

// auditTimeFormat is RFC 3339 in UTC with milliseconds, fixed width so that
// the text sorts as the instants do. Action times are stored the same way.
const auditTimeFormat = "2006-01-02T15:04:05.000Z07:00"

// AuditEntry is one row of the append-only audit trail. Its At is UTC, to
// the millisecond; After is nil when there is none.
type AuditEntry = handlers.AuditEntry

// AuditFilter narrows Audit; empty fields match everything.
type AuditFilter struct {
	Kind    string
	Subject string
}

// Audit returns the audit rows that match f, oldest first.
func (db *DB) Audit(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	var out []AuditEntry
	err := db.read(ctx, "audit", func(tx *sql.Tx) error {
		var err error
		out, err = auditRows(ctx, tx, f)
		return err
	})
	return out, err
}

func auditRows(ctx context.Context, tx *sql.Tx, f AuditFilter) ([]AuditEntry, error) {
	q := `SELECT id, at, actor, kind, subject, outcome, "before", "after", detail FROM audit`
	var where []string
	var args []any
	if f.Kind != "" {
		where = append(where, "kind = ?")
		args = append(args, f.Kind)
	}
	if f.Subject != "" {
		where = append(where, "subject = ?")
		args = append(args, f.Subject)
	}
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY id"
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at string
		var before, after sql.NullString
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Kind, &e.Subject, &e.Outcome, &before, &after, &e.Detail); err != nil {
			return nil, err
		}
		if e.At, err = time.Parse(time.RFC3339Nano, at); err != nil {
			return nil, fmt.Errorf("row %d: at: %w", e.ID, err)
		}
		if before.Valid {
			e.Before = json.RawMessage(before.String)
		}
		if after.Valid {
			e.After = json.RawMessage(after.String)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// appendAudit adds e (its ID ignored) inside tx, so the record and its audit
// row are committed together or not at all. It returns the new row's id.
func appendAudit(ctx context.Context, tx *sql.Tx, e AuditEntry) (int64, error) {
	var before, after any
	if e.Before != nil {
		before = string(e.Before)
	}
	if e.After != nil {
		after = string(e.After)
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO audit (at, actor, kind, subject, outcome, "before", "after", detail)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		e.At.UTC().Format(auditTimeFormat), e.Actor, e.Kind, e.Subject, e.Outcome, before, after, e.Detail).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("append audit %s: %w", e.Kind, err)
	}
	return id, nil
}
