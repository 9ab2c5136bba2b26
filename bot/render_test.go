package bot

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"frontdoor/handlers"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the renderer's output")

// goldenReplies are hand-built replies covering every block kind, every span
// style, hostile text, and each truncation and splitting rule.
func goldenReplies() map[string]handlers.Reply {
	manyLines := make([]handlers.Rich, 60)
	for i := range manyLines {
		manyLines[i] = handlers.R(handlers.B(fmt.Sprintf("Programme %02d", i+1)),
			handlers.T(" "+strings.Repeat("funds disabled people in Liverpool & Wirral; ", 2)))
	}
	fields := make([]handlers.Field, 23)
	for i := range fields {
		fields[i] = handlers.Field{Label: fmt.Sprintf("Funder %d", i+1), Value: handlers.Line(fmt.Sprintf("£%d,000", (i+1)*10))}
	}
	contextItems := make([]handlers.Rich, 13)
	for i := range contextItems {
		contextItems[i] = handlers.Line(fmt.Sprintf("source %d", i+1))
	}
	buttons := make([]handlers.Button, 30)
	for i := range buttons {
		buttons[i] = handlers.Button{Text: fmt.Sprintf("Programme %d", i+1), ActionID: fmt.Sprintf("open_%d", i+1), Value: fmt.Sprintf("P%d", i+1)}
	}
	// Buttons sharing an action_id must land in different blocks.
	buttons[3].ActionID = "open_1"
	var manyBlocks []handlers.Block
	manyBlocks = append(manyBlocks, handlers.Header{Text: "Who funds young people"})
	for i := range 35 {
		manyBlocks = append(manyBlocks, handlers.Section{Lines: []handlers.Rich{handlers.Line(fmt.Sprintf("Programme %d", i+1))}}, handlers.Divider{})
	}

	return map[string]handlers.Reply{
		"every_block": {
			Text: "Who funds disabled people in Liverpool",
			Blocks: []handlers.Block{
				handlers.Header{Text: "Who funds disabled people in Liverpool"},
				handlers.Section{
					Lines: []handlers.Rich{
						handlers.R(handlers.T("plain, "), handlers.B("bold"), handlers.T(", "), handlers.I("italic"),
							handlers.T(", "), handlers.C("/fd who funds neets"), handlers.T(", "),
							handlers.Span{Text: "bold italic", Bold: true, Italic: true}, handlers.T(", "),
							handlers.Span{Text: "bold code", Bold: true, Code: true}),
						handlers.R(handlers.L("Connect to Work", "https://example.gov.uk/ctw?a=1&b=2"), handlers.T(" led by "),
							handlers.M("U024BE7LH", "Ana Lopez"), handlers.T(" and "), handlers.Span{Text: "the lead", Bold: true, URL: "https://example.gov.uk/lead"}),
						handlers.R(handlers.B("  padded bold  "), handlers.T("|"), handlers.L("", "https://example.gov.uk/bare")),
					},
					Fields: []handlers.Field{
						{Label: "Funder", Value: handlers.Line("DWP")},
						{Label: "Amount", Value: handlers.R(handlers.B("£1.2m"), handlers.T(" over 5 years"))},
						{Label: "", Value: handlers.Line("unlabelled value")},
						{Label: "Until", Value: nil},
					},
				},
				handlers.Context{Items: []handlers.Rich{handlers.Line("Register as of 31 Mar 2026"), handlers.R(handlers.I("demo data"))}},
				handlers.Divider{},
				handlers.Actions{Buttons: []handlers.Button{
					{Text: "Open programme", ActionID: "open_programme", Value: "ctw", Style: "primary"},
					{Text: "Close action", ActionID: "close_action", Value: "12", Style: "danger"},
					{Text: "Website", URL: "https://example.gov.uk/ctw"},
				}},
			},
			Visibility: handlers.Private,
			Shareable:  true,
		},
		"channel_reply": {
			Text:       "Action 12 logged by Ana Lopez",
			Blocks:     []handlers.Block{handlers.Section{Lines: []handlers.Rich{handlers.R(handlers.T("Action 12 logged by "), handlers.M("W0123ABCD", "Ana"))}}},
			Visibility: handlers.Channel,
			Shareable:  true, // a channel reply is already shared: no button
		},
		"hostile_text": {
			Text: "<!channel> & <@U123> <https://evil|nhs.uk>",
			Blocks: []handlers.Block{
				handlers.Header{Text: "<!channel> Alert & <!here>"},
				handlers.Section{
					Lines: []handlers.Rich{
						handlers.Line("<!channel> <!here> <!everyone> <!subteam^S123> <@U123> <#C123|general>"),
						handlers.Line("<https://evil.example|nhs.uk> & &amp; &lt;"),
						handlers.R(handlers.B("a*b"), handlers.T(" "), handlers.I("snake_case"), handlers.T(" "), handlers.C("back`tick"), handlers.T(" "), handlers.C("*not bold*")),
						handlers.R(handlers.L("nhs.uk", "javascript:alert(1)"), handlers.T(" "), handlers.L("nhs.uk", "https://evil.example|nhs.uk"),
							handlers.T(" "), handlers.L("x", "https://evil.example/a b"), handlers.T(" "), handlers.L("<!channel>", "https://example.gov.uk/ok")),
						handlers.R(handlers.M("<!here>", "fallback <!here>"), handlers.T(" "), handlers.M("U1", "too short"), handlers.T(" "), handlers.M("u024be7lh", "lower case")),
						handlers.R(handlers.B("multi\nline"), handlers.T(" "), handlers.B("   ")),
					},
					Fields: []handlers.Field{{Label: "<!channel>*", Value: handlers.Line("<@U123>")}},
				},
				handlers.Context{Items: []handlers.Rich{handlers.Line("<!here> in context")}},
				handlers.Actions{Buttons: []handlers.Button{
					{Text: "<!channel> click", ActionID: "ok", Value: "<@U123>"},
					{Text: "Evil", URL: "javascript:alert(1)"},
					{Text: "Style", ActionID: "styled", Style: "bogus"},
				}},
			},
		},
		"long_section": {
			Text:   "Sixty programmes",
			Blocks: []handlers.Block{handlers.Section{Lines: manyLines}},
		},
		"long_line": {
			Text: "One very long line",
			Blocks: []handlers.Block{handlers.Section{Lines: []handlers.Rich{
				// 598 escaped ampersands (2,990 chars) then a link that cannot fit whole.
				handlers.R(handlers.T(strings.Repeat("&", 598)), handlers.L("a link", "https://example.gov.uk/x")),
				handlers.R(handlers.T(strings.Repeat("x", 2990)), handlers.B("bold words that will not fit")),
			}}},
		},
		"many_fields": {
			Text:   "Funders",
			Blocks: []handlers.Block{handlers.Section{Lines: []handlers.Rich{handlers.Line("Twenty-three funders")}, Fields: fields}},
		},
		"many_context": {
			Text:   "Sources",
			Blocks: []handlers.Block{handlers.Context{Items: contextItems}},
		},
		"many_buttons": {
			Text:   "Programmes",
			Blocks: []handlers.Block{handlers.Actions{Buttons: buttons}},
		},
		"too_many_blocks": {
			Text:      "Who funds young people",
			Blocks:    manyBlocks,
			Shareable: true,
		},
		"no_blocks": {
			Text: "Saved: action 12 logged.",
		},
		"fallback_from_header": {
			Blocks: []handlers.Block{
				handlers.Header{Text: "Cohort: care leavers & NEETs"},
				handlers.Section{Lines: []handlers.Rich{handlers.Line("Three programmes")}},
			},
		},
		"long_header": {
			Blocks: []handlers.Block{handlers.Header{Text: strings.Repeat("Inclusive employment ", 10)}},
		},
	}
}

func TestRenderGolden(t *testing.T) {
	for name, r := range goldenReplies() {
		t.Run(name, func(t *testing.T) {
			got, err := RenderJSON(r)
			if err != nil {
				t.Fatal(err)
			}
			if problems := CheckLimits(RenderMessage(r)); len(problems) > 0 {
				t.Errorf("over Slack's limits:\n%s", strings.Join(problems, "\n"))
			}
			checkGolden(t, filepath.Join("testdata", name+".golden"), got)
		})
	}
}

// checkGolden compares got with the golden file at path, or rewrites the
// file with -update.
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./bot -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the renderer's output (run go test ./bot -update and review the diff):\n%s", path, got)
	}
}

// TestGoldensWithinLimits reads the golden files back through slack-go's own
// parser and checks every limit, so a hand-edited golden cannot slip through.
func TestGoldensWithinLimits(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "*.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if want := len(goldenReplies()); len(paths) < want {
		t.Fatalf("found %d golden files, want at least %d", len(paths), want)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var m Message
			if err := json.Unmarshal(data, &m); err != nil {
				t.Fatalf("slack-go cannot parse it: %v", err)
			}
			if len(m.Blocks.BlockSet) == 0 {
				t.Fatal("no blocks")
			}
			if problems := CheckLimits(m); len(problems) > 0 {
				t.Errorf("over Slack's limits:\n%s", strings.Join(problems, "\n"))
			}
			for _, bad := range []string{"<!channel>", "<!here>", "<!everyone>", "<!subteam", "<#C"} {
				if bytes.Contains(data, []byte(bad)) {
					t.Errorf("contains %q", bad)
				}
			}
		})
	}
}

func TestEscape(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Liverpool City Region", "Liverpool City Region"},
		{"ampersand", "DWP & NHS", "DWP &amp; NHS"},
		{"entity typed", "&amp;", "&amp;amp;"},
		{"channel", "<!channel>", "&lt;!channel&gt;"},
		{"here", "<!here>", "&lt;!here&gt;"},
		{"mention", "<@U123>", "&lt;@U123&gt;"},
		{"spoofed link", "<https://evil|nhs.uk>", "&lt;https://evil|nhs.uk&gt;"},
		{"quote marker", "> quoted", "&gt; quoted"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := renderSpan(handlers.T(tt.in)); got != tt.want {
				t.Errorf("renderSpan(T(%q)) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRenderSpan(t *testing.T) {
	tests := []struct {
		name string
		span handlers.Span
		want string
	}{
		{"bold", handlers.B("Funder"), "*Funder*"},
		{"italic", handlers.I("demo"), "_demo_"},
		{"code", handlers.C("/fd help"), "`/fd help`"},
		{"bold italic code", handlers.Span{Text: "x", Bold: true, Italic: true, Code: true}, "*_`x`_*"},
		{"bold trimmed", handlers.B("  two words "), "  *two words* "},
		{"bold blank", handlers.B("   "), "   "},
		{"bold empty", handlers.B(""), ""},
		{"bold per line", handlers.B("a\n\nb "), "*a*\n\n*b* "},
		{"bold escaped", handlers.B("R&D <x>"), "*R&amp;D &lt;x&gt;*"},
		{"bold with star drops bold", handlers.B("a*b"), "a*b"},
		{"italic with underscore drops italic", handlers.I("snake_case"), "snake_case"},
		{"code with backtick drops code", handlers.C("a`b"), "a`b"},
		{"code with backtick keeps bold", handlers.Span{Text: "a`b", Bold: true, Code: true}, "*a`b*"},
		{"code with star keeps code", handlers.Span{Text: "a*b", Bold: true, Code: true}, "`a*b`"},
		{"code escaped", handlers.C("<!channel>"), "`&lt;!channel&gt;`"},
		{"link", handlers.L("Connect to Work", "https://example.gov.uk/ctw"), "<https://example.gov.uk/ctw|Connect to Work>"},
		{"link query escaped", handlers.L("x", "https://a.example/?a=1&b=2"), "<https://a.example/?a=1&amp;b=2|x>"},
		{"link without text", handlers.L("", "https://a.example/"), "<https://a.example/>"},
		{"link label escaped", handlers.L("<!here> & co", "https://a.example/"), "<https://a.example/|&lt;!here&gt; &amp; co>"},
		{"link label one line", handlers.L("two\nlines", "https://a.example/"), "<https://a.example/|two lines>"},
		{"bold link", handlers.Span{Text: "x", URL: "https://a.example/", Bold: true}, "*<https://a.example/|x>*"},
		{"italic link with underscore", handlers.Span{Text: "a_b", URL: "https://a.example/", Italic: true}, "<https://a.example/|a_b>"},
		{"italic link with underscore in address", handlers.Span{Text: "ab", URL: "https://a.example/a_b", Italic: true}, "<https://a.example/a_b|ab>"},
		{"italic link", handlers.Span{Text: "ab", URL: "https://a.example/", Italic: true}, "_<https://a.example/|ab>_"},
		{"code link stays a link", handlers.Span{Text: "x", URL: "https://a.example/", Code: true}, "<https://a.example/|x>"},
		{"mention", handlers.M("U024BE7LH", "Ana"), "<@U024BE7LH>"},
		{"mention W", handlers.M("W0123", "Ana"), "<@W0123>"},
		{"bold mention", handlers.Span{Text: "Ana", UserID: "U024BE7LH", Bold: true}, "*<@U024BE7LH>*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := renderSpan(tt.span); got != tt.want {
				t.Errorf("renderSpan(%+v) = %q, want %q", tt.span, got, tt.want)
			}
		})
	}
}

func TestLinkRules(t *testing.T) {
	tests := []struct {
		name, url string
		linked    bool
	}{
		{"https", "https://www.nhs.uk/", true},
		{"http", "http://example.org/a?b=c", true},
		{"upper-case scheme", "HTTPS://EXAMPLE.ORG", true},
		{"javascript", "javascript:alert(1)", false},
		{"mailto", "mailto:a@example.org", false},
		{"relative", "/programmes/ctw", false},
		{"no host", "https:///path", false},
		{"scheme only", "https://", false},
		{"pipe", "https://evil.example|nhs.uk", false},
		{"less than", "https://evil.example/<!channel>", false},
		{"greater than", "https://evil.example/>", false},
		{"space", "https://evil.example/a b", false},
		{"newline", "https://evil.example/\n", false},
		{"tab", "https://evil.example/\t", false},
		{"no-break space", "https://evil.example/\u00a0", false},
		{"right-to-left override", "https://evil.example/\u202e", false},
		{"invalid utf-8", "https://evil.example/\xff", false},
		{"bad port", "https://example.org:port/", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := renderSpan(handlers.L("nhs.uk", tt.url))
			isLink := strings.HasPrefix(got, "<")
			if isLink != tt.linked {
				t.Fatalf("renderSpan(L(nhs.uk, %q)) = %q, linked %v, want %v", tt.url, got, isLink, tt.linked)
			}
			if !tt.linked && got != "nhs.uk" {
				t.Errorf("refused link rendered %q, want the escaped text %q", got, "nhs.uk")
			}
			// A refused link without text shows its address, escaped.
			if bare := renderSpan(handlers.L("", tt.url)); !tt.linked && strings.ContainsAny(bare, "<>") {
				t.Errorf("refused bare link rendered %q, want escaped text", bare)
			}
		})
	}
}

func TestMentionRules(t *testing.T) {
	tests := []struct {
		name, id, fallback, want string
	}{
		{"user", "U024BE7LH", "Ana", "<@U024BE7LH>"},
		{"enterprise user", "W024BE7LH", "Ana", "<@W024BE7LH>"},
		{"shortest", "U12", "Ana", "<@U12>"},
		{"too short", "U1", "Ana", "Ana"},
		{"lower case", "u024be7lh", "Ana", "Ana"},
		{"channel id", "C024BE7LH", "#general", "#general"},
		{"bot id", "B024BE7LH", "bot", "bot"},
		{"special mention", "!channel", "everyone", "everyone"},
		{"injection", "U123>|<!channel", "x", "x"},
		{"trailing newline", "U123\n", "x", "x"},
		{"hostile fallback", "nope", "<!here>", "&lt;!here&gt;"},
		{"empty fallback", "nope", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := renderSpan(handlers.M(tt.id, tt.fallback)); got != tt.want {
				t.Errorf("renderSpan(M(%q, %q)) = %q, want %q", tt.id, tt.fallback, got, tt.want)
			}
		})
	}
}

func TestSectionSplitsAtLineBoundaries(t *testing.T) {
	var lines []handlers.Rich
	var want []string
	for i := range 100 {
		s := fmt.Sprintf("%03d %s", i, strings.Repeat("a&b ", 20)) // 84 chars, 124 escaped
		lines = append(lines, handlers.Line(s))
		want = append(want, escapeMrkdwn(s))
	}
	blocks := renderSection(handlers.Section{Lines: lines})
	if len(blocks) < 5 {
		t.Fatalf("got %d sections, want at least 5 for 12,400 chars", len(blocks))
	}
	var got []string
	for i, b := range blocks {
		text := b.(*slack.SectionBlock).Text.Text
		if n := textLen(text); n > MaxSectionText {
			t.Errorf("section %d: %d chars", i, n)
		}
		got = append(got, text)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Error("splitting lost or changed text: sections joined again differ from the lines")
	}
}

func TestLongLineTruncation(t *testing.T) {
	tests := []struct {
		name   string
		line   handlers.Rich
		budget int
		want   string
	}{
		{"fits", handlers.Line("abc"), 3, "abc"},
		{"plain", handlers.Line("abcdef"), 4, "abc…"},
		{"trailing space trimmed", handlers.Line("ab cdef"), 4, "ab…"},
		{"entity never cut", handlers.Line("a&&&"), 8, "a&amp;…"},
		{"bold kept whole", handlers.R(handlers.T("x "), handlers.B("bold words")), 9, "x *bold*…"},
		{"link too long becomes text", handlers.R(handlers.T("see "), handlers.L("the register", "https://example.gov.uk/register")), 12, "see the reg…"},
		{"mention too long becomes name", handlers.R(handlers.T("by "), handlers.M("U024BE7LH", "Ana Lopez")), 8, "by Ana…"},
		{"emoji counts one", handlers.Line("😀😀😀"), 3, "😀😀😀"},
		{"emoji cut by characters", handlers.Line("😀😀😀😀"), 3, "😀😀…"},
		{"two-byte text at the budget", handlers.Line("ééééé"), 5, "ééééé"},
		{"nothing fits", handlers.Line("&&&&"), 3, "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := renderRich(tt.line, tt.budget)
			if got != tt.want {
				t.Errorf("renderRich(%v, %d) = %q, want %q", tt.line, tt.budget, got, tt.want)
			}
			if n := textLen(got); n > tt.budget {
				t.Errorf("%d chars, budget %d", n, tt.budget)
			}
		})
	}

	// At Slack's real limit: every "&" must still be whole "&amp;".
	got := renderRich(handlers.R(handlers.T("x"), handlers.T(strings.Repeat("&", 1000))), MaxSectionText)
	body := strings.TrimSuffix(strings.TrimPrefix(got, "x"), ellipsis)
	if strings.ReplaceAll(body, "&amp;", "") != "" || textLen(got) > MaxSectionText {
		t.Errorf("cut an entity or overran: ends %q, %d chars", got[len(got)-20:], textLen(got))
	}
}

func TestRenderBlocksLimit(t *testing.T) {
	sections := func(n int, dividers bool) []handlers.Block {
		var bs []handlers.Block
		for i := range n {
			bs = append(bs, handlers.Section{Lines: []handlers.Rich{handlers.Line(fmt.Sprintf("programme %d", i))}})
			if dividers {
				bs = append(bs, handlers.Divider{})
			}
		}
		return bs
	}
	tests := []struct {
		name       string
		reply      handlers.Reply
		maxBlocks  int
		wantBlocks int
		wantNotice string // "" for none
		wantShare  bool
	}{
		{"exactly 50", handlers.Reply{Blocks: sections(50, false)}, MaxMessageBlocks, 50, "", false},
		{"51 sections", handlers.Reply{Blocks: sections(51, false)}, MaxMessageBlocks, 49, "…and 3 more. Narrow the question to see them.", false},
		{"80 sections", handlers.Reply{Blocks: sections(80, false)}, MaxMessageBlocks, 49, "…and 32 more.", false},
		{"dividers not counted", handlers.Reply{Blocks: sections(40, true)}, MaxMessageBlocks, 49, "…and 16 more.", false},
		{"share kept at the end", handlers.Reply{Blocks: sections(60, false), Shareable: true}, MaxMessageBlocks, 49, "…and 13 more.", true},
		{"49 and share fit", handlers.Reply{Blocks: sections(49, false), Shareable: true}, MaxMessageBlocks, 50, "", true},
		{"view of 150", handlers.Reply{Blocks: sections(150, false)}, MaxViewBlocks, 99, "…and 52 more.", false},
		{"view of 100", handlers.Reply{Blocks: sections(100, false)}, MaxViewBlocks, 100, "", false},
		{"tiny limit raised", handlers.Reply{Blocks: sections(10, false)}, 1, 3, "…and 8 more.", false},
		{"private share only", handlers.Reply{Blocks: sections(1, false), Shareable: true, Visibility: handlers.Channel}, MaxMessageBlocks, 1, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blocks := RenderBlocks(tt.reply, tt.maxBlocks)
			if len(blocks) != tt.wantBlocks {
				t.Fatalf("got %d blocks, want %d", len(blocks), tt.wantBlocks)
			}
			if problems := CheckBlocks(blocks, max(tt.maxBlocks, minBlocks)); len(problems) > 0 {
				t.Errorf("over limits: %v", problems)
			}
			last := blocks[len(blocks)-1]
			if tt.wantShare {
				a, ok := last.(*slack.ActionBlock)
				if !ok || a.Elements.ElementSet[0].(*slack.ButtonBlockElement).ActionID != ShareActionID {
					t.Fatalf("last block %#v is not the share button", last)
				}
				last = blocks[len(blocks)-2]
			}
			notice := ""
			if c, ok := last.(*slack.ContextBlock); ok {
				notice = c.ContextElements.Elements[0].(*slack.TextBlockObject).Text
			}
			if tt.wantNotice == "" && notice != "" || !strings.HasPrefix(notice, tt.wantNotice) {
				t.Errorf("notice %q, want %q", notice, tt.wantNotice)
			}
		})
	}
}

func TestSectionFields(t *testing.T) {
	field := func(i int) handlers.Field {
		return handlers.Field{Label: fmt.Sprintf("L%d", i), Value: handlers.Line("v")}
	}
	var fields []handlers.Field
	for i := range 23 {
		fields = append(fields, field(i))
	}
	tests := []struct {
		name       string
		section    handlers.Section
		wantFields []int // fields per rendered section
		wantText   []bool
	}{
		{"fields only", handlers.Section{Fields: fields[:3]}, []int{3}, []bool{false}},
		{"text and ten", handlers.Section{Lines: []handlers.Rich{handlers.Line("t")}, Fields: fields[:10]}, []int{10}, []bool{true}},
		{"text and 23", handlers.Section{Lines: []handlers.Rich{handlers.Line("t")}, Fields: fields}, []int{10, 10, 3}, []bool{true, false, false}},
		{"empty fields dropped", handlers.Section{Fields: []handlers.Field{{}, {Label: " "}, field(1)}}, []int{1}, []bool{false}},
		{"nothing", handlers.Section{Lines: []handlers.Rich{handlers.Line("  ")}}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blocks := renderSection(tt.section)
			if len(blocks) != len(tt.wantFields) {
				t.Fatalf("got %d sections, want %d", len(blocks), len(tt.wantFields))
			}
			for i, b := range blocks {
				s := b.(*slack.SectionBlock)
				if len(s.Fields) != tt.wantFields[i] || (s.Text != nil) != tt.wantText[i] {
					t.Errorf("section %d: %d fields, text %v; want %d, %v", i, len(s.Fields), s.Text != nil, tt.wantFields[i], tt.wantText[i])
				}
			}
		})
	}

	long := handlers.Field{Label: "Notes", Value: handlers.Line(strings.Repeat("<", 1000))}
	got := renderSection(handlers.Section{Fields: []handlers.Field{long}})[0].(*slack.SectionBlock).Fields[0].Text
	if !strings.HasPrefix(got, "*Notes*\n&lt;") || !strings.HasSuffix(got, "&lt;…") || textLen(got) > MaxFieldText {
		t.Errorf("long field rendered %q… (%d chars)", got[:20], textLen(got))
	}
}

func TestContextMerge(t *testing.T) {
	var items []handlers.Rich
	for i := range 14 {
		items = append(items, handlers.Line(fmt.Sprint(i)))
	}
	items = append(items, handlers.Line(""))
	blocks := renderContext(handlers.Context{Items: items})
	els := blocks[0].(*slack.ContextBlock).ContextElements.Elements
	if len(els) != MaxContextElements {
		t.Fatalf("got %d elements, want %d", len(els), MaxContextElements)
	}
	if got, want := els[9].(*slack.TextBlockObject).Text, "9 · 10 · 11 · 12 · 13"; got != want {
		t.Errorf("last element %q, want %q", got, want)
	}
	if blocks := renderContext(handlers.Context{Items: []handlers.Rich{handlers.Line(" ")}}); len(blocks) != 0 {
		t.Errorf("blank context rendered %d blocks, want none", len(blocks))
	}
}

func TestActions(t *testing.T) {
	ok := handlers.Button{Text: "Open", ActionID: "open", Value: "v"}
	with := func(f func(*handlers.Button)) handlers.Button {
		b := ok
		f(&b)
		return b
	}
	tests := []struct {
		name    string
		button  handlers.Button
		dropped bool
		check   func(*slack.ButtonBlockElement) string
	}{
		{"plain", ok, false, nil},
		{"long text cut", with(func(b *handlers.Button) { b.Text = strings.Repeat("a", 100) }), false,
			func(e *slack.ButtonBlockElement) string {
				if textLen(e.Text.Text) != MaxButtonText || !strings.HasSuffix(e.Text.Text, ellipsis) {
					return fmt.Sprintf("text %q", e.Text.Text)
				}
				return ""
			}},
		{"hostile text inert", with(func(b *handlers.Button) { b.Text = "<!channel>" }), false,
			func(e *slack.ButtonBlockElement) string {
				if e.Text.Text != "<\u200b!channel>" {
					return fmt.Sprintf("text %q", e.Text.Text)
				}
				return ""
			}},
		{"blank text", with(func(b *handlers.Button) { b.Text = " \n" }), true, nil},
		{"value at limit", with(func(b *handlers.Button) { b.Value = strings.Repeat("v", MaxButtonValue) }), false, nil},
		{"value over limit", with(func(b *handlers.Button) { b.Value = strings.Repeat("v", MaxButtonValue+1) }), true, nil},
		{"action_id over limit", with(func(b *handlers.Button) { b.ActionID = strings.Repeat("a", MaxID+1) }), true, nil},
		{"url", with(func(b *handlers.Button) { b.URL = "https://example.gov.uk/" }), false,
			func(e *slack.ButtonBlockElement) string {
				if e.URL != "https://example.gov.uk/" {
					return "url " + e.URL
				}
				return ""
			}},
		{"url over limit", with(func(b *handlers.Button) { b.URL = "https://example.gov.uk/" + strings.Repeat("a", MaxButtonURL) }), true, nil},
		{"url not http", with(func(b *handlers.Button) { b.URL = "javascript:alert(1)" }), true, nil},
		{"primary", with(func(b *handlers.Button) { b.Style = "primary" }), false,
			func(e *slack.ButtonBlockElement) string {
				if e.Style != slack.StylePrimary {
					return "style " + string(e.Style)
				}
				return ""
			}},
		{"unknown style dropped", with(func(b *handlers.Button) { b.Style = "green" }), false,
			func(e *slack.ButtonBlockElement) string {
				if e.Style != slack.StyleDefault {
					return "style " + string(e.Style)
				}
				return ""
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := renderButton(tt.button)
			if (e == nil) != tt.dropped {
				t.Fatalf("dropped %v, want %v", e == nil, tt.dropped)
			}
			if tt.check != nil {
				if msg := tt.check(e); msg != "" {
					t.Error(msg)
				}
			}
		})
	}

	var buttons []handlers.Button
	for i := range 30 {
		buttons = append(buttons, handlers.Button{Text: "b", ActionID: fmt.Sprint("a", i)})
	}
	buttons[2].ActionID = "a0"
	blocks := renderActions(handlers.Actions{Buttons: buttons})
	var sizes []int
	for _, b := range blocks {
		sizes = append(sizes, len(b.(*slack.ActionBlock).Elements.ElementSet))
	}
	if fmt.Sprint(sizes) != "[2 25 3]" {
		t.Errorf("buttons per block %v, want [2 25 3] (a repeated action_id starts a block, 25 at most)", sizes)
	}
	if problems := CheckBlocks(blocks, MaxMessageBlocks); len(problems) > 0 {
		t.Error(problems)
	}
}

func TestHeader(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Who funds NEETs", "Who funds NEETs"},
		{"not escaped", "Care leavers & NEETs", "Care leavers & NEETs"},
		{"one line", "two\n  lines", "two lines"},
		{"inert", "<!channel>", "<\u200b!channel>"},
		{"long", strings.Repeat("abcd ", 40), strings.TrimSpace(strings.Repeat("abcd ", 29)) + " abcd…"},
		{"blank", "  ", ""},
		{"never cut after <", strings.Repeat("<", 100), strings.Repeat("<\u200b", 74) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blocks := renderBlock(handlers.Header{Text: tt.in})
			got := ""
			if len(blocks) > 0 {
				got = blocks[0].(*slack.HeaderBlock).Text.Text
			}
			if got != tt.want {
				t.Errorf("header %q, want %q", got, tt.want)
			}
			if textLen(got) > MaxHeaderText {
				t.Errorf("%d chars", textLen(got))
			}
		})
	}
}

func TestPlainFallback(t *testing.T) {
	tests := []struct {
		name  string
		reply handlers.Reply
		want  string
	}{
		{"text", handlers.Reply{Text: "Three programmes fund NEETs", Blocks: []handlers.Block{handlers.Header{Text: "h"}}}, "Three programmes fund NEETs"},
		{"text escaped", handlers.Reply{Text: "<!channel> R&D"}, "&lt;!channel&gt; R&amp;D"},
		{"header", handlers.Reply{Blocks: []handlers.Block{handlers.Divider{}, handlers.Header{Text: " Care leavers "}}}, "Care leavers"},
		{"section", handlers.Reply{Blocks: []handlers.Block{handlers.Context{Items: []handlers.Rich{handlers.Line("c")}},
			handlers.Section{Lines: []handlers.Rich{handlers.R(handlers.B("a"), handlers.L("", "https://x.example/")), handlers.R(handlers.M("U123", "Ana"))}}}}, "ahttps://x.example/\nAna"},
		{"fields", handlers.Reply{Blocks: []handlers.Block{handlers.Section{Fields: []handlers.Field{{Label: "Funder", Value: handlers.Line("DWP")},
			{Value: handlers.Line("no label")}, {Label: "no value"}}}}}, "Funder: DWP\nno label\nno value"},
		{"pointer blocks", handlers.Reply{Blocks: []handlers.Block{&handlers.Header{Text: "by pointer"}}}, "by pointer"},
		{"context", handlers.Reply{Blocks: []handlers.Block{handlers.Context{Items: []handlers.Rich{handlers.Line("a"), handlers.Line("b")}}}}, "a · b"},
		{"nothing", handlers.Reply{Blocks: []handlers.Block{handlers.Divider{}}}, defaultFallback},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PlainFallback(tt.reply); got != tt.want {
				t.Errorf("PlainFallback = %q, want %q", got, tt.want)
			}
		})
	}
	long := PlainFallback(handlers.Reply{Text: strings.Repeat("&", MaxMessageText)})
	if n := textLen(long); n > MaxMessageText || !strings.HasSuffix(long, "&amp;…") {
		t.Errorf("long fallback: %d chars, ends %q", n, long[len(long)-10:])
	}
}

func TestRenderMessage(t *testing.T) {
	tests := []struct {
		name       string
		reply      handlers.Reply
		wantType   string
		wantBlocks int
	}{
		{"private", handlers.Reply{Text: "t", Blocks: []handlers.Block{handlers.Divider{}}}, "ephemeral", 1},
		{"channel", handlers.Reply{Text: "t", Visibility: handlers.Channel}, "in_channel", 1},
		{"nil and nil pointer blocks skipped", handlers.Reply{Text: "t", Blocks: []handlers.Block{nil, (*handlers.Section)(nil), handlers.Divider{}}}, "ephemeral", 1},
		{"pointer blocks", handlers.Reply{Blocks: []handlers.Block{&handlers.Header{Text: "h"}, &handlers.Divider{}, &handlers.Section{Lines: []handlers.Rich{handlers.Line("s")}},
			&handlers.Context{Items: []handlers.Rich{handlers.Line("c")}}, &handlers.Actions{Buttons: []handlers.Button{{Text: "b"}}}}}, "ephemeral", 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := RenderMessage(tt.reply)
			if m.ResponseType != tt.wantType {
				t.Errorf("response_type %q, want %q", m.ResponseType, tt.wantType)
			}
			if len(m.Blocks.BlockSet) != tt.wantBlocks {
				t.Errorf("%d blocks, want %d", len(m.Blocks.BlockSet), tt.wantBlocks)
			}
			if problems := CheckLimits(m); len(problems) > 0 {
				t.Error(problems)
			}
			data, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			var fields map[string]json.RawMessage
			if err := json.Unmarshal(data, &fields); err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"text", "blocks", "response_type"} {
				if _, ok := fields[k]; !ok {
					t.Errorf("payload has no %q: %s", k, data)
				}
			}
			if len(fields) != 3 {
				t.Errorf("payload has fields beyond text, blocks and response_type: %s", data)
			}
		})
	}
}

func TestUnescapeHTML(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"escapes", `"\u003c@U1\u003e \u0026amp;"`, `"<@U1> &amp;"`},
		{"escaped backslash kept", `"\\u003c"`, `"\\u003c"`},
		{"other escapes kept", `"\n\"\u2028\u00e9"`, `"\n\"\u2028\u00e9"`},
		{"short at end", `"\u00`, `"\u00`},
		{"plain", `{"a":1}`, `{"a":1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(unescapeHTML([]byte(tt.in))); got != tt.want {
				t.Errorf("unescapeHTML(%s) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
	// Whatever the text, the result must decode to the same value.
	for _, s := range []string{"<!channel> & \\u003c \\ \"q\" \u2028", strings.Repeat("\\", 5) + "<"} {
		js, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var back string
		if err := json.Unmarshal(unescapeHTML(js), &back); err != nil || back != s {
			t.Errorf("%q came back as %q (%v)", s, back, err)
		}
	}
}

func TestMsgOptions(t *testing.T) {
	// A loopback chat.postMessage that records the form slack-go sends.
	var form url.Values
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			t.Error(err)
		}
		form = r.PostForm
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"ok":true,"channel":"C123","ts":"1.2"}`)
	}))
	defer srv.Close()

	m := RenderMessage(handlers.Reply{Text: "<!here> R&D", Blocks: []handlers.Block{handlers.Header{Text: "h"}, handlers.Divider{}}})
	client := slack.New("xoxb-test", slack.OptionAPIURL(srv.URL+"/"))
	if _, _, err := client.PostMessage("C123", m.MsgOptions()...); err != nil {
		t.Fatal(err)
	}
	// The text goes as rendered: escaped once, not twice.
	if got := form.Get("text"); got != "&lt;!here&gt; R&amp;D" {
		t.Errorf("text %q", got)
	}
	var blocks slack.Blocks
	if err := json.Unmarshal([]byte(form.Get("blocks")), &blocks); err != nil {
		t.Fatalf("blocks %q: %v", form.Get("blocks"), err)
	}
	if len(blocks.BlockSet) != 2 || blocks.BlockSet[0].BlockType() != slack.MBTHeader {
		t.Errorf("blocks %s, want the header and the divider", form.Get("blocks"))
	}
}
