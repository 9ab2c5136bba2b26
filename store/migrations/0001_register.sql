-- Schema 1: the register (format v1), its version counter and the audit trail.
--
-- Conventions, shared with the code in register.go:
--   * an empty optional text value is NULL, never '';
--   * dates are TEXT 'YYYY-MM-DD' or NULL (an open bound);
--   * amounts are INTEGER pence, NULL when not disclosed;
--   * aliases are one TEXT joined by ';' (the CSV list separator, so no alias holds one), NULL when none;
--   * pos gives the stored order of each kind: new rows take max(pos)+1, updates keep theirs;
--   * every reference is DEFERRABLE INITIALLY DEFERRED, so an import may write its rows in any
--     order and is checked once, at COMMIT.
-- Tables are STRICT so a value of the wrong type is refused rather than silently kept.

CREATE TABLE areas (
	id        TEXT    NOT NULL PRIMARY KEY CHECK (id <> ''),
	pos       INTEGER NOT NULL UNIQUE,
	name      TEXT    NOT NULL CHECK (name <> ''),
	kind      TEXT    NOT NULL CHECK (kind <> ''),
	parent_id TEXT    REFERENCES areas (id) DEFERRABLE INITIALLY DEFERRED,
	aliases   TEXT
) STRICT;
CREATE INDEX areas_parent ON areas (parent_id);

CREATE TABLE agencies (
	id      TEXT    NOT NULL PRIMARY KEY CHECK (id <> ''),
	pos     INTEGER NOT NULL UNIQUE,
	name    TEXT    NOT NULL CHECK (name <> ''),
	kind    TEXT    NOT NULL CHECK (kind <> ''),
	area_id TEXT    REFERENCES areas (id) DEFERRABLE INITIALLY DEFERRED,
	aliases TEXT
) STRICT;
CREATE INDEX agencies_area ON agencies (area_id);

CREATE TABLE cohorts (
	id          TEXT    NOT NULL PRIMARY KEY CHECK (id <> ''),
	pos         INTEGER NOT NULL UNIQUE,
	name        TEXT    NOT NULL CHECK (name <> ''),
	parent_id   TEXT    REFERENCES cohorts (id) DEFERRABLE INITIALLY DEFERRED,
	aliases     TEXT,
	description TEXT,
	kind        TEXT -- NULL: residents (the default), kept apart from an explicit 'residents'
) STRICT;
CREATE INDEX cohorts_parent ON cohorts (parent_id);

CREATE TABLE programmes (
	id             TEXT    NOT NULL PRIMARY KEY CHECK (id <> ''),
	pos            INTEGER NOT NULL UNIQUE,
	name           TEXT    NOT NULL CHECK (name <> ''),
	lead_agency_id TEXT    NOT NULL REFERENCES agencies (id) DEFERRABLE INITIALLY DEFERRED,
	start_date     TEXT    CHECK (start_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	end_date       TEXT    CHECK (end_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	capacity       INTEGER CHECK (capacity >= 0),
	status         TEXT, -- NULL: live (the default), kept apart from an explicit 'live'
	contact        TEXT,
	url            TEXT,
	description    TEXT,
	aliases        TEXT,
	CHECK (start_date IS NULL OR end_date IS NULL OR start_date <= end_date)
) STRICT;
CREATE INDEX programmes_lead_agency ON programmes (lead_agency_id);

CREATE TABLE fundings (
	id           TEXT    NOT NULL PRIMARY KEY CHECK (id <> ''),
	pos          INTEGER NOT NULL UNIQUE,
	programme_id TEXT    NOT NULL REFERENCES programmes (id) DEFERRABLE INITIALLY DEFERRED,
	funder_id    TEXT    NOT NULL REFERENCES agencies (id) DEFERRABLE INITIALLY DEFERRED,
	recipient_id TEXT    REFERENCES agencies (id) DEFERRABLE INITIALLY DEFERRED,
	amount_pence INTEGER CHECK (amount_pence >= 0),
	start_date   TEXT    CHECK (start_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	end_date     TEXT    CHECK (end_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	ring_fenced  INTEGER CHECK (ring_fenced IN (0, 1)),
	source_url   TEXT,
	notes        TEXT,
	CHECK (start_date IS NULL OR end_date IS NULL OR start_date <= end_date)
) STRICT;
CREATE INDEX fundings_programme ON fundings (programme_id);
CREATE INDEX fundings_funder ON fundings (funder_id);
CREATE INDEX fundings_recipient ON fundings (recipient_id);

-- List cells. ordinal keeps the order a list was written in; a value appears once per list.
-- A join row means nothing without its owner, so it goes with it (ON DELETE CASCADE); the
-- referenced side has no cascade, so deleting an area or cohort still in use fails at COMMIT.
CREATE TABLE programme_areas (
	programme_id TEXT    NOT NULL REFERENCES programmes (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	ordinal      INTEGER NOT NULL,
	area_id      TEXT    NOT NULL REFERENCES areas (id) DEFERRABLE INITIALLY DEFERRED,
	PRIMARY KEY (programme_id, ordinal),
	UNIQUE (programme_id, area_id)
) STRICT;
CREATE INDEX programme_areas_area ON programme_areas (area_id);

CREATE TABLE programme_cohorts (
	programme_id TEXT    NOT NULL REFERENCES programmes (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	ordinal      INTEGER NOT NULL,
	cohort_id    TEXT    NOT NULL REFERENCES cohorts (id) DEFERRABLE INITIALLY DEFERRED,
	PRIMARY KEY (programme_id, ordinal),
	UNIQUE (programme_id, cohort_id)
) STRICT;
CREATE INDEX programme_cohorts_cohort ON programme_cohorts (cohort_id);

CREATE TABLE funding_areas (
	funding_id TEXT    NOT NULL REFERENCES fundings (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	ordinal    INTEGER NOT NULL,
	area_id    TEXT    NOT NULL REFERENCES areas (id) DEFERRABLE INITIALLY DEFERRED,
	PRIMARY KEY (funding_id, ordinal),
	UNIQUE (funding_id, area_id)
) STRICT;
CREATE INDEX funding_areas_area ON funding_areas (area_id);

-- Small facts about the database as a whole.
CREATE TABLE meta (
	key   TEXT NOT NULL PRIMARY KEY,
	value ANY
) STRICT;
-- register_version counts imports, so a cached copy of the register knows when it is stale.
INSERT INTO meta (key, value) VALUES ('register_version', 0);

-- The audit trail: who did what, when, with the record before and after (JSON).
-- Append-only, enforced here rather than trusted to the code: the triggers refuse any
-- UPDATE, DELETE or REPLACE, whatever program opens the file.
CREATE TABLE audit (
	id       INTEGER NOT NULL PRIMARY KEY,
	at       TEXT    NOT NULL, -- UTC, RFC 3339 with milliseconds: 2026-03-31T09:15:02.123Z
	actor    TEXT    NOT NULL CHECK (actor <> ''),
	kind     TEXT    NOT NULL CHECK (kind <> ''), -- 'import', 'action.create', 'action.done', ...
	subject  TEXT    NOT NULL, -- what it is about: 'register', '#42', ...
	outcome  TEXT    NOT NULL CHECK (outcome IN ('ok', 'refused')),
	"before" TEXT    CHECK ("before" IS NULL OR json_valid("before")),
	"after"  TEXT    CHECK ("after" IS NULL OR json_valid("after")),
	detail   TEXT    NOT NULL DEFAULT ''
) STRICT;
-- An action's history is read by subject, oldest first.
CREATE INDEX audit_subject ON audit (subject, id);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit is append-only');
END;

-- INSERT OR REPLACE would delete the old row without firing the delete trigger.
CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit
WHEN EXISTS (SELECT 1 FROM audit WHERE id = NEW.id)
BEGIN
	SELECT RAISE(ABORT, 'audit is append-only');
END;
