package view

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"frontdoor/handlers"
)

// slackToken matches Slack's escaped forms in typed text: user mentions,
// channel and group references, special mentions and links.
var slackToken = regexp.MustCompile(`<([@#!][^<>|]*|https?://[^<>|\s]+)(?:\|([^<>]*))?>`)

// actionText turns an action's text, as Slack sent it, into spans: a mention
// stays a mention, a channel or group reference becomes its name, a link the
// user typed stays a link shown by its address, and everything else is literal text. It keeps at
// most limit characters of what a reader sees, ending with "…" when cut; a
// cut that would leave something reading as a resident's identifier (a long
// number cut short) is made a word earlier.
func ActionText(text string, limit int) handlers.Rich {
	out, cut := actionSpans(text, limit)
	for cut && limit > 1 {
		plain := handlers.PlainRich(out)
		if len(handlers.FindIdentifiers(plain)) == 0 {
			break
		}
		body := strings.TrimSuffix(plain, "…")
		last := utf8.RuneCountInString(body[strings.LastIndexFunc(body, unicode.IsSpace)+1:])
		limit -= max(last, 1)
		out, cut = actionSpans(text, limit)
	}
	return out
}

// actionTextFit is ActionText kept within room as the budget counts it, so
// that a renderer never has to cut it for its limits (its cut would not
// know to avoid making a number read as an identifier).
func actionTextFit(bud Budget, text string, limit, room int) handlers.Rich {
	out := ActionText(text, limit)
	for over := bud.Cost(out) - room; over > 0 && limit > 1; over = bud.Cost(out) - room {
		limit -= max(1, over/5) // a character costs at most 5 (Slack's escaped "&")
		out = ActionText(text, limit)
	}
	return out
}

// actionSpans is actionText without the care over cuts; cut reports whether
// anything was left out.
func actionSpans(text string, max int) (out handlers.Rich, cut bool) {
	text = strings.Join(strings.Fields(text), " ")
	budget := max
	add := func(s handlers.Span) bool {
		n := utf8.RuneCountInString(s.Text)
		if n > budget {
			s.Text = handlers.ClipText(s.Text, budget)
			s.URL, s.UserID = "", ""
			out = append(out, s)
			cut = true
			return false
		}
		budget -= n
		out = append(out, s)
		return true
	}
	for text != "" {
		loc := slackToken.FindStringSubmatchIndex(text)
		if loc == nil {
			add(handlers.T(text))
			break
		}
		if loc[0] > 0 && !add(handlers.T(text[:loc[0]])) {
			return out, cut
		}
		target := text[loc[2]:loc[3]]
		label := ""
		if loc[4] >= 0 {
			label = text[loc[4]:loc[5]]
		}
		var s handlers.Span
		switch {
		case strings.HasPrefix(target, "@") && handlers.IsSlackUserID(target[1:]):
			name := label
			if name == "" {
				name = target[1:]
			}
			s = handlers.M(target[1:], name)
		case strings.HasPrefix(target, "#"):
			s = handlers.T("#" + firstNonEmpty(label, strings.TrimPrefix(target, "#")))
		case strings.HasPrefix(target, "!"):
			// <!here>, <!channel>, <!subteam^S123|@team>: shown as words, never as a ping.
			s = handlers.T(firstNonEmpty(label, "@"+strings.TrimPrefix(strings.SplitN(target, "^", 2)[0], "!")))
		case strings.HasPrefix(target, "http"):
			// Shown by its real address, never under another (links.go).
			link := typedLink(label, target)
			for _, ls := range link[:len(link)-1] {
				if !add(ls) {
					return out, cut
				}
			}
			s = link[len(link)-1]
		default:
			s = handlers.T(text[loc[0]:loc[1]])
		}
		if !add(s) {
			return out, cut
		}
		text = text[loc[1]:]
	}
	return out, cut
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// typedLink returns the spans of a link a person typed, shown by its real
// address (see above).
func typedLink(label, target string) []handlers.Span {
	label = strings.Join(strings.Fields(label), " ")
	switch {
	case label == "":
		return []handlers.Span{handlers.L(target, target)}
	case handlers.LabelIsAddress(label, target):
		return []handlers.Span{handlers.L(label, target)}
	case handlers.LooksLikeAddress(label):
		return []handlers.Span{handlers.L(target, target)}
	}
	return []handlers.Span{handlers.T(label + " ("), handlers.L(target, target), handlers.T(")")}
}
