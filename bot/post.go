package bot

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
)

// Outcome is what became of one outgoing message. chat.postMessage has no
// idempotency key, so a message is sent at most once: when nobody knows
// whether it went out, the outcome says so and nothing is re-posted.
type Outcome string

const (
	// Confirmed: Slack answered ok; the message is in the channel.
	Confirmed Outcome = "confirmed"
	// Refused: Slack said no, or nothing reached Slack; the message is not
	// in the channel and may be sent again deliberately.
	Refused Outcome = "refused"
	// Unknown: the request was sent but no answer came (5xx, timeout); the
	// message may or may not be in the channel. Never re-posted blind.
	Unknown Outcome = "unknown"
)

// Post is one message for the queue.
type Post struct {
	Channel string
	Message Message
	// Plain is the whole message as plain text (already mrkdwn-escaped), sent
	// instead when Slack refuses the blocks; "" means Message.Text.
	Plain string
	// ThreadTS posts the message as a reply in that thread.
	ThreadTS string
	// UpdateTS, when set, replaces that message (chat.update) instead of
	// posting a new one.
	UpdateTS string
	// Kind labels the post: "digest" also counts in frontdoor_digest_posts_total.
	Kind string
}

// PostResult is the outcome of a Post.
type PostResult struct {
	Outcome Outcome
	Channel string
	// TS is the message's timestamp when Confirmed.
	TS string
	// AsPlainText is set when Slack refused the blocks (invalid_blocks) and
	// the message was sent once more as plain text.
	AsPlainText bool
	// WithoutRichBlocks is set when Slack refused a chart or table and the
	// message was sent again with their text in their place.
	WithoutRichBlocks bool
	// Attempts counts requests made to Slack.
	Attempts int
	// Err says why, when not Confirmed.
	Err error
}

// PostKindDigest is the Post.Kind of digest messages.
const PostKindDigest = "digest"

// ErrPosterClosed is the error of a post made after Close.
var ErrPosterClosed = errors.New("bot: poster closed")

// PosterOptions tune a Poster; the zero value is ready to use.
type PosterOptions struct {
	Clock   Clock
	Log     *slog.Logger
	Metrics *Metrics
	// Interval is the least time between two requests to one channel
	// (default one second: chat.postMessage's limit per channel).
	Interval time.Duration
	// RateLimitRetries bounds the retries after a 429 with Retry-After (default 3).
	RateLimitRetries int
	// ConnectRetries bounds the retries when nothing reached Slack (default 3).
	ConnectRetries int
	// CallTimeout bounds one request (default 10 s). A request that times out
	// has an Unknown outcome.
	CallTimeout time.Duration
}

// Poster sends messages through one queue per channel, at most one request
// per Interval to each, following the retry table of docs/slack-platform.md exactly:
//
//	429 with Retry-After        wait at least that long, retry (bounded)
//	429 without Retry-After     the workspace's message limit: no retry; log, alert (metric)
//	invalid_blocks              our bug, or a chart or table not in the workspace yet: send it
//	                            without charts and tables (when it has any), then once as plain text
//	connection refused          nothing reached Slack: safe to retry (bounded)
//	5xx, timeout after sending  never re-post: Unknown, reported to the caller
type Poster struct {
	api  *slack.Client
	opts PosterOptions

	mu     sync.Mutex
	queues map[string]*postQueue
	closed bool
	done   chan struct{}
	wg     sync.WaitGroup
}

type postQueue struct {
	jobs    chan *postJob
	pending int       // jobs handed to Post and not yet taken by the worker (under Poster.mu)
	last    time.Time // when the last request to this channel was sent (worker only)
}

type postJob struct {
	ctx  context.Context
	post Post
	done chan PostResult
}

// queueIdle is how long a channel's worker waits for work before it exits.
const queueIdle = time.Minute

// NewPoster returns a Poster over api.
func NewPoster(api *slack.Client, opts PosterOptions) *Poster {
	if opts.Clock == nil {
		opts.Clock = RealClock{}
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Metrics == nil {
		opts.Metrics = NewMetrics()
	}
	if opts.Interval <= 0 {
		opts.Interval = time.Second
	}
	if opts.RateLimitRetries <= 0 {
		opts.RateLimitRetries = 3
	}
	if opts.ConnectRetries <= 0 {
		opts.ConnectRetries = 3
	}
	if opts.CallTimeout <= 0 {
		opts.CallTimeout = 10 * time.Second
	}
	return &Poster{api: api, opts: opts, queues: map[string]*postQueue{}, done: make(chan struct{})}
}

// Post queues p behind the other messages to its channel and waits for its
// outcome. If ctx ends while the message is still queued, it is not sent
// (Refused); once sent, it is seen through to an outcome.
func (p *Poster) Post(ctx context.Context, post Post) PostResult {
	if post.Channel == "" {
		return PostResult{Outcome: Refused, Err: errors.New("bot: post: no channel")}
	}
	j := &postJob{ctx: ctx, post: post, done: make(chan PostResult, 1)}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return PostResult{Outcome: Refused, Channel: post.Channel, Err: ErrPosterClosed}
	}
	q := p.queues[post.Channel]
	if q == nil {
		q = &postQueue{jobs: make(chan *postJob)}
		p.queues[post.Channel] = q
		p.wg.Add(1)
		go p.work(post.Channel, q)
	}
	q.pending++
	p.mu.Unlock()

	select {
	case q.jobs <- j:
	case <-ctx.Done():
		p.mu.Lock()
		q.pending--
		p.mu.Unlock()
		return PostResult{Outcome: Refused, Channel: post.Channel, Err: ctx.Err()}
	case <-p.done:
		return PostResult{Outcome: Refused, Channel: post.Channel, Err: ErrPosterClosed}
	}
	return <-j.done
}

// Close stops the workers once their current message has an outcome;
// messages still waiting are refused.
func (p *Poster) Close() {
	p.mu.Lock()
	if !p.closed {
		p.closed = true
		close(p.done)
	}
	p.mu.Unlock()
	p.wg.Wait()
}

func (p *Poster) work(channel string, q *postQueue) {
	defer p.wg.Done()
	idle := time.NewTimer(queueIdle)
	defer idle.Stop()
	for {
		select {
		case j := <-q.jobs:
			p.mu.Lock()
			q.pending--
			p.mu.Unlock()
			j.done <- p.send(q, j)
			idle.Reset(queueIdle)
		case <-idle.C:
			p.mu.Lock()
			if q.pending == 0 {
				delete(p.queues, channel)
				p.mu.Unlock()
				return
			}
			p.mu.Unlock()
			idle.Reset(queueIdle)
		case <-p.done:
			return
		}
	}
}

// send makes the requests for one message, pacing each behind the last
// request to the channel.
func (p *Poster) send(q *postQueue, j *postJob) (res PostResult) {
	post := j.post
	res = PostResult{Channel: post.Channel}
	method := "chat.postMessage"
	if post.UpdateTS != "" {
		method = "chat.update"
	}
	defer func() { p.record(post, method, res) }()

	var wait time.Duration // extra wait asked for by Slack (Retry-After)
	rateLimited, refusedConn := 0, 0
	for {
		if !q.last.IsZero() {
			wait = max(wait, q.last.Add(p.opts.Interval).Sub(p.opts.Clock.Now()))
		}
		if err := sleep(j.ctx, p.opts.Clock, wait); err != nil {
			res.Outcome, res.Err = Refused, err // nothing (more) was sent
			return res
		}
		wait = 0
		q.last = p.opts.Clock.Now()
		res.Attempts++
		ts, err := p.call(j.ctx, post, res.AsPlainText)
		if err == nil {
			res.Outcome, res.TS, res.Err = Confirmed, ts, nil
			return res
		}
		res.Err = err
		kind, retryAfter := classifyPostError(err)
		p.opts.Metrics.SlackErrors.WithLabelValues(method, kind).Inc()
		switch kind {
		case errKindRateLimited:
			if rateLimited >= p.opts.RateLimitRetries {
				res.Outcome = Refused
				return res
			}
			rateLimited++
			wait = max(retryAfter, p.opts.Interval)
			p.opts.Log.Warn("slack rate limited: waiting", "method", method, "channel", post.Channel, "retry_after", retryAfter.String())
		case errKindMessageLimit:
			p.opts.Metrics.MessageLimitAlerts.Inc()
			p.opts.Log.Error("slack refused a message: the workspace's message limit is exceeded (429 without Retry-After); not retried",
				"alert", true, "method", method, "channel", post.Channel)
			res.Outcome = Refused
			return res
		case errKindInvalidBlocks:
			if p.dropRichBlocks(&post, &res, method) {
				break // a chart or table Slack does not draw here: try again without them
			}
			if res.AsPlainText {
				res.Outcome = Refused
				return res
			}
			p.opts.Log.Error("slack refused the message's blocks; sending it as plain text", "method", method, "channel", post.Channel, "kind", post.Kind)
			res.AsPlainText = true
		case errKindNotSent:
			if refusedConn >= p.opts.ConnectRetries {
				res.Outcome = Refused
				return res
			}
			refusedConn++
			wait = time.Duration(refusedConn) * time.Second
		case errKindServerError, errKindTimeout, errKindUnknown:
			p.opts.Log.Error("slack post outcome unknown: not re-posted", "method", method, "channel", post.Channel, "kind", kind)
			res.Outcome = Unknown
			return res
		default: // Slack's own refusal: channel_not_found, not_in_channel…
			res.Outcome = Refused
			return res
		}
	}
}

func (p *Poster) call(ctx context.Context, post Post, plain bool) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, p.opts.CallTimeout)
	defer cancel()
	var opts []slack.MsgOption
	if plain {
		text := post.Plain
		if text == "" {
			text = post.Message.Text
		}
		opts = append(opts, slack.MsgOptionText(clipText(text, MaxMessageText), false))
	} else {
		opts = append(opts, post.Message.MsgOptions()...)
	}
	if post.ThreadTS != "" {
		opts = append(opts, slack.MsgOptionTS(post.ThreadTS))
	}
	if post.UpdateTS != "" {
		_, ts, _, err := p.api.UpdateMessageContext(ctx, post.Channel, post.UpdateTS, opts...)
		return ts, err
	}
	_, ts, err := p.api.PostMessageContext(ctx, post.Channel, opts...)
	return ts, err
}

func (p *Poster) record(post Post, method string, res PostResult) {
	p.opts.Metrics.Posts.WithLabelValues(string(res.Outcome)).Inc()
	if post.Kind == PostKindDigest {
		p.opts.Metrics.DigestPosts.WithLabelValues(string(res.Outcome)).Inc()
	}
	attrs := []any{"method", method, "channel", post.Channel, "outcome", string(res.Outcome), "attempts", res.Attempts}
	if post.Kind != "" {
		attrs = append(attrs, "kind", post.Kind)
	}
	if res.Outcome == Confirmed {
		p.opts.Log.Debug("slack post", attrs...)
		return
	}
	p.opts.Log.Warn("slack post not confirmed", append(attrs, "err", errorKindText(res.Err))...)
}

// Kinds of Slack API error, for the retry table and the metrics.
const (
	errKindRateLimited   = "rate_limited"   // 429 with Retry-After
	errKindMessageLimit  = "message_limit"  // 429 without Retry-After
	errKindInvalidBlocks = "invalid_blocks" // Slack refused the blocks
	errKindNotSent       = "not_sent"       // connection refused, DNS: nothing reached Slack
	errKindServerError   = "server_error"   // 5xx after sending
	errKindTimeout       = "timeout"        // no answer in time after sending
	errKindUnknown       = "transport"      // another transport failure after sending
	errKindSlack         = "slack_error"    // Slack answered with an error code
)

// classifyPostError sorts an error from a Web API call into the rows of the
// retry table; for a rate limit it also returns Retry-After.
func classifyPostError(err error) (string, time.Duration) {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return errKindRateLimited, rl.RetryAfter
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) {
		switch {
		case sc.Code == http.StatusTooManyRequests:
			return errKindMessageLimit, 0
		case sc.Code >= 500:
			return errKindServerError, 0
		}
		// Another status (404 from a proxy, say): Slack itself did not accept it.
		return errKindSlack, 0
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		if isBlocksRefusal(se.Err) { // invalid_attachments: a table is sent as an attachment
			return errKindInvalidBlocks, 0
		}
		return errKindSlack, 0
	}
	if notSent(err) {
		return errKindNotSent, 0
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return errKindTimeout, 0
	}
	return errKindUnknown, 0
}

// notSent reports whether err happened before any byte reached Slack: a
// failure to dial (connection refused, no route, DNS).
func notSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// errorKindText describes an error for the log without echoing anything a
// user typed: Slack's error code, or the kind of failure.
func errorKindText(err error) string {
	if err == nil {
		return ""
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	kind, _ := classifyPostError(err)
	if kind == errKindUnknown {
		return strings.TrimSpace(err.Error())
	}
	return kind
}
