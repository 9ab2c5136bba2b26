package index

import (
	"slices"
	"strings"

	"frontdoor/handlers"
)

// Overlaps: programmes chasing the same residents in the same place at the
// same time.
//
// Semantics, for a period P (a day for `overlaps`, the week for the digest):
//   - Two programmes overlap when both are live on at least one common day
//     of P (status live, not planned or closed; within their dates, open
//     bounds open), their cohorts are related (the same cohort, or one an
//     ancestor of the other) and their areas are related (the same area, or
//     one inside the other). Touching periods do not overlap: a programme
//     ending on 31 Mar and one starting on 1 Apr share no day; ending and
//     starting on the same day do.
//   - A programme whose areas are all countries is national. Where it has a
//     funding whose period meets P for a particular area (not a country),
//     it counts as local there: Connect to Work is national, but local in
//     South Yorkshire through its South Yorkshire grant.
//   - Each pair gives one entry per place. The place is the narrower of two
//     related areas (the council inside the authority). Where a pair meets
//     at several nested places only the widest is kept (an overlap across
//     Greater Manchester already covers Manchester), except that a place
//     where both are local is kept over one where a side is only national.
//   - The cohort of an entry is the narrowest shared cohort: of the cohorts
//     where the two programmes' cohorts meet (the narrower of each related
//     pair), those with none of the others inside them. When there are
//     several, the deepest is named first, then one both programmes list,
//     then the first in the register's hierarchy; the rest are kept as
//     AlsoCohorts.
//   - An entry is local when both programmes are local at the place, else it
//     is an overlap with a national programme. Local entries come first,
//     those with different lead agencies before those with the same (that
//     is where duplication hides), then by place, cohort and programme
//     names. Overlaps with national programmes are summarised per place
//     ("also open to residents here: Access to Work, Restart"), and those
//     between two national programmes are listed last.
//   - Filters: `in <area>` keeps places related to the area (the
//     up-and-down rule of the lookups), `for <cohort>` keeps shared cohorts
//     related to the cohort.
//   - Key: the two programme ids in id order and the place's id
//     ("a+b@E08000003"). It does not depend on the cohort or the dates, so
//     an overlap stays the same overlap from week to week while its two
//     programmes meet in that place.
//
// Detection never compares every pair: each programme's presence at an area
// is indexed by area and, within an area, by its cohorts' positions in the
// depth-first order of the cohort tree. A presence looks for partners only
// at its own area and the areas containing it (a partner at an area inside
// it finds it from there), and only among cohorts inside its own or above
// it: a range and a few point searches in a sorted list.

// Overlap is two programmes open to the same residents in the same place at
// the same time.
type Overlap struct {
	// Key is stable from week to week: "a+b@place" (programme ids in id order).
	Key string
	// Area is the place: the narrower of the two programmes' areas that meet.
	Area *handlers.Area
	// Cohort is the narrowest cohort both serve; AlsoCohorts are other
	// narrowest shared cohorts, not nested in it.
	Cohort      *handlers.Cohort
	AlsoCohorts []*handlers.Cohort
	// Programmes are the two programmes, in name order.
	Programmes [2]OverlapProgramme
	// Together is when both run: the days common to their delivery periods.
	Together handlers.Period
	// SameLead is true when one agency leads both.
	SameLead bool
}

// OverlapProgramme is one side of an overlap.
type OverlapProgramme struct {
	Programme *handlers.Programme
	Lead      *handlers.Agency // nil when not recorded
	// National is true when the programme reaches the place only as a
	// national programme (no funding of its own for the place).
	National bool
}

// Local reports whether both programmes are local at the place.
func (o *Overlap) Local() bool { return !o.Programmes[0].National && !o.Programmes[1].National }

// BetweenNational reports whether both programmes are there only as national programmes.
func (o *Overlap) BetweenNational() bool { return o.Programmes[0].National && o.Programmes[1].National }

// OverlapKind says whether an overlap is between local programmes, with a
// national one, or between two national ones.
type OverlapKind uint8

// The kinds of overlap, in the order they are listed.
const (
	OverlapLocal OverlapKind = iota
	OverlapWithNational
	OverlapBetweenNational
)

// OverlapGroup is the local overlaps at one place for one cohort.
type OverlapGroup struct {
	Area   *handlers.Area
	Cohort *handlers.Cohort
	// Programmes are the distinct programmes of the group, in order of first appearance.
	Programmes []*handlers.Programme
	// Overlaps are positions of the answer's overlaps (OverlapsAnswer.At).
	Overlaps []int
	// Mixed is true when one of its overlaps has different leads.
	Mixed bool
	// Fresh is true when one of its overlaps is new since the last digest
	// (the digest sets it).
	Fresh bool
}

// NationalOverlaps is what national programmes add at one place: they are
// open to the same residents as local programmes there.
type NationalOverlaps struct {
	Area *handlers.Area
	// National are the national programmes, in name order; Local the local
	// programmes they overlap there, in name order.
	National, Local []*handlers.Programme
}

// OverlapsAnswer is the overlaps in a period, in the order they are shown
// (local ones first: see the semantics above). An overlap is worked out in
// full only when read (At): a week's digest finds tens of thousands.
type OverlapsAnswer struct {
	Period handlers.Period
	// Area and Cohort are the filters asked (nil: none).
	Area   *handlers.Area
	Cohort *handlers.Cohort
	// Local, WithNational and BetweenNational count the overlaps of each
	// kind; DifferentLeads the local ones whose programmes have different
	// lead agencies.
	Local, WithNational, BetweenNational, DifferentLeads int
	// Groups are the local overlaps by place and cohort: groups where
	// different agencies lead first, then those with more programmes.
	Groups []OverlapGroup
	// National summarises the overlaps between a local and a national
	// programme by place, places by name.
	National []NationalOverlaps

	ix *Index
	w  *overlapWork
}

// Len is the number of overlaps.
func (a *OverlapsAnswer) Len() int { return len(a.w.entries) }

// At returns the i-th overlap.
func (a *OverlapsAnswer) At(i int) Overlap { return a.w.overlapOf(&a.w.entries[i]) }

// Key returns the key of the i-th overlap (see Overlap.Key).
func (a *OverlapsAnswer) Key(i int) string { return a.w.entries[i].key }

// Kind returns the kind of the i-th overlap.
func (a *OverlapsAnswer) Kind(i int) OverlapKind { return OverlapKind(a.w.entries[i].localRank) }

// ProgrammeMoney is a programme's money at a place in a period.
type ProgrammeMoney struct {
	Lead *handlers.Agency // nil: not recorded
	// Fundings are its fundings live in the period whose areas fit the
	// place (up-and-down), money for the whole programme first and
	// labelled as such.
	Fundings []FundingLine
	// Rows counts all its funding rows, whatever their place or period.
	Rows int
}

// Money returns programme p's money at place in the answer's period.
func (a *OverlapsAnswer) Money(p *handlers.Programme, place *handlers.Area) ProgrammeMoney {
	ix := a.ix
	pi, ai := lookupPos(ix.progPos, p.ID), lookupPos(ix.areaPos, place.ID)
	m := ProgrammeMoney{Fundings: ix.overlapFundings(pi, ai, a.Period), Rows: len(ix.fundsByProg[pi])}
	if l := ix.progLead[pi]; l >= 0 {
		m.Lead = &ix.reg.Agencies[l]
	}
	return m
}

// Overlaps answers `overlaps [in <area>] [for <cohort>]` for period.
// areaFilter and cohortFilter are names as users type them ("" for none);
// an unknown or ambiguous name is an *Error.
func (ix *Index) Overlaps(period handlers.Period, areaFilter, cohortFilter string) (*OverlapsAnswer, error) {
	af, cf, err := ix.overlapFilters(areaFilter, cohortFilter)
	if err != nil {
		return nil, err
	}
	w := ix.findOverlaps(period, af, cf)
	a := &OverlapsAnswer{Period: period, ix: ix, w: w}
	if af >= 0 {
		a.Area = &ix.reg.Areas[af]
	}
	if cf >= 0 {
		a.Cohort = &ix.reg.Cohorts[cf]
	}
	for i := range w.entries {
		switch e := &w.entries[i]; OverlapKind(e.localRank) {
		case OverlapLocal:
			a.Local++
			if !e.sameLead {
				a.DifferentLeads++
			}
		case OverlapWithNational:
			a.WithNational++
		default:
			a.BetweenNational++
		}
	}
	a.Groups = w.groups()
	a.National = w.summariseNational()
	return a, nil
}

// overlapFilters resolves the filters of a query to positions (-1: none).
func (ix *Index) overlapFilters(areaQ, cohortQ string) (area, cohort int32, err error) {
	area, cohort = -1, -1
	if strings.TrimSpace(areaQ) != "" {
		a, err := ix.MatchArea(areaQ)
		if err != nil {
			return -1, -1, err
		}
		area = lookupPos(ix.areaPos, a.ID)
	}
	if strings.TrimSpace(cohortQ) != "" {
		c, err := ix.MatchCohort(cohortQ)
		if err != nil {
			return -1, -1, err
		}
		cohort = lookupPos(ix.cohortPos, c.ID)
	}
	return area, cohort, nil
}

// groups groups the local overlaps by place and cohort (see
// OverlapsAnswer.Groups for the order).
func (w *overlapWork) groups() []OverlapGroup {
	ix := w.ix
	type work struct {
		place, cohort int32
		overlaps      []int
		progs         []int32
		mixed         bool
	}
	var groups []work
	at := map[[2]int32]int{}
	for i := range w.entries {
		e := &w.entries[i]
		if e.localRank != 0 {
			continue
		}
		k := [2]int32{e.place, e.cohort}
		gi, ok := at[k]
		if !ok {
			gi = len(groups)
			at[k] = gi
			groups = append(groups, work{place: e.place, cohort: e.cohort})
		}
		g := &groups[gi]
		g.overlaps = append(g.overlaps, i)
		g.mixed = g.mixed || !e.sameLead
		for _, p := range [2]int32{e.p, e.q} {
			if !slices.Contains(g.progs, p) {
				g.progs = append(g.progs, p)
			}
		}
	}
	// Groups where different agencies lead come first (that is where
	// duplication hides), then those with more programmes; otherwise the
	// order of their first overlaps.
	slices.SortStableFunc(groups, func(a, b work) int {
		if a.mixed != b.mixed {
			return handlers.TrueFirst(a.mixed, b.mixed)
		}
		return len(b.progs) - len(a.progs)
	})
	out := make([]OverlapGroup, len(groups))
	for i, g := range groups {
		out[i] = OverlapGroup{Area: &ix.reg.Areas[g.place], Cohort: &ix.reg.Cohorts[g.cohort],
			Programmes: rows(ix.reg.Programmes, g.progs), Overlaps: g.overlaps, Mixed: g.mixed}
	}
	return out
}

// overlapEntry is an overlap worked out in positions; it becomes an Overlap
// only when shown.
type overlapEntry struct {
	p, q       int32 // the programmes, p first in name order
	place      int32
	cohort     int32
	alsoLo     int32 // other shared cohorts: overlapWork.also[alsoLo:alsoHi]
	alsoHi     int32
	together   handlers.Period
	key        string
	natP, natQ bool
	sameLead   bool
	localRank  uint8 // 0 local, 1 with a national programme, 2 between national ones
}

type overlapWork struct {
	ix      *Index
	period  handlers.Period
	entries []overlapEntry
	also    []int32
}

// presence is a programme reaching residents at an area, as a local or a
// national programme.
type presence struct {
	prog  int32
	area  int32
	local bool
}

// presenceCohort is one cohort of a presence, for the per-area index.
type presenceCohort struct {
	tin int32 // the cohort's position in the depth-first order
	pr  int32 // the presence
}

// overlapHit is a related pair of presences of two programmes: the place
// where they meet and whether each is national there.
type overlapHit struct {
	pair   uint64 // lower programme position << 32 | higher
	place  int32
	natLow bool // the lower-positioned programme is national here
	natHi  bool
}

// isNationalPos reports whether all of programme p's areas are countries.
func (w *overlapWork) isNationalPos(p int32) bool {
	ix := w.ix
	areas := ix.progAreas[p]
	if len(areas) == 0 {
		return false
	}
	for _, a := range areas {
		if ix.reg.Areas[a].Kind != handlers.AreaCountry {
			return false
		}
	}
	return true
}

// intersectPeriods returns the days common to a and b, and whether there are any.
func intersectPeriods(a, b handlers.Period) (handlers.Period, bool) {
	r := a
	if r.Start.IsZero() || (!b.Start.IsZero() && b.Start > r.Start) {
		r.Start = b.Start
	}
	if r.End.IsZero() || (!b.End.IsZero() && b.End < r.End) {
		r.End = b.End
	}
	return r, r.Start.IsZero() || r.End.IsZero() || r.Start <= r.End
}

// presences lists where each programme live in period reaches residents,
// restricted to areas related to areaF and programmes with a cohort related
// to cohortF (-1: no filter).
func (w *overlapWork) presences(areaF, cohortF int32) []presence {
	ix := w.ix
	var out []presence
	for p := range ix.reg.Programmes {
		pi := int32(p)
		if !ix.progActive[pi] || !ix.progSpan[pi].Overlaps(w.period) {
			continue
		}
		if cohortF >= 0 && !ix.cohorts.relatedToAny(ix.progCohorts[pi], cohortF) {
			continue
		}
		fits := func(a int32) bool { return areaF < 0 || ix.areas.related(a, areaF) }
		national := w.isNationalPos(pi)
		first := len(out)
		for _, a := range ix.progAreas[pi] {
			if fits(a) {
				out = append(out, presence{prog: pi, area: a, local: !national})
			}
		}
		if !national {
			continue
		}
		for _, f := range ix.fundsByProg[pi] {
			if !ix.fundSpan[f].Overlaps(w.period) {
				continue
			}
			for _, a := range ix.fundAreas[f] {
				if ix.reg.Areas[a].Kind == handlers.AreaCountry || !fits(a) {
					continue
				}
				dup := false
				for _, x := range out[first:] {
					dup = dup || (x.area == a && x.local)
				}
				if !dup {
					out = append(out, presence{prog: pi, area: a, local: true})
				}
			}
		}
	}
	return out
}

// findOverlaps works out the overlaps in period (see the semantics above).
func (ix *Index) findOverlaps(period handlers.Period, areaF, cohortF int32) *overlapWork {
	w := &overlapWork{ix: ix, period: period}
	pres := w.presences(areaF, cohortF)
	if len(pres) < 2 {
		return w
	}

	// The index: presence cohorts sorted by area, then by the cohort's
	// position in the depth-first order, with each area's run located by
	// areaStart.
	na := len(ix.reg.Areas)
	areaStart := make([]int32, na+1)
	n := 0
	for _, x := range pres {
		areaStart[x.area+1] += int32(len(ix.progCohorts[x.prog]))
		n += len(ix.progCohorts[x.prog])
	}
	for a := 0; a < na; a++ {
		areaStart[a+1] += areaStart[a]
	}
	items := make([]presenceCohort, n)
	fill := slices.Clone(areaStart[:na])
	for i, x := range pres {
		for _, c := range ix.progCohorts[x.prog] {
			items[fill[x.area]] = presenceCohort{tin: ix.cohorts.tin[c], pr: int32(i)}
			fill[x.area]++
		}
	}
	for a := 0; a < na; a++ {
		run := items[areaStart[a]:areaStart[a+1]]
		slices.SortFunc(run, func(x, y presenceCohort) int {
			if x.tin != y.tin {
				return int(x.tin - y.tin)
			}
			return int(x.pr - y.pr)
		})
	}
	// search returns the items at area a whose cohort position is in [lo, hi).
	search := func(a, lo, hi int32) []presenceCohort {
		run := items[areaStart[a]:areaStart[a+1]]
		i, _ := slices.BinarySearchFunc(run, lo, func(x presenceCohort, t int32) int { return int(x.tin - t) })
		j := i
		for j < len(run) && run[j].tin < hi {
			j++
		}
		return run[i:j]
	}

	var hits []overlapHit
	stamp := make([]int32, len(pres)) // stamp[y] == x+1: pair (x, y) already seen
	for xi, x := range pres {
		p := x.prog
		visit := func(found []presenceCohort, sameArea bool) {
			for _, it := range found {
				yi := it.pr
				y := pres[yi]
				if y.prog == p || stamp[yi] == int32(xi)+1 || (sameArea && yi <= int32(xi)) {
					continue
				}
				stamp[yi] = int32(xi) + 1
				// Each programme is live on a day of the period; periods
				// are intervals, so if the two meet at all they meet on a
				// day of the period too.
				if _, ok := intersectPeriods(ix.progSpan[p], ix.progSpan[y.prog]); !ok {
					continue
				}
				lo, hi := p, y.prog
				natLo, natHi := !x.local, !y.local
				if lo > hi {
					lo, hi, natLo, natHi = hi, lo, natHi, natLo
				}
				hits = append(hits, overlapHit{pair: uint64(lo)<<32 | uint64(hi), place: x.area, natLow: natLo, natHi: natHi})
			}
		}
		for _, c := range ix.progCohorts[p] {
			if cohortF >= 0 && !ix.cohorts.related(c, cohortF) {
				continue
			}
			lo, hi := ix.cohorts.tin[c], ix.cohorts.tout[c]
			for k := -1; k < len(ix.areas.anc[x.area]); k++ {
				b, same := x.area, true
				if k >= 0 {
					b, same = ix.areas.anc[x.area][k], false
				}
				visit(search(b, lo, hi), same)
				for _, d := range ix.cohorts.anc[c] {
					t := ix.cohorts.tin[d]
					visit(search(b, t, t+1), same)
				}
			}
		}
	}
	slices.SortFunc(hits, func(a, b overlapHit) int {
		switch {
		case a.pair != b.pair:
			if a.pair < b.pair {
				return -1
			}
			return 1
		case a.place != b.place:
			return int(a.place - b.place)
		}
		return natCount(a) - natCount(b)
	})

	// Each entry comes from a distinct pair and place: their number bounds
	// the entries, so the list is allocated once.
	places := 0
	for i := range hits {
		if i == 0 || hits[i].pair != hits[i-1].pair || hits[i].place != hits[i-1].place {
			places++
		}
	}
	w.entries = make([]overlapEntry, 0, places)
	for i := 0; i < len(hits); {
		j := i
		for j < len(hits) && hits[j].pair == hits[i].pair {
			j++
		}
		w.pairEntries(hits[i:j], cohortF)
		i = j
	}
	w.sortEntries()
	return w
}

func natCount(h overlapHit) int {
	n := 0
	if h.natLow {
		n++
	}
	if h.natHi {
		n++
	}
	return n
}

// overlapRanks holds each area's and cohort's position in name order, so
// entries sort without comparing strings.
type overlapRanks struct{ area, cohort []int32 }

func (w *overlapWork) overlapRanks() overlapRanks {
	ix := w.ix
	rank := func(n int, name func(int) string) []int32 {
		order := make([]int32, n)
		lower := make([]string, n)
		for i := range order {
			order[i] = int32(i)
			lower[i] = strings.ToLower(name(i))
		}
		slices.SortStableFunc(order, func(a, b int32) int { return strings.Compare(lower[a], lower[b]) })
		r := make([]int32, n)
		for k, i := range order {
			r[i] = int32(k)
		}
		return r
	}
	return overlapRanks{
		area:   rank(len(ix.reg.Areas), func(i int) string { return ix.reg.Areas[i].Name }),
		cohort: rank(len(ix.reg.Cohorts), func(i int) string { return ix.reg.Cohorts[i].Name }),
	}
}

// pairEntries turns the hits of one pair of programmes (sorted by place,
// fewest national sides first) into its entries.
func (w *overlapWork) pairEntries(hits []overlapHit, cohortF int32) {
	ix := w.ix
	lo, hi := int32(hits[0].pair>>32), int32(hits[0].pair&0xffffffff)

	// Places: the best hit at each place, then the widest of the local
	// places and the widest of the others not inside a local one.
	type place struct {
		area         int32
		natLo, natHi bool
	}
	var best [8]place
	places := best[:0]
	for i, h := range hits {
		if i > 0 && hits[i-1].place == h.place {
			continue // the first hit at a place has the fewest national sides
		}
		places = append(places, place{h.place, h.natLow, h.natHi})
	}
	local := func(pl place) bool { return !pl.natLo && !pl.natHi }
	var kbuf [8]place
	keep := kbuf[:0]
	for _, pl := range places {
		covered := false
		for _, o := range places {
			if o.area == pl.area || !ix.areas.within(pl.area, o.area) {
				continue
			}
			// o strictly contains pl: a local place is covered only by a
			// local one; any other place by any.
			if local(o) || !local(pl) {
				covered = true
				break
			}
		}
		if !covered {
			keep = append(keep, pl)
		}
	}
	if len(keep) == 0 {
		return
	}

	cohort, also := w.sharedCohorts(lo, hi, cohortF)
	if cohort < 0 {
		return
	}
	tog, _ := intersectPeriods(ix.progSpan[lo], ix.progSpan[hi])
	sameLead := ix.progLead[lo] >= 0 && ix.progLead[lo] == ix.progLead[hi]
	alsoLo := int32(len(w.also))
	w.also = append(w.also, also...)
	alsoHi := int32(len(w.also))
	idLo, idHi := ix.reg.Programmes[lo].ID, ix.reg.Programmes[hi].ID
	if idHi < idLo {
		idLo, idHi = idHi, idLo
	}
	for _, pl := range keep {
		e := overlapEntry{
			p: lo, q: hi, natP: pl.natLo, natQ: pl.natHi,
			place: pl.area, cohort: cohort, alsoLo: alsoLo, alsoHi: alsoHi,
			together: tog, sameLead: sameLead,
			key: idLo + "+" + idHi + "@" + ix.reg.Areas[pl.area].ID,
		}
		if ix.progRank[e.q] < ix.progRank[e.p] {
			e.p, e.q, e.natP, e.natQ = e.q, e.p, e.natQ, e.natP
		}
		switch {
		case e.natP && e.natQ:
			e.localRank = 2
		case e.natP || e.natQ:
			e.localRank = 1
		}
		w.entries = append(w.entries, e)
	}
}

// sortEntries puts the entries in display order: local ones first, those
// with different leads before the same, then by place, cohort and
// programme names. It sorts positions, then moves each entry once.
func (w *overlapWork) sortEntries() {
	ix := w.ix
	ranks := w.overlapRanks()
	order := make([]int32, len(w.entries))
	for i := range order {
		order[i] = int32(i)
	}
	es := w.entries
	slices.SortFunc(order, func(i, j int32) int {
		a, b := &es[i], &es[j]
		switch {
		case a.localRank != b.localRank:
			return int(a.localRank) - int(b.localRank)
		case a.sameLead != b.sameLead:
			return handlers.TrueFirst(!a.sameLead, !b.sameLead)
		case a.place != b.place:
			return int(ranks.area[a.place] - ranks.area[b.place])
		case a.cohort != b.cohort:
			return int(ranks.cohort[a.cohort] - ranks.cohort[b.cohort])
		case a.p != b.p:
			return int(ix.progRank[a.p] - ix.progRank[b.p])
		}
		return int(ix.progRank[a.q] - ix.progRank[b.q])
	})
	sorted := make([]overlapEntry, len(es))
	for k, i := range order {
		sorted[k] = es[i]
	}
	w.entries = sorted
}

// sharedCohorts returns the narrowest shared cohort of programmes p and q
// (restricted to cohorts related to cohortF, unless -1) and the other
// narrowest shared cohorts; -1 when they share none.
func (w *overlapWork) sharedCohorts(p, q, cohortF int32) (int32, []int32) {
	ix := w.ix
	var buf [8]int32
	shared := buf[:0]
	for _, c := range ix.progCohorts[p] {
		for _, d := range ix.progCohorts[q] {
			var s int32
			switch {
			case ix.cohorts.within(c, d):
				s = c
			case ix.cohorts.within(d, c):
				s = d
			default:
				continue
			}
			if cohortF >= 0 && !ix.cohorts.related(s, cohortF) {
				continue
			}
			if !slices.Contains(shared, s) {
				shared = append(shared, s)
			}
		}
	}
	var mbuf [8]int32
	narrowest := mbuf[:0]
	for _, s := range shared {
		inner := false
		for _, t := range shared {
			if t != s && ix.cohorts.within(t, s) {
				inner = true
				break
			}
		}
		if !inner {
			narrowest = append(narrowest, s)
		}
	}
	if len(narrowest) == 0 {
		return -1, nil
	}
	both := func(c int32) bool {
		return slices.Contains(ix.progCohorts[p], c) && slices.Contains(ix.progCohorts[q], c)
	}
	slices.SortFunc(narrowest, func(a, b int32) int {
		if da, db := len(ix.cohorts.anc[a]), len(ix.cohorts.anc[b]); da != db {
			return db - da
		}
		if ba, bb := both(a), both(b); ba != bb {
			return handlers.TrueFirst(ba, bb)
		}
		return int(ix.cohorts.tin[a] - ix.cohorts.tin[b])
	})
	if len(narrowest) == 1 {
		return narrowest[0], nil
	}
	return narrowest[0], slices.Clone(narrowest[1:])
}

// overlapOf turns an entry into the answer's terms.
func (w *overlapWork) overlapOf(e *overlapEntry) Overlap {
	ix := w.ix
	o := Overlap{
		Key:      e.key,
		Area:     &ix.reg.Areas[e.place],
		Cohort:   &ix.reg.Cohorts[e.cohort],
		Together: e.together,
		SameLead: e.sameLead,
	}
	if e.alsoHi > e.alsoLo {
		o.AlsoCohorts = rows(ix.reg.Cohorts, w.also[e.alsoLo:e.alsoHi])
	}
	o.Programmes[0] = w.overlapSide(e.p, e.natP)
	o.Programmes[1] = w.overlapSide(e.q, e.natQ)
	return o
}

func (w *overlapWork) overlapSide(p int32, national bool) OverlapProgramme {
	ix := w.ix
	s := OverlapProgramme{Programme: &ix.reg.Programmes[p], National: national}
	if l := ix.progLead[p]; l >= 0 {
		s.Lead = &ix.reg.Agencies[l]
	}
	return s
}

// overlapFundings returns programme p's fundings live in period whose areas
// fit place, money for the whole programme first, then in register order.
func (ix *Index) overlapFundings(p, place int32, period handlers.Period) []FundingLine {
	var out []FundingLine
	narrower := !ix.allWithin(ix.progAreas[p], place)
	for _, f := range ix.fundsByProg[p] {
		if ix.fundSpan[f].Overlaps(period) && ix.fundingFits(f, place) {
			out = append(out, ix.fundingLine(f, narrower))
		}
	}
	slices.SortStableFunc(out, func(a, b FundingLine) int {
		return handlers.TrueFirst(len(a.Areas) == 0, len(b.Areas) == 0)
	})
	return out
}

// summariseNational summarises the entries between a local and a national
// programme by place, places in name order.
func (w *overlapWork) summariseNational() []NationalOverlaps {
	ix := w.ix
	type summary struct {
		place           int32
		national, local []int32 // programme positions
	}
	at := map[int32]int{}
	var sums []summary
	add := func(list *[]int32, p int32) {
		if !slices.Contains(*list, p) {
			*list = append(*list, p)
		}
	}
	for i := range w.entries {
		e := &w.entries[i]
		if e.localRank != 1 {
			continue
		}
		k, ok := at[e.place]
		if !ok {
			k = len(sums)
			at[e.place] = k
			sums = append(sums, summary{place: e.place})
		}
		s := &sums[k]
		for _, side := range [2]struct {
			p   int32
			nat bool
		}{{e.p, e.natP}, {e.q, e.natQ}} {
			if side.nat {
				add(&s.national, side.p)
			} else {
				add(&s.local, side.p)
			}
		}
	}
	slices.SortFunc(sums, func(a, b summary) int {
		return strings.Compare(strings.ToLower(ix.reg.Areas[a.place].Name), strings.ToLower(ix.reg.Areas[b.place].Name))
	})
	out := make([]NationalOverlaps, len(sums))
	for i := range sums {
		ix.sortByName(sums[i].national)
		ix.sortByName(sums[i].local)
		out[i] = NationalOverlaps{Area: &ix.reg.Areas[sums[i].place],
			National: rows(ix.reg.Programmes, sums[i].national), Local: rows(ix.reg.Programmes, sums[i].local)}
	}
	return out
}
