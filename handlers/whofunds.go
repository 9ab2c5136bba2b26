package handlers

import (
	"slices"
	"strconv"
	"strings"
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
func noteNoFundingHere(a *Area) string {
	return "no funding recorded for " + clipName(a.Name) + " on this date"
}

// WhoFundsAnswer is the worked-out answer to `who funds C in A` as of a
// date, before it is put into words.
type WhoFundsAnswer struct {
	Cohort *Cohort
	Area   *Area // nil: every area
	On     Date
	// Targeted lists programmes for C or a narrower cohort; Broader those
	// for a cohort that contains C. Each is grouped by funder.
	Targeted, Broader []FunderGroup
	// TargetedCount and BroaderCount count distinct programmes.
	TargetedCount, BroaderCount int
	// NotLive lists programmes that fit the cohort and area but are not
	// live on the date (ended, not started, planned or closed), by name.
	NotLive []*Programme
}

// FunderGroup is the programmes whose money starts with one funder.
type FunderGroup struct {
	Funder *Agency // nil: no funder to name (see Elsewhere)
	// Elsewhere marks the group, without a funder, of programmes whose
	// recorded money is all for another place or date than asked. A group
	// with neither a funder nor Elsewhere holds the programmes with no
	// funding rows at all.
	Elsewhere  bool
	Programmes []FundedProgramme
}

// FundedProgramme is one programme in an answer, with the money listed for it.
type FundedProgramme struct {
	Programme *Programme
	Lead      *Agency
	// Cohorts are the programme's cohorts that made it count: those within
	// the cohort asked (targeted) or containing it (broader).
	Cohorts []*Cohort
	// Areas are the programme's areas that fit the area asked (all of them
	// without an area).
	Areas    []*Area
	Fundings []FundingLine
	// Note says why no money is listed ("funding not recorded", ...).
	Note string
}

// FundingLine is one funding in an answer.
type FundingLine struct {
	Funding *Funding
	// Recipient is who receives it: the recipient, else the programme's lead.
	Recipient *Agency
	// Via lists the agencies that passed the money on, nearest the source
	// first; empty when the money comes straight from the funder.
	Via   []*Agency
	Areas []*Area
	// ProgrammeTotal marks money for the programme as a whole (no areas)
	// when the area asked is narrower than the programme.
	ProgrammeTotal bool
}

// whoFundsWork is an answer worked out in positions. Entries become
// FundedProgramme values only when shown, so a reply listing 15 programmes
// does not build the 2,000 it leaves out.
type whoFundsWork struct {
	c       *Cohort
	a       *Area
	on      Date
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
func (ix *Index) AnswerWhoFunds(c *Cohort, a *Area, on Date) WhoFundsAnswer {
	ans := WhoFundsAnswer{Cohort: c, Area: a, On: on}
	w := ix.workWhoFunds(c, a, on)
	if w == nil {
		return ans
	}
	ans.TargetedCount, ans.BroaderCount = w.counts[0], w.counts[1]
	for part, groups := range w.parts {
		out := make([]FunderGroup, len(groups))
		for gi, g := range groups {
			out[gi] = ix.funderGroup(g)
			out[gi].Programmes = make([]FundedProgramme, len(g.entries))
			for i, e := range g.entries {
				out[gi].Programmes[i] = ix.fundedProgramme(w, &w.entries[e])
			}
		}
		if part == 0 {
			ans.Targeted = out
		} else {
			ans.Broader = out
		}
	}
	ans.NotLive = ix.programmeList(w.notLive)
	return ans
}

// funderGroup returns the group's funder, with no programmes filled in.
func (ix *Index) funderGroup(g entryGroup) FunderGroup {
	if g.root < 0 {
		return FunderGroup{Elsewhere: g.root == rootElsewhere}
	}
	return FunderGroup{Funder: &ix.reg.Agencies[g.root]}
}

// workWhoFunds selects, groups and orders the programmes of an answer; nil
// when c or a is not in this index.
func (ix *Index) workWhoFunds(c *Cohort, a *Area, on Date) *whoFundsWork {
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
	w := &whoFundsWork{c: c, a: a, on: on, ci: ci, ai: ai}
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
		ix.fundingEntries(w, p, broader)
	}
	w.parts[0] = ix.groupEntries(w.entries, false)
	w.parts[1] = ix.groupEntries(w.entries, true)
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
func (ix *Index) fundingEntries(w *whoFundsWork, p int32, broader bool) {
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
func (ix *Index) groupEntries(entries []whoFundsEntry, broader bool) []entryGroup {
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
func (ix *Index) fundedProgramme(w *whoFundsWork, e *whoFundsEntry) FundedProgramme {
	p, ci, ai := e.prog, w.ci, w.ai
	fp := FundedProgramme{Programme: &ix.reg.Programmes[p], Note: e.note}
	if l := ix.progLead[p]; l >= 0 {
		fp.Lead = &ix.reg.Agencies[l]
	}
	// Sized for all at once: these slices are built for every entry shown.
	fp.Cohorts = make([]*Cohort, 0, len(ix.progCohorts[p]))
	for _, c := range ix.progCohorts[p] {
		if ix.cohortCounts(c, ci, e.broader) {
			fp.Cohorts = append(fp.Cohorts, &ix.reg.Cohorts[c])
		}
	}
	fp.Areas = make([]*Area, 0, len(ix.progAreas[p]))
	for _, x := range ix.progAreas[p] {
		if ai < 0 || ix.areas.related(x, ai) {
			fp.Areas = append(fp.Areas, &ix.reg.Areas[x])
		}
	}
	narrower := ai >= 0 && !ix.allWithin(ix.progAreas[p], ai)
	lines := slices.Clone(w.lines[e.lo:e.hi])
	// Money for the whole programme first, then in register order.
	slices.SortStableFunc(lines, func(a, b int32) int {
		return boolOrder(len(ix.fundAreas[a]) == 0, len(ix.fundAreas[b]) == 0)
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

// boolOrder sorts true before false.
func boolOrder(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}

func (ix *Index) fundingLine(f int32, narrower bool) FundingLine {
	fl := FundingLine{
		Funding:        &ix.reg.Fundings[f],
		Areas:          ix.areaList(ix.fundAreas[f]),
		ProgrammeTotal: narrower && len(ix.fundAreas[f]) == 0,
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

// Caps that keep a lookup's reply short enough to read in a meeting and
// inside Slack's 50 blocks.
const (
	maxEntries      = 15 // programmes listed in one reply
	maxFundingLines = 6  // fundings listed under one programme
	maxAreasNamed   = 3
	maxCohortsNamed = 3
	maxNotLive      = 5
	// blockBudget leaves room under Slack's 50 for the share button and
	// anything a renderer adds.
	blockBudget = 44
)

// WhoFunds answers `who funds <cohort> [in <area>]` as of date on. An empty
// area query means every area. Unknown or ambiguous names are *Error; no
// live programme is an answer, not an error.
func (ix *Index) WhoFunds(cohortQuery, areaQuery string, on Date) (Reply, error) {
	c, err := ix.MatchCohort(cohortQuery)
	if err != nil {
		return Reply{}, err
	}
	var a *Area
	if strings.TrimSpace(areaQuery) != "" {
		if a, err = ix.MatchArea(areaQuery); err != nil {
			return Reply{}, err
		}
	}
	return ix.renderWhoFunds(ix.workWhoFunds(c, a, on)), nil
}

func (ix *Index) renderWhoFunds(w *whoFundsWork) Reply {
	who := phraseOf(clipName(w.c.Name))
	where := ""
	if w.a != nil {
		where = " in " + clipName(w.a.Name)
	}
	day := w.on.UK()
	b := newReplyBuilder(clipText("Who funds "+who+where, 150))

	var summary string
	targeted, broader := w.counts[0], w.counts[1]
	switch {
	case targeted == 0 && broader == 0:
		summary = "No programme for " + who + where + " is running on " + day + "."
	case targeted == 0:
		summary = "No programme targets " + who + where + " on " + day + ", but " +
			plural(broader, "programme is", "programmes are") + " open to them through broader eligibility."
	default:
		summary = plural(targeted, "programme targets", "programmes target") + " " + who + where + " on " + day
		if broader > 0 {
			summary += "; " + plural(broader, "more is", "more are") + " open to them through broader eligibility"
		}
		summary += "."
	}
	// A programme with several funders is listed under each: the count of
	// entries is said whenever it differs from the count of programmes, and
	// what is left out is then counted in entries too.
	byEntry := len(w.entries) != targeted+broader
	if byEntry {
		summary += " A programme with several funders is listed under each: " +
			plural(len(w.entries), "entry", "entries") + " in all."
	}
	b.add(Section{Lines: []Rich{Line(summary)}})

	// Entries are added while they fit maxEntries and the block budget
	// (keeping three blocks for the tail); the rest are counted.
	shown, total, full := 0, 0, false
	for part, groups := range w.parts {
		labelled := part == 0
		for _, g := range groups {
			headed := false
			for _, e := range g.entries {
				total++
				if full || shown == maxEntries {
					continue
				}
				var chunk []Block
				if !labelled {
					chunk = append(chunk, Section{Lines: []Rich{R(B("Broader eligibility"),
						T(": programmes for a wider group that includes "+who+"."))}})
				}
				if !headed {
					chunk = append(chunk, Section{Lines: []Rich{funderHeading(ix.funderGroup(g), len(g.entries), w.a, w.on)}})
				}
				fp := ix.fundedProgramme(w, &w.entries[e])
				chunk = append(chunk, packLines(ix.fundedProgrammeLines(&fp, w.on, w.a, part == 1))...)
				if !b.fits(len(chunk) + 3) {
					full = true
					continue
				}
				b.add(chunk...)
				labelled, headed = true, true
				shown++
			}
		}
	}
	if more := total - shown; more > 0 && shown > 0 {
		b.add(Section{Lines: []Rich{ix.narrowHint(more, byEntry, w.c, w.a)}})
	}
	if n := len(w.notLive); n > 0 {
		b.add(Section{Lines: []Rich{notRunningLine(ix.programmeList(w.notLive[:min(n, maxNotLive)]), n, w.on)}})
	}
	if total == 0 && w.a != nil {
		b.add(Section{Lines: []Rich{R(T("Try it without the area: "), C("who funds "+who))}})
	}
	b.add(Context{Items: []Rich{Line("As of " + day + " · amounts are listed as recorded, never added up · amounts link to their sources")}})
	return b.reply(summary)
}

// funderHeading is the line above a funder's n programmes, in an answer
// about area a (nil: every area) on date on.
func funderHeading(g FunderGroup, n int, a *Area, on Date) Rich {
	word := " programmes"
	if n == 1 {
		word = " programme"
	}
	// " · 3 programmes" in one allocation: a heading goes above every funder shown.
	count := T(" · " + strconv.Itoa(n) + word)
	switch {
	case g.Elsewhere && a != nil:
		return R(B("Funding for "+clipName(a.Name)+" not recorded"), count)
	case g.Elsewhere:
		return R(B("Funding on "+on.UK()+" not recorded"), count)
	case g.Funder == nil:
		return R(B("Funder not recorded"), count)
	}
	return R(B(clipName(g.Funder.Name)), count)
}

// narrowHint says how many entries were left out, in programmes (or in
// entries, when the summary counted those), and how to see fewer.
func (ix *Index) narrowHint(more int, byEntry bool, c *Cohort, a *Area) Rich {
	who := phraseOf(clipName(c.Name))
	unit := plural(more, "more programme", "more programmes")
	if byEntry {
		unit = plural(more, "more entry", "more entries")
	}
	lead := "…and " + unit + ". "
	if a == nil {
		return R(T(lead+"Narrow it with "), C("who funds "+who+" in <area>"), T("."))
	}
	if kids := ix.cohorts.children[lookupPos(ix.cohortPos, c.ID)]; len(kids) > 0 {
		return R(T(lead+"Narrow it with a narrower cohort, e.g. "),
			C("who funds "+phraseOf(clipName(ix.reg.Cohorts[kids[0]].Name))+" in "+clipName(a.Name)), T("."))
	}
	return R(T(lead+"Narrow it with a narrower area, or see one with "), C("programme <name>"), T("."))
}

// fundedProgrammeLines writes one programme of a who-funds answer.
func (ix *Index) fundedProgrammeLines(fp *FundedProgramme, on Date, area *Area, broader bool) []Rich {
	p := fp.Programme
	lines := make([]Rich, 0, 4+min(len(fp.Fundings), maxFundingLines+1))
	var b strings.Builder
	b.Grow(160)
	if fp.Lead != nil {
		b.WriteString(" · led by ")
		b.WriteString(shortName(fp.Lead))
	}
	b.WriteString(" · ")
	b.WriteString(ProgrammeState(p, on))
	lines = append(lines, R(B(clipName(p.Name)), T(b.String())))

	b.Reset()
	if broader {
		b.WriteString("Open to ")
	} else {
		b.WriteString("For ")
	}
	cohorts := make([]string, 0, min(len(fp.Cohorts), maxCohortsNamed+1))
	for _, c := range fp.Cohorts[:min(len(fp.Cohorts), maxCohortsNamed+1)] {
		cohorts = append(cohorts, phraseOf(clipName(c.Name)))
	}
	writeNames(&b, cohorts, len(fp.Cohorts), maxCohortsNamed)
	if len(fp.Areas) > 0 {
		b.WriteString(" in ")
		writeAreaNames(&b, fp.Areas, maxAreasNamed)
	}
	lines = append(lines, Line(b.String()))
	if p.Contact != "" {
		lines = append(lines, R(T("Contact: "), contactSpan(p.Contact)))
	}
	for i, fl := range fp.Fundings {
		if i == maxFundingLines {
			rest := len(fp.Fundings) - maxFundingLines
			hint := R(T("…and "+plural(rest, "more funding", "more fundings")+": see "), C("programme "+clipName(p.Name)))
			if area == nil {
				hint = R(T("…and "+plural(rest, "more funding", "more fundings")+": narrow it with "), C("in <area>"))
			}
			lines = append(lines, hint)
			break
		}
		lines = append(lines, ix.fundingLineRich(fl, fundingLineOpts{}))
	}
	if fp.Note != "" {
		lines = append(lines, R(I(fp.Note)))
	}
	return lines
}

// writeNames writes names as joinNames does, where names holds the first
// of total and at most max are shown.
func writeNames(b *strings.Builder, names []string, total, max int) {
	shown := min(len(names), max)
	if total > max {
		for i, n := range names[:shown] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(n)
		}
		b.WriteString(" and ")
		b.WriteString(strconv.Itoa(total - shown))
		b.WriteString(" more")
		return
	}
	for i, n := range names[:shown] {
		switch {
		case i == 0:
		case i == shown-1:
			b.WriteString(" and ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(n)
	}
}

// writeAreaNames writes area names as joinNames(areaNames(areas), max) does.
func writeAreaNames(b *strings.Builder, areas []*Area, max int) {
	var buf [8]string
	names := buf[:0]
	for _, a := range areas[:min(len(areas), max)] {
		names = append(names, clipName(a.Name))
	}
	writeNames(b, names, len(areas), max)
}

type fundingLineOpts struct {
	from bool // name the funder the money started with ("from DWP")
}

// basisOf returns the basis of a funding's figure, worked out once per register.
func (ix *Index) basisOf(f *Funding) string {
	if i := lookupPos(ix.fundPos, f.ID); i >= 0 && &ix.reg.Fundings[i] == f {
		return ix.fundBasis[i]
	}
	return FundingBasis(f.Notes)
}

// periodOf returns a funding's period in words, worked out once per register.
func (ix *Index) periodOf(f *Funding) string {
	if i := lookupPos(ix.fundPos, f.ID); i >= 0 && &ix.reg.Fundings[i] == f {
		return ix.fundPeriod[i]
	}
	return f.Period().UK()
}

// fundingLineRich writes one funding: amount (linked to its source), basis,
// where it is for, who passed it on and received it, and its period.
func (ix *Index) fundingLineRich(fl FundingLine, o fundingLineOpts) Rich {
	f := fl.Funding
	line := make(Rich, 0, 3)
	line = append(line, T("• "))
	if f.AmountPence != nil {
		s := linkOrText(Money(*f.AmountPence), f.SourceURL)
		s.Bold = true
		line = append(line, s)
	} else {
		line = append(line, linkOrText("amount not disclosed", f.SourceURL))
	}
	var b strings.Builder
	b.Grow(160)
	if basis := ix.basisOf(f); basis != "" {
		b.WriteString(" (")
		b.WriteString(basis)
		b.WriteString(")")
	}
	if o.from {
		if src, _ := ix.FundingSource(f.ID); src != nil {
			b.WriteString(" from ")
			b.WriteString(shortName(src))
		}
	}
	switch {
	case fl.ProgrammeTotal:
		b.WriteString(" programme total")
	case len(fl.Areas) > 0:
		b.WriteString(" for ")
		writeAreaNames(&b, fl.Areas, maxAreasNamed)
	}
	to := f.RecipientID != "" && fl.Recipient != nil && !namedLikeAnArea(fl.Recipient, fl.Areas)
	if to || len(fl.Via) > 0 {
		b.WriteString(" ·")
	}
	if to {
		b.WriteString(" to ")
		b.WriteString(clipName(fl.Recipient.Name))
	}
	if len(fl.Via) > 0 {
		b.WriteString(" via ")
		var buf [4]string
		via := buf[:0]
		for _, a := range fl.Via[:min(len(fl.Via), maxAreasNamed)] {
			via = append(via, shortName(a))
		}
		writeNames(&b, via, len(fl.Via), maxAreasNamed)
	}
	if per := ix.periodOf(f); per != "" {
		b.WriteString(" · ")
		b.WriteString(per)
	}
	if b.Len() > 0 {
		line = append(line, T(b.String()))
	}
	return line
}

// namedLikeAnArea reports whether an agency bears the name of one of the
// areas (an authority and its area usually do), so "for X · to X" is said once.
func namedLikeAnArea(a *Agency, areas []*Area) bool {
	for _, ar := range areas {
		if strings.EqualFold(ar.Name, a.Name) {
			return true
		}
	}
	return false
}

func areaNames(areas []*Area) []string {
	out := make([]string, len(areas))
	for i, a := range areas {
		out[i] = clipName(a.Name)
	}
	return out
}

// shortName is how an agency is named inside a line: its acronym when the
// register gives one (DWP, GMCA), else its name.
func shortName(a *Agency) string {
	for _, al := range a.Aliases {
		if isAcronym(al) {
			return al
		}
	}
	return clipName(a.Name)
}

// isAcronym reports whether an alias is an abbreviation such as "DWP",
// "GMCA" or "DfE": one word, short, starting with a capital, with at least
// two capitals.
func isAcronym(s string) bool {
	if len(s) < 2 || len(s) > 8 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	caps := 0
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			caps++
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '&':
		default:
			return false
		}
	}
	return caps >= 2
}

// contactSpan shows a contact: a Slack user id as a mention, else text.
func contactSpan(c string) Span {
	c = strings.TrimSpace(c)
	id := strings.TrimSuffix(strings.TrimPrefix(c, "<@"), ">")
	if i := strings.IndexByte(id, '|'); i >= 0 {
		id = id[:i]
	}
	if isSlackUserID(id) {
		return M(id, id)
	}
	return T(clipText(c, maxNameLen))
}

func isSlackUserID(s string) bool {
	if len(s) < 7 || len(s) > 20 || (s[0] != 'U' && s[0] != 'W') {
		return false
	}
	for _, r := range s[1:] {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// notRunningLine lists programmes that fit but are not live on the date:
// first holds the first few of total, in order.
func notRunningLine(first []*Programme, total int, on Date) Rich {
	names := make([]string, len(first))
	for i, p := range first {
		names[i] = clipName(p.Name) + " (" + ProgrammeState(p, on) + ")"
	}
	list := joinNames(names, maxNotLive)
	if total > len(first) {
		list = strings.Join(names, ", ") + " and " + strconv.Itoa(total-len(first)) + " more"
	}
	return R(I("Not running on " + on.UK() + ": " + list + "."))
}

// replyBuilder collects a lookup's blocks within blockBudget.
type replyBuilder struct {
	blocks []Block
}

func newReplyBuilder(header string) *replyBuilder {
	return &replyBuilder{blocks: []Block{Header{Text: header}}}
}

// fits reports whether n more blocks stay within the budget.
func (b *replyBuilder) fits(n int) bool { return len(b.blocks)+n <= blockBudget }

func (b *replyBuilder) add(blocks ...Block) {
	if room := blockBudget - len(b.blocks); len(blocks) > room {
		blocks = blocks[:max(room, 0)]
	}
	b.blocks = append(b.blocks, blocks...)
}

// reply makes the private, shareable reply every lookup returns.
func (b *replyBuilder) reply(text string) Reply {
	return Reply{Text: text, Blocks: b.blocks, Visibility: Private, Shareable: true}
}

// AgencyFunds answers `what does <agency> fund` as of date on: the
// programmes the agency funds (it is the funder of a funding) or leads,
// those running on the date first, each with the agency's money live then.
func (ix *Index) AgencyFunds(agencyQuery string, on Date) (Reply, error) {
	ag, err := ix.MatchAgency(agencyQuery)
	if err != nil {
		return Reply{}, err
	}
	ai := lookupPos(ix.agencyPos, ag.ID)
	funds := map[int32][]int32{} // programme → this agency's fundings of it
	var funded, ledOnly []int32
	for _, f := range ix.fundsByFunder[ai] {
		p := ix.fundProg[f]
		if p < 0 {
			continue
		}
		if _, ok := funds[p]; !ok {
			funded = append(funded, p)
		}
		funds[p] = append(funds[p], f)
	}
	for _, p := range ix.progsByLead[ai] {
		if _, ok := funds[p]; !ok {
			ledOnly = append(ledOnly, p)
		}
	}
	ix.sortByName(funded)
	ix.sortByName(ledOnly)
	var live []int32
	var notLive []*Programme
	for _, p := range append(slices.Clone(funded), ledOnly...) {
		if ix.reg.Programmes[p].LiveOn(on) {
			live = append(live, p)
		} else {
			notLive = append(notLive, &ix.reg.Programmes[p])
		}
	}
	agName := clipName(ag.Name)
	short := shortName(ag)
	day := on.UK()
	b := newReplyBuilder(clipText("What "+agName+" funds", 150))
	running := plural(len(live), "of them is", "of them are")
	if len(live) == 0 {
		running = "none of them is"
	}
	summary := agName + " funds " + countOrNo(len(funded), "programme", "programmes") +
		" and leads " + countOrNo(len(ix.progsByLead[ai]), "programme", "programmes") + "; " +
		running + " running on " + day + "."
	if len(funded) == 0 && len(ix.progsByLead[ai]) == 0 {
		summary = "The register records no programme that " + agName + " funds or leads."
	}
	b.add(Section{Lines: []Rich{Line(summary)}})

	shown := 0
	for _, p := range live {
		if shown >= maxEntries {
			break
		}
		prog := &ix.reg.Programmes[p]
		first := R(B(clipName(prog.Name)), T(" · "+ProgrammeState(prog, on)))
		if ix.progLead[p] == ai {
			first = append(first, T(" · leads it"))
		} else if l := ix.progLead[p]; l >= 0 {
			first = append(first, T(" · led by "+shortName(&ix.reg.Agencies[l])))
		}
		lines := []Rich{first}
		var mine []int32
		for _, f := range funds[p] {
			if ix.reg.Fundings[f].Period().Contains(on) {
				mine = append(mine, f)
			}
		}
		for i, f := range mine {
			if i == maxFundingLines {
				lines = append(lines, R(T("…and "+plural(len(mine)-i, "more funding", "more fundings")+": see "),
					C("programme "+clipName(prog.Name))))
				break
			}
			fl := ix.fundingLine(f, false)
			line := ix.fundingLineRich(fl, fundingLineOpts{})
			if src, _ := ix.fundingChain(f); src >= 0 && src != ai {
				line = append(line, T(" · passing on "+shortName(&ix.reg.Agencies[src])+" money"))
			}
			lines = append(lines, line)
		}
		switch {
		case len(mine) > 0:
		case len(funds[p]) > 0:
			lines = append(lines, R(I("no funding from "+short+" recorded for this date")))
		default:
			lines = append(lines, R(I(ix.otherFundersNote(p, on))))
		}
		chunk := packLines(lines)
		if !b.fits(len(chunk) + 3) {
			break
		}
		b.add(chunk...)
		shown++
	}
	if more := len(live) - shown; more > 0 {
		b.add(Section{Lines: []Rich{R(T("…and "+plural(more, "more programme", "more programmes")+" running. See one with "),
			C("programme <name>"), T(", or narrow it with "), C("who funds <cohort> in <area>"), T("."))}})
	}
	if len(notLive) > 0 {
		b.add(Section{Lines: []Rich{notRunningLine(notLive[:min(len(notLive), maxNotLive)], len(notLive), on)}})
	}
	b.add(Context{Items: []Rich{Line("As of " + day + " · amounts are listed as recorded, never added up · amounts link to their sources")}})
	text := summary
	return b.reply(text), nil
}

// otherFundersNote says who funds a programme an agency leads but does not
// fund: the funders its money live on the date started with, if any.
func (ix *Index) otherFundersNote(p int32, on Date) string {
	var names []string
	rows := ix.fundsByProg[p]
	for _, f := range rows {
		if !ix.reg.Fundings[f].Period().Contains(on) {
			continue
		}
		if root, _ := ix.fundingChain(f); root >= 0 {
			if n := shortName(&ix.reg.Agencies[root]); !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	switch {
	case len(names) > 0:
		return "funded by " + joinNames(names, maxAreasNamed)
	case len(rows) > 0:
		return NoteNoFundingOnDate
	}
	return NoteFundingNotRecorded
}
