package index

import (
	"slices"
	"strings"

	"frontdoor/handlers"
)

// Index is the register held in memory for lookups: every row by id, the area
// and cohort hierarchies with their ancestors and descendants worked out in
// advance, programmes by area, cohort and lead, fundings by programme, funder
// and recipient, and the name matchers. It is built once per register version
// and never changed afterwards, so any number of goroutines may read it.
//
// Rows are numbered by their position in the register, and the hierarchies
// keep each node's subtree as a contiguous run of a depth-first order, so
// "is X within Y" is two comparisons and a node's descendants are a slice.
type Index struct {
	reg handlers.Register

	areaPos, cohortPos, agencyPos, progPos, fundPos map[string]int32

	areas, cohorts tree

	progAreas, progCohorts [][]int32
	progLead               []int32 // -1 when the lead is unknown
	progActive             []bool  // status live (neither planned nor closed)
	progSpan               []handlers.Period
	progsByArea            [][]int32
	progsByCohort          [][]int32
	progsByLead            [][]int32
	progRank               []int32 // position of each programme in name order
	byName                 []int32 // programmes in name order

	fundProg      []int32
	fundFunder    []int32 // -1 when unknown
	fundRecipient []int32 // the recipient, else the programme's lead; -1 when unknown
	fundAreas     [][]int32
	fundSpan      []handlers.Period
	fundParent    []int32  // the funding this money was passed on from, or -1
	fundRoot      []int32  // the funder the money started with (see fundingRoot)
	fundBasis     []string // FundingBasis of the notes
	fundPeriod    []string // the period in words
	fundsByProg   [][]int32
	fundsByFunder [][]int32
	fundsByRecip  [][]int32

	areaNames, cohortNames, agencyNames, progNames *matcher
	mentions                                       *mentionIndex
}

// tree is a forest (areas or cohorts) laid out for constant-time ancestry tests.
type tree struct {
	parent   []int32 // -1 for a root
	children [][]int32
	order    []int32 // depth-first order
	tin      []int32 // position of each node in order
	tout     []int32 // position just past the node's subtree in order
	anc      [][]int32
}

// NewIndex builds the index of a register. The register is expected to be
// valid (references resolve, hierarchies have no cycles); where it is not, the
// index stays usable: unknown references are left out and a cycle is broken
// where it is found. The register's rows must not be changed afterwards.
func NewIndex(reg *handlers.Register) *Index {
	ix := &Index{reg: *reg}
	r := &ix.reg
	ix.areaPos = positions(len(r.Areas), func(i int) string { return r.Areas[i].ID })
	ix.cohortPos = positions(len(r.Cohorts), func(i int) string { return r.Cohorts[i].ID })
	ix.agencyPos = positions(len(r.Agencies), func(i int) string { return r.Agencies[i].ID })
	ix.progPos = positions(len(r.Programmes), func(i int) string { return r.Programmes[i].ID })
	ix.fundPos = positions(len(r.Fundings), func(i int) string { return r.Fundings[i].ID })

	ix.areas = newTree(len(r.Areas), func(i int) int32 { return lookupPos(ix.areaPos, r.Areas[i].ParentID) })
	ix.cohorts = newTree(len(r.Cohorts), func(i int) int32 { return lookupPos(ix.cohortPos, r.Cohorts[i].ParentID) })

	np := len(r.Programmes)
	ix.progAreas = make([][]int32, np)
	ix.progCohorts = make([][]int32, np)
	ix.progLead = make([]int32, np)
	ix.progsByLead = make([][]int32, len(r.Agencies))
	// Status and dates sit in small arrays of their own: a lookup checks them
	// for thousands of programmes and should not walk the whole rows.
	ix.progActive = make([]bool, np)
	ix.progSpan = make([]handlers.Period, np)
	for i := range r.Programmes {
		p := &r.Programmes[i]
		ix.progActive[i] = p.EffectiveStatus() == handlers.StatusLive
		ix.progSpan[i] = p.Period()
		ix.progAreas[i] = resolveAll(ix.areaPos, p.AreaIDs)
		ix.progCohorts[i] = resolveAll(ix.cohortPos, p.CohortIDs)
		ix.progLead[i] = lookupPos(ix.agencyPos, p.LeadAgencyID)
		if l := ix.progLead[i]; l >= 0 {
			ix.progsByLead[l] = append(ix.progsByLead[l], int32(i))
		}
	}
	ix.progsByArea = invert(len(r.Areas), ix.progAreas)
	ix.progsByCohort = invert(len(r.Cohorts), ix.progCohorts)
	lower := make([]string, np)
	ix.byName = make([]int32, np)
	for i := range ix.byName {
		ix.byName[i] = int32(i)
		lower[i] = strings.ToLower(r.Programmes[i].Name)
	}
	slices.SortStableFunc(ix.byName, func(a, b int32) int { return strings.Compare(lower[a], lower[b]) })
	ix.progRank = make([]int32, np)
	for rank, p := range ix.byName {
		ix.progRank[p] = int32(rank)
	}

	nf := len(r.Fundings)
	ix.fundProg = make([]int32, nf)
	ix.fundFunder = make([]int32, nf)
	ix.fundRecipient = make([]int32, nf)
	ix.fundAreas = make([][]int32, nf)
	ix.fundSpan = make([]handlers.Period, nf)
	ix.fundsByProg = make([][]int32, np)
	ix.fundsByFunder = make([][]int32, len(r.Agencies))
	ix.fundsByRecip = make([][]int32, len(r.Agencies))
	for i := range r.Fundings {
		f := &r.Fundings[i]
		p := lookupPos(ix.progPos, f.ProgrammeID)
		ix.fundProg[i] = p
		ix.fundFunder[i] = lookupPos(ix.agencyPos, f.FunderID)
		rec := int32(-1)
		switch {
		case f.RecipientID != "":
			rec = lookupPos(ix.agencyPos, f.RecipientID)
		case p >= 0:
			rec = ix.progLead[p]
		}
		ix.fundRecipient[i] = rec
		ix.fundAreas[i] = resolveAll(ix.areaPos, f.AreaIDs)
		ix.fundSpan[i] = f.Period()
		if p >= 0 {
			ix.fundsByProg[p] = append(ix.fundsByProg[p], int32(i))
		}
		if fu := ix.fundFunder[i]; fu >= 0 {
			ix.fundsByFunder[fu] = append(ix.fundsByFunder[fu], int32(i))
		}
		// Money an agency puts into its own programme is not money it receives.
		if rec >= 0 && rec != ix.fundFunder[i] {
			ix.fundsByRecip[rec] = append(ix.fundsByRecip[rec], int32(i))
		}
	}
	w := &attribution{ix: ix, received: make(map[progAgency][]int32), covers: make([][]span, nf)}
	for i := range r.Fundings {
		if p, rec := ix.fundProg[i], ix.fundRecipient[i]; p >= 0 && rec >= 0 {
			k := progAgency{p, rec}
			w.received[k] = append(w.received[k], int32(i))
		}
	}
	ix.fundParent = make([]int32, nf)
	for i := range ix.fundParent {
		ix.fundParent[i] = w.findParentFunding(int32(i))
	}
	ix.fundRoot = make([]int32, nf)
	ix.fundBasis = make([]string, nf)
	ix.fundPeriod = make([]string, nf)
	basis := map[string]string{} // notes repeat; their regexps are the cost
	for i := range ix.fundRoot {
		ix.fundRoot[i] = w.fundingRoot(int32(i))
		notes := r.Fundings[i].Notes
		b, ok := basis[notes]
		if !ok {
			b = handlers.FundingBasis(notes)
			basis[notes] = b
		}
		ix.fundBasis[i] = b
		ix.fundPeriod[i] = r.Fundings[i].Period().UK()
	}

	ix.areaNames = newMatcher("area", "areas", len(r.Areas), func(i int) (string, string, []string) {
		a := &r.Areas[i]
		return a.ID, a.Name, a.Aliases
	})
	ix.cohortNames = newMatcher("cohort", "cohorts", len(r.Cohorts), func(i int) (string, string, []string) {
		c := &r.Cohorts[i]
		return c.ID, c.Name, c.Aliases
	})
	ix.agencyNames = newMatcher("agency", "agencies", len(r.Agencies), func(i int) (string, string, []string) {
		a := &r.Agencies[i]
		return a.ID, a.Name, a.Aliases
	})
	ix.progNames = newMatcher("programme", "programmes", len(r.Programmes), func(i int) (string, string, []string) {
		p := &r.Programmes[i]
		return p.ID, p.Name, p.Aliases
	})
	ix.mentions = newMentionIndex(ix)
	return ix
}

// attribution works out, while the index is built, whose money each funding
// is: what it keeps is needed only for that, and goes once the index is built.
type attribution struct {
	ix *Index
	// received lists, per programme and agency, the fundings of the
	// programme the agency receives, in register order: the candidates for
	// the money a funding of that agency passes on (findParentFunding).
	received map[progAgency][]int32
	// covers is each funding's areas as runs of the areas' depth-first
	// order, built for the fundings findParentFunding compares.
	covers [][]span
}

// findParentFunding returns the funding that funding f's money was passed on
// from: another funding of the same programme received by f's funder, for a
// period that overlaps f's (money cannot be passed on from a grant that had
// ended or not yet begun), when f takes the money on to someone else. Where
// several were received, the one whose areas contain f's is preferred, then
// register order. With none, f is its funder's money.
//
// Money that stays with its funder is the funder's own: a funding of kind
// match, and one whose recipient is its funder (the lead's own money, its
// recipient empty or the lead itself: register format v2). A funder
// funding itself is not a regrant either.
func (w *attribution) findParentFunding(f int32) int32 {
	ix := w.ix
	p, funder := ix.fundProg[f], ix.fundFunder[f]
	if p < 0 || funder < 0 || w.ownMoney(f) {
		return -1
	}
	best, bestScore := int32(-1), -1
	candidates := w.received[progAgency{p, funder}]
	if len(candidates) > maxRegrantCandidates {
		candidates = candidates[:maxRegrantCandidates]
	}
	for _, g := range candidates {
		if g == f || ix.fundRecipient[g] != funder || ix.fundFunder[g] == funder {
			continue
		}
		if !ix.reg.Fundings[g].Period().Overlaps(ix.reg.Fundings[f].Period()) {
			continue
		}
		score := 0
		if bestScore < 1 && w.areasContain(g, ix.fundAreas[f]) {
			score++
		}
		if score > bestScore {
			best, bestScore = g, score
		}
	}
	return best
}

// ownMoney reports whether funding f is its funder's own money, never passed
// on from another funder: its kind says match, or it goes to no one else
// (its recipient, or the lead when it names none, is the funder).
func (w *attribution) ownMoney(f int32) bool {
	ix := w.ix
	return ix.reg.Fundings[f].Kind == handlers.FundingMatch || ix.fundRecipient[f] == ix.fundFunder[f]
}

// maxRegrantCandidates bounds the fundings findParentFunding compares: where
// an agency received more fundings of one programme than this, the first in
// register order are the candidates. Without a bound a programme with tens
// of thousands of fundings through one agency would take quadratic time.
const maxRegrantCandidates = 32

// progAgency is a programme and an agency, by position.
type progAgency struct{ prog, agency int32 }

// span is a run [from, to) of positions in the areas' depth-first order: the
// subtree of one area, or several side by side.
type span struct{ from, to int32 }

// cover returns funding g's areas as sorted, disjoint runs of the depth-first
// order (subtrees nest or are apart, so a run inside another is dropped).
func (w *attribution) cover(g int32) []span {
	ix := w.ix
	if c := w.covers[g]; c != nil || len(ix.fundAreas[g]) == 0 {
		return c
	}
	runs := make([]span, 0, len(ix.fundAreas[g]))
	for _, a := range ix.fundAreas[g] {
		runs = append(runs, span{ix.areas.tin[a], ix.areas.tout[a]})
	}
	slices.SortFunc(runs, func(x, y span) int { return int(x.from - y.from) })
	out := runs[:1]
	for _, r := range runs[1:] {
		if r.from >= out[len(out)-1].to {
			out = append(out, r)
		}
	}
	w.covers[g] = out
	return out
}

// areasContain reports whether the areas of funding outer cover every one of
// inner (an empty outer covers everything). Each inner area is one binary
// search in outer's runs, so long lists cost |inner|·log|outer|.
func (w *attribution) areasContain(outer int32, inner []int32) bool {
	ix := w.ix
	if len(ix.fundAreas[outer]) == 0 {
		return true
	}
	runs := w.cover(outer)
	for _, in := range inner {
		at := ix.areas.tin[in]
		i, _ := slices.BinarySearchFunc(runs, at, func(r span, t int32) int { return int(r.from - t) })
		// runs[i] starts after at (or at it); the run that may hold at starts at or before it.
		if i < len(runs) && runs[i].from == at {
			continue
		}
		if i == 0 || at >= runs[i-1].to {
			return false
		}
	}
	return len(inner) > 0
}

// fundingRoot returns the funder the money of funding f started with.
func (w *attribution) fundingRoot(f int32) int32 {
	ix := w.ix
	root := ix.fundFunder[f]
	for g, n := ix.fundParent[f], 0; g >= 0 && n < 16; g, n = ix.fundParent[g], n+1 {
		root = ix.fundFunder[g]
	}
	return root
}

// fundingChain returns the funder the money of funding f started with and
// the agencies it passed through on the way (nearest the source first; the
// funder of f itself last). Without a regrant the chain is empty.
func (ix *Index) fundingChain(f int32) (root int32, via []int32) {
	root = ix.fundFunder[f]
	seen := 0
	for g := ix.fundParent[f]; g >= 0 && seen < 16; g = ix.fundParent[g] {
		via = append(via, ix.fundFunder[g])
		root = ix.fundFunder[g]
		seen++
	}
	if len(via) == 0 {
		return root, nil
	}
	// via holds the funders from f's parent upwards; what users need is the
	// list of agencies that passed the money on: f's funder and every funder
	// between it and the root, nearest the source first.
	chain := make([]int32, 0, len(via))
	for i := len(via) - 2; i >= 0; i-- {
		chain = append(chain, via[i])
	}
	chain = append(chain, ix.fundFunder[f])
	return root, chain
}

// invert returns, for each of n targets, the sources (positions in lists)
// whose list names it, in source order: programmes by area from areas by
// programme. The lists are slices of one array, counted first, rather than
// a million small slices grown one append at a time.
func invert(n int, lists [][]int32) [][]int32 {
	start := make([]int32, n+1)
	for _, l := range lists {
		for _, t := range l {
			start[t+1]++
		}
	}
	for i := 1; i <= n; i++ {
		start[i] += start[i-1]
	}
	flat := make([]int32, start[n])
	next := slices.Clone(start[:n])
	for src, l := range lists {
		for _, t := range l {
			flat[next[t]] = int32(src)
			next[t]++
		}
	}
	out := make([][]int32, n)
	for t := range out {
		if a, b := start[t], start[t+1]; a < b {
			out[t] = flat[a:b:b]
		}
	}
	return out
}

func positions(n int, id func(int) string) map[string]int32 {
	m := make(map[string]int32, n)
	for i := 0; i < n; i++ {
		if _, dup := m[id(i)]; !dup {
			m[id(i)] = int32(i)
		}
	}
	return m
}

func lookupPos(m map[string]int32, id string) int32 {
	if id == "" {
		return -1
	}
	if i, ok := m[id]; ok {
		return i
	}
	return -1
}

func resolveAll(m map[string]int32, ids []string) []int32 {
	out := make([]int32, 0, len(ids))
	var seen map[int32]bool // long lists only: a short one is searched
	if len(ids) > 16 {
		seen = make(map[int32]bool, len(ids))
	}
	for _, id := range ids {
		i := lookupPos(m, id)
		switch {
		case i < 0:
		case seen != nil:
			if !seen[i] {
				seen[i] = true
				out = append(out, i)
			}
		case !slices.Contains(out, i):
			out = append(out, i)
		}
	}
	return out
}

// maxTreeDepth bounds the depth the index keeps, so that its ancestor lists
// stay linear in the register's size even for a hierarchy the import would
// refuse (it allows 12 levels; one stored before that limit may be deeper).
const maxTreeDepth = 64

// newTree lays out n nodes given each node's parent (-1 for none). A node on
// a cycle, which a valid register never has, is made a root so that every
// node is reached exactly once; so is a node deeper than maxTreeDepth.
func newTree(n int, parentOf func(int) int32) tree {
	t := tree{
		parent:   make([]int32, n),
		children: make([][]int32, n),
		order:    make([]int32, 0, n),
		tin:      make([]int32, n),
		tout:     make([]int32, n),
		anc:      make([][]int32, n),
	}
	for i := 0; i < n; i++ {
		t.parent[i] = parentOf(i)
	}
	// Break cycles and over-deep chains: walk up from each node until a node
	// whose depth is known (or a root); meeting the walk's own path is a
	// cycle, broken at the link that closes it. Depths are then given down
	// the path, and a node that would be deeper than maxTreeDepth is made a
	// root. Every node is walked through once, so this is linear, and no
	// node has more than maxTreeDepth-1 ancestors.
	depth := make([]int32, n) // 0: not yet known
	onPath := make([]bool, n)
	var path []int32
	for i := 0; i < n; i++ {
		path = path[:0]
		top := int32(0)
		for x := int32(i); x >= 0; x = t.parent[x] {
			if depth[x] > 0 {
				top = depth[x]
				break
			}
			if onPath[x] {
				t.parent[path[len(path)-1]] = -1 // x's chain leads back to x
				break
			}
			onPath[x] = true
			path = append(path, x)
		}
		for j := len(path) - 1; j >= 0; j-- {
			x := path[j]
			onPath[x] = false
			if top++; top > maxTreeDepth {
				t.parent[x], top = -1, 1
			}
			depth[x] = top
		}
	}
	for i := 0; i < n; i++ {
		if p := t.parent[i]; p >= 0 {
			t.children[p] = append(t.children[p], int32(i))
		}
	}
	visited := make([]bool, n)
	type frame struct{ node, next int32 }
	var stack []frame
	for root := 0; root < n; root++ {
		if t.parent[root] >= 0 || visited[root] {
			continue
		}
		stack = append(stack[:0], frame{int32(root), 0})
		visited[root] = true
		t.tin[root] = int32(len(t.order))
		t.order = append(t.order, int32(root))
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			kids := t.children[top.node]
			if int(top.next) < len(kids) {
				c := kids[top.next]
				top.next++
				if visited[c] {
					continue
				}
				visited[c] = true
				t.tin[c] = int32(len(t.order))
				t.order = append(t.order, c)
				stack = append(stack, frame{c, 0})
				continue
			}
			t.tout[top.node] = int32(len(t.order))
			stack = stack[:len(stack)-1]
		}
	}
	// Ancestors, nearest first: a node's list is its parent then the parent's
	// list. Parents come first in the depth-first order, and every list is a
	// slice of one array, as long as the depths added up (at most 11 a node
	// in a register the import accepted, whose hierarchies are 12 deep).
	total := 0
	for _, d := range depth {
		total += int(d) - 1
	}
	flat := make([]int32, 0, total)
	for _, x := range t.order {
		p := t.parent[x]
		if p < 0 {
			continue
		}
		start := len(flat)
		flat = append(flat, p)
		flat = append(flat, t.anc[p]...)
		t.anc[x] = flat[start:len(flat):len(flat)]
	}
	return t
}

// liveOn reports whether programme p is live on date on (Programme.LiveOn).
func (ix *Index) liveOn(p int32, on handlers.Date) bool {
	return ix.progActive[p] && ix.progSpan[p].Contains(on)
}

// within reports whether a is b or inside b.
func (t *tree) within(a, b int32) bool {
	return t.tin[b] <= t.tin[a] && t.tin[a] < t.tout[b]
}

// related reports whether one of a and b is within the other.
func (t *tree) related(a, b int32) bool { return t.within(a, b) || t.within(b, a) }

// relatedToAny reports whether any of xs is related to c.
func (t *tree) relatedToAny(xs []int32, c int32) bool {
	for _, x := range xs {
		if t.related(x, c) {
			return true
		}
	}
	return false
}

// descendants returns the nodes strictly inside a, in depth-first order.
func (t *tree) descendants(a int32) []int32 { return t.order[t.tin[a]+1 : t.tout[a]] }

// subtree returns a and the nodes inside it.
func (t *tree) subtree(a int32) []int32 { return t.order[t.tin[a]:t.tout[a]] }

// Register returns the indexed register. It is shared: do not change it.
func (ix *Index) Register() *handlers.Register { return &ix.reg }

// Area returns the area with this id, or nil.
func (ix *Index) Area(id string) *handlers.Area {
	if i := lookupPos(ix.areaPos, id); i >= 0 {
		return &ix.reg.Areas[i]
	}
	return nil
}

// Cohort returns the cohort with this id, or nil.
func (ix *Index) Cohort(id string) *handlers.Cohort {
	if i := lookupPos(ix.cohortPos, id); i >= 0 {
		return &ix.reg.Cohorts[i]
	}
	return nil
}

// Agency returns the agency with this id, or nil.
func (ix *Index) Agency(id string) *handlers.Agency {
	if i := lookupPos(ix.agencyPos, id); i >= 0 {
		return &ix.reg.Agencies[i]
	}
	return nil
}

// Programme returns the programme with this id, or nil.
func (ix *Index) Programme(id string) *handlers.Programme {
	if i := lookupPos(ix.progPos, id); i >= 0 {
		return &ix.reg.Programmes[i]
	}
	return nil
}

// rows returns the rows of all at positions pos.
func rows[T any](all []T, pos []int32) []*T {
	out := make([]*T, len(pos))
	for i, p := range pos {
		out[i] = &all[p]
	}
	return out
}

// programmesAround lists programme positions whose areas are related to a,
// in register order.
func (ix *Index) programmesAround(a int32) []int32 {
	seen := make([]bool, len(ix.reg.Programmes))
	var out []int32
	add := func(area int32) {
		for _, p := range ix.progsByArea[area] {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	for _, x := range ix.areas.anc[a] {
		add(x)
	}
	for _, x := range ix.areas.subtree(a) {
		add(x)
	}
	slices.Sort(out)
	return out
}
