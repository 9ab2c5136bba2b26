package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"frontdoor/handlers"
)

var _ handlers.ActionStore = (*DB)(nil)

// How actions map to columns, so that what is written is what is read back:
//   - times are UTC to the millisecond (the store truncates what it is given);
//   - ClosedAt is set exactly when the status is done: the store stamps it
//     when an action becomes done and clears it when it stops being done;
//   - empty OwnerName, ChannelID and Link are NULL; NoDate is NULL;
//   - tags are a set kept in the order given (a repeated tag is dropped);
//     no tags read back as nil.

// auditActionChange is the kind of a refused change whose kind was not given.
const auditActionChange = "action.change"

// idempotencyKeep is how long a request's key is remembered (docs/slack-platform.md: past
// Slack's retries and its 5-minute signing window).
const idempotencyKeep = time.Hour

// purgeBatch bounds the expired keys one write deletes, so housekeeping never
// makes a write slow; each write adds at most one key, so purging keeps up.
const purgeBatch = 100

// CreateAction records a new action: open, numbered and stamped by the store,
// with its tags, its key and an "action.create" audit row, in one
// transaction. A key seen within the last hour records nothing and returns
// the action that key created, with replayed true.
func (db *DB) CreateAction(ctx context.Context, a handlers.Action, key string) (handlers.Action, bool, error) {
	now := instant(db.now())
	a.ID = 0
	a.Status = handlers.ActionOpen
	a.CreatedAt, a.UpdatedAt, a.ClosedAt = now, now, time.Time{}
	a.Tags = uniqueTags(a.Tags)
	if err := checkAction(a); err != nil {
		return handlers.Action{}, false, fmt.Errorf("store: create action: %w", err)
	}
	var replayed bool
	err := db.write(ctx, "create action", func(tx *sql.Tx) error {
		seen, err := seenKey(ctx, tx, key, now)
		if err != nil {
			return err
		}
		if seen != nil {
			if seen.kind != AuditActionCreate {
				return fmt.Errorf("this request's key was used for %s of #%d, not to create an action: %w", seen.kind, seen.actionID, handlers.ErrConflict)
			}
			a, err = loadAction(ctx, tx, seen.actionID)
			replayed = true
			return err
		}
		if err := purgeKeys(ctx, tx, now); err != nil {
			return err
		}
		if a.ID, err = insertAction(ctx, tx, a); err != nil {
			return err
		}
		if err := insertTags(ctx, tx, a.ID, a.Tags); err != nil {
			return err
		}
		if err := recordKey(ctx, tx, key, AuditActionCreate, a.ID, now); err != nil {
			return err
		}
		after, err := actionJSON(a)
		if err != nil {
			return err
		}
		_, err = appendAudit(ctx, tx, AuditEntry{
			At:      now,
			Actor:   a.CreatorID,
			Kind:    AuditActionCreate,
			Subject: actionSubject(a.ID),
			Outcome: OutcomeOK,
			After:   after,
		})
		return err
	})
	if err != nil {
		return handlers.Action{}, false, err
	}
	return a, replayed, nil
}

// UpdateAction loads action id, calls change on a copy and writes the result
// with an audit row of the change (before and after), all in one
// transaction, stamped at (the store's Now if zero). The store keeps the id, creator and creation time
// as they were, and sets ClosedAt to at when the action becomes done.
//
// If change returns an error, the action is left as it was, a "refused"
// audit row naming the error is committed, and the error is returned
// unchanged (with the action as it stands) so the caller can show it. The
// key is not recorded then: a retry is refused, and audited, again.
//
// A key seen within the last hour makes it a no-op returning the current
// action with replayed true.
func (db *DB) UpdateAction(ctx context.Context, id int64, key, actor string, at time.Time, change func(a *handlers.Action) (handlers.ActionChange, error)) (handlers.Action, bool, error) {
	what := fmt.Sprintf("action #%d", id)
	if actor == "" {
		return handlers.Action{}, false, fmt.Errorf("store: %s: no actor given for the audit trail", what)
	}
	if change == nil {
		return handlers.Action{}, false, fmt.Errorf("store: %s: no change given", what)
	}
	now := instant(db.now())
	if at.IsZero() {
		at = now
	}
	at = instant(at)
	var out handlers.Action
	var replayed bool
	var refused error
	err := db.write(ctx, what, func(tx *sql.Tx) error {
		seen, err := seenKey(ctx, tx, key, now)
		if err != nil {
			return err
		}
		if seen != nil {
			if seen.kind == AuditActionCreate || seen.actionID != id {
				return fmt.Errorf("this request's key was used for %s of #%d: %w", seen.kind, seen.actionID, handlers.ErrConflict)
			}
			out, err = loadAction(ctx, tx, id)
			replayed = true
			return err
		}
		cur, err := loadAction(ctx, tx, id)
		if err != nil {
			return err
		}
		before, err := actionJSON(cur)
		if err != nil {
			return err
		}
		next := cur
		next.Tags = slices.Clone(cur.Tags)
		ch, err := change(&next)
		if err != nil {
			refused, out = err, cur
			return auditRefusal(ctx, tx, cur.ID, actor, at, ch.Kind, err, before)
		}
		settle(&next, cur, at)
		if err := checkAction(next); err != nil {
			return err
		}
		if err := purgeKeys(ctx, tx, now); err != nil {
			return err
		}
		if err := updateAction(ctx, tx, next); err != nil {
			return err
		}
		if !slices.Equal(next.Tags, cur.Tags) {
			if err := deleteTags(ctx, tx, id); err != nil {
				return err
			}
			if err := insertTags(ctx, tx, id, next.Tags); err != nil {
				return err
			}
		}
		kind := cmp.Or(ch.Kind, auditActionChange)
		if err := recordKey(ctx, tx, key, kind, id, now); err != nil {
			return err
		}
		after, err := actionJSON(next)
		if err != nil {
			return err
		}
		_, err = appendAudit(ctx, tx, AuditEntry{
			At:      at,
			Actor:   actor,
			Kind:    kind,
			Subject: actionSubject(id),
			Outcome: OutcomeOK,
			Before:  before,
			After:   after,
			Detail:  ch.Detail,
		})
		out = next
		return err
	})
	if err != nil {
		return handlers.Action{}, false, err
	}
	if refused != nil {
		return out, false, refused
	}
	return out, replayed, nil
}

// GetAction returns action id whatever its status, or an error wrapping
// handlers.ErrNotFound.
func (db *DB) GetAction(ctx context.Context, id int64) (handlers.Action, error) {
	var a handlers.Action
	err := db.read(ctx, fmt.Sprintf("action #%d", id), func(tx *sql.Tx) error {
		var err error
		a, err = loadAction(ctx, tx, id)
		return err
	})
	if err != nil {
		return handlers.Action{}, err
	}
	return a, nil
}

// ActionHistory returns the audit rows of action id, oldest first, or an
// error wrapping handlers.ErrNotFound if there is no such action.
func (db *DB) ActionHistory(ctx context.Context, id int64) ([]handlers.AuditEntry, error) {
	var out []AuditEntry
	err := db.read(ctx, fmt.Sprintf("action #%d history", id), func(tx *sql.Tx) error {
		var exists bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM actions WHERE id = ?)`, id).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return handlers.ErrNotFound
		}
		var err error
		out, err = auditRows(ctx, tx, AuditFilter{Subject: actionSubject(id)})
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ListActions returns the actions f selects, by due date (earliest, so the
// overdue, first; none last), then by number; and how many match in all,
// which is more than were returned when f.Limit cut the list short.
// Both come from one snapshot. TagIDs with no TagKind match tags of any
// kind; a TagKind with no TagIDs selects nothing more.
func (db *DB) ListActions(ctx context.Context, f handlers.ActionFilter) ([]handlers.Action, int, error) {
	where, args := actionWhere(f)
	var out []handlers.Action
	total := 0
	err := db.read(ctx, "list actions", func(tx *sql.Tx) error {
		q := `SELECT ` + actionColumns + ` FROM actions WHERE ` + where + ` ORDER BY due IS NULL, due, id`
		qargs := args
		if f.Limit > 0 {
			q += ` LIMIT ?`
			qargs = append(slices.Clip(args), f.Limit)
		}
		var err error
		if out, err = queryActions(ctx, tx, q, qargs...); err != nil {
			return err
		}
		if err := loadTagsOf(ctx, tx, out); err != nil {
			return err
		}
		total = len(out)
		if f.Limit > 0 && len(out) == f.Limit {
			// Only a full page may have more behind it.
			return tx.QueryRowContext(ctx, `SELECT count(*) FROM actions WHERE `+where, args...).Scan(&total)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// AllActions returns every action, whatever its status, by number: for export.
func (db *DB) AllActions(ctx context.Context) ([]handlers.Action, error) {
	var out []handlers.Action
	err := db.read(ctx, "all actions", func(tx *sql.Tx) error {
		var err error
		if out, err = queryActions(ctx, tx, `SELECT `+actionColumns+` FROM actions ORDER BY id`); err != nil {
			return err
		}
		index := make(map[int64]int, len(out))
		for i := range out {
			index[out[i].ID] = i
		}
		return scanTags(ctx, tx, index, out, `SELECT action_id, kind, ref_id FROM action_tags ORDER BY action_id, ordinal`)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// actionWhere turns f into a WHERE clause and its arguments. A due-date
// bound also says "(due IS NULL) = 0", the indexed expression, so that the
// bound is a range of the index rather than a filter over every row.
func actionWhere(f handlers.ActionFilter) (string, []any) {
	var where []string
	var args []any
	statuses := f.Statuses
	if len(statuses) == 0 {
		statuses = []string{handlers.ActionOpen}
	}
	status := "status"
	if !f.ClosedSince.IsZero() {
		// Recently closed actions are few: find them by closed_at rather
		// than walk every done action in due-date order (the unary +
		// keeps the status index out of the planner's choice).
		status = "+status"
	}
	where = append(where, status+" IN ("+placeholders(len(statuses))+")")
	for _, s := range statuses {
		args = append(args, s)
	}
	if f.OwnerID != "" {
		where = append(where, "owner_id = ?")
		args = append(args, f.OwnerID)
	}
	if len(f.TagIDs) > 0 {
		sub := "SELECT action_id FROM action_tags WHERE "
		if f.TagKind != "" {
			sub += "kind = ? AND "
			args = append(args, f.TagKind)
		}
		sub += "ref_id IN (" + placeholders(len(f.TagIDs)) + ")"
		for _, id := range f.TagIDs {
			args = append(args, id)
		}
		where = append(where, "id IN ("+sub+")")
	}
	if !f.DueBefore.IsZero() {
		where = append(where, "(due IS NULL) = 0 AND due < ?")
		args = append(args, f.DueBefore.String())
	}
	if !f.DueOnOrBefore.IsZero() {
		where = append(where, "(due IS NULL) = 0 AND due <= ?")
		args = append(args, f.DueOnOrBefore.String())
	}
	if !f.ClosedSince.IsZero() {
		where = append(where, "closed_at >= ?")
		args = append(args, stamp(f.ClosedSince))
	}
	return strings.Join(where, " AND "), args
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// --- rows ---

const actionColumns = `id, text, owner_id, owner_name, creator_id, due, status, channel_id, link, created_at, updated_at, closed_at`

func insertAction(ctx context.Context, tx *sql.Tx, a handlers.Action) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO actions
		(text, owner_id, owner_name, creator_id, due, status, channel_id, link, created_at, updated_at, closed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		a.Text, a.OwnerID, nullString(a.OwnerName), a.CreatorID, nullDate(a.Due), a.Status,
		nullString(a.ChannelID), nullString(a.Link), stamp(a.CreatedAt), stamp(a.UpdatedAt), nullStamp(a.ClosedAt)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("add action: %w", err)
	}
	return id, nil
}

func updateAction(ctx context.Context, tx *sql.Tx, a handlers.Action) error {
	res, err := tx.ExecContext(ctx, `UPDATE actions SET text = ?, owner_id = ?, owner_name = ?, due = ?, status = ?,
		channel_id = ?, link = ?, updated_at = ?, closed_at = ? WHERE id = ?`,
		a.Text, a.OwnerID, nullString(a.OwnerName), nullDate(a.Due), a.Status,
		nullString(a.ChannelID), nullString(a.Link), stamp(a.UpdatedAt), nullStamp(a.ClosedAt), a.ID)
	return oneRow(res, err, "update action", strconv.FormatInt(a.ID, 10))
}

// loadAction reads one action and its tags; a missing one is handlers.ErrNotFound.
func loadAction(ctx context.Context, tx *sql.Tx, id int64) (handlers.Action, error) {
	as, err := queryActions(ctx, tx, `SELECT `+actionColumns+` FROM actions WHERE id = ?`, id)
	if err != nil {
		return handlers.Action{}, err
	}
	if len(as) == 0 {
		return handlers.Action{}, handlers.ErrNotFound
	}
	if err := loadTagsOf(ctx, tx, as); err != nil {
		return handlers.Action{}, err
	}
	return as[0], nil
}

// queryActions runs a SELECT of actionColumns; tags are left to the caller.
func queryActions(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]handlers.Action, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("load actions: %w", err)
	}
	defer rows.Close()
	var out []handlers.Action
	for rows.Next() {
		var a handlers.Action
		var ownerName, due, channel, link, closed sql.NullString
		var created, updated string
		if err := rows.Scan(&a.ID, &a.Text, &a.OwnerID, &ownerName, &a.CreatorID, &due, &a.Status,
			&channel, &link, &created, &updated, &closed); err != nil {
			return nil, fmt.Errorf("load actions: %w", err)
		}
		a.OwnerName, a.ChannelID, a.Link = ownerName.String, channel.String, link.String
		if a.Due, err = scanDate(due); err != nil {
			return nil, fmt.Errorf("load action #%d: due: %w", a.ID, err)
		}
		if a.CreatedAt, err = parseStamp(created); err != nil {
			return nil, fmt.Errorf("load action #%d: created_at: %w", a.ID, err)
		}
		if a.UpdatedAt, err = parseStamp(updated); err != nil {
			return nil, fmt.Errorf("load action #%d: updated_at: %w", a.ID, err)
		}
		if closed.Valid {
			if a.ClosedAt, err = parseStamp(closed.String); err != nil {
				return nil, fmt.Errorf("load action #%d: closed_at: %w", a.ID, err)
			}
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load actions: %w", err)
	}
	return out, nil
}

// --- tags ---

func insertTags(ctx context.Context, tx *sql.Tx, id int64, tags []handlers.Tag) error {
	for i, t := range tags {
		if _, err := tx.ExecContext(ctx, `INSERT INTO action_tags (action_id, kind, ref_id, ordinal) VALUES (?, ?, ?, ?)`,
			id, t.Kind, t.ID, i+1); err != nil {
			return fmt.Errorf("action #%d tag %s %q: %w", id, t.Kind, t.ID, err)
		}
	}
	return nil
}

func deleteTags(ctx context.Context, tx *sql.Tx, id int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM action_tags WHERE action_id = ?`, id); err != nil {
		return fmt.Errorf("action #%d tags: %w", id, err)
	}
	return nil
}

// loadTagsOf fills in the tags of as with one query, however many there are
// (the ids go as one JSON array rather than one parameter each).
func loadTagsOf(ctx context.Context, tx *sql.Tx, as []handlers.Action) error {
	if len(as) == 0 {
		return nil
	}
	index := make(map[int64]int, len(as))
	ids := make([]int64, len(as))
	for i, a := range as {
		index[a.ID] = i
		ids[i] = a.ID
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	return scanTags(ctx, tx, index, as, `SELECT action_id, kind, ref_id FROM action_tags
		WHERE action_id IN (SELECT value FROM json_each(?)) ORDER BY action_id, ordinal`, string(list))
}

// scanTags appends the tags a query returns to the actions index locates.
func scanTags(ctx context.Context, tx *sql.Tx, index map[int64]int, as []handlers.Action, query string, args ...any) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("load tags: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var t handlers.Tag
		if err := rows.Scan(&id, &t.Kind, &t.ID); err != nil {
			return fmt.Errorf("load tags: %w", err)
		}
		i, ok := index[id]
		if !ok {
			return fmt.Errorf("load tags: tag of missing action #%d (run frontdoor check)", id)
		}
		as[i].Tags = append(as[i].Tags, t)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load tags: %w", err)
	}
	return nil
}

// --- idempotency keys ---

type keyUse struct {
	kind     string
	actionID int64
}

// seenKey returns what key was used for within the last hour, or nil.
func seenKey(ctx context.Context, tx *sql.Tx, key string, now time.Time) (*keyUse, error) {
	if key == "" {
		return nil, nil
	}
	var k keyUse
	var id sql.NullInt64 // NULL for a claim
	err := tx.QueryRowContext(ctx, `SELECT kind, action_id FROM idempotency WHERE key = ? AND at >= ?`,
		key, stamp(now.Add(-idempotencyKeep))).Scan(&k.kind, &id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("look up request key: %w", err)
	}
	k.actionID = id.Int64
	return &k, nil
}

// recordKey remembers key; an expired use of the same key not yet purged is
// replaced.
func recordKey(ctx context.Context, tx *sql.Tx, key, kind string, id int64, now time.Time) error {
	if key == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO idempotency (key, kind, action_id, at) VALUES (?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, action_id = excluded.action_id, at = excluded.at`,
		key, kind, id, stamp(now))
	if err != nil {
		return fmt.Errorf("record request key: %w", err)
	}
	return nil
}

// purgeKeys deletes up to purgeBatch expired keys, oldest first.
func purgeKeys(ctx context.Context, tx *sql.Tx, now time.Time) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM idempotency WHERE rowid IN
		(SELECT rowid FROM idempotency WHERE at < ? ORDER BY at LIMIT ?)`,
		stamp(now.Add(-idempotencyKeep)), purgeBatch)
	if err != nil {
		return fmt.Errorf("purge request keys: %w", err)
	}
	return nil
}

// --- helpers ---

// auditRefusal records a change that was refused, with the reason.
func auditRefusal(ctx context.Context, tx *sql.Tx, id int64, actor string, at time.Time, kind string, reason error, before json.RawMessage) error {
	_, err := appendAudit(ctx, tx, AuditEntry{
		At:      at,
		Actor:   actor,
		Kind:    cmp.Or(kind, auditActionChange),
		Subject: actionSubject(id),
		Outcome: OutcomeRefused,
		Before:  before,
		Detail:  reason.Error(),
	})
	return err
}

// settle applies the store's rules to a changed action: what may not change
// is put back, times are stamped, tags deduplicated.
func settle(next *handlers.Action, cur handlers.Action, at time.Time) {
	next.ID, next.CreatorID, next.CreatedAt = cur.ID, cur.CreatorID, cur.CreatedAt
	next.UpdatedAt = at
	switch {
	case next.Status != handlers.ActionDone:
		next.ClosedAt = time.Time{}
	case cur.Status != handlers.ActionDone || next.ClosedAt.IsZero():
		next.ClosedAt = at
	default:
		next.ClosedAt = instant(next.ClosedAt)
	}
	next.Tags = uniqueTags(next.Tags)
}

// checkAction refuses what the schema would, with a clearer message.
func checkAction(a handlers.Action) error {
	switch {
	case a.Text == "":
		return errors.New("an action needs text")
	case a.OwnerID == "":
		return errors.New("an action needs an owner")
	case a.CreatorID == "":
		return errors.New("an action needs a creator")
	}
	switch a.Status {
	case handlers.ActionOpen, handlers.ActionDone, handlers.ActionDeleted:
	default:
		return fmt.Errorf("unknown action status %q", a.Status)
	}
	for _, t := range a.Tags {
		switch t.Kind {
		case handlers.TagAgency, handlers.TagProgramme, handlers.TagCohort:
		default:
			return fmt.Errorf("unknown tag kind %q", t.Kind)
		}
		if t.ID == "" {
			return fmt.Errorf("a %s tag needs an id", t.Kind)
		}
	}
	return nil
}

// uniqueTags drops repeated tags, keeping the first of each; none is nil.
func uniqueTags(tags []handlers.Tag) []handlers.Tag {
	var out []handlers.Tag
	for _, t := range tags {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

func actionJSON(a handlers.Action) (json.RawMessage, error) {
	b, err := json.Marshal(a)
	if err != nil {
		return nil, fmt.Errorf("action #%d as JSON: %w", a.ID, err)
	}
	return b, nil
}

func actionSubject(id int64) string { return "#" + strconv.FormatInt(id, 10) }

// instant is t as stored: UTC, to the millisecond.
func instant(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Millisecond)
}

func stamp(t time.Time) string { return t.UTC().Format(auditTimeFormat) }

func nullStamp(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return stamp(t)
}

func parseStamp(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, err
	}
	return t.UTC(), nil
}
