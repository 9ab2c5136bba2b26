-- Schema 2: the action log and the idempotency keys of writes.
--
-- Conventions as in 0001 (empty optional text is NULL; dates are TEXT 'YYYY-MM-DD' or NULL),
-- and instants are TEXT in UTC, RFC 3339 with milliseconds, like audit.at, so they sort as text.

-- An action's id is the number users see (#42). AUTOINCREMENT so a number is never handed out
-- twice, whatever happens to the highest row.
CREATE TABLE actions (
	id         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
	text       TEXT    NOT NULL CHECK (text <> ''),
	owner_id   TEXT    NOT NULL CHECK (owner_id <> ''),
	owner_name TEXT,
	creator_id TEXT    NOT NULL CHECK (creator_id <> ''),
	due        TEXT    CHECK (due GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	status     TEXT    NOT NULL CHECK (status IN ('open', 'done', 'deleted')),
	channel_id TEXT,
	link       TEXT,
	created_at TEXT    NOT NULL,
	updated_at TEXT    NOT NULL,
	closed_at  TEXT,   -- set exactly when the action is done
	CHECK ((status = 'done') = (closed_at IS NOT NULL))
) STRICT;
-- Lists are ordered by due date with no due date last, then by number. "due IS NULL" is in
-- the index so that order comes straight from it (the rowid, the number, is its last column).
CREATE INDEX actions_status_due ON actions (status, due IS NULL, due);
CREATE INDEX actions_owner_status_due ON actions (owner_id, status, due IS NULL, due);
-- "done" lists recently closed actions; only done ones have closed_at.
CREATE INDEX actions_closed ON actions (closed_at) WHERE closed_at IS NOT NULL;

-- Deleting an action is a change of status, never a lost row.
CREATE TRIGGER actions_no_delete BEFORE DELETE ON actions
BEGIN
	SELECT RAISE(ABORT, 'actions are never deleted: set the status to deleted');
END;

-- What an action is about: register entries named in its text. No reference to the register:
-- a tag records what the action named when it was logged, and an import that deletes the
-- entry must not be refused because an old action once named it. ordinal keeps the order
-- the tags were found in.
CREATE TABLE action_tags (
	action_id INTEGER NOT NULL REFERENCES actions (id),
	kind      TEXT    NOT NULL CHECK (kind IN ('agency', 'programme', 'cohort')),
	ref_id    TEXT    NOT NULL CHECK (ref_id <> ''),
	ordinal   INTEGER NOT NULL,
	PRIMARY KEY (action_id, kind, ref_id),
	UNIQUE (action_id, ordinal)
) STRICT;
CREATE INDEX action_tags_ref ON action_tags (kind, ref_id, action_id);

-- Keys of requests already written (SLACK.md: kept one hour), so a request delivered twice
-- is written once. kind is the audit kind of the write the key made, with the action it
-- wrote; or 'claim' for an event taken before any work (claims.go), with no action.
CREATE TABLE idempotency (
	key       TEXT    NOT NULL PRIMARY KEY CHECK (key <> ''),
	kind      TEXT    NOT NULL CHECK (kind <> ''),
	action_id INTEGER REFERENCES actions (id),
	at        TEXT    NOT NULL
) STRICT;
CREATE INDEX idempotency_at ON idempotency (at);
