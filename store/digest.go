package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"frontdoor/handlers"
)

var (
	_ handlers.DigestLog     = (*DB)(nil)
	_ handlers.DigestHistory = (*DB)(nil)
	_ handlers.DigestAlerts  = (*DB)(nil)
)

// How digest posts map to rows (0003_digests.sql): one live row per channel
// and week, which is the claim; the decision whether a claim may be taken is
// handlers.DecideDigestClaim, made inside the same write transaction as the
// claim itself, so two processes can never both take it. Progress is written
// as each message is confirmed, guarded by the row's attempt number so that
// a process that lost its claim (to a deliberate --force after it went
// stale) cannot write over the attempt that replaced it.

// ClaimDigest takes the claim of c.Channel's week c.Week if the rules allow
// it (handlers.DecideDigestClaim), in one transaction. It returns the post as
// it stands afterwards (what to send: fresh content, or the stored messages
// to continue from PartsPosted) and the decision. When the claim is not
// taken, the post is the existing one and Decision.Why says why.
func (db *DB) ClaimDigest(ctx context.Context, c handlers.DigestClaim) (handlers.DigestPost, handlers.DigestClaimDecision, error) {
	what := fmt.Sprintf("claim digest %s %s", c.Channel, c.Week)
	if err := checkDigestClaim(c); err != nil {
		return handlers.DigestPost{}, handlers.DigestClaimDecision{}, fmt.Errorf("store: %s: %w", what, err)
	}
	now := instant(db.now())
	var post handlers.DigestPost
	var dec handlers.DigestClaimDecision
	err := db.write(ctx, what, func(tx *sql.Tx) error {
		cur, err := liveDigest(ctx, tx, c.Channel, c.Week)
		if err != nil && !errors.Is(err, handlers.ErrNotFound) {
			return err
		}
		var curp *handlers.DigestPost
		if err == nil {
			curp = &cur
		}
		dec = handlers.DecideDigestClaim(curp, c.Mode, now)
		if !dec.Take {
			post = cur
			return nil
		}
		id := cur.ID
		switch {
		case curp == nil || dec.Supersede:
			if dec.Supersede {
				if err := supersedeDigest(ctx, tx, cur.ID, now); err != nil {
					return err
				}
			}
			id, err = insertDigestClaim(ctx, tx, c, now)
		case dec.Fresh:
			err = restartDigest(ctx, tx, cur.ID, c.Content, now)
		default:
			err = continueDigest(ctx, tx, cur.ID, now)
		}
		if err != nil {
			return err
		}
		post, err = digestByID(ctx, tx, id)
		return err
	})
	if err != nil {
		return handlers.DigestPost{}, handlers.DigestClaimDecision{}, err
	}
	return post, dec, nil
}

func checkDigestClaim(c handlers.DigestClaim) error {
	switch {
	case c.Channel == "":
		return errors.New("no channel given")
	case c.Week.IsZero():
		return errors.New("no week given")
	case c.Week.Weekday() != time.Monday:
		return fmt.Errorf("week %s does not start on a Monday", c.Week)
	case c.Mode < handlers.ClaimScheduled || c.Mode > handlers.ClaimForce:
		return fmt.Errorf("unknown claim mode %d", c.Mode)
	case c.Content.Parts < 1:
		return errors.New("a digest has at least one message")
	case !json.Valid(c.Content.Messages):
		return errors.New("the digest's messages are not valid JSON")
	case c.Content.Snapshot != nil && !json.Valid(c.Content.Snapshot):
		return errors.New("the digest's snapshot is not valid JSON")
	}
	return nil
}

// RecordDigestPart records that Slack confirmed message part (counted from
// 0) of attempt of post id, with its ts (the first message's ts is the
// thread's). Parts are confirmed in order. When it was the last part, the
// post becomes posted. It returns the post as it now stands; an error
// wrapping handlers.ErrConflict when the claim is no longer this attempt's.
func (db *DB) RecordDigestPart(ctx context.Context, id int64, attempt, part int, ts string) (handlers.DigestPost, error) {
	what := fmt.Sprintf("digest post %d: record message %d", id, part+1)
	if ts == "" {
		return handlers.DigestPost{}, fmt.Errorf("store: %s: no ts given", what)
	}
	now := stamp(db.now())
	var post handlers.DigestPost
	err := db.write(ctx, what, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE digest_posts SET
			parts_posted = parts_posted + 1,
			ts = CASE WHEN ? = 0 THEN ? ELSE ts END,
			state = CASE WHEN parts_posted + 1 = parts THEN 'posted' ELSE state END,
			posted_at = CASE WHEN parts_posted + 1 = parts THEN ? ELSE NULL END,
			updated_at = ?
			WHERE id = ? AND attempt = ? AND state = 'claimed' AND parts_posted = ? AND superseded_at IS NULL`,
			part, ts, now, now, id, attempt, part)
		if err := claimHeld(res, err); err != nil {
			return err
		}
		post, err = digestByID(ctx, tx, id)
		return err
	})
	if err != nil {
		return handlers.DigestPost{}, err
	}
	return post, nil
}

// FinishDigest ends attempt of post id without it being posted: state is
// handlers.DigestUnconfirmed (Slack gave no answer for the next message) or
// handlers.DigestFailed (Slack refused it), with detail saying what happened.
func (db *DB) FinishDigest(ctx context.Context, id int64, attempt int, state, detail string) (handlers.DigestPost, error) {
	what := fmt.Sprintf("digest post %d: mark %s", id, state)
	if state != handlers.DigestUnconfirmed && state != handlers.DigestFailed {
		return handlers.DigestPost{}, fmt.Errorf("store: %s: an attempt ends posted, unconfirmed or failed", what)
	}
	now := stamp(db.now())
	var post handlers.DigestPost
	err := db.write(ctx, what, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE digest_posts SET state = ?, detail = ?, updated_at = ?
			WHERE id = ? AND attempt = ? AND state = 'claimed' AND superseded_at IS NULL`,
			state, nullString(detail), now, id, attempt)
		if err := claimHeld(res, err); err != nil {
			return err
		}
		post, err = digestByID(ctx, tx, id)
		return err
	})
	if err != nil {
		return handlers.DigestPost{}, err
	}
	return post, nil
}

// claimHeld turns "no row changed" into handlers.ErrConflict: the claim was
// taken over, or the attempt already ended.
func claimHeld(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return fmt.Errorf("this attempt no longer holds the claim: %w", handlers.ErrConflict)
	}
	return nil
}

// SkipDigest records that channel's week was not posted, and why, unless a
// post of that week exists already (then it changes nothing and returns
// that post with skipped false).
func (db *DB) SkipDigest(ctx context.Context, channel string, week handlers.Date, reason string) (handlers.DigestPost, bool, error) {
	what := fmt.Sprintf("skip digest %s %s", channel, week)
	if channel == "" || week.IsZero() || week.Weekday() != time.Monday {
		return handlers.DigestPost{}, false, fmt.Errorf("store: %s: a channel and the Monday of a week are needed", what)
	}
	now := stamp(db.now())
	var post handlers.DigestPost
	var skipped bool
	err := db.write(ctx, what, func(tx *sql.Tx) error {
		cur, err := liveDigest(ctx, tx, channel, week)
		if err == nil {
			post = cur
			return nil
		}
		if !errors.Is(err, handlers.ErrNotFound) {
			return err
		}
		id, err := insertRow(ctx, tx, `INSERT INTO digest_posts (channel, week, state, attempt, claimed_at, updated_at, detail)
			VALUES (?, ?, 'skipped', 0, ?, ?, ?) RETURNING id`, channel, week.String(), now, now, nullString(reason))
		if err != nil {
			return err
		}
		skipped = true
		post, err = digestByID(ctx, tx, id)
		return err
	})
	if err != nil {
		return handlers.DigestPost{}, false, err
	}
	return post, skipped, nil
}

// Digest returns the live post of channel's week, or an error wrapping
// handlers.ErrNotFound when there is none.
func (db *DB) Digest(ctx context.Context, channel string, week handlers.Date) (handlers.DigestPost, error) {
	var post handlers.DigestPost
	err := db.read(ctx, fmt.Sprintf("digest %s %s", channel, week), func(tx *sql.Tx) error {
		var err error
		post, err = liveDigest(ctx, tx, channel, week)
		return err
	})
	return post, err
}

// DigestPosts returns every post of channel's week, superseded ones first,
// the live one last.
func (db *DB) DigestPosts(ctx context.Context, channel string, week handlers.Date) ([]handlers.DigestPost, error) {
	var out []handlers.DigestPost
	err := db.read(ctx, fmt.Sprintf("digest history %s %s", channel, week), func(tx *sql.Tx) error {
		var err error
		out, err = queryDigests(ctx, tx, `WHERE channel = ? AND week = ? ORDER BY superseded_at IS NULL, id`, channel, week.String())
		return err
	})
	return out, err
}

// PreviousDigest returns the last digest posted to channel (to any channel
// when "") for a week before before's week: what "changed since" compares
// against. ok is false when none was posted.
func (db *DB) PreviousDigest(ctx context.Context, channel string, before handlers.Date) (handlers.DigestPost, bool, error) {
	var out []handlers.DigestPost
	err := db.read(ctx, "previous digest", func(tx *sql.Tx) error {
		var err error
		week := handlers.WeekOf(before).String()
		if channel == "" {
			out, err = queryDigests(ctx, tx, `WHERE state = 'posted' AND week < ? ORDER BY week DESC, posted_at DESC LIMIT 1`, week)
		} else {
			out, err = queryDigests(ctx, tx, `WHERE state = 'posted' AND channel = ? AND week < ? ORDER BY week DESC, posted_at DESC LIMIT 1`, channel, week)
		}
		return err
	})
	if err != nil || len(out) == 0 {
		return handlers.DigestPost{}, false, err
	}
	return out[0], true, nil
}

// LastHeadline returns the headline of the digest posted last, to any
// channel (handlers.DigestLog, for the App Home).
func (db *DB) LastHeadline(ctx context.Context) (string, bool, error) {
	var out []handlers.DigestPost
	err := db.read(ctx, "last digest headline", func(tx *sql.Tx) error {
		var err error
		out, err = queryDigests(ctx, tx, `WHERE state = 'posted' ORDER BY posted_at DESC, id DESC LIMIT 1`)
		return err
	})
	if err != nil || len(out) == 0 {
		return "", false, err
	}
	return out[0].Headline, true, nil
}

// DigestProblems returns, for each channel, its latest live post when that
// needs a person: not confirmed, refused, or abandoned mid-post (a claim
// with no progress for handlers.DigestClaimStale). A problem of an earlier
// week that a later post has followed is left out: the channel moved on.
func (db *DB) DigestProblems(ctx context.Context) ([]handlers.DigestPost, error) {
	stale := stamp(db.now().Add(-handlers.DigestClaimStale))
	var out []handlers.DigestPost
	err := db.read(ctx, "digest problems", func(tx *sql.Tx) error {
		var err error
		out, err = queryDigests(ctx, tx, `WHERE superseded_at IS NULL
			AND (state IN ('unconfirmed', 'failed') OR (state = 'claimed' AND updated_at <= ?))
			AND week = (SELECT max(week) FROM digest_posts AS later WHERE later.channel = digest_posts.channel)
			ORDER BY channel`, stale)
		return err
	})
	return out, err
}

// --- rows ---

const digestColumns = `id, channel, week, state, attempt, claimed_at, updated_at, posted_at, ts, headline,
	snapshot, messages, parts, parts_posted, detail, superseded_at`

func insertDigestClaim(ctx context.Context, tx *sql.Tx, c handlers.DigestClaim, now time.Time) (int64, error) {
	return insertRow(ctx, tx, `INSERT INTO digest_posts
		(channel, week, state, attempt, claimed_at, updated_at, headline, snapshot, messages, parts, parts_posted)
		VALUES (?, ?, 'claimed', 1, ?, ?, ?, ?, ?, ?, 0) RETURNING id`,
		c.Channel, c.Week.String(), stamp(now), stamp(now), nullString(c.Content.Headline),
		nullJSON(c.Content.Snapshot), string(c.Content.Messages), c.Content.Parts)
}

// restartDigest takes a claim again with new content, from the first message.
func restartDigest(ctx context.Context, tx *sql.Tx, id int64, content handlers.DigestContent, now time.Time) error {
	res, err := tx.ExecContext(ctx, `UPDATE digest_posts SET state = 'claimed', attempt = attempt + 1,
		claimed_at = ?, updated_at = ?, posted_at = NULL, ts = NULL, headline = ?, snapshot = ?, messages = ?,
		parts = ?, parts_posted = 0, detail = NULL WHERE id = ?`,
		stamp(now), stamp(now), nullString(content.Headline), nullJSON(content.Snapshot), string(content.Messages),
		content.Parts, id)
	return oneRow(res, err, "restart digest post", fmt.Sprint(id))
}

// continueDigest takes a claim again to send the stored messages from the
// first one not confirmed.
func continueDigest(ctx context.Context, tx *sql.Tx, id int64, now time.Time) error {
	res, err := tx.ExecContext(ctx, `UPDATE digest_posts SET state = 'claimed', attempt = attempt + 1,
		claimed_at = ?, updated_at = ?, detail = NULL WHERE id = ?`, stamp(now), stamp(now), id)
	return oneRow(res, err, "continue digest post", fmt.Sprint(id))
}

func supersedeDigest(ctx context.Context, tx *sql.Tx, id int64, now time.Time) error {
	res, err := tx.ExecContext(ctx, `UPDATE digest_posts SET superseded_at = ? WHERE id = ?`, stamp(now), id)
	return oneRow(res, err, "supersede digest post", fmt.Sprint(id))
}

func insertRow(ctx context.Context, tx *sql.Tx, query string, args ...any) (int64, error) {
	var id int64
	if err := tx.QueryRowContext(ctx, query, args...).Scan(&id); err != nil {
		return 0, err
	}
	return id, nil
}

func liveDigest(ctx context.Context, tx *sql.Tx, channel string, week handlers.Date) (handlers.DigestPost, error) {
	out, err := queryDigests(ctx, tx, `WHERE channel = ? AND week = ? AND superseded_at IS NULL`, channel, week.String())
	if err != nil {
		return handlers.DigestPost{}, err
	}
	if len(out) == 0 {
		return handlers.DigestPost{}, handlers.ErrNotFound
	}
	return out[0], nil
}

func digestByID(ctx context.Context, tx *sql.Tx, id int64) (handlers.DigestPost, error) {
	out, err := queryDigests(ctx, tx, `WHERE id = ?`, id)
	if err != nil {
		return handlers.DigestPost{}, err
	}
	if len(out) == 0 {
		return handlers.DigestPost{}, handlers.ErrNotFound
	}
	return out[0], nil
}

// queryDigests selects digest posts; rest is the query from WHERE on.
func queryDigests(ctx context.Context, tx *sql.Tx, rest string, args ...any) ([]handlers.DigestPost, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+digestColumns+` FROM digest_posts `+rest, args...)
	if err != nil {
		return nil, fmt.Errorf("load digest posts: %w", err)
	}
	defer rows.Close()
	var out []handlers.DigestPost
	for rows.Next() {
		var p handlers.DigestPost
		var week, claimed, updated string
		var posted, ts, headline, snapshot, messages, detail, superseded sql.NullString
		if err := rows.Scan(&p.ID, &p.Channel, &week, &p.State, &p.Attempt, &claimed, &updated, &posted, &ts, &headline,
			&snapshot, &messages, &p.Parts, &p.PartsPosted, &detail, &superseded); err != nil {
			return nil, fmt.Errorf("load digest posts: %w", err)
		}
		if p.Week, err = scanDate(sql.NullString{String: week, Valid: true}); err != nil {
			return nil, fmt.Errorf("load digest post %d: week: %w", p.ID, err)
		}
		if p.ClaimedAt, err = parseStamp(claimed); err != nil {
			return nil, fmt.Errorf("load digest post %d: claimed_at: %w", p.ID, err)
		}
		if p.UpdatedAt, err = parseStamp(updated); err != nil {
			return nil, fmt.Errorf("load digest post %d: updated_at: %w", p.ID, err)
		}
		if posted.Valid {
			if p.PostedAt, err = parseStamp(posted.String); err != nil {
				return nil, fmt.Errorf("load digest post %d: posted_at: %w", p.ID, err)
			}
		}
		p.TS, p.Headline, p.Detail = ts.String, headline.String, detail.String
		if snapshot.Valid {
			p.Snapshot = json.RawMessage(snapshot.String)
		}
		if messages.Valid {
			p.Messages = json.RawMessage(messages.String)
		}
		p.Superseded = superseded.Valid
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load digest posts: %w", err)
	}
	return out, nil
}

func nullJSON(b json.RawMessage) any {
	if b == nil {
		return nil
	}
	return string(b)
}
