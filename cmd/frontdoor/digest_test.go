package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"

	"frontdoor/bot"
	"frontdoor/handlers"
	"frontdoor/store"
)

// instantClock makes the poster's one-second pace return at once.
type instantClock struct{}

func (instantClock) Now() time.Time { return time.Now() }

func (instantClock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	ch <- time.Now()
	return ch
}

// digestSlack is slacktest with a chat.postMessage that records each call
// and can be told to fail some.
type digestSlack struct {
	*slacktest.Server
	mu    sync.Mutex
	calls []digestCall
	// fail answers call n (1-based) with an HTTP status or a Slack error code.
	fail func(n int) (status int, code string)
}

type digestCall struct {
	n                       int
	channel, thread, header string
	ok                      bool
}

func newDigestSlack(t *testing.T) *digestSlack {
	t.Helper()
	old := digestClock
	digestClock = instantClock{}
	t.Cleanup(func() { digestClock = old })
	s := &digestSlack{}
	s.Server = slacktest.NewTestServer(func(c slacktest.Customize) { c.Handle("/chat.postMessage", s.post) })
	s.Start()
	t.Cleanup(s.Stop)
	return s
}

func (s *digestSlack) post(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	// The header block names the part: "Weekly digest · …", "Overlaps · …".
	var blocks []struct {
		Type string `json:"type"`
		Text struct {
			Text string `json:"text"`
		} `json:"text"`
	}
	_ = json.Unmarshal([]byte(r.Form.Get("blocks")), &blocks)
	header := ""
	if len(blocks) > 0 && blocks[0].Type == "header" {
		header = blocks[0].Text.Text
	}
	s.mu.Lock()
	c := digestCall{n: len(s.calls) + 1, channel: r.Form.Get("channel"), thread: r.Form.Get("thread_ts"), header: header}
	var status int
	var code string
	if s.fail != nil {
		status, code = s.fail(c.n)
	}
	c.ok = status == 0 && code == ""
	s.calls = append(s.calls, c)
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch {
	case status != 0:
		w.WriteHeader(status)
	case code != "":
		fmt.Fprintf(w, `{"ok":false,"error":%q}`, code)
	default:
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":"1700000000.%06d"}`, c.channel, c.n)
	}
}

func (s *digestSlack) all() []digestCall {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]digestCall(nil), s.calls...)
}

// digestEnv is the environment of `digest --post` against s.
func digestEnv(s *digestSlack) map[string]string {
	return map[string]string{"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": s.GetAPIURL(), "FRONTDOOR_DIGEST_CHANNEL": "C0UNIT"}
}

func openForTest(t *testing.T, path string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

const digestParts = 5 // messages in the demo register's digest

func TestDigestPrints(t *testing.T) {
	code, out, errOut := runCLI(t, "", nil, "digest", "--demo", "--at", "2026-01-14")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Weekly digest · week of 12 Jan 2026", "First digest", "South Yorkshire", "Ending"} {
		if !strings.Contains(out, want) {
			t.Errorf("the digest lacks %q:\n%s", want, out)
		}
	}
	code, out, errOut = runCLI(t, "", nil, "digest", "--demo", "--at", "2026-01-14", "--json")
	if code != 0 {
		t.Fatalf("--json: exit %d: %s", code, errOut)
	}
	var msgs []bot.Message
	if err := json.Unmarshal([]byte(out), &msgs); err != nil || len(msgs) != digestParts {
		t.Fatalf("--json: %d messages, %v:\n%.300s", len(msgs), err, out)
	}
	for i, m := range msgs {
		if problems := bot.CheckLimits(m); len(problems) > 0 || m.Text == "" {
			t.Errorf("message %d: %v", i+1, problems)
		}
	}
}

func TestDigestUsage(t *testing.T) {
	s := newDigestSlack(t)
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"--force without --post", digestEnv(s), []string{"--demo", "--force"}, "--force goes with --post"},
		{"--post on the demo", digestEnv(s), []string{"--demo", "--post"}, "needs a real database"},
		{"no channel", map[string]string{"SLACK_BOT_TOKEN": "xoxb-test"}, []string{"--db", "DB", "--post"}, "no channel to post to"},
		{"no token", map[string]string{"FRONTDOOR_DIGEST_CHANNEL": "C0UNIT"}, []string{"--db", "DB", "--post"}, "SLACK_BOT_TOKEN"},
		{"a channel name", digestEnv(s), []string{"--db", "DB", "--post", "--channel", "#unit"}, "not a channel id"},
		{"an argument", nil, []string{"--demo", "now"}, "unexpected argument"},
		{"a bad date", nil, []string{"--demo", "--at", "12/01/2026"}, "--at"},
	}
	db := importedDB(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"digest"}, tt.args...)
			for i, a := range args {
				if a == "DB" {
					args[i] = db
				}
			}
			code, _, errOut := runCLI(t, "", tt.env, args...)
			if code != exitUsage || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, exitUsage, tt.want)
			}
		})
	}
	if n := len(s.all()); n != 0 {
		t.Errorf("%d messages posted by refused command lines", n)
	}
}

// Posted once a week: a second --post says so and posts nothing; --force
// sends it again, deliberately.
func TestDigestPostOncePerWeek(t *testing.T) {
	s := newDigestSlack(t)
	db := importedDB(t)
	code, out, errOut := runCLI(t, "", digestEnv(s), "digest", "--db", db, "--at", "2026-01-12", "--post")
	if code != 0 || !strings.Contains(out, "Posted the digest for the week of 12 Jan 2026 to C0UNIT: 5 messages.") {
		t.Fatalf("first post: exit %d, %q, %q", code, out, errOut)
	}
	calls := s.all()
	if len(calls) != digestParts || calls[0].thread != "" || !strings.HasPrefix(calls[0].header, "Weekly digest") {
		t.Fatalf("calls: %+v", calls)
	}
	for _, c := range calls[1:] {
		if c.thread != "1700000000.000001" {
			t.Errorf("message %d is not in the summary's thread: %+v", c.n, c)
		}
	}

	// Later that week, a second run.
	code, out, errOut = runCLI(t, "", digestEnv(s), "digest", "--db", db, "--at", "2026-01-15", "--post")
	if code != 0 || !strings.Contains(out, "was already posted to C0UNIT") || !strings.Contains(out, "--force") {
		t.Fatalf("second post: exit %d, %q, %q", code, out, errOut)
	}
	if n := len(s.all()); n != digestParts {
		t.Fatalf("%d messages after the second run, want still %d", n, digestParts)
	}

	code, out, errOut = runCLI(t, "", digestEnv(s), "digest", "--db", db, "--at", "2026-01-15", "--post", "--force")
	if code != 0 || !strings.Contains(out, "Posted the digest for the week of 12 Jan 2026") {
		t.Fatalf("forced: exit %d, %q, %q", code, out, errOut)
	}
	if calls := s.all(); len(calls) != 2*digestParts || calls[digestParts].thread != "" {
		t.Fatalf("forced: %d calls, want %d, the second digest a new thread", len(calls), 2*digestParts)
	}
	posts, err := openForTest(t, db).DigestPosts(context.Background(), "C0UNIT", handlers.DateOf(2026, 1, 12))
	if err != nil || len(posts) != 2 || !posts[0].Superseded || posts[1].State != handlers.DigestPosted {
		t.Errorf("the week's records: %v, %v", posts, err)
	}

	// The next week compares with this one.
	code, out, _ = runCLI(t, "", digestEnv(s), "digest", "--db", db, "--at", "2026-01-19")
	if code != 0 || !strings.Contains(out, "What changed since the digest for the week of 12 Jan 2026") {
		t.Errorf("next week's preview does not compare with the posted one:\n%.600s", out)
	}
}

// Slack fails mid-digest: a 500 for the second message in the thread. The
// post is unconfirmed and nothing is sent again until a person forces it;
// --force then sends from that message on, once, in the same thread.
func TestDigestPostFailsMidway(t *testing.T) {
	s := newDigestSlack(t)
	s.fail = func(n int) (int, string) {
		if n == 3 {
			return http.StatusInternalServerError, ""
		}
		return 0, ""
	}
	db := importedDB(t)
	code, _, errOut := runCLI(t, "", digestEnv(s), "digest", "--db", db, "--at", "2026-01-12", "--post")
	if code != exitFailed || !strings.Contains(errOut, "not confirmed (2 of 5 messages confirmed)") ||
		!strings.Contains(errOut, "message 3 of 5") || !strings.Contains(errOut, "--force") {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	if n := len(s.all()); n != 3 {
		t.Fatalf("%d calls, want 3: it stops at the message with no answer", n)
	}

	code, _, errOut = runCLI(t, "", digestEnv(s), "digest", "--db", db, "--at", "2026-01-12", "--post")
	if code != exitFailed || !strings.Contains(errOut, "not confirmed") || len(s.all()) != 3 {
		t.Fatalf("without --force: exit %d, %d calls, stderr %s", code, len(s.all()), errOut)
	}
	// Printing the week's digest says so too.
	code, _, errOut = runCLI(t, "", digestEnv(s), "digest", "--db", db, "--at", "2026-01-13")
	if code != 0 || !strings.Contains(errOut, "was not confirmed (2 of 5 messages confirmed)") {
		t.Fatalf("the preview: exit %d, stderr %s", code, errOut)
	}

	code, out, errOut := runCLI(t, "", digestEnv(s), "digest", "--db", db, "--at", "2026-01-12", "--post", "--force")
	if code != 0 || !strings.Contains(out, "Sent the rest of the digest for the week of 12 Jan 2026 to C0UNIT: messages 3 to 5") {
		t.Fatalf("--force: exit %d, %q, %q", code, out, errOut)
	}
	calls := s.all()
	if len(calls) != 6 {
		t.Fatalf("%d calls in all, want 6 (3, then messages 3 to 5)", len(calls))
	}
	sent, confirmed := map[string]int{}, map[string]int{}
	for _, c := range calls {
		sent[c.header]++
		if c.ok {
			confirmed[c.header]++
		}
		if c.n > 1 && c.thread != "1700000000.000001" {
			t.Errorf("call %d (%s) is not in the first message's thread", c.n, c.header)
		}
	}
	for i, c := range calls[:digestParts-2] {
		want := 1
		if i == 2 {
			want = 2 // the message with no answer, and its deliberate resend
		}
		if sent[c.header] != want || confirmed[c.header] != 1 {
			t.Errorf("%q sent %d times, confirmed %d; want %d and 1", c.header, sent[c.header], confirmed[c.header], want)
		}
	}
	post, err := openForTest(t, db).Digest(context.Background(), "C0UNIT", handlers.DateOf(2026, 1, 12))
	if err != nil || post.State != handlers.DigestPosted || post.Attempt != 2 || post.TS != "1700000000.000001" {
		t.Errorf("record: %v, %v", post, err)
	}
}

// A channel the bot is not in: a clear error, the claim failed, nothing
// crashed; once invited, --post (no --force needed) posts it.
func TestDigestPostBotNotInChannel(t *testing.T) {
	s := newDigestSlack(t)
	var mu sync.Mutex
	invited := false
	s.fail = func(int) (int, string) {
		mu.Lock()
		defer mu.Unlock()
		if !invited {
			return 0, "not_in_channel"
		}
		return 0, ""
	}
	db := importedDB(t)
	code, _, errOut := runCLI(t, "", digestEnv(s), "digest", "--db", db, "--at", "2026-01-12", "--post")
	if code != exitFailed || !strings.Contains(errOut, "the bot is not in that channel") || !strings.Contains(errOut, "/invite @Frontdoor") {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	if post, err := openForTest(t, db).Digest(context.Background(), "C0UNIT", handlers.DateOf(2026, 1, 12)); err != nil || post.State != handlers.DigestFailed {
		t.Fatalf("record: %v, %v", post, err)
	}
	mu.Lock()
	invited = true
	mu.Unlock()
	code, out, errOut := runCLI(t, "", digestEnv(s), "digest", "--db", db, "--at", "2026-01-12", "--post", "--json")
	if code != 0 || !strings.Contains(errOut, "Posted the digest") {
		t.Fatalf("after the invitation: exit %d, %q", code, errOut)
	}
	var msgs []bot.Message
	if err := json.Unmarshal([]byte(out), &msgs); err != nil || len(msgs) != digestParts {
		t.Errorf("--post --json prints the messages: %d, %v", len(msgs), err)
	}
	if calls := s.all(); len(calls) != 1+digestParts {
		t.Errorf("%d calls, want 1 refused and %d posted", len(calls), digestParts)
	}
}
