-- Schema 4: register format v2. When each programme and funding was last checked against its
-- source, what kind of money a funding is and when it was awarded, and organisations' open
-- identifiers (org-id.guide, as 360Giving uses them).
--
-- Conventions as in 0001: an empty optional value is NULL; dates are TEXT 'YYYY-MM-DD'. Rows
-- imported before this schema have NULL in every new column: never checked, kind unknown.

ALTER TABLE agencies ADD COLUMN org_id TEXT CHECK (org_id <> '');

ALTER TABLE programmes ADD COLUMN checked_on TEXT
	CHECK (checked_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]');

ALTER TABLE fundings ADD COLUMN kind TEXT
	CHECK (kind IN ('grant', 'contract', 'allocation', 'match', 'other'));
ALTER TABLE fundings ADD COLUMN award_date TEXT
	CHECK (award_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]');
ALTER TABLE fundings ADD COLUMN checked_on TEXT
	CHECK (checked_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]');
