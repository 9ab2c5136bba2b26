package index_test

import (
	"slices"
	"strconv"
	"testing"

	h "frontdoor/handlers"

	"frontdoor/handlers/index"
)

// describeCliffs writes edges as "programme" or "programme/funding", with
// "!" when flagged, in the order returned.
func describeCliffs(edges []index.CliffEdge) []string {
	var out []string
	for _, e := range edges {
		s := e.Programme.ID
		if e.Funding != nil {
			s += "/" + e.Funding.ID
		}
		if e.NoSuccessor {
			s += "!"
		}
		out = append(out, s)
	}
	return out
}

func TestCliffEdgeSemantics(t *testing.T) {
	on := h.DateOf(2026, 1, 1) // 90 days on is 1 Apr 2026
	ending := func(id, end string) h.Programme {
		return prog(id, "dale", "2025-04-01", end, "DAL", "neet", "")
	}
	tests := []struct {
		name  string
		progs []h.Programme
		funds []h.Funding
		days  int
		area  string
		want  []string
	}{
		{name: "ending on the date asked, at the end of the window, but not after it or before the date",
			progs: []h.Programme{ending("a", "2026-01-01"), ending("b", "2026-04-01"), ending("c", "2026-04-02"), ending("d", "2025-12-31")},
			// b and c run the day after a ends, c the day after b ends.
			want: []string{"a", "b"}},
		{name: "the window is the caller's",
			progs: []h.Programme{ending("a", "2026-01-31"), ending("b", "2026-02-01")}, days: 30,
			want: []string{"a"}},
		{name: "planned and closed programmes are not cliff edges",
			progs: []h.Programme{
				prog("a", "dale", "2025-04-01", "2026-03-31", "DAL", "neet", h.StatusPlanned),
				prog("b", "dale", "2025-04-01", "2026-03-31", "DAL", "neet", h.StatusClosed)},
			want: nil},
		{name: "a successor starting the day after its end (1 Apr after 31 Mar)",
			progs: []h.Programme{ending("a", "2026-03-31"), prog("b", "dale", "2026-04-01", "", "DAL", "neet", "")},
			want:  []string{"a"}},
		{name: "a planned successor counts when its dates cover the day after",
			progs: []h.Programme{ending("a", "2026-03-31"), prog("b", "dale", "2026-04-01", "2027-03-31", "DAL", "neet", h.StatusPlanned)},
			want:  []string{"a"}},
		{name: "a planned programme with no dates covers the day after",
			progs: []h.Programme{ending("a", "2026-03-31"), prog("b", "dale", "", "", "DAL", "neet", h.StatusPlanned)},
			want:  []string{"a"}},
		{name: "a successor starting two days after leaves a cliff edge",
			progs: []h.Programme{ending("a", "2026-03-31"), prog("b", "dale", "2026-04-02", "", "DAL", "neet", "")},
			want:  []string{"a!"}},
		{name: "a closed programme is no successor",
			progs: []h.Programme{ending("a", "2026-03-31"), prog("b", "dale", "2025-04-01", "", "DAL", "neet", h.StatusClosed)},
			want:  []string{"a!"}},
		{name: "a programme ending the same day is no successor",
			progs: []h.Programme{ending("a", "2026-03-31"), ending("b", "2026-03-31")},
			want:  []string{"a!", "b!"}},
		{name: "a successor for a broader cohort in a containing area counts",
			progs: []h.Programme{ending("a", "2026-03-31"), prog("b", "nca", "", "", "NTH", "young", "")},
			want:  []string{"a"}},
		{name: "a successor for a narrower cohort in a ward inside counts",
			progs: []h.Programme{prog("a", "dale", "2025-04-01", "2026-03-31", "DAL", "young", ""), prog("b", "dale", "", "", "DWD", "neet", "")},
			want:  []string{"a"}},
		{name: "a national successor counts",
			progs: []h.Programme{ending("a", "2026-03-31"), prog("b", "dwp", "", "", "ENG", "all", "")},
			want:  []string{"a"}},
		{name: "a programme for a sibling cohort or in a sibling area is no successor",
			progs: []h.Programme{ending("a", "2026-03-31"), prog("b", "dale", "", "", "DAL", "over50", ""), prog("c", "dale", "", "", "FEL", "neet", "")},
			want:  []string{"a!"}},
		{name: "funding with other money for its programme the day after",
			progs: []h.Programme{prog("a", "dale", "2025-04-01", "", "DAL", "neet", "")},
			funds: []h.Funding{fund("f1", "a", "dwp", "2025-04-01", "2026-03-31", "", 100), fund("f2", "a", "dwp", "2026-04-01", "2027-03-31", "", 100)},
			want:  []string{"a/f1"}},
		{name: "funding whose programme has nothing the day after, though it runs on",
			progs: []h.Programme{prog("a", "dale", "2025-04-01", "", "DAL", "neet", "")},
			funds: []h.Funding{fund("f1", "a", "dwp", "2025-04-01", "2026-03-31", "", 100), fund("f2", "a", "dwp", "2026-04-02", "2027-03-31", "", 100)},
			want:  []string{"a/f1!"}},
		{name: "money for another area counts as other money",
			progs: []h.Programme{prog("a", "dale", "2025-04-01", "", "NTH", "neet", "")},
			funds: []h.Funding{fund("f1", "a", "dwp", "2025-04-01", "2026-03-31", "DAL", 100), fund("f2", "a", "dwp", "", "", "TWN", 100)},
			want:  []string{"a/f1"}},
		{name: "a programme and its money ending together; the programme first",
			progs: []h.Programme{ending("a", "2026-03-31")},
			funds: []h.Funding{fund("f1", "a", "dwp", "2025-04-01", "2026-03-31", "", 100)},
			want:  []string{"a!", "a/f1!"}},
		{name: "money for a programme that has already ended is not a cliff edge",
			progs: []h.Programme{prog("a", "dale", "2025-04-01", "2025-12-31", "DAL", "neet", "")},
			funds: []h.Funding{fund("f1", "a", "dwp", "2025-04-01", "2026-03-31", "", 100)},
			want:  nil},
		{name: "in an area: programmes up and down from it, and their money for it",
			progs: []h.Programme{prog("a", "nca", "2025-04-01", "2026-03-31", "NTH", "psychosis", ""), ending("b", "2026-03-31"), prog("c", "town", "2025-04-01", "2026-03-31", "TWN", "psychosis", "")},
			funds: []h.Funding{fund("fa_dale", "a", "dwp", "2025-04-01", "2026-03-31", "DAL", 100), fund("fa_town", "a", "dwp", "2025-04-01", "2026-03-31", "TWN", 100)},
			area:  "Dale",
			// c ends the same day, so is no successor to a; c is in Town.
			want: []string{"a!", "a/fa_dale!", "b!"}},
		{name: "an empty register has no cliff edges", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := edgeIndex(t, tt.progs, tt.funds)
			days := tt.days
			if days == 0 {
				days = 90
			}
			edges, err := cliffEdges(ix, on, days, tt.area)
			if err != nil {
				t.Fatal(err)
			}
			if got := describeCliffs(edges); !slices.Equal(got, tt.want) {
				t.Errorf("cliff edges:\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestCliffEdgeDetail(t *testing.T) {
	ix := edgeIndex(t, []h.Programme{
		prog("a", "dale", "2025-04-01", "2026-03-31", "DAL", "neet", ""),
		prog("s1", "nca", "", "", "NTH", "young", ""),
		prog("s2", "dwp", "2026-04-01", "", "ENG", "all", h.StatusPlanned),
		prog("s3", "dale", "2026-04-01", "", "DWD", "neet", ""),
		prog("s4", "dale", "2026-04-01", "", "DAL", "neet", ""),
	}, []h.Funding{
		fund("fa", "a", "nca", "2025-04-01", "2026-03-31", "DAL", 250_000),
		fund("fn", "a", "dwp", "2025-04-01", "2026-03-31", "NTH", 1_000_000),
	})
	edges, err := cliffEdges(ix, h.DateOf(2026, 3, 1), 90, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(edges) != 3 || edges[0].Funding != nil {
		t.Fatalf("edges %v, want the programme and two fundings", describeCliffs(edges))
	}
	p := edges[0]
	if p.Days != 30 || p.End != fyEnd || p.Lead == nil || p.Lead.ID != "dale" {
		t.Errorf("programme edge: %d days to %s, lead %v", p.Days, p.End, p.Lead)
	}
	var succ []string
	for _, s := range p.Successors {
		succ = append(succ, s.ID)
	}
	// Name order ("Programme S1" ...), the first three, counting all four.
	if !slices.Equal(succ, []string{"s1", "s2", "s3"}) || p.SuccessorCount != 4 {
		t.Errorf("successors %v of %d, want [s1 s2 s3] of 4", succ, p.SuccessorCount)
	}
	f := edges[1]
	if f.Funding == nil || f.Source == nil || !f.NoSuccessor || len(f.FollowOn) != 0 {
		t.Errorf("funding edge: %+v", f)
	}
}

func TestCliffEdgesOnTheDemoRegister(t *testing.T) {
	ix := demoIndex(t)
	edges, err := cliffEdges(ix, edgeMon, 90, "")
	if err != nil {
		t.Fatal(err)
	}
	got := describeCliffs(edges)
	// The March 2026 cliff edges: the programmes ending then (WorkWell's
	// pilot, UKSPF), money that stops with nothing after it (WorkWell's
	// £64m), and money followed by the next year's (the accelerators' 2025/26
	// money, then DHSC's £25m; Skills Bootcamps' 2025/26 money, then DWP's
	// 2026-27 allocation), which is an edge but not flagged.
	for _, want := range []string{"workwell", "workwell/f11!", "ukspf_people_skills", "nhs_accelerators/f29",
		"skills_bootcamps/f34", "gbw_inactivity_trailblazers/f14", "connect_to_work/f01"} {
		if !slices.Contains(got, want) {
			t.Errorf("demo cliff edges lack %s; got %v", want, got)
		}
	}
	// The accelerators run on to Mar 2027, and Skills Bootcamps' money has a
	// successor: neither is a programme edge, nor flagged.
	for _, unwanted := range []string{"nhs_accelerators", "skills_bootcamps/f34!", "nhs_accelerators/f29!"} {
		if slices.Contains(got, unwanted) {
			t.Errorf("demo cliff edges hold %s; got %v", unwanted, got)
		}
	}
	for _, e := range edges {
		if e.End != fyEnd {
			t.Errorf("%s ends %s: the demo's only cliff edges in 90 days from 12 Jan 2026 are on 31 Mar 2026", describeCliffs([]index.CliffEdge{e})[0], e.End)
		}
		if e.Days != 78 {
			t.Errorf("%d days to 31 Mar, want 78", e.Days)
		}
	}
	if n := len(edges); n < 20 {
		t.Errorf("only %s cliff edges", strconv.Itoa(n))
	}
}
