// Package store keeps Frontdoor's record in one SQLite file: the register, its
// version and the append-only audit trail. It implements what package handlers
// needs from a database; nothing outside this package speaks SQL.
//
// Every connection is configured through its DSN, so each pooled connection
// gets the same settings: foreign keys on, a busy timeout, WAL and
// synchronous=FULL. Writes go through one writer connection whose
// transactions begin IMMEDIATE (they take the write lock at BEGIN, so two
// writers queue on the busy timeout instead of failing half-way); reads use a
// pool of their own, which WAL lets run alongside the writer.
package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/mattn/go-sqlite3"

	"frontdoor/handlers"
)

// DefaultBusyTimeout is how long a connection waits for a lock held by
// another before giving up with handlers.ErrBusy.
const DefaultBusyTimeout = 5 * time.Second

// Options tune Open. The zero value is ready to use.
type Options struct {
	// BusyTimeout is how long to wait for a lock; 0 means DefaultBusyTimeout.
	BusyTimeout time.Duration
	// Logger receives migrations and imports; nil discards them.
	Logger *slog.Logger
	// MaxReaders caps the read pool; 0 means max(4, number of CPUs).
	MaxReaders int
	// Clock stamps audit rows; nil means the wall clock. Stored in UTC.
	Clock handlers.Clock
	// DriverName is the database/sql driver the file is opened with; ""
	// means go-sqlite3's "sqlite3". The fault harnesses pass a wrapper of
	// it (store/faultdriver) that fails chosen writes on the real engine.
	DriverName string
}

// DB is an open Frontdoor database.
type DB struct {
	path   string
	writer *sql.DB // one connection: SQLite allows one writer at a time anyway; nil when opened read-only
	reader *sql.DB
	log    *slog.Logger
	now    func() time.Time
	// cleanup removes what OpenReadOnly made to read the file (a copy), if anything.
	cleanup func()
	// diskRefused is set when the disk refused a write, cleared by the next
	// commit (CheckWritable then probes with a real write).
	diskRefused atomic.Bool
}

// ErrReadOnly is returned (wrapped) for a write to a DB from OpenReadOnly.
var ErrReadOnly = errors.New("the database was opened read-only")

// ErrNewerSchema is returned (wrapped) by Open for a database written by a
// newer version of Frontdoor, whose schema this version does not know.
var ErrNewerSchema = errors.New("database is from a newer version of Frontdoor")

// Open opens (creating if need be) the database file at path and brings its
// schema up to date. The folder must exist.
func Open(ctx context.Context, path string, opts Options) (*DB, error) {
	switch {
	case path == "":
		return nil, errors.New("store: open: no database path given")
	case path == ":memory:" || strings.HasPrefix(path, "file::memory:"):
		// Each pooled connection would get its own empty database, so the
		// reader would never see what the writer wrote.
		return nil, errors.New("store: open: an in-memory database cannot be shared by a connection pool; give a file path (in tests, a file under t.TempDir())")
	case strings.Contains(path, "?"):
		// The driver takes everything after the first '?' as options.
		return nil, fmt.Errorf("store: open %s: the path must not contain '?'", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	dir := filepath.Dir(abs)
	if fi, err := os.Stat(dir); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("store: open %s: folder %s does not exist", abs, dir)
		}
		return nil, fmt.Errorf("store: open %s: %w", abs, err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("store: open %s: %s is not a folder", abs, dir)
	}
	if fi, err := os.Stat(abs); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("store: open %s: that is a folder, not a database file", abs)
	}

	busy := opts.BusyTimeout
	if busy <= 0 {
		busy = DefaultBusyTimeout
	}
	readers := opts.MaxReaders
	if readers <= 0 {
		readers = max(4, runtime.NumCPU())
	}
	db := &DB{path: abs, log: opts.Logger, now: clockOf(opts).Now}
	if db.log == nil {
		db.log = slog.New(slog.DiscardHandler)
	}

	driverName := cmp.Or(opts.DriverName, "sqlite3")
	db.writer, err = sql.Open(driverName, dsn(abs, busy, true))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", abs, err)
	}
	db.writer.SetMaxOpenConns(1)
	db.writer.SetMaxIdleConns(1)
	db.writer.SetConnMaxLifetime(0)
	db.writer.SetConnMaxIdleTime(0)

	// The writer creates the file and migrates it before any reader opens
	// it, so readers always find it in WAL mode with the current schema.
	if err := db.writer.PingContext(ctx); err != nil {
		db.writer.Close()
		if isCantOpen(err) {
			if _, serr := os.Stat(abs); serr == nil {
				// SQLite's own reason names errno of whichever file it tried
				// last (often "no such file" for the -wal): say what is true.
				return nil, fmt.Errorf("store: open %s: %w", abs, &cantWriteError{err: err})
			}
			return nil, fmt.Errorf("store: open %s: cannot create or open the file (is the folder writable?): %w", abs, err)
		}
		return nil, fmt.Errorf("store: open %s: %w", abs, busyAware(err))
	}
	if err := migrate(ctx, db.writer, db.log); err != nil {
		db.writer.Close()
		return nil, fmt.Errorf("store: open %s: %w", abs, busyAware(err))
	}

	db.reader, err = sql.Open(driverName, dsn(abs, busy, false))
	if err != nil {
		db.writer.Close()
		return nil, fmt.Errorf("store: open %s: %w", abs, err)
	}
	db.reader.SetMaxOpenConns(readers)
	db.reader.SetMaxIdleConns(readers)
	if err := db.reader.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", abs, busyAware(err))
	}
	return db, nil
}

// dsn returns the go-sqlite3 data source name for the file at path. Every
// setting is in the DSN so that the driver applies it to each new pooled
// connection. Only the writer asks for BEGIN IMMEDIATE: on a reader it would
// make every read take the write lock. The statement cache keeps the
// import's few INSERTs prepared across rows (it halves a 5,000-programme import).
func dsn(path string, busyTimeout time.Duration, writer bool) string {
	ms := max(busyTimeout.Milliseconds(), 1)
	s := fmt.Sprintf("%s?_foreign_keys=on&_busy_timeout=%d&_journal_mode=WAL&_synchronous=FULL&_stmt_cache_size=32", path, ms)
	if writer {
		s += "&_txlock=immediate"
	}
	return s
}

// Path returns the absolute path of the database file.
func (db *DB) Path() string { return db.path }

// Close closes both pools.
func (db *DB) Close() error {
	var errs []error
	if db.reader != nil {
		errs = append(errs, db.reader.Close())
	}
	if db.writer != nil {
		errs = append(errs, db.writer.Close())
	}
	if db.cleanup != nil {
		db.cleanup()
		db.cleanup = nil
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// write runs fn in one write transaction (BEGIN IMMEDIATE on the writer) and
// commits it; on any error nothing fn did is kept.
func (db *DB) write(ctx context.Context, what string, fn func(tx *sql.Tx) error) error {
	if db.writer == nil {
		return wrap(what, ErrReadOnly)
	}
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return db.writeError(what, err)
	}
	defer tx.Rollback() // no-op after Commit
	if err := fn(tx); err != nil {
		return db.writeError(what, err)
	}
	// A deferred foreign key fails here; the driver rolls back for us.
	if err := tx.Commit(); err != nil {
		return db.writeError(what, err)
	}
	db.diskRefused.Store(false)
	return nil
}

// writeError wraps the error of a write that was not committed. When the
// disk refused it (full, read-only or failing) it also matches
// handlers.ErrUnwritable, so that the person is told plainly that nothing
// was saved, and the cause is logged here for whoever runs the service.
func (db *DB) writeError(what string, err error) error {
	if isUnwritable(err) {
		db.diskRefused.Store(true)
	}
	if isUnwritable(err) && !errors.Is(err, handlers.ErrUnwritable) {
		db.log.Error("store: the disk refused a write; nothing was saved", "what", what, "err", err.Error())
		err = &unwritableError{err: err}
	}
	return wrap(what, err)
}

// read runs fn in one read transaction on the read pool, so that everything
// it reads comes from one snapshot of the database.
func (db *DB) read(ctx context.Context, what string, fn func(tx *sql.Tx) error) error {
	tx, err := db.reader.BeginTx(ctx, nil)
	if err != nil {
		return wrap(what, err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return wrap(what, err)
	}
	return nil
}

// wrap prefixes err with the layer and what was being done; SQLite's busy
// and locked errors also match handlers.ErrBusy.
func wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("store: %s: %w", what, busyAware(err))
}

// busyAware returns err, joined with handlers.ErrBusy when SQLite gave up
// waiting for a lock, so callers can say "try again" with errors.Is while
// the driver's error stays reachable too.
func busyAware(err error) error {
	if isBusy(err) && !errors.Is(err, handlers.ErrBusy) {
		return &busyError{err: err}
	}
	return err
}

func isBusy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}

// busyError is a lock timeout from SQLite: it is both handlers.ErrBusy and
// the driver's error.
type busyError struct{ err error }

func (e *busyError) Error() string   { return handlers.ErrBusy.Error() + ": " + e.err.Error() }
func (e *busyError) Unwrap() []error { return []error{handlers.ErrBusy, e.err} }

// isUnwritable reports whether SQLite could not write to the disk.
func isUnwritable(err error) bool {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code {
	case sqlite3.ErrIoErr, sqlite3.ErrFull, sqlite3.ErrReadonly, sqlite3.ErrCantOpen, sqlite3.ErrPerm:
		return true
	}
	return false
}

// unwritableError is a write the disk refused: both handlers.ErrUnwritable
// and the driver's error.
type unwritableError struct{ err error }

func (e *unwritableError) Error() string {
	return handlers.ErrUnwritable.Error() + ": " + e.err.Error()
}
func (e *unwritableError) Unwrap() []error { return []error{handlers.ErrUnwritable, e.err} }

// cantWriteError is SQLite unable to open an existing file for writing.
type cantWriteError struct{ err error }

func (e *cantWriteError) Error() string {
	return "the file is there, but SQLite cannot open it for writing, with its -wal and -shm files beside it (are the file and its folder writable by this user?)"
}
func (e *cantWriteError) Unwrap() error { return e.err }

func isPrimaryKeyViolation(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey
}

func isCantOpen(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrCantOpen || se.Code == sqlite3.ErrPerm || se.Code == sqlite3.ErrReadonly)
}

// clockOf is the clock of opts, the wall clock when none is given.
func clockOf(opts Options) handlers.Clock {
	if opts.Clock == nil {
		return handlers.SystemClock{}
	}
	return opts.Clock
}
