package index_test

import (
	"fmt"
	"testing"

	h "frontdoor/handlers"
	"frontdoor/handlers/regtest"

	"frontdoor/handlers/index"
)

// chainRegister has one chain of n areas (a1 at the top) and, for the
// cohorts, one loop of n.
func chainRegister(n int) *h.Register {
	reg := &h.Register{}
	for i := 1; i <= n; i++ {
		a := h.Area{ID: fmt.Sprint("a", i), Name: fmt.Sprint("Area ", i), Kind: h.AreaOther}
		if i > 1 {
			a.ParentID = fmt.Sprint("a", i-1)
		}
		reg.Areas = append(reg.Areas, a)
		reg.Cohorts = append(reg.Cohorts, h.Cohort{ID: fmt.Sprint("c", i), Name: fmt.Sprint("Cohort ", i), ParentID: fmt.Sprint("c", i%n+1)})
	}
	return reg
}

func TestIndexAncestorsOfTheDeepestAcceptedChain(t *testing.T) {
	ix := index.NewIndex(chainRegister(12))
	anc := ix.AreaAncestors("a12")
	if len(anc) != 11 || anc[0].ID != "a11" || anc[10].ID != "a1" {
		t.Errorf("ancestors of a12: %d, first %v", len(anc), anc)
	}
	if !ix.IsAreaWithin("a12", "a1") || ix.IsAreaWithin("a1", "a12") {
		t.Error("a12 is not within a1")
	}
	if n := len(ix.AreaDescendants("a1")); n != 11 {
		t.Errorf("a1 has %d descendants, want 11", n)
	}
}

// TestIndexStaysLinearOnHierarchiesTheImportRefuses: a register that did not
// come through the import (a 20,000-area chain, a 20,000-cohort loop) still
// gives a usable index, every node reached once, with ancestor lists cut at
// the index's own bound, so it holds no quadratic structure.
func TestIndexStaysLinearOnHierarchiesTheImportRefuses(t *testing.T) {
	const n = 20_000
	ix := index.NewIndex(chainRegister(n))
	total := 0
	for i := 1; i <= n; i++ {
		anc := ix.AreaAncestors(fmt.Sprint("a", i))
		if len(anc) >= 64 {
			t.Fatalf("a%d has %d ancestors; the index keeps fewer than 64", i, len(anc))
		}
		total += len(anc)
		// Each node's ancestors are its parents in order, as far as they go.
		for j, a := range anc {
			if a.ID != fmt.Sprint("a", i-j-1) {
				t.Fatalf("ancestor %d of a%d is %s", j, i, a.ID)
			}
		}
		if got := len(ix.CohortAncestors(fmt.Sprint("c", i))); got >= 64 {
			t.Fatalf("cohort c%d has %d ancestors", i, got)
		}
	}
	if total > 64*n {
		t.Errorf("%d ancestor entries for %d areas", total, n)
	}
	roots := 0
	for i := 1; i <= n; i++ {
		if ix.CohortParent(fmt.Sprint("c", i)) == nil {
			roots++
		}
	}
	if roots == 0 {
		t.Error("the cohort loop was not broken")
	}
}

// TestPassedOnFromFollowsTheRule checks the index's regrant links against
// the rule written out plainly (findParentFunding's comment): money that is
// not the funder's own comes from one of the fundings of the same programme
// that the funding's funder received (and did not fund itself) for an
// overlapping period: one whose areas cover the funding's first, then
// register order. The generated registers have fewer candidates than the index's
// bound, so every link is checked.
func TestPassedOnFromFollowsTheRule(t *testing.T) {
	demo, err := regtest.Demo()
	if err != nil {
		t.Fatal(err)
	}
	for name, reg := range map[string]*h.Register{
		"demo":     demo,
		"small":    regtest.Small(),
		"national": regtest.National(3, regtest.NationalSize{}),
	} {
		ix := index.NewIndex(reg)
		linked := 0
		for i := range reg.Fundings {
			f := &reg.Fundings[i]
			want := referenceParent(ix, f)
			got := ix.PassedOnFrom(f.ID)
			if got != want {
				t.Errorf("%s: funding %s passed on from %v, want %v", name, f.ID, fundingID(got), fundingID(want))
			}
			if got != nil {
				linked++
			}
		}
		if name == "national" && linked < 100 {
			t.Errorf("%s: only %d regrant links; the check is too weak", name, linked)
		}
	}
}

// TestPassedOnFromScoresCandidates: an agency that received several
// fundings of one programme passes on one whose period overlaps, the one
// that covers the place first, else the first; money for a period in which
// it received nothing is its own.
func TestPassedOnFromScoresCandidates(t *testing.T) {
	d := h.DateOf
	reg := &h.Register{
		Areas: []h.Area{
			{ID: "E", Name: "England", Kind: h.AreaCountry},
			{ID: "X", Name: "X", Kind: h.AreaOther, ParentID: "E"},
			{ID: "x1", Name: "x1", Kind: h.AreaOther, ParentID: "X"},
			{ID: "Y", Name: "Y", Kind: h.AreaOther, ParentID: "E"},
			{ID: "y1", Name: "y1", Kind: h.AreaOther, ParentID: "Y"},
			{ID: "Z", Name: "Z", Kind: h.AreaOther, ParentID: "E"},
			{ID: "W", Name: "W", Kind: h.AreaOther},
		},
		Agencies:   []h.Agency{{ID: "D", Name: "D", Kind: "dwp"}, {ID: "A", Name: "A", Kind: "strategic_authority"}, {ID: "C", Name: "C", Kind: "local_authority"}},
		Cohorts:    []h.Cohort{{ID: "c", Name: "c"}},
		Programmes: []h.Programme{{ID: "p", Name: "P", LeadAgencyID: "D", AreaIDs: []string{"E"}, CohortIDs: []string{"c"}}},
		Fundings: []h.Funding{
			{ID: "g1", ProgrammeID: "p", FunderID: "D", RecipientID: "A", Start: d(2020, 4, 1), End: d(2021, 3, 31), AreaIDs: []string{"X"}},
			{ID: "g2", ProgrammeID: "p", FunderID: "D", RecipientID: "A", Start: d(2025, 4, 1), End: d(2026, 3, 31), AreaIDs: []string{"Y"}},
			{ID: "g3", ProgrammeID: "p", FunderID: "D", RecipientID: "A", Start: d(2025, 4, 1), End: d(2026, 3, 31), AreaIDs: []string{"X"}},
			{ID: "g4", ProgrammeID: "p", FunderID: "D", RecipientID: "A", Start: d(2029, 4, 1), End: d(2031, 3, 31), AreaIDs: []string{"X"}},
			{ID: "g5", ProgrammeID: "p", FunderID: "D", RecipientID: "A", Start: d(2029, 4, 1), End: d(2031, 3, 31), AreaIDs: []string{"Y"}},
			{ID: "f1", ProgrammeID: "p", FunderID: "A", RecipientID: "C", Start: d(2025, 6, 1), End: d(2025, 12, 31), AreaIDs: []string{"x1"}},
			{ID: "f2", ProgrammeID: "p", FunderID: "A", RecipientID: "C", Start: d(2025, 6, 1), End: d(2025, 12, 31), AreaIDs: []string{"Z"}},
			{ID: "f3", ProgrammeID: "p", FunderID: "A", RecipientID: "C", Start: d(2020, 6, 1), End: d(2020, 12, 31), AreaIDs: []string{"y1"}},
			{ID: "f4", ProgrammeID: "p", FunderID: "A", RecipientID: "C", Start: d(2030, 6, 1), End: d(2030, 12, 31), AreaIDs: []string{"y1"}},
			{ID: "f5", ProgrammeID: "p", FunderID: "A", RecipientID: "C", Start: d(2030, 6, 1), End: d(2030, 12, 31), AreaIDs: []string{"W"}},
			{ID: "f6", ProgrammeID: "p", FunderID: "A", RecipientID: "C", Start: d(2030, 6, 1), End: d(2030, 12, 31), AreaIDs: []string{"x1", "y1"}},
			{ID: "f7", ProgrammeID: "p", FunderID: "A", RecipientID: "C", Start: d(2030, 6, 1), End: d(2030, 12, 31), AreaIDs: []string{"Y", "y1"}},
			{ID: "f8", ProgrammeID: "p", FunderID: "A", RecipientID: "C", Start: d(2030, 6, 1), End: d(2030, 12, 31), AreaIDs: []string{"Z"}},
			{ID: "f9", ProgrammeID: "p", FunderID: "A", RecipientID: "C", Start: d(2035, 6, 1), End: d(2035, 12, 31), AreaIDs: []string{"y1"}},
		},
	}
	want := map[string]string{
		"f1": "g3",      // overlaps and covers
		"f2": "g2",      // overlaps, covered by none: the first that overlaps
		"f3": "g1",      // the only one that overlaps, though g2 covers it
		"f4": "g5",      // covers
		"f5": "g4",      // neither covers: the first
		"f6": "g4",      // neither covers both places
		"f7": "g5",      // covers both
		"f8": "g4",      // Z comes just after Y's places in the depth-first order, but is not inside Y
		"f9": "nothing", // A received nothing for 2035: its own money
		"g1": "nothing", "g2": "nothing", "g3": "nothing", "g4": "nothing", "g5": "nothing",
	}
	ix := index.NewIndex(reg)
	for i := range reg.Fundings {
		f := &reg.Fundings[i]
		if got := fundingID(ix.PassedOnFrom(f.ID)); got != want[f.ID] {
			t.Errorf("%s passed on from %s, want %s", f.ID, got, want[f.ID])
		}
		if got, ref := fundingID(ix.PassedOnFrom(f.ID)), fundingID(referenceParent(ix, f)); got != ref {
			t.Errorf("%s: index says %s, the rule %s", f.ID, got, ref)
		}
	}
}

func referenceParent(ix *index.Index, f *h.Funding) *h.Funding {
	if ix.Programme(f.ProgrammeID) == nil || ix.Agency(f.FunderID) == nil {
		return nil
	}
	// The funder's own money (kind match, or going to no one but the funder)
	// is never passed on.
	if f.Kind == h.FundingMatch {
		return nil
	}
	if rec := ix.FundingRecipient(f.ID); rec != nil && rec.ID == f.FunderID {
		return nil
	}
	var best *h.Funding
	bestScore := -1
	for _, g := range ix.FundingsOf(f.ProgrammeID) {
		rec := ix.FundingRecipient(g.ID)
		if g == f || rec == nil || rec.ID != f.FunderID || g.FunderID == f.FunderID || !g.Period().Overlaps(f.Period()) {
			continue
		}
		score := 0
		if covers(ix, g.AreaIDs, f.AreaIDs) {
			score++
		}
		if score > bestScore {
			best, bestScore = g, score
		}
	}
	return best
}

// covers: every inner area lies within one of outer (no outer: everywhere).
func covers(ix *index.Index, outer, inner []string) bool {
	known := func(ids []string) []string {
		var out []string
		for _, id := range ids {
			if ix.Area(id) != nil {
				out = append(out, id)
			}
		}
		return out
	}
	outer, inner = known(outer), known(inner)
	if len(outer) == 0 {
		return true
	}
	for _, in := range inner {
		ok := false
		for _, out := range outer {
			ok = ok || ix.IsAreaWithin(in, out)
		}
		if !ok {
			return false
		}
	}
	return len(inner) > 0
}

func fundingID(f *h.Funding) string {
	if f == nil {
		return "nothing"
	}
	return f.ID
}
