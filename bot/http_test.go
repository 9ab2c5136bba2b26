package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"frontdoor/handlers"
	"frontdoor/handlers/index"
	"frontdoor/handlers/view"
)

// Every Slack request is signed; anything that fails the check is refused
// with a status and no detail, before anything is parsed or run.
func TestCommandRequestsAreVerified(t *testing.T) {
	tb := newTestBot(t, nil, false)
	body := []byte(tb.commandForm("who funds care leavers").Encode())
	ts := strconv.FormatInt(tb.clock.Now().Unix(), 10)
	tests := []struct {
		name   string
		req    func() *http.Request
		status int
		runs   int
	}{
		{"valid", func() *http.Request { return tb.signed(t, PathCommands, body, 0) }, http.StatusOK, 1},
		{"forged signature", func() *http.Request {
			r := tb.signed(t, PathCommands, body, 0)
			r.Header.Set("X-Slack-Signature", Sign("a-guessed-secret", ts, body))
			return r
		}, http.StatusUnauthorized, 0},
		{"body changed in flight", func() *http.Request {
			r := tb.signed(t, PathCommands, body, 0)
			forged := bytes.Replace(body, []byte("care+leavers"), []byte("log+x"), 1)
			r.Body = io.NopCloser(bytes.NewReader(forged))
			r.ContentLength = int64(len(forged))
			return r
		}, http.StatusUnauthorized, 0},
		{"stale: six minutes old", func() *http.Request { return tb.signed(t, PathCommands, body, -6*time.Minute) }, http.StatusUnauthorized, 0},
		{"future: six minutes ahead", func() *http.Request { return tb.signed(t, PathCommands, body, 6*time.Minute) }, http.StatusUnauthorized, 0},
		{"missing signature header", func() *http.Request {
			r := tb.signed(t, PathCommands, body, 0)
			r.Header.Del("X-Slack-Signature")
			return r
		}, http.StatusUnauthorized, 0},
		{"missing timestamp header", func() *http.Request {
			r := tb.signed(t, PathCommands, body, 0)
			r.Header.Del("X-Slack-Request-Timestamp")
			return r
		}, http.StatusUnauthorized, 0},
		{"signed but not a form", func() *http.Request { return tb.signed(t, PathCommands, []byte("%zz"), 0) }, http.StatusBadRequest, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(tb.svc.calls())
			status, got := do(t, tt.req())
			if status != tt.status {
				t.Fatalf("status %d, want %d (body %q)", status, tt.status, got)
			}
			if status == http.StatusUnauthorized && len(got) != 0 {
				t.Errorf("refusal carries detail: %q", got)
			}
			if runs := len(tb.svc.calls()) - before; runs != tt.runs {
				t.Errorf("service ran %d times, want %d", runs, tt.runs)
			}
		})
	}
}

func TestOversizedBodyRefusedBeforeReading(t *testing.T) {
	tb := newTestBot(t, nil, false)
	big := bytes.Repeat([]byte("a"), MaxBodyBytes+1)
	for _, path := range []string{PathCommands, PathInteractivity, PathEvents} {
		t.Run(path+" with length", func(t *testing.T) {
			status, _ := do(t, tb.signed(t, path, big, 0))
			if status != http.StatusRequestEntityTooLarge {
				t.Fatalf("status %d, want 413", status)
			}
		})
		t.Run(path+" chunked", func(t *testing.T) {
			req := tb.signed(t, path, nil, 0)
			req.Body = io.NopCloser(io.MultiReader(bytes.NewReader(big), strings.NewReader("more")))
			req.ContentLength = -1 // sent chunked: the cap must hold while reading
			status, _ := do(t, req)
			if status != http.StatusRequestEntityTooLarge {
				t.Fatalf("status %d, want 413", status)
			}
		})
	}
	if n := len(tb.svc.calls()); n != 0 {
		t.Errorf("service ran %d times", n)
	}
}

// A replay of a signed write inside the window reaches the core with the
// same idempotency key (the request signature), so the store writes it once;
// a lookup carries no key at all.
func TestReplayCarriesTheSameKey(t *testing.T) {
	tb := newTestBot(t, nil, false)
	write := tb.signed(t, PathCommands, []byte(tb.commandForm("done 42").Encode()), 0)
	replay := write.Clone(context.Background())
	replay.Body = io.NopCloser(strings.NewReader(tb.commandForm("done 42").Encode()))
	for _, r := range []*http.Request{write, replay} {
		if status, _ := do(t, r); status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
	}
	lookup := tb.signed(t, PathCommands, []byte(tb.commandForm("who funds care leavers").Encode()), time.Second)
	do(t, lookup)
	calls := tb.svc.calls()
	if len(calls) != 3 {
		t.Fatalf("%d calls, want 3", len(calls))
	}
	if calls[0].Key == "" || calls[0].Key != calls[1].Key {
		t.Errorf("keys %q and %q: a replay must carry the first delivery's key", calls[0].Key, calls[1].Key)
	}
	if want := "command:" + write.Header.Get("X-Slack-Signature"); calls[0].Key != want {
		t.Errorf("key %q, want %q", calls[0].Key, want)
	}
	if calls[2].Key != "" {
		t.Errorf("a lookup carried key %q", calls[2].Key)
	}
}

// A signed request from another workspace, or from a Slack Connect guest of
// another organisation in a shared channel, is refused politely and runs nothing.
func TestOutsidersRefused(t *testing.T) {
	tb := newTestBot(t, nil, false)
	tests := []struct {
		name   string
		change func(url.Values)
	}{
		{"wrong workspace", func(v url.Values) { v.Set("team_id", otherTeam) }},
		{"guest whose home team is in the payload", func(v url.Values) { v.Set("user_team", otherTeam) }},
		{"guest whose home team comes from users.info", func(v url.Values) { v.Set("user_id", guestUser) }},
		{"user Slack does not know", func(v url.Values) { v.Set("user_id", unknownUserID) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, ack := tb.command(t, tb.commandForm("log DWP to share data", tt.change))
			if status != http.StatusOK {
				t.Fatalf("status %d, want 200 with a refusal", status)
			}
			if ack.ResponseType != slack.ResponseTypeEphemeral || !strings.Contains(ack.Text, "only for members") {
				t.Errorf("ack %s, want a private refusal", ackText(ack))
			}
		})
	}
	if n := len(tb.svc.calls()); n != 0 {
		t.Errorf("service ran %d times for outsiders", n)
	}
	// The same person from the home team is served, and acts as a member of it.
	if _, ack := tb.command(t, tb.commandForm("who funds care leavers")); !strings.Contains(ack.Text, "Answer") {
		t.Fatalf("member not served: %s", ackText(ack))
	}
	if p := tb.svc.calls()[0].User; p.ID != testUser || p.TeamID != testTeam {
		t.Errorf("person %+v", p)
	}
}

func TestEnterpriseAllowList(t *testing.T) {
	tb := newTestBot(t, nil, false, func(o *Options) { o.EnterpriseIDs = []string{"E0UNIT"} })
	_, ack := tb.command(t, tb.commandForm("who funds care leavers", func(v url.Values) { v.Set("enterprise_id", "E0ELSE") }))
	if !strings.Contains(ack.Text, "only for members") {
		t.Errorf("other organisation served: %s", ackText(ack))
	}
	_, ack = tb.command(t, tb.commandForm("who funds care leavers", func(v url.Values) { v.Set("enterprise_id", "E0UNIT") }))
	if !strings.Contains(ack.Text, "Answer") {
		t.Errorf("allowed organisation refused: %s", ackText(ack))
	}
}

func TestFastLookupAnsweredInTheAck(t *testing.T) {
	tb := newTestBot(t, nil, false)
	status, ack := tb.command(t, tb.commandForm("who funds care leavers in Liverpool"))
	if status != http.StatusOK || ack.ResponseType != slack.ResponseTypeEphemeral || ack.Text != "Answer: who funds" {
		t.Fatalf("status %d ack %s", status, ackText(ack))
	}
	if problems := CheckLimits(ack); len(problems) > 0 {
		t.Errorf("ack breaks Slack's limits: %v", problems)
	}
	// The Share button carries the command text, to run it again when shared.
	var share *slack.ButtonBlockElement
	for _, b := range ack.Blocks.BlockSet {
		if ab, ok := b.(*slack.ActionBlock); ok {
			for _, el := range ab.Elements.ElementSet {
				if btn, ok := el.(*slack.ButtonBlockElement); ok && btn.ActionID == ShareActionID {
					share = btn
				}
			}
		}
	}
	if share == nil || share.Value != "who funds care leavers in Liverpool" {
		t.Fatalf("share button %+v", share)
	}
	if tb.rsink.count() != 0 {
		t.Errorf("a fast answer also went to the response_url")
	}
}

func TestChannelReplyIsInChannel(t *testing.T) {
	tb := newTestBot(t, nil, false)
	_, ack := tb.command(t, tb.commandForm("done 42"))
	if ack.ResponseType != slack.ResponseTypeInChannel {
		t.Fatalf("a record was answered %q", ack.ResponseType)
	}
}

// A lookup still running when the budget is spent is acknowledged at once
// and answered through the response_url.
func TestSlowLookupAnsweredThroughResponseURL(t *testing.T) {
	release := make(chan struct{})
	svc := &fakeService{handle: func(ctx context.Context, req handlers.Request) (handlers.Reply, error) {
		<-release
		return defaultHandle(req)
	}}
	tb := newTestBot(t, svc, false)
	type result struct {
		status int
		ack    Message
	}
	got := make(chan result, 1)
	go func() {
		s, a := tb.command(t, tb.commandForm("who funds care leavers"))
		got <- result{s, a}
	}()
	tb.clock.awaitWaiter(t)
	tb.clock.Advance(DefaultBudget)
	r := <-got
	if r.status != http.StatusOK || r.ack.Text != "" {
		t.Fatalf("ack %d %s, want an empty 200", r.status, ackText(r.ack))
	}
	close(release)
	post := tb.rsink.next(t)
	if post["text"] != "Answer: who funds" || post["response_type"] != "ephemeral" || post["replace_original"] != false {
		t.Errorf("response_url got %s", messageText(post))
	}
}

// An answer of 20 KB or more cannot go in an ack.
func TestLargeAnswerGoesThroughResponseURL(t *testing.T) {
	svc := &fakeService{handle: func(ctx context.Context, req handlers.Request) (handlers.Reply, error) {
		r := handlers.Reply{Text: "Big answer"}
		for i := 0; i < 40; i++ {
			r.Blocks = append(r.Blocks, handlers.Section{Lines: []handlers.Rich{handlers.Line(strings.Repeat("programme ", 290))}})
		}
		return r, nil
	}}
	tb := newTestBot(t, svc, false)
	_, ack := tb.command(t, tb.commandForm("area England"))
	if ack.Text != "" {
		t.Fatalf("a large answer was put in the ack (%d bytes)", len(ackText(ack)))
	}
	if post := tb.rsink.next(t); post["text"] != "Big answer" {
		t.Errorf("response_url got %.200s", messageText(post))
	}
}

// A large answer given before, on the same register and day, is sent again
// through response_url from memory, without asking the core again.
func TestLargeAnswerFromMemoryGoesThroughResponseURL(t *testing.T) {
	var handled atomic.Int32
	svc := &fakeService{index: index.NewIndex(&handlers.Register{}), handle: func(ctx context.Context, req handlers.Request) (handlers.Reply, error) {
		handled.Add(1)
		r := handlers.Reply{Text: "Big answer", Shareable: true}
		for i := 0; i < 40; i++ {
			r.Blocks = append(r.Blocks, handlers.Section{Lines: []handlers.Rich{handlers.Line(strings.Repeat("programme ", 290))}})
		}
		return r, nil
	}}
	tb := newTestBot(t, svc, false)
	for i := 0; i < 2; i++ {
		_, ack := tb.command(t, tb.commandForm("area England"))
		if ack.Text != "" {
			t.Fatalf("request %d: a large answer was put in the ack", i+1)
		}
		if post := tb.rsink.next(t); post["text"] != "Big answer" {
			t.Errorf("request %d: response_url got %.200s", i+1, messageText(post))
		}
	}
	if n := handled.Load(); n != 1 {
		t.Errorf("the core answered %d times, want 1", n)
	}
}

// A write that finds the database locked is acknowledged with "Saving…",
// retried with the same key, and confirmed only once it has committed.
func TestBusyWriteRetriedThenConfirmed(t *testing.T) {
	attempts := 0
	svc := &fakeService{handle: func(ctx context.Context, req handlers.Request) (handlers.Reply, error) {
		attempts++
		if attempts < 3 {
			return handlers.Reply{}, handlers.ErrBusy
		}
		return defaultHandle(req)
	}}
	tb := newTestBot(t, svc, false)
	_, ack := tb.command(t, tb.commandForm("done 42"))
	if !strings.Contains(ack.Text, "Saving") || ack.ResponseType != slack.ResponseTypeEphemeral {
		t.Fatalf("ack %s, want a private Saving…", ackText(ack))
	}
	if tb.rsink.count() != 0 {
		t.Fatal("confirmed before the write committed")
	}
	// The ack's budget timer is still registered; then each retry waits.
	tb.clock.awaitWaiter(t)
	for i := 0; i < 2; i++ {
		tb.clock.awaitWaiter(t)
		tb.clock.Advance(10 * time.Second)
	}
	post := tb.rsink.next(t)
	if post["text"] != "Done: done" || post["response_type"] != "in_channel" {
		t.Errorf("confirmation %s", messageText(post))
	}
	calls := tb.svc.calls()
	if len(calls) != 3 {
		t.Fatalf("%d attempts, want 3", len(calls))
	}
	for _, c := range calls[1:] {
		if c.Key != calls[0].Key || c.Key == "" {
			t.Errorf("retry key %q, first %q: a retry must reuse the key", c.Key, calls[0].Key)
		}
	}
}

func TestBusyWriteNeverSavedIsNotConfirmed(t *testing.T) {
	svc := &fakeService{handle: func(ctx context.Context, req handlers.Request) (handlers.Reply, error) {
		return handlers.Reply{}, handlers.ErrBusy
	}}
	tb := newTestBot(t, svc, true) // every wait returns at once
	_, ack := tb.command(t, tb.commandForm("done 42"))
	if !strings.Contains(ack.Text, "Saving") {
		t.Fatalf("ack %s", ackText(ack))
	}
	post := tb.rsink.next(t)
	if !strings.Contains(messageText(post), "was not saved") {
		t.Errorf("final word %s, want that it was not saved", messageText(post))
	}
	if n := len(tb.svc.calls()); n != 1+3 {
		t.Errorf("%d attempts, want the first and 3 retries", n)
	}
}

// A panic in a handler becomes an error reply with a reference; the bot
// carries on serving.
func TestPanicAnsweredAndBotKeepsServing(t *testing.T) {
	svc := &fakeService{handle: func(ctx context.Context, req handlers.Request) (handlers.Reply, error) {
		if strings.Contains(req.Text, "boom") {
			panic("index out of range")
		}
		return defaultHandle(req)
	}}
	tb := newTestBot(t, svc, false)
	status, ack := tb.command(t, tb.commandForm("programme boom"))
	if status != http.StatusOK || !strings.HasPrefix(ack.Text, "Something went wrong (ref ") {
		t.Fatalf("status %d ack %s", status, ackText(ack))
	}
	ref := strings.TrimSuffix(strings.TrimPrefix(ack.Text, "Something went wrong (ref "), ").")
	if !strings.Contains(tb.logs.String(), `"ref":"`+ref+`"`) {
		t.Errorf("reference %s not in the log", ref)
	}
	if _, ack := tb.command(t, tb.commandForm("who funds care leavers")); ack.Text != "Answer: who funds" {
		t.Errorf("after a panic: %s", ackText(ack))
	}
}

func TestUnexpectedErrorCarriesReference(t *testing.T) {
	svc := &fakeService{handle: func(ctx context.Context, req handlers.Request) (handlers.Reply, error) {
		err := errors.New("store: disk I/O error")
		return view.ErrorReply(err, ""), err
	}}
	tb := newTestBot(t, svc, false)
	_, ack := tb.command(t, tb.commandForm("who funds care leavers"))
	if !strings.HasPrefix(ack.Text, "Something went wrong (ref ") || strings.Contains(ackText(ack), "disk") {
		t.Fatalf("ack %s", ackText(ack))
	}
}

func TestURLVerification(t *testing.T) {
	tb := newTestBot(t, nil, false)
	body := []byte(`{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`)
	status, got := do(t, tb.signed(t, PathEvents, body, 0))
	if status != http.StatusOK || string(got) != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Fatalf("status %d body %q", status, got)
	}
	// Unsigned, it is refused like any other request.
	req := tb.signed(t, PathEvents, body, 0)
	req.Header.Del("X-Slack-Signature")
	if status, _ := do(t, req); status != http.StatusUnauthorized {
		t.Errorf("unsigned challenge: status %d", status)
	}
}

func homeOpenedEvent(eventID, user string) []byte {
	js, _ := json.Marshal(map[string]any{
		"token": "x", "team_id": testTeam, "api_app_id": "A0FD", "type": "event_callback",
		"event_id": eventID, "event_time": 1768208400,
		"event": map[string]any{"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home", "event_ts": "1768208400.000100"},
	})
	return js
}

// An Events API retry of an event already handled is acknowledged without
// doing the work again; a retry never seen before is handled.
func TestEventRetryOfSeenEventDoesNothing(t *testing.T) {
	tb := newTestBot(t, nil, false)
	first := tb.signed(t, PathEvents, homeOpenedEvent("Ev001", testUser), 0)
	if status, _ := do(t, first); status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	tb.slack.waitCalls(t, "views.publish", 1)

	retry := tb.signed(t, PathEvents, homeOpenedEvent("Ev001", testUser), 0)
	retry.Header.Set("X-Slack-Retry-Num", "1")
	retry.Header.Set("X-Slack-Retry-Reason", "http_timeout")
	if status, _ := do(t, retry); status != http.StatusOK {
		t.Fatalf("retry: status %d", status)
	}
	unseen := tb.signed(t, PathEvents, homeOpenedEvent("Ev002", testUser), 0)
	unseen.Header.Set("X-Slack-Retry-Num", "2")
	if status, _ := do(t, unseen); status != http.StatusOK {
		t.Fatalf("unseen retry: status %d", status)
	}
	tb.slack.waitCalls(t, "views.publish", 2)
	if err := tb.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(tb.slack.callsTo("views.publish")); n != 2 {
		t.Errorf("views.publish called %d times, want 2 (Ev001 once, Ev002 once)", n)
	}
	if n := len(tb.svc.homes); n != 2 {
		t.Errorf("Home built %d times, want 2", n)
	}
}

// When the claim cannot be taken, the delivery is not acknowledged, so Slack
// delivers it again: a retry may be the only copy.
func TestEventNotClaimedAsksForRetry(t *testing.T) {
	tb := newTestBot(t, nil, false)
	tb.claims.err = handlers.ErrBusy
	status, _ := do(t, tb.signed(t, PathEvents, homeOpenedEvent("Ev003", testUser), 0))
	if status != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503", status)
	}
	if len(tb.svc.homes) != 0 {
		t.Error("work done without a claim")
	}
}

func TestHealthAndMetrics(t *testing.T) {
	dbErr := error(nil)
	tb := newTestBot(t, nil, false, func(o *Options) {
		o.DB = PingFunc(func(context.Context) error { return dbErr })
	})
	get := func(path string) (int, string) {
		resp, err := http.Get(tb.server.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if status, body := get(PathHealth); status != http.StatusOK || !strings.Contains(body, `"database":"ok"`) {
		t.Errorf("healthy: %d %s", status, body)
	}
	dbErr = errors.New("unable to open database file")
	if status, body := get(PathHealth); status != http.StatusServiceUnavailable || !strings.Contains(body, "unreachable") {
		t.Errorf("database down: %d %s", status, body)
	}
	tb.command(t, tb.commandForm("who funds care leavers"))
	status, body := get(PathMetrics)
	if status != http.StatusOK {
		t.Fatalf("metrics: %d", status)
	}
	for _, want := range []string{`frontdoor_commands_total{command="who funds",outcome="ok"} 1`,
		"frontdoor_command_duration_seconds_bucket", `frontdoor_slack_requests_total{endpoint="commands",result="accepted"} 1`} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

// Logs carry ids and outcomes, never the secret, tokens or what was typed.
func TestLogsKeepTextAndSecretsOut(t *testing.T) {
	tb := newTestBot(t, nil, false)
	const canary = "Canary Residentname"
	tb.command(t, tb.commandForm("log "+canary+" to call the jobcentre"))
	tb.command(t, tb.commandForm("who funds "+canary))
	req := tb.signed(t, PathCommands, []byte(tb.commandForm(canary).Encode()), 0)
	req.Header.Set("X-Slack-Signature", "v0=00")
	do(t, req)
	logs := tb.logs.String()
	for _, secret := range []string{canary, testSecret, "xoxb-test"} {
		if strings.Contains(logs, secret) {
			t.Errorf("log contains %q:\n%s", secret, logs)
		}
	}
	if !strings.Contains(logs, `"command":"log"`) || !strings.Contains(logs, `"user":"`+testUser+`"`) {
		t.Errorf("log lacks the command and user:\n%s", logs)
	}
}

func TestSlackEndpointsOffWithoutSecret(t *testing.T) {
	tb := newTestBot(t, nil, false, func(o *Options) { o.SigningSecret = "" })
	status, _ := do(t, tb.signed(t, PathCommands, []byte(tb.commandForm("help").Encode()), 0))
	if status != http.StatusNotFound {
		t.Fatalf("status %d, want 404 with Socket Mode only", status)
	}
}

// A response_url takes at most 5 posts, within 30 minutes.
func TestResponseURLLimits(t *testing.T) {
	tb := newTestBot(t, nil, false)
	ru := tb.newResponder(tb.rsink.URL + "/limits/1")
	for i := 0; i < 5; i++ {
		if err := ru.post(context.Background(), responsePayload{Message: *ephemeral("hello")}); err != nil {
			t.Fatalf("post %d: %v", i+1, err)
		}
	}
	if err := ru.post(context.Background(), responsePayload{Message: *ephemeral("hello")}); !errors.Is(err, ErrResponseURLSpent) {
		t.Errorf("sixth post: %v, want ErrResponseURLSpent", err)
	}
	if tb.rsink.count() != 5 {
		t.Errorf("%d posts reached the response_url", tb.rsink.count())
	}
	late := tb.newResponder(tb.rsink.URL + "/limits/2")
	tb.clock.Advance(30 * time.Minute)
	if err := late.post(context.Background(), responsePayload{Message: *ephemeral("late")}); !errors.Is(err, ErrResponseURLSpent) || late.usable() {
		t.Errorf("after 30 minutes: %v", err)
	}
}
