package deliverytest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"

	"frontdoor/bot"
	"frontdoor/handlers"
	"frontdoor/handlers/command"
	"frontdoor/handlers/demo"
	"frontdoor/handlers/digest"
	"frontdoor/handlers/holidays"
	"frontdoor/handlers/registercsv"
	"frontdoor/store"
)

const (
	unit     = "C0UNIT"
	schedule = "0 9 * * MON" // the default FRONTDOOR_DIGEST_SCHEDULE
)

var london = mustZone("Europe/London")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func utc(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, time.UTC)
}

// --- Slack ---

// slackPost is one chat.postMessage the fake Slack received.
type slackPost struct {
	N        int // 1 for the first call
	Channel  string
	ThreadTS string
	Text     string
	Blocks   string
	OK       bool // answered ok (the message is in the channel)
	TS       string
}

// fakeSlack is slacktest's server with a scriptable chat.postMessage and
// conversations.open.
type fakeSlack struct {
	*slacktest.Server
	mu    sync.Mutex
	posts []slackPost
	// reply scripts chat.postMessage by call number: a status other than
	// 200 (the request reached Slack and no answer says what became of it),
	// or a Slack error code. Zero values: the post succeeds.
	reply func(n int) (status int, code string)
	// openFails names users conversations.open refuses.
	openFails map[string]string
	opened    []string
}

func newFakeSlack(t *testing.T) *fakeSlack {
	t.Helper()
	f := &fakeSlack{openFails: map[string]string{}}
	f.Server = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/chat.postMessage", f.postMessage)
		c.Handle("/conversations.open", f.openConversation)
	})
	f.Start()
	t.Cleanup(f.Stop)
	return f
}

func (f *fakeSlack) api() *slack.Client {
	return slack.New("xoxb-test", slack.OptionAPIURL(f.GetAPIURL()))
}

func (f *fakeSlack) postMessage(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	reply := f.reply
	p := slackPost{N: len(f.posts) + 1, Channel: r.Form.Get("channel"), ThreadTS: r.Form.Get("thread_ts"),
		Text: r.Form.Get("text"), Blocks: r.Form.Get("blocks")}
	var status int
	var code string
	if reply != nil {
		status, code = reply(p.N)
	}
	p.OK = (status == 0 || status == http.StatusOK) && code == ""
	if p.OK {
		p.TS = fmt.Sprintf("1700000000.%06d", p.N)
	}
	f.posts = append(f.posts, p)
	f.mu.Unlock()
	switch {
	case !p.OK && status != 0:
		w.WriteHeader(status)
	case code != "":
		writeJSON(w, map[string]any{"ok": false, "error": code})
	default:
		writeJSON(w, map[string]any{"ok": true, "channel": p.Channel, "ts": p.TS})
	}
}

func (f *fakeSlack) openConversation(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	user := r.Form.Get("users")
	f.mu.Lock()
	f.opened = append(f.opened, user)
	code := f.openFails[user]
	f.mu.Unlock()
	if code != "" {
		writeJSON(w, map[string]any{"ok": false, "error": code})
		return
	}
	writeJSON(w, map[string]any{"ok": true, "channel": map[string]any{"id": "D" + strings.TrimPrefix(user, "U"), "is_im": true}})
}

// failOpen makes conversations.open refuse user with code ("" to stop).
func (f *fakeSlack) failOpen(user, code string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.openFails[user] = code
}

func (f *fakeSlack) openedCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.opened)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (f *fakeSlack) allPosts() []slackPost {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]slackPost(nil), f.posts...)
}

// postsTo returns the posts to channel.
func (f *fakeSlack) postsTo(channel string) []slackPost {
	var out []slackPost
	for _, p := range f.allPosts() {
		if p.Channel == channel {
			out = append(out, p)
		}
	}
	return out
}

// summaries returns the digest summaries posted (the first message of each
// digest, not in a thread).
func (f *fakeSlack) summaries() []slackPost {
	var out []slackPost
	for _, p := range f.allPosts() {
		if p.ThreadTS == "" && strings.HasPrefix(p.Text, "Weekly digest") {
			out = append(out, p)
		}
	}
	return out
}

// --- clocks ---

// instantClock is the poster's clock: it reads the fake clock, and its
// waits (the pace of a second between messages) return at once, so that
// only the scheduler's timers wait on the fake clock.
type instantClock struct{ c clockwork.Clock }

func (i instantClock) Now() time.Time { return i.c.Now() }

func (i instantClock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	ch <- i.c.Now()
	return ch
}

// --- logs ---

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// --- fixture ---

// fixture is one database file holding the demo register, a fake Slack and
// a fake clock; each process (scheduler) opens the file for itself.
type fixture struct {
	t     *testing.T
	path  string
	slack *fakeSlack
	clock *clockwork.FakeClock
	logs  *syncBuffer
	log   *slog.Logger
}

func newFixture(t *testing.T, start time.Time) *fixture {
	t.Helper()
	f := &fixture{t: t, path: filepath.Join(t.TempDir(), "frontdoor.db"), slack: newFakeSlack(t),
		clock: clockwork.NewFakeClockAt(start), logs: &syncBuffer{}}
	f.log = slog.New(slog.NewJSONHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	db := f.open()
	importDemo(t, db)
	return f
}

func importDemo(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
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
}

// open opens the database file as a new process would, stamping with the fake clock.
func (f *fixture) open() *store.DB {
	f.t.Helper()
	db, err := store.Open(context.Background(), f.path, store.Options{Clock: f.clock})
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { db.Close() })
	return db
}

// process is one running scheduler over its own database handle.
type process struct {
	db      *store.DB
	sched   *bot.Scheduler
	metrics *bot.Metrics
	runs    chan bot.JobRun
	cancel  context.CancelFunc
	stopped bool
}

// procConfig says what a process runs.
type procConfig struct {
	noDigest, reminders bool
	build               func(ctx context.Context, channel string, on handlers.Date) (*digest.Digest, digest.Snapshot, error)
	schedule            string // "" for the default
}

type processOption func(*procConfig)

// withBuild replaces the digest's builder (to make a run panic).
func withBuild(build func(ctx context.Context, channel string, on handlers.Date) (*digest.Digest, digest.Snapshot, error)) processOption {
	return func(c *procConfig) { c.build = build }
}

// withReminders turns the reminders on, at 09:00.
func withReminders() processOption { return func(c *procConfig) { c.reminders = true } }

// withSchedule replaces the digest's schedule (FRONTDOOR_DIGEST_SCHEDULE).
func withSchedule(cron string) processOption { return func(c *procConfig) { c.schedule = cron } }

// withoutDigest turns the digest off.
func withoutDigest() processOption { return func(c *procConfig) { c.noDigest = true } }

// service is the core over db, as serve wires it, on the fake clock.
func (f *fixture) service(db *store.DB) *command.Service {
	return command.New(command.Options{Registers: db, Actions: db, History: db, Clock: f.clock, Loc: london, Budget: bot.Budget})
}

func (f *fixture) poster(m *bot.Metrics) *bot.Poster {
	p := bot.NewPoster(f.slack.api(), bot.PosterOptions{Clock: instantClock{f.clock}, Log: f.log, Metrics: m})
	f.t.Cleanup(p.Close)
	return p
}

func (f *fixture) digests(db *store.DB, m *bot.Metrics, change func(*bot.DigestOptions)) *bot.Digests {
	f.t.Helper()
	o := bot.DigestOptions{Store: db, Build: f.service(db).WeeklyDigest, Poster: f.poster(m), Log: f.log, Metrics: m}
	if change != nil {
		change(&o)
	}
	d, err := bot.NewDigests(o)
	if err != nil {
		f.t.Fatal(err)
	}
	return d
}

func (f *fixture) reminders(db *store.DB, m *bot.Metrics) *bot.Reminders {
	f.t.Helper()
	r, err := bot.NewReminders(bot.ReminderOptions{Store: db, Due: f.service(db).Reminders, API: f.slack.api(),
		Poster: f.poster(m), Holidays: holidays.Embedded(), Log: f.log, Metrics: m})
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

// start starts a process: a scheduler on a new handle of the database.
func (f *fixture) start(opts ...processOption) *process {
	f.t.Helper()
	var c procConfig
	for _, opt := range opts {
		opt(&c)
	}
	p := &process{db: f.open(), metrics: bot.NewMetrics(), runs: make(chan bot.JobRun, 100)}
	o := bot.ScheduleOptions{Loc: london, Clock: f.clock, Log: f.log, Metrics: p.metrics,
		Observe: func(r bot.JobRun) { p.runs <- r }}
	if !c.noDigest {
		o.Channel, o.Cron = unit, schedule
		if c.schedule != "" {
			o.Cron = c.schedule
		}
		o.Digests = f.digests(p.db, p.metrics, func(d *bot.DigestOptions) {
			if c.build != nil {
				d.Build = c.build
			}
		})
	}
	if c.reminders {
		o.Reminders = f.reminders(p.db, p.metrics)
		o.ReminderHour, o.ReminderMinute = 9, 0
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	sched, err := bot.StartScheduler(ctx, o)
	if err != nil {
		f.t.Fatal(err)
	}
	p.sched = sched
	f.t.Cleanup(func() { p.stop(f.t) })
	return p
}

// stop ends the process as serve does on SIGTERM.
func (p *process) stop(t *testing.T) {
	t.Helper()
	if p.stopped {
		return
	}
	p.stopped = true
	p.cancel()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := p.sched.Stop(ctx); err != nil {
		t.Errorf("stop: %v", err)
	}
}

// waitRun waits for the next run of job to end (other jobs' runs are passed over).
func (p *process) waitRun(t *testing.T, job string) bot.JobRun {
	t.Helper()
	deadline := time.After(10 * time.Second) // a guard against a hang, not a wait for the schedule
	for {
		select {
		case r := <-p.runs:
			if r.Job == job {
				return r
			}
		case <-deadline:
			t.Fatalf("no %s run ended", job)
			return bot.JobRun{}
		}
	}
}

// awaitNext waits until job's next run, as the scheduler has it, is want.
func (p *process) awaitNext(t *testing.T, job string, want time.Time) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var got time.Time
	for time.Now().Before(deadline) {
		var err error
		if got, err = p.sched.NextRun(job); err != nil {
			t.Fatal(err)
		}
		if got.Equal(want) {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("next %s run at %s, want %s", job, got.UTC().Format(time.RFC3339), want.UTC().Format(time.RFC3339))
}

// advanceTo moves the fake clock to at.
func (f *fixture) advanceTo(at time.Time) {
	if d := at.Sub(f.clock.Now()); d > 0 {
		f.clock.Advance(d)
	}
}

// mustDigest returns the live post of unit's week.
func mustDigest(t *testing.T, db *store.DB, week handlers.Date) handlers.DigestPost {
	t.Helper()
	p, err := db.Digest(context.Background(), unit, week)
	if err != nil {
		t.Fatalf("digest of the week of %s: %v", week, err)
	}
	return p
}
