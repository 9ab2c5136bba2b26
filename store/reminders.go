package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"frontdoor/handlers"
)

// Reminders follow the digest's rules (see digest.go), one claim per person
// and day: the claim is committed before the message is sent, so a person
// gets at most one reminder a day whichever process sends it; a reminder
// Slack refused may be sent again, one whose outcome is unknown is not.

// ClaimReminder takes the claim of person's reminder on day, listing
// actions. taken is false when a reminder of that day was sent, is being
// sent, or may have been (unconfirmed); then the existing record is
// returned. A refused (failed) one is taken again, as a new attempt.
func (db *DB) ClaimReminder(ctx context.Context, person string, day handlers.Date, actions []int64) (handlers.ReminderPost, bool, error) {
	what := fmt.Sprintf("claim reminder %s %s", person, day)
	if person == "" || day.IsZero() {
		return handlers.ReminderPost{}, false, fmt.Errorf("store: %s: a person and a day are needed", what)
	}
	if actions == nil {
		actions = []int64{} // stored as [], never null
	}
	ids, err := json.Marshal(actions)
	if err != nil {
		return handlers.ReminderPost{}, false, fmt.Errorf("store: %s: %w", what, err)
	}
	now := stamp(db.now())
	var post handlers.ReminderPost
	var taken bool
	err = db.write(ctx, what, func(tx *sql.Tx) error {
		// The primary key is the claim; a failed reminder is the only one taken again.
		res, err := tx.ExecContext(ctx, `INSERT INTO reminder_posts (person, day, state, attempt, claimed_at, actions)
			VALUES (?, ?, 'claimed', 1, ?, ?)
			ON CONFLICT (person, day) DO UPDATE SET state = 'claimed', attempt = attempt + 1,
				claimed_at = excluded.claimed_at, actions = excluded.actions, channel = NULL, ts = NULL, detail = NULL
			WHERE reminder_posts.state = 'failed'`,
			person, day.String(), now, string(ids))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		taken = n == 1
		post, err = loadReminder(ctx, tx, person, day)
		return err
	})
	if err != nil {
		return handlers.ReminderPost{}, false, err
	}
	return post, taken, nil
}

// FinishReminder records the outcome of attempt of person's reminder on
// day: handlers.ReminderSent (with the direct-message channel and ts),
// ReminderUnconfirmed or ReminderFailed (with detail). An error wrapping
// handlers.ErrConflict means the attempt no longer holds the claim.
func (db *DB) FinishReminder(ctx context.Context, person string, day handlers.Date, attempt int, state, channel, ts, detail string) (handlers.ReminderPost, error) {
	what := fmt.Sprintf("reminder %s %s: mark %s", person, day, state)
	switch state {
	case handlers.ReminderSent, handlers.ReminderUnconfirmed, handlers.ReminderFailed:
	default:
		return handlers.ReminderPost{}, fmt.Errorf("store: %s: a reminder ends sent, unconfirmed or failed", what)
	}
	now := stamp(db.now())
	var sentAt any
	if state == handlers.ReminderSent {
		sentAt = now
	}
	var post handlers.ReminderPost
	err := db.write(ctx, what, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE reminder_posts SET state = ?, sent_at = ?, channel = ?, ts = ?, detail = ?
			WHERE person = ? AND day = ? AND attempt = ? AND state = 'claimed'`,
			state, sentAt, nullString(channel), nullString(ts), nullString(detail), person, day.String(), attempt)
		if err := claimHeld(res, err); err != nil {
			return err
		}
		post, err = loadReminder(ctx, tx, person, day)
		return err
	})
	if err != nil {
		return handlers.ReminderPost{}, err
	}
	return post, nil
}

// Reminder returns person's reminder of day, or an error wrapping
// handlers.ErrNotFound.
func (db *DB) Reminder(ctx context.Context, person string, day handlers.Date) (handlers.ReminderPost, error) {
	var post handlers.ReminderPost
	err := db.read(ctx, fmt.Sprintf("reminder %s %s", person, day), func(tx *sql.Tx) error {
		var err error
		post, err = loadReminder(ctx, tx, person, day)
		return err
	})
	return post, err
}

// Reminders returns the reminders of day, by person.
func (db *DB) Reminders(ctx context.Context, day handlers.Date) ([]handlers.ReminderPost, error) {
	var out []handlers.ReminderPost
	err := db.read(ctx, fmt.Sprintf("reminders %s", day), func(tx *sql.Tx) error {
		var err error
		out, err = queryReminders(ctx, tx, `WHERE day = ? ORDER BY person`, day.String())
		return err
	})
	return out, err
}

func loadReminder(ctx context.Context, tx *sql.Tx, person string, day handlers.Date) (handlers.ReminderPost, error) {
	out, err := queryReminders(ctx, tx, `WHERE person = ? AND day = ?`, person, day.String())
	if err != nil {
		return handlers.ReminderPost{}, err
	}
	if len(out) == 0 {
		return handlers.ReminderPost{}, handlers.ErrNotFound
	}
	return out[0], nil
}

func queryReminders(ctx context.Context, tx *sql.Tx, rest string, args ...any) ([]handlers.ReminderPost, error) {
	rows, err := tx.QueryContext(ctx, `SELECT person, day, state, attempt, claimed_at, sent_at, channel, ts, actions, detail
		FROM reminder_posts `+rest, args...)
	if err != nil {
		return nil, fmt.Errorf("load reminders: %w", err)
	}
	defer rows.Close()
	var out []handlers.ReminderPost
	for rows.Next() {
		var p handlers.ReminderPost
		var day, claimed, actions string
		var sent, channel, ts, detail sql.NullString
		if err := rows.Scan(&p.Person, &day, &p.State, &p.Attempt, &claimed, &sent, &channel, &ts, &actions, &detail); err != nil {
			return nil, fmt.Errorf("load reminders: %w", err)
		}
		if p.Day, err = scanDate(sql.NullString{String: day, Valid: true}); err != nil {
			return nil, fmt.Errorf("load reminder %s: day: %w", p.Person, err)
		}
		if p.ClaimedAt, err = parseStamp(claimed); err != nil {
			return nil, fmt.Errorf("load reminder %s %s: claimed_at: %w", p.Person, day, err)
		}
		if sent.Valid {
			if p.SentAt, err = parseStamp(sent.String); err != nil {
				return nil, fmt.Errorf("load reminder %s %s: sent_at: %w", p.Person, day, err)
			}
		}
		if err := json.Unmarshal([]byte(actions), &p.Actions); err != nil {
			return nil, fmt.Errorf("load reminder %s %s: actions: %w", p.Person, day, err)
		}
		p.Channel, p.TS, p.Detail = channel.String, ts.String, detail.String
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load reminders: %w", err)
	}
	return out, nil
}
