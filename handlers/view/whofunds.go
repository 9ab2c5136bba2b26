package view

import (
	"strings"

	"frontdoor/handlers"
	"frontdoor/handlers/index"
)

// Caps that keep a lookup's reply short enough to read in a meeting (the
// blocks it may use are the renderer's: Budget.Blocks).
const (
	maxEntries      = 15 // programmes listed in one reply
	maxFundingLines = 6  // fundings listed under one programme
	maxAreasNamed   = 3
	maxCohortsNamed = 3
	maxNotLive      = 5
)

// WhoFunds puts an answer to `who funds` into words.
func WhoFunds(bud Budget, w *index.WhoFundsAnswer) handlers.Reply {
	who := handlers.Phrase(handlers.ClipName(w.Cohort.Name))
	where := ""
	if w.Area != nil {
		where = " in " + handlers.ClipName(w.Area.Name)
	}
	day := w.On.UK()
	b := newReplyBuilder(bud, handlers.ClipText("Who funds "+who+where, 150))

	var summary string
	targeted, broader := w.TargetedCount, w.BroaderCount
	switch {
	case targeted == 0 && broader == 0:
		summary = "No programme for " + who + where + " is running on " + day + "."
	case targeted == 0:
		summary = "No programme targets " + who + where + " on " + day + ", but " +
			handlers.Plural(broader, "programme is", "programmes are") + " open to them through broader eligibility."
	default:
		summary = handlers.Plural(targeted, "programme targets", "programmes target") + " " + who + where + " on " + day
		if broader > 0 {
			summary += "; " + handlers.Plural(broader, "more is", "more are") + " open to them through broader eligibility"
		}
		summary += "."
	}
	// A programme with several funders is listed under each: the count of
	// entries is said whenever it differs from the count of programmes, and
	// what is left out is then counted in entries too.
	byEntry := w.Entries != targeted+broader
	if byEntry {
		summary += " A programme with several funders is listed under each: " +
			handlers.Plural(w.Entries, "entry", "entries") + " in all."
	}
	b.add(handlers.Section{Lines: []handlers.Rich{handlers.Line(summary)}})

	// Entries are added while they fit maxEntries and the block budget
	// (keeping three blocks for the tail); the rest are counted.
	shown, total, full := 0, 0, false
	for part, groups := range [2][]index.FunderGroup{w.Targeted, w.Broader} {
		labelled := part == 0
		for _, g := range groups {
			headed := false
			for e := range g.Len() {
				total++
				if full || shown == maxEntries {
					continue
				}
				var chunk []handlers.Block
				if !labelled {
					chunk = append(chunk, handlers.Section{Lines: []handlers.Rich{handlers.R(handlers.B("Broader eligibility"),
						handlers.T(": programmes for a wider group that includes "+who+"."))}})
				}
				if !headed {
					chunk = append(chunk, handlers.Section{Lines: []handlers.Rich{funderHeading(g, g.Len(), w.Area, w.On)}})
				}
				fp := w.Programme(g, e)
				chunk = append(chunk, bud.pack(fundedProgrammeLines(&fp, w.On, w.Area, part == 1))...)
				if !b.fits(len(chunk) + 3) {
					full = true
					continue
				}
				b.add(chunk...)
				labelled, headed = true, true
				shown++
			}
		}
	}
	if more := total - shown; more > 0 && shown > 0 {
		b.add(handlers.Section{Lines: []handlers.Rich{narrowHint(more, byEntry, w.Cohort, w.Narrower, w.Area)}})
	}
	if n := w.NotLive.Len(); n > 0 {
		b.add(handlers.Section{Lines: []handlers.Rich{notRunningLine(w.NotLive.First(maxNotLive), n, w.On)}})
	}
	if total == 0 && w.Area != nil {
		b.add(handlers.Section{Lines: []handlers.Rich{handlers.R(handlers.T("Try it without the area: "), handlers.C("who funds "+who))}})
	}
	b.add(handlers.Context{Items: []handlers.Rich{handlers.Line("As of " + day + " · amounts are listed as recorded, never added up · amounts link to their sources")}})
	return b.reply(summary)
}

// funderHeading is the line above a funder's n programmes, in an answer
// about area a (nil: every area) on date on.
func funderHeading(g index.FunderGroup, n int, a *handlers.Area, on handlers.Date) handlers.Rich {
	word := " programmes"
	if n == 1 {
		word = " programme"
	}
	// " · 3 programmes" in one allocation: a heading goes above every funder shown.
	count := handlers.T(" · " + handlers.Num(n) + word)
	switch {
	case g.Elsewhere && a != nil:
		return handlers.R(handlers.B("Funding for "+handlers.ClipName(a.Name)+" not recorded"), count)
	case g.Elsewhere:
		return handlers.R(handlers.B("Funding on "+on.UK()+" not recorded"), count)
	case g.Funder == nil:
		return handlers.R(handlers.B("Funder not recorded"), count)
	}
	return handlers.R(handlers.B(handlers.ClipName(g.Funder.Name)), count)
}

// narrowHint says how many entries were left out, in programmes (or in
// entries, when the summary counted those), and how to see fewer.
func narrowHint(more int, byEntry bool, c, narrower *handlers.Cohort, a *handlers.Area) handlers.Rich {
	who := handlers.Phrase(handlers.ClipName(c.Name))
	unit := handlers.Plural(more, "more programme", "more programmes")
	if byEntry {
		unit = handlers.Plural(more, "more entry", "more entries")
	}
	lead := "…and " + unit + ". "
	if a == nil {
		return handlers.R(handlers.T(lead+"Narrow it with "), handlers.C("who funds "+who+" in <area>"), handlers.T("."))
	}
	if narrower != nil {
		return handlers.R(handlers.T(lead+"Narrow it with a narrower cohort, e.g. "),
			handlers.C("who funds "+handlers.Phrase(handlers.ClipName(narrower.Name))+" in "+handlers.ClipName(a.Name)), handlers.T("."))
	}
	return handlers.R(handlers.T(lead+"Narrow it with a narrower area, or see one with "), handlers.C("programme <name>"), handlers.T("."))
}

// fundedProgrammeLines writes one programme of a who-funds answer.
func fundedProgrammeLines(fp *index.FundedProgramme, on handlers.Date, area *handlers.Area, broader bool) []handlers.Rich {
	p := fp.Programme
	lines := make([]handlers.Rich, 0, 4+min(len(fp.Fundings), maxFundingLines+1))
	var b strings.Builder
	b.Grow(160)
	if fp.Lead != nil {
		b.WriteString(" · led by ")
		b.WriteString(handlers.ShortName(fp.Lead))
	}
	b.WriteString(" · ")
	b.WriteString(ProgrammeState(p, on))
	lines = append(lines, handlers.R(handlers.B(handlers.ClipName(p.Name)), handlers.T(b.String())))

	b.Reset()
	if broader {
		b.WriteString("Open to ")
	} else {
		b.WriteString("For ")
	}
	cohorts := make([]string, 0, min(len(fp.Cohorts), maxCohortsNamed+1))
	for _, c := range fp.Cohorts[:min(len(fp.Cohorts), maxCohortsNamed+1)] {
		cohorts = append(cohorts, handlers.Phrase(handlers.ClipName(c.Name)))
	}
	writeNames(&b, cohorts, len(fp.Cohorts), maxCohortsNamed)
	if len(fp.Areas) > 0 {
		b.WriteString(" in ")
		writeAreaNames(&b, fp.Areas, maxAreasNamed)
	}
	lines = append(lines, handlers.Line(b.String()))
	if p.Contact != "" {
		lines = append(lines, handlers.R(handlers.T("Contact: "), contactSpan(p.Contact)))
	}
	for i, fl := range fp.Fundings {
		if i == maxFundingLines {
			rest := len(fp.Fundings) - maxFundingLines
			hint := handlers.R(handlers.T("…and "+handlers.Plural(rest, "more funding", "more fundings")+": see "), handlers.C("programme "+handlers.ClipName(p.Name)))
			if area == nil {
				hint = handlers.R(handlers.T("…and "+handlers.Plural(rest, "more funding", "more fundings")+": narrow it with "), handlers.C("in <area>"))
			}
			lines = append(lines, hint)
			break
		}
		lines = append(lines, fundingLineRich(fl, fundingLineOpts{}))
	}
	if fp.Note != "" {
		lines = append(lines, handlers.R(handlers.I(fp.Note)))
	}
	return lines
}

// writeNames writes names as joinNames does, where names holds the first
// of total and at most max are shown.
func writeNames(b *strings.Builder, names []string, total, max int) {
	shown := min(len(names), max)
	if total > max {
		for i, n := range names[:shown] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(n)
		}
		b.WriteString(" and ")
		b.WriteString(handlers.Num(total - shown))
		b.WriteString(" more")
		return
	}
	for i, n := range names[:shown] {
		switch {
		case i == 0:
		case i == shown-1:
			b.WriteString(" and ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(n)
	}
}

// writeAreaNames writes area names as joinNames(areaNames(areas), max) does.
func writeAreaNames(b *strings.Builder, areas []*handlers.Area, max int) {
	var buf [8]string
	names := buf[:0]
	for _, a := range areas[:min(len(areas), max)] {
		names = append(names, handlers.ClipName(a.Name))
	}
	writeNames(b, names, len(areas), max)
}

type fundingLineOpts struct {
	from bool // name the funder the money started with ("from DWP")
}

// fundingLineRich writes one funding: amount (linked to its source), basis,
// where it is for, who passed it on and received it, and its period.
func fundingLineRich(fl index.FundingLine, o fundingLineOpts) handlers.Rich {
	f := fl.Funding
	line := make(handlers.Rich, 0, 3)
	line = append(line, handlers.T("• "))
	if f.AmountPence != nil {
		s := linkOrText(handlers.Money(*f.AmountPence), f.SourceURL)
		s.Bold = true
		line = append(line, s)
	} else {
		line = append(line, linkOrText("amount not disclosed", f.SourceURL))
	}
	var b strings.Builder
	b.Grow(160)
	if basis := fl.Basis; basis != "" {
		b.WriteString(" (")
		b.WriteString(basis)
		b.WriteString(")")
	}
	if o.from {
		if src := fl.Source; src != nil {
			b.WriteString(" from ")
			b.WriteString(handlers.ShortName(src))
		}
	}
	switch {
	case fl.ProgrammeTotal:
		b.WriteString(" programme total")
	case len(fl.Areas) > 0:
		b.WriteString(" for ")
		writeAreaNames(&b, fl.Areas, maxAreasNamed)
	}
	to := f.RecipientID != "" && fl.Recipient != nil && !namedLikeAnArea(fl.Recipient, fl.Areas)
	if to || len(fl.Via) > 0 {
		b.WriteString(" ·")
	}
	if to {
		b.WriteString(" to ")
		b.WriteString(handlers.ClipName(fl.Recipient.Name))
	}
	if len(fl.Via) > 0 {
		b.WriteString(" via ")
		var buf [4]string
		via := buf[:0]
		for _, a := range fl.Via[:min(len(fl.Via), maxAreasNamed)] {
			via = append(via, handlers.ShortName(a))
		}
		writeNames(&b, via, len(fl.Via), maxAreasNamed)
	}
	if per := fl.Period; per != "" {
		b.WriteString(" · ")
		b.WriteString(per)
	}
	if b.Len() > 0 {
		line = append(line, handlers.T(b.String()))
	}
	return line
}

// namedLikeAnArea reports whether an agency bears the name of one of the
// areas (an authority and its area usually do), so "for X · to X" is said once.
func namedLikeAnArea(a *handlers.Agency, areas []*handlers.Area) bool {
	for _, ar := range areas {
		if strings.EqualFold(ar.Name, a.Name) {
			return true
		}
	}
	return false
}

func areaNames(areas []*handlers.Area) []string {
	out := make([]string, len(areas))
	for i, a := range areas {
		out[i] = handlers.ClipName(a.Name)
	}
	return out
}

// contactSpan shows a contact: a Slack user id as a mention, else text.
func contactSpan(c string) handlers.Span {
	c = strings.TrimSpace(c)
	id := strings.TrimSuffix(strings.TrimPrefix(c, "<@"), ">")
	if i := strings.IndexByte(id, '|'); i >= 0 {
		id = id[:i]
	}
	if handlers.IsSlackUserID(id) {
		return handlers.M(id, id)
	}
	return handlers.T(handlers.ClipText(c, handlers.MaxNameLen))
}

// notRunningLine lists programmes that fit but are not live on the date:
// first holds the first few of total, in order.
func notRunningLine(first []*handlers.Programme, total int, on handlers.Date) handlers.Rich {
	names := make([]string, len(first))
	for i, p := range first {
		names[i] = handlers.ClipName(p.Name) + " (" + ProgrammeState(p, on) + ")"
	}
	list := handlers.JoinNames(names, maxNotLive)
	if total > len(first) {
		list = strings.Join(names, ", ") + " and " + handlers.Num(total-len(first)) + " more"
	}
	return handlers.R(handlers.I("Not running on " + on.UK() + ": " + list + "."))
}

// replyBuilder collects a lookup's blocks within the budget's blocks.
type replyBuilder struct {
	bud    Budget
	blocks []handlers.Block
}

func newReplyBuilder(bud Budget, header string) *replyBuilder {
	return &replyBuilder{bud: bud, blocks: []handlers.Block{handlers.Header{Text: header}}}
}

// fits reports whether n more blocks stay within the budget.
func (b *replyBuilder) fits(n int) bool { return len(b.blocks)+n <= b.bud.Blocks }

func (b *replyBuilder) add(blocks ...handlers.Block) {
	if room := b.bud.Blocks - len(b.blocks); len(blocks) > room {
		blocks = blocks[:max(room, 0)]
	}
	b.blocks = append(b.blocks, blocks...)
}

// reply makes the private, shareable reply every lookup returns.
func (b *replyBuilder) reply(text string) handlers.Reply {
	return handlers.Reply{Text: text, Blocks: b.blocks, Visibility: handlers.Private, Shareable: true}
}
