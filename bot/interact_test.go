package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"frontdoor/handlers"
	"frontdoor/handlers/view"
)

// blockActionsPayload is a button click as Slack sends it.
func (tb *testBot) blockActionsPayload(actionID, value, responseURL string) map[string]any {
	p := map[string]any{
		"type":         "block_actions",
		"team":         map[string]any{"id": testTeam, "domain": "unit"},
		"user":         map[string]any{"id": testUser, "username": "sam", "name": "sam", "team_id": testTeam},
		"api_app_id":   "A0FD",
		"trigger_id":   "1337.42.efgh",
		"channel":      map[string]any{"id": testChannel, "name": "unit"},
		"container":    map[string]any{"type": "message", "message_ts": "1768208400.000200", "channel_id": testChannel},
		"message":      map[string]any{"type": "message", "ts": "1768208400.000200", "text": "#42 DWP to share data"},
		"response_url": responseURL,
		"actions": []map[string]any{{
			"action_id": actionID, "block_id": "b1", "type": "button", "value": value,
			"action_ts": "1768208401.123456", "text": map[string]any{"type": "plain_text", "text": "Done"},
		}},
	}
	return p
}

// The Done button runs `done N` as the person who clicked, with the click's
// key, and replaces the message in place.
func TestDoneButtonUpdatesMessageInPlace(t *testing.T) {
	svc := &fakeService{handle: func(ctx context.Context, req handlers.Request) (handlers.Reply, error) {
		return handlers.Reply{Text: "#42 is done", Visibility: handlers.Channel, Blocks: []handlers.Block{
			handlers.Section{Lines: []handlers.Rich{handlers.Line("#42 DWP to share data: done")}},
			handlers.Actions{Buttons: []handlers.Button{{Text: "Reopen", ActionID: ActionReopenID, Value: "42"}}},
		}}, nil
	}}
	tb := newTestBot(t, svc, false)
	status, body := tb.interact(t, tb.blockActionsPayload(ActionDoneID, "42", tb.rsink.URL+"/actions/1"))
	if status != http.StatusOK || len(body) != 0 {
		t.Fatalf("ack %d %q, want an empty 200", status, body)
	}
	post := tb.rsink.next(t)
	if post["replace_original"] != true || post["text"] != "#42 is done" || !strings.Contains(messageText(post), ActionReopenID) {
		t.Errorf("update %s", messageText(post))
	}
	calls := tb.svc.calls()
	if len(calls) != 1 || calls[0].Text != "done 42" || calls[0].User.ID != testUser {
		t.Fatalf("service got %+v", calls)
	}
	if want := "button:1768208401.123456:" + testUser + ":" + ActionDoneID; calls[0].Key != want {
		t.Errorf("key %q, want %q", calls[0].Key, want)
	}
}

// Without a usable response_url the message is updated with chat.update.
func TestReopenButtonUsesChatUpdateWithoutResponseURL(t *testing.T) {
	tb := newTestBot(t, nil, false)
	tb.interact(t, tb.blockActionsPayload(ActionReopenID, "42", ""))
	upd := tb.slack.waitCalls(t, "chat.update", 1)[0]
	if upd.form.Get("channel") != testChannel || upd.form.Get("ts") != "1768208400.000200" || !strings.Contains(upd.form.Get("blocks"), "Done: reopen") {
		t.Errorf("chat.update %v", upd.form)
	}
	if calls := tb.svc.calls(); len(calls) != 1 || calls[0].Text != "reopen 42" {
		t.Errorf("service got %+v", calls)
	}
}

// Done on an action that was deleted: the refusal goes to the person, the
// message is left as it was.
func TestDoneOnDeletedActionIsRefusedPrivately(t *testing.T) {
	svc := &fakeService{handle: func(ctx context.Context, req handlers.Request) (handlers.Reply, error) {
		err := handlers.Errorf(handlers.EConflict, "#42 was deleted, so it cannot be marked done.")
		return view.ErrorReply(err, ""), err
	}}
	tb := newTestBot(t, svc, false)
	tb.interact(t, tb.blockActionsPayload(ActionDoneID, "42", tb.rsink.URL+"/actions/2"))
	post := tb.rsink.next(t)
	if post["replace_original"] != false || post["response_type"] != "ephemeral" || !strings.Contains(messageText(post), "was deleted") {
		t.Errorf("refusal %s", messageText(post))
	}
}

func TestBadButtonValueRunsNothing(t *testing.T) {
	tb := newTestBot(t, nil, false)
	tb.interact(t, tb.blockActionsPayload(ActionDoneID, "42; delete 1", tb.rsink.URL+"/actions/3"))
	if post := tb.rsink.next(t); !strings.Contains(messageText(post), "no longer works") {
		t.Errorf("got %s", messageText(post))
	}
	if n := len(tb.svc.calls()); n != 0 {
		t.Errorf("service ran %d times", n)
	}
}

// Share in channel re-runs the lookup as the person who clicked, posts it
// in the channel, then deletes the private original.
func TestShareInChannel(t *testing.T) {
	tb := newTestBot(t, nil, false)
	tb.interact(t, tb.blockActionsPayload(ShareActionID, "who funds care leavers in Liverpool", tb.rsink.URL+"/share/1"))
	shared := tb.rsink.next(t)
	if shared["response_type"] != "in_channel" || shared["replace_original"] != false || !strings.Contains(messageText(shared), "Shared by") {
		t.Errorf("shared %s", messageText(shared))
	}
	if strings.Contains(messageText(shared), `"action_id":"share"`) {
		t.Error("the shared message still has a Share button")
	}
	if del := tb.rsink.next(t); del["delete_original"] != true {
		t.Errorf("second post %s, want the original deleted", messageText(del))
	}
	if calls := tb.svc.calls(); len(calls) != 1 || calls[0].Text != "who funds care leavers in Liverpool" || calls[0].Key != "" {
		t.Errorf("service got %+v", calls)
	}
}

func TestShareRefusesWrites(t *testing.T) {
	tb := newTestBot(t, nil, false)
	tb.interact(t, tb.blockActionsPayload(ShareActionID, "delete 42", tb.rsink.URL+"/share/2"))
	if post := tb.rsink.next(t); !strings.Contains(messageText(post), "only lookups") {
		t.Errorf("got %s", messageText(post))
	}
	if n := len(tb.svc.calls()); n != 0 {
		t.Errorf("a write ran through Share")
	}
}

func TestButtonFromGuestRefused(t *testing.T) {
	tb := newTestBot(t, nil, false)
	p := tb.blockActionsPayload(ActionDoneID, "42", tb.rsink.URL+"/actions/4")
	p["user"] = map[string]any{"id": guestUser, "name": "guest", "team_id": otherTeam}
	tb.interact(t, p)
	if post := tb.rsink.next(t); !strings.Contains(messageText(post), "only for members") {
		t.Errorf("got %s", messageText(post))
	}
	if n := len(tb.svc.calls()); n != 0 {
		t.Errorf("service ran for a guest")
	}
}

func agencies(n int) []handlers.Agency {
	out := make([]handlers.Agency, n)
	for i := range out {
		out[i] = handlers.Agency{ID: fmt.Sprintf("ag%03d", i), Name: fmt.Sprintf("Agency %03d", i), Kind: "council"}
	}
	out[0] = handlers.Agency{ID: "dwp", Name: "Department for Work and Pensions", Kind: "department", Aliases: []string{"DWP"}}
	return out
}

// viewOf decodes the view of a views.open or views.update call.
func viewOf(t *testing.T, c slackCall) slack.ModalViewRequest {
	t.Helper()
	var req struct {
		View   slack.ModalViewRequest `json:"view"`
		ViewID string                 `json:"view_id"`
		Hash   string                 `json:"hash"`
	}
	if err := json.Unmarshal(c.json, &req); err != nil {
		t.Fatalf("%s: %v", c.method, err)
	}
	return req.View
}

// `/fd log` with no text opens the modal: a loading view while the trigger
// is fresh, then the form through views.update. Submitting it logs the
// action and posts the record in the channel.
func TestLogModalRoundTrip(t *testing.T) {
	svc := &fakeService{agencies: agencies(3)}
	tb := newTestBot(t, svc, false)
	status, ack := tb.command(t, tb.commandForm("log"))
	if status != http.StatusOK || ack.Text != "" {
		t.Fatalf("ack %d %s, want an empty 200", status, ackText(ack))
	}
	open := tb.slack.waitCalls(t, "views.open", 1)[0]
	if !strings.Contains(string(open.json), `"trigger_id":"1337.42.abcd"`) || !strings.Contains(string(open.json), "Loading") {
		t.Errorf("views.open %s", open.json)
	}
	upd := tb.slack.waitCalls(t, "views.update", 1)[0]
	if !strings.Contains(string(upd.json), `"view_id":"V0MODAL"`) || !strings.Contains(string(upd.json), `"hash":"hash-open"`) {
		t.Errorf("views.update does not name the opened view: %s", upd.json)
	}
	view := viewOf(t, upd)
	if view.CallbackID != ModalLogCallbackID || len(view.Blocks.BlockSet) < 4 {
		t.Fatalf("form %+v", view)
	}
	js := string(upd.json)
	for _, want := range []string{`"type":"users_select"`, `"type":"datepicker"`, `"type":"multi_static_select"`, `"value":"dwp"`, `"max_length":3000`} {
		if !strings.Contains(js, want) {
			t.Errorf("form lacks %s", want)
		}
	}
	if problems := CheckBlocks(view.Blocks.BlockSet, MaxViewBlocks); len(problems) > 0 {
		t.Errorf("form breaks Slack's limits: %v", problems)
	}
	for _, s := range []string{view.Title.Text, view.Submit.Text, view.Close.Text} {
		if textLen(s) > maxModalText {
			t.Errorf("modal text %q over %d", s, maxModalText)
		}
	}

	submission := map[string]any{
		"type": "view_submission",
		"team": map[string]any{"id": testTeam},
		"user": map[string]any{"id": testUser, "name": "sam", "team_id": testTeam},
		"view": map[string]any{
			"id": "V0MODAL", "hash": "hash-update", "type": "modal", "callback_id": ModalLogCallbackID,
			"private_metadata": view.PrivateMetadata,
			"state": map[string]any{"values": map[string]any{
				blockText:     map[string]any{blockText: map[string]any{"type": "plain_text_input", "value": "DWP to share Restart leaver data with the ICB"}},
				blockOwner:    map[string]any{blockOwner: map[string]any{"type": "users_select", "selected_user": "U0ALEX"}},
				blockDue:      map[string]any{blockDue: map[string]any{"type": "datepicker", "selected_date": "2026-01-16"}},
				blockAgencies: map[string]any{blockAgencies: map[string]any{"type": "multi_static_select", "selected_options": []map[string]any{{"value": "dwp"}, {"value": "ag001"}}}},
			}},
		},
	}
	status, body := tb.interact(t, submission)
	if status != http.StatusOK || len(body) != 0 {
		t.Fatalf("submission ack %d %q, want an empty 200 (closes the modal)", status, body)
	}
	record := tb.rsink.next(t)
	if record["response_type"] != "in_channel" || record["text"] != "Logged #7" {
		t.Errorf("record %s", messageText(record))
	}
	if len(svc.forms) != 1 {
		t.Fatalf("LogFromForm called %d times", len(svc.forms))
	}
	f := svc.forms[0]
	if f.Text != "DWP to share Restart leaver data with the ICB" || f.OwnerID != "U0ALEX" || f.Due.String() != "2026-01-16" ||
		strings.Join(f.AgencyIDs, ",") != "dwp,ag001" {
		t.Errorf("form %+v", f)
	}
	req := svc.calls()[0]
	if req.Key != "view:V0MODAL:hash-update" || req.ChannelID != testChannel || req.User.ID != testUser {
		t.Errorf("request %+v", req)
	}
}

func TestLogModalSubmissionErrorKeepsItOpen(t *testing.T) {
	svc := &fakeService{logFromForm: func(ctx context.Context, req handlers.Request, form handlers.LogForm) (handlers.Reply, error) {
		return handlers.Reply{}, handlers.Errorf(handlers.EInvalid, "That looks like an NHS number. Actions are about the system, not individuals.")
	}}
	tb := newTestBot(t, svc, false)
	status, body := tb.interact(t, map[string]any{
		"type": "view_submission", "team": map[string]any{"id": testTeam},
		"user": map[string]any{"id": testUser, "team_id": testTeam},
		"view": map[string]any{"id": "V1", "hash": "h1", "callback_id": ModalLogCallbackID, "state": map[string]any{"values": map[string]any{
			blockText: map[string]any{blockText: map[string]any{"type": "plain_text_input", "value": "call 943 476 5919"}},
		}}},
	})
	var resp slack.ViewSubmissionResponse
	if err := json.Unmarshal(body, &resp); err != nil || status != http.StatusOK {
		t.Fatalf("ack %d %q", status, body)
	}
	if resp.ResponseAction != slack.RAErrors || !strings.Contains(resp.Errors[blockText], "NHS number") {
		t.Errorf("ack %+v", resp)
	}
}

// More than 100 agencies do not fit a static select: the modal searches them.
func TestLogModalSearchesALargeRegister(t *testing.T) {
	svc := &fakeService{agencies: agencies(150)}
	tb := newTestBot(t, svc, false)
	tb.command(t, tb.commandForm("log"))
	upd := tb.slack.waitCalls(t, "views.update", 1)[0]
	if !strings.Contains(string(upd.json), `"type":"multi_external_select"`) {
		t.Fatalf("form %s", upd.json)
	}
	for _, tt := range []struct {
		query string
		want  int
	}{{"agency 1", 50}, {"dwp", 1}, {"Agency", 100}, {"zzz", 0}} {
		_, body := tb.interact(t, map[string]any{"type": "block_suggestion", "action_id": blockAgencies, "block_id": blockAgencies,
			"value": tt.query, "team": map[string]any{"id": testTeam}, "user": map[string]any{"id": testUser, "team_id": testTeam}})
		var resp slack.OptionsResponse
		if err := json.Unmarshal(body, &resp); err != nil {
			t.Fatalf("%q: %v %s", tt.query, err, body)
		}
		if len(resp.Options) != tt.want {
			t.Errorf("%q: %d options, want %d", tt.query, len(resp.Options), tt.want)
		}
	}
}

// The message shortcut opens the same modal, filled with the message's text
// and a link back to it.
func TestLogAsActionShortcut(t *testing.T) {
	tb := newTestBot(t, &fakeService{agencies: agencies(2)}, false)
	status, _ := tb.interact(t, map[string]any{
		"type": "message_action", "callback_id": ShortcutLogCallbackID, "trigger_id": "99.1.x",
		"team": map[string]any{"id": testTeam}, "user": map[string]any{"id": testUser, "team_id": testTeam},
		"channel":      map[string]any{"id": testChannel},
		"message":      map[string]any{"type": "message", "ts": "1768208000.000300", "text": "ICB to send the referral figures by Friday"},
		"response_url": tb.rsink.URL + "/shortcut/1",
	})
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	tb.slack.waitCalls(t, "views.open", 1)
	upd := tb.slack.waitCalls(t, "views.update", 1)[0]
	js := string(upd.json)
	if !strings.Contains(js, `"initial_value":"ICB to send the referral figures by Friday"`) {
		t.Errorf("form not filled: %s", js)
	}
	if !strings.Contains(js, "archives/"+testChannel+"/p1768208000000300") {
		t.Errorf("form lacks the link back: %s", js)
	}
	view := viewOf(t, upd)
	if meta := decodeModalMeta(view.PrivateMetadata); meta.Link == "" || meta.Channel != testChannel || meta.ResponseURL == "" {
		t.Errorf("metadata %+v", meta)
	}
}

// The App Home tab is published within a view's 100 blocks, however long.
func TestAppHomeWithin100Blocks(t *testing.T) {
	svc := &fakeService{home: func(ctx context.Context, p handlers.Person) (handlers.Reply, error) {
		r := handlers.Reply{Text: "Your actions"}
		for i := 0; i < 300; i++ {
			r.Blocks = append(r.Blocks, handlers.Section{Lines: []handlers.Rich{handlers.Line(fmt.Sprintf("#%d an action", i))}}, handlers.Divider{})
		}
		return r, nil
	}}
	tb := newTestBot(t, svc, false)
	if status, _ := do(t, tb.signed(t, PathEvents, homeOpenedEvent("EvHome1", testUser), 0)); status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	pub := tb.slack.waitCalls(t, "views.publish", 1)[0]
	var req struct {
		UserID string                   `json:"user_id"`
		View   slack.HomeTabViewRequest `json:"view"`
	}
	if err := json.Unmarshal(pub.json, &req); err != nil {
		t.Fatal(err)
	}
	if req.UserID != testUser || req.View.Type != slack.VTHomeTab {
		t.Errorf("published %s for %s", req.View.Type, req.UserID)
	}
	if n := len(req.View.Blocks.BlockSet); n == 0 || n > MaxViewBlocks {
		t.Errorf("%d blocks, limit %d", n, MaxViewBlocks)
	}
	if problems := CheckBlocks(req.View.Blocks.BlockSet, MaxViewBlocks); len(problems) > 0 {
		t.Errorf("home breaks Slack's limits: %v", problems)
	}
	if p := svc.homes[0]; p.ID != testUser || p.TeamID != testTeam {
		t.Errorf("home built for %+v", p)
	}
}

func mentionEvent(eventID, user, text string) []byte {
	js, _ := json.Marshal(map[string]any{
		"token": "x", "team_id": testTeam, "api_app_id": "A0FD", "type": "event_callback", "event_id": eventID,
		"event": map[string]any{"type": "app_mention", "user": user, "text": text, "ts": "1768208500.000400",
			"channel": testChannel, "event_ts": "1768208500.000400"},
	})
	return js
}

// "@Frontdoor who funds…" is answered in a thread under the message.
func TestAppMentionAnsweredInThread(t *testing.T) {
	tb := newTestBot(t, nil, false)
	tb.SetBotUserID("U0FRONTDOOR")
	do(t, tb.signed(t, PathEvents, mentionEvent("EvM1", testUser, "<@U0FRONTDOOR> who funds care leavers"), 0))
	post := tb.slack.waitCalls(t, "chat.postMessage", 1)[0]
	if post.form.Get("channel") != testChannel || post.form.Get("thread_ts") != "1768208500.000400" || post.form.Get("text") != "Answer: who funds" {
		t.Errorf("posted %v", post.form)
	}
	if strings.Contains(post.form.Get("blocks"), `"action_id":"share"`) {
		t.Error("a thread answer carries a Share button")
	}
	if calls := tb.svc.calls(); len(calls) != 1 || calls[0].Text != "who funds care leavers" {
		t.Errorf("service got %+v", calls)
	}
	// A write through a mention carries the event's key.
	do(t, tb.signed(t, PathEvents, mentionEvent("EvM2", testUser, "<@U0FRONTDOOR> done 42"), 0))
	tb.clock.awaitWaiter(t) // one message a second to the channel
	tb.clock.Advance(time.Second)
	tb.slack.waitCalls(t, "chat.postMessage", 2)
	if calls := tb.svc.calls(); len(calls) != 2 || calls[1].Key != "event:EvM2" {
		t.Errorf("service got %+v", calls)
	}
}

func TestMentionText(t *testing.T) {
	tests := []struct{ in, bot, want string }{
		{"<@U0BOT> who funds care leavers", "U0BOT", "who funds care leavers"},
		{"<@U0BOT|frontdoor>: help", "U0BOT", "help"},
		{"<@U0BOT> log <@U0SAM> to call DWP", "U0BOT", "log <@U0SAM> to call DWP"},
		{"<@U0SAM> said <@U0BOT> help", "U0BOT", "<@U0SAM> said <@U0BOT> help"},
		{"  <@U0BOT>   area Leeds ", "", "area Leeds"},
	}
	for _, tt := range tests {
		if got := mentionText(tt.in, tt.bot); got != tt.want {
			t.Errorf("mentionText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestUsersLookup(t *testing.T) {
	tb := newTestBot(t, nil, false)
	name, err := tb.Users().LookupUser(context.Background(), testUser)
	if err != nil || name != "person-u0sam" {
		t.Errorf("LookupUser(%s) = %q, %v", testUser, name, err)
	}
	if _, err := tb.Users().LookupUser(context.Background(), unknownUserID); !isNotFound(err) {
		t.Errorf("unknown user: %v, want handlers.ErrNotFound", err)
	}
	if _, err := tb.Users().LookupUser(context.Background(), "sam"); !isNotFound(err) {
		t.Errorf("not an id: %v, want handlers.ErrNotFound", err)
	}
	// Answers are cached: one users.info per user.
	tb.Users().LookupUser(context.Background(), testUser)
	if n := len(tb.slack.callsTo("users.info")); n != 2 {
		t.Errorf("users.info called %d times, want 2 (one per id asked)", n)
	}
}

func isNotFound(err error) bool {
	return errors.Is(err, handlers.ErrNotFound)
}
