package regtest

import (
	"errors"
	"fmt"
	"slices"

	h "frontdoor/handlers"
)

// Validate checks what the index expects of a register (ids unique, kinds
// and statuses known, references resolving, no cycle in the area or cohort
// hierarchy, no period ending before it starts) and returns every problem
// found, joined. It guards the generated registers; the import has its own,
// fuller validation with line numbers.
func Validate(reg *h.Register) error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	set := func(kind string, n int, id func(int) string) map[string]bool {
		m := make(map[string]bool, n)
		for i := 0; i < n; i++ {
			if id(i) == "" {
				bad("%s %d: empty id", kind, i)
			}
			if m[id(i)] {
				bad("%s %q: duplicate id", kind, id(i))
			}
			m[id(i)] = true
		}
		return m
	}
	areas := set("area", len(reg.Areas), func(i int) string { return reg.Areas[i].ID })
	agencies := set("agency", len(reg.Agencies), func(i int) string { return reg.Agencies[i].ID })
	cohorts := set("cohort", len(reg.Cohorts), func(i int) string { return reg.Cohorts[i].ID })
	progs := set("programme", len(reg.Programmes), func(i int) string { return reg.Programmes[i].ID })
	set("funding", len(reg.Fundings), func(i int) string { return reg.Fundings[i].ID })
	ref := func(where, what, id string, in map[string]bool) {
		if id != "" && !in[id] {
			bad("%s: unknown %s %q", where, what, id)
		}
	}

	areaParent := map[string]string{}
	for _, a := range reg.Areas {
		if a.Name == "" || !slices.Contains(h.AreaKinds, a.Kind) {
			bad("area %q: empty name or unknown kind %q", a.ID, a.Kind)
		}
		ref("area "+a.ID, "parent", a.ParentID, areas)
		areaParent[a.ID] = a.ParentID
	}
	cohortParent := map[string]string{}
	for _, c := range reg.Cohorts {
		if c.Name == "" || (c.Kind != "" && !slices.Contains(h.CohortKinds, c.Kind)) {
			bad("cohort %q: empty name or unknown kind %q", c.ID, c.Kind)
		}
		ref("cohort "+c.ID, "parent", c.ParentID, cohorts)
		cohortParent[c.ID] = c.ParentID
	}
	errs = append(errs, cycles("area", areaParent)...)
	errs = append(errs, cycles("cohort", cohortParent)...)
	for _, a := range reg.Agencies {
		if a.Name == "" || !slices.Contains(h.AgencyKinds, a.Kind) {
			bad("agency %q: empty name or unknown kind %q", a.ID, a.Kind)
		}
		ref("agency "+a.ID, "area", a.AreaID, areas)
	}
	for _, p := range reg.Programmes {
		where := "programme " + p.ID
		if p.Name == "" || (p.Status != "" && !slices.Contains(h.ProgrammeStatuses, p.Status)) {
			bad("%s: empty name or unknown status %q", where, p.Status)
		}
		if p.LeadAgencyID == "" || len(p.AreaIDs) == 0 || len(p.CohortIDs) == 0 {
			bad("%s: lead, areas and cohorts are required", where)
		}
		ref(where, "lead agency", p.LeadAgencyID, agencies)
		for _, id := range p.AreaIDs {
			ref(where, "area", id, areas)
		}
		for _, id := range p.CohortIDs {
			ref(where, "cohort", id, cohorts)
		}
		if !p.Start.IsZero() && !p.End.IsZero() && p.End < p.Start {
			bad("%s: ends before it starts", where)
		}
	}
	for _, f := range reg.Fundings {
		where := "funding " + f.ID
		if f.ProgrammeID == "" || f.FunderID == "" {
			bad("%s: programme and funder are required", where)
		}
		ref(where, "programme", f.ProgrammeID, progs)
		ref(where, "funder", f.FunderID, agencies)
		ref(where, "recipient", f.RecipientID, agencies)
		for _, id := range f.AreaIDs {
			ref(where, "area", id, areas)
		}
		if f.AmountPence != nil && *f.AmountPence < 0 {
			bad("%s: negative amount", where)
		}
		if !f.Start.IsZero() && !f.End.IsZero() && f.End < f.Start {
			bad("%s: ends before it starts", where)
		}
	}
	return errors.Join(errs...)
}

// cycles reports each node whose parent chain comes back to itself.
func cycles(kind string, parent map[string]string) []error {
	var errs []error
	for id := range parent {
		seen := map[string]bool{id: true}
		for p := parent[id]; p != ""; p = parent[p] {
			if seen[p] {
				if p == id {
					errs = append(errs, fmt.Errorf("%s %q: its parents lead back to it", kind, id))
				}
				break
			}
			seen[p] = true
		}
	}
	slices.SortFunc(errs, func(a, b error) int {
		switch {
		case a.Error() < b.Error():
			return -1
		case a.Error() > b.Error():
			return 1
		}
		return 0
	})
	return errs
}
