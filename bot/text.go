package bot

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf16"
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

// units is the length Slack's limits are checked against (UTF-16 code
// units: never fewer than the characters Slack counts).
func units(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// clip shortens s to at most limit units, on one line, ending with "…" when cut.
func clip(s string, limit int) string {
	s = strings.Join(strings.Fields(s), " ")
	return clipText(s, limit)
}

// clipText shortens s to at most limit units, keeping its lines.
func clipText(s string, limit int) string {
	if units(s) <= limit {
		return s
	}
	room := limit - 1 // for "…"
	n := 0
	for i, r := range s {
		if n+utf16.RuneLen(r) > room {
			return strings.TrimRightFunc(s[:i], unicode.IsSpace) + "…"
		}
		n += utf16.RuneLen(r)
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
