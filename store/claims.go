package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// claimKind marks rows of the idempotency table that are claims (an Events
// API event_id taken before any work) rather than keys of writes.
const claimKind = "claim"

// Claim records key in the idempotency table and reports whether this call
// was the first to do so: a second delivery of the same event finds the key
// and does no work. A key older than ttl counts as new and is taken again
// (Slack keeps retrying for minutes, so ttl is an hour); ttl <= 0 means a key
// is never reclaimed. The claim is committed before Claim returns, so it
// holds across restarts and for every process sharing the database.
func (db *DB) Claim(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	if key == "" {
		return false, errors.New("store: claim: empty key")
	}
	now := db.now()
	// Without a ttl, no stored time is old enough to reclaim.
	cutoff := ""
	if ttl > 0 {
		cutoff = stamp(now.Add(-ttl))
	}
	var first bool
	err := db.write(ctx, "claim "+claimKind, func(tx *sql.Tx) error {
		// ON CONFLICT rather than INSERT OR IGNORE: OR IGNORE would also
		// swallow a NOT NULL or CHECK failure and report it as "seen".
		res, err := tx.ExecContext(ctx, `INSERT INTO idempotency (key, kind, action_id, at) VALUES (?, ?, NULL, ?)
			ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, action_id = NULL, at = excluded.at
			WHERE idempotency.at < ?`,
			key, claimKind, stamp(now), cutoff)
		if err != nil {
			return fmt.Errorf("take key: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		first = n == 1
		return nil
	})
	if err != nil {
		return false, err
	}
	return first, nil
}
