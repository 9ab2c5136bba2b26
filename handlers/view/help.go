package view

import (
	"sort"
	"strings"

	"frontdoor/handlers"
	"frontdoor/handlers/grammar"
)

// helpTopic is the help for one command: what it does and examples to copy.
type helpTopic struct {
	name     string
	usage    string
	summary  string
	examples []string
	notes    []string
}

var helpTopics = []helpTopic{
	{
		name: grammar.CmdWhoFunds, usage: "who funds <cohort> [in <area>] [as of <date>]",
		summary:  "Who funds which cohort, where, how much and until when: live programmes grouped by funder, with the programmes for a broader group listed after.",
		examples: []string{"who funds care leavers in Liverpool", "who funds over 50s in Greater Manchester", "who funds disabled people as of 1/4/2026"},
		notes: []string{"An area counts programmes for the places it sits in (its authority, England) and the councils inside it.",
			"Amounts are listed, never added up: a national total and a local allocation are different money."},
	},
	{
		name: grammar.CmdAgencyFunds, usage: "what does <agency> fund  ·  funds <agency>",
		summary:  "What an agency funds or leads, with amounts and dates.",
		examples: []string{"what does DWP fund", "funds NHS England", "funds GMCA as of 2025-06-01"},
	},
	{
		name: grammar.CmdProgramme, usage: "programme <name>",
		summary:  "A programme's card: who leads and funds it, where, for whom, and whether it is running on the date.",
		examples: []string{"programme Connect to Work", "programme WorkWell as of 1 Apr 2026"},
	},
	{
		name: grammar.CmdCohort, usage: "cohort <name>",
		summary:  "A cohort's card: who serves it, where.",
		examples: []string{"cohort NEETs", "cohort people with mental health conditions"},
	},
	{
		name: grammar.CmdArea, usage: "area <name>",
		summary:  "An area's card: what runs there, including programmes for the authority and country it sits in.",
		examples: []string{"area Rotherham", "area South Yorkshire"},
	},
	{
		name: grammar.CmdAgency, usage: "agency <name>",
		summary:  "An agency's card: what it leads, funds and receives.",
		examples: []string{"agency DWP", "agency NHS Greater Manchester"},
	},
	{
		name: grammar.CmdOverlaps, usage: "overlaps [in <area>] [for <cohort>]",
		summary:  "Where live programmes serve the same cohort in the same place: where duplication hides.",
		examples: []string{"overlaps in South Yorkshire", "overlaps for people with mental health conditions", "overlaps in Manchester for disabled people"},
		notes:    []string{"Overlaps between local programmes of different lead agencies come first; national programmes are summarised."},
	},
	{
		name: grammar.CmdGaps, usage: "gaps [in <area>] [for <cohort>]",
		summary:  "Councils and cohorts with no live programme, counting programmes for a broader group or a wider area.",
		examples: []string{"gaps", "gaps in Greater Manchester", "gaps for over 50s"},
	},
	{
		name: grammar.CmdEnding, usage: "ending [in <area>] [within <N> days]",
		summary:  "Programmes and funding ending soon, flagged where nothing follows.",
		examples: []string{"ending", "ending in West Yorkshire within 60 days"},
	},
	{
		name: grammar.CmdDigest, usage: "digest [as of <date>]",
		summary:  "A private preview of this week's digest: overlaps, gaps, funding ending, actions due and what changed.",
		examples: []string{"digest", "digest as of 12/1/2026"},
	},
	{
		name: grammar.CmdLog, usage: "log <what> [@owner] [by <date>]",
		summary:  "Record a cross-agency action for the unit; the record is shared in the channel.",
		examples: []string{"log DWP to share Restart leaver data with the ICB @sam by Friday", "log GMCA to circulate the Youth Guarantee plan by 1/12", "log review IPS referrals in 2 weeks"},
		notes: []string{"No owner named means you. Dates are UK style: 1/12 is 1 December; \"by Friday\" said on a Friday means next week's.",
			"Never put residents' details in an action: NHS numbers, NI numbers and postcodes are refused."},
	},
	{
		name: grammar.CmdActions, usage: "actions [mine | overdue | due this week | done | all | @person | <agency, programme or cohort>]",
		summary:  "Open actions, overdue first, or those matching a filter.",
		examples: []string{"actions", "actions mine", "actions overdue", "actions DWP", "actions care leavers"},
	},
	{
		name: grammar.CmdAction, usage: "action <n>  ·  done <n>  ·  reopen <n>  ·  assign <n> @person  ·  due <n> <date>  ·  note <n> <text>  ·  delete <n>",
		summary:  "See one action with its history, or change it. Its owner, the person who logged it and editors may change it.",
		examples: []string{"action 42", "done 42", "assign 42 @kim", "due 42 by 4/12", "note 42 chased again"},
	},
}

// helpAliases points the action verbs at the one topic that covers them.
var helpAliases = map[string]string{
	grammar.CmdDone: grammar.CmdAction, grammar.CmdReopen: grammar.CmdAction, grammar.CmdAssign: grammar.CmdAction, grammar.CmdDue: grammar.CmdAction, grammar.CmdNote: grammar.CmdAction, grammar.CmdDelete: grammar.CmdAction,
}

// Help answers `help` and `help <command>`.
func Help(topic string) (handlers.Reply, error) {
	topic = strings.TrimSpace(strings.ToLower(topic))
	if topic == "" {
		return helpOverview(), nil
	}
	name, _ := grammar.MatchVerb(strings.Fields(topic))
	if alias, ok := helpAliases[name]; ok {
		name = alias
	}
	for _, t := range helpTopics {
		if t.name == name || t.name == topic {
			return helpFor(t), nil
		}
	}
	e := handlers.Errorf(handlers.ENotFound, "There is no help for %q.", topic)
	names := make([]string, 0, len(helpTopics))
	for _, t := range helpTopics {
		names = append(names, t.name)
	}
	sort.Strings(names)
	e.Hint = "Try `help` for the list, or one of: `" + strings.Join(names, "`, `") + "`."
	return handlers.Reply{}, e
}

func helpOverview() handlers.Reply {
	var lines []handlers.Rich
	for _, t := range helpTopics {
		lines = append(lines, handlers.R(handlers.C(t.usage), handlers.T(" — "+t.summary)))
	}
	return handlers.Reply{
		Text: "Frontdoor: ask who funds which cohort, where, how much and until when.",
		Blocks: []handlers.Block{
			handlers.Header{Text: "Frontdoor: one front door to the programmes"},
			handlers.Section{Lines: []handlers.Rich{handlers.Line("Ask in plain words. Names forgive typos and abbreviations (NEETs, GMCA, Manchestr).")}},
			handlers.Section{Lines: lines},
			handlers.Context{Items: []handlers.Rich{hintRich("Add `as of <date>` to any lookup to ask about another day. `help <command>` shows examples. Answers are private unless you share them.")}},
		},
	}
}

func helpFor(t helpTopic) handlers.Reply {
	var ex []handlers.Rich
	for _, e := range t.examples {
		ex = append(ex, handlers.R(handlers.T("• "), handlers.C(e)))
	}
	blocks := []handlers.Block{
		handlers.Header{Text: "help " + t.name},
		handlers.Section{Lines: []handlers.Rich{handlers.R(handlers.C(t.usage)), handlers.Line(t.summary)}},
		handlers.Section{Lines: append([]handlers.Rich{handlers.R(handlers.B("Examples"))}, ex...)},
	}
	if len(t.notes) > 0 {
		var items []handlers.Rich
		for _, n := range t.notes {
			items = append(items, handlers.Line(n))
		}
		blocks = append(blocks, handlers.Context{Items: items})
	}
	return handlers.Reply{Text: t.usage, Blocks: blocks}
}
