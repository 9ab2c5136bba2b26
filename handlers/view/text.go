package view

import (
	"strings"
	"unicode"

	"frontdoor/handlers"
)

// clipUserText clips typed text to n characters like clipText, then cuts
// back a word at a time while the cut made something that reads as a
// resident's identifier (a long number cut short can read as another).
func clipUserText(s string, n int) string {
	out := handlers.ClipText(s, n)
	for out != s && len(handlers.FindIdentifiers(out)) > 0 {
		body := strings.TrimSuffix(out, "…")
		i := strings.LastIndexFunc(body, unicode.IsSpace)
		if i <= 0 {
			return "…"
		}
		out = strings.TrimRightFunc(body[:i], unicode.IsSpace) + "…"
	}
	return out
}

// ProgrammeState says whether a programme is running on date on, from its
// status and dates, in words: "running until 31 Mar 2026", "running (no end
// date)", "ended 31 Mar 2025", "starts 1 Apr 2026", "planned" (with its start
// when known) or "closed". Users never see the raw status column.
func ProgrammeState(p *handlers.Programme, on handlers.Date) string {
	switch p.EffectiveStatus() {
	case handlers.StatusClosed:
		if !p.End.IsZero() && p.End < on {
			return "closed, ended " + p.End.UK()
		}
		return "closed"
	case handlers.StatusPlanned:
		if !p.Start.IsZero() && p.Start > on {
			return "planned from " + p.Start.UK()
		}
		return "planned"
	}
	switch {
	case !p.Start.IsZero() && on < p.Start:
		return "starts " + p.Start.UK()
	case !p.End.IsZero() && p.End < on:
		return "ended " + p.End.UK()
	case !p.End.IsZero():
		return "running until " + p.End.UK()
	default:
		return "running (no end date)"
	}
}

// linkOrText makes a link span when the address is a web address of sane length,
// else plain text.
func linkOrText(text, url string) handlers.Span {
	if url == "" || len(url) > handlers.MaxURLLen || !(strings.HasPrefix(url, "https://") || strings.HasPrefix(url, "http://")) {
		return handlers.T(text)
	}
	return handlers.L(text, url)
}
