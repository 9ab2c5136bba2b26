package handlers

import (
	"slices"
)

// GapsReply answers `gaps [in <area>] [for <cohort>]`.
func GapsReply(r *GapReport) Reply {
	on := r.On
	scope := scopeWords(r.Area, r.Cohort)
	b := newReplyBuilder(clipText("Gaps"+scope, 150))
	summary := gapSummary(r, scope)
	b.add(Section{Lines: []Rich{Line(summary)}})
	if len(r.Gaps) > 0 {
		b.add(packLines(gapCohortLines(r, maxGapCohorts))...)
		if len(r.ByAuthority) > 1 || r.Area == nil {
			b.add(packLines(gapAuthorityLines(r, maxGapAuthorities))...)
		}
		if r.Area != nil || r.Cohort != nil {
			if chunk := packLines(gapDetailLines(r, maxGapDetail)); len(chunk) > 0 && b.fits(len(chunk)+1) {
				b.add(chunk...)
			}
		}
	}
	b.add(Context{Items: []Rich{R(T("As of "+on.UK()+" · councils at the lowest tier (a county's districts stand for it); a programme for a broader cohort or a wider area counts · detail: "),
		C("gaps in <area> for <cohort>"))}})
	return b.reply(summary)
}

// gapSummary says how many gaps there are, in one sentence.
func gapSummary(r *GapReport, scope string) string {
	day := r.On.UK()
	switch {
	case len(r.Councils) == 0:
		return "No council is recorded" + scope + ", so there are no gaps to count."
	case len(r.Cohorts) == 0:
		return "No residents' cohort with no narrower ones is recorded" + scope + ", so there are no gaps to count."
	case len(r.Gaps) == 0:
		return "No gaps" + scope + " on " + day + ": every one of the " + plural(len(r.Cohorts), "cohort", "cohorts") +
			" has something live in each of the " + plural(len(r.Councils), "council", "councils") + "."
	}
	return plural(len(r.Gaps), "gap", "gaps") + scope + " on " + day + ": " + num(len(r.ByCohort)) + " of " +
		plural(len(r.Cohorts), "cohort", "cohorts") + " have nothing live in at least one of " +
		plural(len(r.Councils), "council", "councils") + "."
}

// gapCohortLine is "Over-50s: nothing live in any of 142 councils".
func gapCohortLine(r *GapReport, g CohortGaps) Rich {
	name := clipName(g.Cohort.Name)
	n := len(r.Councils)
	var where string
	switch {
	case r.Everywhere(g) && n == 1:
		where = "nothing live in " + clipName(r.Councils[0].Name)
	case r.Everywhere(g):
		where = "nothing live in any of " + plural(n, "council", "councils")
	default:
		where = "nothing live in " + num(len(g.Councils)) + " of " + plural(n, "council", "councils")
		if len(g.Councils) <= 4 {
			where += " (" + joinNames(placeNames(g.Councils), 4) + ")"
		}
	}
	return R(T("• "), B(name), T(": "+where))
}

func gapCohortLines(r *GapReport, max int) []Rich {
	lines := []Rich{R(B("By cohort"))}
	for i, g := range r.ByCohort {
		if i == max {
			lines = append(lines, R(T("…and "+plural(len(r.ByCohort)-i, "more cohort", "more cohorts")+": see "), C("gaps for <cohort>"), T(".")))
			break
		}
		lines = append(lines, gapCohortLine(r, g))
	}
	return lines
}

// gapAuthorityLine is "Greater Manchester (10 councils): 66 gaps in 7
// cohorts, 3 of them with nothing in any of its councils".
func gapAuthorityLine(a AuthorityGaps) Rich {
	all := 0
	for _, n := range a.CohortCouncils {
		if n == a.Councils {
			all++
		}
	}
	text := " (" + plural(a.Councils, "council", "councils") + "): " + plural(a.Gaps, "gap", "gaps") +
		" in " + plural(len(a.Cohorts), "cohort", "cohorts")
	switch {
	case a.Councils == 1:
	case all == len(a.Cohorts):
		text += ", each with nothing in any of its councils"
	case all > 0:
		text += ", " + num(all) + " of them with nothing in any of its councils"
	}
	return R(T("• "), B(clipName(authorityName(a.Authority))), T(text))
}

func gapAuthorityLines(r *GapReport, max int) []Rich {
	lines := []Rich{R(B("By authority"))}
	for i, a := range r.ByAuthority {
		if i == max {
			lines = append(lines, R(T("…and "+plural(len(r.ByAuthority)-i, "more authority", "more authorities")+": see "), C("gaps in <area>"), T(".")))
			break
		}
		lines = append(lines, gapAuthorityLine(a))
	}
	return lines
}

// gapDetailLines lists, for a narrow query, each council with what it lacks.
func gapDetailLines(r *GapReport, max int) []Rich {
	byCouncil := map[*Area][]string{}
	var order []*Area
	for _, g := range r.Gaps {
		if _, ok := byCouncil[g.Area]; !ok {
			order = append(order, g.Area)
		}
		byCouncil[g.Area] = append(byCouncil[g.Area], phraseOf(clipName(g.Cohort.Name)))
	}
	if len(order) == 0 {
		return nil
	}
	sortAreasByName(order)
	lines := []Rich{R(B("By council"))}
	for i, a := range order {
		if i == max {
			lines = append(lines, Line("…and "+plural(len(order)-i, "more council", "more councils")+"."))
			break
		}
		lines = append(lines, R(T("• "), B(clipName(a.Name)), T(": nothing live for "+joinNames(byCouncil[a], 6))))
	}
	return lines
}

func sortAreasByName(as []*Area) {
	slices.SortStableFunc(as, func(a, b *Area) int { return compareFold(a.Name, b.Name) })
}
