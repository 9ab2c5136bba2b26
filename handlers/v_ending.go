package handlers

import (
	"strconv"
	"strings"
)

// EndingReply answers `ending [in <area>] [within <N> days]`.
func EndingReply(a *EndingAnswer) Reply {
	on, days, edges := a.On, a.Days, a.Edges
	scope := scopeWords(a.Area, nil)
	b := newReplyBuilder(clipText("Ending within "+plural(days, "day", "days")+scope, 150))
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
	s := SummariseCliffs(edges)
	last := on.AddDays(days)
	if s.Programmes == 0 && s.Fundings == 0 {
		return "Nothing recorded" + scope + " ends from " + on.UK() + " to " + last.UK() + "."
	}
	prog := countOrNo(s.Programmes, "programme ends", "programmes end")
	if s.Programmes > 0 {
		prog += " (" + flaggedWords(s.ProgrammesFlagged, s.Programmes, "without a successor") + ")"
	}
	fund := countOrNo(s.Fundings, "funding ends", "fundings end")
	if s.Fundings > 0 {
		fund += " (" + flaggedWords(s.FundingsFlagged, s.Fundings, "with nothing after") + ")"
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
	return num(n) + " " + what
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
		lines = append(lines, R(T("…and "+plural(n-max, "more programme", "more programmes")+". Narrow it with "), C("ending in <area>"), T(" or "), C("ending within <N> days"), T(".")))
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
		list = strings.Join(names, ", ") + " and " + num(e.SuccessorCount-len(names)) + " more"
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
			lines = append(lines, R(T("…and "+plural(more, "more funding", "more fundings")+". Narrow it with "), C("ending in <area>"), T(".")))
		}
	}
	if len(other) == 0 {
		return lines
	}
	if onlyFlagged {
		lines = append(lines, Line(plural(len(other), "more funding ends", "more fundings end")+" with other money for the programme continuing."))
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
		lines = append(lines, R(T("…and "+plural(more, "more funding", "more fundings")+". Narrow it with "), C("ending in <area>"), T(".")))
	}
	return lines
}

func cliffFundingLine(e CliffEdge) Rich {
	line := R(T("• "), B(clipName(e.Programme.Name)), T(": "+compactFunding(e.Line)+" · ends "+e.End.UK()+" ("+daysWords(e.Days)+")"))
	if e.EndsWithProgramme() {
		line = append(line, T(" with the programme"))
	}
	return line
}
