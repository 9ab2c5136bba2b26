-- Schema 3: the weekly digest's posts and the daily reminders, each a claim taken before
-- anything is sent, so that every process sharing the database sends it at most once.
--
-- Conventions as in 0001 and 0002: dates are TEXT 'YYYY-MM-DD'; instants are TEXT in UTC,
-- RFC 3339 with milliseconds, so they sort as text; empty optional text is NULL.

-- One row per digest post: a channel's week, with its state. Only one row of a (channel, week)
-- is live; a deliberate resend of a posted digest supersedes it (superseded_at set) and keeps it
-- as history. The unique index on the live row is the claim: two processes cannot both take it.
CREATE TABLE digest_posts (
	id            INTEGER NOT NULL PRIMARY KEY,
	channel       TEXT    NOT NULL CHECK (channel <> ''),
	week          TEXT    NOT NULL CHECK (week GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	state         TEXT    NOT NULL CHECK (state IN ('claimed', 'posted', 'unconfirmed', 'failed', 'skipped')),
	attempt       INTEGER NOT NULL CHECK (attempt >= 0),  -- tries at delivering it; 0 for a skip
	claimed_at    TEXT    NOT NULL,
	updated_at    TEXT    NOT NULL,  -- any progress: a claim with none for long was abandoned
	posted_at     TEXT,              -- when its last message was confirmed
	ts            TEXT,              -- Slack's ts of the first message: the thread
	headline      TEXT,
	snapshot      TEXT    CHECK (snapshot IS NULL OR json_valid(snapshot)),  -- what next week compares against
	messages      TEXT    CHECK (messages IS NULL OR json_valid(messages)),  -- the Slack messages, to continue
	parts         INTEGER NOT NULL DEFAULT 0 CHECK (parts >= 0),
	parts_posted  INTEGER NOT NULL DEFAULT 0 CHECK (parts_posted BETWEEN 0 AND parts),
	detail        TEXT,
	superseded_at TEXT,
	CHECK ((state = 'posted') = (posted_at IS NOT NULL)),
	CHECK (state <> 'posted' OR (parts_posted = parts AND ts IS NOT NULL)),
	CHECK (state = 'skipped' OR (messages IS NOT NULL AND parts >= 1)),
	CHECK (superseded_at IS NULL OR state = 'posted')
) STRICT;
CREATE UNIQUE INDEX digest_posts_live ON digest_posts (channel, week) WHERE superseded_at IS NULL;
-- "The previous digest" is the last one posted to a channel before a week.
CREATE INDEX digest_posts_posted ON digest_posts (channel, week, posted_at) WHERE state = 'posted';
CREATE INDEX digest_posts_posted_at ON digest_posts (posted_at) WHERE state = 'posted';

-- One row per person and day: the reminder of their actions due. The primary key is the claim.
CREATE TABLE reminder_posts (
	person     TEXT    NOT NULL CHECK (person <> ''),
	day        TEXT    NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	state      TEXT    NOT NULL CHECK (state IN ('claimed', 'sent', 'unconfirmed', 'failed')),
	attempt    INTEGER NOT NULL CHECK (attempt >= 1),
	claimed_at TEXT    NOT NULL,
	sent_at    TEXT,
	channel    TEXT,   -- the direct-message channel, once opened
	ts         TEXT,
	actions    TEXT    NOT NULL CHECK (json_valid(actions)),  -- the numbers of the actions listed
	detail     TEXT,
	PRIMARY KEY (person, day),
	CHECK ((state = 'sent') = (sent_at IS NOT NULL))
) STRICT;
