package index_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	h "frontdoor/handlers"
	"frontdoor/handlers/regtest"

	"frontdoor/handlers/index"
)

// describeOverlap writes an overlap as "key cohort kind", kind being local,
// national (one side national at the place) or between (both national).
func describeOverlap(o index.Overlap) string {
	kind := "local"
	switch {
	case o.BetweenNational():
		kind = "between"
	case !o.Local():
		kind = "national"
	}
	return o.Key + " " + o.Cohort.ID + " " + kind
}

func TestOverlapSemantics(t *testing.T) {
	live := func(id, areas, cohorts string) h.Programme {
		return prog(id, "dwp", "2025-04-01", "2026-03-31", areas, cohorts, "")
	}
	tests := []struct {
		name         string
		progs        []h.Programme
		funds        []h.Funding
		period       h.Period // edgeWeek when zero
		area, cohort string
		want         []string
	}{
		{name: "same area and cohort", progs: []h.Programme{live("a", "DAL", "neet"), live("b", "DAL", "neet")},
			want: []string{"a+b@DAL neet local"}},
		{name: "touching dates do not overlap: one ends on 31 Mar, the other starts on 1 Apr",
			progs: []h.Programme{
				prog("a", "dwp", "2025-04-01", "2026-03-31", "DAL", "neet", ""),
				prog("b", "dwp", "2026-04-01", "2027-03-31", "DAL", "neet", "")},
			period: aroundFY, want: nil},
		{name: "ending and starting on the same day overlap",
			progs: []h.Programme{
				prog("a", "dwp", "2025-04-01", "2026-03-31", "DAL", "neet", ""),
				prog("b", "dwp", "2026-03-31", "2027-03-31", "DAL", "neet", "")},
			period: aroundFY, want: []string{"a+b@DAL neet local"}},
		{name: "both live in the period but on no common day",
			progs: []h.Programme{
				prog("a", "dwp", "2025-04-01", "2026-01-13", "DAL", "neet", ""),
				prog("b", "dwp", "2026-01-15", "2027-03-31", "DAL", "neet", "")},
			want: nil},
		{name: "a common day before the period does not count",
			progs: []h.Programme{
				prog("a", "dwp", "2025-04-01", "2026-03-31", "DAL", "neet", ""),
				prog("b", "dwp", "2026-01-01", "2026-03-31", "DAL", "neet", "")},
			period: h.Period{Start: fyStart, End: fyStart.AddDays(6)}, want: nil},
		{name: "open dates are open",
			progs: []h.Programme{prog("a", "dwp", "", "", "DAL", "neet", ""), prog("b", "dwp", "2026-01-18", "", "DAL", "neet", "")},
			want:  []string{"a+b@DAL neet local"}},
		{name: "an ancestor cohort three levels up meets at the narrower cohort",
			progs: []h.Programme{live("a", "DAL", "health"), live("b", "DAL", "psychosis")},
			want:  []string{"a+b@DAL psychosis local"}},
		{name: "sibling cohorts do not overlap",
			progs: []h.Programme{live("a", "DAL", "mental"), live("b", "DAL", "msk")}, want: nil},
		{name: "the root cohort meets every residents' cohort but not employers",
			progs: []h.Programme{live("a", "DAL", "all"), live("b", "DAL", "over50"), live("c", "DAL", "employers")},
			want:  []string{"a+b@DAL over50 local"}},
		{name: "a descendant area meets at the narrower area",
			progs: []h.Programme{live("a", "NTH", "neet"), live("b", "DAL", "neet")},
			want:  []string{"a+b@DAL neet local"}},
		{name: "a ward five levels below the United Kingdom meets a programme for its authority",
			progs: []h.Programme{live("a", "NTH", "psychosis"), live("b", "DWD", "all")},
			want:  []string{"a+b@DWD psychosis local"}},
		{name: "sibling areas do not overlap",
			progs: []h.Programme{live("a", "DAL", "neet"), live("b", "FEL", "neet")}, want: nil},
		{name: "a district and a unitary of the same authority do not overlap",
			progs: []h.Programme{live("a", "DAL", "neet"), live("b", "TWN", "neet")}, want: nil},
		{name: "planned and closed programmes never overlap, whatever their dates",
			progs: []h.Programme{live("a", "DAL", "neet"),
				prog("b", "dwp", "2025-04-01", "2026-03-31", "DAL", "neet", h.StatusPlanned),
				prog("c", "dwp", "2025-04-01", "2026-03-31", "DAL", "neet", h.StatusClosed)},
			want: nil},
		{name: "only the widest place of a pair is kept",
			progs: []h.Programme{live("a", "NTH;DAL", "neet"), live("b", "NTH", "neet")},
			want:  []string{"a+b@NTH neet local"}},
		{name: "a pair meeting in two separate places gives one entry for each",
			progs: []h.Programme{live("a", "DAL;TWN", "neet"), live("b", "NTH", "neet")},
			want:  []string{"a+b@DAL neet local", "a+b@TWN neet local"}},
		{name: "a national programme without local funding is national everywhere",
			progs: []h.Programme{live("a", "DAL", "neet"), live("n", "ENG;WAL", "young")},
			funds: []h.Funding{fund("fn", "n", "dwp", "2025-04-01", "2026-03-31", "", 1_000_000)},
			want:  []string{"a+n@DAL neet national"}},
		{name: "a national programme with funding for an area is local there",
			progs: []h.Programme{live("a", "DAL", "neet"), live("n", "ENG", "young")},
			funds: []h.Funding{fund("fn", "n", "dwp", "2025-04-01", "2026-03-31", "NTH", 1_000_000)},
			want:  []string{"a+n@DAL neet local"}},
		{name: "funding for an area outside the period leaves a national programme national",
			progs: []h.Programme{live("a", "DAL", "neet"), live("n", "ENG", "young")},
			funds: []h.Funding{fund("fn", "n", "dwp", "2024-04-01", "2025-03-31", "NTH", 1_000_000)},
			want:  []string{"a+n@DAL neet national"}},
		{name: "funding for a country does not make a national programme local",
			progs: []h.Programme{live("a", "DAL", "neet"), live("n", "ENG;WAL", "young")},
			funds: []h.Funding{fund("fn", "n", "dwp", "2025-04-01", "2026-03-31", "ENG", 1_000_000)},
			want:  []string{"a+n@DAL neet national"}},
		{name: "local where funded, national beyond: the local place is kept inside a national one",
			progs: []h.Programme{live("a", "NTH", "neet"), live("n", "ENG", "young")},
			funds: []h.Funding{fund("fn", "n", "dwp", "", "", "DAL", 1_000_000)},
			want:  []string{"a+n@DAL neet local", "a+n@NTH neet national"}},
		{name: "two national programmes overlap between themselves",
			progs: []h.Programme{live("n", "ENG", "young"), live("m", "ENG;WAL", "neet")},
			want:  []string{"m+n@ENG neet between"}},
		{name: "local before national, different leads before the same lead",
			progs: []h.Programme{
				prog("a", "dwp", "2025-04-01", "2026-03-31", "DAL", "neet", ""),
				prog("b", "dwp", "2025-04-01", "2026-03-31", "DAL", "neet", ""),
				prog("c", "nca", "2025-04-01", "2026-03-31", "TWN", "neet", ""),
				prog("d", "town", "2025-04-01", "2026-03-31", "TWN", "neet", ""),
				prog("n", "nhse", "2025-04-01", "2026-03-31", "ENG", "young", "")},
			want: []string{"c+d@TWN neet local", "a+b@DAL neet local",
				"a+n@DAL neet national", "b+n@DAL neet national", "c+n@TWN neet national", "d+n@TWN neet national"}},
		{name: "filter by area keeps places up and down from it",
			progs: []h.Programme{live("a", "NTH", "neet"), live("b", "NTH", "young"), live("c", "DAL", "neet"), live("d", "DAL", "young"), live("e", "FEL", "neet"), live("f", "FEL", "neet")},
			area:  "Dale",
			// a+c, a+d, b+c, b+d, c+d meet at Dale; a+b at North contains
			// Dale; e and f in Fellside are left out. Places and cohorts
			// in name order ("Young people" before "Young people NEET").
			want: []string{"b+d@DAL young local", "a+c@DAL neet local", "a+d@DAL neet local", "b+c@DAL neet local", "c+d@DAL neet local", "a+b@NTH neet local"}},
		{name: "filter by cohort keeps shared cohorts related to it",
			progs:  []h.Programme{live("a", "DAL", "health;young"), live("b", "DAL", "mental;neet")},
			cohort: "mental health",
			want:   []string{"a+b@DAL mental local"}},
		{name: "the narrowest shared cohort is the deepest, then one both list",
			progs: []h.Programme{live("a", "DAL", "health;neet;over50"), live("b", "DAL", "severe;neet;over50")},
			want:  []string{"a+b@DAL severe local"}},
		{name: "a register with one programme has no overlaps",
			progs: []h.Programme{live("a", "DAL", "neet")}, want: nil},
		{name: "an empty register has no overlaps", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := edgeIndex(t, tt.progs, tt.funds)
			period := tt.period
			if period == (h.Period{}) {
				period = edgeWeek
			}
			ans, err := ix.Overlaps(period, tt.area, tt.cohort)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, o := range allOverlaps(ans) {
				got = append(got, describeOverlap(o))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("overlaps:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestOverlapDetail(t *testing.T) {
	ix := edgeIndex(t, []h.Programme{
		prog("b", "dwp", "2025-04-01", "2026-03-31", "NTH", "health;neet", ""),
		prog("a", "nca", "2025-10-01", "", "DAL", "severe;msk;young", ""),
	}, []h.Funding{
		fund("fb_total", "b", "dwp", "2025-04-01", "2026-03-31", "", 5_000_000),
		fund("fb_dale", "b", "dwp", "2025-04-01", "2026-03-31", "DAL", 400_000),
		fund("fb_fell", "b", "dwp", "2025-04-01", "2026-03-31", "FEL", 300_000),
		fund("fb_old", "b", "dwp", "2024-04-01", "2025-03-31", "DAL", 100_000),
		fund("fa", "a", "nca", "2025-10-01", "", "", 50_000),
	})
	ans, err := ix.Overlaps(edgeWeek, "", "")
	if err != nil {
		t.Fatal(err)
	}
	list := allOverlaps(ans)
	if len(list) != 1 {
		t.Fatalf("got %d overlaps, want 1: %v", len(list), list)
	}
	o := list[0]
	if o.Key != "a+b@DAL" || o.Area.ID != "DAL" {
		t.Errorf("key %q at %s, want a+b@DAL at DAL", o.Key, o.Area.ID)
	}
	// Shared: severe (health × severe), msk (health × msk), neet (young × neet):
	// all narrowest; severe is the deepest.
	var also []string
	for _, c := range o.AlsoCohorts {
		also = append(also, c.ID)
	}
	if o.Cohort.ID != "severe" || !slices.Equal(also, []string{"msk", "neet"}) {
		t.Errorf("cohort %s also %v, want severe also [msk neet]", o.Cohort.ID, also)
	}
	if o.Programmes[0].Programme.ID != "a" || o.Programmes[1].Programme.ID != "b" {
		t.Errorf("programmes not in name order: %s, %s", o.Programmes[0].Programme.ID, o.Programmes[1].Programme.ID)
	}
	if o.Programmes[0].Lead.ID != "nca" || o.Programmes[1].Lead.ID != "dwp" || o.SameLead {
		t.Errorf("leads %s and %s, same %v", o.Programmes[0].Lead.ID, o.Programmes[1].Lead.ID, o.SameLead)
	}
	want := h.Period{Start: h.DateOf(2025, 10, 1), End: fyEnd}
	if o.Together != want {
		t.Errorf("together %v, want %v", o.Together, want)
	}
	// Programme b's money for Dale: its total (labelled as such, since Dale
	// is narrower than b) and Dale's allocation; not Fellside's, not the
	// allocation that ended.
	var money []string
	for _, fl := range ans.Money(o.Programmes[1].Programme, o.Area).Fundings {
		s := fl.Funding.ID
		if fl.ProgrammeTotal {
			s += "*"
		}
		money = append(money, s)
	}
	if !slices.Equal(money, []string{"fb_total*", "fb_dale"}) {
		t.Errorf("fundings of b at Dale: %v, want [fb_total* fb_dale]", money)
	}
	if fa := ans.Money(o.Programmes[0].Programme, o.Area).Fundings; len(fa) != 1 || fa[0].ProgrammeTotal {
		t.Errorf("fundings of a: %+v, want fa, not labelled as a total (a is only in Dale)", fa)
	}
}

func TestOverlapGroupsAndNationalSummary(t *testing.T) {
	ix := edgeIndex(t, []h.Programme{
		prog("a", "dwp", "2025-04-01", "2026-03-31", "DAL", "neet", ""),
		prog("b", "nca", "2025-04-01", "2026-03-31", "SHI", "young", ""),
		prog("c", "dale", "2025-04-01", "2026-03-31", "DWD;DAL", "neet", ""),
		prog("n", "dwp", "2025-04-01", "2026-03-31", "ENG", "all", ""),
		prog("m", "nhse", "2025-04-01", "2026-03-31", "UK", "young", ""),
	}, nil)
	ans, err := ix.Overlaps(edgeWeek, "", "")
	if err != nil {
		t.Fatal(err)
	}
	list := allOverlaps(ans)
	// The answer's counts are those of its overlaps.
	var local, national, betweenN, different int
	for i, o := range list {
		switch {
		case o.Local():
			local++
			if !o.SameLead {
				different++
			}
		case o.BetweenNational():
			betweenN++
		default:
			national++
		}
		if ans.Key(i) != o.Key || (ans.Kind(i) == index.OverlapLocal) != o.Local() {
			t.Errorf("overlap %d: key %q kind %d, but At says %q local %v", i, ans.Key(i), ans.Kind(i), o.Key, o.Local())
		}
	}
	if local != ans.Local || national != ans.WithNational || betweenN != ans.BetweenNational || different != ans.DifferentLeads || local == 0 || national == 0 || betweenN == 0 {
		t.Errorf("counts %d/%d/%d (%d different leads), answer says %d/%d/%d (%d)", local, national, betweenN, different,
			ans.Local, ans.WithNational, ans.BetweenNational, ans.DifferentLeads)
	}
	groups := ans.Groups
	if len(groups) != 1 || groups[0].Area.ID != "DAL" || groups[0].Cohort.ID != "neet" {
		t.Fatalf("groups: %+v, want one at Dale for NEETs", groups)
	}
	var names []string
	for _, p := range groups[0].Programmes {
		names = append(names, p.ID)
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"a", "b", "c"}) || len(groups[0].Overlaps) != 3 {
		t.Errorf("group programmes %v with %d overlaps, want a, b, c with 3", names, len(groups[0].Overlaps))
	}
	sums := ans.National
	var got []string
	for _, s := range sums {
		var nat, loc []string
		for _, p := range s.National {
			nat = append(nat, p.ID)
		}
		for _, p := range s.Local {
			loc = append(loc, p.ID)
		}
		got = append(got, s.Area.ID+":"+strings.Join(nat, ",")+"/"+strings.Join(loc, ","))
	}
	slices.Sort(got)
	wantIDs := []string{"DAL:m,n/a,c", "SHI:m,n/b"}
	if !slices.Equal(got, wantIDs) {
		t.Errorf("national summary %v, want %v", got, wantIDs)
	}
	between := 0
	for _, o := range list {
		if o.BetweenNational() {
			between++
			if o.Key != "m+n@ENG" || o.Cohort.ID != "young" {
				t.Errorf("between national: %s %s, want m+n@ENG young", o.Key, o.Cohort.ID)
			}
		}
	}
	if between != 1 {
		t.Errorf("%d overlaps between national programmes, want 1", between)
	}
}

func TestOverlapKeysAreStable(t *testing.T) {
	a := prog("a", "dwp", "2025-04-01", "2026-03-31", "DAL", "neet;over50", "")
	b := prog("b", "nca", "2025-04-01", "2026-03-31", "NTH", "young", "")
	first := edgeIndex(t, []h.Programme{a, b}, nil)
	// The same pair, listed the other way round, renamed, with another
	// cohort and other dates, is the same overlap.
	b2, a2 := b, a
	b2.Name, a2.Name = "Zeta", "Alpha"
	a2.CohortIDs = []string{"young"}
	a2.End = isoDate(edgeFarOff)
	second := edgeIndex(t, []h.Programme{b2, a2}, nil)
	k1, err1 := overlapList(first, edgeWeek, "", "")
	k2, err2 := overlapList(second, edgeWeek, "", "")
	if err1 != nil || err2 != nil || len(k1) != 1 || len(k2) != 1 {
		t.Fatalf("overlaps: %v %v (%v, %v)", k1, k2, err1, err2)
	}
	if k1[0].Key != k2[0].Key || k1[0].Key != "a+b@DAL" {
		t.Errorf("keys %q and %q, want both a+b@DAL", k1[0].Key, k2[0].Key)
	}
}

func TestOverlapFiltersReportUnknownNames(t *testing.T) {
	ix := edgeIndex(t, []h.Programme{prog("a", "dwp", "", "", "DAL", "neet", "")}, nil)
	for _, tt := range []struct{ area, cohort, code string }{
		{"Atlantis", "", h.ENotFound},
		{"", "astronauts", h.ENotFound},
	} {
		_, err := ix.Overlaps(edgeWeek, tt.area, tt.cohort)
		var e *h.Error
		if !errors.As(err, &e) || e.Code != tt.code {
			t.Errorf("overlaps in %q for %q: %v, want a %s error", tt.area, tt.cohort, err, tt.code)
		}
	}
}

// TestOverlapsAgreeWithPairwise checks the indexed search against a plain
// comparison of every pair on the demo register and a generated one, on
// several weeks: the same keys, in any order.
func TestOverlapsAgreeWithPairwise(t *testing.T) {
	national := regtest.National(3, regtest.NationalSize{Areas: 120, Cohorts: 60, Programmes: 400, Fundings: 800})
	for _, c := range []struct {
		name string
		ix   *index.Index
	}{{"demo", demoIndex(t)}, {"generated", index.NewIndex(national)}} {
		for _, mon := range []h.Date{edgeMon, h.DateOf(2025, 3, 31), h.DateOf(2027, 6, 7)} {
			period := h.Period{Start: mon, End: mon.AddDays(6)}
			list, err := overlapList(c.ix, period, "", "")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, o := range list {
				got = append(got, o.Key)
			}
			slices.Sort(got)
			want := pairwiseOverlapKeys(c.ix, period)
			if !slices.Equal(got, want) {
				t.Errorf("%s, week of %s: %d overlaps, pairwise %d\nonly indexed: %v\nonly pairwise: %v",
					c.name, mon.UK(), len(got), len(want), minus(got, want), minus(want, got))
			}
			if c.name == "generated" && mon == edgeMon && len(got) < 100 {
				t.Errorf("only %d overlaps on the generated register: the comparison tests little", len(got))
			}
		}
	}
}

func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	if len(out) > 10 {
		out = out[:10]
	}
	return out
}

// pairwiseOverlapKeys works out the overlap keys by comparing every pair of
// programmes and every pair of their places, straight from the semantics.
func pairwiseOverlapKeys(ix *index.Index, period h.Period) []string {
	reg := ix.Register()
	type place struct {
		area  string
		local bool
	}
	placesOf := func(p *h.Programme) []place {
		var out []place
		national := ix.IsNational(p.ID)
		for _, a := range p.AreaIDs {
			out = append(out, place{a, !national})
		}
		if national {
			for _, f := range ix.FundingsOf(p.ID) {
				if !f.Period().Overlaps(period) {
					continue
				}
				for _, a := range f.AreaIDs {
					if ix.Area(a).Kind != h.AreaCountry {
						out = append(out, place{a, true})
					}
				}
			}
		}
		return out
	}
	var keys []string
	for i := range reg.Programmes {
		p := &reg.Programmes[i]
		if p.EffectiveStatus() != h.StatusLive || !p.Period().Overlaps(period) {
			continue
		}
		for j := i + 1; j < len(reg.Programmes); j++ {
			q := &reg.Programmes[j]
			if q.EffectiveStatus() != h.StatusLive || !q.Period().Overlaps(period) {
				continue
			}
			both := h.Period{Start: later(p.Start, q.Start), End: earlier(p.End, q.End)}
			if !both.End.IsZero() && !both.Start.IsZero() && both.End < both.Start || !both.Overlaps(period) {
				continue
			}
			related := false
			for _, c := range p.CohortIDs {
				for _, d := range q.CohortIDs {
					related = related || ix.CohortsRelated(c, d)
				}
			}
			if !related {
				continue
			}
			// Every meeting place, the best (most local) at each.
			best := map[string]bool{}
			for _, x := range placesOf(p) {
				for _, y := range placesOf(q) {
					if !ix.AreasRelated(x.area, y.area) {
						continue
					}
					at := x.area
					if ix.IsAreaWithin(y.area, x.area) {
						at = y.area
					}
					best[at] = best[at] || (x.local && y.local)
				}
			}
			for at, local := range best {
				covered := false
				for other, olocal := range best {
					if other != at && ix.IsAreaWithin(at, other) && (olocal || !local) {
						covered = true
					}
				}
				if !covered {
					a, b := p.ID, q.ID
					if b < a {
						a, b = b, a
					}
					keys = append(keys, a+"+"+b+"@"+at)
				}
			}
		}
	}
	slices.Sort(keys)
	return keys
}

func later(a, b h.Date) h.Date {
	if a.IsZero() || (!b.IsZero() && b > a) {
		return b
	}
	return a
}

func earlier(a, b h.Date) h.Date {
	if a.IsZero() || (!b.IsZero() && b < a) {
		return b
	}
	return a
}
