package bot

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"

	"frontdoor/handlers"
)

// chartReply is a channel message with a chart and a table.
func chartReply() handlers.Reply {
	return handlers.Reply{Text: "Digest for 12 January 2026", Visibility: handlers.Channel,
		Blocks: []handlers.Block{handlers.Header{Text: "Digest"}, moneyEndingChart(), coverageTable()}}
}

// blocksJSON is the blocks a Web API call carried (form or JSON body).
func blocksJSON(t *testing.T, c slackCall) []slack.Block {
	t.Helper()
	raw := c.form.Get("blocks")
	if raw == "" && c.json != nil {
		var body struct {
			Blocks json.RawMessage `json:"blocks"`
			View   struct {
				Blocks json.RawMessage `json:"blocks"`
			} `json:"view"`
		}
		if err := json.Unmarshal(c.json, &body); err != nil {
			t.Fatal(err)
		}
		raw = string(body.Blocks)
		if raw == "" {
			raw = string(body.View.Blocks)
		}
	}
	if raw == "" {
		return nil
	}
	var blocks slack.Blocks
	if err := json.Unmarshal([]byte(raw), &blocks); err != nil {
		t.Fatalf("blocks Slack got do not parse: %v", err)
	}
	return blocks.BlockSet
}

// checkWithoutRich checks that blocks hold no chart or table, hold their
// text instead, and keep within Slack's limits.
func checkWithoutRich(t *testing.T, blocks []slack.Block, maxBlocks int) {
	t.Helper()
	if hasRichBlocks(blocks) {
		t.Fatal("the second try still carries a chart or table")
	}
	if problems := CheckBlocks(blocks, maxBlocks); len(problems) > 0 {
		t.Fatalf("the second try is over Slack's limits:\n%s", strings.Join(problems, "\n"))
	}
	text := sectionWords(Message{Blocks: slack.Blocks{BlockSet: blocks}})
	for _, want := range []string{
		"```\nMoney ending by month\nKey: █ Central government", // the chart drawn as text, stacked as asked
		"£14.5m", // in pounds, as the block_id says
		"Bolton",
		"Care leavers",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the text version lacks %q:\n%s", want, text)
		}
	}
}

// A workspace without charts or tables: Slack refuses the first post with
// invalid_blocks; the message goes again without those blocks, with their
// text in their place, and is posted exactly once.
func TestPosterSendsChartsAgainAsText(t *testing.T) {
	f := newPosterFixture(t)
	f.slack.postReplies = []func(w http.ResponseWriter){slackError("invalid_blocks")}
	msg := RenderMessage(chartReply())
	res := f.poster.Post(context.Background(), Post{Channel: testChannel, Message: msg, Plain: "plain", Kind: PostKindDigest})
	if res.Outcome != Confirmed || res.Attempts != 2 || !res.WithoutRichBlocks || res.AsPlainText {
		t.Fatalf("result %+v, want confirmed after 2 attempts, without charts, not plain", res)
	}
	calls := f.slack.callsTo("chat.postMessage")
	if len(calls) != 2 {
		t.Fatalf("%d requests, want 2", len(calls))
	}
	if first := blocksJSON(t, calls[0]); !hasRichBlocks(first) {
		t.Error("the first try carried no chart or table")
	}
	checkWithoutRich(t, blocksJSON(t, calls[1]), MaxMessageBlocks)
	if calls[1].form.Get("text") != msg.Text {
		t.Errorf("the second try's text %q, want the first's", calls[1].form.Get("text"))
	}
	if n := len(f.slack.posted); n != 1 {
		t.Errorf("%d messages in the channel, want exactly 1", n)
	}
	if n := counterValue(f.metrics.RichBlockFallbacks.WithLabelValues("chat.postMessage")); n != 1 {
		t.Errorf("frontdoor_slack_rich_block_fallbacks_total{method=chat.postMessage} = %v, want 1", n)
	}
	if n := counterValue(f.metrics.DigestPosts.WithLabelValues(string(Confirmed))); n != 1 {
		t.Errorf("digest posts confirmed = %v, want 1", n)
	}
}

// Refused again without charts: the message goes once more as plain text,
// as any invalid_blocks does; refused a third time, it is refused.
func TestPosterChartFallbackThenPlainText(t *testing.T) {
	tests := []struct {
		name     string
		replies  int
		outcome  Outcome
		attempts int
	}{
		{"plain text after the text version", 2, Confirmed, 3},
		{"refused every way", 3, Refused, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newPosterFixture(t)
			for range tt.replies {
				f.slack.postReplies = append(f.slack.postReplies, slackError("invalid_blocks"))
			}
			res := f.poster.Post(context.Background(), Post{Channel: testChannel, Message: RenderMessage(chartReply()), Plain: "the whole message, as text"})
			if res.Outcome != tt.outcome || res.Attempts != tt.attempts || !res.WithoutRichBlocks || !res.AsPlainText {
				t.Fatalf("result %+v, want %s after %d attempts", res, tt.outcome, tt.attempts)
			}
			calls := f.slack.callsTo("chat.postMessage")
			if got := calls[2].form.Get("text"); got != "the whole message, as text" || calls[2].form.Get("blocks") != "" {
				t.Errorf("third try text %q blocks %q, want plain text", got, calls[2].form.Get("blocks"))
			}
			want := 0
			if tt.outcome == Confirmed {
				want = 1
			}
			if n := len(f.slack.posted); n != want {
				t.Errorf("%d messages in the channel, want %d", n, want)
			}
			if n := counterValue(f.metrics.RichBlockFallbacks.WithLabelValues("chat.postMessage")); n != 1 {
				t.Errorf("fallbacks counted %v, want 1", n)
			}
		})
	}
}

// A message without charts or tables still goes straight to plain text.
func TestPosterInvalidBlocksWithoutChartsUnchanged(t *testing.T) {
	f := newPosterFixture(t)
	f.slack.postReplies = []func(w http.ResponseWriter){slackError("invalid_blocks")}
	res := f.poster.Post(context.Background(), Post{Channel: testChannel, Message: testMessage("no charts"), Plain: "plain"})
	if res.Outcome != Confirmed || res.Attempts != 2 || res.WithoutRichBlocks || !res.AsPlainText {
		t.Fatalf("result %+v", res)
	}
	if n := counterValue(f.metrics.RichBlockFallbacks.WithLabelValues("chat.postMessage")); n != 0 {
		t.Errorf("fallbacks counted %v, want 0", n)
	}
}

// invalid_attachments is how Slack refuses a table (it travels as an
// attachment): the same fallback.
func TestPosterInvalidAttachmentsFallsBackToo(t *testing.T) {
	f := newPosterFixture(t)
	f.slack.postReplies = []func(w http.ResponseWriter){slackError("invalid_attachments")}
	res := f.poster.Post(context.Background(), Post{Channel: testChannel, Message: RenderMessage(chartReply())})
	if res.Outcome != Confirmed || !res.WithoutRichBlocks || res.AsPlainText {
		t.Fatalf("result %+v", res)
	}
}

// scriptedSlack is slacktest with one method answering from a script
// (refusals first, then ok), every other call passed to the usual fake.
type scriptedSlack struct {
	*slacktest.Server
	mu      sync.Mutex
	calls   []slackCall
	refuse  []string
	okReply map[string]any
}

func newScriptedSlack(t *testing.T, method string, okReply map[string]any, fallthrough_ *fakeSlack, refuse ...string) *scriptedSlack {
	t.Helper()
	s := &scriptedSlack{refuse: refuse, okReply: okReply}
	s.Server = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/"+method, func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			call := slackCall{method: method}
			if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
				call.json = body
			} else {
				call.form, _ = url.ParseQuery(string(body))
			}
			s.mu.Lock()
			s.calls = append(s.calls, call)
			var code string
			if len(s.refuse) > 0 {
				code, s.refuse = s.refuse[0], s.refuse[1:]
			}
			s.mu.Unlock()
			if code != "" {
				writeJSON(w, map[string]any{"ok": false, "error": code})
				return
			}
			writeJSON(w, s.okReply)
		})
		c.Handle("/users.info", func(w http.ResponseWriter, r *http.Request) { fallthrough_.usersInfo(w, r) })
	})
	s.Start()
	t.Cleanup(s.Stop)
	return s
}

func (s *scriptedSlack) got() []slackCall {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]slackCall(nil), s.calls...)
}

// chat.update takes the same path as chat.postMessage.
func TestPosterUpdateSendsChartsAgainAsText(t *testing.T) {
	fs := newFakeSlack(t, newFakeClock(true))
	s := newScriptedSlack(t, "chat.update", map[string]any{"ok": true, "channel": testChannel, "ts": "1700000000.000001"}, fs, "invalid_blocks")
	m := NewMetrics()
	p := NewPoster(slack.New("xoxb-test", slack.OptionAPIURL(s.GetAPIURL())), PosterOptions{Clock: newFakeClock(true), Metrics: m})
	t.Cleanup(p.Close)
	res := p.Post(context.Background(), Post{Channel: testChannel, UpdateTS: "1700000000.000001", Message: RenderMessage(chartReply())})
	if res.Outcome != Confirmed || res.Attempts != 2 || !res.WithoutRichBlocks {
		t.Fatalf("result %+v", res)
	}
	calls := s.got()
	if len(calls) != 2 || !hasRichBlocks(blocksJSON(t, calls[0])) {
		t.Fatalf("%d calls, the first with charts %v", len(calls), len(calls) > 0 && hasRichBlocks(blocksJSON(t, calls[0])))
	}
	checkWithoutRich(t, blocksJSON(t, calls[1]), MaxMessageBlocks)
	if n := counterValue(m.RichBlockFallbacks.WithLabelValues("chat.update")); n != 1 {
		t.Errorf("fallbacks counted %v, want 1", n)
	}
}

// A digest is stored as JSON and posted later: its text version is worked
// out from the blocks read back, unit and stacking included.
func TestChartFallbackFromStoredJSON(t *testing.T) {
	js, err := json.Marshal(RenderMessage(chartReply()))
	if err != nil {
		t.Fatal(err)
	}
	var stored Message
	if err := json.Unmarshal(js, &stored); err != nil {
		t.Fatal(err)
	}
	blocks, ok := withoutRichBlocks(stored.Blocks.BlockSet, MaxMessageBlocks)
	if !ok {
		t.Fatal("no chart or table found in the stored message")
	}
	checkWithoutRich(t, blocks, MaxMessageBlocks)
	if len(blocks) < len(stored.Blocks.BlockSet) {
		t.Errorf("%d blocks from %d: something was dropped", len(blocks), len(stored.Blocks.BlockSet))
	}
}

// The text version never takes a message past its block limit.
func TestChartFallbackWithinBlockLimit(t *testing.T) {
	r := handlers.Reply{Text: "Full"}
	for range 44 {
		r.Blocks = append(r.Blocks, handlers.Divider{})
	}
	big := coverageTable()
	for i := range 90 {
		big.Rows = append(big.Rows, []handlers.Rich{handlers.Line(strings.Repeat("Council ", 3) + string(rune('A'+i%26))), handlers.Line("1"), handlers.Line("2"), handlers.Line("3"), handlers.Line("4")})
	}
	r.Blocks = append(r.Blocks, moneyEndingChart(), big)
	m := renderWithin(t, r)
	blocks, ok := withoutRichBlocks(m.Blocks.BlockSet, MaxMessageBlocks)
	if !ok {
		t.Fatal("no chart or table")
	}
	if problems := CheckBlocks(blocks, MaxMessageBlocks); len(problems) > 0 {
		t.Fatalf("over the limits:\n%s", strings.Join(problems, "\n"))
	}
	if !strings.Contains(sectionWords(Message{Blocks: slack.Blocks{BlockSet: blocks}}), "cut to fit the message") {
		t.Error("a text version cut short does not say so")
	}
}

// A reply through the response_url: refused with invalid_blocks (a 400
// whose body names it), it is posted again without charts and tables; the
// ack carried nothing, as Slack never says when it refuses an ack's blocks.
func TestResponseURLSendsChartsAgainAsText(t *testing.T) {
	var mu sync.Mutex
	var posts []responsePayload
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p struct {
			Message
			ReplaceOriginal bool `json:"replace_original"`
		}
		if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
			http.Error(w, "bad json", http.StatusBadRequest)
			return
		}
		mu.Lock()
		posts = append(posts, responsePayload{Message: p.Message})
		n := len(posts)
		mu.Unlock()
		if n == 1 {
			http.Error(w, "invalid_blocks", http.StatusBadRequest)
			return
		}
		_, _ = io.WriteString(w, "ok")
	}))
	t.Cleanup(hook.Close)
	svc := &fakeService{handle: func(ctx context.Context, req handlers.Request) (handlers.Reply, error) {
		r := chartReply()
		r.Visibility = handlers.Private
		return r, nil
	}}
	tb := newTestBot(t, svc, false)
	_, ack := tb.command(t, tb.commandForm("digest", func(v url.Values) { v.Set("response_url", hook.URL+"/commands/1") }))
	if ack.Text != "" || len(ack.Blocks.BlockSet) > 0 {
		t.Fatalf("the answer with a chart went in the ack: %s", ackText(ack))
	}
	waitFor(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(posts) == 2 })
	mu.Lock()
	first, second := posts[0], posts[1]
	mu.Unlock()
	if !hasRichBlocks(first.Blocks.BlockSet) {
		t.Error("the first post carried no chart or table")
	}
	checkWithoutRich(t, second.Blocks.BlockSet, MaxMessageBlocks)
	if second.Text != first.Text {
		t.Errorf("second post's text %q, want the first's", second.Text)
	}
	if n := counterValue(tb.metrics.RichBlockFallbacks.WithLabelValues("response_url")); n != 1 {
		t.Errorf("fallbacks counted %v, want 1", n)
	}
	if !strings.Contains(tb.logs.String(), "sending the reply again with their text in their place") {
		t.Error("the fallback is not logged")
	}
}

// The App Home: views.publish refused for its chart is published again
// without it.
func TestAppHomeSendsChartsAgainAsText(t *testing.T) {
	var fs *fakeSlack
	var scripted *scriptedSlack
	svc := &fakeService{home: func(ctx context.Context, p handlers.Person) (handlers.Reply, error) {
		r := chartReply()
		r.Visibility = handlers.Private
		return r, nil
	}}
	tb := newTestBot(t, svc, false, func(o *Options) {
		fs = newFakeSlack(t, newFakeClock(true))
		scripted = newScriptedSlack(t, "views.publish", map[string]any{"ok": true, "view": map[string]any{"id": "V0HOME", "hash": "h"}}, fs, "invalid_blocks")
		o.API = slack.New("xoxb-test", slack.OptionAPIURL(scripted.GetAPIURL()))
	})
	if status, _ := do(t, tb.signed(t, PathEvents, homeOpenedEvent("EvChart1", testUser), 0)); status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	waitFor(t, func() bool { return len(scripted.got()) == 2 })
	calls := scripted.got()
	if !hasRichBlocks(blocksJSON(t, calls[0])) {
		t.Error("the first publish carried no chart or table")
	}
	checkWithoutRich(t, blocksJSON(t, calls[1]), MaxViewBlocks)
	if n := counterValue(tb.metrics.RichBlockFallbacks.WithLabelValues("views.publish")); n != 1 {
		t.Errorf("fallbacks counted %v, want 1", n)
	}
}

// The fallback is logged without anything a person typed.
func TestChartFallbackLogsNoContent(t *testing.T) {
	var buf strings.Builder
	var mu sync.Mutex
	log := slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return buf.Write(p)
	}), nil))
	f := newPosterFixture(t, func(o *PosterOptions) { o.Log = log })
	f.slack.postReplies = []func(w http.ResponseWriter){slackError("invalid_blocks")}
	f.poster.Post(context.Background(), Post{Channel: testChannel, Message: RenderMessage(chartReply())})
	mu.Lock()
	logged := buf.String()
	mu.Unlock()
	if !strings.Contains(logged, "sending the message again with their text in their place") {
		t.Errorf("fallback not logged:\n%s", logged)
	}
	for _, secret := range []string{"Bolton", "Central government", "Money ending"} {
		if strings.Contains(logged, secret) {
			t.Errorf("the log holds %q:\n%s", secret, logged)
		}
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
