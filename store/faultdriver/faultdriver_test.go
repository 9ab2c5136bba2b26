package faultdriver_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"

	"github.com/mattn/go-sqlite3"

	"frontdoor/store/faultdriver"
)

var faults = faultdriver.Register("sqlite3-faultdriver-test")

// The stand-in does to the real engine what SQLite would: a failed commit
// keeps nothing, a failed statement is undone alone or with its whole
// transaction, and what is not failed runs as usual.
func TestFaults(t *testing.T) {
	tests := []struct {
		name    string
		fault   *faultdriver.Nth
		wantErr bool
		want    int // rows kept: two inserts, then commit
	}{
		{"no fault", &faultdriver.Nth{}, false, 2},
		{"begin fails", &faultdriver.Nth{N: 1, Match: op(faultdriver.OpBegin), Fault: faultdriver.Fault{Err: faultdriver.IOError}}, true, 0},
		{"second insert undone alone", &faultdriver.Nth{N: 2, Match: op(faultdriver.OpExec), Fault: faultdriver.Fault{Err: faultdriver.IOError}}, false, 1},
		{"second insert rolls back the transaction", &faultdriver.Nth{N: 2, Match: op(faultdriver.OpExec), Fault: faultdriver.Fault{Err: faultdriver.IOError, Rollback: true}}, true, 0},
		{"commit fails", &faultdriver.Nth{N: 1, Match: op(faultdriver.OpCommit), Fault: faultdriver.Fault{Err: faultdriver.DiskFull}}, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db, err := sql.Open("sqlite3-faultdriver-test", filepath.Join(t.TempDir(), "t.db")+"?_journal_mode=WAL&_txlock=immediate")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			db.SetMaxOpenConns(1)
			if _, err := db.Exec(`CREATE TABLE t (n INTEGER)`); err != nil {
				t.Fatal(err)
			}
			faults.SetRule(tt.fault.Rule)
			defer faults.SetRule(nil)
			err = func() error {
				tx, err := db.BeginTx(ctx, nil)
				if err != nil {
					return err
				}
				defer tx.Rollback()
				var failed error
				for n := range 2 {
					// The second insert's error is kept, not returned: what
					// the engine did with the transaction shows at commit.
					if _, err := tx.Exec(`INSERT INTO t (n) VALUES (?)`, n); err != nil {
						failed = err
					}
				}
				if err := tx.Commit(); err != nil {
					return err
				}
				if failed != nil && tt.fault.Fault.Rollback {
					return failed
				}
				return nil
			}()
			faults.SetRule(nil)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want one: %v", err, tt.wantErr)
			}
			var se sqlite3.Error
			if err != nil && !errors.As(err, &se) {
				t.Errorf("error %v is not SQLite's", err)
			}
			var kept int
			if err := db.QueryRow(`SELECT count(*) FROM t`).Scan(&kept); err != nil {
				t.Fatal(err)
			}
			if kept != tt.want {
				t.Errorf("%d rows kept, want %d", kept, tt.want)
			}
			if _, fired := tt.fault.Fired(); fired != (tt.fault.N > 0) {
				t.Errorf("fired = %v", fired)
			}
		})
	}
}

func op(o faultdriver.Op) func(faultdriver.Event) bool {
	return func(ev faultdriver.Event) bool { return ev.Op == o }
}
