package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"frontdoor/config"
	"frontdoor/handlers"
	"frontdoor/handlers/registercsv"
	"frontdoor/store"
)

func runImport(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "import", "import [--db PATH] [--replace] PATH\n       frontdoor import [--db PATH] --360giving FILE [--prefix 360G-…] [--skip-unmatched]\n\nPATH is a folder holding any of areas.csv, agencies.csv, cohorts.csv, programmes.csv and\nfundings.csv, or one file named after its kind. FILE is a 360Giving JSON package or the CSV of its\nspreadsheet template: each grant becomes a funding of kind grant. Everything is checked first and\napplied in one transaction: a file with problems changes nothing.")
	f := addDBFlags(fs, false)
	replace := fs.Bool("replace", false, "make the register exactly the files: rows of those kinds missing from the files are deleted")
	giving := addGiving360Flags(fs, true)
	pos, code, ok := parseFlags(e, fs, args)
	if !ok {
		return code
	}
	if giving.given() {
		return runImport360(ctx, e, f, giving, *replace, pos)
	}
	if len(pos) != 1 {
		fmt.Fprintln(e.stderr, "frontdoor import: give one folder or file, for example: frontdoor import ./register")
		return exitUsage
	}
	cfg, err := f.settings(e)
	if err != nil {
		fmt.Fprintln(e.stderr, err)
		return exitUsage
	}
	files, err := readRegisterPath(pos[0])
	if err != nil {
		return fail(e, "frontdoor import: %v", err)
	}
	log := newLogger(e.stderr, slog.LevelWarn)
	db, cleanup, err := f.openDB(ctx, e, cfg, false, false, log, nil)
	if err != nil {
		return fail(e, "frontdoor import: %v", err)
	}
	defer cleanup()
	actor := f.person(e).ID
	err = importFiles(ctx, db, files, *replace, actor, func(diff *handlers.RegisterDiff) {
		if diff.Empty() {
			fmt.Fprintf(e.stdout, "Imported into %s: nothing changed.\n", cfg.DB)
		} else {
			fmt.Fprintf(e.stdout, "Imported into %s:\n", cfg.DB)
		}
		printDiff(e.stdout, diff)
	})
	var pe *problemsError
	if errors.As(err, &pe) {
		for _, p := range pe.problems {
			fmt.Fprintln(e.stderr, p.String())
		}
		return fail(e, "frontdoor import: %v", err)
	}
	if err != nil {
		return fail(e, "frontdoor import: %v; nothing was changed", err)
	}
	return exitOK
}

// printDiff prints an import's counts, a line per kind, and its warnings.
func printDiff(w io.Writer, diff *handlers.RegisterDiff) {
	for _, line := range diff.Summary() {
		fmt.Fprintf(w, "  %s\n", line)
	}
	if len(diff.Warnings) > 0 {
		fmt.Fprintf(w, "%d warning(s):\n", len(diff.Warnings))
		for _, p := range diff.Warnings {
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
}

func runExport(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "export", "export [--db PATH | --demo] DIR\n       frontdoor export [--db PATH | --demo] --360giving FILE.json [--prefix 360G-…]\n\nWrites areas.csv, agencies.csv, cohorts.csv, programmes.csv and fundings.csv to DIR\n(created if missing; existing files are replaced); with --360giving, the fundings of kind grant\nas a 360Giving package to FILE.json, listing those left out.")
	f := addDBFlags(fs, true)
	giving := addGiving360Flags(fs, false)
	pos, code, ok := parseFlags(e, fs, args)
	if !ok {
		return code
	}
	if giving.given() {
		return runExport360(ctx, e, f, giving, pos)
	}
	if len(pos) != 1 {
		fmt.Fprintln(e.stderr, "frontdoor export: give one folder, for example: frontdoor export ./register")
		return exitUsage
	}
	_, db, cleanup, code := f.openExisting(ctx, e, "export")
	if db == nil {
		return code
	}
	defer cleanup()
	reg, err := db.LoadRegister(ctx)
	if err != nil {
		return fail(e, "frontdoor export: %v", err)
	}
	dir := pos[0]
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fail(e, "frontdoor export: %v", err)
	}
	for _, kind := range handlers.RegisterKinds {
		var buf bytes.Buffer
		if err := registercsv.Write(&buf, kind, reg); err != nil {
			return fail(e, "frontdoor export: %s: %v", kind, err)
		}
		if err := writeFileAtomic(filepath.Join(dir, kind+".csv"), buf.Bytes()); err != nil {
			return fail(e, "frontdoor export: %v", err)
		}
	}
	actions, err := db.AllActions(ctx)
	if err != nil {
		return fail(e, "frontdoor export: %v", err)
	}
	audit, err := db.Audit(ctx, store.AuditFilter{})
	if err != nil {
		return fail(e, "frontdoor export: %v", err)
	}
	for name, write := range map[string]func(*bytes.Buffer) error{
		"actions.csv": func(b *bytes.Buffer) error { return registercsv.WriteActions(b, actions) },
		"audit.csv":   func(b *bytes.Buffer) error { return registercsv.WriteAudit(b, audit) },
	} {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			return fail(e, "frontdoor export: %s: %v", name, err)
		}
		if err := writeFileAtomic(filepath.Join(dir, name), buf.Bytes()); err != nil {
			return fail(e, "frontdoor export: %v", err)
		}
	}
	fmt.Fprintf(e.stdout, "Exported %d areas, %d agencies, %d cohorts, %d programmes and %d fundings, %d actions and %d audit entries to %s\n",
		len(reg.Areas), len(reg.Agencies), len(reg.Cohorts), len(reg.Programmes), len(reg.Fundings), len(actions), len(audit), dir)
	return exitOK
}

// writeFileAtomic writes through a temporary file and a rename, so a reader
// never sees half a file.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func runCheck(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "check", "check [--db PATH | --demo]\n\nRuns SQLite's integrity_check and foreign_key_check and says ok or what is wrong. It only\nreads: the file is opened read-only, not migrated, and left byte for byte as it was (its -wal\nand -shm too), so it works in a read-only folder and on a copy. A file that is not a Frontdoor\ndatabase is refused, saying what it is.")
	f := addDBFlags(fs, true)
	if _, code, ok := parseFlags(e, fs, args); !ok {
		return code
	}
	cfg, err := f.settings(e)
	if err != nil {
		fmt.Fprintln(e.stderr, err)
		return exitUsage
	}
	label := cfg.DB
	var db *store.DB
	if f.demo {
		label = "the demo database"
		var cleanup func()
		if db, cleanup, err = openDemo(ctx, newLogger(e.stderr, slog.LevelWarn), nil); err != nil {
			return fail(e, "frontdoor check: %v", err)
		}
		defer cleanup()
	} else {
		db, err = store.OpenReadOnly(ctx, cfg.DB, store.Options{Logger: newLogger(e.stderr, slog.LevelWarn)})
		if errors.Is(err, os.ErrNotExist) {
			return fail(e, "frontdoor check: there is no database at %s: give its path with --db (or FRONTDOOR_DB)", cfg.DB)
		}
		if err != nil {
			return fail(e, "frontdoor check: %v", err)
		}
		defer db.Close()
	}
	problems, err := db.Check(ctx)
	if err != nil {
		return fail(e, "frontdoor check: %v", err)
	}
	if len(problems) == 0 {
		fmt.Fprintf(e.stdout, "%s: ok\n", label)
		return exitOK
	}
	for _, p := range problems {
		fmt.Fprintln(e.stdout, p)
	}
	return fail(e, "%s: %d problem(s)", label, len(problems))
}

func runBackup(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "backup", "backup [--db PATH] FILE\n\nWrites a consistent copy of the database to FILE (SQLite's VACUUM INTO), safe while\nFrontdoor is running. FILE must not exist. Restore by stopping Frontdoor and copying\nFILE over the database.")
	f := addDBFlags(fs, false)
	pos, code, ok := parseFlags(e, fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprintln(e.stderr, "frontdoor backup: give the file to write, for example: frontdoor backup ./frontdoor-2026-11-22.db")
		return exitUsage
	}
	cfg, db, cleanup, code := f.openExisting(ctx, e, "backup")
	if db == nil {
		return code
	}
	defer cleanup()
	if err := db.Backup(ctx, pos[0]); err != nil {
		return fail(e, "frontdoor backup: %v", err)
	}
	fmt.Fprintf(e.stdout, "Backed up %s to %s\n", cfg.DB, pos[0])
	return exitOK
}

// openExisting loads the settings and opens the existing database named by
// the flags (or the demo) for a command that reads it; on failure it has
// said why and returns the exit code.
func (f *dbFlags) openExisting(ctx context.Context, e *env, name string) (*config.Config, *store.DB, func(), int) {
	cfg, err := f.settings(e)
	if err != nil {
		fmt.Fprintln(e.stderr, err)
		return nil, nil, nil, exitUsage
	}
	db, cleanup, err := f.openDB(ctx, e, cfg, false, true, newLogger(e.stderr, slog.LevelWarn), nil)
	if err != nil {
		return nil, nil, nil, fail(e, "frontdoor %s: %v", name, err)
	}
	return cfg, db, cleanup, exitOK
}
