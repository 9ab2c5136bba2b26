package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/slack-go/slack"

	"frontdoor/handlers"
	"frontdoor/handlers/digest"
	"frontdoor/handlers/view"
)

// DigestStore is what posting the digest needs from the database:
// *store.DB. The claim rules live in handlers.DecideDigestClaim.
type DigestStore interface {
	handlers.DigestHistory
	handlers.DigestAlerts
	// ClaimDigest takes (or refuses) the claim of a channel's week in one transaction.
	ClaimDigest(ctx context.Context, c handlers.DigestClaim) (handlers.DigestPost, handlers.DigestClaimDecision, error)
	// RecordDigestPart records one message confirmed, in order; the last makes the post posted.
	RecordDigestPart(ctx context.Context, id int64, attempt, part int, ts string) (handlers.DigestPost, error)
	// FinishDigest ends an attempt unconfirmed or failed.
	FinishDigest(ctx context.Context, id int64, attempt int, state, detail string) (handlers.DigestPost, error)
	// SkipDigest records a week not posted, unless it has a post already.
	SkipDigest(ctx context.Context, channel string, week handlers.Date, reason string) (handlers.DigestPost, bool, error)
}

// DigestOptions configure Digests. Store and Build are required, and
// Poster to Send.
type DigestOptions struct {
	Store DigestStore
	// Build builds the digest of the week containing a date, as posted to a
	// channel (command.Service.WeeklyDigest): the core builds it, Digests
	// renders, claims and delivers it.
	Build func(ctx context.Context, channel string, on handlers.Date) (*digest.Digest, digest.Snapshot, error)
	// Poster sends the messages (shared with the bot, so the pace per
	// channel holds for everything posted there).
	Poster  *Poster
	Log     *slog.Logger
	Metrics *Metrics
}

// Digests builds the weekly digest and posts it at most once per channel
// per ISO week: the claim is taken in the database before the first message
// (DecideDigestClaim has the rules), each message is recorded as Slack
// confirms it, and an outcome nobody knows is reported, never re-posted blind.
type Digests struct {
	o   DigestOptions
	log *slog.Logger
	m   *digestMetrics
	// mu makes this process post one digest at a time; the claim makes it
	// one per week across processes.
	mu sync.Mutex
}

// NewDigests returns Digests over o.
func NewDigests(o DigestOptions) (*Digests, error) {
	if o.Store == nil || o.Build == nil {
		return nil, errors.New("bot: digests: Store and Build are required")
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Metrics == nil {
		o.Metrics = NewMetrics()
	}
	return &Digests{o: o, log: o.Log, m: newDigestMetrics(o.Metrics)}, nil
}

// digestMessage is one message of a digest as stored with its claim: the
// rendered Block Kit message and the plain text sent if Slack refuses the blocks.
type digestMessage struct {
	Message Message `json:"message"`
	Plain   string  `json:"plain"`
}

// Build builds the digest of the week containing on, compared with the
// last digest posted to channel (any channel when ""), and the content to
// post: the rendered messages and the snapshot next week compares against.
func (d *Digests) Build(ctx context.Context, channel string, on handlers.Date) (*digest.Digest, handlers.DigestContent, error) {
	dig, snap, err := d.o.Build(ctx, channel, on)
	if err != nil {
		return nil, handlers.DigestContent{}, err
	}
	replies := view.DigestMessages(Budget, dig)
	msgs := make([]digestMessage, len(replies))
	for i, r := range replies {
		msgs[i] = digestMessage{Message: RenderMessage(r), Plain: plainText(r)}
	}
	msgJSON, err := json.Marshal(msgs)
	if err != nil {
		return nil, handlers.DigestContent{}, fmt.Errorf("bot: digest messages as JSON: %w", err)
	}
	snapJSON, err := json.Marshal(snap)
	if err != nil {
		return nil, handlers.DigestContent{}, fmt.Errorf("bot: digest snapshot as JSON: %w", err)
	}
	return dig, handlers.DigestContent{Headline: dig.Headline, Snapshot: snapJSON, Messages: msgJSON, Parts: len(msgs)}, nil
}

// DigestJSON renders a digest as the JSON array of Slack messages it is
// posted as (`frontdoor digest --json`), "<", ">" and "&" shown as themselves.
func DigestJSON(dig *digest.Digest) ([]byte, error) {
	replies := view.DigestMessages(Budget, dig)
	msgs := make([]Message, len(replies))
	for i, r := range replies {
		msgs[i] = RenderMessage(r)
	}
	return messagesJSON(msgs)
}

func messagesJSON(msgs []Message) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(msgs); err != nil {
		return nil, fmt.Errorf("bot: digest as JSON: %w", err)
	}
	return unescapeHTML(buf.Bytes()), nil
}

// DigestPostJSON renders the messages stored with a post (what it sends
// or sent) as DigestJSON does.
func DigestPostJSON(p handlers.DigestPost) ([]byte, error) {
	var msgs []digestMessage
	if err := json.Unmarshal(p.Messages, &msgs); err != nil {
		return nil, fmt.Errorf("bot: digest post %d: stored messages: %w", p.ID, err)
	}
	out := make([]Message, len(msgs))
	for i := range msgs {
		out[i] = msgs[i].Message
	}
	return messagesJSON(out)
}

// Outcomes of Digests.Send.
const (
	// DigestOutcomePosted: every message is confirmed.
	DigestOutcomePosted = "posted"
	// DigestOutcomeUnconfirmed: Slack gave no answer for a message; reported, not re-sent.
	DigestOutcomeUnconfirmed = "unconfirmed"
	// DigestOutcomeFailed: Slack refused a message (or it was never sent);
	// it may be tried again.
	DigestOutcomeFailed = "failed"
	// DigestOutcomeNotTaken: the week's claim was not this run's to take
	// (already posted, in progress, unconfirmed, skipped): nothing was sent.
	DigestOutcomeNotTaken = "not_taken"
)

// DigestResult is what Send did.
type DigestResult struct {
	Outcome string
	// Post is the week's post as it stands afterwards.
	Post     handlers.DigestPost
	Decision handlers.DigestClaimDecision
	// From is the first message this run sent (0-based); Sent how many Slack confirmed.
	From, Sent int
	// Err is Slack's refusal or the unknown outcome, when not posted.
	Err error
}

// Send posts the digest of the week containing on to channel, if the claim
// allows (mode), and reports what became of it. A fresh post sends the
// summary, then the rest in its thread; a continuation sends the stored
// messages from the first one not confirmed, in the same thread.
//
// How a message whose outcome was unknown is treated when a person
// continues with --force: as not posted, so it is sent again. That risks
// one repeated message in the thread, which readers can see and ignore; the
// other choice risks a hole in the digest that nobody would notice. The
// person who forces it has looked at the channel first (the report says to),
// and only that one message is at risk: every message confirmed before it is
// never sent again.
//
// The returned error is for failures outside Slack (the database, the
// register); Slack's outcomes are in the result.
func (d *Digests) Send(ctx context.Context, channel string, on handlers.Date, mode handlers.DigestClaimMode) (DigestResult, error) {
	if d.o.Poster == nil {
		return DigestResult{}, errors.New("bot: digests: no poster to send with")
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	week := handlers.WeekOf(on)
	log := d.log.With("channel", channel, "week", week.String())
	_, content, err := d.Build(ctx, channel, on)
	if err != nil {
		return DigestResult{}, err
	}
	post, dec, err := d.o.Store.ClaimDigest(ctx, handlers.DigestClaim{Channel: channel, Week: week, Mode: mode, Content: content})
	if err != nil {
		return DigestResult{}, err
	}
	res := DigestResult{Post: post, Decision: dec, From: post.PartsPosted}
	if !dec.Take {
		res.Outcome = DigestOutcomeNotTaken
		d.m.runs.WithLabelValues(res.Outcome).Inc()
		log.Info("digest not posted: the week's claim is not this run's", "state", dec.Why, "mode", int(mode))
		return res, nil
	}
	var msgs []digestMessage
	if err := json.Unmarshal(post.Messages, &msgs); err != nil || len(msgs) != post.Parts {
		// Nothing was sent by this attempt: let it be tried again.
		_, _ = d.o.Store.FinishDigest(context.WithoutCancel(ctx), post.ID, post.Attempt, handlers.DigestFailed, "the stored messages could not be read")
		return res, fmt.Errorf("bot: digest post %d: stored messages: %v (%d of %d)", post.ID, err, len(msgs), post.Parts)
	}
	log = log.With("post", post.ID, "attempt", post.Attempt)
	log.Info("digest posting", "from", post.PartsPosted+1, "parts", post.Parts, "fresh", dec.Fresh)

	// Outcomes are recorded even when ctx has ended (a shutdown): a message
	// Slack confirmed must not be forgotten.
	rec, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	send, stopSend := graceful(ctx, sendGrace)
	defer stopSend()
	for part := post.PartsPosted; part < post.Parts; part++ {
		if ctx.Err() != nil {
			// Stopping: the rest waits for a deliberate post (or today's restart).
			return d.finish(rec, log, res, post, handlers.DigestFailed, refusedDetail(ctx.Err(), part, post.Parts), ctx.Err())
		}
		p := Post{Channel: channel, Message: msgs[part].Message, Plain: msgs[part].Plain, Kind: PostKindDigest}
		if part > 0 {
			p.ThreadTS = post.TS
		}
		r := d.o.Poster.Post(send, p)
		switch r.Outcome {
		case Confirmed:
			next, err := d.o.Store.RecordDigestPart(rec, post.ID, post.Attempt, part, r.TS)
			if err != nil {
				// In the channel but not recorded: the claim stays taken and
				// goes stale, and is reported then; never re-sent blind.
				d.m.runs.WithLabelValues("unrecorded").Inc()
				log.Error("digest message posted but not recorded: stopping", "part", part+1, "err", err.Error(), "alert", true)
				return res, err
			}
			post = next
			res.Sent++
		case Refused:
			return d.finish(rec, log, res, post, handlers.DigestFailed, refusedDetail(r.Err, part, post.Parts), r.Err)
		default:
			return d.finish(rec, log, res, post, handlers.DigestUnconfirmed, unknownDetail(r.Err, part, post.Parts), r.Err)
		}
	}
	res.Post, res.Outcome = post, DigestOutcomePosted
	d.m.runs.WithLabelValues(res.Outcome).Inc()
	log.Info("digest posted", "parts", post.Parts, "sent", res.Sent, "ts", post.TS)
	d.ReportProblems(rec)
	return res, nil
}

// sendGrace is how long a message already being sent may take to finish
// once a shutdown begins, so that its outcome is known rather than cut off
// (serve's whole shutdown takes under 10 s).
const sendGrace = 3 * time.Second

// graceful returns a context for sending that ends grace after ctx does.
func graceful(ctx context.Context, grace time.Duration) (context.Context, context.CancelFunc) {
	c, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(grace, cancel) })
	return c, func() {
		stop()
		cancel()
	}
}

// finish ends an attempt that did not post everything, and reports it.
func (d *Digests) finish(ctx context.Context, log *slog.Logger, res DigestResult, post handlers.DigestPost, state, detail string, slackErr error) (DigestResult, error) {
	res.Err = slackErr
	res.Outcome = DigestOutcomeFailed
	if state == handlers.DigestUnconfirmed {
		res.Outcome = DigestOutcomeUnconfirmed
	}
	d.m.runs.WithLabelValues(res.Outcome).Inc()
	next, err := d.o.Store.FinishDigest(ctx, post.ID, post.Attempt, state, detail)
	if err != nil {
		log.Error("digest outcome not recorded", "state", state, "err", err.Error(), "alert", true)
		res.Post = post
		return res, err
	}
	res.Post = next
	if state == handlers.DigestUnconfirmed {
		log.Error("digest not confirmed: not re-posted; a person must check the channel and re-send with `frontdoor digest --post --force`",
			"alert", true, "parts_confirmed", next.PartsPosted, "parts", next.Parts, "err", errorKindText(slackErr))
	} else {
		log.Error("digest refused by Slack", "parts_confirmed", next.PartsPosted, "parts", next.Parts, "err", errorKindText(slackErr))
	}
	d.ReportProblems(ctx)
	return res, nil
}

// Skip records that channel's week was not posted, and why, unless the week
// has a post already.
func (d *Digests) Skip(ctx context.Context, channel string, week handlers.Date, reason string) (handlers.DigestPost, bool, error) {
	post, skipped, err := d.o.Store.SkipDigest(ctx, channel, week, reason)
	if err == nil && skipped {
		d.m.runs.WithLabelValues("skipped").Inc()
		d.log.Warn("digest skipped", "channel", channel, "week", week.String(), "reason", reason)
	}
	return post, skipped, err
}

// ReportProblems logs every digest that needs a person (not confirmed,
// refused, abandoned mid-post) and sets frontdoor_digest_problems to their
// number. The App Home shows the same list (handlers.DigestAlerts).
func (d *Digests) ReportProblems(ctx context.Context) []handlers.DigestPost {
	problems, err := d.o.Store.DigestProblems(ctx)
	if err != nil {
		d.log.Error("digest problems not read", "err", err.Error())
		return nil
	}
	d.m.problems.Set(float64(len(problems)))
	for i := range problems {
		p := &problems[i]
		d.log.Error("digest needs attention", "alert", true, "channel", p.Channel, "week", p.Week.String(), "state", p.State,
			"parts_confirmed", p.PartsPosted, "parts", p.Parts, "detail", p.Detail)
	}
	return problems
}

// refusedDetail says why Slack refused message part of parts, in words an
// admin can act on. Slack's error codes carry nothing anyone typed.
func refusedDetail(err error, part, parts int) string {
	which := "message " + strconv.Itoa(part+1) + " of " + strconv.Itoa(parts)
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrPosterClosed) {
		return which + " was not sent: Frontdoor was stopping"
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		switch se.Err {
		case "not_in_channel":
			return which + ": the bot is not in that channel (invite it there with /invite @Frontdoor)"
		case "channel_not_found":
			return which + ": Slack knows no such channel, or it is private and the bot was not invited (check FRONTDOOR_DIGEST_CHANNEL)"
		case "is_archived":
			return which + ": the channel is archived"
		case "invalid_blocks", "invalid_blocks_format":
			return which + ": Slack refused it, even as plain text (" + se.Err + ")"
		}
		return which + ": Slack refused it (" + se.Err + ")"
	}
	kind, _ := classifyPostError(err)
	switch kind {
	case errKindRateLimited:
		return which + ": Slack kept rate-limiting the channel"
	case errKindMessageLimit:
		return which + ": the workspace's message limit is exceeded (429 without Retry-After)"
	case errKindNotSent:
		return which + ": Slack could not be reached"
	}
	return which + ": " + errorKindText(err)
}

// unknownDetail says which message has an unknown outcome.
func unknownDetail(err error, part, parts int) string {
	return "Slack gave no answer for message " + strconv.Itoa(part+1) + " of " + strconv.Itoa(parts) +
		" (" + errorKindText(err) + "), so it may or may not be in the channel"
}

// RefusedBecauseNotInChannel reports whether err is Slack saying the bot
// cannot post to the channel (not a member, or cannot see it).
func RefusedBecauseNotInChannel(err error) bool {
	var se slack.SlackErrorResponse
	return errors.As(err, &se) && (se.Err == "not_in_channel" || se.Err == "channel_not_found")
}

// digestMetrics count digest runs and the digests needing attention.
type digestMetrics struct {
	runs     *prometheus.CounterVec
	problems prometheus.Gauge
}

var metricsMu sync.Mutex

// newDigestMetrics registers the digest's metrics in m's registry, or
// returns those already registered there (a second Digests on one bot).
func newDigestMetrics(m *Metrics) *digestMetrics {
	metricsMu.Lock()
	defer metricsMu.Unlock()
	dm := &digestMetrics{
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "frontdoor_digest_runs_total",
			Help: "Digest runs, by outcome (posted, unconfirmed, failed, not_taken, skipped, unrecorded).",
		}, []string{"outcome"}),
		problems: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "frontdoor_digest_problems",
			Help: "Digests needing a person: not confirmed, refused, or abandoned mid-post (see the log and the App Home).",
		}),
	}
	dm.runs = register(m.Registry(), dm.runs)
	dm.problems = register(m.Registry(), dm.problems)
	return dm
}

// register registers c, or returns the collector registered under its name before.
func register[C prometheus.Collector](reg *prometheus.Registry, c C) C {
	if err := reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if existing, ok := are.ExistingCollector.(C); ok {
				return existing
			}
		}
		panic("bot: register metric: " + err.Error())
	}
	return c
}
