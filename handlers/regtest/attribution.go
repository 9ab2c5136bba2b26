package regtest

import (
	"testing"

	h "frontdoor/handlers"
	"frontdoor/handlers/index"
)

// Attribution is the attribution register: the edge register with three programmes whose
// money takes every road the attribution rule knows (register format v2:
// money is attributed to whoever put it in).
//
//   - North Works (nw), led by North Combined Authority (NCA), for young
//     people in North: DWP's grant to NCA; NCA's own money three ways (no
//     recipient, NCA as recipient, kind match to a provider); NCA's regrant
//     of DWP money to the provider for Dale and to Town Council for Town;
//     and Town's match contribution back to NCA for Town.
//   - National Start (ns), led by DWP, for working-age residents in
//     England: a national total with allocations to North and South.
//   - Southern Pathways (sp), led by DWP, for young people in North and
//     South, with money (DWP's grant to South and South's own) only for
//     South.
//
// Money runs for 2025/26; the programmes run on, so on 1 Jun 2026 only the
// national total (no dates) is live.
func Attribution() *h.Register {
	progs := []h.Programme{
		Prog("nw", "nca", "2025-04-01", "", "NTH", "young", ""),
		Prog("ns", "dwp", "", "", "ENG", "all", ""),
		Prog("sp", "dwp", "2025-04-01", "", "NTH;STH", "young", ""),
	}
	progs[0].Name, progs[1].Name, progs[2].Name = "North Works", "National Start", "Southern Pathways"
	const from, to = "2025-04-01", "2026-03-31"
	f := func(id, programme, funder, recipient, areas, kind string, amount int64) h.Funding {
		x := Fund(id, programme, funder, from, to, areas, amount)
		x.RecipientID, x.Kind = recipient, kind
		return x
	}
	funds := []h.Funding{
		f("m_dwp", "nw", "dwp", "", "NTH", h.FundingGrant, 2_000_000),
		f("m_own", "nw", "nca", "", "NTH", "", 500_000),
		f("m_self", "nw", "nca", "nca", "", "", 250_000),
		f("m_kind", "nw", "nca", "prov", "NTH", h.FundingMatch, 100_000),
		f("m_regrant", "nw", "nca", "prov", "DAL", "", 300_000),
		f("m_to_town", "nw", "nca", "town", "TWN", h.FundingGrant, 200_000),
		f("m_town", "nw", "town", "", "TWN", h.FundingMatch, 50_000),
		f("n_total", "ns", "dwp", "", "", "", 900_000_000),
		f("n_nth", "ns", "dwp", "nca", "NTH", h.FundingAllocation, 40_000_000),
		f("n_sth", "ns", "dwp", "south", "STH", h.FundingAllocation, 30_000_000),
		f("s_dwp", "sp", "dwp", "south", "STH", h.FundingGrant, 1_000_000),
		f("s_own", "sp", "south", "south", "STH", h.FundingMatch, 100_000),
	}
	funds[7].Start, funds[7].End = h.NoDate, h.NoDate // the national total has no dates
	reg := EdgeRegister(progs, funds)
	reg.Agencies = append(reg.Agencies,
		h.Agency{ID: "south", Name: "South Combined Authority", Kind: "strategic_authority", AreaID: "STH", Aliases: []string{"SCA"}},
		h.Agency{ID: "prov", Name: "Northern Works Trust", Kind: "provider", AreaID: "NTH"})
	return reg
}

// AttributionIndex is the index of the attribution register, changed by
// edit (when not nil) and checked valid.
func AttributionIndex(t *testing.T, edit func(*h.Register)) *index.Index {
	t.Helper()
	reg := Attribution()
	if edit != nil {
		edit(reg)
	}
	if err := Validate(reg); err != nil {
		t.Fatalf("attribution register: %v", err)
	}
	return index.NewIndex(reg)
}
