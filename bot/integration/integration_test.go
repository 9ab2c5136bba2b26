// Package integration runs the Slack transport against the real SQLite
// store loaded with the demo register. It lives apart from package bot so
// that bot's own tests, and fuzzing, never link cgo.
package integration

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"frontdoor/bot"
	"frontdoor/handlers"
	"frontdoor/handlers/command"
	"frontdoor/store"
)

// consoleCommands is a session at the console: every command, lookups and
// the action log's whole life cycle, in an order whose writes build on each other.
var consoleCommands = []string{
	"help",
	"help who funds",
	"who funds care leavers in Liverpool",
	"who funds over 50s in Greater Manchester as of 1/4/2026",
	"who funds disabled people",
	"what does DWP fund",
	"funds GMCA",
	"programme Connect to Work",
	"cohort NEETs",
	"area South Yorkshire",
	"agency DWP",
	"who funds unicorns",
	"log DWP to share Restart leaver data with the ICB by Friday",
	"log <@U0ALEX|alex> to send the referral figures to GMCA by 28 Feb",
	"actions",
	"actions mine",
	"actions DWP",
	"action 1",
	"note 1 data shared, waiting on sign-off",
	"due 1 by 30 Jan",
	"assign 1 <@U0ALEX|alex>",
	"done 1",
	"actions done",
	"reopen 1",
	"delete 2",
	"done 2",
	"action 99",
	"overlaps",
	"gaps",
	"ending",
	"digest",
	"frobnicate the register",
}

// Every console command gives the same answer through /fd over HTTP and in
// Socket Mode as at the console, within Slack's limits.
func TestEveryCommandInBothModes(t *testing.T) {
	overHTTP := newUnit(t, false)
	overSocket := newUnit(t, true)
	// The same directory answers who U0ALEX is.
	console := newService(mustOpenStore(t), func(o *command.Options) { o.People = bot.NewPeople(overHTTP.bot.Users(), []string{homeTeam}) })
	for _, text := range consoleCommands {
		want := askConsole(t, console, sam, text)
		gotHTTP := overHTTP.askHTTP(t, sam, text)
		gotSocket := overSocket.askSocket(t, sam, text)
		t.Logf("%-60q → %s %.90q", text, want.ResponseType, want.Text)
		for _, got := range []struct {
			mode string
			a    answer
		}{{"http", gotHTTP}, {"socket mode", gotSocket}} {
			if got.a.Text != want.Text || got.a.ResponseType != want.ResponseType {
				t.Errorf("%q over %s:\n got  %s %q\n want %s %q", text, got.mode, got.a.ResponseType, got.a.Text, want.ResponseType, want.Text)
			} else if g, w := blocksWithoutShare(t, got.a.Raw), blocksWithoutShare(t, want.Raw); g != w {
				t.Errorf("%q over %s: blocks differ from the console's:\n got  %s\n want %s", text, got.mode, g, w)
			}
			var msg bot.Message
			if err := json.Unmarshal([]byte(got.a.Raw), &msg); err != nil {
				t.Fatalf("%q over %s: %v", text, got.mode, err)
			}
			if problems := bot.CheckLimits(msg); len(problems) > 0 {
				t.Errorf("%q over %s breaks Slack's limits: %v", text, got.mode, problems)
			}
		}
	}
	// The writes really happened, once each, in both databases.
	for name, u := range map[string]*unit{"http": overHTTP, "socket mode": overSocket} {
		a, err := u.db.GetAction(context.Background(), 1)
		if err != nil {
			t.Fatalf("%s: action 1: %v", name, err)
		}
		if a.Status != handlers.ActionOpen || a.OwnerID != alex {
			t.Errorf("%s: action 1 is %s, owned by %s; want open (reopened), owned by %s", name, a.Status, a.OwnerID, alex)
		}
		if a2, err := u.db.GetAction(context.Background(), 2); err != nil || a2.Status != handlers.ActionDeleted {
			t.Errorf("%s: action 2: %+v, %v; want deleted", name, a2, err)
		}
	}
}

// blocksWithoutShare is a message's blocks as JSON, without the Share
// button (whose value, the command text, only Slack carries).
func blocksWithoutShare(t *testing.T, raw string) string {
	t.Helper()
	var m struct {
		Blocks []json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		t.Fatal(err)
	}
	var keep []string
	for _, b := range m.Blocks {
		if strings.Contains(string(b), `"action_id":"`+bot.ShareActionID+`"`) {
			continue
		}
		keep = append(keep, string(b))
	}
	return strings.Join(keep, ",")
}

// Refused requests change nothing in the database: bad signatures, stale or
// future timestamps, missing headers, oversized bodies, another workspace,
// and Slack Connect guests of another organisation.
func TestRefusedRequestsLeaveDatabaseUnchanged(t *testing.T) {
	u := newUnit(t, false)
	before := dump(t, u.db)
	write := func(change func(map[string]string)) []byte {
		f := u.commandFields(sam, "log DWP to share Restart leaver data with the ICB")
		if change != nil {
			change(f)
		}
		return form(f)
	}
	tests := []struct {
		name   string
		req    func() *http.Request
		status int
		reply  string
	}{
		{"forged signature", func() *http.Request {
			r := u.signed(t, bot.PathCommands, write(nil), 0)
			r.Header.Set("X-Slack-Signature", bot.Sign("guessed", r.Header.Get("X-Slack-Request-Timestamp"), write(nil)))
			return r
		}, http.StatusUnauthorized, ""},
		{"stale", func() *http.Request { return u.signed(t, bot.PathCommands, write(nil), -10*time.Minute) }, http.StatusUnauthorized, ""},
		{"future", func() *http.Request { return u.signed(t, bot.PathCommands, write(nil), 10*time.Minute) }, http.StatusUnauthorized, ""},
		{"missing headers", func() *http.Request {
			r := u.signed(t, bot.PathCommands, write(nil), 0)
			r.Header.Del("X-Slack-Signature")
			r.Header.Del("X-Slack-Request-Timestamp")
			return r
		}, http.StatusUnauthorized, ""},
		{"oversized", func() *http.Request {
			return u.signed(t, bot.PathCommands, append(write(nil), bytes.Repeat([]byte("&pad=x"), bot.MaxBodyBytes/6+1)...), 0)
		}, http.StatusRequestEntityTooLarge, ""},
		{"wrong workspace", func() *http.Request {
			return u.signed(t, bot.PathCommands, write(func(f map[string]string) { f["team_id"] = otherTeam }), 0)
		}, http.StatusOK, "only for members"},
		{"guest from another organisation (user_team)", func() *http.Request {
			return u.signed(t, bot.PathCommands, write(func(f map[string]string) { f["user_team"] = otherTeam }), 0)
		}, http.StatusOK, "only for members"},
		{"guest from another organisation (users.info)", func() *http.Request {
			return u.signed(t, bot.PathCommands, write(func(f map[string]string) { f["user_id"] = guest }), 0)
		}, http.StatusOK, "only for members"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := do(t, tt.req())
			if status != tt.status {
				t.Fatalf("status %d, want %d", status, tt.status)
			}
			if tt.reply != "" && !strings.Contains(string(body), tt.reply) {
				t.Errorf("reply %s", body)
			}
			if tt.reply == "" && len(body) != 0 {
				t.Errorf("refusal carries detail: %q", body)
			}
			if after := dump(t, u.db); after != before {
				t.Errorf("the database changed")
			}
		})
	}
	// The same request, properly signed from a member, does write: the
	// refusals above were not for want of a working write.
	if status, _ := do(t, u.signed(t, bot.PathCommands, write(nil), 0)); status != http.StatusOK {
		t.Fatalf("member's write: status %d", status)
	}
	if dump(t, u.db) == before {
		t.Error("a member's write changed nothing")
	}
}

// A signed write delivered twice (a replay inside the 5-minute window) is
// recorded once, and both deliveries get the same answer.
func TestReplayedWriteRecordedOnce(t *testing.T) {
	u := newUnit(t, false)
	fields := u.commandFields(sam, "log DWP to share Restart leaver data with the ICB by Friday")
	first := u.signed(t, bot.PathCommands, form(fields), 0)
	status, body1 := do(t, first)
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	once := dump(t, u.db)
	replay, _ := http.NewRequest(http.MethodPost, first.URL.String(), bytes.NewReader(form(fields)))
	replay.Header = first.Header.Clone() // the same signature and timestamp
	status, body2 := do(t, replay)
	if status != http.StatusOK {
		t.Fatalf("replay: status %d", status)
	}
	if dump(t, u.db) != once {
		t.Error("the replay changed the database")
	}
	if a, b := decodeAnswer(t, body1).Text, decodeAnswer(t, body2).Text; !strings.Contains(a, "#1") || !strings.Contains(b, "#1") {
		t.Errorf("answers %q and %q", a, b)
	}
	if _, err := u.db.GetAction(context.Background(), 2); err == nil {
		t.Error("the replay logged a second action")
	}
}

func mentionEvent(eventID, user, text string) []byte {
	js, _ := json.Marshal(map[string]any{
		"token": "x", "team_id": homeTeam, "api_app_id": "A0FD", "type": "event_callback", "event_id": eventID,
		"event": map[string]any{"type": "app_mention", "user": user, "text": text, "ts": "1768208500.000400",
			"channel": channel, "event_ts": "1768208500.000400"},
	})
	return js
}

// An Events API retry of an event already handled does nothing: the
// event_id is claimed in the database before any work.
func TestEventRetryRecordedOnce(t *testing.T) {
	u := newUnit(t, false)
	body := mentionEvent("Ev0LOG1", sam, "<@U0FRONTDOOR> log ICB to send the referral figures by Friday")
	if status, _ := do(t, u.signed(t, bot.PathEvents, body, 0)); status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	waitUntil(t, func() bool { return len(u.slack.callsTo("chat.postMessage")) == 1 })
	once := dump(t, u.db)
	retry := u.signed(t, bot.PathEvents, body, 0)
	retry.Header.Set("X-Slack-Retry-Num", "1")
	retry.Header.Set("X-Slack-Retry-Reason", "http_timeout")
	if status, _ := do(t, retry); status != http.StatusOK {
		t.Fatalf("retry: status %d", status)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := u.bot.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if dump(t, u.db) != once {
		t.Error("the retry changed the database")
	}
	if n := len(u.slack.callsTo("chat.postMessage")); n != 1 {
		t.Errorf("answered %d times in the thread, want 1", n)
	}
	if !strings.Contains(u.slack.callsTo("chat.postMessage")[0], "thread_ts=1768208500.000400") {
		t.Errorf("answer not in the thread: %s", u.slack.callsTo("chat.postMessage")[0])
	}
}

// An owner Slack does not know is refused, and nothing is written.
func TestUnknownOwnerRefused(t *testing.T) {
	u := newUnit(t, false)
	before := dump(t, u.db)
	a := u.askHTTP(t, sam, "log <@U0NOBODY|ghost> to call the jobcentre by Friday")
	if a.ResponseType != "ephemeral" || strings.Contains(a.Text, "#1") {
		t.Errorf("answer %s %q, want a private refusal", a.ResponseType, a.Text)
	}
	if dump(t, u.db) != before {
		t.Error("an action with an unknown owner was written")
	}
	if n := len(u.slack.callsTo("users.info")); n < 2 {
		t.Errorf("users.info called %d times: the owner was not looked up", n)
	}
}

// The modal, end to end: `/fd log` opens it, the submission logs the action
// in the database and the record is posted in the channel.
func TestLogModalOnRealStore(t *testing.T) {
	u := newUnit(t, false)
	fields := u.commandFields(sam, "log")
	if status, body := do(t, u.signed(t, bot.PathCommands, form(fields), 0)); status != http.StatusOK || len(body) != 0 {
		t.Fatalf("ack %d %s", status, body)
	}
	waitUntil(t, func() bool { return len(u.slack.callsTo("views.update")) == 1 })
	var upd struct {
		View struct {
			PrivateMetadata string `json:"private_metadata"`
		} `json:"view"`
	}
	if err := json.Unmarshal([]byte(u.slack.callsTo("views.update")[0]), &upd); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(u.slack.callsTo("views.update")[0], `"value":"dwp"`) {
		t.Errorf("the form does not offer the register's agencies: %.300s", u.slack.callsTo("views.update")[0])
	}
	submission, _ := json.Marshal(map[string]any{
		"type": "view_submission", "team": map[string]any{"id": homeTeam},
		"user": map[string]any{"id": sam, "name": "sam", "team_id": homeTeam},
		"view": map[string]any{"id": "V0MODAL", "hash": "h-views.update", "callback_id": bot.ModalLogCallbackID,
			"private_metadata": upd.View.PrivateMetadata,
			"state": map[string]any{"values": map[string]any{
				"text":     map[string]any{"text": map[string]any{"type": "plain_text_input", "value": "Share Restart leaver data with the ICB"}},
				"owner":    map[string]any{"owner": map[string]any{"type": "users_select", "selected_user": alex}},
				"due":      map[string]any{"due": map[string]any{"type": "datepicker", "selected_date": "2026-01-16"}},
				"agencies": map[string]any{"agencies": map[string]any{"type": "multi_static_select", "selected_options": []map[string]any{{"value": "dwp"}}}},
			}}},
	})
	body := []byte(url.Values{"payload": {string(submission)}}.Encode())
	if status, ack := do(t, u.signed(t, bot.PathInteractivity, body, 0)); status != http.StatusOK || len(ack) != 0 {
		t.Fatalf("submission ack %d %s", status, ack)
	}
	record := u.sink.wait(t, fields["response_url"], 1)
	if record["response_type"] != "in_channel" {
		t.Errorf("record %v", record)
	}
	a, err := u.db.GetAction(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if a.OwnerID != alex || a.Due.String() != "2026-01-16" || a.CreatorID != sam || !strings.Contains(a.Text, "Restart") {
		t.Errorf("action %+v", a)
	}
	// Submitting the same view again (a retry) logs nothing more.
	once := dump(t, u.db)
	do(t, u.signed(t, bot.PathInteractivity, body, 0))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := u.bot.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if dump(t, u.db) != once {
		t.Error("a repeated submission changed the database")
	}
}

// The Done button closes the action in the database and updates the message.
func TestDoneButtonOnRealStore(t *testing.T) {
	u := newUnit(t, false)
	logged := u.askHTTP(t, sam, "log DWP to share Restart leaver data with the ICB by Friday")
	if !strings.Contains(logged.Raw, `"action_id":"`+bot.ActionDoneID+`"`) {
		t.Fatalf("the record has no Done button: %s", logged.Raw)
	}
	click := func(ts string) url.Values {
		p, _ := json.Marshal(map[string]any{
			"type": "block_actions", "team": map[string]any{"id": homeTeam},
			"user":         map[string]any{"id": sam, "name": "sam", "team_id": homeTeam},
			"channel":      map[string]any{"id": channel},
			"container":    map[string]any{"type": "message", "message_ts": "1768208400.000200", "channel_id": channel},
			"response_url": u.sink.URL + "/button/" + ts,
			"actions":      []map[string]any{{"action_id": bot.ActionDoneID, "block_id": "b1", "value": "1", "type": "button", "action_ts": ts}},
		})
		return url.Values{"payload": {string(p)}}
	}
	if status, _ := do(t, u.signed(t, bot.PathInteractivity, []byte(click("1768208401.000001").Encode()), 0)); status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	update := u.sink.wait(t, u.sink.URL+"/button/1768208401.000001", 1)
	if update["replace_original"] != true {
		t.Errorf("not updated in place: %v", update)
	}
	a, err := u.db.GetAction(context.Background(), 1)
	if err != nil || a.Status != handlers.ActionDone {
		t.Fatalf("action 1: %+v %v, want done", a, err)
	}
	if js, _ := json.Marshal(update); !strings.Contains(string(js), bot.ActionReopenID) {
		t.Errorf("the updated record has no Reopen button: %s", js)
	}
}

// Claims on the real store: the first claim of a key wins, later ones do not.
func TestClaimsOnRealStore(t *testing.T) {
	db := mustOpenStore(t)
	ctx := context.Background()
	for i, want := range []bool{true, false, false} {
		first, err := db.Claim(ctx, "claim:event:Ev0CLAIM", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if first != want {
			t.Errorf("claim %d: first = %v, want %v", i+1, first, want)
		}
	}
	if first, err := db.Claim(ctx, "claim:event:Ev0OTHER", time.Hour); err != nil || !first {
		t.Errorf("another key: %v %v", first, err)
	}
	if _, err := db.Claim(ctx, "", time.Hour); err == nil {
		t.Error("an empty key was claimed")
	}
}

// A claim older than its ttl is taken again (Slack has long stopped retrying
// by then), and survives reopening the database.
func TestClaimsExpire(t *testing.T) {
	now := time.Date(2026, 1, 12, 9, 0, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "claims.db")
	open := func() *store.DB {
		db, err := store.Open(context.Background(), path, store.Options{Clock: handlers.ClockFunc(func() time.Time { return now })})
		if err != nil {
			t.Fatal(err)
		}
		return db
	}
	db := open()
	ctx := context.Background()
	claim := func(want bool) {
		t.Helper()
		first, err := db.Claim(ctx, "claim:event:Ev0TTL", time.Hour)
		if err != nil || first != want {
			t.Fatalf("at %s: first = %v, %v; want %v", now.Format(time.TimeOnly), first, err, want)
		}
	}
	claim(true)
	db.Close()
	db = open() // a restart keeps the claim
	defer db.Close()
	now = now.Add(59 * time.Minute)
	claim(false)
	now = now.Add(2 * time.Minute)
	claim(true)
	claim(false)
}

// Tokens, the signing secret and what people typed never reach the log.
func TestSecretsAndTextStayOutOfLogs(t *testing.T) {
	u := newUnit(t, true)
	const canary = "Zephyrine Canaryfield"
	u.askHTTP(t, sam, "log "+canary+" needs a call back from the jobcentre")
	u.askSocket(t, sam, "who funds "+canary)
	do(t, u.signed(t, bot.PathEvents, mentionEvent("Ev0CANARY", sam, "<@U0FRONTDOOR> log "+canary+" follow-up"), 0))
	waitUntil(t, func() bool { return len(u.slack.callsTo("chat.postMessage")) == 1 })
	logs := u.logs.String()
	for _, s := range []string{canary, secret, "xoxb-canary-bot-token", "xapp-canary-app-token"} {
		if strings.Contains(logs, s) {
			t.Errorf("log contains %q", s)
		}
	}
	if !strings.Contains(logs, `"command":"log"`) {
		t.Errorf("log lacks the commands:\n%s", logs)
	}
}

func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in time")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
