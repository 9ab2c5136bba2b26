package index

// Accessors for the tests only: what the index holds, by id, to check the
// hierarchies, the regrants and the money's sources directly. Production
// asks the index through its queries and their answers.

import (
	"frontdoor/handlers"
)

// Funding returns the funding with this id, or nil.
func (ix *Index) Funding(id string) *handlers.Funding {
	if i := lookupPos(ix.fundPos, id); i >= 0 {
		return &ix.reg.Fundings[i]
	}
	return nil
}

// AreaParent returns the area that contains this one, or nil.
func (ix *Index) AreaParent(id string) *handlers.Area {
	if i := lookupPos(ix.areaPos, id); i >= 0 && ix.areas.parent[i] >= 0 {
		return &ix.reg.Areas[ix.areas.parent[i]]
	}
	return nil
}

// AreaChildren returns the areas directly inside this one, in register order.
func (ix *Index) AreaChildren(id string) []*handlers.Area {
	if i := lookupPos(ix.areaPos, id); i >= 0 {
		return rows(ix.reg.Areas, ix.areas.children[i])
	}
	return nil
}

// AreaAncestors returns the areas that contain this one, nearest first
// (district, county, strategic authority, country).
func (ix *Index) AreaAncestors(id string) []*handlers.Area {
	if i := lookupPos(ix.areaPos, id); i >= 0 {
		return rows(ix.reg.Areas, ix.areas.anc[i])
	}
	return nil
}

// AreaDescendants returns every area inside this one (not itself), depth first.
func (ix *Index) AreaDescendants(id string) []*handlers.Area {
	if i := lookupPos(ix.areaPos, id); i >= 0 {
		return rows(ix.reg.Areas, ix.areas.descendants(i))
	}
	return nil
}

// IsAreaWithin reports whether area a is area b or lies inside it.
// Unknown ids are within nothing.
func (ix *Index) IsAreaWithin(a, b string) bool {
	i, j := lookupPos(ix.areaPos, a), lookupPos(ix.areaPos, b)
	return i >= 0 && j >= 0 && ix.areas.within(i, j)
}

// AreasRelated reports whether one of two areas lies within the other (or
// they are the same): the up-and-down rule of the lookups.
func (ix *Index) AreasRelated(a, b string) bool {
	i, j := lookupPos(ix.areaPos, a), lookupPos(ix.areaPos, b)
	return i >= 0 && j >= 0 && ix.areas.related(i, j)
}

// CohortParent returns the broader cohort this one belongs to, or nil.
func (ix *Index) CohortParent(id string) *handlers.Cohort {
	if i := lookupPos(ix.cohortPos, id); i >= 0 && ix.cohorts.parent[i] >= 0 {
		return &ix.reg.Cohorts[ix.cohorts.parent[i]]
	}
	return nil
}

// CohortChildren returns the cohorts directly under this one.
func (ix *Index) CohortChildren(id string) []*handlers.Cohort {
	if i := lookupPos(ix.cohortPos, id); i >= 0 {
		return rows(ix.reg.Cohorts, ix.cohorts.children[i])
	}
	return nil
}

// CohortAncestors returns the broader cohorts this one belongs to, nearest first.
func (ix *Index) CohortAncestors(id string) []*handlers.Cohort {
	if i := lookupPos(ix.cohortPos, id); i >= 0 {
		return rows(ix.reg.Cohorts, ix.cohorts.anc[i])
	}
	return nil
}

// CohortDescendants returns every narrower cohort under this one, depth first.
func (ix *Index) CohortDescendants(id string) []*handlers.Cohort {
	if i := lookupPos(ix.cohortPos, id); i >= 0 {
		return rows(ix.reg.Cohorts, ix.cohorts.descendants(i))
	}
	return nil
}

// IsCohortWithin reports whether cohort a is cohort b or narrower than it.
func (ix *Index) IsCohortWithin(a, b string) bool {
	i, j := lookupPos(ix.cohortPos, a), lookupPos(ix.cohortPos, b)
	return i >= 0 && j >= 0 && ix.cohorts.within(i, j)
}

// CohortsRelated reports whether one of two cohorts is within the other.
func (ix *Index) CohortsRelated(a, b string) bool {
	i, j := lookupPos(ix.cohortPos, a), lookupPos(ix.cohortPos, b)
	return i >= 0 && j >= 0 && ix.cohorts.related(i, j)
}

// ProgrammesInArea returns the programmes that list this area itself.
func (ix *Index) ProgrammesInArea(areaID string) []*handlers.Programme {
	if i := lookupPos(ix.areaPos, areaID); i >= 0 {
		return rows(ix.reg.Programmes, ix.progsByArea[i])
	}
	return nil
}

// ProgrammesForCohort returns the programmes that list this cohort itself.
func (ix *Index) ProgrammesForCohort(cohortID string) []*handlers.Programme {
	if i := lookupPos(ix.cohortPos, cohortID); i >= 0 {
		return rows(ix.reg.Programmes, ix.progsByCohort[i])
	}
	return nil
}

// ProgrammesLedBy returns the programmes this agency leads.
func (ix *Index) ProgrammesLedBy(agencyID string) []*handlers.Programme {
	if i := lookupPos(ix.agencyPos, agencyID); i >= 0 {
		return rows(ix.reg.Programmes, ix.progsByLead[i])
	}
	return nil
}

// ProgrammesAroundArea returns, in register order, the programmes whose
// areas include this area, an area containing it, or an area inside it:
// those that may reach residents there, whatever their dates.
func (ix *Index) ProgrammesAroundArea(areaID string) []*handlers.Programme {
	a := lookupPos(ix.areaPos, areaID)
	if a < 0 {
		return nil
	}
	return rows(ix.reg.Programmes, ix.programmesAround(a))
}

// IsNational reports whether every area of the programme is a country.
func (ix *Index) IsNational(programmeID string) bool {
	p := lookupPos(ix.progPos, programmeID)
	if p < 0 || len(ix.progAreas[p]) == 0 {
		return false
	}
	for _, a := range ix.progAreas[p] {
		if ix.reg.Areas[a].Kind != handlers.AreaCountry {
			return false
		}
	}
	return true
}

// FundingsOf returns the fundings of a programme, in register order.
func (ix *Index) FundingsOf(programmeID string) []*handlers.Funding {
	if i := lookupPos(ix.progPos, programmeID); i >= 0 {
		return rows(ix.reg.Fundings, ix.fundsByProg[i])
	}
	return nil
}

// FundingsFrom returns the fundings this agency is the funder of.
func (ix *Index) FundingsFrom(agencyID string) []*handlers.Funding {
	if i := lookupPos(ix.agencyPos, agencyID); i >= 0 {
		return rows(ix.reg.Fundings, ix.fundsByFunder[i])
	}
	return nil
}

// FundingsTo returns the fundings this agency receives: those naming it as
// recipient, and those with no recipient for programmes it leads, but not
// the money it puts into its own programmes.
func (ix *Index) FundingsTo(agencyID string) []*handlers.Funding {
	if i := lookupPos(ix.agencyPos, agencyID); i >= 0 {
		return rows(ix.reg.Fundings, ix.fundsByRecip[i])
	}
	return nil
}

// FundingRecipient returns who receives a funding: its recipient, or else
// its programme's lead agency; nil when neither is known.
func (ix *Index) FundingRecipient(fundingID string) *handlers.Agency {
	if f := lookupPos(ix.fundPos, fundingID); f >= 0 && ix.fundRecipient[f] >= 0 {
		return &ix.reg.Agencies[ix.fundRecipient[f]]
	}
	return nil
}

// PassedOnFrom returns the funding whose money this funding passes on (its
// funder received that funding for the same programme), or nil.
func (ix *Index) PassedOnFrom(fundingID string) *handlers.Funding {
	if f := lookupPos(ix.fundPos, fundingID); f >= 0 && ix.fundParent[f] >= 0 {
		return &ix.reg.Fundings[ix.fundParent[f]]
	}
	return nil
}

// FundingSource returns the agency a funding's money started with, following
// regrants up (GMCA's grant to Manchester of DWP money starts with DWP), and
// the agencies that passed it on, nearest the source first.
func (ix *Index) FundingSource(fundingID string) (source *handlers.Agency, via []*handlers.Agency) {
	f := lookupPos(ix.fundPos, fundingID)
	if f < 0 {
		return nil, nil
	}
	root, chain := ix.fundingChain(f)
	if root >= 0 {
		source = &ix.reg.Agencies[root]
	}
	for _, a := range chain {
		if a >= 0 {
			via = append(via, &ix.reg.Agencies[a])
		}
	}
	return source, via
}
