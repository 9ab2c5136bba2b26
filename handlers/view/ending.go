package view

import (
	"strconv"
	"strings"

	"frontdoor/handlers"
	"frontdoor/handlers/index"
)

// EndingReply answers `ending [in <area>] [within <N> days]`.
func Ending(bud Budget, a *index.EndingAnswer) handlers.Reply {
	on, days, edges := a.On, a.Days, a.Edges
	scope := scopeWords(a.Area, nil)
	b := newReplyBuilder(bud, handlers.ClipText("Ending within "+handlers.Plural(days, "day", "days")+scope, 150))
	summary := cliffSummaryWords(edges, on, days, scope)
	b.add(handlers.Section{Lines: []handlers.Rich{handlers.Line(summary)}})
	b.add(bud.pack(cliffProgrammeLines(edges, maxCliffProgrammes))...)
	if chunk := bud.pack(cliffFundingLines(edges, maxCliffFundings, false)); b.fits(len(chunk) + 1) {
		b.add(chunk...)
	}
	b.add(handlers.Context{Items: []handlers.Rich{handlers.Line("As of " + on.UK() + " · a programme has no successor when nothing for related cohorts and areas runs the day after it ends; money has nothing after it when its programme has no other funding live the day after")}})
	return b.reply(summary)
}

// cliffSummaryWords counts what ends, in one sentence.
func cliffSummaryWords(edges []index.CliffEdge, on handlers.Date, days int, scope string) string {
	s := index.SummariseCliffs(edges)
	last := on.AddDays(days)
	if s.Programmes == 0 && s.Fundings == 0 {
		return "Nothing recorded" + scope + " ends from " + on.UK() + " to " + last.UK() + "."
	}
	prog := handlers.CountOrNo(s.Programmes, "programme ends", "programmes end")
	if s.Programmes > 0 {
		prog += " (" + flaggedWords(s.ProgrammesFlagged, s.Programmes, "without a successor") + ")"
	}
	fund := handlers.CountOrNo(s.Fundings, "funding ends", "fundings end")
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
	return handlers.Num(n) + " " + what
}

// cliffProgrammeLines lists the programmes that end.
func cliffProgrammeLines(edges []index.CliffEdge, max int) []handlers.Rich {
	var lines []handlers.Rich
	n := 0
	for _, e := range edges {
		if e.Funding != nil {
			continue
		}
		if n == 0 {
			lines = append(lines, handlers.R(handlers.B("Programmes ending")))
		}
		n++
		if n > max {
			continue
		}
		lines = append(lines, cliffProgrammeLine(e))
	}
	if n > max {
		lines = append(lines, handlers.R(handlers.T("…and "+handlers.Plural(n-max, "more programme", "more programmes")+". Narrow it with "), handlers.C("ending in <area>"), handlers.T(" or "), handlers.C("ending within <N> days"), handlers.T(".")))
	}
	return lines
}

func cliffProgrammeLine(e index.CliffEdge) handlers.Rich {
	line := handlers.R(handlers.T("• "), handlers.B(handlers.ClipName(e.Programme.Name)))
	var b strings.Builder
	if e.Lead != nil {
		b.WriteString(" · led by " + handlers.ShortName(e.Lead))
	}
	b.WriteString(" · ends " + e.End.UK() + " (" + daysWords(e.Days) + ")")
	line = append(line, handlers.T(b.String()))
	if e.NoSuccessor {
		return append(line, handlers.T(" · "), handlers.B("no successor"))
	}
	names := make([]string, len(e.Successors))
	for i, p := range e.Successors {
		names[i] = handlers.ShortProgramme(p)
	}
	list := handlers.JoinNames(names, index.MaxSuccessors)
	if e.SuccessorCount > len(names) {
		list = strings.Join(names, ", ") + " and " + handlers.Num(e.SuccessorCount-len(names)) + " more"
	}
	return append(line, handlers.T(" · followed by "+list))
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
func cliffFundingLines(edges []index.CliffEdge, max int, onlyFlagged bool) []handlers.Rich {
	var flagged, other []index.CliffEdge
	for _, e := range edges {
		switch {
		case e.Funding == nil:
		case e.NoSuccessor:
			flagged = append(flagged, e)
		default:
			other = append(other, e)
		}
	}
	var lines []handlers.Rich
	shown := 0
	if len(flagged) > 0 {
		lines = append(lines, handlers.R(handlers.B("Money ending with nothing after it")))
		for _, e := range flagged {
			if shown == max {
				break
			}
			lines = append(lines, cliffFundingLine(e))
			shown++
		}
		if more := len(flagged) - shown; more > 0 {
			lines = append(lines, handlers.R(handlers.T("…and "+handlers.Plural(more, "more funding", "more fundings")+". Narrow it with "), handlers.C("ending in <area>"), handlers.T(".")))
		}
	}
	if len(other) == 0 {
		return lines
	}
	if onlyFlagged {
		lines = append(lines, handlers.Line(handlers.Plural(len(other), "more funding ends", "more fundings end")+" with other money for the programme continuing."))
		return lines
	}
	lines = append(lines, handlers.R(handlers.B("Money ending, other money continuing")))
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
		lines = append(lines, handlers.R(handlers.T("…and "+handlers.Plural(more, "more funding", "more fundings")+". Narrow it with "), handlers.C("ending in <area>"), handlers.T(".")))
	}
	return lines
}

func cliffFundingLine(e index.CliffEdge) handlers.Rich {
	line := handlers.R(handlers.T("• "), handlers.B(handlers.ClipName(e.Programme.Name)), handlers.T(": "+compactFunding(e.Line)+" · ends "+e.End.UK()+" ("+daysWords(e.Days)+")"))
	if e.EndsWithProgramme() {
		line = append(line, handlers.T(" with the programme"))
	}
	return line
}
