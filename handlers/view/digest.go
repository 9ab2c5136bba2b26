package view

import (
	"slices"
	"strconv"
	"strings"

	"frontdoor/handlers"
	"frontdoor/handlers/digest"
	"frontdoor/handlers/index"
)

// Caps of the digest's thread.
const (
	maxDigestGroups   = 10 // overlap groups in full
	maxDigestLines    = 20 // overlap groups in one line each
	maxDigestActions  = 5  // actions listed under one agency
	maxDigestAgencies = 8  // agencies listed in one list
	maxDigestTop      = 3  // items on the summary
	maxChangeNames    = 4  // names listed in one change line
	noAgencyName      = "No agency named"
)

// Messages returns the digest as Slack messages: the first is the summary
// (the counts, what changed and the top items); the rest go in its thread.
// Every message is within Slack's limits and is shared with the channel.
func DigestMessages(bud Budget, d *digest.Digest) []handlers.Reply {
	out := []handlers.Reply{{
		Text:       d.Title() + ": " + d.Headline,
		Blocks:     summaryBlocks(bud, d, "More in the thread. "),
		Visibility: handlers.Channel,
	}}
	for _, part := range threadParts(bud, d) {
		out = append(out, splitMessages(bud, part.title, part.text, part.blocks)...)
	}
	return out
}

// Preview is the private answer to `digest`: the summary message as it
// would be posted, saying how many messages would follow in its thread.
func DigestPreview(bud Budget, d *digest.Digest) handlers.Reply {
	blocks := summaryBlocks(bud, d, "")
	// The summary ends with the footer; the note goes before it.
	thread := 0
	for _, part := range threadParts(bud, d) {
		thread += len(splitMessages(bud, part.title, part.text, part.blocks))
	}
	note := handlers.Context{Items: []handlers.Rich{handlers.Line("Preview of this week's digest: when posted, " +
		handlers.Plural(thread, "more message follows", "more messages follow") + " in its thread.")}}
	blocks = append(blocks[:len(blocks)-1], note, blocks[len(blocks)-1])
	return handlers.Reply{Text: "Preview · " + d.Title() + ": " + d.Headline, Blocks: blocks, Visibility: handlers.Private}
}

// Plain returns the whole digest as plain text: the summary, then the detail.
func DigestPlain(bud Budget, d *digest.Digest) string {
	blocks := summaryBlocks(bud, d, "Details below. ")
	for _, part := range threadParts(bud, d) {
		blocks = append(blocks, handlers.Divider{}, handlers.Header{Text: part.title})
		blocks = append(blocks, part.blocks...)
	}
	return handlers.RenderPlain(handlers.Reply{Text: d.Headline, Blocks: blocks})
}

// digestPart is one topic of the thread.
type digestPart struct {
	title, text string
	blocks      []handlers.Block
}

// splitMessages puts a topic's blocks into as few messages as fit, each
// with its title (marked as continued after the first).
func splitMessages(bud Budget, title, text string, blocks []handlers.Block) []handlers.Reply {
	var out []handlers.Reply
	for first := true; first || len(blocks) > 0; first = false {
		head := title
		if !first {
			head = title + " (continued)"
		}
		n := min(len(blocks), bud.MessageBlocks-1)
		msg := append([]handlers.Block{handlers.Header{Text: handlers.ClipText(head, 150)}}, blocks[:n]...)
		blocks = blocks[n:]
		t := text
		if !first {
			t = head
		}
		out = append(out, handlers.Reply{Text: t, Blocks: msg, Visibility: handlers.Channel})
	}
	return out
}

// summaryBlocks is the first message: the numbers, what changed, and the
// top few of each list.
func summaryBlocks(bud Budget, d *digest.Digest, more string) []handlers.Block {
	c := d.Counts
	blocks := []handlers.Block{handlers.Header{Text: handlers.ClipText(d.Title(), 150)}}
	var nums []handlers.Rich
	if d.Empty {
		nums = append(nums, handlers.R(handlers.B("The register is empty"), handlers.T(": no programmes are recorded, so there are no overlaps, gaps or cliff edges to report. Import a register to see them.")))
	} else {
		ov := handlers.R(handlers.B(capitalise(handlers.CountOrNo(c.Overlaps, "overlap", "overlaps"))), handlers.T(" between local programmes"))
		if c.Overlaps > 0 {
			ov = append(ov, handlers.T(", "+handlers.NewWords(c.NewOverlaps)))
		}
		if c.NationalOverlaps > 0 {
			ov = append(ov, handlers.T("; "+handlers.Plural(c.NationalOverlaps, "more involves", "more involve")+" national programmes"))
		}
		nums = append(nums, ov)
		gap := handlers.R(handlers.B(capitalise(handlers.CountOrNo(c.Gaps, "gap", "gaps"))))
		switch {
		case c.Councils == 0 || c.Cohorts == 0:
			gap = append(gap, handlers.T(": no councils or cohorts to count"))
		case c.Gaps > 0:
			gap = append(gap, handlers.T(": "+handlers.Num(c.GapCohorts)+" of "+handlers.Plural(c.Cohorts, "cohort", "cohorts")+
				" have nothing live in at least one of "+handlers.Plural(c.Councils, "council", "councils")))
		default:
			gap = append(gap, handlers.T(": every cohort has something live in every council"))
		}
		nums = append(nums, gap)
		cl := handlers.R(handlers.B(capitalise(handlers.CountOrNo(c.CliffProgrammes+c.CliffFundings, "cliff edge", "cliff edges"))),
			handlers.T(" by "+d.On.AddDays(d.CliffDays).UK()+": "+handlers.CountOrNo(c.CliffProgrammes, "programme", "programmes")))
		if c.CliffProgrammes > 0 {
			cl = append(cl, handlers.T(" ("+flaggedWords(c.NoSuccessor, c.CliffProgrammes, "without a successor")+")"))
		}
		cl = append(cl, handlers.T(" and "+handlers.CountOrNo(c.CliffFundings, "funding", "fundings")))
		if c.CliffFundings > 0 {
			cl = append(cl, handlers.T(" ("+flaggedWords(c.NothingAfter, c.CliffFundings, "with nothing after")+")"))
		}
		nums = append(nums, cl)
	}
	nums = append(nums, handlers.R(handlers.B(capitalise(handlers.CountOrNo(c.Overdue, "action overdue", "actions overdue"))),
		handlers.T(", "+handlers.CountOrNo(c.DueSoon, "action", "actions")+" due by "+d.On.AddDays(digest.DueSoonDays).UK())))
	blocks = append(blocks, handlers.Section{Lines: nums})
	blocks = append(blocks, bud.pack(changeLines(d))...)

	var top []handlers.Rich
	if len(d.Groups) > 0 {
		top = append(top, handlers.R(handlers.B("Top overlaps")))
		for _, g := range d.Groups[:min(len(d.Groups), maxDigestTop)] {
			line := overlapOneLine(&g)
			if g.Fresh && !d.First {
				line = append(line, handlers.T(" · "), handlers.B("new"))
			}
			top = append(top, line)
		}
	}
	if d.Gaps != nil && len(d.Gaps.ByCohort) > 0 {
		top = append(top, handlers.R(handlers.B("Widest gaps")))
		for _, g := range d.Gaps.ByCohort[:min(len(d.Gaps.ByCohort), maxDigestTop)] {
			top = append(top, gapCohortLine(d.Gaps, g))
		}
	}
	if lines := topCliffLines(d); len(lines) > 0 {
		top = append(top, handlers.R(handlers.B("Ending soonest")))
		top = append(top, lines...)
	}
	if len(d.Overdue) > 0 {
		top = append(top, handlers.R(handlers.B("Overdue by agency"), handlers.T(": "+groupCounts(d.Overdue))))
	}
	blocks = append(blocks, bud.pack(top)...)
	blocks = append(blocks, handlers.Context{Items: []handlers.Rich{footerRich(more)}})
	return blocks
}

// footerRich points to the commands for more.
func footerRich(lead string) handlers.Rich {
	return handlers.R(handlers.T(lead+"More: "), handlers.C("overlaps"), handlers.T(" · "), handlers.C("gaps"), handlers.T(" · "), handlers.C("ending"), handlers.T(" · "), handlers.C("actions overdue"))
}

// groupCounts writes "DWP 3, GMCA 1 and No agency named 2".
func groupCounts(groups []digest.ActionGroup) string {
	var parts []string
	for _, g := range groups {
		name := g.Name
		if name == "" {
			name = noAgencyName
		}
		parts = append(parts, handlers.ClipName(name)+" "+handlers.Num(len(g.Actions)))
	}
	return handlers.JoinNames(parts, maxDigestAgencies)
}

// topCliffLines are the first cliff edges to show on the summary: those
// flagged first, then programmes, then money, each in date order. Money
// that stops with its programme is left to the programme's line.
func topCliffLines(d *digest.Digest) []handlers.Rich {
	pass := func(e index.CliffEdge) int {
		switch {
		case e.Funding != nil && e.EndsWithProgramme():
			return -1
		case e.NoSuccessor:
			return 0
		case e.Funding == nil:
			return 1
		}
		return 2
	}
	var picked []index.CliffEdge
	for p := 0; p < 3 && len(picked) < maxDigestTop; p++ {
		for _, e := range d.Cliffs {
			if len(picked) == maxDigestTop {
				break
			}
			if pass(e) == p {
				picked = append(picked, e)
			}
		}
	}
	slices.SortStableFunc(picked, func(a, b index.CliffEdge) int { return int(a.End - b.End) })
	var lines []handlers.Rich
	for _, e := range picked {
		if e.Funding == nil {
			lines = append(lines, cliffProgrammeShort(e))
		} else {
			lines = append(lines, cliffFundingLine(e))
		}
	}
	return lines
}

// cliffProgrammeShort is a programme ending, in a few words for the summary.
func cliffProgrammeShort(e index.CliffEdge) handlers.Rich {
	line := handlers.R(handlers.T("• "), handlers.B(handlers.ShortProgramme(e.Programme)), handlers.T(" · ends "+e.End.UK()+" ("+daysWords(e.Days)+")"))
	if e.NoSuccessor {
		return append(line, handlers.T(" · "), handlers.B("no successor"))
	}
	return append(line, handlers.T(" · "+handlers.Plural(e.SuccessorCount, "programme runs on after it", "programmes run on after it")))
}

// changeLines say what changed since the previous digest.
func changeLines(d *digest.Digest) []handlers.Rich {
	c := d.Changes
	if d.First {
		return []handlers.Rich{handlers.R(handlers.B("First digest"), handlers.T(": no digest was posted before, so everything counts as new: "+
			handlers.CountOrNo(d.Counts.Overlaps+d.Counts.NationalOverlaps, "overlap", "overlaps")+", "+
			handlers.CountOrNo(d.Counts.Running, "programme running", "programmes running")+", "+
			handlers.CountOrNo(d.Fundings, "funding recorded", "fundings recorded")+" and "+
			handlers.CountOrNo(len(c.Opened), "open action", "open actions")+"."))}
	}
	lines := []handlers.Rich{handlers.R(handlers.B("What changed since the digest for the week of " + d.Since.UK()))}
	n := len(lines)
	if c.NewOverlaps+c.ResolvedOverlaps > 0 {
		lines = append(lines, handlers.Line("• Overlaps: "+handlers.NewWords(c.NewOverlaps)+" ("+
			handlers.CountOrNo(d.Counts.NewOverlaps, "between local programmes", "between local programmes")+"), "+
			handlers.CountOrNo(c.ResolvedOverlaps, "resolved", "resolved")))
	}
	if len(c.Started) > 0 {
		lines = append(lines, handlers.Line("• Started: "+handlers.JoinNames(c.Started, maxChangeNames)))
	}
	if len(c.Ended) > 0 {
		lines = append(lines, handlers.Line("• Stopped running: "+handlers.JoinNames(c.Ended, maxChangeNames)))
	}
	if len(c.FundingsAdded)+len(c.FundingsChanged)+c.FundingsRemoved > 0 {
		var parts []string
		if len(c.FundingsAdded) > 0 {
			parts = append(parts, handlers.Plural(len(c.FundingsAdded), "added", "added")+" ("+fundingNames(d, c.FundingsAdded)+")")
		}
		if len(c.FundingsChanged) > 0 {
			parts = append(parts, handlers.Plural(len(c.FundingsChanged), "changed", "changed")+" ("+fundingNames(d, c.FundingsChanged)+")")
		}
		if c.FundingsRemoved > 0 {
			parts = append(parts, handlers.Plural(c.FundingsRemoved, "removed", "removed"))
		}
		lines = append(lines, handlers.Line("• Fundings: "+strings.Join(parts, "; ")))
	}
	if len(c.Opened)+len(c.Closed) > 0 {
		lines = append(lines, handlers.Line("• Actions: "+actionChangeWords(len(c.Opened), "opened", c.Opened)+", "+actionChangeWords(len(c.Closed), "closed", c.Closed)))
	}
	if len(lines) == n {
		lines = append(lines, handlers.Line("• Nothing: the same overlaps, programmes, fundings and open actions as last time."))
	}
	return lines
}

// actionChangeWords writes "2 opened (#4, #5)", naming the first few.
func actionChangeWords(n int, verb string, list []*handlers.Action) string {
	if n == 0 {
		return "none " + verb
	}
	var refs []string
	for _, a := range list[:min(len(list), maxChangeNames+1)] {
		refs = append(refs, "#"+strconv.FormatInt(a.ID, 10))
	}
	s := handlers.Num(n) + " " + verb + " (" + strings.Join(refs[:min(len(refs), maxChangeNames)], ", ")
	if n > maxChangeNames {
		s += " and " + handlers.Num(n-maxChangeNames) + " more"
	}
	return s + ")"
}

// fundingNames names the first few fundings by amount and programme.
func fundingNames(d *digest.Digest, fs []*handlers.Funding) string {
	var names []string
	for _, f := range fs[:min(len(fs), maxChangeNames+1)] {
		amount := "amount not disclosed"
		if f.AmountPence != nil {
			amount = handlers.Money(*f.AmountPence)
		}
		prog := f.ProgrammeID
		if p := d.Index.Programme(f.ProgrammeID); p != nil {
			prog = handlers.ClipText(p.Name, 60)
		}
		names = append(names, amount+" for "+prog)
	}
	if len(fs) > maxChangeNames {
		return strings.Join(names[:maxChangeNames], ", ") + " and " + handlers.Num(len(fs)-maxChangeNames) + " more"
	}
	return handlers.JoinNames(names, maxChangeNames)
}

// threadParts are the topics of the thread: overlaps, gaps, cliff edges, actions.
func threadParts(bud Budget, d *digest.Digest) []digestPart {
	var parts []digestPart
	if !d.Empty {
		parts = append(parts, overlapPart(bud, d), gapPart(bud, d), cliffPart(bud, d))
	}
	parts = append(parts, actionPart(bud, d))
	last := &parts[len(parts)-1]
	last.blocks = append(last.blocks, handlers.Context{Items: []handlers.Rich{footerRich("")}})
	return parts
}

func overlapPart(bud Budget, d *digest.Digest) digestPart {
	c := d.Counts
	title := "Overlaps · week of " + d.Week.UK()
	summary := handlers.CountOrNo(c.Overlaps, "overlap", "overlaps") + " between local programmes this week"
	if c.Overlaps > 0 {
		summary += " (" + handlers.NewWords(c.NewOverlaps) + "), in " + handlers.Plural(len(d.Groups), "group", "groups") + " by place and cohort"
	}
	summary = capitalise(summary) + "."
	blocks := []handlers.Block{handlers.Section{Lines: []handlers.Rich{handlers.Line(summary)}}}
	budget := bud.MessageBlocks*2 - 8 // the overlaps may take two messages
	shown := 0
	for gi := range d.Groups {
		g := &d.Groups[gi]
		if shown == maxDigestGroups || (!g.Fresh && !d.First) {
			break
		}
		chunk := bud.pack(overlapGroupLines(d.Overlaps, g, !d.First))
		if len(blocks)+len(chunk) > budget {
			break
		}
		blocks = append(blocks, chunk...)
		shown++
	}
	if rest := d.Groups[shown:]; len(rest) > 0 {
		label := "Continuing"
		if d.First || rest[0].Fresh {
			label = "More"
		}
		lines := []handlers.Rich{handlers.R(handlers.B(label), handlers.T(" ("+handlers.Plural(len(rest), "group", "groups")+")"))}
		for i := range rest {
			if i == maxDigestLines {
				lines = append(lines, handlers.R(handlers.T("…and "+handlers.Plural(len(rest)-i, "more group", "more groups")+": see "), handlers.C("overlaps in <area>"), handlers.T(".")))
				break
			}
			lines = append(lines, overlapOneLine(&rest[i]))
		}
		blocks = append(blocks, bud.pack(lines)...)
	}
	if lines := nationalLines(d.Overlaps, maxNationalPlaces); len(lines) > 0 {
		blocks = append(blocks, bud.pack(lines)...)
	}
	return digestPart{title: title, text: title + ": " + summary, blocks: blocks}
}

func gapPart(bud Budget, d *digest.Digest) digestPart {
	title := "Gaps on " + d.On.UK()
	summary := gapSummary(d.Gaps, "")
	blocks := []handlers.Block{handlers.Section{Lines: []handlers.Rich{handlers.Line(summary)}}}
	if len(d.Gaps.Gaps) > 0 {
		blocks = append(blocks, bud.pack(gapCohortLines(d.Gaps, maxGapCohorts))...)
		blocks = append(blocks, bud.pack(gapAuthorityLines(d.Gaps, maxGapAuthorities))...)
		blocks = append(blocks, handlers.Context{Items: []handlers.Rich{handlers.R(handlers.T("Councils at the lowest tier; a programme for a broader cohort or a wider area counts · detail: "), handlers.C("gaps in <area> for <cohort>"))}})
	}
	return digestPart{title: title, text: title + ": " + summary, blocks: blocks}
}

func cliffPart(bud Budget, d *digest.Digest) digestPart {
	title := "Ending by " + d.On.AddDays(d.CliffDays).UK()
	summary := cliffSummaryWords(d.Cliffs, d.On, d.CliffDays, "")
	blocks := []handlers.Block{handlers.Section{Lines: []handlers.Rich{handlers.Line(summary)}}}
	blocks = append(blocks, bud.pack(cliffProgrammeLines(d.Cliffs, maxCliffProgrammes))...)
	blocks = append(blocks, bud.pack(cliffFundingLines(d.Cliffs, maxCliffFundings, true))...)
	return digestPart{title: title, text: title + ": " + summary, blocks: blocks}
}

func actionPart(bud Budget, d *digest.Digest) digestPart {
	title := "Actions · week of " + d.Week.UK()
	c := d.Counts
	summary := handlers.CountOrNo(c.Overdue, "action is overdue", "actions are overdue") + " and " +
		handlers.CountOrNo(c.DueSoon, "is", "are") + " due by " + d.On.AddDays(digest.DueSoonDays).UK() + "."
	if c.DueSoon == 0 {
		summary = handlers.CountOrNo(c.Overdue, "action is overdue", "actions are overdue") + " and none is due by " + d.On.AddDays(digest.DueSoonDays).UK() + "."
	}
	blocks := []handlers.Block{handlers.Section{Lines: []handlers.Rich{handlers.Line(capitalise(summary))}}}
	blocks = append(blocks, bud.pack(actionLines(d, "Overdue", d.Overdue))...)
	blocks = append(blocks, bud.pack(actionLines(d, "Due by "+d.On.AddDays(digest.DueSoonDays).UK(), d.DueSoon))...)
	return digestPart{title: title, text: title + ": " + capitalise(summary), blocks: blocks}
}

// actionLines lists one list of actions by agency.
func actionLines(d *digest.Digest, label string, groups []digest.ActionGroup) []handlers.Rich {
	if len(groups) == 0 {
		return nil
	}
	var lines []handlers.Rich
	lines = append(lines, handlers.R(handlers.B(label)))
	for gi, g := range groups {
		if gi == maxDigestAgencies {
			lines = append(lines, handlers.R(handlers.T("…and "+handlers.Plural(len(groups)-gi, "more agency", "more agencies")+": see "), handlers.C("actions <agency>"), handlers.T(".")))
			break
		}
		name := g.Name
		if name == "" {
			name = noAgencyName
		}
		lines = append(lines, handlers.R(handlers.B(handlers.ClipName(name)), handlers.T(" ("+handlers.Num(len(g.Actions))+")")))
		for i, a := range g.Actions {
			if i == maxDigestActions {
				more := handlers.R(handlers.T("…and " + handlers.Plural(len(g.Actions)-i, "more", "more") + ": "))
				if g.Name == "" {
					more = append(more, handlers.C("actions overdue"))
				} else {
					more = append(more, handlers.C("actions "+handlers.ClipName(g.Name)))
				}
				lines = append(lines, more)
				break
			}
			lines = append(lines, digestActionLine(a, d.On))
		}
	}
	return lines
}

// digestActionLine is one action: number, text, owner and due date.
func digestActionLine(a *handlers.Action, today handlers.Date) handlers.Rich {
	return handlers.R(handlers.T("• "), handlers.B("#"+strconv.FormatInt(a.ID, 10)), handlers.T(" "+clip(a.Text, 110)+" — "), Who(a.OwnerID, a.OwnerName), handlers.T(" · "+dueText(a, today)))
}
