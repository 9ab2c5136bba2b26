package integration

// Residents' identifiers through the Slack transport on the real store: the
// slash command over signed HTTP, the modal, the message shortcut and the
// @mention, each refusing without echoing and without storing; and the
// mention that writes, retried after the bot died before committing it.

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"frontdoor/bot"
	"frontdoor/handlers"
	"frontdoor/handlers/command"
	"frontdoor/handlers/pii/piitest"
)

// submitModal posts a view submission of the log modal with text, and returns
// the acknowledgement's body.
func (u *unit) submitModal(t *testing.T, viewID, text string) []byte {
	t.Helper()
	meta, _ := json.Marshal(map[string]any{"c": channel, "r": u.sink.newURL(), "a": time.Now().Unix()})
	submission, _ := json.Marshal(map[string]any{
		"type": "view_submission", "team": map[string]any{"id": homeTeam},
		"user": map[string]any{"id": sam, "name": "sam", "team_id": homeTeam},
		"view": map[string]any{"id": viewID, "hash": "h1", "callback_id": bot.ModalLogCallbackID,
			"private_metadata": string(meta),
			"state": map[string]any{"values": map[string]any{
				"text": map[string]any{"text": map[string]any{"type": "plain_text_input", "value": text}},
			}}},
	})
	status, ack := do(t, u.signed(t, bot.PathInteractivity, []byte(url.Values{"payload": {string(submission)}}.Encode()), 0))
	if status != http.StatusOK {
		t.Fatalf("submission: status %d", status)
	}
	return ack
}

// modalError is the message a submission's acknowledgement shows by the text
// field ("" when the modal closed).
func modalError(t *testing.T, ack []byte) string {
	t.Helper()
	if len(ack) == 0 {
		return ""
	}
	var resp struct {
		Action string            `json:"response_action"`
		Errors map[string]string `json:"errors"`
	}
	if err := json.Unmarshal(ack, &resp); err != nil {
		t.Fatalf("acknowledgement %s: %v", ack, err)
	}
	return resp.Errors["text"]
}

func namesKinds(t *testing.T, what, msg string, tc piitest.Case) {
	t.Helper()
	for _, k := range tc.Kinds {
		if !strings.Contains(msg, k) {
			t.Errorf("%s: %q does not name the %s", what, msg, k)
		}
	}
	if piitest.Echoes(msg, tc) {
		t.Errorf("%s: the answer echoes the identifier: %s", what, msg)
	}
}

// Every spelling is refused through a signed slash command (a write, a note
// on someone else's action and a lookup) and through the modal, on one line
// and split across its lines, named and not echoed, and nothing is stored.
func TestIdentifiersRefusedOverHTTPAndInTheModal(t *testing.T) {
	u := newUnit(t, false)
	if a := u.askHTTP(t, alex, "log review IPS referrals"); !strings.Contains(a.Text, "#1") {
		t.Fatalf("alex's action: %q", a.Text)
	}
	before := dump(t, u.db)
	for _, tc := range piitest.Refused {
		t.Run(tc.Name, func(t *testing.T) {
			for _, text := range []string{"log " + tc.Text, "note 1 " + tc.Text, "who funds " + tc.Text} {
				a := u.askHTTP(t, sam, text)
				if a.ResponseType != "ephemeral" {
					t.Errorf("%.20q: answered %s", text, a.ResponseType)
				}
				namesKinds(t, "slash command", a.Raw, tc)
			}
			for i, text := range []string{tc.Text, strings.ReplaceAll(tc.Text, " ", "\n")} {
				msg := modalError(t, u.submitModal(t, "V0PII"+tc.Name+string(rune('a'+i)), text))
				if !strings.HasPrefix(msg, "Not recorded") {
					t.Errorf("modal: %q", msg)
				}
				namesKinds(t, "modal", msg, tc)
			}
			if after := dump(t, u.db); after != before {
				t.Fatalf("stored something:\n%s", after)
			}
		})
	}
	if logs := u.logs.String(); containsAny(logs, piitest.Refused) != "" {
		t.Errorf("the log holds %q", containsAny(logs, piitest.Refused))
	}
}

func containsAny(s string, cases []piitest.Case) string {
	for _, tc := range cases {
		if piitest.Echoes(s, tc) {
			return tc.Ident
		}
	}
	return ""
}

// Near-misses are logged through the modal and noted through a signed slash
// command, stored exactly as typed.
func TestNearMissesOverHTTPAndInTheModal(t *testing.T) {
	u := newUnit(t, false)
	if a := u.askHTTP(t, sam, "log review IPS referrals"); !strings.Contains(a.Text, "#1") {
		t.Fatalf("log: %q", a.Text)
	}
	for i, tc := range piitest.Passed {
		t.Run(tc.Name, func(t *testing.T) {
			if msg := modalError(t, u.submitModal(t, "V0OK"+tc.Name, tc.Text)); msg != "" {
				t.Fatalf("modal refused: %q", msg)
			}
			id := int64(i + 2)
			waitUntil(t, func() bool { _, err := u.db.GetAction(context.Background(), id); return err == nil })
			if a, _ := u.db.GetAction(context.Background(), id); a.Text != tc.Text {
				t.Errorf("stored %q, want %q", a.Text, tc.Text)
			}
			if a := u.askHTTP(t, sam, "note 1 "+tc.Text); !strings.HasPrefix(a.Text, "Note added to #1") {
				t.Errorf("note: %q", a.Text)
			}
		})
	}
}

// A mention carrying a postcode in a thread, as a write and as a lookup: the
// refusal goes to the person only, in the thread, naming the kind; nothing
// is posted for the channel and nothing holds the postcode.
func TestMentionWithPostcodeInAThread(t *testing.T) {
	u := newUnit(t, false)
	u.bot.SetBotUserID("U0FRONTDOOR")
	actionsBefore := actionRows(t, u)
	for i, text := range []string{
		"<@U0FRONTDOOR> log visit the resident at M1 1AE on Tuesday",
		"<@U0FRONTDOOR> who funds care leavers in m1\u00a01ae",
	} {
		ev := threadMention("Ev0PC"+string(rune('A'+i)), sam, text, "1768208400.000100")
		if status, _ := do(t, u.signed(t, bot.PathEvents, ev, 0)); status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		waitUntil(t, func() bool { return len(u.slack.callsTo("chat.postEphemeral")) == i+1 })
		post, _ := url.ParseQuery(u.slack.callsTo("chat.postEphemeral")[i])
		if post.Get("thread_ts") != "1768208400.000100" || post.Get("user") != sam {
			t.Errorf("refusal sent as %v", post)
		}
		msg := post.Get("text")
		if !strings.Contains(msg, "a postcode") || !strings.Contains(msg, "edit or delete") {
			t.Errorf("refusal %q", msg)
		}
		if strings.Contains(strings.ToUpper(msg), "1AE") {
			t.Errorf("the refusal echoes the postcode: %q", msg)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := u.bot.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(u.slack.callsTo("chat.postMessage")); n != 0 {
		t.Errorf("%d messages posted to the channel", n)
	}
	if actionRows(t, u) != actionsBefore {
		t.Error("an action was stored")
	}
	if d := strings.ToUpper(dump(t, u.db)); strings.Contains(d, "M1 1AE") || strings.Contains(d, "1AE") {
		t.Error("the database holds the postcode")
	}
	if strings.Contains(strings.ToUpper(u.logs.String()), "1AE") {
		t.Error("the log holds the postcode")
	}
}

func threadMention(eventID, user, text, threadTS string) []byte {
	js, _ := json.Marshal(map[string]any{
		"token": "x", "team_id": homeTeam, "api_app_id": "A0FD", "type": "event_callback", "event_id": eventID,
		"event": map[string]any{"type": "app_mention", "user": user, "text": text, "ts": "1768208500.000400",
			"thread_ts": threadTS, "channel": channel, "event_ts": "1768208500.000400"},
	})
	return js
}

// actionRows is the action log's rows and audit, without keys and claims.
func actionRows(t *testing.T, u *unit) string {
	t.Helper()
	var keep []string
	for _, line := range strings.Split(dump(t, u.db), "\n") {
		if strings.HasPrefix(line, "actions ") || strings.HasPrefix(line, "action_tags ") || strings.HasPrefix(line, "audit ") {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n")
}

// The message shortcut on a message holding an NHS number opens the form
// empty, saying why, so the number is copied nowhere new.
func TestShortcutOnAMessageWithAnNHSNumber(t *testing.T) {
	u := newUnit(t, false)
	payload, _ := json.Marshal(map[string]any{
		"type": "message_action", "callback_id": bot.ShortcutLogCallbackID, "trigger_id": "99.1.x",
		"team": map[string]any{"id": homeTeam}, "user": map[string]any{"id": sam, "name": "sam", "team_id": homeTeam},
		"channel":      map[string]any{"id": channel},
		"message":      map[string]any{"type": "message", "ts": "1768208000.000300", "text": "Can someone chase 943\u2009476\u20095919 with the ICB?"},
		"response_url": u.sink.newURL(),
	})
	if status, _ := do(t, u.signed(t, bot.PathInteractivity, []byte(url.Values{"payload": {string(payload)}}.Encode()), 0)); status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	waitUntil(t, func() bool { return len(u.slack.callsTo("views.update")) == 1 })
	form := u.slack.callsTo("views.update")[0]
	if strings.Contains(form, "5919") || strings.Contains(form, "initial_value") {
		t.Errorf("the form carries the message: %.600s", form)
	}
	if !strings.Contains(form, "an NHS number, so it was not copied in") {
		t.Errorf("the form does not say why it is empty: %.600s", form)
	}
}

// stalledActions is the action store of a bot that dies in the middle of a
// write: CreateAction enters, then fails when the test says the process has
// died, before committing (or, with commit set, just after).
type stalledActions struct {
	handlers.ActionStore
	commit  bool
	entered chan struct{}
	died    chan struct{}
	once    sync.Once
}

var errDied = errors.New("the process died")

func (s *stalledActions) CreateAction(ctx context.Context, a handlers.Action, key string) (handlers.Action, bool, error) {
	s.once.Do(func() { close(s.entered) })
	if s.commit {
		if _, _, err := s.ActionStore.CreateAction(ctx, a, key); err != nil {
			return handlers.Action{}, false, err
		}
	}
	<-s.died
	return handlers.Action{}, false, errDied
}

// An @Frontdoor log mention whose bot died before answering it (before the
// commit, or between the commit and marking the event as seen) is recorded
// once when Slack retries the delivery to the restarted bot: the event is
// marked as seen only once its action is committed. Further retries record
// nothing and post nothing more.
func TestMentionRetriedAfterTheBotDied(t *testing.T) {
	for _, tt := range []struct {
		name   string
		commit bool
		answer string
	}{
		{"died before committing", false, "Logged #1: "},
		{"died after committing", true, "Already logged as #1: "},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := mustOpenStore(t)
			stalled := &stalledActions{ActionStore: db, commit: tt.commit, entered: make(chan struct{}), died: make(chan struct{})}
			first := newUnitOn(t, false, db, func(o *command.Options) { o.Actions = stalled })
			first.bot.SetBotUserID("U0FRONTDOOR")
			body := mentionEvent("Ev0DIED", sam, "<@U0FRONTDOOR> log ICB to send the referral figures by Friday")

			// The delivery reaches the bot, which dies mid-write: Slack gets no
			// acknowledgement (the connection goes with the process).
			ctx, hangUp := context.WithCancel(context.Background())
			req := first.signed(t, bot.PathEvents, body, 0).WithContext(ctx)
			sent := make(chan error, 1)
			go func() {
				resp, err := http.DefaultClient.Do(req)
				if err == nil {
					resp.Body.Close()
					err = errors.New("acknowledged before the write settled: " + resp.Status)
				}
				sent <- err
			}()
			select {
			case <-stalled.entered:
			case <-time.After(10 * time.Second):
				t.Fatal("the write never started")
			}
			hangUp()
			if err := <-sent; !errors.Is(err, context.Canceled) {
				t.Errorf("first delivery: %v", err)
			}
			close(stalled.died)
			sctx, stop := context.WithTimeout(context.Background(), 10*time.Second)
			defer stop()
			if err := first.bot.Shutdown(sctx); err != nil {
				t.Fatal(err)
			}
			if claims := claimRows(t, first); claims != "" {
				t.Errorf("the event was marked as seen before its action was committed: %s", claims)
			}

			// Restarted on the same database, the bot gets Slack's retry.
			second := newUnitOn(t, false, first.db)
			second.bot.SetBotUserID("U0FRONTDOOR")
			for retry := 1; retry <= 2; retry++ {
				r := second.signed(t, bot.PathEvents, body, 0)
				r.Header.Set("X-Slack-Retry-Num", string(rune('0'+retry)))
				r.Header.Set("X-Slack-Retry-Reason", "http_timeout")
				if status, _ := do(t, r); status != http.StatusOK {
					t.Fatalf("retry %d: status %d", retry, status)
				}
			}
			if err := second.bot.Shutdown(sctx); err != nil {
				t.Fatal(err)
			}
			acts, err := second.db.AllActions(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(acts) != 1 || !strings.Contains(acts[0].Text, "referral figures") {
				t.Fatalf("after the retries the log holds %+v, want the action once", acts)
			}
			posts := second.slack.callsTo("chat.postMessage")
			if len(posts) != 1 {
				t.Fatalf("answered %d times, want once", len(posts))
			}
			if v, _ := url.ParseQuery(posts[0]); !strings.HasPrefix(v.Get("text"), tt.answer) || v.Get("thread_ts") != "1768208500.000400" {
				t.Errorf("answer %q in thread %q, want %q…", v.Get("text"), v.Get("thread_ts"), tt.answer)
			}
			if claimRows(t, second) == "" {
				t.Error("the event is not marked as seen after its action was committed")
			}
		})
	}
}

// claimRows is the idempotency table's claims of events.
func claimRows(t *testing.T, u *unit) string {
	t.Helper()
	var keep []string
	for _, line := range strings.Split(dump(t, u.db), "\n") {
		if strings.HasPrefix(line, "idempotency ") && strings.Contains(line, "claim:event:") {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n")
}

// An accepted action whose record is too long for Slack once escaped is
// shortened by the core, a word earlier where a cut would make a number read
// as an identifier; what Slack gets holds none, within its limits.
func TestLongRecordNeverCutIntoAnIdentifier(t *testing.T) {
	u := newUnit(t, false)
	// Slack's cut of a section (3,000 characters, "&" escaped to five) falls
	// inside the numbers for some of these paddings; the core's for others.
	// An "&" moves a cut five characters and an "x" one, so together they
	// reach every offset.
	for i := 0; i <= 70*5; i++ {
		pad := strings.Repeat("&", 530+i/5) + strings.Repeat("x", i%5)
		text := "log " + pad + " ref 943 476 59190 and 077009001234"
		a := u.askHTTP(t, sam, text)
		if !strings.Contains(a.Text, "Logged #") {
			t.Fatalf("offset %d: %q", i, a.Text)
		}
		var msg bot.Message
		if err := json.Unmarshal([]byte(a.Raw), &msg); err != nil {
			t.Fatal(err)
		}
		if problems := bot.CheckLimits(msg); len(problems) > 0 {
			t.Errorf("offset %d: %v", i, problems)
		}
		for _, s := range jsonStrings(t, a.Raw) {
			if kinds := handlers.FindIdentifiers(strings.ReplaceAll(s, "&amp;", "&")); len(kinds) > 0 {
				t.Errorf("offset %d: the record reads as holding %v: %.80q…", i, kinds, s[max(0, len(s)-80):])
			}
		}
	}
}

// jsonStrings lists every string value in a JSON document.
func jsonStrings(t *testing.T, js string) []string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(js), &v); err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			out = append(out, v)
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}
