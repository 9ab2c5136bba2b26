package handlers

import (
	"slices"
	"strings"
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
		summary = plural(local, "overlap", "overlaps") + " between local programmes" + scope + " on " + day +
			", in " + plural(len(groups), "group", "groups") + " by place and cohort (" +
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
			lines = append(lines, R(T("…and "+plural(more, "more group", "more groups")+". Narrow it with "),
				C("overlaps in <area>"), T(" or "), C("overlaps for <cohort>"), T(".")))
		}
		if chunk := packLines(lines); b.fits(len(chunk) + 2) {
			b.add(chunk...)
		} else {
			b.add(Section{Lines: []Rich{R(T("…and "+plural(len(rest), "more group", "more groups")+". Narrow it with "),
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
	return num(n) + " with different lead agencies"
}

// nationalWords summarises overlaps with national programmes in a sentence.
func nationalWords(withNational, between int) string {
	var parts []string
	if withNational > 0 {
		parts = append(parts, plural(withNational, "more overlap involves", "more overlaps involve")+" a national programme")
	}
	if between > 0 {
		parts = append(parts, plural(between, "overlap is", "overlaps are")+" between national programmes")
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
			lines = append(lines, Line("…and "+plural(len(g.Programmes)-i, "more programme", "more programmes")))
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
			lines = append(lines, Line("…and "+plural(len(g.Overlaps)-i, "more pair", "more pairs")))
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
			money = append(money, "and "+plural(len(side.Fundings)-i, "more funding", "more fundings"))
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
				lines = append(lines, R(T("…and "+plural(len(sums)-i, "more place", "more places")+": see "), C("overlaps in <area>"), T(".")))
				break
			}
			names := make([]string, 0, maxNationalNamed+1)
			for _, p := range s.National[:min(len(s.National), maxNationalNamed+1)] {
				names = append(names, shortProgramme(p))
			}
			list := joinNames(names, maxNationalNamed)
			if len(s.National) > maxNationalNamed {
				list = strings.Join(names[:maxNationalNamed], ", ") + " and " + num(len(s.National)-maxNationalNamed) + " more"
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
			list += "; and " + num(total-len(between)) + " more"
		}
		lines = append(lines, R(B("Between national programmes"), T(": "+list+".")))
	}
	return lines
}
