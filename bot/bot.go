package bot

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"frontdoor/handlers"
	"frontdoor/handlers/command"
	"frontdoor/handlers/grammar"
)

// Service is what the bot needs from the core: *command.Service.
type Service interface {
	// Snapshot takes the register and the day a request is answered from,
	// once per request; what the bot keeps of an answer is keyed on it.
	Snapshot(ctx context.Context) (command.Snapshot, error)
	// Answer answers one parsed command (see command.Service.Answer).
	Answer(ctx context.Context, snap command.Snapshot, req handlers.Request, cmd grammar.Command, perr error) (handlers.Reply, error)
	// LogFromForm records an action from the "Log an action" modal.
	LogFromForm(ctx context.Context, req handlers.Request, form handlers.LogForm) (handlers.Reply, error)
	// Home is the App Home tab of one person.
	Home(ctx context.Context, user handlers.Person) (handlers.Reply, error)
	// Agencies are the register's agencies, for the modal's pick list.
	Agencies(ctx context.Context) ([]handlers.Agency, error)
}

// Claims takes an idempotency key before any work is done for it, so a
// second delivery of the same event does nothing. *store.DB implements it
// over the idempotency table.
type Claims interface {
	// Claim records key and reports whether this was its first claim within ttl.
	Claim(ctx context.Context, key string, ttl time.Duration) (first bool, err error)
}

// Pinger reports whether the database answers, for /healthz.
type Pinger interface {
	Ping(ctx context.Context) error
}

// WriteChecker reports whether the database would take a write now, for
// /healthz: nil, or an error matching handlers.ErrUnwritable (or
// handlers.ErrBusy while another write holds the lock). *store.DB
// implements it with CheckWritable.
type WriteChecker interface {
	CheckWritable(ctx context.Context) error
}

// PingFunc adapts a function to Pinger.
type PingFunc func(ctx context.Context) error

// Ping calls f.
func (f PingFunc) Ping(ctx context.Context) error { return f(ctx) }

// Timings, from docs/slack-platform.md.
const (
	// AckDeadline is Slack's: every command, interaction, event and envelope
	// is acknowledged within it.
	AckDeadline = 3 * time.Second
	// DefaultBudget is how long a command may run before it is acknowledged
	// and answered later: it leaves a second of AckDeadline for the network.
	DefaultBudget = 2 * time.Second
	// KeyTTL is how long idempotency keys and claims are kept.
	KeyTTL = time.Hour
	// MaxAckBytes bounds an answer sent in an acknowledgement: Socket Mode
	// drops an ack of 20 KB or more, so an answer must leave room for the
	// envelope around it.
	MaxAckBytes = 20*1024 - 512
)

// Options configure a Bot. Service, API and Log are required.
type Options struct {
	Service Service
	// API is the Slack Web API client (its URL is configuration: GovSlack and
	// tests use another).
	API *slack.Client
	// APIURL is the client's base address (SLACK_API_URL; "" means Slack's
	// own). A response_url is followed only to hooks.slack.com or this host.
	APIURL string
	// Claims de-duplicates events; nil turns de-duplication off (tests only).
	Claims Claims
	// DB answers /healthz; nil reports the database as not checked.
	DB Pinger
	// Writable, when set, lets /healthz report a database that cannot be
	// written (read-only, full, failing) as degraded; it is asked at most
	// once per HealthProbeEvery.
	Writable WriteChecker
	Log      *slog.Logger
	// SigningSecret turns on the HTTP endpoints; "" leaves them answering 404
	// (Socket Mode only: Slack sends nothing there).
	SigningSecret string
	// TeamIDs are the workspaces whose members may use the bot; a user's home
	// team must be one of them too.
	TeamIDs []string
	// EnterpriseIDs, when set, are the Enterprise Grid organisations allowed.
	EnterpriseIDs []string
	// Clock defaults to the wall clock.
	Clock Clock
	// Budget defaults to DefaultBudget.
	Budget time.Duration
	// HTTPClient posts to response_url; nil means a client with a 10 s timeout.
	HTTPClient *http.Client
	// Metrics defaults to a new registry.
	Metrics *Metrics
	// Users is the users.info directory the bot checks askers with, shared
	// with the core (command.Options.Users); nil: one of its own.
	Users *Users
	// BusyDelays are the waits between retries of a write that found the
	// database locked, before the person is told it was not saved; nil means
	// about a minute of backoff.
	BusyDelays []time.Duration
}

// Bot carries commands and answers between Slack and the core. Both
// transports (the HTTP endpoints and Socket Mode) call the same methods.
type Bot struct {
	svc         Service
	lookups     lookupCache
	api         *slack.Client
	claims      Claims
	db          Pinger
	writable    WriteChecker
	probe       writeProbe // the last answer of writable, for /healthz
	log         *slog.Logger
	secret      string
	teams       map[string]bool
	enterprises map[string]bool
	clock       Clock
	budget      time.Duration
	busyDelays  []time.Duration
	httpClient  *http.Client
	replies     replyHosts // where a response_url may point
	metrics     *Metrics
	users       *Users
	poster      *Poster

	// ctx outlives single requests: work carried on after an ack runs in it.
	ctx    context.Context
	cancel context.CancelFunc
	bg     sync.WaitGroup

	mu     sync.Mutex
	socket *SocketMode // set when Socket Mode runs, for /healthz
	botID  string      // the bot's own user id, to strip from app mentions
}

// New returns a Bot. Call Shutdown when done.
func New(opts Options) (*Bot, error) {
	if opts.Service == nil || opts.API == nil || opts.Log == nil {
		return nil, errors.New("bot: Service, API and Log are required")
	}
	b := &Bot{
		svc:         opts.Service,
		api:         opts.API,
		claims:      opts.Claims,
		db:          opts.DB,
		writable:    opts.Writable,
		log:         opts.Log,
		secret:      opts.SigningSecret,
		teams:       set(opts.TeamIDs),
		enterprises: set(opts.EnterpriseIDs),
		clock:       opts.Clock,
		budget:      opts.Budget,
		busyDelays:  opts.BusyDelays,
		httpClient:  opts.HTTPClient,
		replies:     newReplyHosts(cmp.Or(opts.APIURL, slack.APIURL)),
		metrics:     opts.Metrics,
	}
	if b.clock == nil {
		b.clock = RealClock{}
	}
	if b.budget <= 0 {
		b.budget = DefaultBudget
	}
	if b.busyDelays == nil {
		b.busyDelays = defaultBusyDelays()
	}
	if b.httpClient == nil {
		b.httpClient = &http.Client{Timeout: 10 * time.Second}
	}
	if b.metrics == nil {
		b.metrics = NewMetrics()
	}
	b.ctx, b.cancel = context.WithCancel(context.Background())
	b.users = opts.Users
	if b.users == nil {
		b.users = NewUsers(b.api, b.clock)
	}
	b.poster = NewPoster(b.api, PosterOptions{Clock: b.clock, Log: b.log, Metrics: b.metrics})
	return b, nil
}

// defaultBusyDelays back off from one second to fifteen, about a minute in all.
func defaultBusyDelays() []time.Duration {
	return []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second,
		15 * time.Second, 15 * time.Second, 15 * time.Second}
}

func set(ids []string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// Users is the users.info directory (handlers.UserDirectory).
func (b *Bot) Users() *Users { return b.users }

// Poster is the outgoing message queue (one per channel, paced, retried per docs/slack-platform.md).
func (b *Bot) Poster() *Poster { return b.poster }

// Metrics are the bot's metrics.
func (b *Bot) Metrics() *Metrics { return b.metrics }

// SetBotUserID tells the bot its own user id (from auth.test), so that
// "@Frontdoor who funds…" is read without the mention.
func (b *Bot) SetBotUserID(id string) {
	b.mu.Lock()
	b.botID = id
	b.mu.Unlock()
}

// Shutdown waits for work carried on after acknowledgements (answers through
// response_url, retries of busy writes, posts) until ctx ends, then stops it.
func (b *Bot) Shutdown(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		b.bg.Wait()
		close(done)
	}()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = fmt.Errorf("bot: shutdown: %w", ctx.Err())
	}
	b.cancel()
	b.poster.Close()
	return err
}

// goBackground runs fn after an ack, in the bot's own context, counted for
// Shutdown and with panics recovered: a bug in one request never stops the bot.
func (b *Bot) goBackground(what string, fn func(ctx context.Context)) {
	b.bg.Add(1)
	go func() {
		defer b.bg.Done()
		defer b.recoverPanic(what)
		fn(b.ctx)
	}()
}

// recoverPanic logs a panic with a reference and the stack; it returns the
// reference ("" when there was no panic). Use as `defer b.recoverPanic(…)`
// only where nobody waits for an answer; commands use runSafely.
func (b *Bot) recoverPanic(what string) {
	if p := recover(); p != nil {
		ref := newRef()
		b.metrics.Panics.Inc()
		b.log.Error("panic recovered", "in", what, "ref", ref, "panic", fmt.Sprint(p), "stack", stack())
	}
}

func stack() string { return string(debug.Stack()) }

// newRef returns a short reference for an unexpected error, shown to the
// user and logged with the detail.
func newRef() string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
