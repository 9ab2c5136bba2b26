package index_test

import (
	"slices"
	"testing"

	h "frontdoor/handlers"
)

func TestAttributionOfMoney(t *testing.T) {
	ix := attributionIndex(t, nil)
	tests := []struct {
		funding, parent, source string
		via                     []string
	}{
		{"m_dwp", "", "dwp", nil},
		// The lead's own money, however it is written, starts with the lead,
		// although the lead received DWP money for the same programme.
		{"m_own", "", "nca", nil},
		{"m_self", "", "nca", nil},
		// Kind match decides: the lead's money paid to a provider is its own.
		{"m_kind", "", "nca", nil},
		// A regrant through the authority to a provider is DWP money via NCA.
		{"m_regrant", "m_dwp", "dwp", []string{"nca"}},
		{"m_to_town", "m_dwp", "dwp", []string{"nca"}},
		// Town received NCA's regrant, but its match contribution is its own.
		{"m_town", "", "town", nil},
		// A national total and its allocations all start with DWP, none
		// passed on by anyone.
		{"n_total", "", "dwp", nil},
		{"n_nth", "", "dwp", nil},
		{"n_sth", "", "dwp", nil},
		{"s_own", "", "south", nil},
	}
	for _, tt := range tests {
		t.Run(tt.funding, func(t *testing.T) { checkFundingSource(t, ix, tt.funding, tt.parent, tt.source, tt.via) })
	}
}

// TestAttributionKindDecides shows the kind column deciding where the
// shape of the rows alone would read money as passed on: without kind
// match, Town's contribution to NCA is NCA's DWP money going round.
func TestAttributionKindDecides(t *testing.T) {
	for _, tt := range []struct {
		kind, source string
		via          []string
	}{
		{h.FundingMatch, "town", nil},
		{"", "dwp", []string{"nca", "town"}},
		{h.FundingGrant, "dwp", []string{"nca", "town"}},
	} {
		t.Run("kind "+tt.kind, func(t *testing.T) {
			ix := attributionIndex(t, func(r *h.Register) {
				for i := range r.Fundings {
					if r.Fundings[i].ID == "m_town" {
						r.Fundings[i].Kind = tt.kind
					}
				}
			})
			src, via := ix.FundingSource("m_town")
			var got []string
			for _, a := range via {
				got = append(got, a.ID)
			}
			if src == nil || src.ID != tt.source || !slices.Equal(got, tt.via) {
				t.Errorf("FundingSource = %v via %v, want %s via %v", src, got, tt.source, tt.via)
			}
		})
	}
}
