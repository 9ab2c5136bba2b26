// Package faultdriver is a database/sql driver for tests: a thin wrapper of
// the real go-sqlite3 driver that fails chosen operations with the error
// SQLite gives when the disk fails (an I/O error by default). Everything it
// does not fail runs on the real engine, so a test sees exactly what the
// store leaves behind when a write breaks half-way.
//
// It is the one stand-in the fault harnesses allow: the database is never
// faked, only the moment a write fails is chosen. Register it under a name
// of its own and open the store with that driver name.
package faultdriver

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"sync"

	"github.com/mattn/go-sqlite3"
)

// Op is a kind of operation on a connection.
type Op string

// The operations a rule can fail.
const (
	OpBegin  Op = "begin"
	OpExec   Op = "exec"
	OpQuery  Op = "query"
	OpCommit Op = "commit"
)

// Event is one operation about to run.
type Event struct {
	Op Op
	// Query is the SQL of an exec or query.
	Query string
	// DSN is the connection's data source name: a test tells the store's
	// writer from its readers by it.
	DSN string
}

// Fault is what a rule decides for one event: a nil Err lets it run.
type Fault struct {
	Err error
	// Rollback also rolls back the open transaction on the real engine, as
	// SQLite may after an I/O error in a statement; without it only the
	// failed statement is undone and the transaction stays open. A failed
	// commit always rolls back, as go-sqlite3 does.
	Rollback bool
}

// Rule decides the fault for each event; it is called concurrently.
type Rule func(Event) Fault

// IOError is the error SQLite returns when writing to the disk fails.
var IOError error = sqlite3.Error{Code: sqlite3.ErrIoErr, ExtendedCode: sqlite3.ErrIoErrWrite}

// DiskFull is the error SQLite returns when the disk has no room left.
var DiskFull error = sqlite3.Error{Code: sqlite3.ErrFull, ExtendedCode: sqlite3.ErrNoExtended(sqlite3.ErrFull)}

// Driver wraps go-sqlite3 and consults its rule before every operation.
type Driver struct {
	real sqlite3.SQLiteDriver

	mu   sync.Mutex
	rule Rule
}

// Register makes a new Driver available to sql.Open under name. Like
// sql.Register, it panics if the name is taken.
func Register(name string) *Driver {
	d := &Driver{}
	sql.Register(name, d)
	return d
}

// SetRule replaces the rule; nil lets everything run.
func (d *Driver) SetRule(r Rule) {
	d.mu.Lock()
	d.rule = r
	d.mu.Unlock()
}

func (d *Driver) fault(ev Event) Fault {
	d.mu.Lock()
	r := d.rule
	d.mu.Unlock()
	if r == nil {
		return Fault{}
	}
	return r(ev)
}

// Open opens a real go-sqlite3 connection with every DSN option applied.
func (d *Driver) Open(dsn string) (driver.Conn, error) {
	c, err := d.real.Open(dsn)
	if err != nil {
		return nil, err
	}
	sc, ok := c.(*sqlite3.SQLiteConn)
	if !ok {
		c.Close()
		return nil, errors.New("faultdriver: go-sqlite3 returned an unexpected connection type")
	}
	return &conn{d: d, real: sc, dsn: dsn}, nil
}

// conn is one real connection with the rule in front of it.
type conn struct {
	d    *Driver
	real *sqlite3.SQLiteConn
	dsn  string
}

var (
	_ driver.Conn               = (*conn)(nil)
	_ driver.ConnBeginTx        = (*conn)(nil)
	_ driver.ConnPrepareContext = (*conn)(nil)
	_ driver.ExecerContext      = (*conn)(nil)
	_ driver.QueryerContext     = (*conn)(nil)
	_ driver.Pinger             = (*conn)(nil)
)

// check asks the rule about one operation and, when it fails, does to the
// real connection what SQLite would have done.
func (c *conn) check(op Op, query string) error {
	f := c.d.fault(Event{Op: op, Query: query, DSN: c.dsn})
	if f.Err == nil {
		return nil
	}
	if f.Rollback || op == OpCommit {
		// Harmless when no transaction is open (SQLite's own advice).
		_, _ = c.real.ExecContext(context.Background(), "ROLLBACK", nil)
	}
	return f.Err
}

func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	s, err := c.real.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	return &stmt{c: c, real: s, query: query}, nil
}

func (c *conn) Close() error { return c.real.Close() }

func (c *conn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if err := c.check(OpBegin, ""); err != nil {
		return nil, err
	}
	t, err := c.real.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &tx{c: c, real: t}, nil
}

func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if err := c.check(OpExec, query); err != nil {
		return nil, err
	}
	return c.real.ExecContext(ctx, query, args)
}

func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if err := c.check(OpQuery, query); err != nil {
		return nil, err
	}
	return c.real.QueryContext(ctx, query, args)
}

func (c *conn) Ping(ctx context.Context) error { return c.real.Ping(ctx) }

// tx fails commits on the rule's say.
type tx struct {
	c    *conn
	real driver.Tx
}

func (t *tx) Commit() error {
	if err := t.c.check(OpCommit, ""); err != nil {
		return err
	}
	return t.real.Commit()
}

func (t *tx) Rollback() error { return t.real.Rollback() }

// stmt is a prepared statement whose executions the rule sees.
type stmt struct {
	c     *conn
	real  driver.Stmt
	query string
}

var (
	_ driver.StmtExecContext  = (*stmt)(nil)
	_ driver.StmtQueryContext = (*stmt)(nil)
)

func (s *stmt) Close() error  { return s.real.Close() }
func (s *stmt) NumInput() int { return s.real.NumInput() }

// Exec and Query are the pre-context forms; database/sql calls the
// context ones, and go-sqlite3 implements both.
func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), named(args))
}

func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), named(args))
}

func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if err := s.c.check(OpExec, s.query); err != nil {
		return nil, err
	}
	return s.real.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if err := s.c.check(OpQuery, s.query); err != nil {
		return nil, err
	}
	return s.real.(driver.StmtQueryContext).QueryContext(ctx, args)
}

func named(args []driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(args))
	for i, v := range args {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return out
}

// Nth fails the Nth event (counting from 1) that Match selects, once, with
// Fault; a nil Match selects every event. Use its Rule as a Driver's rule.
type Nth struct {
	N     int
	Match func(Event) bool
	Fault Fault

	mu    sync.Mutex
	seen  int
	fired *Event
}

// Rule counts ev and returns the fault when it is the Nth.
func (n *Nth) Rule(ev Event) Fault {
	if n.Match != nil && !n.Match(ev) {
		return Fault{}
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.seen++
	if n.seen != n.N {
		return Fault{}
	}
	n.fired = &ev
	return n.Fault
}

// Fired returns the event that was failed, if any was.
func (n *Nth) Fired() (Event, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.fired == nil {
		return Event{}, false
	}
	return *n.fired, true
}

// Seen is how many selected events the rule has counted.
func (n *Nth) Seen() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.seen
}
