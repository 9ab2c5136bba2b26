package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"frontdoor/handlers"
)

// How register values map to columns, so that what is written is exactly
// what is read back (reflect.DeepEqual holds):
//   - an empty string is NULL (optional text, references, Status, Kind);
//     a non-empty one is kept as written, so Status "" and "live" stay apart;
//   - an empty list is nil when read, never an empty slice; lists keep order;
//   - a nil *int64 / *bool is NULL; a set one is a fresh pointer per row;
//   - handlers.NoDate is NULL, other dates are TEXT YYYY-MM-DD;
//   - a kind with no rows is a nil slice in the Register;
//   - aliases are joined by ';', so an alias may not be empty or hold a ';'
//     (the CSV list separator, so it never can);
//   - a list may not name the same id twice.

// LoadRegister returns the whole register, each kind in stored order and
// every list in the order it was written. It reads one snapshot with one
// query per table, whatever the register's size.
func (db *DB) LoadRegister(ctx context.Context) (*handlers.Register, error) {
	var r *handlers.Register
	err := db.read(ctx, "load register", func(tx *sql.Tx) error {
		var err error
		r, err = loadRegister(ctx, tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Snapshot returns the register and its version read together, so that an
// import planned against the register can be applied with ApplyImport only
// if nothing changed it meanwhile.
func (db *DB) Snapshot(ctx context.Context) (*handlers.Register, int64, error) {
	var r *handlers.Register
	var v int64
	err := db.read(ctx, "snapshot", func(tx *sql.Tx) error {
		var err error
		if v, err = registerVersion(ctx, tx); err != nil {
			return err
		}
		r, err = loadRegister(ctx, tx)
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	return r, v, nil
}

func loadRegister(ctx context.Context, tx *sql.Tx) (*handlers.Register, error) {
	var r handlers.Register
	var err error
	if r.Areas, err = loadAreas(ctx, tx); err != nil {
		return nil, err
	}
	if r.Agencies, err = loadAgencies(ctx, tx); err != nil {
		return nil, err
	}
	if r.Cohorts, err = loadCohorts(ctx, tx); err != nil {
		return nil, err
	}
	if r.Programmes, err = loadProgrammes(ctx, tx); err != nil {
		return nil, err
	}
	if r.Fundings, err = loadFundings(ctx, tx); err != nil {
		return nil, err
	}
	return &r, nil
}

// RegisterVersion returns the number of imports applied so far; it changes
// whenever the register may have.
func (db *DB) RegisterVersion(ctx context.Context) (int64, error) {
	v, err := registerVersion(ctx, db.reader)
	if err != nil {
		return 0, wrap("register version", err)
	}
	return v, nil
}

func registerVersion(ctx context.Context, q queryer) (int64, error) {
	var v int64
	if err := q.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'register_version'`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read register version: %w", err)
	}
	return v, nil
}

// AnyVersion, as ApplyImport's baseVersion, applies an import whatever the
// register's version: for a diff that was not planned against a Snapshot.
const AnyVersion int64 = -1

// ApplyImport writes an import in one transaction: deletions first (so an id
// may be deleted and added back), then updates and additions in dependency
// order. It bumps the register version and appends one "import" audit row.
// References are checked at COMMIT; on any error nothing is written.
//
// baseVersion is the version of the register the diff was planned against
// (from Snapshot); if another import has been applied since, the import is
// refused with an error wrapping handlers.ErrConflict. AnyVersion skips the
// check. Updating or deleting an id that is not stored also fails with
// handlers.ErrNotFound, adding one that is with handlers.ErrConflict.
func (db *DB) ApplyImport(ctx context.Context, diff *handlers.RegisterDiff, actor string, baseVersion int64) error {
	if diff == nil {
		return errors.New("store: import: no diff given")
	}
	if actor == "" {
		return errors.New("store: import: no actor given for the audit trail")
	}
	after, err := json.Marshal(importCounts(diff))
	if err != nil {
		return wrap("import", err)
	}
	var version int64
	err = db.write(ctx, "import", func(tx *sql.Tx) error {
		if err := checkRegisterVersion(ctx, tx, baseVersion); err != nil {
			return err
		}
		if err := applyDeletions(ctx, tx, diff); err != nil {
			return err
		}
		if err := applyUpserts(ctx, tx, diff); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx,
			`UPDATE meta SET value = value + 1 WHERE key = 'register_version' RETURNING value`).Scan(&version); err != nil {
			return fmt.Errorf("bump register version: %w", err)
		}
		_, err := appendAudit(ctx, tx, AuditEntry{
			At:      db.now(),
			Actor:   actor,
			Kind:    AuditImport,
			Subject: AuditSubjectRegister,
			Outcome: OutcomeOK,
			After:   after,
			Detail:  strings.Join(diff.Summary(), "\n"),
		})
		return err
	})
	if err != nil {
		return err
	}
	db.log.Info("store: register imported", "version", version, "replace", diff.Replace, "counts", string(after))
	return nil
}

// checkRegisterVersion refuses an import planned against an older register.
// It runs under the write lock, so no other import can slip in after it.
func checkRegisterVersion(ctx context.Context, tx *sql.Tx, base int64) error {
	if base < 0 {
		return nil
	}
	v, err := registerVersion(ctx, tx)
	if err != nil {
		return err
	}
	if v != base {
		return fmt.Errorf("the register changed while this import was being checked; run the import again (version %d, checked against %d): %w",
			v, base, handlers.ErrConflict)
	}
	return nil
}

// importCounts is the audit's "after" of an import: counts per kind touched.
func importCounts(diff *handlers.RegisterDiff) map[string]map[string]int {
	out := make(map[string]map[string]int)
	for k, c := range diff.CountsByKind() {
		out[k] = map[string]int{"added": c.Added, "updated": c.Updated, "unchanged": c.Unchanged, "deleted": c.Deleted}
	}
	return out
}

func applyDeletions(ctx context.Context, tx *sql.Tx, diff *handlers.RegisterDiff) error {
	for _, id := range diff.Fundings.Deleted {
		if err := deleteFunding(ctx, tx, id); err != nil {
			return err
		}
	}
	for _, id := range diff.Programmes.Deleted {
		if err := deleteProgramme(ctx, tx, id); err != nil {
			return err
		}
	}
	for _, id := range diff.Cohorts.Deleted {
		if err := deleteRow(ctx, tx, "cohorts", "cohort", id); err != nil {
			return err
		}
	}
	for _, id := range diff.Agencies.Deleted {
		if err := deleteRow(ctx, tx, "agencies", "agency", id); err != nil {
			return err
		}
	}
	for _, id := range diff.Areas.Deleted {
		if err := deleteRow(ctx, tx, "areas", "area", id); err != nil {
			return err
		}
	}
	return nil
}

func applyUpserts(ctx context.Context, tx *sql.Tx, diff *handlers.RegisterDiff) error {
	for _, a := range diff.Areas.Updated {
		if err := updateArea(ctx, tx, a); err != nil {
			return err
		}
	}
	for _, a := range diff.Areas.Added {
		if err := insertArea(ctx, tx, a); err != nil {
			return err
		}
	}
	for _, a := range diff.Agencies.Updated {
		if err := updateAgency(ctx, tx, a); err != nil {
			return err
		}
	}
	for _, a := range diff.Agencies.Added {
		if err := insertAgency(ctx, tx, a); err != nil {
			return err
		}
	}
	for _, c := range diff.Cohorts.Updated {
		if err := updateCohort(ctx, tx, c); err != nil {
			return err
		}
	}
	for _, c := range diff.Cohorts.Added {
		if err := insertCohort(ctx, tx, c); err != nil {
			return err
		}
	}
	for _, p := range diff.Programmes.Updated {
		if err := updateProgramme(ctx, tx, p); err != nil {
			return err
		}
	}
	for _, p := range diff.Programmes.Added {
		if err := insertProgramme(ctx, tx, p); err != nil {
			return err
		}
	}
	for _, f := range diff.Fundings.Updated {
		if err := updateFunding(ctx, tx, f); err != nil {
			return err
		}
	}
	for _, f := range diff.Fundings.Added {
		if err := insertFunding(ctx, tx, f); err != nil {
			return err
		}
	}
	return nil
}

// --- areas ---

func insertArea(ctx context.Context, tx *sql.Tx, a handlers.Area) error {
	aliases, err := joinAliases(a.Aliases)
	if err != nil {
		return fmt.Errorf("add area %q: %w", a.ID, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO areas (id, pos, name, kind, parent_id, aliases)
		VALUES (?, (SELECT coalesce(max(pos), 0) + 1 FROM areas), ?, ?, ?, ?)`,
		a.ID, a.Name, a.Kind, nullString(a.ParentID), aliases)
	return insertError("area", a.ID, err)
}

func updateArea(ctx context.Context, tx *sql.Tx, a handlers.Area) error {
	aliases, err := joinAliases(a.Aliases)
	if err != nil {
		return fmt.Errorf("update area %q: %w", a.ID, err)
	}
	res, err := tx.ExecContext(ctx, `UPDATE areas SET name = ?, kind = ?, parent_id = ?, aliases = ? WHERE id = ?`,
		a.Name, a.Kind, nullString(a.ParentID), aliases, a.ID)
	return oneRow(res, err, "update area", a.ID)
}

func loadAreas(ctx context.Context, tx *sql.Tx) ([]handlers.Area, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, name, kind, parent_id, aliases FROM areas ORDER BY pos`)
	if err != nil {
		return nil, fmt.Errorf("load areas: %w", err)
	}
	defer rows.Close()
	var out []handlers.Area
	for rows.Next() {
		var a handlers.Area
		var parent, aliases sql.NullString
		if err := rows.Scan(&a.ID, &a.Name, &a.Kind, &parent, &aliases); err != nil {
			return nil, fmt.Errorf("load areas: %w", err)
		}
		a.ParentID, a.Aliases = parent.String, splitAliases(aliases)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load areas: %w", err)
	}
	return out, nil
}

// --- agencies ---

func insertAgency(ctx context.Context, tx *sql.Tx, a handlers.Agency) error {
	aliases, err := joinAliases(a.Aliases)
	if err != nil {
		return fmt.Errorf("add agency %q: %w", a.ID, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO agencies (id, pos, name, kind, area_id, aliases, org_id)
		VALUES (?, (SELECT coalesce(max(pos), 0) + 1 FROM agencies), ?, ?, ?, ?, ?)`,
		a.ID, a.Name, a.Kind, nullString(a.AreaID), aliases, nullString(a.OrgID))
	return insertError("agency", a.ID, err)
}

func updateAgency(ctx context.Context, tx *sql.Tx, a handlers.Agency) error {
	aliases, err := joinAliases(a.Aliases)
	if err != nil {
		return fmt.Errorf("update agency %q: %w", a.ID, err)
	}
	res, err := tx.ExecContext(ctx, `UPDATE agencies SET name = ?, kind = ?, area_id = ?, aliases = ?, org_id = ? WHERE id = ?`,
		a.Name, a.Kind, nullString(a.AreaID), aliases, nullString(a.OrgID), a.ID)
	return oneRow(res, err, "update agency", a.ID)
}

func loadAgencies(ctx context.Context, tx *sql.Tx) ([]handlers.Agency, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, name, kind, area_id, aliases, org_id FROM agencies ORDER BY pos`)
	if err != nil {
		return nil, fmt.Errorf("load agencies: %w", err)
	}
	defer rows.Close()
	var out []handlers.Agency
	for rows.Next() {
		var a handlers.Agency
		var area, aliases, orgID sql.NullString
		if err := rows.Scan(&a.ID, &a.Name, &a.Kind, &area, &aliases, &orgID); err != nil {
			return nil, fmt.Errorf("load agencies: %w", err)
		}
		a.AreaID, a.Aliases, a.OrgID = area.String, splitAliases(aliases), orgID.String
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load agencies: %w", err)
	}
	return out, nil
}

// --- cohorts ---

func insertCohort(ctx context.Context, tx *sql.Tx, c handlers.Cohort) error {
	aliases, err := joinAliases(c.Aliases)
	if err != nil {
		return fmt.Errorf("add cohort %q: %w", c.ID, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO cohorts (id, pos, name, parent_id, aliases, description, kind)
		VALUES (?, (SELECT coalesce(max(pos), 0) + 1 FROM cohorts), ?, ?, ?, ?, ?)`,
		c.ID, c.Name, nullString(c.ParentID), aliases, nullString(c.Description), nullString(c.Kind))
	return insertError("cohort", c.ID, err)
}

func updateCohort(ctx context.Context, tx *sql.Tx, c handlers.Cohort) error {
	aliases, err := joinAliases(c.Aliases)
	if err != nil {
		return fmt.Errorf("update cohort %q: %w", c.ID, err)
	}
	res, err := tx.ExecContext(ctx, `UPDATE cohorts SET name = ?, parent_id = ?, aliases = ?, description = ?, kind = ? WHERE id = ?`,
		c.Name, nullString(c.ParentID), aliases, nullString(c.Description), nullString(c.Kind), c.ID)
	return oneRow(res, err, "update cohort", c.ID)
}

func loadCohorts(ctx context.Context, tx *sql.Tx) ([]handlers.Cohort, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, name, parent_id, aliases, description, kind FROM cohorts ORDER BY pos`)
	if err != nil {
		return nil, fmt.Errorf("load cohorts: %w", err)
	}
	defer rows.Close()
	var out []handlers.Cohort
	for rows.Next() {
		var c handlers.Cohort
		var parent, aliases, desc, kind sql.NullString
		if err := rows.Scan(&c.ID, &c.Name, &parent, &aliases, &desc, &kind); err != nil {
			return nil, fmt.Errorf("load cohorts: %w", err)
		}
		c.ParentID, c.Aliases, c.Description, c.Kind = parent.String, splitAliases(aliases), desc.String, kind.String
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load cohorts: %w", err)
	}
	return out, nil
}

// --- programmes ---

func insertProgramme(ctx context.Context, tx *sql.Tx, p handlers.Programme) error {
	aliases, err := joinAliases(p.Aliases)
	if err != nil {
		return fmt.Errorf("add programme %q: %w", p.ID, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO programmes
		(id, pos, name, lead_agency_id, start_date, end_date, capacity, status, contact, url, description, aliases, checked_on)
		VALUES (?, (SELECT coalesce(max(pos), 0) + 1 FROM programmes), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, p.Name, p.LeadAgencyID, nullDate(p.Start), nullDate(p.End), nullInt(p.Capacity),
		nullString(p.Status), nullString(p.Contact), nullString(p.URL), nullString(p.Description), aliases, nullDate(p.CheckedOn))
	if err := insertError("programme", p.ID, err); err != nil {
		return err
	}
	return insertProgrammeLists(ctx, tx, p)
}

func updateProgramme(ctx context.Context, tx *sql.Tx, p handlers.Programme) error {
	aliases, err := joinAliases(p.Aliases)
	if err != nil {
		return fmt.Errorf("update programme %q: %w", p.ID, err)
	}
	res, err := tx.ExecContext(ctx, `UPDATE programmes SET name = ?, lead_agency_id = ?, start_date = ?, end_date = ?,
		capacity = ?, status = ?, contact = ?, url = ?, description = ?, aliases = ?, checked_on = ? WHERE id = ?`,
		p.Name, p.LeadAgencyID, nullDate(p.Start), nullDate(p.End), nullInt(p.Capacity),
		nullString(p.Status), nullString(p.Contact), nullString(p.URL), nullString(p.Description), aliases, nullDate(p.CheckedOn), p.ID)
	if err := oneRow(res, err, "update programme", p.ID); err != nil {
		return err
	}
	if err := deleteProgrammeLists(ctx, tx, p.ID); err != nil {
		return err
	}
	return insertProgrammeLists(ctx, tx, p)
}

func deleteProgramme(ctx context.Context, tx *sql.Tx, id string) error {
	if err := deleteProgrammeLists(ctx, tx, id); err != nil {
		return err
	}
	return deleteRow(ctx, tx, "programmes", "programme", id)
}

func insertProgrammeLists(ctx context.Context, tx *sql.Tx, p handlers.Programme) error {
	if err := insertList(ctx, tx, `INSERT INTO programme_areas (programme_id, ordinal, area_id) VALUES (?, ?, ?)`, p.ID, p.AreaIDs); err != nil {
		return fmt.Errorf("programme %q areas: %w", p.ID, err)
	}
	if err := insertList(ctx, tx, `INSERT INTO programme_cohorts (programme_id, ordinal, cohort_id) VALUES (?, ?, ?)`, p.ID, p.CohortIDs); err != nil {
		return fmt.Errorf("programme %q cohorts: %w", p.ID, err)
	}
	return nil
}

func deleteProgrammeLists(ctx context.Context, tx *sql.Tx, id string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM programme_areas WHERE programme_id = ?`, id); err != nil {
		return fmt.Errorf("programme %q areas: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM programme_cohorts WHERE programme_id = ?`, id); err != nil {
		return fmt.Errorf("programme %q cohorts: %w", id, err)
	}
	return nil
}

func loadProgrammes(ctx context.Context, tx *sql.Tx) ([]handlers.Programme, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, name, lead_agency_id, start_date, end_date, capacity,
		status, contact, url, description, aliases, checked_on FROM programmes ORDER BY pos`)
	if err != nil {
		return nil, fmt.Errorf("load programmes: %w", err)
	}
	defer rows.Close()
	var out []handlers.Programme
	for rows.Next() {
		var p handlers.Programme
		var start, end, status, contact, url, desc, aliases, checked sql.NullString
		var capacity sql.NullInt64
		if err := rows.Scan(&p.ID, &p.Name, &p.LeadAgencyID, &start, &end, &capacity,
			&status, &contact, &url, &desc, &aliases, &checked); err != nil {
			return nil, fmt.Errorf("load programmes: %w", err)
		}
		if p.Start, err = scanDate(start); err != nil {
			return nil, fmt.Errorf("load programme %q: start_date: %w", p.ID, err)
		}
		if p.End, err = scanDate(end); err != nil {
			return nil, fmt.Errorf("load programme %q: end_date: %w", p.ID, err)
		}
		if p.CheckedOn, err = scanDate(checked); err != nil {
			return nil, fmt.Errorf("load programme %q: checked_on: %w", p.ID, err)
		}
		p.Capacity = intPtr(capacity)
		p.Status, p.Contact, p.URL, p.Description = status.String, contact.String, url.String, desc.String
		p.Aliases = splitAliases(aliases)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load programmes: %w", err)
	}
	rows.Close()

	index := make(map[string]int, len(out))
	for i := range out {
		index[out[i].ID] = i
	}
	err = loadList(ctx, tx, `SELECT programme_id, area_id FROM programme_areas ORDER BY programme_id, ordinal`,
		func(owner, id string) bool {
			i, ok := index[owner]
			if ok {
				out[i].AreaIDs = append(out[i].AreaIDs, id)
			}
			return ok
		})
	if err != nil {
		return nil, fmt.Errorf("load programme areas: %w", err)
	}
	err = loadList(ctx, tx, `SELECT programme_id, cohort_id FROM programme_cohorts ORDER BY programme_id, ordinal`,
		func(owner, id string) bool {
			i, ok := index[owner]
			if ok {
				out[i].CohortIDs = append(out[i].CohortIDs, id)
			}
			return ok
		})
	if err != nil {
		return nil, fmt.Errorf("load programme cohorts: %w", err)
	}
	return out, nil
}

// --- fundings ---

func insertFunding(ctx context.Context, tx *sql.Tx, f handlers.Funding) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO fundings
		(id, pos, programme_id, funder_id, recipient_id, amount_pence, start_date, end_date, ring_fenced, source_url, notes,
		 kind, award_date, checked_on)
		VALUES (?, (SELECT coalesce(max(pos), 0) + 1 FROM fundings), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		f.ID, f.ProgrammeID, f.FunderID, nullString(f.RecipientID), nullInt(f.AmountPence),
		nullDate(f.Start), nullDate(f.End), nullBool(f.RingFenced), nullString(f.SourceURL), nullString(f.Notes),
		nullString(f.Kind), nullDate(f.AwardDate), nullDate(f.CheckedOn))
	if err := insertError("funding", f.ID, err); err != nil {
		return err
	}
	return insertFundingAreas(ctx, tx, f)
}

func updateFunding(ctx context.Context, tx *sql.Tx, f handlers.Funding) error {
	res, err := tx.ExecContext(ctx, `UPDATE fundings SET programme_id = ?, funder_id = ?, recipient_id = ?, amount_pence = ?,
		start_date = ?, end_date = ?, ring_fenced = ?, source_url = ?, notes = ?, kind = ?, award_date = ?, checked_on = ? WHERE id = ?`,
		f.ProgrammeID, f.FunderID, nullString(f.RecipientID), nullInt(f.AmountPence),
		nullDate(f.Start), nullDate(f.End), nullBool(f.RingFenced), nullString(f.SourceURL), nullString(f.Notes),
		nullString(f.Kind), nullDate(f.AwardDate), nullDate(f.CheckedOn), f.ID)
	if err := oneRow(res, err, "update funding", f.ID); err != nil {
		return err
	}
	if err := deleteFundingAreas(ctx, tx, f.ID); err != nil {
		return err
	}
	return insertFundingAreas(ctx, tx, f)
}

func deleteFunding(ctx context.Context, tx *sql.Tx, id string) error {
	if err := deleteFundingAreas(ctx, tx, id); err != nil {
		return err
	}
	return deleteRow(ctx, tx, "fundings", "funding", id)
}

func insertFundingAreas(ctx context.Context, tx *sql.Tx, f handlers.Funding) error {
	if err := insertList(ctx, tx, `INSERT INTO funding_areas (funding_id, ordinal, area_id) VALUES (?, ?, ?)`, f.ID, f.AreaIDs); err != nil {
		return fmt.Errorf("funding %q areas: %w", f.ID, err)
	}
	return nil
}

func deleteFundingAreas(ctx context.Context, tx *sql.Tx, id string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM funding_areas WHERE funding_id = ?`, id); err != nil {
		return fmt.Errorf("funding %q areas: %w", id, err)
	}
	return nil
}

func loadFundings(ctx context.Context, tx *sql.Tx) ([]handlers.Funding, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, programme_id, funder_id, recipient_id, amount_pence,
		start_date, end_date, ring_fenced, source_url, notes, kind, award_date, checked_on FROM fundings ORDER BY pos`)
	if err != nil {
		return nil, fmt.Errorf("load fundings: %w", err)
	}
	defer rows.Close()
	var out []handlers.Funding
	for rows.Next() {
		var f handlers.Funding
		var recipient, start, end, source, notes, kind, award, checked sql.NullString
		var amount, ring sql.NullInt64
		if err := rows.Scan(&f.ID, &f.ProgrammeID, &f.FunderID, &recipient, &amount,
			&start, &end, &ring, &source, &notes, &kind, &award, &checked); err != nil {
			return nil, fmt.Errorf("load fundings: %w", err)
		}
		if f.Start, err = scanDate(start); err != nil {
			return nil, fmt.Errorf("load funding %q: start_date: %w", f.ID, err)
		}
		if f.End, err = scanDate(end); err != nil {
			return nil, fmt.Errorf("load funding %q: end_date: %w", f.ID, err)
		}
		if f.AwardDate, err = scanDate(award); err != nil {
			return nil, fmt.Errorf("load funding %q: award_date: %w", f.ID, err)
		}
		if f.CheckedOn, err = scanDate(checked); err != nil {
			return nil, fmt.Errorf("load funding %q: checked_on: %w", f.ID, err)
		}
		f.RecipientID, f.SourceURL, f.Notes, f.Kind = recipient.String, source.String, notes.String, kind.String
		f.AmountPence = intPtr(amount)
		if ring.Valid {
			b := ring.Int64 != 0
			f.RingFenced = &b
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load fundings: %w", err)
	}
	rows.Close()

	index := make(map[string]int, len(out))
	for i := range out {
		index[out[i].ID] = i
	}
	err = loadList(ctx, tx, `SELECT funding_id, area_id FROM funding_areas ORDER BY funding_id, ordinal`,
		func(owner, id string) bool {
			i, ok := index[owner]
			if ok {
				out[i].AreaIDs = append(out[i].AreaIDs, id)
			}
			return ok
		})
	if err != nil {
		return nil, fmt.Errorf("load funding areas: %w", err)
	}
	return out, nil
}

// --- shared helpers ---

// deleteRow deletes one row of table by id; table is one of ours, never input.
func deleteRow(ctx context.Context, tx *sql.Tx, table, noun, id string) error {
	res, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE id = ?`, id)
	return oneRow(res, err, "delete "+noun, id)
}

// oneRow checks that an UPDATE or DELETE found its row.
func oneRow(res sql.Result, err error, what, id string) error {
	if err != nil {
		return fmt.Errorf("%s %q: %w", what, id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s %q: %w", what, id, err)
	}
	if n == 0 {
		return fmt.Errorf("%s %q: %w", what, id, handlers.ErrNotFound)
	}
	return nil
}

// insertError names the row an INSERT failed on; a duplicate id is a conflict.
func insertError(noun, id string, err error) error {
	if err == nil {
		return nil
	}
	if isPrimaryKeyViolation(err) {
		return fmt.Errorf("add %s %q: it already exists: %w", noun, id, errors.Join(handlers.ErrConflict, err))
	}
	return fmt.Errorf("add %s %q: %w", noun, id, err)
}

// insertList writes a list cell as join rows numbered from 1 in list order.
func insertList(ctx context.Context, tx *sql.Tx, query, owner string, ids []string) error {
	for i, id := range ids {
		if _, err := tx.ExecContext(ctx, query, owner, i+1, id); err != nil {
			return fmt.Errorf("%q: %w", id, err)
		}
	}
	return nil
}

// loadList reads (owner, value) rows in list order and hands each to add,
// which reports whether it knew the owner.
func loadList(ctx context.Context, tx *sql.Tx, query string, add func(owner, id string) bool) error {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var owner, id string
		if err := rows.Scan(&owner, &id); err != nil {
			return err
		}
		if !add(owner, id) {
			return fmt.Errorf("list row for missing %q (run frontdoor check)", owner)
		}
	}
	return rows.Err()
}

func joinAliases(aliases []string) (any, error) {
	if len(aliases) == 0 {
		return nil, nil
	}
	for _, a := range aliases {
		if a == "" || strings.Contains(a, ";") {
			return nil, fmt.Errorf("alias %q cannot be stored: aliases must be non-empty and contain no ';'", a)
		}
	}
	return strings.Join(aliases, ";"), nil
}

func splitAliases(s sql.NullString) []string {
	if !s.Valid || s.String == "" {
		return nil
	}
	return strings.Split(s.String, ";")
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullDate(d handlers.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// scanDate reads a stored date. It parses by hand rather than with
// handlers.ParseISODate, whose Sscanf was an eighth of LoadRegister's time.
func scanDate(s sql.NullString) (handlers.Date, error) {
	if !s.Valid {
		return handlers.NoDate, nil
	}
	v := s.String
	if len(v) != 10 || v[4] != '-' || v[7] != '-' {
		return handlers.NoDate, fmt.Errorf("stored date %q is not YYYY-MM-DD", v)
	}
	y, ok1 := digits(v[0:4])
	m, ok2 := digits(v[5:7])
	d, ok3 := digits(v[8:10])
	if !ok1 || !ok2 || !ok3 || !handlers.ValidYMD(y, time.Month(m), d) {
		return handlers.NoDate, fmt.Errorf("stored date %q is not a real date", v)
	}
	return handlers.DateOf(y, time.Month(m), d), nil
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

func nullInt(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

func intPtr(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	v := n.Int64
	return &v
}

func nullBool(p *bool) any {
	if p == nil {
		return nil
	}
	if *p {
		return 1
	}
	return 0
}
