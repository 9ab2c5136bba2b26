package index

import (
	"slices"
	"strings"

	"frontdoor/handlers"
)

// `who funds <cohort> [in <area>]` and `what does <agency> fund`.
//
// Semantics of who funds C in A as of date D:
//   - a programme counts when it is live on D (status neither planned nor
//     closed, start <= D <= end, empty bounds open);
//   - it targets C when its cohorts include C or a cohort under C; it offers
//     broader eligibility when they include a cohort above C (listed after);
//   - its areas must include A, an area containing A or an area inside A
//     (the up-and-down rule); without an area, every area;
//   - for each programme, the fundings live on D whose areas fit A by the
//     same rule are listed (a funding with no areas is for the programme as a
//     whole, labelled "programme total" when A is narrower than the
//     programme); amounts are listed, never added up across levels.
//
// Grouping. Money is grouped by the funder it started with. A funding is
// passed-on money when its funder received another funding of the same
// programme and the money goes on to someone else: it appears under the
// original funder "via" the agencies that passed it on (GMCA's grant of DWP
// money to Manchester sits under DWP, via GMCA). Money that stays with its
// funder is the funder's own, whatever it received: a lead's match funding
// (the lead as funder, the recipient empty or the lead) and any funding of
// kind match sit under their funder (see Index.findParentFunding). A
// programme with money from several funders appears under each of them,
// with that funder's money, and the summary then says how many entries
// there are. A programme with funding rows but none to list for D and A
// appears once, in a group saying so ("Funding for Leeds not recorded"),
// never under funders whose money is for another place or date; one with
// no funding rows at all goes in a last group, "Funder not recorded",
// showing its lead agency. Groups with more programmes come first, then by
// name; those two groups come last.
//
// Employer cohorts serve no residents: asked about a residents' cohort,
// who funds leaves out programmes reaching it only through an employer
// cohort (one under it, or above it), so that a council lacks a cohort in
// `gaps` exactly when who funds lists nothing there.

// Notes shown for a programme with no money to list.
const (
	NoteFundingNotRecorded = "funding not recorded"
	NoteNoFundingOnDate    = "no funding recorded for this date"
)

// noteNoFundingHere is the note for a programme with money on the date, but
// none for the area asked.
func noteNoFundingHere(a *handlers.Area) string {
	return "no funding recorded for " + handlers.ClipName(a.Name) + " on this date"
}

// WhoFundsAnswer is the worked-out answer to `who funds C in A` as of a
// date, before it is put into words. Its programmes are worked out when
// read (Programme), so a reply listing 15 programmes does not build the
// 2,000 it leaves out.
type WhoFundsAnswer struct {
	Cohort *handlers.Cohort
	Area   *handlers.Area // nil: every area
	On     handlers.Date
	// Targeted lists programmes for C or a narrower cohort; Broader those
	// for a cohort that contains C. Each is grouped by funder, in the order
	// they are shown.
	Targeted, Broader []FunderGroup
	// TargetedCount and BroaderCount count distinct programmes; Entries
	// counts programme entries (a programme with several funders is listed
	// under each).
	TargetedCount, BroaderCount, Entries int
	// NotLive lists programmes that fit the cohort and area but are not
	// live on the date (ended, not started, planned or closed), by name.
	NotLive Programmes
	// Narrower is the first cohort directly under C (nil: none), for a
	// reply that suggests a narrower question.
	Narrower *handlers.Cohort

	ix *Index
	w  *whoFundsWork
}

// FunderGroup is the programmes whose money starts with one funder.
type FunderGroup struct {
	Funder *handlers.Agency // nil: no funder to name (see Elsewhere)
	// Elsewhere marks the group, without a funder, of programmes whose
	// recorded money is all for another place or date than asked. A group
	// with neither a funder nor Elsewhere holds the programmes with no
	// funding rows at all.
	Elsewhere bool
	// Broader is true for a group of the broader part.
	Broader bool
	entries []int32 // positions in whoFundsWork.entries
}

// Len is the number of programme entries in the group.
func (g FunderGroup) Len() int { return len(g.entries) }

// Programme returns the i-th programme entry of group g, with the money
// listed for it.
func (a *WhoFundsAnswer) Programme(g FunderGroup, i int) FundedProgramme {
	return a.w.fundedProgramme(&a.w.entries[g.entries[i]])
}

// FundedProgramme is one programme in an answer, with the money listed for it.
type FundedProgramme struct {
	Programme *handlers.Programme
	Lead      *handlers.Agency
	// Cohorts are the programme's cohorts that made it count: those within
	// the cohort asked (targeted) or containing it (broader).
	Cohorts []*handlers.Cohort
	// Areas are the programme's areas that fit the area asked (all of them
	// without an area).
	Areas    []*handlers.Area
	Fundings []FundingLine
	// Note says why no money is listed ("funding not recorded", ...).
	Note string
}

// FundingLine is one funding in an answer.
type FundingLine struct {
	Funding *handlers.Funding
	// Recipient is who receives it: the recipient, else the programme's lead.
	Recipient *handlers.Agency
	// Via lists the agencies that passed the money on, nearest the source
	// first; empty when the money comes straight from the funder.
	Via   []*handlers.Agency
	Areas []*handlers.Area
	// ProgrammeTotal marks money for the programme as a whole (no areas)
	// when the area asked is narrower than the programme.
	ProgrammeTotal bool
	// Source is the funder the money started with (nil: not known).
	Source *handlers.Agency
	// Basis is the basis of the figure in words ("up to", "per year"), from
	// the notes; Period the period it covers in words. Both are worked out
	// once per register.
	Basis, Period string
}

// whoFundsWork is an answer worked out in positions. Entries become
// FundedProgramme values only when shown, so a reply listing 15 programmes
// does not build the 2,000 it leaves out.
type whoFundsWork struct {
	ix      *Index
	c       *handlers.Cohort
	a       *handlers.Area
	on      handlers.Date
	ci, ai  int32
	entries []whoFundsEntry
	lines   []int32 // fundings of all entries, each entry a run
	// parts holds the funder groups of the targeted (0) and broader (1)
	// programmes in display order; counts the distinct programmes of each.
	parts   [2][]entryGroup
	counts  [2]int
	notLive []int32 // by name
}

// whoFundsEntry is one programme under one funder.
type whoFundsEntry struct {
	prog    int32
	broader bool
	root    int32 // the funder the money started with, or rootNone or rootElsewhere
	lo, hi  int32 // its fundings: whoFundsWork.lines[lo:hi]
	note    string
}

// Roots of entries with no money to list.
const (
	rootNone      = -1 // the programme has no funding rows
	rootElsewhere = -2 // it has, but none for the place and date asked
)

// entryGroup is the entries (positions in whoFundsWork.entries) under one funder.
type entryGroup struct {
	root    int32
	entries []int32
}

// AnswerWhoFunds works out who funds cohort c in area a (nil: everywhere) on
// date on. c and a must come from this index.
func (ix *Index) AnswerWhoFunds(c *handlers.Cohort, a *handlers.Area, on handlers.Date) *WhoFundsAnswer {
	ans := &WhoFundsAnswer{Cohort: c, Area: a, On: on, ix: ix}
	w := ix.workWhoFunds(c, a, on)
	if w == nil {
		return ans
	}
	ans.w = w
	ans.TargetedCount, ans.BroaderCount, ans.Entries = w.counts[0], w.counts[1], len(w.entries)
	for part, groups := range w.parts {
		out := make([]FunderGroup, len(groups))
		for gi, g := range groups {
			out[gi] = FunderGroup{Elsewhere: g.root == rootElsewhere, Broader: part == 1, entries: g.entries}
			if g.root >= 0 {
				out[gi].Funder = &ix.reg.Agencies[g.root]
			}
		}
		if part == 0 {
			ans.Targeted = out
		} else {
			ans.Broader = out
		}
	}
	ans.NotLive = Programmes{ix: ix, pos: w.notLive}
	if kids := ix.cohorts.children[w.ci]; len(kids) > 0 {
		ans.Narrower = &ix.reg.Cohorts[kids[0]]
	}
	return ans
}

// workWhoFunds selects, groups and orders the programmes of an answer; nil
// when c or a is not in this index.
func (ix *Index) workWhoFunds(c *handlers.Cohort, a *handlers.Area, on handlers.Date) *whoFundsWork {
	ci := lookupPos(ix.cohortPos, c.ID)
	if ci < 0 {
		return nil
	}
	ai := int32(-1)
	if a != nil {
		if ai = lookupPos(ix.areaPos, a.ID); ai < 0 {
			return nil
		}
	}
	w := &whoFundsWork{ix: ix, c: c, a: a, on: on, ci: ci, ai: ai}
	// mark: 0 unseen, 1 targeted, 2 broader.
	mark := make([]uint8, len(ix.reg.Programmes))
	var cands []int32
	// For residents, an employer cohort and everything under it is left
	// out: employer programmes serve no residents (as in gaps).
	residents := !c.IsEmployers()
	order := ix.cohorts.order
	for i, end := ix.cohorts.tin[ci], ix.cohorts.tout[ci]; i < end; i++ {
		x := order[i]
		if residents && ix.reg.Cohorts[x].IsEmployers() {
			i = ix.cohorts.tout[x] - 1
			continue
		}
		for _, p := range ix.progsByCohort[x] {
			if mark[p] == 0 {
				mark[p] = 1
				cands = append(cands, p)
			}
		}
	}
	for _, y := range ix.cohorts.anc[ci] {
		if residents && ix.reg.Cohorts[y].IsEmployers() {
			continue
		}
		for _, p := range ix.progsByCohort[y] {
			if mark[p] == 0 {
				mark[p] = 2
				cands = append(cands, p)
			}
		}
	}
	// Visit candidates in name order, so that entries, groups and the
	// programmes not running all come out sorted: a few are sorted, many
	// are picked from the register's name order.
	if len(cands)*64 < len(ix.byName) {
		ix.sortByName(cands)
	} else {
		cands = cands[:0]
		for _, p := range ix.byName {
			if mark[p] != 0 {
				cands = append(cands, p)
			}
		}
	}
	// An area leaves few of the candidates: size for them, not for all.
	size := len(cands)
	if ai >= 0 {
		size = min(size, 32)
	}
	w.entries = make([]whoFundsEntry, 0, size)
	w.lines = make([]int32, 0, 2*size)
	for _, p := range cands {
		if !ix.programmeFits(p, ai) {
			continue
		}
		if !ix.liveOn(p, on) {
			w.notLive = append(w.notLive, p)
			continue
		}
		broader := mark[p] == 2
		if broader {
			w.counts[1]++
		} else {
			w.counts[0]++
		}
		w.fundingEntries(p, broader)
	}
	w.parts[0] = w.groupEntries(w.entries, false)
	w.parts[1] = w.groupEntries(w.entries, true)
	return w
}

// programmeFits reports whether programme p reaches area a by the
// up-and-down rule (always, without an area).
func (ix *Index) programmeFits(p, a int32) bool {
	if a < 0 {
		return true
	}
	for _, x := range ix.progAreas[p] {
		if ix.areas.related(x, a) {
			return true
		}
	}
	return false
}

// fundingFits reports whether funding f's money is for area a: it has no
// areas (the programme as a whole) or one of them fits by the up-and-down rule.
func (ix *Index) fundingFits(f, a int32) bool {
	if a < 0 || len(ix.fundAreas[f]) == 0 {
		return true
	}
	for _, x := range ix.fundAreas[f] {
		if ix.areas.related(x, a) {
			return true
		}
	}
	return false
}

// fundingEntries adds the entries of programme p: one per funder its
// listed money started with, or a single one carrying a note when there is
// none to list. The fundings of each entry are a run of w.lines.
func (w *whoFundsWork) fundingEntries(p int32, broader bool) {
	ix := w.ix
	funds := ix.fundsByProg[p]
	if len(funds) == 0 {
		w.entries = append(w.entries, whoFundsEntry{prog: p, broader: broader, root: rootNone, note: NoteFundingNotRecorded})
		return
	}
	start := len(w.lines)
	anyLive, mixed := false, false
	for _, f := range funds {
		if !ix.fundSpan[f].Contains(w.on) {
			continue
		}
		anyLive = true
		if !ix.fundingFits(f, w.ai) {
			continue
		}
		if len(w.lines) > start && ix.fundRoot[f] != ix.fundRoot[w.lines[start]] {
			mixed = true
		}
		w.lines = append(w.lines, f)
	}
	if seg := w.lines[start:]; len(seg) > 0 {
		if mixed {
			// Several funders: regroup the run by funder, in order of first appearance.
			var roots []int32
			for _, f := range seg {
				if !slices.Contains(roots, ix.fundRoot[f]) {
					roots = append(roots, ix.fundRoot[f])
				}
			}
			slices.SortStableFunc(seg, func(a, b int32) int {
				return slices.Index(roots, ix.fundRoot[a]) - slices.Index(roots, ix.fundRoot[b])
			})
		}
		lo := start
		for i := start + 1; i <= len(w.lines); i++ {
			if i == len(w.lines) || ix.fundRoot[w.lines[i]] != ix.fundRoot[w.lines[lo]] {
				w.entries = append(w.entries, whoFundsEntry{prog: p, broader: broader,
					root: ix.fundRoot[w.lines[lo]], lo: int32(lo), hi: int32(i)})
				lo = i
			}
		}
		return
	}
	// Money recorded, but none for the place and date asked: listed once,
	// under no funder, since every funder's money is for somewhere else.
	note := NoteNoFundingOnDate
	if anyLive && w.a != nil {
		note = noteNoFundingHere(w.a)
	}
	w.entries = append(w.entries, whoFundsEntry{prog: p, broader: broader, root: rootElsewhere, note: note})
}

// groupEntries groups the entries of one part (targeted or broader) by
// funder, in display order: groups with more programmes first, then by
// funder name; after them the programmes with money only for elsewhere,
// then those with no funding rows ("funder not recorded"). Entries come in
// name order, and keep it within each group.
func (w *whoFundsWork) groupEntries(entries []whoFundsEntry, broader bool) []entryGroup {
	ix := w.ix
	var groups []entryGroup
	// byRoot[agency+2] is the group of money starting with that agency, plus
	// one (zero: none yet); byRoot[0] and byRoot[1] are for rootElsewhere
	// and rootNone. Groups are counted first, then filled from one shared
	// slice.
	byRoot := make([]int32, len(ix.reg.Agencies)+2)
	var sizes []int32
	n := 0
	for i := range entries {
		e := &entries[i]
		if e.broader != broader {
			continue
		}
		gi := byRoot[e.root+2] - 1
		if gi < 0 {
			gi = int32(len(groups))
			byRoot[e.root+2] = gi + 1
			groups = append(groups, entryGroup{root: e.root})
			sizes = append(sizes, 0)
		}
		sizes[gi]++
		n++
	}
	flat := make([]int32, n)
	at := 0
	for gi := range groups {
		groups[gi].entries = flat[at : at : at+int(sizes[gi])]
		at += int(sizes[gi])
	}
	for i := range entries {
		if e := &entries[i]; e.broader == broader {
			g := &groups[byRoot[e.root+2]-1]
			g.entries = append(g.entries, int32(i))
		}
	}
	names := make(map[int32]string, len(groups))
	for _, g := range groups {
		if g.root >= 0 {
			names[g.root] = strings.ToLower(ix.reg.Agencies[g.root].Name)
		}
	}
	// Funders first, then the money for elsewhere, then no funding rows.
	last := func(root int32) int {
		switch root {
		case rootElsewhere:
			return 1
		case rootNone:
			return 2
		}
		return 0
	}
	slices.SortFunc(groups, func(a, b entryGroup) int {
		if la, lb := last(a.root), last(b.root); la != lb {
			return la - lb
		}
		if len(a.entries) != len(b.entries) {
			return len(b.entries) - len(a.entries)
		}
		return strings.Compare(names[a.root], names[b.root])
	})
	return groups
}

// fundedProgramme turns an entry into the answer's terms.
func (w *whoFundsWork) fundedProgramme(e *whoFundsEntry) FundedProgramme {
	ix := w.ix
	p, ci, ai := e.prog, w.ci, w.ai
	fp := FundedProgramme{Programme: &ix.reg.Programmes[p], Note: e.note}
	if l := ix.progLead[p]; l >= 0 {
		fp.Lead = &ix.reg.Agencies[l]
	}
	// Sized for all at once: these slices are built for every entry shown.
	fp.Cohorts = make([]*handlers.Cohort, 0, len(ix.progCohorts[p]))
	for _, c := range ix.progCohorts[p] {
		if ix.cohortCounts(c, ci, e.broader) {
			fp.Cohorts = append(fp.Cohorts, &ix.reg.Cohorts[c])
		}
	}
	fp.Areas = make([]*handlers.Area, 0, len(ix.progAreas[p]))
	for _, x := range ix.progAreas[p] {
		if ai < 0 || ix.areas.related(x, ai) {
			fp.Areas = append(fp.Areas, &ix.reg.Areas[x])
		}
	}
	narrower := ai >= 0 && !ix.allWithin(ix.progAreas[p], ai)
	lines := slices.Clone(w.lines[e.lo:e.hi])
	// Money for the whole programme first, then in register order.
	slices.SortStableFunc(lines, func(a, b int32) int {
		return handlers.TrueFirst(len(ix.fundAreas[a]) == 0, len(ix.fundAreas[b]) == 0)
	})
	if len(lines) > 0 {
		fp.Fundings = make([]FundingLine, 0, len(lines))
	}
	for _, f := range lines {
		fp.Fundings = append(fp.Fundings, ix.fundingLine(f, narrower))
	}
	return fp
}

// cohortCounts reports whether a programme's cohort c makes it count for
// cohort ci: within it (targeted) or containing it (broader). For a
// residents' cohort ci, no path through an employer cohort counts.
func (ix *Index) cohortCounts(c, ci int32, broader bool) bool {
	lo, hi := c, ci // lo within hi
	if broader {
		if c == ci {
			return false
		}
		lo, hi = ci, c
	}
	if !ix.cohorts.within(lo, hi) {
		return false
	}
	if ix.reg.Cohorts[ci].IsEmployers() {
		return true
	}
	if broader {
		return !ix.reg.Cohorts[c].IsEmployers()
	}
	for x := lo; x != hi && x >= 0; x = ix.cohorts.parent[x] {
		if ix.reg.Cohorts[x].IsEmployers() {
			return false
		}
	}
	return true
}

func (ix *Index) fundingLine(f int32, narrower bool) FundingLine {
	fl := FundingLine{
		Funding:        &ix.reg.Fundings[f],
		Areas:          rows(ix.reg.Areas, ix.fundAreas[f]),
		ProgrammeTotal: narrower && len(ix.fundAreas[f]) == 0,
		Basis:          ix.fundBasis[f],
		Period:         ix.fundPeriod[f],
	}
	if r := ix.fundRoot[f]; r >= 0 {
		fl.Source = &ix.reg.Agencies[r]
	}
	if r := ix.fundRecipient[f]; r >= 0 {
		fl.Recipient = &ix.reg.Agencies[r]
	}
	if _, via := ix.fundingChain(f); len(via) > 0 {
		for _, a := range via {
			if a >= 0 {
				fl.Via = append(fl.Via, &ix.reg.Agencies[a])
			}
		}
	}
	return fl
}

// allWithin reports whether every area in areas lies within a.
func (ix *Index) allWithin(areas []int32, a int32) bool {
	for _, x := range areas {
		if !ix.areas.within(x, a) {
			return false
		}
	}
	return true
}

func (ix *Index) sortByName(progs []int32) {
	slices.SortFunc(progs, func(a, b int32) int { return int(ix.progRank[a] - ix.progRank[b]) })
}
