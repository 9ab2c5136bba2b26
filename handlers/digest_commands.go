package handlers

import (
	"slices"
	"strconv"
	"strings"
)

// The commands `overlaps [in <area>] [for <cohort>]`, `gaps [in <area>]
// [for <cohort>]` and `ending [in <area>] [within <N> days]`, answered in
// the style of the lookups: private, shareable, within Slack's limits, with
// "and N more" and a narrower query to ask when an answer is cut short.
// The renderers here are shared with the digest.

// Caps that keep these replies short enough to read in a meeting.
const (
	maxOverlapGroups   = 10 // groups of overlaps shown in full
	maxOverlapLines    = 20 // groups shown as one line each
	maxNationalPlaces  = 8  // places listed with their national programmes
	maxNationalNamed   = 5  // national programmes named at one place
	maxGapCohorts      = 12 // cohorts listed in a gap summary
	maxGapAuthorities  = 10 // authorities listed in a gap summary
	maxGapDetail       = 25 // councils listed in detail
	maxCliffProgrammes = 12
	maxCliffFundings   = 15
	maxSideFundings    = 2 // fundings named for one programme of an overlap
	maxGroupProgrammes = 6 // programmes listed in one group of overlaps
	maxGroupPairs      = 6 // pairs listed in one group
	defaultCliffDays   = 90
)

// OverlapsReply answers `overlaps [in <area>] [for <cohort>]` for a day.
func OverlapsReply(w *OverlapsAnswer) Reply {
	scope := scopeWords(w.Area, w.Cohort)
	day := w.Period.Start.UK()
	groups := w.Groups
	local, withNational, between := countEntries(w)

	b := newReplyBuilder(clipText("Overlaps"+scope, 150))
	var summary string
	if local == 0 {
		summary = "No two local programmes overlap" + scope + " on " + day + "."
	} else {
		summary = nplural(local, "overlap", "overlaps") + " between local programmes" + scope + " on " + day +
			", in " + nplural(len(groups), "group", "groups") + " by place and cohort (" +
			differentLeadWords(w) + ")."
	}
	if withNational > 0 || between > 0 {
		summary += " " + nationalWords(withNational, between)
	}
	b.add(Section{Lines: []Rich{Line(summary)}})

	shown := 0
	for gi := range groups {
		if shown == maxOverlapGroups {
			break
		}
		chunk := packLines(overlapGroupLines(w, &groups[gi], false))
		if !b.fits(len(chunk) + 4) {
			break
		}
		b.add(chunk...)
		shown++
	}
	// The next groups in a line each, then a count and a narrower query.
	if rest := groups[shown:]; len(rest) > 0 {
		var lines []Rich
		if shown > 0 {
			lines = append(lines, R(B("More overlaps")))
		}
		listed := 0
		for gi := range rest {
			if listed == maxOverlapLines {
				break
			}
			lines = append(lines, overlapOneLine(&rest[gi]))
			listed++
		}
		if more := len(rest) - listed; more > 0 {
			lines = append(lines, R(T("…and "+nplural(more, "more group", "more groups")+". Narrow it with "),
				C("overlaps in <area>"), T(" or "), C("overlaps for <cohort>"), T(".")))
		}
		if chunk := packLines(lines); b.fits(len(chunk) + 2) {
			b.add(chunk...)
		} else {
			b.add(Section{Lines: []Rich{R(T("…and "+nplural(len(rest), "more group", "more groups")+". Narrow it with "),
				C("overlaps in <area>"), T(" or "), C("overlaps for <cohort>"), T("."))}})
		}
	}
	if chunk := packLines(nationalLines(w, maxNationalPlaces)); len(chunk) > 0 && b.fits(len(chunk)+1) {
		b.add(chunk...)
	}
	b.add(Context{Items: []Rich{Line("As of " + day + " · two programmes overlap when both run that day for related cohorts in related areas · amounts are listed as recorded, never added up")}})
	return b.reply(summary)
}

// scopeWords writes the filters of a query: " in Bolton for over-50s".
func scopeWords(area *Area, cohort *Cohort) string {
	s := ""
	if area != nil {
		s += " in " + placeName(area)
	}
	if cohort != nil {
		s += " for " + phraseOf(clipName(cohort.Name))
	}
	return s
}

// countEntries counts local overlaps, those with a national programme and
// those between two national programmes.
func countEntries(w *OverlapsAnswer) (local, withNational, between int) {
	for i := range w.Overlaps {
		switch o := &w.Overlaps[i]; {
		case o.Local():
			local++
		case o.BetweenNational():
			between++
		default:
			withNational++
		}
	}
	return local, withNational, between
}

// differentLeadWords says how many local overlaps have different leads.
func differentLeadWords(w *OverlapsAnswer) string {
	n, local := 0, 0
	for i := range w.Overlaps {
		if o := &w.Overlaps[i]; o.Local() {
			local++
			if !o.SameLead {
				n++
			}
		}
	}
	switch n {
	case local:
		if local == 1 {
			return "with different lead agencies"
		}
		return "all with different lead agencies"
	case 0:
		return "each led by a single agency"
	}
	return strconv.Itoa(n) + " with different lead agencies"
}

// nationalWords summarises overlaps with national programmes in a sentence.
func nationalWords(withNational, between int) string {
	var parts []string
	if withNational > 0 {
		parts = append(parts, nplural(withNational, "more overlap involves", "more overlaps involve")+" a national programme")
	}
	if between > 0 {
		parts = append(parts, nplural(between, "overlap is", "overlaps are")+" between national programmes")
	}
	return capitalise(strings.Join(parts, "; ")) + "."
}

// overlapGroupLines writes one group: the place and cohort, each programme
// with its lead and money there, and when the pairs run together.
func overlapGroupLines(w *OverlapsAnswer, g *OverlapGroup, markNew bool) []Rich {
	head := R(B(placeName(g.Area)), T(" · "+phraseOf(clipName(g.Cohort.Name))))
	// Other narrowest cohorts the pairs share, each named once.
	var also []string
	for _, oi := range g.Overlaps {
		for _, c := range w.Overlaps[oi].AlsoCohorts {
			if name := phraseOf(clipName(c.Name)); !slices.Contains(also, name) {
				also = append(also, name)
			}
		}
	}
	if len(also) > 0 {
		head = append(head, T(" (also "+joinNames(also, 2)+")"))
	}
	if markNew && g.Fresh {
		head = append(head, T(" · "), B("new"))
	}
	lines := []Rich{head}
	for i, p := range g.Programmes {
		if i == maxGroupProgrammes {
			lines = append(lines, Line("…and "+nplural(len(g.Programmes)-i, "more programme", "more programmes")))
			break
		}
		lines = append(lines, overlapProgrammeLine(p, w.Money(p, g.Area)))
	}
	if len(g.Overlaps) == 1 {
		o := &w.Overlaps[g.Overlaps[0]]
		lines = append(lines, Line("Together "+togetherWords(o.Together)+" · "+leadWords(o)))
		return lines
	}
	for i, oi := range g.Overlaps {
		if i == maxGroupPairs {
			lines = append(lines, Line("…and "+nplural(len(g.Overlaps)-i, "more pair", "more pairs")))
			break
		}
		o := &w.Overlaps[oi]
		lines = append(lines, Line("↔ "+shortProgramme(o.Programmes[0].Programme)+" and "+shortProgramme(o.Programmes[1].Programme)+
			": together "+togetherWords(o.Together)+" · "+leadWords(o)))
	}
	return lines
}

// overlapProgrammeLine is one programme of an overlap group: name, lead and
// the money recorded for the place.
func overlapProgrammeLine(prog *Programme, side ProgrammeMoney) Rich {
	line := R(T("• "), B(clipName(prog.Name)))
	var b strings.Builder
	if l := side.Lead; l != nil {
		b.WriteString(" · led by " + shortName(l))
	}
	var money []string
	for i, fl := range side.Fundings {
		if i == maxSideFundings {
			money = append(money, "and "+nplural(len(side.Fundings)-i, "more funding", "more fundings"))
			break
		}
		money = append(money, compactFunding(fl))
	}
	switch {
	case len(money) > 0:
		b.WriteString(" · " + strings.Join(money, "; "))
	case side.Rows == 0:
		b.WriteString(" · " + NoteFundingNotRecorded)
	default:
		b.WriteString(" · no funding recorded for this place in this period")
	}
	return append(line, T(b.String()))
}

// compactFunding writes a funding in a few words: "£35.3m (up to, over 5
// years) from DWP for South Yorkshire", "£125m from DWP, programme total".
func compactFunding(fl FundingLine) string {
	f := fl.Funding
	var b strings.Builder
	if f.AmountPence != nil {
		b.WriteString(Money(*f.AmountPence))
	} else {
		b.WriteString("amount not disclosed")
	}
	if basis := fl.Basis; basis != "" {
		b.WriteString(" (" + basis + ")")
	}
	if src := fl.Source; src != nil {
		b.WriteString(" from " + shortName(src))
	}
	if len(fl.Via) > 0 {
		var via []string
		for _, a := range fl.Via {
			via = append(via, shortName(a))
		}
		b.WriteString(" via " + joinNames(via, 2))
	}
	switch {
	case fl.ProgrammeTotal:
		b.WriteString(", programme total")
	case len(fl.Areas) > 0:
		b.WriteString(" for " + joinNames(placeNames(fl.Areas), maxAreasNamed))
	}
	return b.String()
}

// togetherWords describes when two programmes run together.
func togetherWords(p Period) string {
	if s := p.UK(); s != "" {
		return s
	}
	return "with no dates recorded"
}

// leadWords says whether one agency leads both programmes of an overlap.
func leadWords(o *Overlap) string {
	if o.SameLead {
		return "both led by " + shortName(o.Programmes[0].Lead)
	}
	return "different lead agencies"
}

// overlapOneLine writes a group in one line, for the digest's collapsed list.
func overlapOneLine(g *OverlapGroup) Rich {
	names := make([]string, 0, len(g.Programmes))
	for _, p := range g.Programmes {
		names = append(names, shortProgramme(p))
	}
	return R(T("• "), B(placeName(g.Area)), T(" · "+phraseOf(clipName(g.Cohort.Name))+": "+joinNames(names, 4)))
}

// nationalLines lists, per place, the national programmes open to the same
// residents as local ones there, then the overlaps between national
// programmes; at most maxPlaces places.
func nationalLines(w *OverlapsAnswer, maxPlaces int) []Rich {
	sums := w.National
	var lines []Rich
	if len(sums) > 0 {
		lines = append(lines, R(B("Also open to residents here"), T(": national programmes for the same people as local ones")))
		for i, s := range sums {
			if i == maxPlaces {
				lines = append(lines, R(T("…and "+nplural(len(sums)-i, "more place", "more places")+": see "), C("overlaps in <area>"), T(".")))
				break
			}
			names := make([]string, 0, maxNationalNamed+1)
			for _, p := range s.National[:min(len(s.National), maxNationalNamed+1)] {
				names = append(names, shortProgramme(p))
			}
			list := joinNames(names, maxNationalNamed)
			if len(s.National) > maxNationalNamed {
				list = strings.Join(names[:maxNationalNamed], ", ") + " and " + strconv.Itoa(len(s.National)-maxNationalNamed) + " more"
			}
			lines = append(lines, R(T("• "), B(placeName(s.Area)), T(": "+list)))
		}
	}
	var between []string
	total := 0
	for i := range w.Overlaps {
		o := &w.Overlaps[i]
		if !o.BetweenNational() {
			continue
		}
		total++
		if len(between) < 4 {
			between = append(between, shortProgramme(o.Programmes[0].Programme)+" and "+shortProgramme(o.Programmes[1].Programme)+
				" ("+phraseOf(clipName(o.Cohort.Name))+")")
		}
	}
	if total > 0 {
		list := strings.Join(between, "; ")
		if total > len(between) {
			list += "; and " + strconv.Itoa(total-len(between)) + " more"
		}
		lines = append(lines, R(B("Between national programmes"), T(": "+list+".")))
	}
	return lines
}

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
		return "No gaps" + scope + " on " + day + ": every one of the " + nplural(len(r.Cohorts), "cohort", "cohorts") +
			" has something live in each of the " + nplural(len(r.Councils), "council", "councils") + "."
	}
	return nplural(len(r.Gaps), "gap", "gaps") + scope + " on " + day + ": " + num(len(r.ByCohort)) + " of " +
		nplural(len(r.Cohorts), "cohort", "cohorts") + " have nothing live in at least one of " +
		nplural(len(r.Councils), "council", "councils") + "."
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
		where = "nothing live in any of " + nplural(n, "council", "councils")
	default:
		where = "nothing live in " + num(len(g.Councils)) + " of " + nplural(n, "council", "councils")
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
			lines = append(lines, R(T("…and "+nplural(len(r.ByCohort)-i, "more cohort", "more cohorts")+": see "), C("gaps for <cohort>"), T(".")))
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
	text := " (" + nplural(a.Councils, "council", "councils") + "): " + nplural(a.Gaps, "gap", "gaps") +
		" in " + nplural(len(a.Cohorts), "cohort", "cohorts")
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
			lines = append(lines, R(T("…and "+nplural(len(r.ByAuthority)-i, "more authority", "more authorities")+": see "), C("gaps in <area>"), T(".")))
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
			lines = append(lines, Line("…and "+nplural(len(order)-i, "more council", "more councils")+"."))
			break
		}
		lines = append(lines, R(T("• "), B(clipName(a.Name)), T(": nothing live for "+joinNames(byCouncil[a], 6))))
	}
	return lines
}

func sortAreasByName(as []*Area) {
	slices.SortStableFunc(as, func(a, b *Area) int { return compareFold(a.Name, b.Name) })
}

// EndingReply answers `ending [in <area>] [within <N> days]`.
func EndingReply(a *EndingAnswer) Reply {
	on, days, edges := a.On, a.Days, a.Edges
	scope := scopeWords(a.Area, nil)
	b := newReplyBuilder(clipText("Ending within "+nplural(days, "day", "days")+scope, 150))
	summary := cliffSummaryWords(edges, on, days, scope)
	b.add(Section{Lines: []Rich{Line(summary)}})
	b.add(packLines(cliffProgrammeLines(edges, maxCliffProgrammes))...)
	if chunk := packLines(cliffFundingLines(edges, maxCliffFundings, false)); b.fits(len(chunk) + 1) {
		b.add(chunk...)
	}
	b.add(Context{Items: []Rich{Line("As of " + on.UK() + " · a programme has no successor when nothing for related cohorts and areas runs the day after it ends; money has nothing after it when its programme has no other funding live the day after")}})
	return b.reply(summary)
}

// cliffSummaryWords counts what ends, in one sentence.
func cliffSummaryWords(edges []CliffEdge, on Date, days int, scope string) string {
	s := summariseCliffs(edges)
	last := on.AddDays(days)
	if s.programmes == 0 && s.fundings == 0 {
		return "Nothing recorded" + scope + " ends from " + on.UK() + " to " + last.UK() + "."
	}
	prog := ncountOrNo(s.programmes, "programme ends", "programmes end")
	if s.programmes > 0 {
		prog += " (" + flaggedWords(s.programmesFlagged, s.programmes, "without a successor") + ")"
	}
	fund := ncountOrNo(s.fundings, "funding ends", "fundings end")
	if s.fundings > 0 {
		fund += " (" + flaggedWords(s.fundsFlagged, s.fundings, "with nothing after") + ")"
	}
	return "From " + on.UK() + " to " + last.UK() + scope + ", " + prog + " and " + fund + "."
}

func flaggedWords(n, of int, what string) string {
	switch {
	case n == 0:
		return "none " + what
	case n == of && of > 1:
		return "all " + what
	}
	return strconv.Itoa(n) + " " + what
}

// cliffProgrammeLines lists the programmes that end.
func cliffProgrammeLines(edges []CliffEdge, max int) []Rich {
	var lines []Rich
	n := 0
	for _, e := range edges {
		if e.Funding != nil {
			continue
		}
		if n == 0 {
			lines = append(lines, R(B("Programmes ending")))
		}
		n++
		if n > max {
			continue
		}
		lines = append(lines, cliffProgrammeLine(e))
	}
	if n > max {
		lines = append(lines, R(T("…and "+nplural(n-max, "more programme", "more programmes")+". Narrow it with "), C("ending in <area>"), T(" or "), C("ending within <N> days"), T(".")))
	}
	return lines
}

func cliffProgrammeLine(e CliffEdge) Rich {
	line := R(T("• "), B(clipName(e.Programme.Name)))
	var b strings.Builder
	if e.Lead != nil {
		b.WriteString(" · led by " + shortName(e.Lead))
	}
	b.WriteString(" · ends " + e.End.UK() + " (" + daysWords(e.Days) + ")")
	line = append(line, T(b.String()))
	if e.NoSuccessor {
		return append(line, T(" · "), B("no successor"))
	}
	names := make([]string, len(e.Successors))
	for i, p := range e.Successors {
		names[i] = shortProgramme(p)
	}
	list := joinNames(names, maxSuccessors)
	if e.SuccessorCount > len(names) {
		list = strings.Join(names, ", ") + " and " + strconv.Itoa(e.SuccessorCount-len(names)) + " more"
	}
	return append(line, T(" · followed by "+list))
}

func daysWords(n int) string {
	switch n {
	case 0:
		return "today"
	case 1:
		return "tomorrow"
	}
	return "in " + strconv.Itoa(n) + " days"
}

// cliffFundingLines lists the fundings that end: those with nothing after
// them first, then the rest. With onlyFlagged the rest are only counted.
func cliffFundingLines(edges []CliffEdge, max int, onlyFlagged bool) []Rich {
	var flagged, other []CliffEdge
	for _, e := range edges {
		switch {
		case e.Funding == nil:
		case e.NoSuccessor:
			flagged = append(flagged, e)
		default:
			other = append(other, e)
		}
	}
	var lines []Rich
	shown := 0
	if len(flagged) > 0 {
		lines = append(lines, R(B("Money ending with nothing after it")))
		for _, e := range flagged {
			if shown == max {
				break
			}
			lines = append(lines, cliffFundingLine(e))
			shown++
		}
		if more := len(flagged) - shown; more > 0 {
			lines = append(lines, R(T("…and "+nplural(more, "more funding", "more fundings")+". Narrow it with "), C("ending in <area>"), T(".")))
		}
	}
	if len(other) == 0 {
		return lines
	}
	if onlyFlagged {
		lines = append(lines, Line(nplural(len(other), "more funding ends", "more fundings end")+" with other money for the programme continuing."))
		return lines
	}
	lines = append(lines, R(B("Money ending, other money continuing")))
	n := 0
	for _, e := range other {
		if shown == max {
			break
		}
		lines = append(lines, cliffFundingLine(e))
		shown++
		n++
	}
	if more := len(other) - n; more > 0 {
		lines = append(lines, R(T("…and "+nplural(more, "more funding", "more fundings")+". Narrow it with "), C("ending in <area>"), T(".")))
	}
	return lines
}

func cliffFundingLine(e CliffEdge) Rich {
	line := R(T("• "), B(clipName(e.Programme.Name)), T(": "+compactFunding(e.Line)+" · ends "+e.End.UK()+" ("+daysWords(e.Days)+")"))
	if endsWithProgramme(e) {
		line = append(line, T(" with the programme"))
	}
	return line
}

// num writes a count with thousands separators: 1,328.
func num(n int) string { return withCommas(int64(n)) }

// nplural is plural with thousands separators: "1 gap", "1,328 gaps".
func nplural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return num(n) + " " + many
}

// ncountOrNo is countOrNo with thousands separators.
func ncountOrNo(n int, one, many string) string {
	if n == 0 {
		return "no " + many
	}
	return nplural(n, one, many)
}

// placeName is how an area is named in the digest and these replies: the
// longest alias its name starts with, when there is one ("South Yorkshire"
// for South Yorkshire Mayoral Combined Authority), else its name. Lists of
// places read far better without "Combined Authority" at every turn.
func placeName(a *Area) string {
	best := ""
	for _, al := range a.Aliases {
		if len(al) > len(best) && len(al) >= 4 && strings.HasPrefix(a.Name, al+" ") {
			best = al
		}
	}
	if best == "" {
		return clipName(a.Name)
	}
	return clipName(best)
}

func placeNames(as []*Area) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = placeName(a)
	}
	return out
}

// shortProgramme names a programme in lists and pair lines: its name when
// short; else its name without a trailing bracket ("Health and Growth
// Accelerators"); else its shortest alias of several words ("GBW
// trailblazers"); else its name clipped.
func shortProgramme(p *Programme) string {
	const short = 40
	name := strings.TrimSpace(p.Name)
	if len([]rune(name)) <= short {
		return name
	}
	if i := strings.LastIndex(name, " ("); i > 0 && strings.HasSuffix(name, ")") {
		if base := strings.TrimSpace(name[:i]); len([]rune(base)) <= short && len(base) >= 4 {
			return base
		}
	}
	best := ""
	for _, al := range p.Aliases {
		if strings.Contains(al, " ") && len([]rune(al)) <= short && (best == "" || len(al) < len(best)) {
			best = al
		}
	}
	if best != "" {
		return best
	}
	return clipText(name, short)
}
