package integration

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"
	"github.com/slack-go/slack/socketmode"

	"frontdoor/bot"
	"frontdoor/bot/sockettest"
	"frontdoor/handlers"
	"frontdoor/handlers/command"
	"frontdoor/handlers/demo"
	"frontdoor/handlers/registercsv"
	"frontdoor/store"
	"frontdoor/store/storetest"
)

const (
	secret    = "canary-signing-secret-0d2f1c"
	homeTeam  = "T0HOME"
	otherTeam = "T0OTHER"
	sam       = "U0SAM"
	alex      = "U0ALEX"
	guest     = "U0GUEST"
	channel   = "C0UNIT"
)

var today = handlers.DateOf(2026, time.January, 12)

// mustOpenStore opens a fresh database under t.TempDir() holding the demo register.
func mustOpenStore(t testing.TB) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "frontdoor.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var files []registercsv.File
	for _, kind := range handlers.RegisterKinds {
		data, err := fs.ReadFile(demo.Register(), kind+".csv")
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, registercsv.File{Name: kind + ".csv", Data: data})
	}
	current, version, err := db.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	diff, problems := registercsv.Plan(current, files, false)
	if len(problems) > 0 {
		t.Fatalf("demo register: %v", problems)
	}
	if err := db.ApplyImport(ctx, diff, "test", version); err != nil {
		t.Fatal(err)
	}
	return db
}

// newService is the core over db, as `serve` wires it, on a fixed day.
func newService(db *store.DB, change ...func(*command.Options)) *command.Service {
	loc, _ := time.LoadLocation("Europe/London")
	o := command.Options{Registers: db, Actions: db, People: bot.NewPeople(nil, []string{homeTeam}), Clock: handlers.FixedDay(today, loc), Loc: loc, Budget: bot.Budget}
	for _, c := range change {
		c(&o)
	}
	return command.New(o)
}

// dump reads every row of every table, to show a database did not change.
func dump(t *testing.T, db *store.DB) string {
	t.Helper()
	return storetest.Dump(t, db.Path())
}

// fakeSlack is the Slack Web API: slacktest with the methods it lacks.
type fakeSlack struct {
	*slacktest.Server
	mu    sync.Mutex
	calls map[string][]string
	teams map[string]string
}

func newFakeSlack(t *testing.T) *fakeSlack {
	t.Helper()
	f := &fakeSlack{calls: map[string][]string{}, teams: map[string]string{sam: homeTeam, alex: homeTeam, guest: otherTeam}}
	view := func(method, id string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			f.record(method, r)
			writeJSON(w, map[string]any{"ok": true, "view": map[string]any{"id": id, "hash": "h-" + method}})
		}
	}
	ok := func(method string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			f.record(method, r)
			writeJSON(w, map[string]any{"ok": true, "channel": channel, "ts": "1768208400.000100"})
		}
	}
	f.Server = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/users.info", f.usersInfo)
		c.Handle("/views.open", view("views.open", "V0MODAL"))
		c.Handle("/views.update", view("views.update", "V0MODAL"))
		c.Handle("/views.publish", view("views.publish", "V0HOME"))
		c.Handle("/chat.update", ok("chat.update"))
		c.Handle("/chat.postMessage", ok("chat.postMessage"))
		c.Handle("/chat.postEphemeral", ok("chat.postEphemeral"))
	})
	f.Start()
	t.Cleanup(f.Stop)
	return f
}

func (f *fakeSlack) record(method string, r *http.Request) string {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.calls[method] = append(f.calls[method], string(body))
	f.mu.Unlock()
	return string(body)
}

func (f *fakeSlack) callsTo(method string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls[method]...)
}

func (f *fakeSlack) usersInfo(w http.ResponseWriter, r *http.Request) {
	body := f.record("users.info", r)
	v, _ := url.ParseQuery(body)
	id := v.Get("user")
	f.mu.Lock()
	team, ok := f.teams[id]
	f.mu.Unlock()
	if !ok {
		writeJSON(w, map[string]any{"ok": false, "error": "user_not_found"})
		return
	}
	writeJSON(w, map[string]any{"ok": true, "user": map[string]any{"id": id, "team_id": team, "name": strings.ToLower(id),
		"profile": map[string]any{"display_name": strings.ToLower(strings.TrimPrefix(id, "U0"))}}})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// sink is every response_url: each request gets its own path.
type sink struct {
	*httptest.Server
	mu    sync.Mutex
	posts map[string][]map[string]any
	next  int
}

func newSink(t *testing.T) *sink {
	t.Helper()
	s := &sink{posts: map[string][]map[string]any{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m map[string]any
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
			http.Error(w, "bad json", http.StatusBadRequest)
			return
		}
		s.mu.Lock()
		s.posts[r.URL.Path] = append(s.posts[r.URL.Path], m)
		s.mu.Unlock()
		_, _ = io.WriteString(w, "ok")
	}))
	t.Cleanup(s.Close)
	return s
}

// newURL returns a fresh response_url.
func (s *sink) newURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	return s.URL + "/r/" + strconv.Itoa(s.next)
}

// wait returns the n-th post to responseURL.
func (s *sink) wait(t *testing.T, responseURL string, n int) map[string]any {
	t.Helper()
	u, _ := url.Parse(responseURL)
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		posts := s.posts[u.Path]
		s.mu.Unlock()
		if len(posts) >= n {
			return posts[n-1]
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("no post %d to %s", n, responseURL)
	return nil
}

// unit is one bot over one database, served over HTTP and Socket Mode.
type unit struct {
	db     *store.DB
	svc    *command.Service
	bot    *bot.Bot
	slack  *fakeSlack
	sink   *sink
	http   *httptest.Server
	socket *sockettest.Server
	logs   *syncWriter
}

func newUnit(t *testing.T, withSocket bool) *unit {
	t.Helper()
	return newUnitOn(t, withSocket, mustOpenStore(t))
}

// newUnitOn is a bot over an existing database: a restart, when another
// unit used it before.
// change, when given, changes the service's options (a stalled action log).
func newUnitOn(t *testing.T, withSocket bool, db *store.DB, change ...func(*command.Options)) *unit {
	t.Helper()
	u := &unit{db: db, slack: newFakeSlack(t), sink: newSink(t), logs: &syncWriter{w: &bytes.Buffer{}}}
	api := slack.New("xoxb-canary-bot-token", slack.OptionAPIURL(u.slack.GetAPIURL()))
	users := bot.NewUsers(api, nil)
	u.svc = newService(u.db, append([]func(*command.Options){func(o *command.Options) { o.People = bot.NewPeople(users, []string{homeTeam}) }}, change...)...)
	b, err := bot.New(bot.Options{
		Service:       u.svc,
		Users:         users,
		API:           api,
		APIURL:        u.slack.GetAPIURL(),
		Claims:        u.db,
		DB:            bot.PingFunc(func(ctx context.Context) error { _, err := u.db.RegisterVersion(ctx); return err }),
		Writable:      u.db,
		Log:           slog.New(slog.NewJSONHandler(u.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		SigningSecret: secret,
		TeamIDs:       []string{homeTeam},
	})
	if err != nil {
		t.Fatal(err)
	}
	u.bot = b
	u.http = httptest.NewServer(b.Handler())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	if withSocket {
		u.socket = sockettest.New()
		client := socketmode.New(slack.New("xoxb-canary-bot-token", slack.OptionAPIURL(u.socket.APIURL()),
			slack.OptionAppLevelToken("xapp-canary-app-token")))
		sm := b.NewSocketMode(client)
		go func() { done <- sm.Run(ctx) }()
		if err := u.socket.WaitConnected(15 * time.Second); err != nil {
			t.Fatal(err)
		}
	} else {
		done <- nil
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("socket mode: %v", err)
		}
		if u.socket != nil {
			u.socket.Close()
		}
		u.http.Close()
		sctx, stop := context.WithTimeout(context.Background(), 20*time.Second)
		defer stop()
		if err := b.Shutdown(sctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	return u
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func (s *syncWriter) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.(*bytes.Buffer).String()
}

// commandFields is a slash command's fields, for the form (HTTP) or the
// payload (Socket Mode).
func (u *unit) commandFields(user, text string) map[string]string {
	return map[string]string{"token": "x", "team_id": homeTeam, "team_domain": "unit", "channel_id": channel,
		"channel_name": "unit", "user_id": user, "user_name": strings.ToLower(strings.TrimPrefix(user, "U0")), "command": "/fd", "text": text,
		"api_app_id": "A0FD", "response_url": u.sink.newURL(), "trigger_id": "1337.42.abcd"}
}

func form(fields map[string]string) []byte {
	v := url.Values{}
	for k, val := range fields {
		v.Set(k, val)
	}
	return []byte(v.Encode())
}

// signed is a request as Slack signs it, at now+skew.
func (u *unit) signed(t *testing.T, path string, body []byte, skew time.Duration) *http.Request {
	t.Helper()
	ts := strconv.FormatInt(time.Now().Add(skew).Unix(), 10)
	req, err := http.NewRequest(http.MethodPost, u.http.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", bot.Sign(secret, ts, body))
	return req
}

func do(t *testing.T, req *http.Request) (int, []byte) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, body
}

// answer is a command's answer as the person sees it.
type answer struct {
	Text         string `json:"text"`
	ResponseType string `json:"response_type"`
	Raw          string `json:"-"`
}

func decodeAnswer(t *testing.T, js []byte) answer {
	t.Helper()
	var a answer
	if err := json.Unmarshal(js, &a); err != nil {
		t.Fatalf("answer %s: %v", js, err)
	}
	a.Raw = string(js)
	return a
}

// waitAnswer is the answer to a command acknowledged with "Saving…" or
// nothing: the first post to its response_url.
func (u *unit) waitAnswer(t *testing.T, responseURL string) answer {
	t.Helper()
	js, _ := json.Marshal(u.sink.wait(t, responseURL, 1))
	return decodeAnswer(t, js)
}

// askHTTP runs a command through POST /slack/commands.
func (u *unit) askHTTP(t *testing.T, user, text string) answer {
	t.Helper()
	fields := u.commandFields(user, text)
	status, body := do(t, u.signed(t, bot.PathCommands, form(fields), 0))
	if status != http.StatusOK {
		t.Fatalf("%q: status %d", text, status)
	}
	if len(body) == 0 || strings.Contains(string(body), "Saving") {
		return u.waitAnswer(t, fields["response_url"])
	}
	return decodeAnswer(t, body)
}

// askSocket runs a command through a Socket Mode envelope.
func (u *unit) askSocket(t *testing.T, user, text string) answer {
	t.Helper()
	fields := u.commandFields(user, text)
	id, err := u.socket.Send("slash_commands", fields, 0)
	if err != nil {
		t.Fatal(err)
	}
	ack, err := u.socket.AckFor(id, 15*time.Second)
	if err != nil {
		t.Fatalf("%q: %v", text, err)
	}
	if len(ack.Payload) == 0 || string(ack.Payload) == "null" || strings.Contains(string(ack.Payload), "Saving") {
		return u.waitAnswer(t, fields["response_url"])
	}
	return decodeAnswer(t, ack.Payload)
}

// askConsole answers as `frontdoor ask` would for the same person, rendered as Slack gets it.
func askConsole(t *testing.T, svc *command.Service, user, text string) answer {
	t.Helper()
	reply, err := svc.Handle(context.Background(), handlers.Request{Text: text, User: handlers.Person{ID: user, Name: strings.ToLower(strings.TrimPrefix(user, "U0")), TeamID: homeTeam}})
	if err != nil && handlers.ErrorCode(err) == handlers.EInternal {
		t.Fatalf("%q: %v", text, err)
	}
	js, _ := json.Marshal(bot.RenderMessage(reply))
	return decodeAnswer(t, js)
}
