package bot

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"frontdoor/handlers"
)

// Control bytes that give the fuzzer's string its structure.
const (
	fuzzBlockSep = "\x1e" // between blocks; a block's first byte picks its kind and repeat count
	fuzzItemSep  = "\x1f" // between lines, fields, context items or buttons
	fuzzSpanSep  = "\x1d" // between spans; a span's first byte picks its style, kind and repeat count
	fuzzPartSep  = "\x1c" // span text from its URL or user id; a field's mark; a button's parts
)

// Repeat counts let short inputs reach the 3,000-char and 50-block limits.
var (
	fuzzBlockRepeat = []int{1, 1, 1, 2, 5, 30, 60}
	fuzzSpanRepeat  = []int{1, 1, 1, 3, 50, 400, 1500, 4000}
)

// fuzzReply builds a reply from fuzz input: text is the reply's Text, body
// its blocks, flags its visibility (bit 0) and shareability (bit 1).
func fuzzReply(text, body string, flags uint8) handlers.Reply {
	r := handlers.Reply{Text: text, Visibility: handlers.Visibility(flags & 1), Shareable: flags&2 != 0}
	if r.Shareable {
		r.ShareCommand = "who funds care leavers"
	}
	for _, blk := range strings.Split(body, fuzzBlockSep) {
		if blk == "" {
			continue
		}
		k, rest := blk[0], blk[1:]
		var b handlers.Block
		switch k % 5 {
		case 0:
			b = handlers.Header{Text: fuzzSpan(rest).Text}
		case 1:
			var s handlers.Section
			for _, item := range strings.Split(rest, fuzzItemSep) {
				if field, ok := strings.CutPrefix(item, fuzzPartSep); ok {
					spans := fuzzSpans(field)
					f := handlers.Field{}
					if len(spans) > 0 {
						f.Label, f.Value = spans[0].Text, spans[1:]
					}
					s.Fields = append(s.Fields, f)
					continue
				}
				s.Lines = append(s.Lines, fuzzSpans(item))
			}
			b = s
		case 2:
			var c handlers.Context
			for _, item := range strings.Split(rest, fuzzItemSep) {
				c.Items = append(c.Items, fuzzSpans(item))
			}
			b = c
		case 3:
			b = handlers.Divider{}
		case 4:
			var a handlers.Actions
			for _, item := range strings.Split(rest, fuzzItemSep) {
				parts := strings.SplitN(item, fuzzPartSep, 5)
				parts = append(parts, make([]string, 5-len(parts))...)
				a.Buttons = append(a.Buttons, handlers.Button{Text: parts[0], ActionID: parts[1], Value: parts[2], URL: parts[3], Style: parts[4]})
			}
			b = a
		}
		for range fuzzBlockRepeat[int(k/5)%len(fuzzBlockRepeat)] {
			r.Blocks = append(r.Blocks, b)
		}
	}
	return r
}

func fuzzSpans(s string) handlers.Rich {
	var r handlers.Rich
	for _, part := range strings.Split(s, fuzzSpanSep) {
		r = append(r, fuzzSpan(part))
	}
	return r
}

// fuzzSpan reads a span: its first byte sets bold, italic, code, link and
// mention (bits 0-4) and a repeat count (bits 5-7).
func fuzzSpan(s string) handlers.Span {
	if s == "" {
		return handlers.Span{}
	}
	c, rest := s[0], s[1:]
	text, target, _ := strings.Cut(rest, fuzzPartSep)
	rep := fuzzSpanRepeat[c>>5]
	if len(text)*rep > 45_000 { // past the 40,000-char text limit, and no further
		rep = max(1, 45_000/len(text))
	}
	sp := handlers.Span{Text: strings.Repeat(text, rep), Bold: c&1 != 0, Italic: c&2 != 0, Code: c&4 != 0}
	if c&8 != 0 {
		sp.URL = target
	}
	if c&16 != 0 {
		sp.UserID = target
	}
	return sp
}

func FuzzRender(f *testing.F) {
	f.Add("", "", uint8(0))
	f.Add("<!channel>", "\x00<!here> heading\x1e\x01\x00<!channel>\x1d\x01bold*\x1d\x08link\x1chttps://evil|nhs.uk\x1d\x10name\x1cU123\x1d\x10x\x1c<!here>", uint8(2))
	f.Add("t", "\x01\x1c\x01Label\x1d\x00value\x1f\x00line\x1e\x02\x02ctx\x1f\x00more\x1e\x03\x1e\x04Open\x1copen\x1cv\x1chttps://example.gov.uk/\x1cprimary", uint8(3))
	f.Add("long", "\x1a\xe0&<>\x1d\xe1**\x1d\xc8long link text\x1chttps://example.gov.uk/a?b=1&c=2", uint8(0))
	f.Add("many", "\x1f\x00block\x1e\x1e\x1e\x1e\x1e\x1e\x1e\x1e\x1e\x1e\x1e\x1e", uint8(1))
	f.Add("", "\x1a\xa4code`tick\x1d\xa2it_al\x1d\xb0name\x1cW12345", uint8(2))
	f.Fuzz(func(t *testing.T, text, body string, flags uint8) {
		checkRendered(t, fuzzReply(text, body, flags))
	})
}

// checkRendered asserts the renderer's promises for any reply: within every
// limit; no special mention anywhere; and every <...> token in mrkdwn is a
// link or mention that the reply really carried as a URL or UserID span.
func checkRendered(t *testing.T, r handlers.Reply) {
	t.Helper()
	msg := RenderMessage(r)
	if problems := CheckLimits(msg); len(problems) > 0 {
		t.Fatalf("over Slack's limits:\n%s", strings.Join(problems, "\n"))
	}
	js, err := encodeJSON(msg)
	if err != nil {
		t.Fatal(err)
	}
	var back Message
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatalf("slack-go cannot parse the rendered JSON: %v", err)
	}
	// Every string Slack could show or parse, decoded from the JSON itself.
	// A button's value and action_id are left out: they are opaque data sent
	// back on a click, never displayed or parsed, and carried verbatim.
	var tree any
	if err := json.Unmarshal(js, &tree); err != nil {
		t.Fatal(err)
	}
	for _, s := range jsonStrings(tree) {
		for _, bad := range []string{"<!channel>", "<!here>", "<!everyone>", "<!subteam", "<!", "<#"} {
			if strings.Contains(s, bad) {
				t.Fatalf("rendered JSON contains %q in %q", bad, s)
			}
		}
	}

	urls, ids := map[string]bool{}, map[string]bool{}
	urlSpans, idSpans := 0, 0
	eachSpan(r, func(s handlers.Span) {
		switch {
		case s.UserID != "":
			ids[s.UserID] = true
			idSpans++
		case s.URL != "":
			urls[s.URL] = true
			urlSpans++
		}
	})
	if strings.ContainsAny(msg.Text, "<>") {
		t.Fatalf("top-level text has a token: %q", msg.Text)
	}
	checkEntities(t, msg.Text)
	links, mentions := 0, 0
	for _, obj := range mrkdwnTexts(msg.Blocks.BlockSet) {
		if !obj.Verbatim {
			t.Fatalf("mrkdwn text %q is not verbatim: Slack would parse a typed @here", obj.Text)
		}
		text := obj.Text
		checkEntities(t, text)
		rest := text
		for {
			open := strings.IndexByte(rest, '<')
			if open < 0 {
				if strings.Contains(rest, ">") {
					t.Fatalf("stray > in %q", text)
				}
				break
			}
			if strings.Contains(rest[:open], ">") {
				t.Fatalf("stray > in %q", text)
			}
			end := strings.IndexByte(rest[open:], '>')
			if end < 0 {
				t.Fatalf("unclosed < in %q", text)
			}
			tok := rest[open+1 : open+end]
			rest = rest[open+end+1:]
			if strings.Contains(tok, "<") {
				t.Fatalf("nested < in token %q", tok)
			}
			target, _, _ := strings.Cut(tok, "|")
			if id, ok := strings.CutPrefix(target, "@"); ok {
				if !ids[id] || !mentionID.MatchString(id) {
					t.Fatalf("mention %q not from a valid UserID span", tok)
				}
				mentions++
				continue
			}
			if u := strings.ReplaceAll(target, "&amp;", "&"); !urls[u] || !linkable(u) {
				t.Fatalf("link %q not from a valid URL span", tok)
			}
			links++
		}
	}
	if links > urlSpans || mentions > idSpans {
		t.Fatalf("%d links from %d URL spans, %d mentions from %d UserID spans", links, urlSpans, mentions, idSpans)
	}
	for _, text := range plainTexts(msg.Blocks.BlockSet) {
		if strings.Contains(strings.ReplaceAll(text, "<\u200b", ""), "<") {
			t.Fatalf("plain text with a live <: %q", text)
		}
	}
}

// jsonStrings lists every string in a decoded JSON value, except those under
// the keys "value" and "action_id".
func jsonStrings(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, jsonStrings(e)...)
		}
		return out
	case map[string]any:
		var out []string
		for k, e := range v {
			if k != "value" && k != "action_id" {
				out = append(out, jsonStrings(e)...)
			}
		}
		return out
	}
	return nil
}

// checkEntities asserts every "&" starts one of the three entities, so no
// escape was cut in half.
func checkEntities(t *testing.T, text string) {
	t.Helper()
	for i := strings.IndexByte(text, '&'); i >= 0; {
		rest := text[i:]
		if !strings.HasPrefix(rest, "&amp;") && !strings.HasPrefix(rest, "&lt;") && !strings.HasPrefix(rest, "&gt;") {
			t.Fatalf("broken entity at %q", rest[:min(len(rest), 8)])
		}
		next := strings.IndexByte(rest[1:], '&')
		if next < 0 {
			break
		}
		i += next + 1
	}
}

func eachSpan(r handlers.Reply, fn func(handlers.Span)) {
	each := func(line handlers.Rich) {
		for _, s := range line {
			fn(s)
		}
	}
	for _, b := range r.Blocks {
		switch b := derefBlock(b).(type) {
		case handlers.Section:
			for _, l := range b.Lines {
				each(l)
			}
			for _, f := range b.Fields {
				each(f.Value)
			}
		case handlers.Context:
			for _, it := range b.Items {
				each(it)
			}
		}
	}
}

func mrkdwnTexts(blocks []slack.Block) []*slack.TextBlockObject {
	var out []*slack.TextBlockObject
	add := func(t *slack.TextBlockObject) {
		if t != nil && t.Type == slack.MarkdownType {
			out = append(out, t)
		}
	}
	for _, b := range blocks {
		switch b := b.(type) {
		case *slack.SectionBlock:
			add(b.Text)
			for _, f := range b.Fields {
				add(f)
			}
		case *slack.ContextBlock:
			for _, el := range b.ContextElements.Elements {
				if t, ok := el.(*slack.TextBlockObject); ok {
					add(t)
				}
			}
		}
	}
	return out
}

func plainTexts(blocks []slack.Block) []string {
	var out []string
	for _, b := range blocks {
		switch b := b.(type) {
		case *slack.HeaderBlock:
			out = append(out, b.Text.Text)
		case *slack.ActionBlock:
			for _, el := range b.Elements.ElementSet {
				if btn, ok := el.(*slack.ButtonBlockElement); ok {
					out = append(out, btn.Text.Text)
				}
			}
		}
	}
	return out
}

// TestGoldenRepliesHoldProperties runs the fuzz properties over the
// hand-built replies too.
func TestGoldenRepliesHoldProperties(t *testing.T) {
	for name, r := range goldenReplies() {
		t.Run(name, func(t *testing.T) { checkRendered(t, r) })
	}
}
