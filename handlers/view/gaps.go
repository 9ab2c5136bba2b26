package view

import (
	"slices"

	"frontdoor/handlers"
	"frontdoor/handlers/index"
)

// GapsReply answers `gaps [in <area>] [for <cohort>]`.
func Gaps(bud Budget, r *index.GapReport) handlers.Reply {
	on := r.On
	scope := scopeWords(r.Area, r.Cohort)
	b := newReplyBuilder(bud, handlers.ClipText("Gaps"+scope, 150))
	summary := gapSummary(r, scope)
	b.add(handlers.Section{Lines: []handlers.Rich{handlers.Line(summary)}})
	if len(r.Gaps) > 0 {
		b.add(bud.pack(gapCohortLines(r, maxGapCohorts))...)
		if len(r.ByAuthority) > 1 || r.Area == nil {
			b.add(bud.pack(gapAuthorityLines(r, maxGapAuthorities))...)
		}
		if r.Area != nil || r.Cohort != nil {
			if chunk := bud.pack(gapDetailLines(r, maxGapDetail)); len(chunk) > 0 && b.fits(len(chunk)+1) {
				b.add(chunk...)
			}
		}
	}
	b.add(handlers.Context{Items: []handlers.Rich{handlers.R(handlers.T("As of "+on.UK()+" · councils at the lowest tier (a county's districts stand for it); a programme for a broader cohort or a wider area counts · detail: "),
		handlers.C("gaps in <area> for <cohort>"))}})
	return b.reply(summary)
}

// gapSummary says how many gaps there are, in one sentence.
func gapSummary(r *index.GapReport, scope string) string {
	day := r.On.UK()
	switch {
	case len(r.Councils) == 0:
		return "No council is recorded" + scope + ", so there are no gaps to count."
	case len(r.Cohorts) == 0:
		return "No residents' cohort with no narrower ones is recorded" + scope + ", so there are no gaps to count."
	case len(r.Gaps) == 0:
		return "No gaps" + scope + " on " + day + ": every one of the " + handlers.Plural(len(r.Cohorts), "cohort", "cohorts") +
			" has something live in each of the " + handlers.Plural(len(r.Councils), "council", "councils") + "."
	}
	return handlers.Plural(len(r.Gaps), "gap", "gaps") + scope + " on " + day + ": " + handlers.Num(len(r.ByCohort)) + " of " +
		handlers.Plural(len(r.Cohorts), "cohort", "cohorts") + " have nothing live in at least one of " +
		handlers.Plural(len(r.Councils), "council", "councils") + "."
}

// gapCohortLine is "Over-50s: nothing live in any of 142 councils".
func gapCohortLine(r *index.GapReport, g index.CohortGaps) handlers.Rich {
	name := handlers.ClipName(g.Cohort.Name)
	n := len(r.Councils)
	var where string
	switch {
	case r.Everywhere(g) && n == 1:
		where = "nothing live in " + handlers.ClipName(r.Councils[0].Name)
	case r.Everywhere(g):
		where = "nothing live in any of " + handlers.Plural(n, "council", "councils")
	default:
		where = "nothing live in " + handlers.Num(len(g.Councils)) + " of " + handlers.Plural(n, "council", "councils")
		if len(g.Councils) <= 4 {
			where += " (" + handlers.JoinNames(handlers.PlaceNames(g.Councils), 4) + ")"
		}
	}
	return handlers.R(handlers.T("• "), handlers.B(name), handlers.T(": "+where))
}

func gapCohortLines(r *index.GapReport, max int) []handlers.Rich {
	lines := []handlers.Rich{handlers.R(handlers.B("By cohort"))}
	for i, g := range r.ByCohort {
		if i == max {
			lines = append(lines, handlers.R(handlers.T("…and "+handlers.Plural(len(r.ByCohort)-i, "more cohort", "more cohorts")+": see "), handlers.C("gaps for <cohort>"), handlers.T(".")))
			break
		}
		lines = append(lines, gapCohortLine(r, g))
	}
	return lines
}

// gapAuthorityLine is "Greater Manchester (10 councils): 66 gaps in 7
// cohorts, 3 of them with nothing in any of its councils".
func gapAuthorityLine(a index.AuthorityGaps) handlers.Rich {
	all := 0
	for _, n := range a.CohortCouncils {
		if n == a.Councils {
			all++
		}
	}
	text := " (" + handlers.Plural(a.Councils, "council", "councils") + "): " + handlers.Plural(a.Gaps, "gap", "gaps") +
		" in " + handlers.Plural(len(a.Cohorts), "cohort", "cohorts")
	switch {
	case a.Councils == 1:
	case all == len(a.Cohorts):
		text += ", each with nothing in any of its councils"
	case all > 0:
		text += ", " + handlers.Num(all) + " of them with nothing in any of its councils"
	}
	return handlers.R(handlers.T("• "), handlers.B(handlers.ClipName(index.AuthorityName(a.Authority))), handlers.T(text))
}

func gapAuthorityLines(r *index.GapReport, max int) []handlers.Rich {
	lines := []handlers.Rich{handlers.R(handlers.B("By authority"))}
	for i, a := range r.ByAuthority {
		if i == max {
			lines = append(lines, handlers.R(handlers.T("…and "+handlers.Plural(len(r.ByAuthority)-i, "more authority", "more authorities")+": see "), handlers.C("gaps in <area>"), handlers.T(".")))
			break
		}
		lines = append(lines, gapAuthorityLine(a))
	}
	return lines
}

// gapDetailLines lists, for a narrow query, each council with what it lacks.
func gapDetailLines(r *index.GapReport, max int) []handlers.Rich {
	byCouncil := map[*handlers.Area][]string{}
	var order []*handlers.Area
	for _, g := range r.Gaps {
		if _, ok := byCouncil[g.Area]; !ok {
			order = append(order, g.Area)
		}
		byCouncil[g.Area] = append(byCouncil[g.Area], handlers.Phrase(handlers.ClipName(g.Cohort.Name)))
	}
	if len(order) == 0 {
		return nil
	}
	sortAreasByName(order)
	lines := []handlers.Rich{handlers.R(handlers.B("By council"))}
	for i, a := range order {
		if i == max {
			lines = append(lines, handlers.Line("…and "+handlers.Plural(len(order)-i, "more council", "more councils")+"."))
			break
		}
		lines = append(lines, handlers.R(handlers.T("• "), handlers.B(handlers.ClipName(a.Name)), handlers.T(": nothing live for "+handlers.JoinNames(byCouncil[a], 6))))
	}
	return lines
}

func sortAreasByName(as []*handlers.Area) {
	slices.SortStableFunc(as, func(a, b *handlers.Area) int { return handlers.CompareFold(a.Name, b.Name) })
}
