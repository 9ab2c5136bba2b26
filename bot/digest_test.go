package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"frontdoor/handlers"
	"frontdoor/handlers/digest"
	"frontdoor/handlers/index"
	"frontdoor/handlers/regtest"
	"frontdoor/handlers/view"
)

// The database-backed tests of the digest, the schedule and the reminders
// are in bot/deliverytest, so that this package's fuzz targets never link
// SQLite (instrumenting it costs over a minute a run).

func TestRefusedDetail(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"not in the channel", slack.SlackErrorResponse{Err: "not_in_channel"}, "message 2 of 5: the bot is not in that channel (invite it there with /invite @Frontdoor)"},
		{"no such channel", slack.SlackErrorResponse{Err: "channel_not_found"}, "no such channel"},
		{"archived", slack.SlackErrorResponse{Err: "is_archived"}, "archived"},
		{"another code", slack.SlackErrorResponse{Err: "msg_too_long"}, "Slack refused it (msg_too_long)"},
		{"stopping", context.Canceled, "was not sent: Frontdoor was stopping"},
		{"poster closed", ErrPosterClosed, "was not sent: Frontdoor was stopping"},
		{"rate limited", &slack.RateLimitedError{RetryAfter: 30}, "kept rate-limiting"},
		{"message limit", slack.StatusCodeError{Code: 429}, "message limit"},
		{"unreachable", &net.OpError{Op: "dial", Err: errors.New("connection refused")}, "could not be reached"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := refusedDetail(tt.err, 1, 5); !strings.Contains(got, tt.want) || !strings.HasPrefix(got, "message 2 of 5") {
				t.Errorf("refusedDetail = %q, want it to say %q", got, tt.want)
			}
		})
	}
	if !RefusedBecauseNotInChannel(fmt.Errorf("post: %w", slack.SlackErrorResponse{Err: "not_in_channel"})) ||
		RefusedBecauseNotInChannel(slack.SlackErrorResponse{Err: "is_archived"}) {
		t.Error("RefusedBecauseNotInChannel")
	}
	if got := unknownDetail(slack.StatusCodeError{Code: 500}, 2, 5); got != "Slack gave no answer for message 3 of 5 (server_error), so it may or may not be in the channel" {
		t.Errorf("unknownDetail = %q", got)
	}
}

// The messages stored with a claim read back as exactly what was rendered,
// so a continuation sends the same messages as the first attempt.
func TestDigestMessagesRoundTrip(t *testing.T) {
	ix := index.NewIndex(regtest.Small())
	dig, _, err := digest.Build(ix, digest.Input{On: handlers.DateOf(2026, 1, 12)})
	if err != nil {
		t.Fatal(err)
	}
	replies := view.DigestMessages(Budget, dig)
	var stored []digestMessage
	for _, r := range replies {
		stored = append(stored, digestMessage{Message: RenderMessage(r), Plain: plainText(r)})
	}
	js, err := json.Marshal(stored)
	if err != nil {
		t.Fatal(err)
	}
	var back []digestMessage
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatal(err)
	}
	if len(back) != len(replies) || len(back) < 2 {
		t.Fatalf("%d messages read back of %d", len(back), len(replies))
	}
	for i := range back {
		want, _ := json.Marshal(stored[i])
		got, _ := json.Marshal(back[i])
		if string(got) != string(want) {
			t.Errorf("message %d changed on the way through the database:\n got %s\nwant %s", i+1, got, want)
		}
		if problems := CheckLimits(back[i].Message); len(problems) > 0 {
			t.Errorf("message %d breaks Slack's limits: %v", i+1, problems)
		}
	}

	out, err := DigestPostJSON(handlers.DigestPost{Messages: js})
	if err != nil {
		t.Fatal(err)
	}
	direct, err := DigestJSON(dig)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != string(direct) {
		t.Error("DigestPostJSON of the stored messages differs from DigestJSON of the digest")
	}
	var arr []map[string]any
	if err := json.Unmarshal(direct, &arr); err != nil || len(arr) != len(replies) || arr[0]["response_type"] != "in_channel" {
		t.Errorf("DigestJSON is not an array of channel messages: %v", err)
	}
}

// Two Digests on one bot share its metrics rather than fail to register them.
func TestDigestMetricsShared(t *testing.T) {
	m := NewMetrics()
	a, b := newDigestMetrics(m), newDigestMetrics(m)
	a.runs.WithLabelValues("posted").Inc()
	b.runs.WithLabelValues("posted").Inc()
	if got := counterValue(a.runs.WithLabelValues("posted")); got != 2 {
		t.Errorf("shared counter = %v, want 2", got)
	}
}
