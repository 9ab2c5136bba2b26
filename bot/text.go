package bot

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// Small text helpers of the transport (the renderer keeps its own).

var mdEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// mdEscape makes text inert in mrkdwn: no mention, link or entity survives.
func mdEscape(s string) string { return mdEscaper.Replace(s) }

// mdText is a mrkdwn text object.
func mdText(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

// plain is a plain_text text object.
func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}

// clip shortens s to at most limit characters, on one line, ending with "…" when cut.
func clip(s string, limit int) string {
	s = strings.Join(strings.Fields(s), " ")
	return clipText(s, limit)
}

// clipText shortens s to at most limit characters (textLen), keeping its
// lines, ending with "…" when cut.
func clipText(s string, limit int) string {
	if textLen(s) <= limit {
		return s
	}
	room := limit - 1 // for "…"
	n := 0
	for i := range s {
		if n == room {
			return strings.TrimRightFunc(s[:i], unicode.IsSpace) + "…"
		}
		n++
	}
	return s
}

var userIDPattern = regexp.MustCompile(`^[UW][A-Z0-9]{2,}$`)

// isWebLink reports whether u may be the target of a <url|text> link.
func isWebLink(u string) bool {
	if !utf8.ValidString(u) {
		return false
	}
	lower := strings.ToLower(u)
	if !strings.HasPrefix(lower, "https://") && !strings.HasPrefix(lower, "http://") {
		return false
	}
	if strings.ContainsAny(u, "|<> \t\r\n") {
		return false
	}
	p, err := url.Parse(u)
	return err == nil && p.Host != ""
}
