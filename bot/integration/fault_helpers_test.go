package integration

// Helpers of the fault and forgery harnesses (fault_*_test.go,
// forgery_test.go): a unit over a database file of the test's choosing,
// the figures each harness reports, and the child processes some of them start.

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"frontdoor/bot"
	"frontdoor/handlers"
	"frontdoor/handlers/command"
	"frontdoor/handlers/demo"
	"frontdoor/handlers/registercsv"
	"frontdoor/reliability"
	"frontdoor/store"
)

// faultChildEnv names the role a child process of a harness plays: the test
// binary runs itself again with it set.
const faultChildEnv = "FRONTDOOR_FAULT_CHILD"

// faultLong reports whether the long run was asked for (FRONTDOOR_LONG=1).
func faultLong() bool { return reliability.Long() }

// openStoreAt opens the database at path, loading the demo register when
// the file is new, and closes it when the test ends.
func openStoreAt(t testing.TB, path string, opts store.Options) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	current, version, err := db.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(current.Programmes) > 0 {
		return db
	}
	var files []registercsv.File
	for _, kind := range handlers.RegisterKinds {
		data, err := fs.ReadFile(demo.Register(), kind+".csv")
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, registercsv.File{Name: kind + ".csv", Data: data})
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

// newUnitOver is newUnit over a database the test opened, served over HTTP
// only, with the bot's clock given (nil: the wall clock).
func newUnitOver(t *testing.T, db *store.DB, clock bot.Clock) *unit {
	t.Helper()
	u := &unit{db: db, slack: newFakeSlack(t), sink: newSink(t), logs: &syncWriter{w: &bytes.Buffer{}}}
	api := slack.New("xoxb-canary-bot-token", slack.OptionAPIURL(u.slack.GetAPIURL()))
	users := bot.NewUsers(api, clock)
	u.svc = newService(db, func(o *command.Options) { o.People = bot.NewPeople(users, []string{homeTeam}) })
	b, err := bot.New(bot.Options{
		Service:       u.svc,
		Users:         users,
		API:           api,
		APIURL:        u.slack.GetAPIURL(),
		Claims:        db,
		DB:            bot.PingFunc(func(ctx context.Context) error { _, err := db.RegisterVersion(ctx); return err }),
		Writable:      db,
		Log:           slog.New(slog.NewJSONHandler(u.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		SigningSecret: secret,
		TeamIDs:       []string{homeTeam},
		Clock:         clock,
	})
	if err != nil {
		t.Fatal(err)
	}
	u.bot = b
	u.http = httptest.NewServer(b.Handler())
	t.Cleanup(func() {
		u.http.Close()
		ctx, stop := context.WithTimeout(context.Background(), 90*time.Second)
		defer stop()
		if err := b.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	return u
}

// sent is one slash command through the HTTP endpoint: what came back in
// the acknowledgement, how long it took, and where its later answers go.
type sent struct {
	text        string
	responseURL string
	status      int
	ack         string // the acknowledgement's text; "" when empty
	took        time.Duration
}

// send posts a signed slash command and reads its acknowledgement.
func (u *unit) send(t *testing.T, user, text string) sent {
	t.Helper()
	fields := u.commandFields(user, text)
	req := u.signed(t, bot.PathCommands, form(fields), 0)
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Errorf("%q: %v", text, err)
		return sent{text: text, responseURL: fields["response_url"]}
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	s := sent{text: text, responseURL: fields["response_url"], status: resp.StatusCode, took: time.Since(start)}
	if buf.Len() > 0 {
		var a struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(buf.Bytes(), &a); err != nil {
			t.Errorf("%q: ack %q: %v", text, buf.String(), err)
		}
		s.ack = a.Text
	}
	return s
}

// postsTo returns the texts posted to a response_url so far.
func (s *sink) postsTo(responseURL string) []string {
	u, err := url.Parse(responseURL)
	if err != nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, p := range s.posts[u.Path] {
		text, _ := p["text"].(string)
		out = append(out, text)
	}
	return out
}

// actionsByText counts the actions in db by their text.
func actionsByText(t *testing.T, db *store.DB) map[string]int {
	t.Helper()
	all, err := db.AllActions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, a := range all {
		out[a.Text]++
	}
	return out
}

// percentile returns the p-th percentile (0–100) of ds, nearest rank.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(float64(len(s))*p/100+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}
