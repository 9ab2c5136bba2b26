package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"

	"frontdoor/handlers"
	"frontdoor/handlers/command"
	"frontdoor/handlers/grammar"
	"frontdoor/handlers/index"
	"frontdoor/handlers/view"
)

// Fixtures: the workspace and people of the tests.
const (
	testSecret    = "8f742231b10e8888abcd99yyyzzz85a5"
	testTeam      = "T0HOME"
	otherTeam     = "T0OTHER"
	testUser      = "U0SAM"
	guestUser     = "U0GUEST"
	testChannel   = "C0UNIT"
	unknownUserID = "U0NOBODY"
)

// --- clock ---

// fakeClock is a clock the test drives. In auto mode every wait returns at
// once, moving the clock on by the wait (nothing really waits, and the times
// recorded show each wait); otherwise waits fire only on Advance.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	auto    bool
	waiters []fakeWaiter
	added   chan struct{} // a token per new waiter
}

type fakeWaiter struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock(auto bool) *fakeClock {
	return &fakeClock{now: time.Date(2026, 1, 12, 9, 0, 0, 0, time.UTC), auto: auto, added: make(chan struct{}, 1000)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if c.auto {
		if d > 0 {
			c.now = c.now.Add(d)
		}
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, fakeWaiter{at: c.now.Add(d), ch: ch})
	c.added <- struct{}{}
	return ch
}

// Advance moves the clock on and fires the waits that are due.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if !w.at.After(c.now) {
			w.ch <- c.now
		} else {
			kept = append(kept, w)
		}
	}
	c.waiters = kept
}

// awaitWaiter blocks until something starts waiting on the clock.
func (c *fakeClock) awaitWaiter(t *testing.T) {
	t.Helper()
	select {
	case <-c.added:
	case <-time.After(10 * time.Second):
		t.Fatal("nothing started waiting on the clock")
	}
}

// --- service ---

// fakeService stands in for command.Service, recording what it was asked.
type fakeService struct {
	mu       sync.Mutex
	requests []handlers.Request
	forms    []handlers.LogForm
	homes    []handlers.Person

	handle      func(ctx context.Context, req handlers.Request) (handlers.Reply, error)
	logFromForm func(ctx context.Context, req handlers.Request, form handlers.LogForm) (handlers.Reply, error)
	home        func(ctx context.Context, p handlers.Person) (handlers.Reply, error)
	agencies    []handlers.Agency
	// index, when set, is the register every call sees (so answers can be kept).
	index *index.Index
}

// Answer records the request and answers it with handle (defaultHandle when
// nil); as the core does, a shareable reply carries its text as the command
// to share.
func (s *fakeService) Answer(ctx context.Context, snap command.Snapshot, req handlers.Request, cmd grammar.Command, perr error) (handlers.Reply, error) {
	s.mu.Lock()
	s.requests = append(s.requests, req)
	s.mu.Unlock()
	handle := s.handle
	if handle == nil {
		handle = func(_ context.Context, req handlers.Request) (handlers.Reply, error) { return defaultHandle(req) }
	}
	r, err := handle(ctx, req)
	if r.Shareable && r.ShareCommand == "" {
		r.ShareCommand = strings.TrimSpace(req.Text)
	}
	return r, err
}

// Snapshot is the fake's register (a new one each time unless index is set,
// so that nothing is kept) on its day.
func (s *fakeService) Snapshot(ctx context.Context) (command.Snapshot, error) {
	ix, err := s.Index(ctx)
	return command.Snapshot{Index: ix, Day: s.Today()}, err
}

// Agencies are those of the fake's register.
func (s *fakeService) Agencies(ctx context.Context) ([]handlers.Agency, error) {
	ix, err := s.Index(ctx)
	if err != nil {
		return nil, err
	}
	return ix.Register().Agencies, nil
}

func (s *fakeService) LogFromForm(ctx context.Context, req handlers.Request, form handlers.LogForm) (handlers.Reply, error) {
	s.mu.Lock()
	s.requests = append(s.requests, req)
	s.forms = append(s.forms, form)
	s.mu.Unlock()
	if s.logFromForm != nil {
		return s.logFromForm(ctx, req, form)
	}
	return handlers.Reply{Text: "Logged #7", Visibility: handlers.Channel,
		Blocks: []handlers.Block{handlers.Section{Lines: []handlers.Rich{handlers.Line("#7 " + form.Text)}}}}, nil
}

func (s *fakeService) Home(ctx context.Context, p handlers.Person) (handlers.Reply, error) {
	s.mu.Lock()
	s.homes = append(s.homes, p)
	s.mu.Unlock()
	if s.home != nil {
		return s.home(ctx, p)
	}
	return handlers.Reply{Text: "Your actions", Blocks: []handlers.Block{handlers.Header{Text: "Your actions"}}}, nil
}

func (s *fakeService) Index(ctx context.Context) (*index.Index, error) {
	if s.index != nil {
		return s.index, nil
	}
	return index.NewIndex(&handlers.Register{Agencies: s.agencies}), nil
}

func (s *fakeService) calls() []handlers.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]handlers.Request(nil), s.requests...)
}

// defaultHandle answers lookups privately (shareable) and writes in the channel.
func defaultHandle(req handlers.Request) (handlers.Reply, error) {
	cmd, err := grammar.Parse(req.Text)
	if err != nil {
		return view.ErrorReply(err, ""), err
	}
	if cmd.IsWrite() {
		return handlers.Reply{Text: "Done: " + cmd.Name, Visibility: handlers.Channel,
			Blocks: []handlers.Block{handlers.Section{Lines: []handlers.Rich{handlers.Line("Done: " + cmd.Name)}}}}, nil
	}
	return handlers.Reply{Text: "Answer: " + cmd.Name, Shareable: true,
		Blocks: []handlers.Block{handlers.Section{Lines: []handlers.Rich{handlers.Line("Answer: " + cmd.Name)}}}}, nil
}

// --- claims ---

type fakeClaims struct {
	mu   sync.Mutex
	keys map[string]bool
	err  error
	// failing, when set, limits err to keys containing it.
	failing string
	refused int
}

func (c *fakeClaims) refusals() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.refused
}

func (c *fakeClaims) Claim(_ context.Context, key string, _ time.Duration) (bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil && strings.Contains(key, c.failing) {
		c.refused++
		return false, c.err
	}
	if c.keys == nil {
		c.keys = map[string]bool{}
	}
	if c.keys[key] {
		return false, nil
	}
	c.keys[key] = true
	return true, nil
}

// --- Slack ---

// slackCall is one request the fake Slack Web API received.
type slackCall struct {
	method string
	form   url.Values      // form-encoded methods
	json   json.RawMessage // JSON methods (views.*)
	at     time.Time       // on the test's clock
}

// fakeSlack is slacktest's server with the methods it lacks (views.*,
// chat.update, chat.getPermalink) and a scriptable chat.postMessage.
type fakeSlack struct {
	*slacktest.Server
	clock Clock

	mu    sync.Mutex
	calls []slackCall
	// postReplies scripts chat.postMessage: each call takes the next one;
	// when none are left, the post succeeds.
	postReplies []func(w http.ResponseWriter)
	homeTeams   map[string]string // users.info: user id → team id
	posted      chan slackCall
}

func newFakeSlack(t *testing.T, clock Clock) *fakeSlack {
	t.Helper()
	f := &fakeSlack{clock: clock, homeTeams: map[string]string{testUser: testTeam, guestUser: otherTeam}, posted: make(chan slackCall, 100)}
	f.Server = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/chat.postMessage", f.chatPostMessage)
		c.Handle("/chat.update", f.okMessage("chat.update"))
		c.Handle("/chat.postEphemeral", f.okMessage("chat.postEphemeral"))
		c.Handle("/chat.getPermalink", f.permalink)
		c.Handle("/views.open", f.view("views.open", "V0MODAL", "hash-open"))
		c.Handle("/views.update", f.view("views.update", "V0MODAL", "hash-update"))
		c.Handle("/views.publish", f.view("views.publish", "V0HOME", "hash-home"))
		c.Handle("/users.info", f.usersInfo)
	})
	f.Start()
	t.Cleanup(f.Stop)
	return f
}

func (f *fakeSlack) api() *slack.Client {
	return slack.New("xoxb-test", slack.OptionAPIURL(f.GetAPIURL()))
}

func (f *fakeSlack) record(r *http.Request, method string) slackCall {
	body, _ := io.ReadAll(r.Body)
	c := slackCall{method: method, at: f.clock.Now()}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		c.json = body
	} else {
		c.form, _ = url.ParseQuery(string(body))
		for k, v := range r.URL.Query() {
			c.form[k] = v
		}
	}
	f.mu.Lock()
	f.calls = append(f.calls, c)
	f.mu.Unlock()
	return c
}

func (f *fakeSlack) callsTo(method string) []slackCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []slackCall
	for _, c := range f.calls {
		if c.method == method {
			out = append(out, c)
		}
	}
	return out
}

// waitCalls waits until method has been called n times.
func (f *fakeSlack) waitCalls(t *testing.T, method string, n int) []slackCall {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if got := f.callsTo(method); len(got) >= n {
			return got
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("%s called %d times, want %d", method, len(f.callsTo(method)), n)
	return nil
}

func (f *fakeSlack) chatPostMessage(w http.ResponseWriter, r *http.Request) {
	c := f.record(r, "chat.postMessage")
	f.mu.Lock()
	var reply func(w http.ResponseWriter)
	if len(f.postReplies) > 0 {
		reply, f.postReplies = f.postReplies[0], f.postReplies[1:]
	}
	n := len(f.calls)
	f.mu.Unlock()
	if reply != nil {
		reply(w)
		return
	}
	f.posted <- c
	writeJSON(w, map[string]any{"ok": true, "channel": c.form.Get("channel"), "ts": fmt.Sprintf("1700000000.%06d", n)})
}

func (f *fakeSlack) okMessage(method string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := f.record(r, method)
		writeJSON(w, map[string]any{"ok": true, "channel": c.form.Get("channel"), "ts": c.form.Get("ts"), "message_ts": "1700000000.000100"})
	}
}

func (f *fakeSlack) permalink(w http.ResponseWriter, r *http.Request) {
	c := f.record(r, "chat.getPermalink")
	writeJSON(w, map[string]any{"ok": true, "channel": c.form.Get("channel"),
		"permalink": "https://unit.slack.com/archives/" + c.form.Get("channel") + "/p" + strings.ReplaceAll(c.form.Get("message_ts"), ".", "")})
}

func (f *fakeSlack) view(method, id, hash string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f.record(r, method)
		writeJSON(w, map[string]any{"ok": true, "view": map[string]any{"id": id, "hash": hash}})
	}
}

func (f *fakeSlack) usersInfo(w http.ResponseWriter, r *http.Request) {
	c := f.record(r, "users.info")
	id := c.form.Get("user")
	f.mu.Lock()
	team, ok := f.homeTeams[id]
	f.mu.Unlock()
	if !ok {
		writeJSON(w, map[string]any{"ok": false, "error": "user_not_found"})
		return
	}
	writeJSON(w, map[string]any{"ok": true, "user": map[string]any{"id": id, "team_id": team, "name": strings.ToLower(id),
		"real_name": "Person " + id, "profile": map[string]any{"display_name": "person-" + strings.ToLower(id)}}})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// --- response_url ---

// responseSink is a response_url: it records what was posted to it.
type responseSink struct {
	*httptest.Server
	mu    sync.Mutex
	posts []map[string]any
	got   chan map[string]any
}

func newResponseSink(t *testing.T) *responseSink {
	t.Helper()
	s := &responseSink{got: make(chan map[string]any, 100)}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m map[string]any
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
			http.Error(w, "bad json", http.StatusBadRequest)
			return
		}
		s.mu.Lock()
		s.posts = append(s.posts, m)
		s.mu.Unlock()
		s.got <- m
		_, _ = io.WriteString(w, "ok")
	}))
	t.Cleanup(s.Close)
	return s
}

// next waits for the next post to the response_url.
func (s *responseSink) next(t *testing.T) map[string]any {
	t.Helper()
	select {
	case m := <-s.got:
		return m
	case <-time.After(10 * time.Second):
		t.Fatal("nothing was posted to the response_url")
		return nil
	}
}

func (s *responseSink) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.posts)
}

// --- the bot ---

type testBot struct {
	*Bot
	svc    *fakeService
	slack  *fakeSlack
	clock  *fakeClock
	claims *fakeClaims
	logs   *lockedWriter
	server *httptest.Server
	rsink  *responseSink
}

type botOption func(*Options)

func newTestBot(t *testing.T, svc *fakeService, autoClock bool, opts ...botOption) *testBot {
	t.Helper()
	if svc == nil {
		svc = &fakeService{}
	}
	clock := newFakeClock(autoClock)
	fs := newFakeSlack(t, clock)
	logs := &lockedWriter{w: &bytes.Buffer{}}
	claims := &fakeClaims{}
	o := Options{
		Service:       svc,
		API:           fs.api(),
		APIURL:        fs.GetAPIURL(),
		Claims:        claims,
		DB:            PingFunc(func(context.Context) error { return nil }),
		Log:           slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		SigningSecret: testSecret,
		TeamIDs:       []string{testTeam},
		Clock:         clock,
		BusyDelays:    []time.Duration{time.Second, 2 * time.Second, 4 * time.Second},
	}
	for _, opt := range opts {
		opt(&o)
	}
	b, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	tb := &testBot{Bot: b, svc: svc, slack: fs, clock: clock, claims: claims, logs: logs, rsink: newResponseSink(t)}
	tb.server = httptest.NewServer(b.Handler())
	t.Cleanup(func() {
		tb.server.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = b.Shutdown(ctx)
	})
	return tb
}

// lockedWriter lets handlers log from many goroutines into one buffer.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.(*bytes.Buffer).String()
}

// commandForm is a slash command as Slack posts it.
func (tb *testBot) commandForm(text string, change ...func(url.Values)) url.Values {
	v := url.Values{
		"token": {"deprecated"}, "team_id": {testTeam}, "team_domain": {"unit"}, "channel_id": {testChannel},
		"channel_name": {"unit"}, "user_id": {testUser}, "user_name": {"sam"}, "command": {"/fd"}, "text": {text},
		"api_app_id": {"A0FD"}, "response_url": {tb.rsink.URL + "/commands/1"}, "trigger_id": {"1337.42.abcd"},
	}
	for _, c := range change {
		c(v)
	}
	return v
}

// signed returns a request signed at the clock's now (plus skew).
func (tb *testBot) signed(t *testing.T, path string, body []byte, skew time.Duration) *http.Request {
	t.Helper()
	ts := strconv.FormatInt(tb.clock.Now().Add(skew).Unix(), 10)
	req, err := http.NewRequest(http.MethodPost, tb.server.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", Sign(testSecret, ts, body))
	return req
}

// do sends a request and returns the status and body.
func do(t *testing.T, req *http.Request) (int, []byte) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

// command sends a signed slash command and returns the status and the ack.
func (tb *testBot) command(t *testing.T, form url.Values) (int, Message) {
	t.Helper()
	status, body := do(t, tb.signed(t, PathCommands, []byte(form.Encode()), 0))
	var msg Message
	if len(body) > 0 {
		if err := json.Unmarshal(body, &msg); err != nil {
			t.Fatalf("ack is not a message: %v: %s", err, body)
		}
	}
	return status, msg
}

// interact sends a signed interactivity payload.
func (tb *testBot) interact(t *testing.T, payload any) (int, []byte) {
	t.Helper()
	js, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"payload": {string(js)}}
	return do(t, tb.signed(t, PathInteractivity, []byte(form.Encode()), 0))
}

// ackText is the plain words of an acknowledgement.
func ackText(m Message) string {
	js, _ := json.Marshal(m)
	return string(js)
}

// waitFor waits until cond holds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in time")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func mustGet(t *testing.T, u string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// messageText is a posted message as JSON text, to search.
func messageText(m map[string]any) string {
	js, _ := json.Marshal(m)
	return string(js)
}

func (s *fakeService) Today() handlers.Date { return handlers.DateOf(2026, 1, 12) }
