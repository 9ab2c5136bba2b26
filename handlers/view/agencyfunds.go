package view

import "slices"
import (
	"frontdoor/handlers"
	"frontdoor/handlers/index"
)

// AgencyFundsReply puts an answer to `what does <agency> fund` into words:
// the programmes running on the date first, each with the agency's money
// live then.
func AgencyFunds(bud Budget, a *index.AgencyFundsAnswer) handlers.Reply {
	ag, on := a.Agency, a.On
	agName := handlers.ClipName(ag.Name)
	short := handlers.ShortName(ag)
	day := on.UK()
	b := newReplyBuilder(bud, handlers.ClipText("What "+agName+" funds", 150))
	running := handlers.Plural(a.Live.Len(), "of them is", "of them are")
	if a.Live.Len() == 0 {
		running = "none of them is"
	}
	summary := agName + " funds " + handlers.CountOrNo(a.Funded, "programme", "programmes") +
		" and leads " + handlers.CountOrNo(a.Led, "programme", "programmes") + "; " +
		running + " running on " + day + "."
	if a.Funded == 0 && a.Led == 0 {
		summary = "The register records no programme that " + agName + " funds or leads."
	}
	b.add(handlers.Section{Lines: []handlers.Rich{handlers.Line(summary)}})

	shown := 0
	for i := range a.Live.Len() {
		if shown >= maxEntries {
			break
		}
		ap := a.Live.At(i)
		prog := ap.Programme
		first := handlers.R(handlers.B(handlers.ClipName(prog.Name)), handlers.T(" · "+ProgrammeState(prog, on)))
		if ap.LeadsIt {
			first = append(first, handlers.T(" · leads it"))
		} else if ap.Lead != nil {
			first = append(first, handlers.T(" · led by "+handlers.ShortName(ap.Lead)))
		}
		lines := []handlers.Rich{first}
		for i, fl := range ap.Fundings {
			if i == maxFundingLines {
				lines = append(lines, handlers.R(handlers.T("…and "+handlers.Plural(len(ap.Fundings)-i, "more funding", "more fundings")+": see "),
					handlers.C("programme "+handlers.ClipName(prog.Name))))
				break
			}
			line := fundingLineRich(fl, fundingLineOpts{})
			if src := fl.Source; src != nil && src != ag {
				line = append(line, handlers.T(" · passing on "+handlers.ShortName(src)+" money"))
			}
			lines = append(lines, line)
		}
		switch {
		case len(ap.Fundings) > 0:
		case ap.Funds > 0:
			lines = append(lines, handlers.R(handlers.I("no funding from "+short+" recorded for this date")))
		default:
			lines = append(lines, handlers.R(handlers.I(otherFundersNote(ap))))
		}
		chunk := bud.pack(lines)
		if !b.fits(len(chunk) + 3) {
			break
		}
		b.add(chunk...)
		shown++
	}
	if more := a.Live.Len() - shown; more > 0 {
		b.add(handlers.Section{Lines: []handlers.Rich{handlers.R(handlers.T("…and "+handlers.Plural(more, "more programme", "more programmes")+" running. See one with "),
			handlers.C("programme <name>"), handlers.T(", or narrow it with "), handlers.C("who funds <cohort> in <area>"), handlers.T("."))}})
	}
	if len(a.NotLive) > 0 {
		b.add(handlers.Section{Lines: []handlers.Rich{notRunningLine(a.NotLive[:min(len(a.NotLive), maxNotLive)], len(a.NotLive), on)}})
	}
	b.add(handlers.Context{Items: []handlers.Rich{handlers.Line("As of " + day + " · amounts are listed as recorded, never added up · amounts link to their sources")}})
	return b.reply(summary)
}

// otherFundersNote says who funds a programme an agency leads but does not
// fund: the funders its money live on the date started with, if any.
func otherFundersNote(ap index.AgencyProgramme) string {
	var names []string
	for _, a := range ap.FundedBy {
		if n := handlers.ShortName(a); !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	switch {
	case len(names) > 0:
		return "funded by " + handlers.JoinNames(names, maxAreasNamed)
	case ap.Rows > 0:
		return index.NoteNoFundingOnDate
	}
	return index.NoteFundingNotRecorded
}
