package handlers

import "slices"

// AgencyFundsReply puts an answer to `what does <agency> fund` into words:
// the programmes running on the date first, each with the agency's money
// live then.
func AgencyFundsReply(a *AgencyFundsAnswer) Reply {
	ag, on := a.Agency, a.On
	agName := clipName(ag.Name)
	short := shortName(ag)
	day := on.UK()
	b := newReplyBuilder(clipText("What "+agName+" funds", 150))
	running := plural(a.Live.Len(), "of them is", "of them are")
	if a.Live.Len() == 0 {
		running = "none of them is"
	}
	summary := agName + " funds " + countOrNo(a.Funded, "programme", "programmes") +
		" and leads " + countOrNo(a.Led, "programme", "programmes") + "; " +
		running + " running on " + day + "."
	if a.Funded == 0 && a.Led == 0 {
		summary = "The register records no programme that " + agName + " funds or leads."
	}
	b.add(Section{Lines: []Rich{Line(summary)}})

	shown := 0
	for i := range a.Live.Len() {
		if shown >= maxEntries {
			break
		}
		ap := a.Live.At(i)
		prog := ap.Programme
		first := R(B(clipName(prog.Name)), T(" · "+ProgrammeState(prog, on)))
		if ap.LeadsIt {
			first = append(first, T(" · leads it"))
		} else if ap.Lead != nil {
			first = append(first, T(" · led by "+shortName(ap.Lead)))
		}
		lines := []Rich{first}
		for i, fl := range ap.Fundings {
			if i == maxFundingLines {
				lines = append(lines, R(T("…and "+plural(len(ap.Fundings)-i, "more funding", "more fundings")+": see "),
					C("programme "+clipName(prog.Name))))
				break
			}
			line := fundingLineRich(fl, fundingLineOpts{})
			if src := fl.Source; src != nil && src != ag {
				line = append(line, T(" · passing on "+shortName(src)+" money"))
			}
			lines = append(lines, line)
		}
		switch {
		case len(ap.Fundings) > 0:
		case ap.Funds > 0:
			lines = append(lines, R(I("no funding from "+short+" recorded for this date")))
		default:
			lines = append(lines, R(I(otherFundersNote(ap))))
		}
		chunk := packLines(lines)
		if !b.fits(len(chunk) + 3) {
			break
		}
		b.add(chunk...)
		shown++
	}
	if more := a.Live.Len() - shown; more > 0 {
		b.add(Section{Lines: []Rich{R(T("…and "+plural(more, "more programme", "more programmes")+" running. See one with "),
			C("programme <name>"), T(", or narrow it with "), C("who funds <cohort> in <area>"), T("."))}})
	}
	if len(a.NotLive) > 0 {
		b.add(Section{Lines: []Rich{notRunningLine(a.NotLive[:min(len(a.NotLive), maxNotLive)], len(a.NotLive), on)}})
	}
	b.add(Context{Items: []Rich{Line("As of " + day + " · amounts are listed as recorded, never added up · amounts link to their sources")}})
	return b.reply(summary)
}

// otherFundersNote says who funds a programme an agency leads but does not
// fund: the funders its money live on the date started with, if any.
func otherFundersNote(ap AgencyProgramme) string {
	var names []string
	for _, a := range ap.FundedBy {
		if n := shortName(a); !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	switch {
	case len(names) > 0:
		return "funded by " + joinNames(names, maxAreasNamed)
	case ap.Rows > 0:
		return NoteNoFundingOnDate
	}
	return NoteFundingNotRecorded
}
