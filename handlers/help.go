package handlers

import (
	"sort"
	"strings"
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
		name: CmdWhoFunds, usage: "who funds <cohort> [in <area>] [as of <date>]",
		summary:  "Who funds which cohort, where, how much and until when: live programmes grouped by funder, with the programmes for a broader group listed after.",
		examples: []string{"who funds care leavers in Liverpool", "who funds over 50s in Greater Manchester", "who funds disabled people as of 1/4/2026"},
		notes: []string{"An area counts programmes for the places it sits in (its authority, England) and the councils inside it.",
			"Amounts are listed, never added up: a national total and a local allocation are different money."},
	},
	{
		name: CmdAgencyFunds, usage: "what does <agency> fund  ·  funds <agency>",
		summary:  "What an agency funds or leads, with amounts and dates.",
		examples: []string{"what does DWP fund", "funds NHS England", "funds GMCA as of 2025-06-01"},
	},
	{
		name: CmdProgramme, usage: "programme <name>",
		summary:  "A programme's card: who leads and funds it, where, for whom, and whether it is running on the date.",
		examples: []string{"programme Connect to Work", "programme WorkWell as of 1 Apr 2026"},
	},
	{
		name: CmdCohort, usage: "cohort <name>",
		summary:  "A cohort's card: who serves it, where.",
		examples: []string{"cohort NEETs", "cohort people with mental health conditions"},
	},
	{
		name: CmdArea, usage: "area <name>",
		summary:  "An area's card: what runs there, including programmes for the authority and country it sits in.",
		examples: []string{"area Rotherham", "area South Yorkshire"},
	},
	{
		name: CmdAgency, usage: "agency <name>",
		summary:  "An agency's card: what it leads, funds and receives.",
		examples: []string{"agency DWP", "agency NHS Greater Manchester"},
	},
}

// Help answers `help` and `help <command>`.
func Help(topic string) (Reply, error) {
	topic = strings.TrimSpace(strings.ToLower(topic))
	if topic == "" {
		return helpOverview(), nil
	}
	name, _ := matchVerb(strings.Fields(topic))
	for _, t := range helpTopics {
		if t.name == name || t.name == topic {
			return helpFor(t), nil
		}
	}
	e := Errorf(ENotFound, "There is no help for %q.", topic)
	names := make([]string, 0, len(helpTopics))
	for _, t := range helpTopics {
		names = append(names, t.name)
	}
	sort.Strings(names)
	e.Hint = "Try `help` for the list, or one of: `" + strings.Join(names, "`, `") + "`."
	return Reply{}, e
}

func helpOverview() Reply {
	var lines []Rich
	for _, t := range helpTopics {
		lines = append(lines, R(C(t.usage), T(" — "+t.summary)))
	}
	return Reply{
		Text: "Frontdoor: ask who funds which cohort, where, how much and until when.",
		Blocks: []Block{
			Header{Text: "Frontdoor: one front door to the programmes"},
			Section{Lines: []Rich{Line("Ask in plain words. Names forgive typos and abbreviations (NEETs, GMCA, Manchestr).")}},
			Section{Lines: lines},
			Context{Items: []Rich{hintRich("Add `as of <date>` to any lookup to ask about another day. `help <command>` shows examples. Answers are private unless you share them.")}},
		},
	}
}

func helpFor(t helpTopic) Reply {
	var ex []Rich
	for _, e := range t.examples {
		ex = append(ex, R(T("• "), C(e)))
	}
	blocks := []Block{
		Header{Text: "help " + t.name},
		Section{Lines: []Rich{R(C(t.usage)), Line(t.summary)}},
		Section{Lines: append([]Rich{R(B("Examples"))}, ex...)},
	}
	if len(t.notes) > 0 {
		var items []Rich
		for _, n := range t.notes {
			items = append(items, Line(n))
		}
		blocks = append(blocks, Context{Items: items})
	}
	return Reply{Text: t.usage, Blocks: blocks}
}
