package handlers

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Cards: `programme <name>`, `cohort <name>`, `area <name>` and
// `agency <name>`, one thing each, as of a date. A card says whether each
// programme is running on that date in words (ProgrammeState), never the raw
// status column.

// Most names listed inline on a card before "and N more".
const maxInline = 8

// ProgrammeCard answers `programme <name>` as of date on.
func (ix *Index) ProgrammeCard(q string, on Date) (Reply, error) {
	p, err := ix.MatchProgramme(q)
	if err != nil {
		return Reply{}, err
	}
	pi := lookupPos(ix.progPos, p.ID)
	day := on.UK()
	state := ProgrammeState(p, on)
	b := newReplyBuilder(clipText(p.Name, 150))

	top := []Rich{R(B(capitalise(state)))}
	if l := ix.progLead[pi]; l >= 0 {
		top = append(top, Line("Led by "+clipName(ix.reg.Agencies[l].Name)))
	}
	if p.Description != "" {
		top = append(top, R(I(clipText(p.Description, maxDescriptionLen))))
	}
	var fields []Field
	fields = append(fields, Field{Label: "Where", Value: Line(joinNames(areaNames(ix.areaList(ix.progAreas[pi])), maxInline))})
	var cohorts []string
	for _, c := range ix.progCohorts[pi] {
		cohorts = append(cohorts, clipName(ix.reg.Cohorts[c].Name))
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
	var live, other []int32
	for _, f := range ix.fundsByProg[pi] {
		if ix.reg.Fundings[f].Period().Contains(on) {
			live = append(live, f)
		} else {
			other = append(other, f)
		}
	}
	var lines []Rich
	switch {
	case len(live)+len(other) == 0:
		lines = append(lines, R(I(capitalise(NoteFundingNotRecorded)+".")))
	case len(live) == 0:
		lines = append(lines, R(B("Funding"), T(": none recorded for "+day+".")))
	default:
		lines = append(lines, R(B("Funding live on "+day)))
		lines = append(lines, ix.cardFundingLines(live, 10, p)...)
	}
	if len(other) > 0 {
		lines = append(lines, R(B("Other funding recorded"), T(" (other dates)")))
		lines = append(lines, ix.cardFundingLines(other, 5, p)...)
	}
	b.add(packLines(lines)...)
	if u := p.URL; u != "" && len(u) <= maxURLLen && strings.HasPrefix(u, "http") {
		b.add(Actions{Buttons: []Button{{Text: "Programme page", URL: u}}})
	}
	b.add(Context{Items: []Rich{asOfSource(on, p.URL)}})
	text := clipName(p.Name) + ": " + state + " (as of " + day + ")."
	return b.reply(text), nil
}

// cardFundingLines lists fundings with the funder each started with, up to max.
func (ix *Index) cardFundingLines(funds []int32, max int, p *Programme) []Rich {
	var lines []Rich
	for i, f := range funds {
		if i == max {
			lines = append(lines, Line("…and "+plural(len(funds)-max, "more funding", "more fundings")+"."))
			break
		}
		lines = append(lines, ix.fundingLineRich(ix.fundingLine(f, false), fundingLineOpts{from: true}))
	}
	return lines
}

// CohortCard answers `cohort <name>` as of date on: who serves the cohort
// where. Programmes for the cohort or a narrower one come first; those for a
// broader cohort are summarised after.
func (ix *Index) CohortCard(q string, on Date) (Reply, error) {
	c, err := ix.MatchCohort(q)
	if err != nil {
		return Reply{}, err
	}
	ci := lookupPos(ix.cohortPos, c.ID)
	day := on.UK()
	who := phraseOf(clipName(c.Name))
	b := newReplyBuilder(clipText(c.Name, 150))

	var about []Rich
	if c.Description != "" {
		about = append(about, R(I(clipText(c.Description, maxDescriptionLen))))
	}
	if p := ix.cohorts.parent[ci]; p >= 0 {
		about = append(about, Line("Part of: "+clipName(ix.reg.Cohorts[p].Name)))
	}
	if kids := ix.cohorts.children[ci]; len(kids) > 0 {
		about = append(about, Line("Includes: "+joinNames(cohortNames(ix.cohortList(kids)), maxInline)))
	}
	if len(c.Aliases) > 0 {
		about = append(about, Line("Also called: "+joinNames(clipAll(c.Aliases), maxInline)))
	}
	if c.IsEmployers() {
		about = append(about, Line("An employer cohort: programmes that work with employers."))
	}

	// The who-funds working lists each programme's entries together, in
	// name order: one pass picks the distinct programmes of each part.
	w := ix.workWhoFunds(c, nil, on)
	var targeted, broader []int32
	for i := range w.entries {
		e := &w.entries[i]
		if i > 0 && w.entries[i-1].prog == e.prog {
			continue
		}
		if e.broader {
			broader = append(broader, e.prog)
		} else {
			targeted = append(targeted, e.prog)
		}
	}
	summary := plural(len(targeted), "programme serves", "programmes serve") + " " + who + " on " + day
	if len(targeted) == 0 {
		summary = "No programme serves " + who + " on " + day
	}
	if len(broader) > 0 {
		summary += "; " + plural(len(broader), "more is", "more are") + " open to them through broader eligibility"
	}
	summary += "."
	about = append(about, Line(summary))
	b.add(Section{Lines: about})

	var lines []Rich
	for i, p := range targeted {
		if i == maxEntries {
			lines = append(lines, R(T("…and "+strconv.Itoa(len(targeted)-i)+" more. Narrow it with "),
				C("who funds "+who+" in <area>"), T(".")))
			break
		}
		prog := &ix.reg.Programmes[p]
		line := R(T("• "), B(clipName(prog.Name)))
		if l := ix.progLead[p]; l >= 0 {
			line = append(line, T(" · led by "+shortName(&ix.reg.Agencies[l])))
		}
		if areas := ix.progAreas[p]; len(areas) > 0 {
			line = append(line, T(" · in "+joinNames(areaNames(ix.areaList(areas)), maxAreasNamed)))
		}
		var narrower []string
		for _, x := range ix.progCohorts[p] {
			if x != ci && ix.cohortCounts(x, ci, false) {
				narrower = append(narrower, phraseOf(clipName(ix.reg.Cohorts[x].Name)))
			}
		}
		if len(narrower) > 0 {
			line = append(line, T(" · for "+joinNames(narrower, maxCohortsNamed)))
		}
		line = append(line, T(" · "+ProgrammeState(prog, on)))
		lines = append(lines, line)
	}
	b.add(packLines(lines)...)
	if len(broader) > 0 {
		names := make([]string, 0, maxInline)
		for _, p := range broader[:min(len(broader), maxInline)] {
			names = append(names, clipName(ix.reg.Programmes[p].Name)+" ("+joinNames(areaNames(ix.areaList(ix.progAreas[p])), 2)+")")
		}
		list := joinNames(names, maxInline)
		if len(broader) > maxInline {
			list = strings.Join(names, ", ") + " and " + strconv.Itoa(len(broader)-maxInline) + " more"
		}
		b.add(Section{Lines: []Rich{R(B("Also open to them"), T(" through broader eligibility: "+list+"."))}})
	}
	if n := len(w.notLive); n > 0 {
		b.add(Section{Lines: []Rich{notRunningLine(ix.programmeList(w.notLive[:min(n, maxNotLive)]), n, on)}})
	}
	b.add(Context{Items: []Rich{R(T("As of "+day+" · for the money: "), C("who funds "+who+" in <area>"))}})
	return b.reply(clipName(c.Name) + ": " + summary), nil
}

// AreaCard answers `area <name>` as of date on: what runs there. Programmes
// whose areas fit by the up-and-down rule count; those delivered in the area
// or inside it are listed, and those reaching it from a wider area (a
// national programme, the strategic authority's) are summarised after.
func (ix *Index) AreaCard(q string, on Date) (Reply, error) {
	a, err := ix.MatchArea(q)
	if err != nil {
		return Reply{}, err
	}
	ai := lookupPos(ix.areaPos, a.ID)
	day := on.UK()
	b := newReplyBuilder(clipText(a.Name, 150))

	kind := areaKindLabel(a.Kind)
	if p := ix.areas.parent[ai]; p >= 0 {
		kind += " in " + clipName(ix.reg.Areas[p].Name)
	}
	about := []Rich{Line(kind)}
	if kids := ix.areas.children[ai]; len(kids) > 0 {
		about = append(about, Line("Contains "+plural(len(kids), "area", "areas")+": "+
			joinNames(areaNames(ix.areaList(kids)), maxInline)))
	}
	if len(a.Aliases) > 0 {
		about = append(about, Line("Also called: "+joinNames(clipAll(a.Aliases), maxInline)))
	}

	var local, wider []int32
	var notLive []*Programme
	for _, p := range ix.programmesAround(ai) {
		if !ix.reg.Programmes[p].LiveOn(on) {
			notLive = append(notLive, &ix.reg.Programmes[p])
			continue
		}
		inside := false
		for _, x := range ix.progAreas[p] {
			inside = inside || ix.areas.within(x, ai)
		}
		if inside {
			local = append(local, p)
		} else {
			wider = append(wider, p)
		}
	}
	ix.sortByName(local)
	ix.sortByName(wider)
	slices.SortStableFunc(notLive, func(x, y *Programme) int { return strings.Compare(strings.ToLower(x.Name), strings.ToLower(y.Name)) })
	place := clipName(a.Name)
	var summary string
	switch {
	case len(local) == 0 && len(wider) == 0:
		summary = "No programme reaches " + place + " on " + day + "."
	case len(local) == 0:
		summary = "No programme runs in " + place + " itself on " + day + ", but " +
			plural(len(wider), "programme reaches", "programmes reach") + " it from a wider area."
	default:
		summary = plural(len(local), "programme runs", "programmes run") + " in " + place + " on " + day
		if len(wider) > 0 {
			summary += "; " + plural(len(wider), "more reaches", "more reach") + " it from a wider area"
		}
		summary += "."
	}
	about = append(about, Line(summary))
	b.add(Section{Lines: about})

	var lines []Rich
	shown := 0
	entry := func(p int32, areas []*Area, prefix string) {
		prog := &ix.reg.Programmes[p]
		line := R(T("• "), B(clipName(prog.Name)))
		if l := ix.progLead[p]; l >= 0 {
			line = append(line, T(" · led by "+shortName(&ix.reg.Agencies[l])))
		}
		var cs []string
		for _, c := range ix.progCohorts[p] {
			cs = append(cs, phraseOf(clipName(ix.reg.Cohorts[c].Name)))
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
	for _, p := range local {
		if shown == maxEntries {
			break
		}
		// Name the areas inside the one asked, unless it lists the area itself.
		var here []*Area
		if !slices.Contains(ix.progAreas[p], ai) {
			for _, x := range ix.progAreas[p] {
				if ix.areas.within(x, ai) {
					here = append(here, &ix.reg.Areas[x])
				}
			}
		}
		entry(p, here, "in ")
	}
	if len(wider) > 0 && shown < maxEntries {
		lines = append(lines, R(B("From a wider area")))
		for _, p := range wider {
			if shown == maxEntries {
				break
			}
			var through []*Area
			for _, x := range ix.progAreas[p] {
				if ix.areas.within(ai, x) {
					through = append(through, &ix.reg.Areas[x])
				}
			}
			entry(p, through, "through ")
		}
	}
	if more := len(local) + len(wider) - shown; more > 0 {
		lines = append(lines, R(T("…and "+plural(more, "more programme", "more programmes")+". Narrow it with "),
			C("who funds <cohort> in "+place), T(".")))
	}
	b.add(packLines(lines)...)
	if len(notLive) > 0 {
		b.add(Section{Lines: []Rich{notRunningLine(notLive[:min(len(notLive), maxNotLive)], len(notLive), on)}})
	}
	b.add(Context{Items: []Rich{R(T("As of "+day+" · for the money: "), C("who funds <cohort> in "+clipName(a.Name)))}})
	return b.reply(clipName(a.Name) + ": " + summary), nil
}

// AgencyCard answers `agency <name>` as of date on: what the agency is, and
// the programmes it leads, funds and receives money for.
func (ix *Index) AgencyCard(q string, on Date) (Reply, error) {
	ag, err := ix.MatchAgency(q)
	if err != nil {
		return Reply{}, err
	}
	gi := lookupPos(ix.agencyPos, ag.ID)
	day := on.UK()
	b := newReplyBuilder(clipText(ag.Name, 150))

	kind := agencyKindLabel(ag.Kind)
	if ar := ix.Area(ag.AreaID); ar != nil {
		kind += " · " + clipName(ar.Name)
	}
	lines := []Rich{Line(kind)}
	if len(ag.Aliases) > 0 {
		lines = append(lines, Line("Also called: "+joinNames(clipAll(ag.Aliases), maxInline)))
	}
	led := ix.progsByLead[gi]
	funded := ix.programmesOfFundings(ix.fundsByFunder[gi])
	received := ix.programmesOfFundings(ix.fundsByRecip[gi])
	lines = append(lines,
		ix.programmeSummary("Leads", led, on),
		ix.programmeSummary("Funds", funded, on),
		ix.programmeSummary("Receives money for", received, on))
	b.add(packLines(lines)...)
	b.add(Context{Items: []Rich{R(T("As of "+day+" · for the money: "), C("what does "+shortName(ag)+" fund"))}})
	text := clipName(ag.Name) + " leads " + countOrNo(len(led), "programme", "programmes") +
		" and funds " + countOrNo(len(funded), "programme", "programmes") + " (as of " + day + ")."
	return b.reply(text), nil
}

// programmesOfFundings lists the distinct programmes of fundings.
func (ix *Index) programmesOfFundings(funds []int32) []int32 {
	var out []int32
	seen := make(map[int32]bool, len(funds))
	for _, f := range funds {
		if p := ix.fundProg[f]; p >= 0 && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// programmeSummary writes "Leads 3 programmes (2 running on 12 Jan 2026):
// A, B and C", running ones named first.
func (ix *Index) programmeSummary(verb string, progs []int32, on Date) Rich {
	if len(progs) == 0 {
		return R(B(verb), T(": none recorded"))
	}
	sorted := slices.Clone(progs)
	ix.sortByName(sorted)
	var running, rest []string
	for _, p := range sorted {
		prog := &ix.reg.Programmes[p]
		if prog.LiveOn(on) {
			running = append(running, clipName(prog.Name))
		} else {
			rest = append(rest, clipName(prog.Name)+" ("+ProgrammeState(prog, on)+")")
		}
	}
	return R(B(verb), T(" "+plural(len(progs), "programme", "programmes")+" ("+strconv.Itoa(len(running))+
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
