package bot

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"frontdoor/handlers"
)

func TestReplyHosts(t *testing.T) {
	tests := []struct {
		api, url string
		ok       bool
	}{
		{slackAPI, "https://hooks.slack.com/commands/T0/1/abc", true},
		{slackAPI, "https://HOOKS.Slack.com./actions/T0/1/abc", true},
		{slackAPI, "https://hooks.slack.com:443/commands/T0/1/abc", true},
		{slackAPI, "https://slack.com/api/x", true},
		{slackAPI, "http://hooks.slack.com/commands/T0/1/abc", false},
		{slackAPI, "https://evil.example/hooks.slack.com/commands", false},
		{slackAPI, "https://hooks.slack.com.evil.example/commands", false},
		{slackAPI, "https://hooks.slack.com@evil.example/commands", false},
		{slackAPI, "https://evil.example?hooks.slack.com", false},
		{slackAPI, "https://evilslack.com/commands", false},
		{slackAPI, "https://xn--hooks-slack-com.example/", false},
		{slackAPI, "javascript:alert(1)", false},
		{slackAPI, "//hooks.slack.com/commands", false},
		{slackAPI, "hooks.slack.com/commands", false},
		{slackAPI, "https:hooks.slack.com", false},
		{slackAPI, "https://127.0.0.1:8080/r/1", false},
		{"https://slack-gov.com/api/", "https://hooks.slack-gov.com/commands/T0/1/abc", true},
		{"https://slack-gov.com/api/", "https://hooks.slack.com/commands/T0/1/abc", true},
		{"https://slack-gov.com/api/", "https://hooks.slack-gov.com.evil.example/", false},
		// A test's Slack on the loopback: its host over http, on any port, and nothing else.
		{"http://127.0.0.1:41234/", "http://127.0.0.1:50000/r/1", true},
		{"http://127.0.0.1:41234/", "http://localhost:50000/r/1", false},
		{"http://127.0.0.1:41234/", "http://hooks.slack.com/r/1", false},
		{"https://127.0.0.1:41234/", "http://127.0.0.1:50000/r/1", false},
	}
	for _, tt := range tests {
		err := newReplyHosts(tt.api).check(tt.url)
		if (err == nil) != tt.ok {
			t.Errorf("with SLACK_API_URL %s, %q: %v, want allowed %v", tt.api, tt.url, err, tt.ok)
		}
	}
}

const slackAPI = "https://slack.com/api/"

// offSlack is the response sink reached by another name than the test's
// Slack host: an address that is not Slack's, whose posts the test can see.
func (tb *testBot) offSlack(t *testing.T, path string) string {
	t.Helper()
	u, err := url.Parse(tb.rsink.URL)
	if err != nil {
		t.Fatal(err)
	}
	return "http://localhost:" + u.Port() + path
}

// assertRefusalLogged checks the refusal is in the log by host, without the
// address's path (a capability to post), the token or the secret.
func assertRefusalLogged(t *testing.T, tb *testBot, secretPath string) {
	t.Helper()
	logs := tb.logs.String()
	if !strings.Contains(logs, "response_url refused") || !strings.Contains(logs, "host localhost is not Slack's") {
		t.Errorf("no refusal logged:\n%s", logs)
	}
	for _, leak := range []string{secretPath, testSecret, "xoxb-test"} {
		if strings.Contains(logs, leak) {
			t.Errorf("the log holds %q:\n%s", leak, logs)
		}
	}
}

// A slash command whose answer comes late: a response_url that is not
// Slack's gets nothing, and the refusal is logged.
func TestCommandResponseURLNotSlacksIsRefused(t *testing.T) {
	release := make(chan struct{})
	svc := &fakeService{handle: func(ctx context.Context, req handlers.Request) (handlers.Reply, error) {
		<-release
		return defaultHandle(req)
	}}
	tb := newTestBot(t, svc, false)
	const path = "/commands/T0UNIT/1/s3cr3t-capability"
	got := make(chan int, 1)
	go func() {
		s, _ := tb.command(t, tb.commandForm("who funds care leavers", func(v url.Values) { v.Set("response_url", tb.offSlack(t, path)) }))
		got <- s
	}()
	tb.clock.awaitWaiter(t)
	tb.clock.Advance(DefaultBudget)
	if s := <-got; s != http.StatusOK {
		t.Fatalf("ack %d", s)
	}
	close(release)
	waitFor(t, func() bool { return strings.Contains(tb.logs.String(), "answer not delivered") })
	if n := tb.rsink.count(); n != 0 {
		t.Errorf("%d posts reached an address that is not Slack's", n)
	}
	assertRefusalLogged(t, tb, path)
}

// A button's response_url that is not Slack's is refused: the message is
// updated through the Web API instead.
func TestInteractionResponseURLNotSlacksIsRefused(t *testing.T) {
	tb := newTestBot(t, nil, false)
	const path = "/actions/T0UNIT/2/s3cr3t-capability"
	tb.interact(t, tb.blockActionsPayload(ActionReopenID, "42", tb.offSlack(t, path)))
	if upd := tb.slack.waitCalls(t, "chat.update", 1)[0]; upd.form.Get("ts") != "1768208400.000200" {
		t.Errorf("chat.update %v", upd.form)
	}
	if n := tb.rsink.count(); n != 0 {
		t.Errorf("%d posts reached an address that is not Slack's", n)
	}
	assertRefusalLogged(t, tb, path)
}

// The reply address stored in a modal's metadata is checked when it is
// used: one that is not Slack's gets nothing, and the record goes to the
// channel through the Web API.
func TestStoredReplyAddressNotSlacksIsRefused(t *testing.T) {
	tb := newTestBot(t, &fakeService{agencies: agencies(2)}, true) // the poster paces on the clock
	const path = "/commands/T0UNIT/3/s3cr3t-capability"
	meta := modalMeta{Channel: testChannel, ResponseURL: tb.offSlack(t, path), At: tb.clock.Now().Unix()}.encode()
	status, body := tb.interact(t, map[string]any{
		"type": "view_submission", "team": map[string]any{"id": testTeam},
		"user": map[string]any{"id": testUser, "name": "sam", "team_id": testTeam},
		"view": map[string]any{"id": "V0MODAL", "hash": "hash-update", "type": "modal", "callback_id": ModalLogCallbackID,
			"private_metadata": meta,
			"state": map[string]any{"values": map[string]any{
				blockText: map[string]any{blockText: map[string]any{"type": "plain_text_input", "value": "DWP to share Restart leaver data with the ICB"}},
			}}},
	})
	if status != http.StatusOK || len(body) != 0 {
		t.Fatalf("submission ack %d %q", status, body)
	}
	post := tb.slack.waitCalls(t, "chat.postMessage", 1)[0]
	if post.form.Get("channel") != testChannel {
		t.Errorf("the record went to %q, want the channel %s", post.form.Get("channel"), testChannel)
	}
	if n := tb.rsink.count(); n != 0 {
		t.Errorf("%d posts reached an address that is not Slack's", n)
	}
	assertRefusalLogged(t, tb, path)
}

// A response_url that answers with a redirect is not followed anywhere.
func TestResponseURLRedirectIsNotFollowed(t *testing.T) {
	tb := newTestBot(t, nil, false)
	redirect := httpRedirector(t, tb.offSlack(t, "/elsewhere"))
	ru := tb.newResponder(redirect + "/commands/T0/4/s3cr3t")
	if ru == nil {
		t.Fatal("the test's Slack host was refused")
	}
	err := ru.post(context.Background(), responsePayload{Message: *ephemeral("hello")})
	if err == nil || !strings.Contains(err.Error(), "status 307") || strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("post through a redirect: %v; want status 307, without the path", err)
	}
	if n := tb.rsink.count(); n != 0 {
		t.Errorf("the redirect was followed: %d posts", n)
	}
}

func httpRedirector(t *testing.T, to string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, to, http.StatusTemporaryRedirect)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
