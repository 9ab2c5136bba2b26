package bot

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/slack-go/slack"

	"frontdoor/handlers"
)

// counterValue reads a counter.
func counterValue(c prometheus.Counter) float64 {
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		return -1
	}
	return m.GetCounter().GetValue()
}

func testMessage(text string) Message {
	return RenderMessage(handlers.Reply{Text: text, Visibility: handlers.Channel,
		Blocks: []handlers.Block{handlers.Section{Lines: []handlers.Rich{handlers.Line(text)}}}})
}

type posterFixture struct {
	poster  *Poster
	slack   *fakeSlack
	clock   *fakeClock
	metrics *Metrics
}

func newPosterFixture(t *testing.T, change ...func(*PosterOptions)) *posterFixture {
	t.Helper()
	clock := newFakeClock(true) // waits return at once; the clock shows them
	fs := newFakeSlack(t, clock)
	m := NewMetrics()
	opts := PosterOptions{Clock: clock, Metrics: m}
	for _, c := range change {
		c(&opts)
	}
	p := NewPoster(fs.api(), opts)
	t.Cleanup(p.Close)
	return &posterFixture{poster: p, slack: fs, clock: clock, metrics: m}
}

// status429 answers 429, with Retry-After when after is not "".
func status429(after string) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		if after != "" {
			w.Header().Set("Retry-After", after)
		}
		w.WriteHeader(http.StatusTooManyRequests)
	}
}

func slackError(code string) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) { writeJSON(w, map[string]any{"ok": false, "error": code}) }
}

// Each message is posted once, and messages to one channel go out at most
// one a second.
func TestPosterOnePostPerMessagePacedPerChannel(t *testing.T) {
	f := newPosterFixture(t)
	var wg sync.WaitGroup
	results := make([]PostResult, 5)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = f.poster.Post(context.Background(), Post{Channel: testChannel, Message: testMessage(fmt.Sprintf("message %d", i))})
		}()
	}
	wg.Wait()
	for i, r := range results {
		if r.Outcome != Confirmed || r.Attempts != 1 || r.TS == "" {
			t.Errorf("message %d: %+v", i, r)
		}
	}
	calls := f.slack.callsTo("chat.postMessage")
	if len(calls) != len(results) {
		t.Fatalf("%d posts for %d messages", len(calls), len(results))
	}
	seen := map[string]int{}
	for i, c := range calls {
		seen[c.form.Get("text")]++
		if i > 0 && c.at.Sub(calls[i-1].at) < time.Second {
			t.Errorf("posts %d and %d %v apart, want at least 1s", i-1, i, c.at.Sub(calls[i-1].at))
		}
	}
	for text, n := range seen {
		if n != 1 {
			t.Errorf("%q posted %d times", text, n)
		}
	}
}

// A channel waiting out its second does not hold up another channel.
func TestPosterChannelsDoNotWaitForEachOther(t *testing.T) {
	clock := newFakeClock(false) // waits fire only when the test moves the clock
	fs := newFakeSlack(t, clock)
	p := NewPoster(fs.api(), PosterOptions{Clock: clock})
	defer p.Close()
	if r := p.Post(context.Background(), Post{Channel: "C0ONE", Message: testMessage("one")}); r.Outcome != Confirmed {
		t.Fatalf("first: %+v", r)
	}
	second := make(chan PostResult, 1)
	go func() { second <- p.Post(context.Background(), Post{Channel: "C0ONE", Message: testMessage("two")}) }()
	clock.awaitWaiter(t) // C0ONE waits for its second
	if r := p.Post(context.Background(), Post{Channel: "C0TWO", Message: testMessage("other")}); r.Outcome != Confirmed {
		t.Fatalf("other channel: %+v", r)
	}
	select {
	case r := <-second:
		t.Fatalf("posted to C0ONE within the second: %+v", r)
	default:
	}
	clock.Advance(time.Second)
	if r := <-second; r.Outcome != Confirmed {
		t.Fatalf("second: %+v", r)
	}
	if n := len(fs.callsTo("chat.postMessage")); n != 3 {
		t.Errorf("%d posts, want 3", n)
	}
}

// The rows of the retry table of docs/slack-platform.md.
func TestPosterRetryTable(t *testing.T) {
	tests := []struct {
		name     string
		replies  []func(w http.ResponseWriter)
		outcome  Outcome
		attempts int
		plain    bool
		check    func(t *testing.T, f *posterFixture, calls []slackCall)
	}{
		{
			name:    "429 with Retry-After twice, then posted after waiting at least that long",
			replies: []func(w http.ResponseWriter){status429("3"), status429("5")},
			outcome: Confirmed, attempts: 3,
			check: func(t *testing.T, f *posterFixture, calls []slackCall) {
				if d := calls[1].at.Sub(calls[0].at); d < 3*time.Second {
					t.Errorf("retried %v after a Retry-After of 3s", d)
				}
				if d := calls[2].at.Sub(calls[1].at); d < 5*time.Second {
					t.Errorf("retried %v after a Retry-After of 5s", d)
				}
			},
		},
		{
			name:    "429 with Retry-After past the bound: refused, not posted",
			replies: []func(w http.ResponseWriter){status429("1"), status429("1"), status429("1"), status429("1"), status429("1")},
			outcome: Refused, attempts: 4,
		},
		{
			name:    "429 without Retry-After: the message limit, never retried, alerted",
			replies: []func(w http.ResponseWriter){status429("")},
			outcome: Refused, attempts: 1,
			check: func(t *testing.T, f *posterFixture, _ []slackCall) {
				if n := counterValue(f.metrics.MessageLimitAlerts); n != 1 {
					t.Errorf("alerts %v, want 1", n)
				}
			},
		},
		{
			name:    "invalid_blocks: sent once more as plain text",
			replies: []func(w http.ResponseWriter){slackError("invalid_blocks")},
			outcome: Confirmed, attempts: 2, plain: true,
			check: func(t *testing.T, _ *posterFixture, calls []slackCall) {
				if calls[0].form.Get("blocks") == "" || calls[1].form.Get("blocks") != "" {
					t.Errorf("blocks %q then %q: want blocks, then plain text", calls[0].form.Get("blocks"), calls[1].form.Get("blocks"))
				}
				if calls[1].form.Get("text") != "the whole message, as text" {
					t.Errorf("plain text %q", calls[1].form.Get("text"))
				}
			},
		},
		{
			name:    "invalid_blocks twice: refused after one plain try",
			replies: []func(w http.ResponseWriter){slackError("invalid_blocks"), slackError("invalid_blocks")},
			outcome: Refused, attempts: 2, plain: true,
		},
		{
			name:    "500 after sending: unknown, never re-posted",
			replies: []func(w http.ResponseWriter){func(w http.ResponseWriter) { w.WriteHeader(http.StatusInternalServerError) }},
			outcome: Unknown, attempts: 1,
		},
		{
			name:    "503 after sending: unknown, never re-posted",
			replies: []func(w http.ResponseWriter){func(w http.ResponseWriter) { w.WriteHeader(http.StatusServiceUnavailable) }},
			outcome: Unknown, attempts: 1,
		},
		{
			name:    "Slack's refusal (not_in_channel): refused, not retried",
			replies: []func(w http.ResponseWriter){slackError("not_in_channel")},
			outcome: Refused, attempts: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newPosterFixture(t)
			f.slack.postReplies = tt.replies
			res := f.poster.Post(context.Background(), Post{Channel: testChannel, Message: testMessage("digest"), Plain: "the whole message, as text", Kind: PostKindDigest})
			if res.Outcome != tt.outcome || res.Attempts != tt.attempts || res.AsPlainText != tt.plain {
				t.Fatalf("result %+v, want %s after %d attempts (plain %v)", res, tt.outcome, tt.attempts, tt.plain)
			}
			if res.Outcome != Confirmed && res.Err == nil {
				t.Error("no error given for an outcome that is not confirmed")
			}
			calls := f.slack.callsTo("chat.postMessage")
			if len(calls) != tt.attempts {
				t.Fatalf("%d requests, want %d", len(calls), tt.attempts)
			}
			if n := counterValue(f.metrics.DigestPosts.WithLabelValues(string(tt.outcome))); n != 1 {
				t.Errorf("digest posts %s = %v, want 1", tt.outcome, n)
			}
			if tt.check != nil {
				tt.check(t, f, calls)
			}
		})
	}
}

// A request that times out after it was sent has an unknown outcome and is
// not sent again.
func TestPosterTimeoutIsUnknown(t *testing.T) {
	f := newPosterFixture(t, func(o *PosterOptions) { o.CallTimeout = 50 * time.Millisecond })
	release := make(chan struct{})
	defer close(release)
	f.slack.postReplies = []func(w http.ResponseWriter){func(w http.ResponseWriter) { <-release }}
	res := f.poster.Post(context.Background(), Post{Channel: testChannel, Message: testMessage("digest")})
	if res.Outcome != Unknown || res.Attempts != 1 {
		t.Fatalf("result %+v, want unknown after 1 attempt", res)
	}
	if n := len(f.slack.callsTo("chat.postMessage")); n != 1 {
		t.Errorf("%d requests", n)
	}
}

// Connection refused: nothing reached Slack, so it is safe to try again; it
// stays refused when Slack never answers.
func TestPosterConnectionRefusedIsRetried(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	clock := newFakeClock(true)
	m := NewMetrics()
	p := NewPoster(slack.New("xoxb-test", slack.OptionAPIURL("http://"+addr+"/api/")), PosterOptions{Clock: clock, Metrics: m})
	defer p.Close()
	start := clock.Now()
	res := p.Post(context.Background(), Post{Channel: testChannel, Message: testMessage("x")})
	if res.Outcome != Refused || res.Attempts != 4 {
		t.Fatalf("result %+v, want refused after 1 try and 3 retries", res)
	}
	if clock.Now().Sub(start) < 3*time.Second {
		t.Errorf("retried without waiting")
	}
	if n := counterValue(m.SlackErrors.WithLabelValues("chat.postMessage", errKindNotSent)); n != 4 {
		t.Errorf("not_sent errors %v, want 4", n)
	}
}

func TestPosterUpdateAndThread(t *testing.T) {
	f := newPosterFixture(t)
	res := f.poster.Post(context.Background(), Post{Channel: testChannel, Message: testMessage("#42 done"), UpdateTS: "1768208400.000200"})
	if res.Outcome != Confirmed {
		t.Fatalf("update %+v", res)
	}
	if upd := f.slack.callsTo("chat.update"); len(upd) != 1 || upd[0].form.Get("ts") != "1768208400.000200" {
		t.Errorf("chat.update %v", upd)
	}
	f.poster.Post(context.Background(), Post{Channel: testChannel, Message: testMessage("answer"), ThreadTS: "1768208500.000400"})
	if posts := f.slack.callsTo("chat.postMessage"); len(posts) != 1 || posts[0].form.Get("thread_ts") != "1768208500.000400" {
		t.Errorf("thread post %v", posts)
	}
}

func TestPosterClosed(t *testing.T) {
	f := newPosterFixture(t)
	f.poster.Close()
	res := f.poster.Post(context.Background(), Post{Channel: testChannel, Message: testMessage("late")})
	if res.Outcome != Refused || !errors.Is(res.Err, ErrPosterClosed) {
		t.Fatalf("result %+v", res)
	}
	if n := len(f.slack.callsTo("chat.postMessage")); n != 0 {
		t.Errorf("posted after Close")
	}
}

func TestClassifyPostError(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&slack.RateLimitedError{RetryAfter: time.Second}, errKindRateLimited},
		{slack.StatusCodeError{Code: 429}, errKindMessageLimit},
		{slack.StatusCodeError{Code: 502}, errKindServerError},
		{slack.SlackErrorResponse{Err: "invalid_blocks"}, errKindInvalidBlocks},
		{slack.SlackErrorResponse{Err: "channel_not_found"}, errKindSlack},
		{&net.OpError{Op: "dial", Err: errors.New("connection refused")}, errKindNotSent},
		{fmt.Errorf("post: %w", context.DeadlineExceeded), errKindTimeout},
		{&net.OpError{Op: "read", Err: errors.New("connection reset by peer")}, errKindUnknown},
	}
	for _, tt := range tests {
		if got, _ := classifyPostError(tt.err); got != tt.want {
			t.Errorf("classify(%v) = %s, want %s", tt.err, got, tt.want)
		}
	}
	if !strings.Contains(errorKindText(slack.SlackErrorResponse{Err: "not_in_channel"}), "not_in_channel") {
		t.Error("errorKindText loses Slack's code")
	}
}
