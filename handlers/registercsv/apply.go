package registercsv

import (
	"slices"

	"frontdoor/handlers"
)

// Apply returns a new register: current with the diff applied. Stored rows
// keep their order (updated in place, deleted ones dropped) and added rows
// follow in file order. The result shares no slices or pointers with its inputs.
func Apply(current *handlers.Register, diff *handlers.RegisterDiff) *handlers.Register {
	if current == nil {
		current = &handlers.Register{}
	}
	if diff == nil {
		diff = &handlers.RegisterDiff{}
	}
	return &handlers.Register{
		Areas:      applyKind(areaSchema, current.Areas, diff.Areas, cloneArea),
		Agencies:   applyKind(agencySchema, current.Agencies, diff.Agencies, cloneAgency),
		Cohorts:    applyKind(cohortSchema, current.Cohorts, diff.Cohorts, cloneCohort),
		Programmes: applyKind(programmeSchema, current.Programmes, diff.Programmes, cloneProgramme),
		Fundings:   applyKind(fundingSchema, current.Fundings, diff.Fundings, cloneFunding),
	}
}

func applyKind[T any](s *schema[T], stored []T, d handlers.KindDiff[T], clone func(T) T) []T {
	updated := make(map[string]int, len(d.Updated))
	for i := range d.Updated {
		updated[*s.id(&d.Updated[i])] = i
	}
	deleted := make(map[string]bool, len(d.Deleted))
	for _, id := range d.Deleted {
		deleted[id] = true
	}
	out := make([]T, 0, len(stored)+len(d.Added))
	for i := range stored {
		id := *s.id(&stored[i])
		switch j, ok := updated[id]; {
		case deleted[id]:
		case ok:
			out = append(out, clone(d.Updated[j]))
		default:
			out = append(out, clone(stored[i]))
		}
	}
	for _, r := range d.Added {
		out = append(out, clone(r))
	}
	return out
}

func cloneArea(a handlers.Area) handlers.Area {
	a.Aliases = slices.Clone(a.Aliases)
	return a
}

func cloneAgency(a handlers.Agency) handlers.Agency {
	a.Aliases = slices.Clone(a.Aliases)
	return a
}

func cloneCohort(c handlers.Cohort) handlers.Cohort {
	c.Aliases = slices.Clone(c.Aliases)
	return c
}

func cloneProgramme(p handlers.Programme) handlers.Programme {
	p.AreaIDs = slices.Clone(p.AreaIDs)
	p.CohortIDs = slices.Clone(p.CohortIDs)
	p.Aliases = slices.Clone(p.Aliases)
	p.Capacity = clonePtr(p.Capacity)
	return p
}

func cloneFunding(f handlers.Funding) handlers.Funding {
	f.AreaIDs = slices.Clone(f.AreaIDs)
	f.AmountPence = clonePtr(f.AmountPence)
	f.RingFenced = clonePtr(f.RingFenced)
	return f
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
