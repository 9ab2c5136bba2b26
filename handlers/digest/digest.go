package digest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"frontdoor/handlers"
	"frontdoor/handlers/index"
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

// DigestSnapshot is what the next digest compares against. It is stored
// with each digest posted (as JSON), so its fields are plain values in a
// canonical order: the same register and actions give the same snapshot.
type Snapshot struct {
	// Week is the Monday of the week the digest described.
	Week handlers.Date `json:"week"`
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
type Input struct {
	// Week is the Monday of the ISO week containing On (WeekOf(On) when zero).
	Week handlers.Date
	// On is the date asked; the digest describes the week containing it.
	On handlers.Date
	// CliffDays is the cliff-edge window in days (90 when not positive).
	CliffDays int
	// Actions are the open actions plus those closed since the previous
	// digest (the caller queries the store).
	Actions []handlers.Action
	// Previous is the snapshot of the previous digest posted; nil when none
	// was, so that everything counts as new.
	Previous *Snapshot
	// PreviousAt is when the previous digest was posted (zero if none):
	// actions closed after it count as closed since last week.
	PreviousAt time.Time
}

// Digest is one week's digest, ready to render as Slack messages or plain text.
type Digest struct {
	// Headline is the digest in one line of counts, for notifications and the App Home.
	Headline  string
	Week, On  handlers.Date
	CliffDays int
	// First is true when no digest was posted before.
	First bool
	// Empty is true when the register has no programmes.
	Empty bool
	// Since is the week of the previous digest (zero when First).
	Since   handlers.Date
	Counts  Counts
	Changes Changes

	// Overlaps are the overlaps of the week; Fresh marks, per overlap,
	// those new since the previous digest; Groups are its local groups, new
	// ones first.
	Overlaps *index.OverlapsAnswer
	Fresh    []bool
	Groups   []index.OverlapGroup
	// Gaps are counted on the date asked, Cliffs from it (nil when Empty).
	Gaps   *index.GapReport
	Cliffs []index.CliffEdge
	// Overdue and DueSoon are the open actions overdue and due in the next
	// 7 days, by agency.
	Overdue, DueSoon []ActionGroup
	// Fundings counts the fundings recorded.
	Fundings int
	// Index is the register the digest was built from, for the names of
	// what changed.
	Index *index.Index
}

// DigestCounts are the numbers at the top of the digest.
type Counts struct {
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
type Changes struct {
	// NewOverlaps and ResolvedOverlaps count all overlaps, local and national.
	NewOverlaps, ResolvedOverlaps int
	// Started and Ended are the programmes that started or stopped running,
	// by name (a programme no longer in the register shows its id).
	Started, Ended []string
	// FundingsAdded and FundingsChanged are in register order;
	// FundingsRemoved counts those no longer recorded.
	FundingsAdded, FundingsChanged []*handlers.Funding
	FundingsRemoved                int
	// Opened and Closed are the actions opened (or reopened) and done
	// since; they point into DigestInput.Actions.
	Opened, Closed []*handlers.Action
}

// ActionGroup is the actions of one agency in one list of the digest.
type ActionGroup struct {
	Name    string // "" for no agency named
	Actions []*handlers.Action
}

// defaultCliffDays is the cliff-edge window when none is configured.
const defaultCliffDays = 90

// DueSoonDays is how far ahead "due soon" looks: due from On to On+6, the next 7 days.
const DueSoonDays = 6

// BuildDigest works out, from the index, the digest for the week containing
// in.On and the snapshot the next digest compares against.
func Build(ix *index.Index, in Input) (*Digest, Snapshot, error) {
	week := in.Week
	if week.IsZero() {
		week = handlers.WeekOf(in.On)
	}
	days := in.CliffDays
	if days <= 0 {
		days = defaultCliffDays
	}
	reg := ix.Register()
	d := &Digest{Week: week, On: in.On, CliffDays: days, First: in.Previous == nil, Index: ix,
		Empty: len(reg.Programmes) == 0, Fundings: len(reg.Fundings)}
	if in.Previous != nil {
		d.Since = in.Previous.Week
	}
	period := handlers.Period{Start: week, End: week.AddDays(6)}
	snap := Snapshot{Week: week}

	var err error
	if d.Overlaps, err = ix.Overlaps(period, "", ""); err != nil {
		return nil, Snapshot{}, fmt.Errorf("digest: overlaps: %w", err)
	}
	ov := d.Overlaps
	keys := make([]int32, ov.Len())
	for i := range keys {
		keys[i] = int32(i)
	}
	slices.SortFunc(keys, func(a, b int32) int { return strings.Compare(ov.Key(int(a)), ov.Key(int(b))) })
	snap.Overlaps = make([]string, len(keys))
	for i, k := range keys {
		snap.Overlaps[i] = ov.Key(int(k))
	}
	d.Fresh = make([]bool, ov.Len())
	var prevKeys []string
	if in.Previous != nil {
		prevKeys = sortedCopy(in.Previous.Overlaps)
	}
	// Both key lists are sorted: one merge finds the new and the resolved.
	i, j := 0, 0
	for i < len(keys) || j < len(prevKeys) {
		switch {
		case j == len(prevKeys) || (i < len(keys) && snap.Overlaps[i] < prevKeys[j]):
			d.Fresh[keys[i]] = true
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
	for k := range ov.Len() {
		if ov.Kind(k) == index.OverlapLocal {
			d.Counts.Overlaps++
			if d.Fresh[k] {
				d.Counts.NewOverlaps++
			}
		} else {
			d.Counts.NationalOverlaps++
		}
	}
	d.Groups = slices.Clone(d.Overlaps.Groups)
	for gi := range d.Groups {
		for _, e := range d.Groups[gi].Overlaps {
			d.Groups[gi].Fresh = d.Groups[gi].Fresh || d.Fresh[e]
		}
	}
	slices.SortStableFunc(d.Groups, func(a, b index.OverlapGroup) int { return handlers.TrueFirst(a.Fresh, b.Fresh) })

	digestProgrammes(ix, d, in, period, &snap)
	digestFundings(reg, d, in, &snap)

	if !d.Empty {
		if d.Gaps, err = ix.Gaps(in.On, "", ""); err != nil {
			return nil, Snapshot{}, fmt.Errorf("digest: gaps: %w", err)
		}
		d.Counts.Gaps, d.Counts.GapCohorts = len(d.Gaps.Gaps), len(d.Gaps.ByCohort)
		d.Counts.Cohorts, d.Counts.Councils = len(d.Gaps.Cohorts), len(d.Gaps.Councils)
		ending, err := ix.Ending(in.On, days, "")
		if err != nil {
			return nil, Snapshot{}, fmt.Errorf("digest: cliff edges: %w", err)
		}
		d.Cliffs = ending.Edges
		s := index.SummariseCliffs(d.Cliffs)
		d.Counts.CliffProgrammes, d.Counts.CliffFundings = s.Programmes, s.Fundings
		d.Counts.NoSuccessor, d.Counts.NothingAfter = s.ProgrammesFlagged, s.FundingsFlagged
	}
	digestActions(ix, d, in, &snap)
	d.Headline = d.headline()
	return d, snap, nil
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
func digestProgrammes(ix *index.Index, d *Digest, in Input, period handlers.Period, snap *Snapshot) {
	progs := ix.Register().Programmes
	for p := range progs {
		if progs[p].EffectiveStatus() == handlers.StatusLive && progs[p].Period().Overlaps(period) {
			snap.Live = append(snap.Live, progs[p].ID)
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
			return handlers.ClipName(p.Name)
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
	slices.SortFunc(d.Changes.Started, handlers.CompareFold)
	slices.SortFunc(d.Changes.Ended, handlers.CompareFold)
}

// fundingFingerprint is what makes a funding the same from week to week.
func fundingFingerprint(f *handlers.Funding) string {
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
func digestFundings(reg *handlers.Register, d *Digest, in Input, snap *Snapshot) {
	snap.Fundings = make(map[string]string, len(reg.Fundings))
	for i := range reg.Fundings {
		f := &reg.Fundings[i]
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
func digestActions(ix *index.Index, d *Digest, in Input, snap *Snapshot) {
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
	soon := in.On.AddDays(DueSoonDays)
	var overdue, dueSoon []*handlers.Action
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
		case a.Status == handlers.ActionDone:
			if wasOpen(a.ID) || (!a.ClosedAt.IsZero() && !a.ClosedAt.Before(in.PreviousAt)) {
				d.Changes.Closed = append(d.Changes.Closed, a)
			}
		}
	}
	slices.Sort(snap.OpenActions)
	d.Counts.Overdue, d.Counts.DueSoon = len(overdue), len(dueSoon)
	d.Overdue = groupActionsByAgency(ix, overdue)
	d.DueSoon = groupActionsByAgency(ix, dueSoon)
}

// groupActionsByAgency groups actions under each agency they are tagged
// with (an action tagged with two agencies appears under both), untagged
// ones under "No agency named"; most actions first, then by name, the
// untagged last. Each group is in due-date order, then by number.
func groupActionsByAgency(ix *index.Index, list []*handlers.Action) []ActionGroup {
	slices.SortFunc(list, func(a, b *handlers.Action) int {
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
	var groups []ActionGroup
	add := func(name string, a *handlers.Action) {
		gi, ok := at[name]
		if !ok {
			gi = len(groups)
			at[name] = gi
			groups = append(groups, ActionGroup{Name: name})
		}
		groups[gi].Actions = append(groups[gi].Actions, a)
	}
	for _, a := range list {
		tagged := false
		for _, t := range a.Tags {
			if t.Kind != handlers.TagAgency {
				continue
			}
			tagged = true
			add(ix.TagName(t), a)
		}
		if !tagged {
			add("", a)
		}
	}
	slices.SortStableFunc(groups, func(a, b ActionGroup) int {
		if (a.Name == "") != (b.Name == "") {
			return handlers.TrueFirst(b.Name == "", a.Name == "")
		}
		if len(a.Actions) != len(b.Actions) {
			return len(b.Actions) - len(a.Actions)
		}
		return handlers.CompareFold(a.Name, b.Name)
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
		ov := handlers.CountOrNo(c.Overlaps, "overlap", "overlaps")
		if c.Overlaps > 0 {
			ov += " (" + handlers.NewWords(c.NewOverlaps) + ")"
		}
		parts = append(parts, ov, handlers.CountOrNo(c.Gaps, "gap", "gaps"),
			handlers.CountOrNo(c.CliffProgrammes+c.CliffFundings, "cliff edge", "cliff edges")+" in "+strconv.Itoa(d.CliffDays)+" days")
	}
	parts = append(parts, handlers.CountOrNo(c.Overdue, "action overdue", "actions overdue"))
	return strings.Join(parts, " · ")
}

// Title is the digest's title: "Weekly digest · week of 12 Jan 2026".
func (d *Digest) Title() string { return "Weekly digest · week of " + d.Week.UK() }

// DigestInputFor gathers what BuildDigest needs besides the register: the
// open actions, those closed since the previous digest, and the previous
// digest's snapshot (prev nil: none posted, so everything counts as new).
func InputFor(ctx context.Context, actions handlers.ActionStore, on handlers.Date, cliffDays int, prev *handlers.DigestPost) (Input, error) {
	in := Input{On: on, Week: handlers.WeekOf(on), CliffDays: cliffDays}
	if prev != nil {
		var snap Snapshot
		if err := json.Unmarshal(prev.Snapshot, &snap); err != nil {
			return Input{}, fmt.Errorf("handlers: snapshot of the digest for the week of %s: %w", prev.Week, err)
		}
		in.Previous, in.PreviousAt = &snap, prev.PostedAt
	}
	if actions == nil {
		return in, nil
	}
	open, _, err := actions.ListActions(ctx, handlers.ActionFilter{})
	if err != nil {
		return Input{}, fmt.Errorf("handlers: digest: open actions: %w", err)
	}
	in.Actions = open
	if prev != nil && !prev.PostedAt.IsZero() {
		closed, _, err := actions.ListActions(ctx, handlers.ActionFilter{Statuses: []string{handlers.ActionDone}, ClosedSince: prev.PostedAt})
		if err != nil {
			return Input{}, fmt.Errorf("handlers: digest: actions closed since %s: %w", prev.Week, err)
		}
		in.Actions = append(in.Actions, closed...)
	}
	return in, nil
}
