package index

import (
	"slices"
	"strings"

	"frontdoor/handlers"
)

// Gaps: residents with nothing live where they live.
//
// Semantics, on a date D:
//   - The places are the councils at the lowest tier: areas of kind
//     local_authority with no local_authority inside them, so a county's
//     districts stand for it (and wards, of kind other, never count).
//   - The cohorts are the residents' cohorts with no children (employer
//     cohorts are excluded, and a cohort whose only children are employer
//     cohorts counts as having none).
//   - Council X has a gap for cohort C when no programme live on D serves
//     it: none whose cohorts include C or a cohort containing C (broader
//     eligibility counts), among those whose areas include X, an area
//     containing X (its county, authority, country) or an area inside X (a
//     ward). That is exactly when `who funds C in X` as of D lists no live
//     programme, so the two never disagree. Employer cohorts serve no
//     residents, here and in who funds alike: a programme for an employer
//     cohort under C (or above it) fills no gap.
//   - Filters: `in <area>` keeps the councils within the area, or the
//     council containing it (a ward); `for <cohort>` keeps the cohorts
//     within it (a residents' cohort; an employer cohort is refused).
//   - Summaries: by cohort ("Over-50s: nothing live in any of 142
//     councils"), most councils first; and by authority (the strategic
//     authority a council sits in, else its country), most gaps first.
//
// Coverage is worked out with bit sets over the leaf cohorts: each live
// programme covers the leaves under its cohorts, each area the union of its
// programmes', and each council the union over the areas around it.

// Gap is one council with nothing live for one cohort.
type Gap struct {
	Area   *handlers.Area
	Cohort *handlers.Cohort
}

// GapReport is the gaps on a date.
type GapReport struct {
	On handlers.Date
	// Area and Cohort are the filters asked (nil: none).
	Area   *handlers.Area
	Cohort *handlers.Cohort
	// Councils and Cohorts are those counted (after the filters), in name order.
	Councils []*handlers.Area
	Cohorts  []*handlers.Cohort
	// Gaps lists every gap, by cohort (in name order) then council (in name order).
	Gaps []Gap
	// ByCohort summarises the gaps of each cohort that has any, most councils first.
	ByCohort []CohortGaps
	// ByAuthority summarises the gaps in each authority that has any, most gaps first.
	ByAuthority []AuthorityGaps
}

// CohortGaps is the councils with nothing live for one cohort.
type CohortGaps struct {
	Cohort   *handlers.Cohort
	Councils []*handlers.Area // in name order
}

// AuthorityGaps is the gaps in the councils of one authority.
type AuthorityGaps struct {
	// Authority is the strategic authority the councils sit in, else their
	// country; nil when a council sits in neither.
	Authority *handlers.Area
	// Councils counts the councils of the authority that were counted.
	Councils int
	// Gaps counts council–cohort gaps; Cohorts are the cohorts with a gap
	// somewhere in the authority (most councils first), with the number of
	// its councils each lacks in CohortCouncils.
	Gaps           int
	Cohorts        []*handlers.Cohort
	CohortCouncils []int
}

// Everywhere reports whether cohort gap g covers every council counted.
func (r *GapReport) Everywhere(g CohortGaps) bool { return len(g.Councils) == len(r.Councils) }

// Gaps works out the gaps on date on. areaFilter and cohortFilter are names
// as users type them ("" for none); an unknown or ambiguous name is an
// *Error, as is an employer cohort.
func (ix *Index) Gaps(on handlers.Date, areaFilter, cohortFilter string) (*GapReport, error) {
	af, cf, err := ix.overlapFilters(areaFilter, cohortFilter)
	if err != nil {
		return nil, err
	}
	if cf >= 0 && ix.reg.Cohorts[cf].IsEmployers() {
		e := handlers.Errorf(handlers.EInvalid, "Gaps are counted for residents' cohorts; %s is an employer cohort.", handlers.ClipName(ix.reg.Cohorts[cf].Name))
		e.Hint = "Try `gaps` or `gaps for <residents' cohort>`."
		return nil, e
	}
	r := ix.findGaps(on, af, cf).gapReport()
	if af >= 0 {
		r.Area = &ix.reg.Areas[af]
	}
	if cf >= 0 {
		r.Cohort = &ix.reg.Cohorts[cf]
	}
	return r, nil
}

// gapWork is the gaps worked out in positions.
type gapWork struct {
	ix       *Index
	on       handlers.Date
	councils []int32 // counted, in name order
	leaves   []int32 // counted, in name order
	// gap[i*len(leaves)+j] reports a gap for councils[i] and leaves[j].
	gap   []bool
	count int
}

// isCouncil reports whether area a is a council at the lowest tier.
func (w *gapWork) isCouncil(a int32) bool {
	ix := w.ix
	if ix.reg.Areas[a].Kind != handlers.AreaLocalAuthority {
		return false
	}
	for _, c := range ix.areas.children[a] {
		if ix.reg.Areas[c].Kind == handlers.AreaLocalAuthority {
			return false
		}
	}
	return true
}

// isLeafCohort reports whether cohort c is a residents' cohort with no
// residents' cohorts under it.
func (w *gapWork) isLeafCohort(c int32) bool {
	ix := w.ix
	if ix.reg.Cohorts[c].IsEmployers() {
		return false
	}
	for _, k := range ix.cohorts.children[c] {
		if !ix.reg.Cohorts[k].IsEmployers() {
			return false
		}
	}
	return true
}

// findGaps works out the gaps on date on in the councils related to areaF
// for the leaf cohorts within cohortF (-1: no filter).
func (ix *Index) findGaps(on handlers.Date, areaF, cohortF int32) *gapWork {
	w := &gapWork{ix: ix, on: on}
	for a := range ix.reg.Areas {
		ai := int32(a)
		if !w.isCouncil(ai) {
			continue
		}
		if areaF >= 0 && !ix.areas.within(ai, areaF) && !ix.areas.within(areaF, ai) {
			continue
		}
		w.councils = append(w.councils, ai)
	}
	leafBit := make([]int32, len(ix.reg.Cohorts)) // bit of each leaf, -1 for others
	for c := range ix.reg.Cohorts {
		ci := int32(c)
		leafBit[c] = -1
		if !w.isLeafCohort(ci) || (cohortF >= 0 && !ix.cohorts.within(ci, cohortF)) {
			continue
		}
		leafBit[c] = int32(len(w.leaves))
		w.leaves = append(w.leaves, ci)
	}
	byName := func(list []int32, name func(int32) string) {
		slices.SortStableFunc(list, func(a, b int32) int { return strings.Compare(strings.ToLower(name(a)), strings.ToLower(name(b))) })
	}
	nl := len(w.leaves)
	if len(w.councils) == 0 || nl == 0 {
		byName(w.councils, func(a int32) string { return ix.reg.Areas[a].Name })
		byName(w.leaves, func(c int32) string { return ix.reg.Cohorts[c].Name })
		return w
	}
	words := (nl + 63) / 64

	// The leaves under each cohort, worked out once per cohort a live
	// programme lists.
	under := map[int32][]uint64{}
	cover := func(c int32) []uint64 {
		if s, ok := under[c]; ok {
			return s
		}
		s := make([]uint64, words)
		if !ix.reg.Cohorts[c].IsEmployers() {
			for _, x := range ix.cohorts.subtree(c) {
				if b := leafBit[x]; b >= 0 {
					s[b/64] |= 1 << (b % 64)
				}
			}
			// A programme for C serves every leaf under C: for those
			// leaves C is the broader cohort that counts.
		}
		under[c] = s
		return s
	}
	// Each area's coverage: the union over its live programmes.
	areaCov := make([][]uint64, len(ix.reg.Areas))
	for a := range ix.reg.Areas {
		for _, p := range ix.progsByArea[a] {
			if !ix.liveOn(p, on) {
				continue
			}
			if areaCov[a] == nil {
				areaCov[a] = make([]uint64, words)
			}
			for _, c := range ix.progCohorts[p] {
				for k, v := range cover(c) {
					areaCov[a][k] |= v
				}
			}
		}
	}
	w.gap = make([]bool, len(w.councils)*nl)
	acc := make([]uint64, words)
	for i, x := range w.councils {
		clear(acc)
		or := func(a int32) {
			for k, v := range areaCov[a] {
				acc[k] |= v
			}
		}
		for _, a := range ix.areas.anc[x] {
			or(a)
		}
		for _, a := range ix.areas.subtree(x) {
			or(a)
		}
		for j := 0; j < nl; j++ {
			if acc[j/64]&(1<<(j%64)) == 0 {
				w.gap[i*nl+j] = true
				w.count++
			}
		}
	}
	// Name order, carrying the gap matrix along.
	ci := make([]int, len(w.councils))
	li := make([]int, nl)
	for i := range ci {
		ci[i] = i
	}
	for j := range li {
		li[j] = j
	}
	slices.SortStableFunc(ci, func(a, b int) int {
		return strings.Compare(strings.ToLower(ix.reg.Areas[w.councils[a]].Name), strings.ToLower(ix.reg.Areas[w.councils[b]].Name))
	})
	slices.SortStableFunc(li, func(a, b int) int {
		return strings.Compare(strings.ToLower(ix.reg.Cohorts[w.leaves[a]].Name), strings.ToLower(ix.reg.Cohorts[w.leaves[b]].Name))
	})
	gap := make([]bool, len(w.gap))
	councils := make([]int32, len(w.councils))
	leaves := make([]int32, nl)
	for i, oi := range ci {
		councils[i] = w.councils[oi]
		for j, oj := range li {
			gap[i*nl+j] = w.gap[oi*nl+oj]
		}
	}
	for j, oj := range li {
		leaves[j] = w.leaves[oj]
	}
	w.councils, w.leaves, w.gap = councils, leaves, gap
	return w
}

// has reports a gap for council i and leaf j (positions in the work's lists).
func (w *gapWork) has(i, j int) bool { return w.gap[i*len(w.leaves)+j] }

// authorityOf returns the strategic authority area a sits in, else its country, else -1.
func (w *gapWork) authorityOf(a int32) int32 {
	ix := w.ix
	country := int32(-1)
	for _, x := range ix.areas.anc[a] {
		switch ix.reg.Areas[x].Kind {
		case handlers.AreaStrategicAuthority:
			return x
		case handlers.AreaCountry:
			if country < 0 {
				country = x
			}
		}
	}
	return country
}

// gapReport puts the work into the answer's terms.
func (w *gapWork) gapReport() *GapReport {
	ix := w.ix
	r := &GapReport{On: w.on, Councils: rows(ix.reg.Areas, w.councils), Cohorts: rows(ix.reg.Cohorts, w.leaves)}
	nl := len(w.leaves)
	for j := 0; j < nl; j++ {
		var cg CohortGaps
		for i := range w.councils {
			if w.has(i, j) {
				cg.Councils = append(cg.Councils, r.Councils[i])
				r.Gaps = append(r.Gaps, Gap{Area: r.Councils[i], Cohort: r.Cohorts[j]})
			}
		}
		if len(cg.Councils) > 0 {
			cg.Cohort = r.Cohorts[j]
			r.ByCohort = append(r.ByCohort, cg)
		}
	}
	slices.SortStableFunc(r.ByCohort, func(a, b CohortGaps) int { return len(b.Councils) - len(a.Councils) })

	type acc struct {
		ag     AuthorityGaps
		counts []int // per leaf
	}
	var auths []*acc
	at := map[int32]*acc{}
	for i, x := range w.councils {
		au := w.authorityOf(x)
		g := at[au]
		if g == nil {
			g = &acc{counts: make([]int, nl)}
			if au >= 0 {
				g.ag.Authority = &ix.reg.Areas[au]
			}
			at[au] = g
			auths = append(auths, g)
		}
		g.ag.Councils++
		for j := 0; j < nl; j++ {
			if w.has(i, j) {
				g.ag.Gaps++
				g.counts[j]++
			}
		}
	}
	for _, g := range auths {
		if g.ag.Gaps == 0 {
			continue
		}
		order := make([]int, 0, nl)
		for j, n := range g.counts {
			if n > 0 {
				order = append(order, j)
			}
		}
		slices.SortStableFunc(order, func(a, b int) int { return g.counts[b] - g.counts[a] })
		for _, j := range order {
			g.ag.Cohorts = append(g.ag.Cohorts, r.Cohorts[j])
			g.ag.CohortCouncils = append(g.ag.CohortCouncils, g.counts[j])
		}
		r.ByAuthority = append(r.ByAuthority, g.ag)
	}
	slices.SortStableFunc(r.ByAuthority, func(a, b AuthorityGaps) int {
		if a.Gaps != b.Gaps {
			return b.Gaps - a.Gaps
		}
		return strings.Compare(AuthorityName(a.Authority), AuthorityName(b.Authority))
	})
	return r
}

// authorityName names an authority of a gap summary: a strategic
// authority by its name, a country as the councils outside any authority.
func AuthorityName(a *handlers.Area) string {
	switch {
	case a == nil:
		return "Councils outside any authority"
	case a.Kind == handlers.AreaCountry:
		return handlers.PlaceName(a) + " outside a strategic authority"
	}
	return handlers.PlaceName(a)
}
