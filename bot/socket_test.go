package bot

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"frontdoor/bot/sockettest"
	"frontdoor/handlers"
)

// socketAcks records what the Socket Mode transport acknowledged.
type socketAcks struct {
	mu   sync.Mutex
	acks map[string]any
	got  chan string
}

func (a *socketAcks) ack(_ context.Context, id string, payload any) error {
	js, err := json.Marshal(payload)
	if err == nil && len(js) >= 20*1024 {
		return errors.New("too large") // as socketmode's client does
	}
	a.mu.Lock()
	a.acks[id] = payload
	a.mu.Unlock()
	a.got <- id
	return nil
}

func (a *socketAcks) wait(t *testing.T, id string) any {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		a.mu.Lock()
		p, ok := a.acks[id]
		a.mu.Unlock()
		if ok {
			return p
		}
		select {
		case <-a.got:
		case <-deadline:
			t.Fatalf("envelope %s not acknowledged", id)
		}
	}
}

func (a *socketAcks) has(id string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	_, ok := a.acks[id]
	return ok
}

// ackMessage decodes a command's acknowledgement (nil when empty).
func ackMessage(t *testing.T, payload any) *Message {
	t.Helper()
	js, ok := payload.(json.RawMessage)
	if !ok || js == nil {
		return nil
	}
	var m Message
	if err := json.Unmarshal(js, &m); err != nil {
		t.Fatalf("ack %s: %v", js, err)
	}
	return &m
}

// socketHandler is the bot's Socket Mode handler, driven without a websocket.
func socketHandler(tb *testBot) (*socketmode.SocketmodeHandler, *socketAcks) {
	acks := &socketAcks{acks: map[string]any{}, got: make(chan string, 100)}
	sm := tb.NewSocketMode(socketmode.New(tb.slack.api()))
	sm.ack = acks.ack
	return sm.Handler(), acks
}

func slashEvent(t *testing.T, envelope string, cmd map[string]string) socketmode.Event {
	t.Helper()
	raw, err := json.Marshal(cmd)
	if err != nil {
		t.Fatal(err)
	}
	var sc slack.SlashCommand
	_ = json.Unmarshal(raw, &sc)
	return socketmode.Event{Type: socketmode.EventTypeSlashCommand, Data: sc,
		Request: &socketmode.Request{Type: socketmode.RequestTypeSlashCommands, EnvelopeID: envelope, Payload: raw, AcceptsResponsePayload: true}}
}

func (tb *testBot) slashPayload(text string) map[string]string {
	return map[string]string{"team_id": testTeam, "user_id": testUser, "user_name": "sam", "channel_id": testChannel,
		"command": "/fd", "text": text, "response_url": tb.rsink.URL + "/socket/1", "trigger_id": "1.2.3"}
}

func eventsAPIEvent(t *testing.T, envelope string, body []byte, retry int) socketmode.Event {
	t.Helper()
	ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
	if err != nil {
		t.Fatal(err)
	}
	return socketmode.Event{Type: socketmode.EventTypeEventsAPI, Data: ev,
		Request: &socketmode.Request{Type: socketmode.RequestTypeEventsAPI, EnvelopeID: envelope, Payload: body, RetryAttempt: retry}}
}

func interactiveEvent(t *testing.T, envelope string, payload any) socketmode.Event {
	t.Helper()
	raw, _ := json.Marshal(payload)
	var cb slack.InteractionCallback
	if err := json.Unmarshal(raw, &cb); err != nil {
		t.Fatal(err)
	}
	return socketmode.Event{Type: socketmode.EventTypeInteractive, Data: cb,
		Request: &socketmode.Request{Type: socketmode.RequestTypeInteractive, EnvelopeID: envelope, Payload: raw}}
}

// A slash command over Socket Mode gets the same answer as over HTTP, in the ack.
func TestSocketModeSlashCommand(t *testing.T) {
	tb := newTestBot(t, nil, false)
	h, acks := socketHandler(tb)
	h.DispatchEvent(slashEvent(t, "env-1", tb.slashPayload("who funds care leavers")))
	msg := ackMessage(t, acks.wait(t, "env-1"))
	if msg == nil || msg.Text != "Answer: who funds" || msg.ResponseType != slack.ResponseTypeEphemeral {
		t.Fatalf("ack %#v", acks.wait(t, "env-1"))
	}
	h.DispatchEvent(slashEvent(t, "env-2", tb.slashPayload("done 42")))
	acks.wait(t, "env-2")
	calls := tb.svc.calls()
	if len(calls) != 2 || calls[1].Key != "command:env-2" || calls[0].Key != "" {
		t.Errorf("service got %+v", calls)
	}
}

func TestSocketModeGuestRefused(t *testing.T) {
	tb := newTestBot(t, nil, false)
	h, acks := socketHandler(tb)
	p := tb.slashPayload("log DWP to share data")
	p["user_id"] = guestUser
	h.DispatchEvent(slashEvent(t, "env-g", p))
	msg := ackMessage(t, acks.wait(t, "env-g"))
	if msg == nil || !strings.Contains(msg.Text, "only for members") {
		t.Fatalf("ack %#v", msg)
	}
	if n := len(tb.svc.calls()); n != 0 {
		t.Errorf("service ran for a guest")
	}
}

// A Socket Mode retry (retry_attempt) of an event already handled is
// acknowledged and does nothing.
func TestSocketModeEventRetryDoesNothing(t *testing.T) {
	tb := newTestBot(t, nil, false)
	h, acks := socketHandler(tb)
	h.DispatchEvent(eventsAPIEvent(t, "env-e1", homeOpenedEvent("EvS1", testUser), 0))
	acks.wait(t, "env-e1")
	tb.slack.waitCalls(t, "views.publish", 1)
	h.DispatchEvent(eventsAPIEvent(t, "env-e2", homeOpenedEvent("EvS1", testUser), 1))
	acks.wait(t, "env-e2")
	if err := tb.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(tb.slack.callsTo("views.publish")); n != 1 {
		t.Errorf("views.publish %d times, want 1", n)
	}
}

func TestSocketModeEventNotClaimedIsNotAcknowledged(t *testing.T) {
	tb := newTestBot(t, nil, false)
	tb.claims.err, tb.claims.failing = handlers.ErrBusy, "EvS2"
	h, acks := socketHandler(tb)
	h.DispatchEvent(eventsAPIEvent(t, "env-busy", homeOpenedEvent("EvS2", testUser), 0))
	h.DispatchEvent(eventsAPIEvent(t, "env-ok", homeOpenedEvent("EvS3", testUser), 0))
	acks.wait(t, "env-ok")
	waitFor(t, func() bool { return tb.claims.refusals() == 1 })
	if err := tb.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(tb.svc.homes) != 1 {
		t.Errorf("Home built %d times, want 1 (only the claimed event)", len(tb.svc.homes))
	}
	if acks.has("env-busy") {
		t.Error("an event that could not be claimed was acknowledged")
	}
}

func TestSocketModeModalSubmissionErrorsInAck(t *testing.T) {
	svc := &fakeService{logFromForm: func(ctx context.Context, req handlers.Request, form handlers.LogForm) (handlers.Reply, error) {
		return handlers.Reply{}, handlers.Errorf(handlers.ENotFound, "Slack does not know the owner you chose.")
	}}
	tb := newTestBot(t, svc, false)
	h, acks := socketHandler(tb)
	h.DispatchEvent(interactiveEvent(t, "env-v", map[string]any{
		"type": "view_submission", "team": map[string]any{"id": testTeam},
		"user": map[string]any{"id": testUser, "team_id": testTeam},
		"view": map[string]any{"id": "V1", "hash": "h1", "callback_id": ModalLogCallbackID, "state": map[string]any{"values": map[string]any{
			blockText: map[string]any{blockText: map[string]any{"type": "plain_text_input", "value": "call the ICB"}},
		}}},
	}))
	resp, ok := acks.wait(t, "env-v").(*slack.ViewSubmissionResponse)
	if !ok || resp.ResponseAction != slack.RAErrors || !strings.Contains(resp.Errors[blockText], "does not know") {
		t.Fatalf("ack %#v", acks.wait(t, "env-v"))
	}
}

func TestSocketModePanicKeepsServing(t *testing.T) {
	svc := &fakeService{handle: func(ctx context.Context, req handlers.Request) (handlers.Reply, error) {
		if strings.Contains(req.Text, "boom") {
			var m map[string]int
			m["x"]++ // a nil map: a real bug, not a test double's panic
		}
		return defaultHandle(req)
	}}
	tb := newTestBot(t, svc, false)
	h, acks := socketHandler(tb)
	h.DispatchEvent(slashEvent(t, "env-p1", tb.slashPayload("programme boom")))
	msg := ackMessage(t, acks.wait(t, "env-p1"))
	if msg == nil || !strings.HasPrefix(msg.Text, "Something went wrong (ref ") {
		t.Fatalf("ack %#v", msg)
	}
	h.DispatchEvent(slashEvent(t, "env-p2", tb.slashPayload("who funds care leavers")))
	if msg := ackMessage(t, acks.wait(t, "env-p2")); msg == nil || msg.Text != "Answer: who funds" {
		t.Fatalf("after a panic: %#v", msg)
	}
}

// Over a real websocket: the bot connects, answers an envelope, reconnects
// with a fresh URL after the connection drops, and answers again.
func TestSocketModeReconnectsAfterDrop(t *testing.T) {
	tb := newTestBot(t, nil, false)
	fake := sockettest.New()
	defer fake.Close()
	client := socketmode.New(slack.New("xoxb-test", slack.OptionAPIURL(fake.APIURL()), slack.OptionAppLevelToken("xapp-test")))
	sm := tb.NewSocketMode(client)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sm.Run(ctx) }()

	if err := fake.WaitConnected(10 * time.Second); err != nil {
		t.Fatal(err)
	}
	ask := func() {
		t.Helper()
		id, err := fake.Send("slash_commands", tb.slashPayload("who funds care leavers"), 0)
		if err != nil {
			t.Fatal(err)
		}
		a, err := fake.AckFor(id, 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(a.Payload), "Answer: who funds") {
			t.Fatalf("ack %s", a.Payload)
		}
	}
	ask()
	waitFor(t, sm.Connected)
	fake.DropConnection()
	if err := fake.WaitConnected(20 * time.Second); err != nil {
		t.Fatal(err)
	}
	ask()
	if fake.Opens() < 2 {
		t.Errorf("apps.connections.open called %d times: a reconnect needs a fresh URL", fake.Opens())
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run after cancel: %v", err)
	}
}

// Auth and scope errors stop the bot with a clear message instead of
// reconnecting forever.
func TestSocketModeFatalErrors(t *testing.T) {
	for _, code := range []string{"invalid_auth", "missing_scope", "team_access_not_granted", "not_allowed_token_type"} {
		t.Run(code, func(t *testing.T) {
			tb := newTestBot(t, nil, false)
			fake := sockettest.New()
			defer fake.Close()
			fake.FailOpen(code)
			client := socketmode.New(slack.New("xoxb-test", slack.OptionAPIURL(fake.APIURL()), slack.OptionAppLevelToken("xapp-test")))
			sm := tb.NewSocketMode(client)
			done := make(chan error, 1)
			go func() { done <- sm.Run(context.Background()) }()
			select {
			case err := <-done:
				var fe *FatalError
				if !errors.As(err, &fe) || fe.Code != code {
					t.Fatalf("Run = %v, want a fatal %s", err, code)
				}
				if !strings.Contains(err.Error(), code) {
					t.Errorf("message %q does not name %s", err, code)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("Run kept retrying a fatal error")
			}
		})
	}
}

func TestHealthReportsSocketMode(t *testing.T) {
	tb := newTestBot(t, nil, false)
	sm := tb.NewSocketMode(socketmode.New(tb.slack.api()))
	status, body := do(t, mustGet(t, tb.server.URL+PathHealth))
	if status != 503 || !strings.Contains(string(body), `"socket_mode":"disconnected"`) {
		t.Errorf("disconnected: %d %s", status, body)
	}
	sm.connected.Store(true)
	status, body = do(t, mustGet(t, tb.server.URL+PathHealth))
	if status != 200 || !strings.Contains(string(body), `"socket_mode":"connected"`) {
		t.Errorf("connected: %d %s", status, body)
	}
}
