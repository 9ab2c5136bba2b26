package view

import (
	"net/url"
	"strings"

	"frontdoor/handlers"
	"frontdoor/handlers/index"
)

// Cards: `programme <name>`, `cohort <name>`, `area <name>` and
// `agency <name>`, one thing each, as of a date. A card says whether each
// programme is running on that date in words (ProgrammeState), never the raw
// status column.

// Most names listed inline on a card before "and N more".
const maxInline = 8

// ProgrammeCardReply is the card of a programme.
func ProgrammeCard(bud Budget, a *index.ProgrammeAnswer) handlers.Reply {
	p, on := a.Programme, a.On
	day := on.UK()
	state := ProgrammeState(p, on)
	b := newReplyBuilder(bud, handlers.ClipText(p.Name, 150))

	top := []handlers.Rich{handlers.R(handlers.B(capitalise(state)))}
	if a.Lead != nil {
		top = append(top, handlers.Line("Led by "+handlers.ClipName(a.Lead.Name)))
	}
	if p.Description != "" {
		top = append(top, handlers.R(handlers.I(handlers.ClipText(p.Description, handlers.MaxDescriptionLen))))
	}
	var fields []handlers.Field
	fields = append(fields, handlers.Field{Label: "Where", Value: handlers.Line(handlers.JoinNames(areaNames(a.Areas), maxInline))})
	var cohorts []string
	for _, c := range a.Cohorts {
		cohorts = append(cohorts, handlers.ClipName(c.Name))
	}
	fields = append(fields, handlers.Field{Label: "Who", Value: handlers.Line(handlers.JoinNames(cohorts, maxInline))})
	period := p.Period().UK()
	if period == "" {
		period = "no dates recorded"
	}
	fields = append(fields, handlers.Field{Label: "Period", Value: handlers.Line(period)})
	if p.Capacity != nil {
		fields = append(fields, handlers.Field{Label: "Places", Value: handlers.Line(handlers.WithCommas(*p.Capacity))})
	}
	if p.Contact != "" {
		fields = append(fields, handlers.Field{Label: "Contact", Value: handlers.R(contactSpan(p.Contact))})
	}
	if len(p.Aliases) > 0 {
		fields = append(fields, handlers.Field{Label: "Also called", Value: handlers.Line(handlers.JoinNames(clipAll(p.Aliases), maxInline))})
	}
	b.add(handlers.Section{Lines: top, Fields: fields})

	// Money: what is live on the date first, then the rest.
	live, other := a.Live, a.Other
	var lines []handlers.Rich
	switch {
	case live.Len()+other.Len() == 0:
		lines = append(lines, handlers.R(handlers.I(capitalise(index.NoteFundingNotRecorded)+".")))
	case live.Len() == 0:
		lines = append(lines, handlers.R(handlers.B("Funding"), handlers.T(": none recorded for "+day+".")))
	default:
		lines = append(lines, handlers.R(handlers.B("Funding live on "+day)))
		lines = append(lines, cardFundingLines(live, 10)...)
	}
	if other.Len() > 0 {
		lines = append(lines, handlers.R(handlers.B("Other funding recorded"), handlers.T(" (other dates)")))
		lines = append(lines, cardFundingLines(other, 5)...)
	}
	b.add(bud.pack(lines)...)
	if u := p.URL; u != "" && len(u) <= handlers.MaxURLLen && strings.HasPrefix(u, "http") {
		b.add(handlers.Actions{Buttons: []handlers.Button{{Text: "Programme page", URL: u}}})
	}
	b.add(handlers.Context{Items: []handlers.Rich{asOfSource(on, p.URL)}})
	text := handlers.ClipName(p.Name) + ": " + state + " (as of " + day + ")."
	return b.reply(text)
}

// cardFundingLines lists fundings with the funder each started with, up to max.
func cardFundingLines(funds index.FundingLines, max int) []handlers.Rich {
	var lines []handlers.Rich
	for i := range funds.Len() {
		if i == max {
			lines = append(lines, handlers.Line("…and "+handlers.Plural(funds.Len()-max, "more funding", "more fundings")+"."))
			break
		}
		lines = append(lines, fundingLineRich(funds.At(i), fundingLineOpts{from: true}))
	}
	return lines
}

// CohortCardReply is the card of a cohort as of date on: who serves the cohort
// where. Programmes for the cohort or a narrower one come first; those for a
// broader cohort are summarised after.
func CohortCard(bud Budget, a *index.CohortAnswer) handlers.Reply {
	c, on := a.Cohort, a.On
	day := on.UK()
	who := handlers.Phrase(handlers.ClipName(c.Name))
	b := newReplyBuilder(bud, handlers.ClipText(c.Name, 150))

	var about []handlers.Rich
	if c.Description != "" {
		about = append(about, handlers.R(handlers.I(handlers.ClipText(c.Description, handlers.MaxDescriptionLen))))
	}
	if a.Parent != nil {
		about = append(about, handlers.Line("Part of: "+handlers.ClipName(a.Parent.Name)))
	}
	if kids := a.Children; len(kids) > 0 {
		about = append(about, handlers.Line("Includes: "+handlers.JoinNames(cohortNames(kids), maxInline)))
	}
	if len(c.Aliases) > 0 {
		about = append(about, handlers.Line("Also called: "+handlers.JoinNames(clipAll(c.Aliases), maxInline)))
	}
	if c.IsEmployers() {
		about = append(about, handlers.Line("An employer cohort: programmes that work with employers."))
	}

	targeted, broader := a.Targeted, a.Broader
	summary := handlers.Plural(targeted.Len(), "programme serves", "programmes serve") + " " + who + " on " + day
	if targeted.Len() == 0 {
		summary = "No programme serves " + who + " on " + day
	}
	if broader.Len() > 0 {
		summary += "; " + handlers.Plural(broader.Len(), "more is", "more are") + " open to them through broader eligibility"
	}
	summary += "."
	about = append(about, handlers.Line(summary))
	b.add(handlers.Section{Lines: about})

	var lines []handlers.Rich
	for i := range targeted.Len() {
		if i == maxEntries {
			lines = append(lines, handlers.R(handlers.T("…and "+handlers.Num(targeted.Len()-i)+" more. Narrow it with "),
				handlers.C("who funds "+who+" in <area>"), handlers.T(".")))
			break
		}
		e := targeted.At(i)
		prog := e.Programme
		line := handlers.R(handlers.T("• "), handlers.B(handlers.ClipName(prog.Name)))
		if e.Lead != nil {
			line = append(line, handlers.T(" · led by "+handlers.ShortName(e.Lead)))
		}
		if len(e.Areas) > 0 {
			line = append(line, handlers.T(" · in "+handlers.JoinNames(areaNames(e.Areas), maxAreasNamed)))
		}
		var narrower []string
		for _, x := range e.Narrower {
			narrower = append(narrower, handlers.Phrase(handlers.ClipName(x.Name)))
		}
		if len(narrower) > 0 {
			line = append(line, handlers.T(" · for "+handlers.JoinNames(narrower, maxCohortsNamed)))
		}
		line = append(line, handlers.T(" · "+ProgrammeState(prog, on)))
		lines = append(lines, line)
	}
	b.add(bud.pack(lines)...)
	if broader.Len() > 0 {
		names := make([]string, 0, maxInline)
		for i := range min(broader.Len(), maxInline) {
			e := broader.At(i)
			names = append(names, handlers.ClipName(e.Programme.Name)+" ("+handlers.JoinNames(areaNames(e.Areas), 2)+")")
		}
		list := handlers.JoinNames(names, maxInline)
		if broader.Len() > maxInline {
			list = strings.Join(names, ", ") + " and " + handlers.Num(broader.Len()-maxInline) + " more"
		}
		b.add(handlers.Section{Lines: []handlers.Rich{handlers.R(handlers.B("Also open to them"), handlers.T(" through broader eligibility: "+list+"."))}})
	}
	if n := a.NotLive.Len(); n > 0 {
		b.add(handlers.Section{Lines: []handlers.Rich{notRunningLine(a.NotLive.First(maxNotLive), n, on)}})
	}
	b.add(handlers.Context{Items: []handlers.Rich{handlers.R(handlers.T("As of "+day+" · for the money: "), handlers.C("who funds "+who+" in <area>"))}})
	return b.reply(handlers.ClipName(c.Name) + ": " + summary)
}

// AreaCardReply is the card of an area as of date on: what runs there. Programmes
// whose areas fit by the up-and-down rule count; those delivered in the area
// or inside it are listed, and those reaching it from a wider area (a
// national programme, the strategic authority's) are summarised after.
func AreaCard(bud Budget, ans *index.AreaAnswer) handlers.Reply {
	a, on := ans.Area, ans.On
	day := on.UK()
	b := newReplyBuilder(bud, handlers.ClipText(a.Name, 150))

	kind := areaKindLabel(a.Kind)
	if ans.Parent != nil {
		kind += " in " + handlers.ClipName(ans.Parent.Name)
	}
	about := []handlers.Rich{handlers.Line(kind)}
	if kids := ans.Children; len(kids) > 0 {
		about = append(about, handlers.Line("Contains "+handlers.Plural(len(kids), "area", "areas")+": "+
			handlers.JoinNames(areaNames(kids), maxInline)))
	}
	if len(a.Aliases) > 0 {
		about = append(about, handlers.Line("Also called: "+handlers.JoinNames(clipAll(a.Aliases), maxInline)))
	}

	local, wider, notLive := ans.Local, ans.Wider, ans.NotLive
	place := handlers.ClipName(a.Name)
	var summary string
	switch {
	case local.Len() == 0 && wider.Len() == 0:
		summary = "No programme reaches " + place + " on " + day + "."
	case local.Len() == 0:
		summary = "No programme runs in " + place + " itself on " + day + ", but " +
			handlers.Plural(wider.Len(), "programme reaches", "programmes reach") + " it from a wider area."
	default:
		summary = handlers.Plural(local.Len(), "programme runs", "programmes run") + " in " + place + " on " + day
		if wider.Len() > 0 {
			summary += "; " + handlers.Plural(wider.Len(), "more reaches", "more reach") + " it from a wider area"
		}
		summary += "."
	}
	about = append(about, handlers.Line(summary))
	b.add(handlers.Section{Lines: about})

	var lines []handlers.Rich
	shown := 0
	entry := func(e index.ProgrammeEntry, areas []*handlers.Area, prefix string) {
		prog := e.Programme
		line := handlers.R(handlers.T("• "), handlers.B(handlers.ClipName(prog.Name)))
		if e.Lead != nil {
			line = append(line, handlers.T(" · led by "+handlers.ShortName(e.Lead)))
		}
		var cs []string
		for _, c := range e.Cohorts {
			cs = append(cs, handlers.Phrase(handlers.ClipName(c.Name)))
		}
		if len(cs) > 0 {
			line = append(line, handlers.T(" · for "+handlers.JoinNames(cs, 2)))
		}
		if len(areas) > 0 {
			line = append(line, handlers.T(" · "+prefix+handlers.JoinNames(areaNames(areas), maxAreasNamed)))
		}
		line = append(line, handlers.T(" · "+ProgrammeState(prog, on)))
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
		lines = append(lines, handlers.R(handlers.B("From a wider area")))
		for i := range wider.Len() {
			if shown == maxEntries {
				break
			}
			e := wider.At(i)
			entry(e, e.Through, "through ")
		}
	}
	if more := local.Len() + wider.Len() - shown; more > 0 {
		lines = append(lines, handlers.R(handlers.T("…and "+handlers.Plural(more, "more programme", "more programmes")+". Narrow it with "),
			handlers.C("who funds <cohort> in "+place), handlers.T(".")))
	}
	b.add(bud.pack(lines)...)
	if len(notLive) > 0 {
		b.add(handlers.Section{Lines: []handlers.Rich{notRunningLine(notLive[:min(len(notLive), maxNotLive)], len(notLive), on)}})
	}
	b.add(handlers.Context{Items: []handlers.Rich{handlers.R(handlers.T("As of "+day+" · for the money: "), handlers.C("who funds <cohort> in "+handlers.ClipName(a.Name)))}})
	return b.reply(handlers.ClipName(a.Name) + ": " + summary)
}

// AgencyCardReply is the card of an agency: what the agency is, and
// the programmes it leads, funds and receives money for.
func AgencyCard(bud Budget, a *index.AgencyAnswer) handlers.Reply {
	ag, on := a.Agency, a.On
	day := on.UK()
	b := newReplyBuilder(bud, handlers.ClipText(ag.Name, 150))

	kind := agencyKindLabel(ag.Kind)
	if ar := a.Area; ar != nil {
		kind += " · " + handlers.ClipName(ar.Name)
	}
	lines := []handlers.Rich{handlers.Line(kind)}
	if len(ag.Aliases) > 0 {
		lines = append(lines, handlers.Line("Also called: "+handlers.JoinNames(clipAll(ag.Aliases), maxInline)))
	}
	led, funded := a.Led, a.Funded
	lines = append(lines,
		programmeSummary("Leads", led, on),
		programmeSummary("Funds", funded, on),
		programmeSummary("Receives money for", a.Received, on))
	b.add(bud.pack(lines)...)
	b.add(handlers.Context{Items: []handlers.Rich{handlers.R(handlers.T("As of "+day+" · for the money: "), handlers.C("what does "+handlers.ShortName(ag)+" fund"))}})
	text := handlers.ClipName(ag.Name) + " leads " + handlers.CountOrNo(len(led), "programme", "programmes") +
		" and funds " + handlers.CountOrNo(len(funded), "programme", "programmes") + " (as of " + day + ")."
	return b.reply(text)
}

// programmeSummary writes "Leads 3 programmes (2 running on 12 Jan 2026):
// A, B and C", running ones named first.
func programmeSummary(verb string, progs []*handlers.Programme, on handlers.Date) handlers.Rich {
	if len(progs) == 0 {
		return handlers.R(handlers.B(verb), handlers.T(": none recorded"))
	}
	var running, rest []string
	for _, prog := range progs {
		if prog.LiveOn(on) {
			running = append(running, handlers.ClipName(prog.Name))
		} else {
			rest = append(rest, handlers.ClipName(prog.Name)+" ("+ProgrammeState(prog, on)+")")
		}
	}
	return handlers.R(handlers.B(verb), handlers.T(" "+handlers.Plural(len(progs), "programme", "programmes")+" ("+handlers.Num(len(running))+
		" running on "+on.UK()+"): "+handlers.JoinNames(append(running, rest...), maxInline)))
}

func cohortNames(cs []*handlers.Cohort) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = handlers.ClipName(c.Name)
	}
	return out
}

func clipAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = handlers.ClipName(s)
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
func asOfSource(on handlers.Date, source string) handlers.Rich {
	r := handlers.R(handlers.T("As of " + on.UK()))
	if source == "" {
		return r
	}
	text := source
	if u, err := url.Parse(source); err == nil && u.Host != "" {
		text = strings.TrimPrefix(u.Host, "www.")
	}
	return append(r, handlers.T(" · source: "), linkOrText(handlers.ClipName(text), source))
}

var areaKinds = map[string]string{
	handlers.AreaCountry:            "Country",
	handlers.AreaStrategicAuthority: "Strategic authority",
	handlers.AreaLocalAuthority:     "Council area",
	handlers.AreaOther:              "Area",
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
