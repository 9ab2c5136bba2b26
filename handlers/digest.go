package handlers

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// The weekly digest: in 30 seconds of reading, what overlaps, what is
// missing, what ends soon, which actions are due, and what changed since the
// last digest posted. Numbers come first; detail follows in the thread.
//
// The digest describes the ISO week (Monday to Sunday) containing the date
// asked: overlaps are those live on a common day of that week, programmes
// "running" are those live on at least one of its days. Gaps are counted on
// the date asked, cliff edges from it, and actions are overdue when due
// before it and due soon when due from it to six days after (seven days).
//
// What changed is worked out against a snapshot of the previous digest
// posted (DigestSnapshot): overlap keys, running programmes, a fingerprint
// of each funding and the open actions. With no previous digest everything
// counts as new: every overlap is marked new and the changes say so rather
// than list every programme as started.

// WeekOf returns the Monday of the ISO week containing d.
func WeekOf(d Date) Date { return d.AddDays(-((int(d.Weekday()) + 6) % 7)) }

// DigestSnapshot is what the next digest compares against. It is stored
// with each digest posted (as JSON), so its fields are plain values in a
// canonical order: the same register and actions give the same snapshot.
type DigestSnapshot struct {
	// Week is the Monday of the week the digest described.
	Week Date `json:"week"`
	// Overlaps are the keys of every overlap (local and national), sorted.
	Overlaps []string `json:"overlaps"`
	// Live are the ids of the programmes running in the week, sorted.
	Live []string `json:"live"`
	// Fundings maps each funding id to a fingerprint of its programme,
	// funder, recipient, amount, period and areas.
	Fundings map[string]string `json:"fundings"`
	// OpenActions are the numbers of the actions open at the time, sorted.
	OpenActions []int64 `json:"open_actions"`
}

// DigestInput is what a digest is built from besides the register.
type DigestInput struct {
	// Week is the Monday of the ISO week containing On (WeekOf(On) when zero).
	Week Date
	// On is the date asked; the digest describes the week containing it.
	On Date
	// CliffDays is the cliff-edge window in days (90 when not positive).
	CliffDays int
	// Actions are the open actions plus those closed since the previous
	// digest (the caller queries the store).
	Actions []Action
	// Previous is the snapshot of the previous digest posted; nil when none
	// was, so that everything counts as new.
	Previous *DigestSnapshot
	// PreviousAt is when the previous digest was posted (zero if none):
	// actions closed after it count as closed since last week.
	PreviousAt time.Time
}

// Digest is one week's digest, ready to render as Slack messages or plain text.
type Digest struct {
	// Headline is the digest in one line of counts, for notifications and the App Home.
	Headline  string
	Week, On  Date
	CliffDays int
	// First is true when no digest was posted before.
	First bool
	// Empty is true when the register has no programmes.
	Empty bool
	// Since is the week of the previous digest (zero when First).
	Since   Date
	Counts  DigestCounts
	Changes DigestChanges

	ix      *Index
	ow      *overlapWork
	fresh   []bool        // per entry of ow: new since the previous digest
	groups  []entryGroupW // local groups, new ones first
	gaps    *GapReport
	cliffs  []CliffEdge
	overdue []actionGroup
	dueSoon []actionGroup
}

// DigestCounts are the numbers at the top of the digest.
type DigestCounts struct {
	// Overlaps and NewOverlaps count overlaps between local programmes;
	// NationalOverlaps those with or between national programmes.
	Overlaps, NewOverlaps, NationalOverlaps int
	// Gaps counts council–cohort gaps, GapCohorts the cohorts with any, of
	// Cohorts cohorts in Councils councils.
	Gaps, GapCohorts, Cohorts, Councils int
	// CliffProgrammes and CliffFundings count what ends within CliffDays;
	// NoSuccessor and NothingAfter those flagged.
	CliffProgrammes, CliffFundings, NoSuccessor, NothingAfter int
	// Overdue and DueSoon count open actions overdue and due in the next 7 days.
	Overdue, DueSoon int
	// Running counts the programmes running in the week.
	Running int
}

// DigestChanges is what changed since the previous digest.
type DigestChanges struct {
	// NewOverlaps and ResolvedOverlaps count all overlaps, local and national.
	NewOverlaps, ResolvedOverlaps int
	// Started and Ended are the programmes that started or stopped running,
	// by name (a programme no longer in the register shows its id).
	Started, Ended []string
	// FundingsAdded and FundingsChanged are in register order;
	// FundingsRemoved counts those no longer recorded.
	FundingsAdded, FundingsChanged []*Funding
	FundingsRemoved                int
	// Opened and Closed are the actions opened (or reopened) and done
	// since; they point into DigestInput.Actions.
	Opened, Closed []*Action
}

// actionGroup is the actions of one agency in one list of the digest.
type actionGroup struct {
	name    string // "" for no agency named
	actions []*Action
}

// Caps of the digest's thread.
const (
	maxDigestBlocks   = 45 // per message, under Slack's 50
	maxDigestGroups   = 10 // overlap groups in full
	maxDigestLines    = 20 // overlap groups in one line each
	maxDigestActions  = 5  // actions listed under one agency
	maxDigestAgencies = 8  // agencies listed in one list
	maxDigestTop      = 3  // items on the summary
	maxChangeNames    = 4  // names listed in one change line
	digestDueSoonDays = 6  // due from On to On+6: the next 7 days
	noAgencyName      = "No agency named"
)

// BuildDigest works out the digest for the week containing in.On and the
// snapshot the next digest compares against.
func (ix *Index) BuildDigest(in DigestInput) (*Digest, DigestSnapshot) {
	week := in.Week
	if week.IsZero() {
		week = WeekOf(in.On)
	}
	days := in.CliffDays
	if days <= 0 {
		days = defaultCliffDays
	}
	d := &Digest{Week: week, On: in.On, CliffDays: days, First: in.Previous == nil, ix: ix,
		Empty: len(ix.reg.Programmes) == 0}
	if in.Previous != nil {
		d.Since = in.Previous.Week
	}
	period := Period{Start: week, End: week.AddDays(6)}
	snap := DigestSnapshot{Week: week}

	d.ow = ix.findOverlaps(period, -1, -1)
	keys := make([]int32, len(d.ow.entries))
	for i := range keys {
		keys[i] = int32(i)
	}
	slices.SortFunc(keys, func(a, b int32) int { return strings.Compare(d.ow.entries[a].key, d.ow.entries[b].key) })
	snap.Overlaps = make([]string, len(keys))
	for i, k := range keys {
		snap.Overlaps[i] = d.ow.entries[k].key
	}
	d.fresh = make([]bool, len(d.ow.entries))
	var prevKeys []string
	if in.Previous != nil {
		prevKeys = sortedCopy(in.Previous.Overlaps)
	}
	// Both key lists are sorted: one merge finds the new and the resolved.
	i, j := 0, 0
	for i < len(keys) || j < len(prevKeys) {
		switch {
		case j == len(prevKeys) || (i < len(keys) && snap.Overlaps[i] < prevKeys[j]):
			d.fresh[keys[i]] = true
			d.Changes.NewOverlaps++
			i++
		case i == len(keys) || prevKeys[j] < snap.Overlaps[i]:
			d.Changes.ResolvedOverlaps++
			j++
		default:
			i++
			j++
		}
	}
	for k := range d.ow.entries {
		if d.ow.entries[k].localRank == 0 {
			d.Counts.Overlaps++
			if d.fresh[k] {
				d.Counts.NewOverlaps++
			}
		} else {
			d.Counts.NationalOverlaps++
		}
	}
	d.groups = groupEntries(d.ow)
	for gi := range d.groups {
		for _, e := range d.groups[gi].entries {
			d.groups[gi].fresh = d.groups[gi].fresh || d.fresh[e]
		}
	}
	slices.SortStableFunc(d.groups, func(a, b entryGroupW) int { return boolOrder(a.fresh, b.fresh) })

	ix.digestProgrammes(d, in, period, &snap)
	ix.digestFundings(d, in, &snap)

	if !d.Empty {
		d.gaps = ix.gapReport(ix.findGaps(in.On, -1, -1))
		d.Counts.Gaps, d.Counts.GapCohorts = len(d.gaps.Gaps), len(d.gaps.ByCohort)
		d.Counts.Cohorts, d.Counts.Councils = len(d.gaps.Cohorts), len(d.gaps.Councils)
		d.cliffs = ix.cliffEdges(in.On, days, -1)
		s := summariseCliffs(d.cliffs)
		d.Counts.CliffProgrammes, d.Counts.CliffFundings = s.programmes, s.fundings
		d.Counts.NoSuccessor, d.Counts.NothingAfter = s.programmesFlagged, s.fundsFlagged
	}
	ix.digestActions(d, in, &snap)
	d.Headline = d.headline()
	return d, snap
}

func sortedCopy(s []string) []string {
	if slices.IsSorted(s) {
		return s
	}
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

// digestProgrammes works out the programmes running in the week and which
// started or stopped running since the previous digest.
func (ix *Index) digestProgrammes(d *Digest, in DigestInput, period Period, snap *DigestSnapshot) {
	for p := range ix.reg.Programmes {
		if ix.progActive[p] && ix.progSpan[p].Overlaps(period) {
			snap.Live = append(snap.Live, ix.reg.Programmes[p].ID)
		}
	}
	slices.Sort(snap.Live)
	d.Counts.Running = len(snap.Live)
	if in.Previous == nil {
		return
	}
	prev := sortedCopy(in.Previous.Live)
	name := func(id string) string {
		if p := ix.Programme(id); p != nil {
			return clipName(p.Name)
		}
		return id
	}
	i, j := 0, 0
	for i < len(snap.Live) || j < len(prev) {
		switch {
		case j == len(prev) || (i < len(snap.Live) && snap.Live[i] < prev[j]):
			d.Changes.Started = append(d.Changes.Started, name(snap.Live[i]))
			i++
		case i == len(snap.Live) || prev[j] < snap.Live[i]:
			d.Changes.Ended = append(d.Changes.Ended, name(prev[j]))
			j++
		default:
			i++
			j++
		}
	}
	slices.SortFunc(d.Changes.Started, compareFold)
	slices.SortFunc(d.Changes.Ended, compareFold)
}

func compareFold(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }

// fundingFingerprint is what makes a funding the same from week to week.
func fundingFingerprint(f *Funding) string {
	var b strings.Builder
	b.Grow(64)
	b.WriteString(f.ProgrammeID)
	b.WriteByte('|')
	b.WriteString(f.FunderID)
	b.WriteByte('|')
	b.WriteString(f.RecipientID)
	b.WriteByte('|')
	if f.AmountPence != nil {
		b.WriteString(strconv.FormatInt(*f.AmountPence, 10))
	}
	b.WriteByte('|')
	b.WriteString(f.Start.String())
	b.WriteByte('|')
	b.WriteString(f.End.String())
	b.WriteByte('|')
	areas := slices.Clone(f.AreaIDs)
	slices.Sort(areas)
	b.WriteString(strings.Join(areas, ";"))
	return b.String()
}

// digestFundings fingerprints every funding and finds those added, changed
// and removed since the previous digest.
func (ix *Index) digestFundings(d *Digest, in DigestInput, snap *DigestSnapshot) {
	snap.Fundings = make(map[string]string, len(ix.reg.Fundings))
	for i := range ix.reg.Fundings {
		f := &ix.reg.Fundings[i]
		fp := fundingFingerprint(f)
		snap.Fundings[f.ID] = fp
		if in.Previous == nil {
			continue
		}
		switch old, ok := in.Previous.Fundings[f.ID]; {
		case !ok:
			d.Changes.FundingsAdded = append(d.Changes.FundingsAdded, f)
		case old != fp:
			d.Changes.FundingsChanged = append(d.Changes.FundingsChanged, f)
		}
	}
	if in.Previous != nil {
		for id := range in.Previous.Fundings {
			if _, ok := snap.Fundings[id]; !ok {
				d.Changes.FundingsRemoved++
			}
		}
	}
}

// digestActions lists the actions overdue and due soon by agency, and
// those opened and closed since the previous digest.
func (ix *Index) digestActions(d *Digest, in DigestInput, snap *DigestSnapshot) {
	var prevOpen []int64
	if in.Previous != nil {
		prevOpen = in.Previous.OpenActions
		if !slices.IsSorted(prevOpen) {
			prevOpen = slices.Clone(prevOpen)
			slices.Sort(prevOpen)
		}
	}
	wasOpen := func(id int64) bool {
		_, ok := slices.BinarySearch(prevOpen, id)
		return ok
	}
	soon := in.On.AddDays(digestDueSoonDays)
	var overdue, dueSoon []*Action
	for i := range in.Actions {
		a := &in.Actions[i]
		switch {
		case a.Open():
			snap.OpenActions = append(snap.OpenActions, a.ID)
			switch {
			case in.Previous != nil && !wasOpen(a.ID):
				d.Changes.Opened = append(d.Changes.Opened, a)
			case in.Previous == nil && (in.PreviousAt.IsZero() || a.CreatedAt.After(in.PreviousAt)):
				d.Changes.Opened = append(d.Changes.Opened, a)
			}
			switch {
			case a.Due.IsZero():
			case a.Due < in.On:
				overdue = append(overdue, a)
			case a.Due <= soon:
				dueSoon = append(dueSoon, a)
			}
		case a.Status == ActionDone:
			if wasOpen(a.ID) || (!a.ClosedAt.IsZero() && !a.ClosedAt.Before(in.PreviousAt)) {
				d.Changes.Closed = append(d.Changes.Closed, a)
			}
		}
	}
	slices.Sort(snap.OpenActions)
	d.Counts.Overdue, d.Counts.DueSoon = len(overdue), len(dueSoon)
	d.overdue = ix.groupActionsByAgency(overdue)
	d.dueSoon = ix.groupActionsByAgency(dueSoon)
}

// groupActionsByAgency groups actions under each agency they are tagged
// with (an action tagged with two agencies appears under both), untagged
// ones under "No agency named"; most actions first, then by name, the
// untagged last. Each group is in due-date order, then by number.
func (ix *Index) groupActionsByAgency(list []*Action) []actionGroup {
	slices.SortFunc(list, func(a, b *Action) int {
		if a.Due != b.Due {
			return int(a.Due - b.Due)
		}
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
	at := map[string]int{}
	var groups []actionGroup
	add := func(name string, a *Action) {
		gi, ok := at[name]
		if !ok {
			gi = len(groups)
			at[name] = gi
			groups = append(groups, actionGroup{name: name})
		}
		groups[gi].actions = append(groups[gi].actions, a)
	}
	for _, a := range list {
		tagged := false
		for _, t := range a.Tags {
			if t.Kind != TagAgency {
				continue
			}
			tagged = true
			add(ix.TagName(t), a)
		}
		if !tagged {
			add("", a)
		}
	}
	slices.SortStableFunc(groups, func(a, b actionGroup) int {
		if (a.name == "") != (b.name == "") {
			return boolOrder(b.name == "", a.name == "")
		}
		if len(a.actions) != len(b.actions) {
			return len(b.actions) - len(a.actions)
		}
		return compareFold(a.name, b.name)
	})
	return groups
}

// headline writes the digest in one line of counts.
func (d *Digest) headline() string {
	c := d.Counts
	var parts []string
	if d.Empty {
		parts = append(parts, "Register empty")
	} else {
		ov := ncountOrNo(c.Overlaps, "overlap", "overlaps")
		if c.Overlaps > 0 {
			ov += " (" + newWords(c.NewOverlaps) + ")"
		}
		parts = append(parts, ov, ncountOrNo(c.Gaps, "gap", "gaps"),
			ncountOrNo(c.CliffProgrammes+c.CliffFundings, "cliff edge", "cliff edges")+" in "+strconv.Itoa(d.CliffDays)+" days")
	}
	parts = append(parts, ncountOrNo(c.Overdue, "action overdue", "actions overdue"))
	return strings.Join(parts, " · ")
}

// Title is the digest's title: "Weekly digest · week of 12 Jan 2026".
func (d *Digest) Title() string { return "Weekly digest · week of " + d.Week.UK() }

// Messages returns the digest as Slack messages: the first is the summary
// (the counts, what changed and the top items); the rest go in its thread.
// Every message is within Slack's limits and is shared with the channel.
func (d *Digest) Messages() []Reply {
	out := []Reply{{
		Text:       d.Title() + ": " + d.Headline,
		Blocks:     d.summaryBlocks("More in the thread. "),
		Visibility: Channel,
	}}
	for _, part := range d.threadParts() {
		out = append(out, splitMessages(part.title, part.text, part.blocks)...)
	}
	return out
}

// Preview is the private answer to `digest`: the summary message as it
// would be posted, saying how many messages would follow in its thread.
func (d *Digest) Preview() Reply {
	blocks := d.summaryBlocks("")
	// The summary ends with the footer; the note goes before it.
	thread := 0
	for _, part := range d.threadParts() {
		thread += len(splitMessages(part.title, part.text, part.blocks))
	}
	note := Context{Items: []Rich{Line("Preview of this week's digest: when posted, " +
		nplural(thread, "more message follows", "more messages follow") + " in its thread.")}}
	blocks = append(blocks[:len(blocks)-1], note, blocks[len(blocks)-1])
	return Reply{Text: "Preview · " + d.Title() + ": " + d.Headline, Blocks: blocks, Visibility: Private}
}

// Plain returns the whole digest as plain text: the summary, then the detail.
func (d *Digest) Plain() string {
	blocks := d.summaryBlocks("Details below. ")
	for _, part := range d.threadParts() {
		blocks = append(blocks, Divider{}, Header{Text: part.title})
		blocks = append(blocks, part.blocks...)
	}
	return RenderPlain(Reply{Text: d.Headline, Blocks: blocks})
}

// digestPart is one topic of the thread.
type digestPart struct {
	title, text string
	blocks      []Block
}

// splitMessages puts a topic's blocks into as few messages as fit, each
// with its title (marked as continued after the first).
func splitMessages(title, text string, blocks []Block) []Reply {
	var out []Reply
	for first := true; first || len(blocks) > 0; first = false {
		head := title
		if !first {
			head = title + " (continued)"
		}
		n := min(len(blocks), maxDigestBlocks-1)
		msg := append([]Block{Header{Text: clipText(head, 150)}}, blocks[:n]...)
		blocks = blocks[n:]
		t := text
		if !first {
			t = head
		}
		out = append(out, Reply{Text: t, Blocks: msg, Visibility: Channel})
	}
	return out
}

// summaryBlocks is the first message: the numbers, what changed, and the
// top few of each list.
func (d *Digest) summaryBlocks(more string) []Block {
	ix, c := d.ix, d.Counts
	blocks := []Block{Header{Text: clipText(d.Title(), 150)}}
	var nums []Rich
	if d.Empty {
		nums = append(nums, R(B("The register is empty"), T(": no programmes are recorded, so there are no overlaps, gaps or cliff edges to report. Import a register to see them.")))
	} else {
		ov := R(B(capitalise(ncountOrNo(c.Overlaps, "overlap", "overlaps"))), T(" between local programmes"))
		if c.Overlaps > 0 {
			ov = append(ov, T(", "+newWords(c.NewOverlaps)))
		}
		if c.NationalOverlaps > 0 {
			ov = append(ov, T("; "+nplural(c.NationalOverlaps, "more involves", "more involve")+" national programmes"))
		}
		nums = append(nums, ov)
		gap := R(B(capitalise(ncountOrNo(c.Gaps, "gap", "gaps"))))
		switch {
		case c.Councils == 0 || c.Cohorts == 0:
			gap = append(gap, T(": no councils or cohorts to count"))
		case c.Gaps > 0:
			gap = append(gap, T(": "+num(c.GapCohorts)+" of "+nplural(c.Cohorts, "cohort", "cohorts")+
				" have nothing live in at least one of "+nplural(c.Councils, "council", "councils")))
		default:
			gap = append(gap, T(": every cohort has something live in every council"))
		}
		nums = append(nums, gap)
		cl := R(B(capitalise(ncountOrNo(c.CliffProgrammes+c.CliffFundings, "cliff edge", "cliff edges"))),
			T(" by "+d.On.AddDays(d.CliffDays).UK()+": "+ncountOrNo(c.CliffProgrammes, "programme", "programmes")))
		if c.CliffProgrammes > 0 {
			cl = append(cl, T(" ("+flaggedWords(c.NoSuccessor, c.CliffProgrammes, "without a successor")+")"))
		}
		cl = append(cl, T(" and "+ncountOrNo(c.CliffFundings, "funding", "fundings")))
		if c.CliffFundings > 0 {
			cl = append(cl, T(" ("+flaggedWords(c.NothingAfter, c.CliffFundings, "with nothing after")+")"))
		}
		nums = append(nums, cl)
	}
	nums = append(nums, R(B(capitalise(ncountOrNo(c.Overdue, "action overdue", "actions overdue"))),
		T(", "+ncountOrNo(c.DueSoon, "action", "actions")+" due by "+d.On.AddDays(digestDueSoonDays).UK())))
	blocks = append(blocks, Section{Lines: nums})
	blocks = append(blocks, packLines(d.changeLines())...)

	var top []Rich
	if len(d.groups) > 0 {
		top = append(top, R(B("Top overlaps")))
		for _, g := range d.groups[:min(len(d.groups), maxDigestTop)] {
			line := ix.overlapOneLine(d.ow, &g)
			if g.fresh && !d.First {
				line = append(line, T(" · "), B("new"))
			}
			top = append(top, line)
		}
	}
	if d.gaps != nil && len(d.gaps.ByCohort) > 0 {
		top = append(top, R(B("Widest gaps")))
		for _, g := range d.gaps.ByCohort[:min(len(d.gaps.ByCohort), maxDigestTop)] {
			top = append(top, gapCohortLine(d.gaps, g))
		}
	}
	if lines := d.topCliffLines(); len(lines) > 0 {
		top = append(top, R(B("Ending soonest")))
		top = append(top, lines...)
	}
	if len(d.overdue) > 0 {
		top = append(top, R(B("Overdue by agency"), T(": "+groupCounts(d.overdue))))
	}
	blocks = append(blocks, packLines(top)...)
	blocks = append(blocks, Context{Items: []Rich{footerRich(more)}})
	return blocks
}

// footerRich points to the commands for more.
func footerRich(lead string) Rich {
	return R(T(lead+"More: "), C("overlaps"), T(" · "), C("gaps"), T(" · "), C("ending"), T(" · "), C("actions overdue"))
}

// groupCounts writes "DWP 3, GMCA 1 and No agency named 2".
func groupCounts(groups []actionGroup) string {
	var parts []string
	for _, g := range groups {
		name := g.name
		if name == "" {
			name = noAgencyName
		}
		parts = append(parts, clipName(name)+" "+strconv.Itoa(len(g.actions)))
	}
	return joinNames(parts, maxDigestAgencies)
}

// topCliffLines are the first cliff edges to show on the summary: those
// flagged first, then programmes, then money, each in date order. Money
// that stops with its programme is left to the programme's line.
func (d *Digest) topCliffLines() []Rich {
	pass := func(e CliffEdge) int {
		switch {
		case e.Funding != nil && endsWithProgramme(e):
			return -1
		case e.NoSuccessor:
			return 0
		case e.Funding == nil:
			return 1
		}
		return 2
	}
	var picked []CliffEdge
	for p := 0; p < 3 && len(picked) < maxDigestTop; p++ {
		for _, e := range d.cliffs {
			if len(picked) == maxDigestTop {
				break
			}
			if pass(e) == p {
				picked = append(picked, e)
			}
		}
	}
	slices.SortStableFunc(picked, func(a, b CliffEdge) int { return int(a.End - b.End) })
	var lines []Rich
	for _, e := range picked {
		if e.Funding == nil {
			lines = append(lines, cliffProgrammeShort(e))
		} else {
			lines = append(lines, d.ix.cliffFundingLine(e, d.On))
		}
	}
	return lines
}

// cliffProgrammeShort is a programme ending, in a few words for the summary.
func cliffProgrammeShort(e CliffEdge) Rich {
	line := R(T("• "), B(shortProgramme(e.Programme)), T(" · ends "+e.End.UK()+" ("+daysWords(e.Days)+")"))
	if e.NoSuccessor {
		return append(line, T(" · "), B("no successor"))
	}
	return append(line, T(" · "+nplural(e.SuccessorCount, "programme runs on after it", "programmes run on after it")))
}

// changeLines say what changed since the previous digest.
func (d *Digest) changeLines() []Rich {
	c := d.Changes
	if d.First {
		return []Rich{R(B("First digest"), T(": no digest was posted before, so everything counts as new: "+
			ncountOrNo(d.Counts.Overlaps+d.Counts.NationalOverlaps, "overlap", "overlaps")+", "+
			ncountOrNo(d.Counts.Running, "programme running", "programmes running")+", "+
			ncountOrNo(len(d.ix.reg.Fundings), "funding recorded", "fundings recorded")+" and "+
			ncountOrNo(len(c.Opened), "open action", "open actions")+"."))}
	}
	lines := []Rich{R(B("What changed since the digest for the week of " + d.Since.UK()))}
	n := len(lines)
	if c.NewOverlaps+c.ResolvedOverlaps > 0 {
		lines = append(lines, Line("• Overlaps: "+newWords(c.NewOverlaps)+" ("+
			ncountOrNo(d.Counts.NewOverlaps, "between local programmes", "between local programmes")+"), "+
			ncountOrNo(c.ResolvedOverlaps, "resolved", "resolved")))
	}
	if len(c.Started) > 0 {
		lines = append(lines, Line("• Started: "+joinNames(c.Started, maxChangeNames)))
	}
	if len(c.Ended) > 0 {
		lines = append(lines, Line("• Stopped running: "+joinNames(c.Ended, maxChangeNames)))
	}
	if len(c.FundingsAdded)+len(c.FundingsChanged)+c.FundingsRemoved > 0 {
		var parts []string
		if len(c.FundingsAdded) > 0 {
			parts = append(parts, nplural(len(c.FundingsAdded), "added", "added")+" ("+d.fundingNames(c.FundingsAdded)+")")
		}
		if len(c.FundingsChanged) > 0 {
			parts = append(parts, nplural(len(c.FundingsChanged), "changed", "changed")+" ("+d.fundingNames(c.FundingsChanged)+")")
		}
		if c.FundingsRemoved > 0 {
			parts = append(parts, nplural(c.FundingsRemoved, "removed", "removed"))
		}
		lines = append(lines, Line("• Fundings: "+strings.Join(parts, "; ")))
	}
	if len(c.Opened)+len(c.Closed) > 0 {
		lines = append(lines, Line("• Actions: "+actionChangeWords(len(c.Opened), "opened", c.Opened)+", "+actionChangeWords(len(c.Closed), "closed", c.Closed)))
	}
	if len(lines) == n {
		lines = append(lines, Line("• Nothing: the same overlaps, programmes, fundings and open actions as last time."))
	}
	return lines
}

// newWords writes how many are new: "none new", "3 new".
func newWords(n int) string {
	if n == 0 {
		return "none new"
	}
	return num(n) + " new"
}

// actionChangeWords writes "2 opened (#4, #5)", naming the first few.
func actionChangeWords(n int, verb string, list []*Action) string {
	if n == 0 {
		return "none " + verb
	}
	var refs []string
	for _, a := range list[:min(len(list), maxChangeNames+1)] {
		refs = append(refs, "#"+strconv.FormatInt(a.ID, 10))
	}
	s := num(n) + " " + verb + " (" + strings.Join(refs[:min(len(refs), maxChangeNames)], ", ")
	if n > maxChangeNames {
		s += " and " + num(n-maxChangeNames) + " more"
	}
	return s + ")"
}

// fundingNames names the first few fundings by amount and programme.
func (d *Digest) fundingNames(fs []*Funding) string {
	var names []string
	for _, f := range fs[:min(len(fs), maxChangeNames+1)] {
		amount := "amount not disclosed"
		if f.AmountPence != nil {
			amount = Money(*f.AmountPence)
		}
		prog := f.ProgrammeID
		if p := d.ix.Programme(f.ProgrammeID); p != nil {
			prog = clipText(p.Name, 60)
		}
		names = append(names, amount+" for "+prog)
	}
	if len(fs) > maxChangeNames {
		return strings.Join(names[:maxChangeNames], ", ") + " and " + strconv.Itoa(len(fs)-maxChangeNames) + " more"
	}
	return joinNames(names, maxChangeNames)
}

// threadParts are the topics of the thread: overlaps, gaps, cliff edges, actions.
func (d *Digest) threadParts() []digestPart {
	var parts []digestPart
	if !d.Empty {
		parts = append(parts, d.overlapPart(), d.gapPart(), d.cliffPart())
	}
	parts = append(parts, d.actionPart())
	last := &parts[len(parts)-1]
	last.blocks = append(last.blocks, Context{Items: []Rich{footerRich("")}})
	return parts
}

func (d *Digest) overlapPart() digestPart {
	ix, c := d.ix, d.Counts
	title := "Overlaps · week of " + d.Week.UK()
	summary := ncountOrNo(c.Overlaps, "overlap", "overlaps") + " between local programmes this week"
	if c.Overlaps > 0 {
		summary += " (" + newWords(c.NewOverlaps) + "), in " + nplural(len(d.groups), "group", "groups") + " by place and cohort"
	}
	summary = capitalise(summary) + "."
	blocks := []Block{Section{Lines: []Rich{Line(summary)}}}
	budget := maxDigestBlocks*2 - 8 // the overlaps may take two messages
	shown := 0
	for gi := range d.groups {
		g := &d.groups[gi]
		if shown == maxDigestGroups || (!g.fresh && !d.First) {
			break
		}
		chunk := packLines(ix.overlapGroupLines(d.ow, g, !d.First))
		if len(blocks)+len(chunk) > budget {
			break
		}
		blocks = append(blocks, chunk...)
		shown++
	}
	if rest := d.groups[shown:]; len(rest) > 0 {
		label := "Continuing"
		if d.First || rest[0].fresh {
			label = "More"
		}
		lines := []Rich{R(B(label), T(" ("+nplural(len(rest), "group", "groups")+")"))}
		for i := range rest {
			if i == maxDigestLines {
				lines = append(lines, R(T("…and "+nplural(len(rest)-i, "more group", "more groups")+": see "), C("overlaps in <area>"), T(".")))
				break
			}
			lines = append(lines, ix.overlapOneLine(d.ow, &rest[i]))
		}
		blocks = append(blocks, packLines(lines)...)
	}
	if lines := ix.nationalLines(d.ow, maxNationalPlaces); len(lines) > 0 {
		blocks = append(blocks, packLines(lines)...)
	}
	return digestPart{title: title, text: title + ": " + summary, blocks: blocks}
}

func (d *Digest) gapPart() digestPart {
	title := "Gaps on " + d.On.UK()
	summary := gapSummary(d.gaps, "")
	blocks := []Block{Section{Lines: []Rich{Line(summary)}}}
	if len(d.gaps.Gaps) > 0 {
		blocks = append(blocks, packLines(gapCohortLines(d.gaps, maxGapCohorts))...)
		blocks = append(blocks, packLines(gapAuthorityLines(d.gaps, maxGapAuthorities))...)
		blocks = append(blocks, Context{Items: []Rich{R(T("Councils at the lowest tier; a programme for a broader cohort or a wider area counts · detail: "), C("gaps in <area> for <cohort>"))}})
	}
	return digestPart{title: title, text: title + ": " + summary, blocks: blocks}
}

func (d *Digest) cliffPart() digestPart {
	title := "Ending by " + d.On.AddDays(d.CliffDays).UK()
	summary := cliffSummaryWords(d.cliffs, d.On, d.CliffDays, "")
	blocks := []Block{Section{Lines: []Rich{Line(summary)}}}
	blocks = append(blocks, packLines(d.ix.cliffProgrammeLines(d.cliffs, d.On, maxCliffProgrammes))...)
	blocks = append(blocks, packLines(d.ix.cliffFundingLines(d.cliffs, d.On, maxCliffFundings, true))...)
	return digestPart{title: title, text: title + ": " + summary, blocks: blocks}
}

func (d *Digest) actionPart() digestPart {
	title := "Actions · week of " + d.Week.UK()
	c := d.Counts
	summary := ncountOrNo(c.Overdue, "action is overdue", "actions are overdue") + " and " +
		ncountOrNo(c.DueSoon, "is", "are") + " due by " + d.On.AddDays(digestDueSoonDays).UK() + "."
	if c.DueSoon == 0 {
		summary = ncountOrNo(c.Overdue, "action is overdue", "actions are overdue") + " and none is due by " + d.On.AddDays(digestDueSoonDays).UK() + "."
	}
	blocks := []Block{Section{Lines: []Rich{Line(capitalise(summary))}}}
	blocks = append(blocks, packLines(d.actionLines("Overdue", d.overdue))...)
	blocks = append(blocks, packLines(d.actionLines("Due by "+d.On.AddDays(digestDueSoonDays).UK(), d.dueSoon))...)
	return digestPart{title: title, text: title + ": " + capitalise(summary), blocks: blocks}
}

// actionLines lists one list of actions by agency.
func (d *Digest) actionLines(label string, groups []actionGroup) []Rich {
	if len(groups) == 0 {
		return nil
	}
	var lines []Rich
	lines = append(lines, R(B(label)))
	for gi, g := range groups {
		if gi == maxDigestAgencies {
			lines = append(lines, R(T("…and "+nplural(len(groups)-gi, "more agency", "more agencies")+": see "), C("actions <agency>"), T(".")))
			break
		}
		name := g.name
		if name == "" {
			name = noAgencyName
		}
		lines = append(lines, R(B(clipName(name)), T(" ("+strconv.Itoa(len(g.actions))+")")))
		for i, a := range g.actions {
			if i == maxDigestActions {
				more := R(T("…and " + nplural(len(g.actions)-i, "more", "more") + ": "))
				if g.name == "" {
					more = append(more, C("actions overdue"))
				} else {
					more = append(more, C("actions "+clipName(g.name)))
				}
				lines = append(lines, more)
				break
			}
			lines = append(lines, digestActionLine(a, d.On))
		}
	}
	return lines
}

// digestActionLine is one action: number, text, owner and due date.
func digestActionLine(a *Action, today Date) Rich {
	return R(T("• "), B("#"+strconv.FormatInt(a.ID, 10)), T(" "+clip(a.Text, 110)+" — "), who(a.OwnerID, a.OwnerName), T(" · "+dueText(a, today)))
}
