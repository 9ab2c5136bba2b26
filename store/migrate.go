package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"strconv"
	"strings"
)

// Migrations are numbered from 0001 without gaps; the number of the last one
// applied is the database's PRAGMA user_version (0 for a new file).
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations in order, checking that they
// are numbered 1, 2, 3... so a missing or doubled file fails loudly.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for i, name := range names { // fs.Glob returns names sorted
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || len(num) != 4 {
			return nil, fmt.Errorf("migration %s: name must be NNNN_what.sql", base)
		}
		if v != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %04d", base, i+1)
		}
		b, err := migrationFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: base, sql: string(b)})
	}
	return ms, nil
}

// migrate applies every migration the database lacks, each in its own
// transaction with its version, and refuses a database from a newer program.
func migrate(ctx context.Context, writer *sql.DB, log *slog.Logger) error {
	ms, err := migrations()
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	latest := len(ms)
	v, err := userVersion(ctx, writer)
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if v > latest {
		return newerSchema(v, latest)
	}
	for _, m := range ms[v:] {
		if err := applyMigration(ctx, writer, m, latest, log); err != nil {
			return err
		}
	}
	return nil
}

// applyMigration applies m unless another process got there first (the
// version is read again under the write lock, which BEGIN IMMEDIATE takes).
// Note for later migrations: PRAGMA foreign_keys cannot change inside a
// transaction, so a table rebuild must leave every reference valid at COMMIT.
func applyMigration(ctx context.Context, writer *sql.DB, m migration, latest int, log *slog.Logger) error {
	tx, err := writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate to %d: %w", m.version, err)
	}
	defer tx.Rollback()
	v, err := userVersion(ctx, tx)
	if err != nil {
		return fmt.Errorf("migrate to %d: %w", m.version, err)
	}
	if v > latest {
		return newerSchema(v, latest)
	}
	if v >= m.version {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	// PRAGMA takes no parameters; the version is an int we own.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	log.Info("store: schema migrated", "migration", m.name, "version", m.version)
	return nil
}

func newerSchema(v, latest int) error {
	return fmt.Errorf("%w: its schema is version %d and this program knows versions up to %d; run a newer frontdoor, or open a backup made by this version", ErrNewerSchema, v, latest)
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func userVersion(ctx context.Context, q queryer) (int, error) {
	var v int
	err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}
