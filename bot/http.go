package bot

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"frontdoor/handlers"
)

// requests is what both transports call, one method per kind of Slack
// request, so that every command behaves the same over HTTP and Socket Mode.
type requests interface {
	command(ctx context.Context, sc slashCommand, transport string) json.RawMessage
	interaction(ctx context.Context, cb slack.InteractionCallback) any
	event(ctx context.Context, ev slackevents.EventsAPIEvent, retry int) error
}

var _ requests = (*Bot)(nil)

// Endpoint paths (the HTTP manifest's request URLs).
const (
	PathCommands      = "/slack/commands"
	PathInteractivity = "/slack/interactivity"
	PathEvents        = "/slack/events"
	PathHealth        = "/healthz"
	PathMetrics       = "/metrics"
)

// Request results, for frontdoor_slack_requests_total.
const (
	resultAccepted     = "accepted"
	resultTooLarge     = "too_large"
	resultUnreadable   = "unreadable"
	resultBadSignature = "bad_signature"
	resultMalformed    = "malformed"
	resultRetryLater   = "retry_later"
	resultNotEnabled   = "not_enabled"
)

// Handler serves Slack's request URLs, /healthz and /metrics. The Slack
// endpoints answer 404 unless a signing secret is configured: with Socket
// Mode on, Slack sends nothing to them.
func (b *Bot) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST "+PathCommands, b.slackEndpoint("commands", b.serveCommand))
	mux.Handle("POST "+PathInteractivity, b.slackEndpoint("interactivity", b.serveInteraction))
	mux.Handle("POST "+PathEvents, b.slackEndpoint("events", b.serveEvent))
	mux.HandleFunc("GET "+PathHealth, b.serveHealth)
	mux.Handle("GET "+PathMetrics, b.metrics.Handler())
	return mux
}

// signedHandler handles a request whose signature has been checked.
type signedHandler func(w http.ResponseWriter, r *http.Request, body []byte, signature string)

// slackEndpoint caps the body before reading it, verifies the signature over
// the raw bytes and only then lets h parse anything. A refused request gets
// a status and no detail.
func (b *Bot) slackEndpoint(name string, h signedHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		count := func(result string) { b.metrics.Requests.WithLabelValues(name, result).Inc() }
		if b.secret == "" {
			count(resultNotEnabled)
			http.NotFound(w, r)
			return
		}
		if r.ContentLength > MaxBodyBytes {
			count(resultTooLarge)
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				count(resultTooLarge)
				w.WriteHeader(http.StatusRequestEntityTooLarge)
				return
			}
			count(resultUnreadable)
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		sig := r.Header.Get("X-Slack-Signature")
		if err := VerifySignature(b.secret, r.Header.Get("X-Slack-Request-Timestamp"), sig, body, b.clock.Now()); err != nil {
			count(resultBadSignature)
			b.log.Warn("slack request refused", "endpoint", name, "reason", err.Error())
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		count(resultAccepted)
		h(w, r, body, sig)
	})
}

func (b *Bot) serveCommand(w http.ResponseWriter, r *http.Request, body []byte, sig string) {
	form, err := url.ParseQuery(string(body))
	sc := slashCommandFromForm(form)
	if err != nil || sc.UserID == "" || sc.TeamID == "" {
		b.metrics.Requests.WithLabelValues("commands", resultMalformed).Inc()
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	// The signature covers the timestamp and the body: a replay of the same
	// signed request carries the same key, and the store writes it once.
	// Hex digits verify in either case, so the key is in lower case: a
	// replay with its signature re-cased is still the same request.
	sc.Key = "command:" + strings.ToLower(sig)
	writeAck(w, b.command(r.Context(), sc, transportHTTP))
}

func (b *Bot) serveInteraction(w http.ResponseWriter, r *http.Request, body []byte, _ string) {
	form, err := url.ParseQuery(string(body))
	var cb slack.InteractionCallback
	if err == nil {
		err = json.Unmarshal([]byte(form.Get("payload")), &cb)
	}
	if err != nil || cb.User.ID == "" {
		b.metrics.Requests.WithLabelValues("interactivity", resultMalformed).Inc()
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	writeAck(w, b.interaction(r.Context(), cb))
}

func (b *Bot) serveEvent(w http.ResponseWriter, r *http.Request, body []byte, _ string) {
	var outer struct {
		Type      string `json:"type"`
		Challenge string `json:"challenge"`
	}
	if err := json.Unmarshal(body, &outer); err != nil {
		b.metrics.Requests.WithLabelValues("events", resultMalformed).Inc()
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	if outer.Type == slackevents.URLVerification {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, outer.Challenge)
		return
	}
	ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
	if err != nil {
		b.metrics.Requests.WithLabelValues("events", resultMalformed).Inc()
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	retry, _ := strconv.Atoi(r.Header.Get("X-Slack-Retry-Num"))
	if err := b.event(r.Context(), ev, retry); err != nil {
		b.metrics.Requests.WithLabelValues("events", resultRetryLater).Inc()
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// writeAck writes an acknowledgement: 200 with the payload as JSON, or
// empty. A nil pointer in an interface is empty too.
func writeAck(w http.ResponseWriter, payload any) {
	if isNil(payload) {
		w.WriteHeader(http.StatusOK)
		return
	}
	js, ok := payload.(json.RawMessage)
	if !ok {
		var err error
		if js, err = json.Marshal(payload); err != nil {
			w.WriteHeader(http.StatusOK)
			return
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(js)
}

func isNil(p any) bool {
	switch v := p.(type) {
	case nil:
		return true
	case json.RawMessage:
		return v == nil
	case *Message:
		return v == nil
	case *slack.ViewSubmissionResponse:
		return v == nil
	case *slack.OptionsResponse:
		return v == nil
	}
	return false
}

// health is the body of /healthz.
type health struct {
	// Database is "ok", "busy" (a write holds the lock: still healthy),
	// "unwritable" (read-only, full or failing: nothing can be saved),
	// "unreachable" or "not checked".
	Database string `json:"database"`
	// Reason says why the database is not ok.
	Reason     string `json:"reason,omitempty"`
	SocketMode string `json:"socket_mode,omitempty"`
}

// HealthProbeEvery bounds how often /healthz asks whether the database can
// be written (the probe takes the write lock for a moment); in between it
// answers with the last verdict.
const HealthProbeEvery = 10 * time.Second

// writeProbe keeps the last verdict of the writability probe.
type writeProbe struct {
	mu  sync.Mutex
	at  time.Time
	err error
	ran bool
}

// checkWritable returns the writability verdict, probing again once the
// last one is HealthProbeEvery old. A change of verdict is logged once.
func (b *Bot) checkWritable(ctx context.Context) error {
	p := &b.probe
	p.mu.Lock()
	defer p.mu.Unlock()
	now := b.clock.Now()
	if p.ran && now.Sub(p.at) < HealthProbeEvery {
		return p.err
	}
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	err := b.writable.CheckWritable(ctx)
	cancel()
	if degraded(err) && (!p.ran || !degraded(p.err)) {
		b.log.Error("health: the database cannot be written; nothing can be saved", "err", err.Error())
	} else if !degraded(err) && p.ran && degraded(p.err) {
		b.log.Info("health: the database can be written again")
	}
	p.at, p.err, p.ran = now, err, true
	return err
}

// degraded reports whether a writability verdict is a fault (busy is not).
func degraded(err error) bool { return err != nil && !errors.Is(err, handlers.ErrBusy) }

func (b *Bot) serveHealth(w http.ResponseWriter, r *http.Request) {
	h := health{Database: "not checked"}
	ok := true
	if b.db != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		err := b.db.Ping(ctx)
		cancel()
		switch {
		case err != nil:
			h.Database, h.Reason, ok = "unreachable", "the database does not answer", false
			b.log.Warn("health: database unreachable", "err", err.Error())
		case b.writable == nil:
			h.Database = "ok"
		default:
			switch err := b.checkWritable(r.Context()); {
			case err == nil:
				h.Database = "ok"
			case !degraded(err):
				h.Database = "busy"
			default:
				h.Database, h.Reason, ok = "unwritable", strings.TrimPrefix(err.Error(), "store: "), false
			}
		}
	}
	b.mu.Lock()
	sm := b.socket
	b.mu.Unlock()
	if sm != nil {
		if sm.Connected() {
			h.SocketMode = "connected"
		} else {
			h.SocketMode, ok = "disconnected", false
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if !ok {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	_ = json.NewEncoder(w).Encode(h)
}
