package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// Check runs SQLite's integrity and foreign key checks and returns one line
// per problem found, or nothing when the database is sound.
func (db *DB) Check(ctx context.Context) ([]string, error) {
	var problems []string
	err := db.read(ctx, "check", func(tx *sql.Tx) error {
		p, err := integrityProblems(ctx, tx)
		if err != nil {
			return err
		}
		problems = append(problems, p...)
		p, err = foreignKeyProblems(ctx, tx)
		if err != nil {
			return err
		}
		problems = append(problems, p...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return problems, nil
}

func integrityProblems(ctx context.Context, tx *sql.Tx) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return nil, fmt.Errorf("integrity check: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, fmt.Errorf("integrity check: %w", err)
		}
		if line != "ok" {
			out = append(out, "integrity: "+line)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("integrity check: %w", err)
	}
	return out, nil
}

type danglingRef struct {
	table  string
	rowid  sql.NullInt64
	parent string
	fkid   int
}

// foreignKeyProblems describes each reference to a missing row, naming the
// row (by id where the table has one), the column and the value.
func foreignKeyProblems(ctx context.Context, tx *sql.Tx) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return nil, fmt.Errorf("foreign key check: %w", err)
	}
	var refs []danglingRef
	for rows.Next() {
		var r danglingRef
		if err := rows.Scan(&r.table, &r.rowid, &r.parent, &r.fkid); err != nil {
			rows.Close()
			return nil, fmt.Errorf("foreign key check: %w", err)
		}
		refs = append(refs, r)
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return nil, fmt.Errorf("foreign key check: %w", err)
	}
	rows.Close()

	var out []string
	for _, r := range refs {
		line, err := describeDanglingRef(ctx, tx, r)
		if err != nil {
			return nil, fmt.Errorf("foreign key check: %w", err)
		}
		out = append(out, line)
	}
	slices.Sort(out) // SQLite reports them in no promised order
	return out, nil
}

func describeDanglingRef(ctx context.Context, tx *sql.Tx, r danglingRef) (string, error) {
	var col string
	err := tx.QueryRowContext(ctx, `SELECT "from" FROM pragma_foreign_key_list(?) WHERE id = ? ORDER BY seq LIMIT 1`,
		r.table, r.fkid).Scan(&col)
	if err != nil {
		return "", err
	}
	if !r.rowid.Valid {
		return fmt.Sprintf("%s: %s refers to a missing %s row", r.table, col, r.parent), nil
	}
	var hasID bool
	if err := tx.QueryRowContext(ctx, `SELECT count(*) > 0 FROM pragma_table_info(?) WHERE name = 'id'`, r.table).Scan(&hasID); err != nil {
		return "", err
	}
	// Table and column names come from the schema, not from input; quote them anyway.
	var value, id sql.NullString
	if hasID {
		err = tx.QueryRowContext(ctx, `SELECT `+quoteIdent(col)+`, id FROM `+quoteIdent(r.table)+` WHERE rowid = ?`, r.rowid.Int64).Scan(&value, &id)
	} else {
		err = tx.QueryRowContext(ctx, `SELECT `+quoteIdent(col)+` FROM `+quoteIdent(r.table)+` WHERE rowid = ?`, r.rowid.Int64).Scan(&value)
	}
	if err != nil {
		return "", err
	}
	row := fmt.Sprintf("%s row %d", r.table, r.rowid.Int64)
	if id.Valid {
		row = fmt.Sprintf("%s %q", r.table, id.String)
	}
	return fmt.Sprintf("%s: %s %q refers to a missing %s row", row, col, value.String, r.parent), nil
}

func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
