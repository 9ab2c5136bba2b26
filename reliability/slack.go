package reliability

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack/slacktest"

	"frontdoor/bot"
)

// FakeSlack is Slack's Web API on loopback (slacktest), with a users.info
// that knows every well-formed id as a member of one team and can be slowed
// down, so a command naming an owner stays in flight as long as a test needs.
type FakeSlack struct {
	srv *slacktest.Server

	team      string
	usersInfo atomic.Int64
	delay     func(id string) time.Duration
	socketURL string
}

// FailingUser starts the ids for which users.info fails (Slack's
// fatal_error), to drive the error paths.
const FailingUser = "U0ERR"

// FakeSlackOptions configure NewFakeSlack.
type FakeSlackOptions struct {
	// Team is the home team users.info gives every user.
	Team string
	// UsersInfoDelay is how long users.info takes for an id; nil: no delay.
	UsersInfoDelay func(id string) time.Duration
	// SocketModeURL, when set, is the Web API address of a Socket Mode fake
	// (bot/sockettest) whose apps.connections.open answers for this one.
	SocketModeURL string
}

// NewFakeSlack starts a fake Web API; Close stops it.
func NewFakeSlack(o FakeSlackOptions) *FakeSlack {
	f := &FakeSlack{team: o.Team, delay: o.UsersInfoDelay, socketURL: o.SocketModeURL}
	f.srv = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/users.info", f.serveUsersInfo)
		if f.socketURL != "" {
			c.Handle("/apps.connections.open", f.serveConnectionsOpen)
		}
	})
	f.srv.Start()
	return f
}

// URL is the Web API address for SLACK_API_URL.
func (f *FakeSlack) URL() string { return f.srv.GetAPIURL() }

// UsersInfoCalls counts users.info requests received (answered or not).
func (f *FakeSlack) UsersInfoCalls() int { return int(f.usersInfo.Load()) }

// Close stops the fake.
func (f *FakeSlack) Close() { f.srv.Stop() }

func (f *FakeSlack) serveUsersInfo(w http.ResponseWriter, r *http.Request) {
	f.usersInfo.Add(1)
	_ = r.ParseForm()
	id := r.Form.Get("user")
	if f.delay != nil {
		if d := f.delay(id); d > 0 {
			select {
			case <-time.After(d):
			case <-r.Context().Done():
				return
			}
		}
	}
	w.Header().Set("Content-Type", "application/json")
	if strings.HasPrefix(id, FailingUser) {
		_ = json.NewEncoder(w).Encode(map[string]any{"ok": false, "error": "fatal_error"})
		return
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "user": map[string]any{
		"id": id, "team_id": f.team, "name": strings.ToLower(id), "real_name": "Member " + id,
		"profile": map[string]any{"display_name": "member-" + strings.ToLower(id)},
	}})
}

// serveConnectionsOpen relays apps.connections.open to the Socket Mode fake,
// so that one Web API address serves both.
func (f *FakeSlack) serveConnectionsOpen(w http.ResponseWriter, r *http.Request) {
	resp, err := http.PostForm(f.socketURL+"apps.connections.open", url.Values{})
	if err != nil {
		w.WriteHeader(http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.Copy(w, resp.Body)
}

// ResponseCatcher plays Slack's response_url endpoints: each request gets an
// address of its own, and every message posted to it is kept.
type ResponseCatcher struct {
	srv   *httptest.Server
	delay time.Duration

	mu    sync.Mutex
	posts map[string][]bot.Message
}

// NewResponseCatcher starts a catcher whose answers take delay (a slow
// Slack); Close stops it.
func NewResponseCatcher(delay time.Duration) *ResponseCatcher {
	c := &ResponseCatcher{delay: delay, posts: map[string][]bot.Message{}}
	c.srv = httptest.NewServer(http.HandlerFunc(c.serve))
	return c
}

// URL is the response_url for the request named key.
func (c *ResponseCatcher) URL(key string) string { return c.srv.URL + "/r/" + url.PathEscape(key) }

// Posts returns the messages posted for key.
func (c *ResponseCatcher) Posts(key string) []bot.Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]bot.Message(nil), c.posts[key]...)
}

// Count is the number of posts received, for every key.
func (c *ResponseCatcher) Count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, p := range c.posts {
		n += len(p)
	}
	return n
}

// Close stops the catcher.
func (c *ResponseCatcher) Close() { c.srv.Close() }

func (c *ResponseCatcher) serve(w http.ResponseWriter, r *http.Request) {
	key, ok := strings.CutPrefix(r.URL.Path, "/r/")
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	var msg bot.Message
	if !ok || r.Method != http.MethodPost || err != nil || json.Unmarshal(body, &msg) != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	if c.delay > 0 {
		select {
		case <-time.After(c.delay):
		case <-r.Context().Done():
			return
		}
	}
	c.mu.Lock()
	c.posts[key] = append(c.posts[key], msg)
	c.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}
