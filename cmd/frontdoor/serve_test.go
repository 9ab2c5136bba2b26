package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"

	"frontdoor/bot"
	"frontdoor/bot/sockettest"
)

func TestServeRefusesBadSettings(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"no Slack settings at all", map[string]string{"FRONTDOOR_TZ": "Europe/London"}, []string{"docs/slack.md", "frontdoor try", "SLACK_BOT_TOKEN"}},
		{"every problem named at once", map[string]string{"SLACK_BOT_TOKEN": "xoxp-user", "SLACK_APP_TOKEN": "xoxb-bot",
			"FRONTDOOR_TZ": "Europe/Lundun", "FRONTDOOR_TEAM_IDS": "acme"}, []string{
			"SLACK_BOT_TOKEN: must be a bot token", "SLACK_APP_TOKEN: must be an app-level token", "FRONTDOOR_TZ: unknown time zone",
			`FRONTDOOR_TEAM_IDS: "acme" is not a valid id`}},
		{"neither Socket Mode nor HTTP", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "FRONTDOOR_TEAM_IDS": "T0001"}, []string{"neither Socket Mode nor HTTP"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, "", tt.env, "serve", "--db", t.TempDir()+"/fd.db")
			if code != exitUsage {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitUsage, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr does not say %q:\n%s", w, errOut)
				}
			}
			for _, secret := range []string{"xoxp-user", "xoxb-bot"} {
				if strings.Contains(errOut, secret) {
					t.Errorf("stderr echoes a token")
				}
			}
		})
	}
}

// syncBuffer is a buffer the server logs to while the test reads it.
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

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// serveInBackground runs `frontdoor serve` in-process until the returned stop is called.
func serveInBackground(t *testing.T, environ map[string]string, args ...string) (stop func() int, logs *syncBuffer) {
	t.Helper()
	logs = &syncBuffer{}
	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: logs, getenv: func(k string) string { return environ[k] }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- run(ctx, e, append([]string{"serve"}, args...)) }()
	return func() int {
		cancel()
		select {
		case code := <-done:
			return code
		case <-time.After(15 * time.Second):
			t.Fatal("serve did not stop within 15 s of being told to")
			return -1
		}
	}, logs
}

func waitHealthy(t *testing.T, addr string) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + addr + bot.PathHealth)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return string(body)
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("serve never became healthy on %s", addr)
	return ""
}

// `serve` over HTTP: a signed /fd command is answered from the database, and
// the server stops cleanly when told to.
func TestServeHTTPEndToEnd(t *testing.T) {
	fakeSlack := slacktest.NewTestServer()
	fakeSlack.Start()
	defer fakeSlack.Stop()
	addr := freeAddr(t)
	const secret = "serve-test-signing-secret"
	environ := map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-serve-test", "SLACK_SIGNING_SECRET": secret, "FRONTDOOR_TEAM_IDS": "T0HOME",
		"FRONTDOOR_ADDR": addr, "SLACK_API_URL": fakeSlack.GetAPIURL(),
	}
	stop, logs := serveInBackground(t, environ, "--db", importedDB(t))
	if health := waitHealthy(t, addr); !strings.Contains(health, `"database":"ok"`) {
		t.Errorf("health %s", health)
	}
	body := url.Values{"team_id": {"T0HOME"}, "user_id": {"U0SAM"}, "user_team": {"T0HOME"}, "user_name": {"sam"},
		"channel_id": {"C0UNIT"}, "command": {"/fd"}, "text": {"who funds care leavers in Liverpool"},
		"response_url": {"http://127.0.0.1:1/unused"}}.Encode()
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+bot.PathCommands, strings.NewReader(body))
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", bot.Sign(secret, ts, []byte(body)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var msg bot.Message
	err = json.NewDecoder(resp.Body).Decode(&msg)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || !strings.Contains(msg.Text, "care leavers") {
		t.Errorf("answer %d %+v %v", resp.StatusCode, msg.Text, err)
	}
	if code := stop(); code != exitOK {
		t.Errorf("exit %d after SIGTERM-like stop; logs:\n%s", code, logs.String())
	}
	out := logs.String()
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if !json.Valid([]byte(line)) {
			t.Errorf("log line is not JSON: %s", line)
		}
	}
	for _, s := range []string{secret, "xoxb-serve-test", "care leavers"} {
		if strings.Contains(out, s) {
			t.Errorf("log contains %q", s)
		}
	}
}

// `serve` in Socket Mode stops with a clear message when Slack refuses the app token.
func TestServeSocketModeFatalAuth(t *testing.T) {
	fake := sockettest.New()
	defer fake.Close()
	fake.FailOpen("invalid_auth")
	environ := map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-serve-test", "SLACK_APP_TOKEN": "xapp-serve-test", "FRONTDOOR_TEAM_IDS": "T0HOME",
		"FRONTDOOR_ADDR": freeAddr(t), "SLACK_API_URL": fake.APIURL(),
	}
	var out syncBuffer
	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: &out, getenv: func(k string) string { return environ[k] }}
	done := make(chan int, 1)
	go func() { done <- run(context.Background(), e, []string{"serve", "--db", t.TempDir() + "/fd.db"}) }()
	select {
	case code := <-done:
		if code != exitFailed {
			t.Errorf("exit %d, want %d", code, exitFailed)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve kept running with a refused token")
	}
	if !strings.Contains(out.String(), "invalid_auth") || !strings.Contains(out.String(), "SLACK_APP_TOKEN") {
		t.Errorf("message does not say what to fix:\n%s", out.String())
	}
	if strings.Contains(out.String(), "xapp-serve-test") {
		t.Error("the token was printed")
	}
}
