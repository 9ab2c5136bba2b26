// Package bot is Frontdoor's Slack adapter: it renders the core's replies as
// Block Kit and carries commands and answers between Slack and handlers.
package bot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"frontdoor/handlers"
)

// ShareActionID is the action_id of the "Share in channel" button that
// Reply.Shareable adds.
const ShareActionID = "share"

const (
	ellipsis = "…"
	// defaultFallback is the notification text of a reply that has no words at all.
	defaultFallback = "Reply from Frontdoor"
	// contextJoin separates context items merged into one element.
	contextJoin = " · "
	// minBlocks leaves room for one block, the "and N more" notice and the share button.
	minBlocks = 4
)

// Message is the JSON Slack expects for a chat.postMessage or response_url
// payload. slack.Msg is not used because it always marshals metadata and
// replace/delete flags that these payloads must not carry.
type Message struct {
	// Text is the notification and screen-reader fallback, already escaped mrkdwn.
	Text   string       `json:"text"`
	Blocks slack.Blocks `json:"blocks"`
	// ResponseType is "ephemeral" or "in_channel" (read by response_url posts).
	ResponseType string `json:"response_type,omitempty"`
}

// MsgOptions returns the message as slack-go options for chat.postMessage or
// chat.postEphemeral. The text is passed unescaped because it already is.
func (m Message) MsgOptions() []slack.MsgOption {
	return []slack.MsgOption{
		slack.MsgOptionText(m.Text, false),
		slack.MsgOptionBlocks(m.Blocks.BlockSet...),
	}
}

// RenderMessage renders a reply as a Slack message within every message limit.
func RenderMessage(r handlers.Reply) Message {
	m := Message{
		Text:         topLevelText(r),
		Blocks:       slack.Blocks{BlockSet: RenderBlocks(r, MaxMessageBlocks)},
		ResponseType: slack.ResponseTypeEphemeral,
	}
	if r.Visibility == handlers.Channel {
		m.ResponseType = slack.ResponseTypeInChannel
	}
	return m
}

// RenderJSON renders a reply as indented message JSON (for `ask --json`),
// showing "<", ">" and "&" as themselves so the output reads as Slack gets it.
func RenderJSON(r handlers.Reply) ([]byte, error) {
	return encodeJSON(RenderMessage(r))
}

func encodeJSON(m Message) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return nil, fmt.Errorf("bot: render json: %w", err)
	}
	return unescapeHTML(buf.Bytes()), nil
}

// unescapeHTML turns the \u003c, \u003e and \u0026 escapes back into the
// characters. SetEscapeHTML does not reach them: slack-go's block lists
// marshal themselves with json.Marshal, which always escapes. A backslash in
// JSON always starts an escape, so copying other escapes whole is exact.
func unescapeHTML(js []byte) []byte {
	out := make([]byte, 0, len(js))
	for i := 0; i < len(js); i++ {
		if js[i] != '\\' || i+1 == len(js) {
			out = append(out, js[i])
			continue
		}
		if js[i+1] == 'u' && i+6 <= len(js) {
			var c byte
			switch string(js[i+2 : i+6]) {
			case "003c":
				c = '<'
			case "003e":
				c = '>'
			case "0026":
				c = '&'
			}
			if c != 0 {
				out = append(out, c)
				i += 5
				continue
			}
		}
		out = append(out, js[i], js[i+1])
		i++
	}
	return out
}

// RenderBlocks renders a reply's blocks, keeping to maxBlocks
// (MaxMessageBlocks for a message, MaxViewBlocks for a modal or App Home).
// Past the limit it keeps the first maxBlocks-2 and says how many more there
// were; a reply with no visible blocks shows its Text as a section, so the
// result is never empty. Values below 4 are taken as 4.
func RenderBlocks(r handlers.Reply, maxBlocks int) []slack.Block {
	maxBlocks = max(maxBlocks, minBlocks)
	type piece struct {
		block   slack.Block
		src     int // index of the reply block it came from
		divider bool
	}
	var pieces []piece
	for i, b := range planRichBlocks(r.Blocks) {
		div := isDivider(b)
		for _, sb := range renderBlock(b) {
			pieces = append(pieces, piece{sb, i, div})
		}
	}
	if len(pieces) == 0 {
		text := strings.TrimSpace(r.Text)
		if text == "" {
			text = defaultFallback
		}
		var lines []handlers.Rich
		for _, l := range strings.Split(text, "\n") {
			lines = append(lines, handlers.Line(l))
		}
		for _, sb := range renderSection(handlers.Section{Lines: lines}) {
			pieces = append(pieces, piece{block: sb})
		}
	}
	share := r.Shareable && r.Visibility == handlers.Private && r.ShareCommand != "" && textLen(r.ShareCommand) <= MaxButtonValue
	room := maxBlocks
	if share {
		room--
	}
	var notice slack.Block
	if len(pieces) > room {
		keep := room - 2
		// Count the reply's blocks (not rendered pieces, not dividers) that
		// are not shown in full: that is what the reader is missing.
		dropped := map[int]bool{}
		for _, p := range pieces[keep:] {
			if !p.divider {
				dropped[p.src] = true
			}
		}
		pieces = pieces[:keep]
		if len(dropped) > 0 {
			notice = slack.NewContextBlock("", mrkdwnText(
				fmt.Sprintf("…and %d more. Narrow the question to see them.", len(dropped))))
		}
	}
	out := make([]slack.Block, 0, len(pieces)+2)
	for _, p := range pieces {
		out = append(out, p.block)
	}
	if notice != nil {
		out = append(out, notice)
	}
	if share {
		// The value carries the command, so sharing re-runs it as asked; one
		// too long for a button value gets no button rather than a cut command.
		out = append(out, slack.NewActionBlock("", slack.NewButtonBlockElement(ShareActionID, r.ShareCommand,
			slack.NewTextBlockObject(slack.PlainTextType, "Share in channel", true, false))))
	}
	return out
}

// PlainFallback returns the top-level text of a reply: its Text, or else the
// plain words of its first header or section (then context), escaped for
// mrkdwn (Slack parses this field too) and kept under Slack's 40,000 chars.
func PlainFallback(r handlers.Reply) string {
	text := strings.TrimSpace(r.Text)
	if text == "" {
		text = firstPlain(r.Blocks)
	}
	if text == "" {
		text = defaultFallback
	}
	return renderRich(handlers.Rich{handlers.T(text)}, MaxMessageText)
}

func firstPlain(blocks []handlers.Block) string {
	for _, b := range blocks {
		var text string
		switch b := derefBlock(b).(type) {
		case handlers.Header:
			text = b.Text
		case handlers.Section:
			var lines []string
			for _, l := range b.Lines {
				lines = append(lines, plainRich(l))
			}
			if strings.TrimSpace(strings.Join(lines, "")) == "" {
				lines = lines[:0]
				for _, f := range b.Fields {
					label, value := strings.TrimSpace(f.Label), strings.TrimSpace(plainRich(f.Value))
					if label != "" && value != "" {
						label += ": "
					}
					lines = append(lines, label+value)
				}
			}
			text = strings.Join(lines, "\n")
		}
		if text = strings.TrimSpace(text); text != "" {
			return text
		}
	}
	for _, b := range blocks {
		if c, ok := derefBlock(b).(handlers.Context); ok {
			var items []string
			for _, it := range c.Items {
				items = append(items, plainRich(it))
			}
			if text := strings.TrimSpace(strings.Join(items, contextJoin)); text != "" {
				return text
			}
		}
	}
	return ""
}

func plainRich(r handlers.Rich) string {
	var b strings.Builder
	for _, s := range r {
		b.WriteString(displayText(s))
	}
	return b.String()
}

// derefBlock accepts the reply's blocks by value or by pointer.
func derefBlock(b handlers.Block) handlers.Block {
	switch b := b.(type) {
	case *handlers.Header:
		if b != nil {
			return *b
		}
	case *handlers.Section:
		if b != nil {
			return *b
		}
	case *handlers.Context:
		if b != nil {
			return *b
		}
	case *handlers.Divider:
		if b != nil {
			return *b
		}
	case *handlers.Actions:
		if b != nil {
			return *b
		}
	default:
		return b
	}
	return nil
}

func isDivider(b handlers.Block) bool {
	_, ok := derefBlock(b).(handlers.Divider)
	return ok
}

func renderBlock(b handlers.Block) []slack.Block {
	switch b := derefBlock(b).(type) {
	case handlers.Header:
		text := plainLabel(b.Text, MaxHeaderText)
		if text == "" {
			return nil
		}
		return []slack.Block{slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, text, true, false))}
	case handlers.Section:
		return renderSection(b)
	case handlers.Context:
		return renderContext(b)
	case handlers.Divider:
		return []slack.Block{slack.NewDividerBlock()}
	case handlers.Actions:
		return renderActions(b)
	case handlers.Chart:
		return renderChart(b, 1)
	case handlers.Table:
		return renderTable(b)
	case plannedBlock:
		return b.render()
	}
	return nil
}

// mrkdwnText makes a mrkdwn text object with verbatim set: otherwise Slack
// would turn a typed "@here", "#channel" or bare address into a live mention
// or link. The renderer's own <@U…> and <url|text> tokens still work.
func mrkdwnText(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, true)
}

// renderSection renders a section's lines, split at line boundaries into as
// many sections as the 3,000-char limit needs, then its fields, ten to a
// section: the first ten join the last text section.
func renderSection(s handlers.Section) []slack.Block {
	var out []slack.Block
	var cur strings.Builder
	curLen := 0
	flush := func() {
		if text := strings.Trim(cur.String(), "\n"); strings.TrimSpace(text) != "" {
			out = append(out, slack.NewSectionBlock(mrkdwnText(text), nil, nil))
		}
		cur.Reset()
		curLen = 0
	}
	for i, l := range s.Lines {
		line := renderRich(l, MaxSectionText)
		n := textLen(line)
		if i > 0 && curLen+1+n > MaxSectionText {
			flush()
		} else if i > 0 {
			cur.WriteByte('\n')
			curLen++
		}
		cur.WriteString(line)
		curLen += n
	}
	flush()

	var fields []*slack.TextBlockObject
	for _, f := range s.Fields {
		if text := renderRich(fieldRich(f), MaxFieldText); strings.TrimSpace(text) != "" {
			fields = append(fields, mrkdwnText(text))
		}
	}
	for i := 0; i < len(fields); i += MaxSectionFields {
		group := fields[i:min(i+MaxSectionFields, len(fields))]
		if i == 0 && len(out) > 0 {
			out[len(out)-1].(*slack.SectionBlock).Fields = group
			continue
		}
		out = append(out, slack.NewSectionBlock(nil, group, nil))
	}
	return out
}

// fieldRich is a field as one line: the label in bold, a newline, the value.
func fieldRich(f handlers.Field) handlers.Rich {
	label := strings.TrimSpace(f.Label)
	if label == "" {
		return f.Value
	}
	r := handlers.Rich{handlers.B(label)}
	if strings.TrimSpace(plainRich(f.Value)) == "" {
		return r
	}
	r = append(r, handlers.T("\n"))
	return append(r, f.Value...)
}

// renderContext renders up to ten elements; further items are merged into
// the tenth.
func renderContext(c handlers.Context) []slack.Block {
	var items []handlers.Rich
	for _, it := range c.Items {
		if strings.TrimSpace(renderRich(it, MaxTextObject)) != "" {
			items = append(items, it)
		}
	}
	if len(items) == 0 {
		return nil
	}
	if len(items) > MaxContextElements {
		var merged handlers.Rich
		for i, it := range items[MaxContextElements-1:] {
			if i > 0 {
				merged = append(merged, handlers.T(contextJoin))
			}
			merged = append(merged, it...)
		}
		items = append(items[:MaxContextElements-1:MaxContextElements-1], merged)
	}
	els := make([]slack.MixedElement, 0, len(items))
	for _, it := range items {
		els = append(els, mrkdwnText(renderRich(it, MaxTextObject)))
	}
	return []slack.Block{slack.NewContextBlock("", els...)}
}

// renderActions renders buttons 25 to a block, starting a new block where an
// action_id would repeat (Slack refuses duplicates within one block).
func renderActions(a handlers.Actions) []slack.Block {
	var out []slack.Block
	var cur []slack.BlockElement
	ids := map[string]bool{}
	flush := func() {
		if len(cur) > 0 {
			out = append(out, slack.NewActionBlock("", cur...))
		}
		cur = nil
		clear(ids)
	}
	for _, b := range a.Buttons {
		el := renderButton(b)
		if el == nil {
			continue
		}
		if len(cur) == MaxActionsElements || (el.ActionID != "" && ids[el.ActionID]) {
			flush()
		}
		cur = append(cur, el)
		if el.ActionID != "" {
			ids[el.ActionID] = true
		}
	}
	flush()
	return out
}

// renderButton returns nil for a button Slack would refuse. A label is
// shortened, but an id, value or address is never cut: a cut one would do
// something else.
func renderButton(b handlers.Button) *slack.ButtonBlockElement {
	text := plainLabel(b.Text, MaxButtonText)
	if text == "" || textLen(b.ActionID) > MaxID || textLen(b.Value) > MaxButtonValue {
		return nil
	}
	if b.URL != "" && (!linkable(b.URL) || textLen(b.URL) > MaxButtonURL) {
		return nil
	}
	el := slack.NewButtonBlockElement(b.ActionID, b.Value,
		slack.NewTextBlockObject(slack.PlainTextType, text, true, false))
	el.URL = b.URL
	switch style := slack.Style(b.Style); style {
	case slack.StylePrimary, slack.StyleDanger:
		el.Style = style
	}
	return el
}

// plainLabel makes a one-line plain_text label of at most limit chars.
// plain_text is shown literally, so it is not entity-escaped (Slack would
// show "&lt;"); instead a zero-width space follows every "<", so a typed
// "<!channel>" stays inert even if the text is ever reused as mrkdwn.
func plainLabel(s string, limit int) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.ReplaceAll(s, "<", "<\u200b")
	return truncatePlain(s, limit)
}

// truncatePlain cuts s to limit chars with "…", never between a "<" and the
// zero-width space that follows it.
func truncatePlain(s string, limit int) string {
	if textLen(s) <= limit {
		return s
	}
	room := limit - textLen(ellipsis)
	n := 0
	for i, r := range s {
		if n == room {
			cut := s[:i]
			if r == '\u200b' {
				cut = strings.TrimSuffix(cut, "<")
			}
			return strings.TrimRightFunc(cut, unicode.IsSpace) + ellipsis
		}
		n++
	}
	return s
}

var entityEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escapeMrkdwn makes user text inert in mrkdwn: after it, no "<" or "&" remains
// that Slack could read as a mention, link or entity.
func escapeMrkdwn(s string) string { return entityEscaper.Replace(s) }

var mentionID = regexp.MustCompile(`^[UW][A-Z0-9]{2,}$`)

// linkable reports whether u may be the target of a <url|text> link: http(s)
// with a host, and nothing that could end the link token early or hide in it.
func linkable(u string) bool {
	if !utf8.ValidString(u) {
		return false
	}
	lower := strings.ToLower(u)
	if !strings.HasPrefix(lower, "https://") && !strings.HasPrefix(lower, "http://") {
		return false
	}
	for _, r := range u {
		if r == '|' || r == '<' || r == '>' || unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return false
		}
	}
	p, err := url.Parse(u)
	return err == nil && p.Host != ""
}

// displayText is what a reader sees of a span when it is not a live link or
// mention: its text, or a link's address when it has no text.
func displayText(s handlers.Span) string {
	if s.Text == "" && s.UserID == "" {
		return s.URL
	}
	return s.Text
}

// renderSpan renders one span as mrkdwn. Only a span that really is a link
// or a mention (and passes the checks) produces a <...> token; everything
// else is escaped text. A link keeps its label only when the label is words,
// or the link's own address (handlers.HonestLinkLabel).
func renderSpan(s handlers.Span) string {
	switch {
	case s.UserID != "" && mentionID.MatchString(s.UserID):
		return wrapToken("<@"+s.UserID+">", s.Bold, s.Italic)
	case s.UserID == "" && s.URL != "" && linkable(s.URL):
		label := strings.Join(strings.Fields(s.Text), " ") // a link's label is one line
		if !handlers.HonestLinkLabel(label, s.URL) {
			// A label that reads as another address would lend it the bot's
			// name: the link shows its own address instead.
			label = ""
		}
		tok := "<" + escapeMrkdwn(s.URL)
		if label != "" {
			tok += "|" + escapeMrkdwn(label)
		}
		return wrapToken(tok+">", s.Bold, s.Italic)
	}
	return styleText(displayText(s), s.Bold, s.Italic, s.Code)
}

// wrapToken styles a link or mention token as a whole, unless the token (its
// address or label) holds the style's own marker.
func wrapToken(tok string, bold, italic bool) string {
	if italic && !strings.Contains(tok, "_") {
		tok = "_" + tok + "_"
	}
	if bold && !strings.Contains(tok, "*") {
		tok = "*" + tok + "*"
	}
	return tok
}

// styleText escapes text and styles each of its lines (mrkdwn styles do not
// cross a newline).
func styleText(text string, bold, italic, code bool) string {
	if !bold && !italic && !code {
		return escapeMrkdwn(text)
	}
	if !strings.Contains(text, "\n") {
		return styleSegment(text, bold, italic, code)
	}
	segs := strings.Split(text, "\n")
	for i, seg := range segs {
		segs[i] = styleSegment(seg, bold, italic, code)
	}
	return strings.Join(segs, "\n")
}

// styleSegment puts the markers around the trimmed text (mrkdwn ignores
// "* x *") and drops any style whose marker the text itself contains, so a
// user's own "*", "_" or "`" can never close it early.
func styleSegment(seg string, bold, italic, code bool) string {
	core := strings.TrimSpace(seg)
	if core == "" {
		return escapeMrkdwn(seg)
	}
	start := strings.Index(seg, core)
	lead, trail := seg[:start], seg[start+len(core):]
	inner := escapeMrkdwn(core)
	if code && !strings.Contains(core, "`") {
		inner = "`" + inner + "`"
	}
	if italic && !strings.Contains(core, "_") {
		inner = "_" + inner + "_"
	}
	if bold && !strings.Contains(core, "*") {
		inner = "*" + inner + "*"
	}
	return escapeMrkdwn(lead) + inner + escapeMrkdwn(trail)
}

// mergeSpans joins neighbouring plain or same-styled spans, so "*a**b*"
// never reaches Slack.
func mergeSpans(r handlers.Rich) handlers.Rich {
	out := make(handlers.Rich, 0, len(r))
	for _, s := range r {
		if s.URL == "" && s.UserID == "" && len(out) > 0 {
			last := &out[len(out)-1]
			if last.URL == "" && last.UserID == "" &&
				last.Bold == s.Bold && last.Italic == s.Italic && last.Code == s.Code {
				last.Text += s.Text
				continue
			}
		}
		out = append(out, s)
	}
	return out
}

// renderRich renders a line as mrkdwn of at most budget chars. A line too long
// is cut at a span, or inside a span's own text before it is escaped and
// styled, so an entity, a <...> token or a style pair is never cut in half;
// "…" marks the cut. Spans past the cut are never rendered.
func renderRich(r handlers.Rich, budget int) string {
	spans := mergeSpans(r)
	outs := make([]string, 0, len(spans))
	total := 0
	for _, s := range spans {
		out := renderSpan(s)
		outs = append(outs, out)
		if total += textLen(out); total > budget {
			return cutRich(spans, outs, budget)
		}
	}
	return strings.Join(outs, "")
}

// cutRich keeps the rendered spans that fit in budget with room for "…", then
// as much of the next span as fits. The last of outs is known not to fit.
func cutRich(spans handlers.Rich, outs []string, budget int) string {
	room := budget - textLen(ellipsis)
	var b strings.Builder
	used := 0
	for i, out := range outs {
		n := textLen(out)
		if used+n > room {
			b.WriteString(truncateSpan(spans[i], room-used))
			break
		}
		b.WriteString(out)
		used += n
	}
	b.WriteString(ellipsis)
	return b.String()
}

// truncateSpan renders the longest prefix of a span's text that fits in room.
// A link or mention that does not fit whole is cut as plain text: its token
// cannot be cut.
func truncateSpan(s handlers.Span, room int) string {
	if room <= 0 {
		return ""
	}
	// Each rune takes at least one char, so no more than room runes can fit.
	text := displayText(s)
	if n := utf8.RuneCountInString(text); n > room {
		text = string([]rune(text)[:room])
	}
	runes := []rune(text)
	render := func(k int) string {
		return styleText(strings.TrimRightFunc(string(runes[:k]), unicode.IsSpace), s.Bold, s.Italic, s.Code)
	}
	// Binary search for a long prefix that fits. Length is not quite monotone
	// in k (a marker in the text drops its style), so keep the best seen.
	best := ""
	lo, hi := 1, len(runes)
	for lo <= hi {
		mid := (lo + hi) / 2
		if out := render(mid); textLen(out) <= room {
			best, lo = out, mid+1
		} else {
			hi = mid - 1
		}
	}
	return best
}
