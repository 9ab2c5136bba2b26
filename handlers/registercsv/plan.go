package registercsv

import (
	"fmt"
	"path"
	"strings"

	"frontdoor/handlers"
)

// Plan parses and validates files against the current register and works out
// the change. It never returns a partial plan: if problems is non-empty, diff
// is nil. Problems are all the problems found, sorted by file (dependency
// order) then line. replace=true makes the register exactly the files for the
// kinds given: rows of those kinds missing from the files are deleted, unless
// something still refers to them.
func Plan(current *handlers.Register, files []File, replace bool) (diff *handlers.RegisterDiff, problems []handlers.Problem) {
	if current == nil {
		current = &handlers.Register{}
	}
	var pr problemList
	tables := map[string]*table{}
	for _, f := range files {
		kind, ok := KindOf(f.Name)
		if !ok {
			pr.add(f.Name, 0, "", notRegisterFile(f.Name))
			continue
		}
		if prev, dup := tables[kind]; dup {
			pr.add(f.Name, 0, "", fmt.Sprintf("a second %s file (the first is %s); give each kind of file once", FileName(kind), prev.name))
			continue
		}
		tables[kind] = readTable(f, Columns(kind), pr.sink(f.Name))
	}

	areas := planKind(areaSchema, current.Areas, tables[handlers.KindAreas], replace, &pr)
	agencies := planKind(agencySchema, current.Agencies, tables[handlers.KindAgencies], replace, &pr)
	cohorts := planKind(cohortSchema, current.Cohorts, tables[handlers.KindCohorts], replace, &pr)
	programmes := planKind(programmeSchema, current.Programmes, tables[handlers.KindProgrammes], replace, &pr)
	fundings := planKind(fundingSchema, current.Fundings, tables[handlers.KindFundings], replace, &pr)

	c := checker{pr: &pr, views: map[string]*view{
		handlers.KindAreas:      areas.view,
		handlers.KindAgencies:   agencies.view,
		handlers.KindCohorts:    cohorts.view,
		handlers.KindProgrammes: programmes.view,
		handlers.KindFundings:   fundings.view,
	}}
	c.references()
	c.deletions()
	c.hierarchy(areas.view)
	c.hierarchy(cohorts.view)
	if !pr.empty() {
		return nil, pr.sorted()
	}

	var warnings problemList
	fundingWarnings(programmes, fundings, &warnings)
	diff = &handlers.RegisterDiff{
		Areas:      areas.diff,
		Agencies:   agencies.diff,
		Cohorts:    cohorts.diff,
		Programmes: programmes.diff,
		Fundings:   fundings.diff,
		Replace:    replace,
		Warnings:   warnings.sorted(),
	}
	for _, k := range handlers.RegisterKinds {
		if tables[k] != nil {
			diff.Kinds = append(diff.Kinds, k)
		}
	}
	return diff, nil
}

func notRegisterFile(name string) string {
	names := "areas.csv, agencies.csv, cohorts.csv, programmes.csv and fundings.csv"
	switch strings.ToLower(path.Ext(name)) {
	case ".xlsx", ".xls", ".ods", ".xlsm":
		return "this is a spreadsheet workbook, not a CSV file; save each sheet as CSV UTF-8 named after what it holds (" + names + ")"
	}
	return "not a register file; the register files are named " + names
}

// kindPlan is the plan for one kind: the diff, and the register of that kind
// after the change (merged) for the checks across kinds.
type kindPlan[T any] struct {
	diff   handlers.KindDiff[T]
	merged map[string]*T
	line   map[string]int // id → line of its row in the file
	ids    []string       // merged ids: stored order, then added rows
	file   string
	view   *view
}

// fileRow is one row of a file, read over the stored row of the same id.
type fileRow[T any] struct {
	line  int
	row   T
	isNew bool
}

func planKind[T any](s *schema[T], stored []T, t *table, replace bool, pr *problemList) *kindPlan[T] {
	k := &kindPlan[T]{file: FileName(s.kind), line: map[string]int{}}
	if t != nil {
		k.file = t.name
	}
	storedIdx := make(map[string]int, len(stored))
	for i := range stored {
		storedIdx[*s.id(&stored[i])] = i
	}

	var rows []fileRow[T]
	if t != nil && t.usable {
		add := pr.sink(t.name)
		rows = readRows(s, stored, storedIdx, t, add)
		for i := range rows {
			k.line[*s.id(&rows[i].row)] = rows[i].line
		}
		missingColumns(s, t, rows, add)
	}

	// The diff.
	inFile := make(map[string]*T, len(rows))
	for i := range rows {
		r := &rows[i]
		id := *s.id(&r.row)
		inFile[id] = &r.row
		switch {
		case r.isNew:
			k.diff.Added = append(k.diff.Added, r.row)
		case s.same(&stored[storedIdx[id]], &r.row):
			k.diff.Unchanged++
		default:
			k.diff.Updated = append(k.diff.Updated, r.row)
		}
	}
	deleted := map[string]string{}
	if replace && t != nil && t.usable && t.complete {
		for i := range stored {
			id := *s.id(&stored[i])
			if inFile[id] == nil {
				k.diff.Deleted = append(k.diff.Deleted, id)
				deleted[id] = firstName(s, &stored[i])
			}
		}
	}

	// The register of this kind after the change.
	k.merged = make(map[string]*T, len(stored)+len(rows))
	for i := range stored {
		id := *s.id(&stored[i])
		if _, gone := deleted[id]; gone {
			continue
		}
		if r := inFile[id]; r != nil {
			k.merged[id] = r
		} else {
			k.merged[id] = &stored[i]
		}
		k.ids = append(k.ids, id)
	}
	for i := range rows {
		if rows[i].isNew {
			id := *s.id(&rows[i].row)
			k.merged[id] = &rows[i].row
			k.ids = append(k.ids, id)
		}
	}

	if t != nil && t.usable {
		sizeLimits(s, k, pr)
	}

	k.view = &view{
		kind: s.kind, noun: s.noun, file: k.file, inside: s.inside,
		given:    t != nil,
		complete: t == nil || (t.usable && t.complete),
		nodes:    make(map[string]*node, len(k.ids)),
		ids:      k.ids,
		deleted:  deleted,
		delOrder: k.diff.Deleted,
	}
	for _, id := range k.ids {
		r := k.merged[id]
		n := &node{line: k.line[id], names: s.names(r)}
		for _, c := range s.cols {
			if c.ref == "" {
				continue
			}
			for _, target := range c.ids(r) {
				n.refs = append(n.refs, ref{col: c.name, kind: c.ref, id: target})
			}
			if c.name == s.parent {
				n.parent = c.get(r)
			}
		}
		k.view.nodes[id] = n
	}
	return k
}

// readRows checks every row of a file, each read over the stored row of the
// same id so that columns left out of the file keep their stored values.
func readRows[T any](s *schema[T], stored []T, storedIdx map[string]int, t *table, add func(int, string, string)) []fileRow[T] {
	var rows []fileRow[T]
	firstLine := map[string]int{}
	_, hasEnd := t.cols["end_date"]
	for _, rec := range t.rows {
		id := t.cell(rec, "id")
		if msg := cellProblem(id, false); msg != "" {
			add(rec.line, "id", msg)
			continue
		}
		switch {
		case id == "":
			add(rec.line, "id", fmt.Sprintf("empty; every %s needs an id, which says which row is which", s.noun))
			continue
		case strings.Contains(id, ";"):
			add(rec.line, "id", fmt.Sprintf("%q contains \";\", which separates ids in list cells; choose an id without it", id))
			continue
		}
		if first, dup := firstLine[id]; dup {
			add(rec.line, "id", fmt.Sprintf("%q is already on line %d; each id may appear only once in a file, so delete one of the rows or give it another id", id, first))
			continue
		}
		firstLine[id] = rec.line

		var r T
		i, exists := storedIdx[id]
		if exists {
			r = stored[i]
		} else {
			*s.id(&r) = id
		}
		for _, c := range s.cols[1:] {
			if _, present := t.cols[c.name]; !present {
				continue
			}
			v := t.cell(rec, c.name)
			if msg := cellProblem(v, c.multiline); msg != "" {
				add(rec.line, c.name, msg)
				continue
			}
			if v != "" {
				if msg := c.set(&r, v); msg != "" {
					add(rec.line, c.name, msg)
					continue
				}
			}
			// A list of only ";" is as empty as an empty cell.
			if c.required && (v == "" || c.get(&r) == "") {
				add(rec.line, c.name, fmt.Sprintf("empty; every %s needs %s", s.noun, c.need))
				continue
			}
			if v == "" {
				c.set(&r, "")
			}
		}
		if s.span != nil {
			if start, end := s.span(&r); !start.IsZero() && !end.IsZero() && end < start {
				col := "end_date"
				if !hasEnd {
					col = "start_date"
				}
				add(rec.line, col, fmt.Sprintf("the end date %s is before the start date %s; swap them or correct one", end, start))
			}
		}
		rows = append(rows, fileRow[T]{line: rec.line, row: r, isNew: !exists})
	}
	return rows
}

// sizeLimits refuses a file that would make the register hold more rows of
// its kind, or more values in its list cells, than MaxRows and
// MaxListItemsPerKind allow.
func sizeLimits[T any](s *schema[T], k *kindPlan[T], pr *problemList) {
	if limit := MaxRows[s.kind]; len(k.ids) > limit {
		pr.add(k.file, 0, "", fmt.Sprintf("with this file the register would hold %s %s, and it may hold at most %s; leave out the rows the unit does not need (import with --replace to drop stored rows the file leaves out)",
			thousands(len(k.ids)), s.kind, thousands(limit)))
	}
	items := 0
	var lists []string
	for _, c := range s.cols {
		if c.items == nil {
			continue
		}
		lists = append(lists, c.name)
		for _, id := range k.ids {
			items += c.items(k.merged[id])
		}
	}
	if items > MaxListItemsPerKind {
		pr.add(k.file, 0, "", fmt.Sprintf("with this file the list cells of %s (%s) would hold %s values in all; they may hold at most %s, so name broader areas and cohorts instead of each one inside them",
			s.kind, strings.Join(lists, ", "), thousands(items), thousands(MaxListItemsPerKind)))
	}
}

// missingColumns reports required columns left out of a file that adds rows:
// a new row has no stored value to fall back on.
func missingColumns[T any](s *schema[T], t *table, rows []fileRow[T], add func(int, string, string)) {
	for _, c := range s.cols {
		if _, present := t.cols[c.name]; present || !c.required {
			continue
		}
		var lines []string
		for _, r := range rows {
			if r.isNew {
				lines = append(lines, fmt.Sprint(r.line))
			}
		}
		if len(lines) == 0 {
			continue // every row updates a stored one, which keeps its value
		}
		which := "line " + lines[0] + " adds a new " + s.noun + ", which needs"
		if len(lines) > 1 {
			which = "lines " + listSome(lines, 5) + " add new " + s.kind + ", which need"
		}
		add(t.headerLine, c.name, fmt.Sprintf("required column is missing: %s %s; add a %q column", which, c.need, c.name))
	}
}

func firstName[T any](s *schema[T], r *T) string {
	if names := s.names(r); len(names) > 0 {
		return names[0]
	}
	return ""
}

// listSome joins up to n items, "a, b and c", saying how many more there are.
func listSome(items []string, n int) string {
	if len(items) > n {
		return strings.Join(items[:n], ", ") + fmt.Sprintf(" and %d more", len(items)-n)
	}
	if len(items) == 1 {
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// fundingWarnings warns of fundings whose period falls outside their
// programme's dates, where the import touches the funding or the programme.
func fundingWarnings(programmes *kindPlan[programme], fundings *kindPlan[funding], w *problemList) {
	for _, id := range fundings.ids {
		f := fundings.merged[id]
		p := programmes.merged[f.ProgrammeID]
		if p == nil {
			continue
		}
		fl, pl := fundings.line[id], programmes.line[p.ID]
		if fl == 0 && pl == 0 {
			continue
		}
		col := ""
		switch period := p.Period(); {
		case !f.Start.IsZero() && !period.Contains(f.Start):
			col = "start_date"
		case !f.End.IsZero() && !period.Contains(f.End):
			col = "end_date"
		default:
			continue
		}
		fp, pp := isoPeriod(f.Start, f.End), isoPeriod(p.Start, p.End)
		if fl > 0 {
			w.add(fundings.file, fl, col, fmt.Sprintf("funding %q covers %s, outside the dates of programme %q (%s); accepted, but check the dates", id, fp, p.ID, pp))
		} else {
			w.add(programmes.file, pl, col, fmt.Sprintf("funding %q covers %s, outside this programme's dates (%s); accepted, but check the dates", id, fp, pp))
		}
	}
}
