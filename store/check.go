package store

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"

	"github.com/mattn/go-sqlite3"

	"frontdoor/handlers"
)

// ErrNotFrontdoor is returned (wrapped) by OpenReadOnly for a file that is
// not a Frontdoor database: empty, not SQLite, or another program's SQLite.
var ErrNotFrontdoor = errors.New("not a Frontdoor database")

// OpenReadOnly opens the database at path for reading only, as `frontdoor
// check` needs: no migration, no journal mode set, nothing created beside it,
// and every byte of the file, its -wal and its -shm left as they were. It
// works in a folder nobody may write to. A file that is not a Frontdoor
// database (empty, not SQLite, another program's SQLite, a newer schema) is
// refused with a sentence saying what it is. The DB refuses every write.
//
// How the file is opened depends on what lies beside it:
//   - no -wal: immutable=1. SQLite reads the file alone, takes no locks and
//     creates no -wal or -shm. A process with the database open always has
//     its -wal, so nobody is writing it.
//   - a -wal and a -shm: mode=ro with readonly_shm=1. The write-ahead log is
//     read (it may hold the latest commits) and the -shm is never written,
//     even when the server is running.
//   - an empty -wal and no -shm: immutable=1, the log holds nothing.
//   - a -wal with frames but no -shm: a process stopped without closing and
//     nobody has the file open. SQLite would have to create the -shm, so the
//     file and its log are copied to a temporary folder and the copy is read.
func OpenReadOnly(ctx context.Context, path string, opts Options) (*DB, error) {
	switch {
	case path == "":
		return nil, errors.New("store: open read-only: no database path given")
	case strings.Contains(path, "?"):
		return nil, fmt.Errorf("store: open %s read-only: the path must not contain '?'", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("store: open %s read-only: %w", path, err)
	}
	fail := func(format string, args ...any) error {
		return fmt.Errorf("store: open %s read-only: "+format, append([]any{abs}, args...)...)
	}
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fail("there is no database file there: %w", fs.ErrNotExist)
	case err != nil:
		return nil, fail("%w", unwrapPath(err))
	case fi.IsDir():
		return nil, fail("that is a folder, not a database file")
	case !fi.Mode().IsRegular():
		return nil, fail("that is not a regular file: %w", ErrNotFrontdoor)
	case fi.Size() == 0:
		return nil, fail("it is an empty file (0 bytes), %w", ErrNotFrontdoor)
	}
	if err := checkSQLiteHeader(abs); err != nil {
		return nil, fail("%w", err)
	}

	db := &DB{path: abs, log: opts.Logger, now: clockOf(opts).Now}
	if db.log == nil {
		db.log = slog.New(slog.DiscardHandler)
	}
	file := abs
	wal, walErr := os.Stat(abs + "-wal")
	_, shmErr := os.Stat(abs + "-shm")
	params := "mode=ro&immutable=1"
	switch {
	case walErr != nil && !errors.Is(walErr, fs.ErrNotExist):
		return nil, fail("%w", unwrapPath(walErr))
	case walErr != nil: // no -wal
	case shmErr == nil:
		params = "mode=ro&readonly_shm=1"
	case wal.Size() == 0: // nothing in the log
	default:
		if file, err = copyForReading(abs); err != nil {
			return nil, fail("copy it with its -wal to read them without writing beside them: %w", err)
		}
		db.cleanup = func() { os.RemoveAll(filepath.Dir(file)) }
		params = "mode=ro"
	}
	busy := cmp.Or(opts.BusyTimeout, DefaultBusyTimeout)
	readers := opts.MaxReaders
	if readers <= 0 {
		readers = 2
	}
	u := url.URL{Scheme: "file", Path: file, RawQuery: fmt.Sprintf("%s&_foreign_keys=on&_busy_timeout=%d", params, max(busy.Milliseconds(), 1))}
	db.reader, err = sql.Open(cmp.Or(opts.DriverName, "sqlite3"), u.String())
	if err != nil {
		db.Close()
		return nil, fail("%w", err)
	}
	db.reader.SetMaxOpenConns(readers)
	if err := recognise(ctx, db.reader); err != nil {
		db.Close()
		return nil, fail("%w", err)
	}
	return db, nil
}

// sqliteHeader starts every SQLite database file.
var sqliteHeader = []byte("SQLite format 3\x00")

func checkSQLiteHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return unwrapPath(err)
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, head); err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return unwrapPath(err)
	}
	if !bytes.Equal(head, sqliteHeader) {
		return fmt.Errorf("it is not an SQLite database (it does not start with SQLite's header), so %w", ErrNotFrontdoor)
	}
	return nil
}

// copyForReading copies the database and its -wal into a new temporary
// folder and returns the copy's path.
func copyForReading(abs string) (string, error) {
	dir, err := os.MkdirTemp("", "frontdoor-check-")
	if err != nil {
		return "", err
	}
	dst := filepath.Join(dir, filepath.Base(abs))
	for _, suffix := range []string{"", "-wal"} {
		if err := copyFile(abs+suffix, dst+suffix); err != nil {
			os.RemoveAll(dir)
			return "", err
		}
	}
	return dst, nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// createTable finds the tables a migration creates.
var createTable = regexp.MustCompile(`(?im)^\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?"?(\w+)"?`)

// schemaTables returns the tables migrations 1 to version create.
func schemaTables(ms []migration, version int) []string {
	var tables []string
	for _, m := range ms[:min(version, len(ms))] {
		for _, sub := range createTable.FindAllStringSubmatch(m.sql, -1) {
			tables = append(tables, sub[1])
		}
	}
	return tables
}

// recognise says what the file is unless it is a Frontdoor database of a
// schema this program knows.
func recognise(ctx context.Context, reader *sql.DB) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	latest := len(ms)
	v, err := userVersion(ctx, reader)
	if err != nil {
		if isNotADB(err) {
			return fmt.Errorf("it is not an SQLite database SQLite can read (%v), so %w", err, ErrNotFrontdoor)
		}
		if isCantOpen(err) {
			return cantRead(err)
		}
		return fmt.Errorf("read schema version: %w", err)
	}
	rows, err := reader.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return fmt.Errorf("read tables: %w", err)
	}
	have := map[string]bool{}
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return fmt.Errorf("read tables: %w", err)
		}
		have[name] = true
		names = append(names, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read tables: %w", err)
	}
	missing := func(version int) []string {
		var out []string
		for _, t := range schemaTables(ms, version) {
			if !have[t] {
				out = append(out, t)
			}
		}
		return out
	}
	// The tables of the first schema (or of the one the file claims) that it has.
	claimed := min(max(v, 1), latest)
	switch {
	case v == 0 && len(names) == 0:
		return fmt.Errorf("it is an empty SQLite database that Frontdoor has never set up, so %w (frontdoor import sets one up)", ErrNotFrontdoor)
	case len(missing(claimed)) == len(schemaTables(ms, claimed)):
		return fmt.Errorf("it is another program's SQLite database (its tables: %s), %w", listNames(names, 8), ErrNotFrontdoor)
	case v > latest:
		return newerSchema(v, latest)
	case v == 0:
		return fmt.Errorf("it holds some of Frontdoor's tables but no schema version: a half-made or damaged Frontdoor database; restore a backup (%w)", ErrNotFrontdoor)
	case len(missing(v)) > 0:
		return fmt.Errorf("it is a damaged Frontdoor database: schema version %d, but without the tables %s; restore a backup (%w)",
			v, listNames(missing(v), 8), ErrNotFrontdoor)
	}
	return nil
}

func listNames(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:n], ", ") + fmt.Sprintf(" and %d more", len(names)-n)
}

// cantReadError is SQLite refusing to open the file for reading. Its text
// is a sentence of its own: SQLite's reason names errno of whichever file
// it tried last (often a -wal that does not exist), not the database.
type cantReadError struct{ err error }

func (e *cantReadError) Error() string {
	return "SQLite could not open it for reading (is the file, and the folder holding it, readable by this user?)"
}
func (e *cantReadError) Unwrap() error { return e.err }

func cantRead(err error) error { return &cantReadError{err: err} }

func isNotADB(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.Code == sqlite3.ErrNotADB
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

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

// healthProbeKey is the idempotency row CheckWritable rewrites to see whether
// the disk takes a write again after one was refused.
const healthProbeKey = "health:write-probe"

// CheckWritable reports whether the database would take a write now, for
// /healthz, without changing the record: nil, or an error matching
// handlers.ErrUnwritable that says why not (handlers.ErrBusy when another
// write holds the lock). It checks, cheapest first, that
//   - the file, its -wal and its -shm may be written (access(2) with W_OK:
//     it sees permission bits, the immutable flag and a read-only mount);
//   - SQLite will begin a write transaction (BEGIN IMMEDIATE, then
//     ROLLBACK): a file SQLite opened read-only refuses here;
//   - when the disk refused the last write (full, failing), a real one now
//     succeeds: one row of the idempotency table is rewritten and committed.
//
// It takes the write lock for a moment; callers rate-limit it.
func (db *DB) CheckWritable(ctx context.Context) error {
	if db.writer == nil {
		return fmt.Errorf("store: %w: %w", ErrReadOnly, handlers.ErrUnwritable)
	}
	for _, p := range []string{db.path, db.path + "-wal", db.path + "-shm"} {
		err := syscall.Access(p, accessWrite)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("store: %s is read-only (%v), so nothing can be saved: %w", filepath.Base(p), err, handlers.ErrUnwritable)
		}
	}
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		if isBusy(err) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			return fmt.Errorf("store: a write is in progress: %w", handlers.ErrBusy)
		}
		return fmt.Errorf("store: SQLite will not begin a write (%v), so nothing can be saved: %w", err, handlers.ErrUnwritable)
	}
	if err := tx.Rollback(); err != nil {
		return fmt.Errorf("store: roll back the probe: %w", err)
	}
	if !db.diskRefused.Load() {
		return nil
	}
	err = db.write(ctx, "write probe", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO idempotency (key, kind, action_id, at) VALUES (?, ?, NULL, ?)
			ON CONFLICT (key) DO UPDATE SET at = excluded.at`, healthProbeKey, claimKind, stamp(db.now()))
		return err
	})
	switch {
	case err == nil:
		return nil
	case errors.Is(err, handlers.ErrBusy):
		return fmt.Errorf("store: a write is in progress: %w", handlers.ErrBusy)
	case errors.Is(err, handlers.ErrUnwritable):
		return fmt.Errorf("store: the disk refused the last write and refuses one now, so nothing can be saved: %w", err)
	}
	return fmt.Errorf("store: the disk refused the last write, and a write now fails (%v): %w", err, handlers.ErrUnwritable)
}

// accessWrite is access(2)'s W_OK.
const accessWrite = 0x2
