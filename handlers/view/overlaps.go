package view

import (
	"slices"
	"strconv"
	"strings"

	"frontdoor/handlers"
	"frontdoor/handlers/index"
)

// OverlapsReply answers `overlaps [in <area>] [for <cohort>]` for a day.
func Overlaps(bud Budget, w *index.OverlapsAnswer) handlers.Reply {
	scope := scopeWords(w.Area, w.Cohort)
	day := w.Period.Start.UK()
	groups := w.Groups
	local, withNational, between := w.Local, w.WithNational, w.BetweenNational

	b := newReplyBuilder(bud, handlers.ClipText("Overlaps"+scope, 150))
	var summary string
	if local == 0 {
		summary = "No two local programmes overlap" + scope + " on " + day + "."
	} else {
		summary = handlers.Plural(local, "overlap", "overlaps") + " between local programmes" + scope + " on " + day +
			", in " + handlers.Plural(len(groups), "group", "groups") + " by place and cohort (" +
			differentLeadWords(w) + ")."
	}
	if withNational > 0 || between > 0 {
		summary += " " + nationalWords(withNational, between)
	}
	b.add(handlers.Section{Lines: []handlers.Rich{handlers.Line(summary)}})

	shown := 0
	for gi := range groups {
		if shown == maxOverlapGroups {
			break
		}
		chunk := bud.pack(overlapGroupLines(w, &groups[gi], false))
		if !b.fits(len(chunk) + 4) {
			break
		}
		b.add(chunk...)
		shown++
	}
	// The next groups in a line each, then a count and a narrower query.
	if rest := groups[shown:]; len(rest) > 0 {
		var lines []handlers.Rich
		if shown > 0 {
			lines = append(lines, handlers.R(handlers.B("More overlaps")))
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
			lines = append(lines, handlers.R(handlers.T("…and "+handlers.Plural(more, "more group", "more groups")+". Narrow it with "),
				handlers.C("overlaps in <area>"), handlers.T(" or "), handlers.C("overlaps for <cohort>"), handlers.T(".")))
		}
		if chunk := bud.pack(lines); b.fits(len(chunk) + 2) {
			b.add(chunk...)
		} else {
			b.add(handlers.Section{Lines: []handlers.Rich{handlers.R(handlers.T("…and "+handlers.Plural(len(rest), "more group", "more groups")+". Narrow it with "),
				handlers.C("overlaps in <area>"), handlers.T(" or "), handlers.C("overlaps for <cohort>"), handlers.T("."))}})
		}
	}
	if chunk := bud.pack(nationalLines(w, maxNationalPlaces)); len(chunk) > 0 && b.fits(len(chunk)+1) {
		b.add(chunk...)
	}
	b.add(handlers.Context{Items: []handlers.Rich{handlers.Line("As of " + day + " · two programmes overlap when both run that day for related cohorts in related areas · amounts are listed as recorded, never added up")}})
	return b.reply(summary)
}

// scopeWords writes the filters of a query: " in Bolton for over-50s".
func scopeWords(area *handlers.Area, cohort *handlers.Cohort) string {
	s := ""
	if area != nil {
		s += " in " + handlers.PlaceName(area)
	}
	if cohort != nil {
		s += " for " + handlers.Phrase(handlers.ClipName(cohort.Name))
	}
	return s
}

// differentLeadWords says how many local overlaps have different leads.
func differentLeadWords(w *index.OverlapsAnswer) string {
	n, local := w.DifferentLeads, w.Local
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
		parts = append(parts, handlers.Plural(withNational, "more overlap involves", "more overlaps involve")+" a national programme")
	}
	if between > 0 {
		parts = append(parts, handlers.Plural(between, "overlap is", "overlaps are")+" between national programmes")
	}
	return capitalise(strings.Join(parts, "; ")) + "."
}

// overlapGroupLines writes one group: the place and cohort, each programme
// with its lead and money there, and when the pairs run together.
func overlapGroupLines(w *index.OverlapsAnswer, g *index.OverlapGroup, markNew bool) []handlers.Rich {
	head := handlers.R(handlers.B(handlers.PlaceName(g.Area)), handlers.T(" · "+handlers.Phrase(handlers.ClipName(g.Cohort.Name))))
	// Other narrowest cohorts the pairs share, each named once.
	var also []string
	for _, oi := range g.Overlaps {
		for _, c := range w.At(oi).AlsoCohorts {
			if name := handlers.Phrase(handlers.ClipName(c.Name)); !slices.Contains(also, name) {
				also = append(also, name)
			}
		}
	}
	if len(also) > 0 {
		head = append(head, handlers.T(" (also "+handlers.JoinNames(also, 2)+")"))
	}
	if markNew && g.Fresh {
		head = append(head, handlers.T(" · "), handlers.B("new"))
	}
	lines := []handlers.Rich{head}
	for i, p := range g.Programmes {
		if i == maxGroupProgrammes {
			lines = append(lines, handlers.Line("…and "+handlers.Plural(len(g.Programmes)-i, "more programme", "more programmes")))
			break
		}
		lines = append(lines, overlapProgrammeLine(p, w.Money(p, g.Area)))
	}
	if len(g.Overlaps) == 1 {
		o := w.At(g.Overlaps[0])
		lines = append(lines, handlers.Line("Together "+togetherWords(o.Together)+" · "+leadWords(&o)))
		return lines
	}
	for i, oi := range g.Overlaps {
		if i == maxGroupPairs {
			lines = append(lines, handlers.Line("…and "+handlers.Plural(len(g.Overlaps)-i, "more pair", "more pairs")))
			break
		}
		o := w.At(oi)
		lines = append(lines, handlers.Line("↔ "+handlers.ShortProgramme(o.Programmes[0].Programme)+" and "+handlers.ShortProgramme(o.Programmes[1].Programme)+
			": together "+togetherWords(o.Together)+" · "+leadWords(&o)))
	}
	return lines
}

// overlapProgrammeLine is one programme of an overlap group: name, lead and
// the money recorded for the place.
func overlapProgrammeLine(prog *handlers.Programme, side index.ProgrammeMoney) handlers.Rich {
	line := handlers.R(handlers.T("• "), handlers.B(handlers.ClipName(prog.Name)))
	var b strings.Builder
	if l := side.Lead; l != nil {
		b.WriteString(" · led by " + handlers.ShortName(l))
	}
	var money []string
	for i, fl := range side.Fundings {
		if i == maxSideFundings {
			money = append(money, "and "+handlers.Plural(len(side.Fundings)-i, "more funding", "more fundings"))
			break
		}
		money = append(money, compactFunding(fl))
	}
	switch {
	case len(money) > 0:
		b.WriteString(" · " + strings.Join(money, "; "))
	case side.Rows == 0:
		b.WriteString(" · " + index.NoteFundingNotRecorded)
	default:
		b.WriteString(" · no funding recorded for this place in this period")
	}
	return append(line, handlers.T(b.String()))
}

// compactFunding writes a funding in a few words: "£35.3m (up to, over 5
// years) from DWP for South Yorkshire", "£125m from DWP, programme total".
func compactFunding(fl index.FundingLine) string {
	f := fl.Funding
	var b strings.Builder
	if f.AmountPence != nil {
		b.WriteString(handlers.Money(*f.AmountPence))
	} else {
		b.WriteString("amount not disclosed")
	}
	if basis := fl.Basis; basis != "" {
		b.WriteString(" (" + basis + ")")
	}
	if src := fl.Source; src != nil {
		b.WriteString(" from " + handlers.ShortName(src))
	}
	if len(fl.Via) > 0 {
		var via []string
		for _, a := range fl.Via {
			via = append(via, handlers.ShortName(a))
		}
		b.WriteString(" via " + handlers.JoinNames(via, 2))
	}
	switch {
	case fl.ProgrammeTotal:
		b.WriteString(", programme total")
	case len(fl.Areas) > 0:
		b.WriteString(" for " + handlers.JoinNames(handlers.PlaceNames(fl.Areas), maxAreasNamed))
	}
	return b.String()
}

// togetherWords describes when two programmes run together.
func togetherWords(p handlers.Period) string {
	if s := p.UK(); s != "" {
		return s
	}
	return "with no dates recorded"
}

// leadWords says whether one agency leads both programmes of an overlap.
func leadWords(o *index.Overlap) string {
	if o.SameLead {
		return "both led by " + handlers.ShortName(o.Programmes[0].Lead)
	}
	return "different lead agencies"
}

// overlapOneLine writes a group in one line, for the digest's collapsed list.
func overlapOneLine(g *index.OverlapGroup) handlers.Rich {
	names := make([]string, 0, len(g.Programmes))
	for _, p := range g.Programmes {
		names = append(names, handlers.ShortProgramme(p))
	}
	return handlers.R(handlers.T("• "), handlers.B(handlers.PlaceName(g.Area)), handlers.T(" · "+handlers.Phrase(handlers.ClipName(g.Cohort.Name))+": "+handlers.JoinNames(names, 4)))
}

// nationalLines lists, per place, the national programmes open to the same
// residents as local ones there, then the overlaps between national
// programmes; at most maxPlaces places.
func nationalLines(w *index.OverlapsAnswer, maxPlaces int) []handlers.Rich {
	sums := w.National
	var lines []handlers.Rich
	if len(sums) > 0 {
		lines = append(lines, handlers.R(handlers.B("Also open to residents here"), handlers.T(": national programmes for the same people as local ones")))
		for i, s := range sums {
			if i == maxPlaces {
				lines = append(lines, handlers.R(handlers.T("…and "+handlers.Plural(len(sums)-i, "more place", "more places")+": see "), handlers.C("overlaps in <area>"), handlers.T(".")))
				break
			}
			names := make([]string, 0, maxNationalNamed+1)
			for _, p := range s.National[:min(len(s.National), maxNationalNamed+1)] {
				names = append(names, handlers.ShortProgramme(p))
			}
			list := handlers.JoinNames(names, maxNationalNamed)
			if len(s.National) > maxNationalNamed {
				list = strings.Join(names[:maxNationalNamed], ", ") + " and " + handlers.Num(len(s.National)-maxNationalNamed) + " more"
			}
			lines = append(lines, handlers.R(handlers.T("• "), handlers.B(handlers.PlaceName(s.Area)), handlers.T(": "+list)))
		}
	}
	var between []string
	total := 0
	for i := range w.Len() {
		if w.Kind(i) != index.OverlapBetweenNational {
			continue
		}
		total++
		if len(between) < 4 {
			o := w.At(i)
			between = append(between, handlers.ShortProgramme(o.Programmes[0].Programme)+" and "+handlers.ShortProgramme(o.Programmes[1].Programme)+
				" ("+handlers.Phrase(handlers.ClipName(o.Cohort.Name))+")")
		}
	}
	if total > 0 {
		list := strings.Join(between, "; ")
		if total > len(between) {
			list += "; and " + handlers.Num(total-len(between)) + " more"
		}
		lines = append(lines, handlers.R(handlers.B("Between national programmes"), handlers.T(": "+list+".")))
	}
	return lines
}
