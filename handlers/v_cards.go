package handlers

import (
	"net/url"
	"strings"
)

// Cards: `programme <name>`, `cohort <name>`, `area <name>` and
// `agency <name>`, one thing each, as of a date. A card says whether each
// programme is running on that date in words (ProgrammeState), never the raw
// status column.

// Most names listed inline on a card before "and N more".
const maxInline = 8

// ProgrammeCardReply is the card of a programme.
func ProgrammeCardReply(a *ProgrammeAnswer) Reply {
	p, on := a.Programme, a.On
	day := on.UK()
	state := ProgrammeState(p, on)
	b := newReplyBuilder(clipText(p.Name, 150))

	top := []Rich{R(B(capitalise(state)))}
	if a.Lead != nil {
		top = append(top, Line("Led by "+clipName(a.Lead.Name)))
	}
	if p.Description != "" {
		top = append(top, R(I(clipText(p.Description, maxDescriptionLen))))
	}
	var fields []Field
	fields = append(fields, Field{Label: "Where", Value: Line(joinNames(areaNames(a.Areas), maxInline))})
	var cohorts []string
	for _, c := range a.Cohorts {
		cohorts = append(cohorts, clipName(c.Name))
	}
	fields = append(fields, Field{Label: "Who", Value: Line(joinNames(cohorts, maxInline))})
	period := p.Period().UK()
	if period == "" {
		period = "no dates recorded"
	}
	fields = append(fields, Field{Label: "Period", Value: Line(period)})
	if p.Capacity != nil {
		fields = append(fields, Field{Label: "Places", Value: Line(withCommas(*p.Capacity))})
	}
	if p.Contact != "" {
		fields = append(fields, Field{Label: "Contact", Value: R(contactSpan(p.Contact))})
	}
	if len(p.Aliases) > 0 {
		fields = append(fields, Field{Label: "Also called", Value: Line(joinNames(clipAll(p.Aliases), maxInline))})
	}
	b.add(Section{Lines: top, Fields: fields})

	// Money: what is live on the date first, then the rest.
	live, other := a.Live, a.Other
	var lines []Rich
	switch {
	case live.Len()+other.Len() == 0:
		lines = append(lines, R(I(capitalise(NoteFundingNotRecorded)+".")))
	case live.Len() == 0:
		lines = append(lines, R(B("Funding"), T(": none recorded for "+day+".")))
	default:
		lines = append(lines, R(B("Funding live on "+day)))
		lines = append(lines, cardFundingLines(live, 10)...)
	}
	if other.Len() > 0 {
		lines = append(lines, R(B("Other funding recorded"), T(" (other dates)")))
		lines = append(lines, cardFundingLines(other, 5)...)
	}
	b.add(packLines(lines)...)
	if u := p.URL; u != "" && len(u) <= maxURLLen && strings.HasPrefix(u, "http") {
		b.add(Actions{Buttons: []Button{{Text: "Programme page", URL: u}}})
	}
	b.add(Context{Items: []Rich{asOfSource(on, p.URL)}})
	text := clipName(p.Name) + ": " + state + " (as of " + day + ")."
	return b.reply(text)
}

// cardFundingLines lists fundings with the funder each started with, up to max.
func cardFundingLines(funds FundingLines, max int) []Rich {
	var lines []Rich
	for i := range funds.Len() {
		if i == max {
			lines = append(lines, Line("…and "+plural(funds.Len()-max, "more funding", "more fundings")+"."))
			break
		}
		lines = append(lines, fundingLineRich(funds.At(i), fundingLineOpts{from: true}))
	}
	return lines
}

// CohortCardReply is the card of a cohort as of date on: who serves the cohort
// where. Programmes for the cohort or a narrower one come first; those for a
// broader cohort are summarised after.
func CohortCardReply(a *CohortAnswer) Reply {
	c, on := a.Cohort, a.On
	day := on.UK()
	who := phraseOf(clipName(c.Name))
	b := newReplyBuilder(clipText(c.Name, 150))

	var about []Rich
	if c.Description != "" {
		about = append(about, R(I(clipText(c.Description, maxDescriptionLen))))
	}
	if a.Parent != nil {
		about = append(about, Line("Part of: "+clipName(a.Parent.Name)))
	}
	if kids := a.Children; len(kids) > 0 {
		about = append(about, Line("Includes: "+joinNames(cohortNames(kids), maxInline)))
	}
	if len(c.Aliases) > 0 {
		about = append(about, Line("Also called: "+joinNames(clipAll(c.Aliases), maxInline)))
	}
	if c.IsEmployers() {
		about = append(about, Line("An employer cohort: programmes that work with employers."))
	}

	targeted, broader := a.Targeted, a.Broader
	summary := plural(targeted.Len(), "programme serves", "programmes serve") + " " + who + " on " + day
	if targeted.Len() == 0 {
		summary = "No programme serves " + who + " on " + day
	}
	if broader.Len() > 0 {
		summary += "; " + plural(broader.Len(), "more is", "more are") + " open to them through broader eligibility"
	}
	summary += "."
	about = append(about, Line(summary))
	b.add(Section{Lines: about})

	var lines []Rich
	for i := range targeted.Len() {
		if i == maxEntries {
			lines = append(lines, R(T("…and "+num(targeted.Len()-i)+" more. Narrow it with "),
				C("who funds "+who+" in <area>"), T(".")))
			break
		}
		e := targeted.At(i)
		prog := e.Programme
		line := R(T("• "), B(clipName(prog.Name)))
		if e.Lead != nil {
			line = append(line, T(" · led by "+shortName(e.Lead)))
		}
		if len(e.Areas) > 0 {
			line = append(line, T(" · in "+joinNames(areaNames(e.Areas), maxAreasNamed)))
		}
		var narrower []string
		for _, x := range e.Narrower {
			narrower = append(narrower, phraseOf(clipName(x.Name)))
		}
		if len(narrower) > 0 {
			line = append(line, T(" · for "+joinNames(narrower, maxCohortsNamed)))
		}
		line = append(line, T(" · "+ProgrammeState(prog, on)))
		lines = append(lines, line)
	}
	b.add(packLines(lines)...)
	if broader.Len() > 0 {
		names := make([]string, 0, maxInline)
		for i := range min(broader.Len(), maxInline) {
			e := broader.At(i)
			names = append(names, clipName(e.Programme.Name)+" ("+joinNames(areaNames(e.Areas), 2)+")")
		}
		list := joinNames(names, maxInline)
		if broader.Len() > maxInline {
			list = strings.Join(names, ", ") + " and " + num(broader.Len()-maxInline) + " more"
		}
		b.add(Section{Lines: []Rich{R(B("Also open to them"), T(" through broader eligibility: "+list+"."))}})
	}
	if n := a.NotLive.Len(); n > 0 {
		b.add(Section{Lines: []Rich{notRunningLine(a.NotLive.First(maxNotLive), n, on)}})
	}
	b.add(Context{Items: []Rich{R(T("As of "+day+" · for the money: "), C("who funds "+who+" in <area>"))}})
	return b.reply(clipName(c.Name) + ": " + summary)
}

// AreaCardReply is the card of an area as of date on: what runs there. Programmes
// whose areas fit by the up-and-down rule count; those delivered in the area
// or inside it are listed, and those reaching it from a wider area (a
// national programme, the strategic authority's) are summarised after.
func AreaCardReply(ans *AreaAnswer) Reply {
	a, on := ans.Area, ans.On
	day := on.UK()
	b := newReplyBuilder(clipText(a.Name, 150))

	kind := areaKindLabel(a.Kind)
	if ans.Parent != nil {
		kind += " in " + clipName(ans.Parent.Name)
	}
	about := []Rich{Line(kind)}
	if kids := ans.Children; len(kids) > 0 {
		about = append(about, Line("Contains "+plural(len(kids), "area", "areas")+": "+
			joinNames(areaNames(kids), maxInline)))
	}
	if len(a.Aliases) > 0 {
		about = append(about, Line("Also called: "+joinNames(clipAll(a.Aliases), maxInline)))
	}

	local, wider, notLive := ans.Local, ans.Wider, ans.NotLive
	place := clipName(a.Name)
	var summary string
	switch {
	case local.Len() == 0 && wider.Len() == 0:
		summary = "No programme reaches " + place + " on " + day + "."
	case local.Len() == 0:
		summary = "No programme runs in " + place + " itself on " + day + ", but " +
			plural(wider.Len(), "programme reaches", "programmes reach") + " it from a wider area."
	default:
		summary = plural(local.Len(), "programme runs", "programmes run") + " in " + place + " on " + day
		if wider.Len() > 0 {
			summary += "; " + plural(wider.Len(), "more reaches", "more reach") + " it from a wider area"
		}
		summary += "."
	}
	about = append(about, Line(summary))
	b.add(Section{Lines: about})

	var lines []Rich
	shown := 0
	entry := func(e ProgrammeEntry, areas []*Area, prefix string) {
		prog := e.Programme
		line := R(T("• "), B(clipName(prog.Name)))
		if e.Lead != nil {
			line = append(line, T(" · led by "+shortName(e.Lead)))
		}
		var cs []string
		for _, c := range e.Cohorts {
			cs = append(cs, phraseOf(clipName(c.Name)))
		}
		if len(cs) > 0 {
			line = append(line, T(" · for "+joinNames(cs, 2)))
		}
		if len(areas) > 0 {
			line = append(line, T(" · "+prefix+joinNames(areaNames(areas), maxAreasNamed)))
		}
		line = append(line, T(" · "+ProgrammeState(prog, on)))
		lines = append(lines, line)
		shown++
	}
	for i := range local.Len() {
		if shown == maxEntries {
			break
		}
		e := local.At(i)
		entry(e, e.Here, "in ")
	}
	if wider.Len() > 0 && shown < maxEntries {
		lines = append(lines, R(B("From a wider area")))
		for i := range wider.Len() {
			if shown == maxEntries {
				break
			}
			e := wider.At(i)
			entry(e, e.Through, "through ")
		}
	}
	if more := local.Len() + wider.Len() - shown; more > 0 {
		lines = append(lines, R(T("…and "+plural(more, "more programme", "more programmes")+". Narrow it with "),
			C("who funds <cohort> in "+place), T(".")))
	}
	b.add(packLines(lines)...)
	if len(notLive) > 0 {
		b.add(Section{Lines: []Rich{notRunningLine(notLive[:min(len(notLive), maxNotLive)], len(notLive), on)}})
	}
	b.add(Context{Items: []Rich{R(T("As of "+day+" · for the money: "), C("who funds <cohort> in "+clipName(a.Name)))}})
	return b.reply(clipName(a.Name) + ": " + summary)
}

// AgencyCardReply is the card of an agency: what the agency is, and
// the programmes it leads, funds and receives money for.
func AgencyCardReply(a *AgencyAnswer) Reply {
	ag, on := a.Agency, a.On
	day := on.UK()
	b := newReplyBuilder(clipText(ag.Name, 150))

	kind := agencyKindLabel(ag.Kind)
	if ar := a.Area; ar != nil {
		kind += " · " + clipName(ar.Name)
	}
	lines := []Rich{Line(kind)}
	if len(ag.Aliases) > 0 {
		lines = append(lines, Line("Also called: "+joinNames(clipAll(ag.Aliases), maxInline)))
	}
	led, funded := a.Led, a.Funded
	lines = append(lines,
		programmeSummary("Leads", led, on),
		programmeSummary("Funds", funded, on),
		programmeSummary("Receives money for", a.Received, on))
	b.add(packLines(lines)...)
	b.add(Context{Items: []Rich{R(T("As of "+day+" · for the money: "), C("what does "+shortName(ag)+" fund"))}})
	text := clipName(ag.Name) + " leads " + countOrNo(len(led), "programme", "programmes") +
		" and funds " + countOrNo(len(funded), "programme", "programmes") + " (as of " + day + ")."
	return b.reply(text)
}

// programmeSummary writes "Leads 3 programmes (2 running on 12 Jan 2026):
// A, B and C", running ones named first.
func programmeSummary(verb string, progs []*Programme, on Date) Rich {
	if len(progs) == 0 {
		return R(B(verb), T(": none recorded"))
	}
	var running, rest []string
	for _, prog := range progs {
		if prog.LiveOn(on) {
			running = append(running, clipName(prog.Name))
		} else {
			rest = append(rest, clipName(prog.Name)+" ("+ProgrammeState(prog, on)+")")
		}
	}
	return R(B(verb), T(" "+plural(len(progs), "programme", "programmes")+" ("+num(len(running))+
		" running on "+on.UK()+"): "+joinNames(append(running, rest...), maxInline)))
}

func cohortNames(cs []*Cohort) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = clipName(c.Name)
	}
	return out
}

func clipAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = clipName(s)
	}
	return out
}

// capitalise upper-cases the first letter of a sentence.
func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// asOfSource is the context line of a card: the date and, when there is
// one, a link to the source named by its host.
func asOfSource(on Date, source string) Rich {
	r := R(T("As of " + on.UK()))
	if source == "" {
		return r
	}
	text := source
	if u, err := url.Parse(source); err == nil && u.Host != "" {
		text = strings.TrimPrefix(u.Host, "www.")
	}
	return append(r, T(" · source: "), linkOrText(clipName(text), source))
}

var areaKinds = map[string]string{
	AreaCountry:            "Country",
	AreaStrategicAuthority: "Strategic authority",
	AreaLocalAuthority:     "Council area",
	AreaOther:              "Area",
}

func areaKindLabel(k string) string {
	if s, ok := areaKinds[k]; ok {
		return s
	}
	return "Area"
}

var agencyKinds = map[string]string{
	"strategic_authority": "Strategic authority",
	"dwp":                 "Government department",
	"icb":                 "Integrated care board",
	"nhs_trust":           "NHS trust",
	"nhs_national":        "National NHS body",
	"local_authority":     "Council",
	"central_government":  "Government department",
	"devolved_government": "Devolved government",
	"vcse":                "Voluntary or community organisation",
	"provider":            "Provider",
	"employer_group":      "Employer group",
	"funder":              "Funder",
	"other":               "Organisation",
}

func agencyKindLabel(k string) string {
	if s, ok := agencyKinds[k]; ok {
		return s
	}
	return "Organisation"
}
