// Package viewtest holds what the tests of the index, the views and the
// digest share to read replies: each lookup's reply as the service builds it
// (the index's answer, then its view) and a reply's plain text. Only tests
// import it.
package viewtest

import (
	"strings"

	"frontdoor/bot"

	h "frontdoor/handlers"
	"frontdoor/handlers/grammar"
	"frontdoor/handlers/index"
	"frontdoor/handlers/view"
)

// Budget is Slack's (bot.Budget): the replies the tests read are laid out as
// Slack gets them.
var Budget = bot.Budget

// RichText writes a line as text, a link as "text [url]" and a mention as
// "@name": the tests read replies through this, not through the console
// renderer, so they test what the lookups say rather than how it is shown.
func RichText(r h.Rich) string {
	var b strings.Builder
	for _, s := range r {
		switch {
		case s.UserID != "":
			b.WriteString("@" + s.Text)
		case s.URL != "":
			b.WriteString(s.Text + " [" + s.URL + "]")
		default:
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

// PlainText writes a reply's blocks as text, separated by blank lines.
func PlainText(r h.Reply) string {
	var parts []string
	for _, b := range r.Blocks {
		var lines []string
		switch b := b.(type) {
		case h.Header:
			lines = append(lines, b.Text)
		case h.Section:
			for _, l := range b.Lines {
				lines = append(lines, RichText(l))
			}
			for _, f := range b.Fields {
				lines = append(lines, f.Label+": "+RichText(f.Value))
			}
		case h.Context:
			for _, it := range b.Items {
				lines = append(lines, RichText(it))
			}
		case h.Actions:
			for _, btn := range b.Buttons {
				lines = append(lines, "[button "+btn.Text+": "+btn.URL+"]")
			}
		case h.Divider:
			lines = append(lines, "---")
		}
		parts = append(parts, strings.Join(lines, "\n"))
	}
	return strings.Join(parts, "\n\n")
}

// WhoFunds is the reply to `who funds <cohort> [in <area>]`.
func WhoFunds(ix *index.Index, cohort, area string, on h.Date) (h.Reply, error) {
	a, err := ix.WhoFunds([][2]string{{cohort, area}}, on)
	if err != nil {
		return h.Reply{}, err
	}
	return view.WhoFunds(Budget, a), nil
}

// AgencyFunds is the reply to `what does <agency> fund`.
func AgencyFunds(ix *index.Index, q string, on h.Date) (h.Reply, error) {
	a, err := ix.AgencyFunds(q, on)
	if err != nil {
		return h.Reply{}, err
	}
	return view.AgencyFunds(Budget, a), nil
}

// ProgrammeCard is the reply to `programme <name>`.
func ProgrammeCard(ix *index.Index, q string, on h.Date) (h.Reply, error) {
	a, err := ix.ProgrammeCard(q, on)
	if err != nil {
		return h.Reply{}, err
	}
	return view.ProgrammeCard(Budget, a), nil
}

// CohortCard is the reply to `cohort <name>`.
func CohortCard(ix *index.Index, q string, on h.Date) (h.Reply, error) {
	a, err := ix.CohortCard(q, on)
	if err != nil {
		return h.Reply{}, err
	}
	return view.CohortCard(Budget, a), nil
}

// AreaCard is the reply to `area <name>`.
func AreaCard(ix *index.Index, q string, on h.Date) (h.Reply, error) {
	a, err := ix.AreaCard(q, on)
	if err != nil {
		return h.Reply{}, err
	}
	return view.AreaCard(Budget, a), nil
}

// AgencyCard is the reply to `agency <name>`.
func AgencyCard(ix *index.Index, q string, on h.Date) (h.Reply, error) {
	a, err := ix.AgencyCard(q, on)
	if err != nil {
		return h.Reply{}, err
	}
	return view.AgencyCard(Budget, a), nil
}

// Overlaps is the reply to `overlaps` on one day.
func Overlaps(ix *index.Index, cmd grammar.Command, on h.Date) (h.Reply, error) {
	a, err := ix.Overlaps(h.Period{Start: on, End: on}, cmd.Area, cmd.For)
	if err != nil {
		return h.Reply{}, err
	}
	return view.Overlaps(Budget, a), nil
}

// Gaps is the reply to `gaps`.
func Gaps(ix *index.Index, cmd grammar.Command, on h.Date) (h.Reply, error) {
	a, err := ix.Gaps(on, cmd.Area, cmd.For)
	if err != nil {
		return h.Reply{}, err
	}
	return view.Gaps(Budget, a), nil
}

// Ending is the reply to `ending`, the window defaulting to cliffDays, then 90.
func Ending(ix *index.Index, cmd grammar.Command, on h.Date, cliffDays int) (h.Reply, error) {
	days := cmd.Within
	if days <= 0 {
		days = cliffDays
	}
	if days <= 0 {
		days = 90
	}
	a, err := ix.Ending(on, days, cmd.Area)
	if err != nil {
		return h.Reply{}, err
	}
	return view.Ending(Budget, a), nil
}
