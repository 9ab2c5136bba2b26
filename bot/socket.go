package bot

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// FatalError is a Slack error that no reconnecting will cure: a token that is
// wrong, revoked, of the wrong kind or without a scope the app needs. The
// process should stop and say so.
type FatalError struct {
	Code string // Slack's error code
	Err  error
}

func (e *FatalError) Error() string {
	return fmt.Sprintf("Slack refused the app (%s): %s", e.Code, fatalAdvice(e.Code))
}

func (e *FatalError) Unwrap() error { return e.Err }

// fatalCodes are the error codes that stop the bot rather than reconnecting.
var fatalCodes = map[string]string{
	"invalid_auth":            "a token is wrong; copy SLACK_BOT_TOKEN (xoxb-) and SLACK_APP_TOKEN (xapp-) again from the app's settings",
	"not_authed":              "no token was sent; set SLACK_BOT_TOKEN and, for Socket Mode, SLACK_APP_TOKEN",
	"account_inactive":        "the token belongs to a deactivated app or user; reinstall the app",
	"token_revoked":           "the token was revoked; reinstall the app and copy the new tokens",
	"not_allowed_token_type":  "a token of the wrong kind was given; SLACK_APP_TOKEN must be an app-level token (xapp-) with connections:write",
	"missing_scope":           "the app lacks a scope it needs; update it from slack/manifest.yml and reinstall it",
	"team_access_not_granted": "the app is not installed in this workspace, or the token does not grant access to it; install the app in the workspace",
}

func fatalAdvice(code string) string {
	if a, ok := fatalCodes[code]; ok {
		return a
	}
	return "see docs/slack.md"
}

// AsFatal returns err as a *FatalError when it carries one of the fatal
// codes, else nil.
func AsFatal(err error) *FatalError {
	if err == nil {
		return nil
	}
	var fe *FatalError
	if errors.As(err, &fe) {
		return fe
	}
	code := err.Error()
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		code = se.Err
	}
	if _, ok := fatalCodes[code]; ok {
		return &FatalError{Code: code, Err: err}
	}
	return nil
}

// asFatalConnect is AsFatal for apps.connections.open, where socketmode
// reports an unknown app token as a 404.
func asFatalConnect(err error) *FatalError {
	if fe := AsFatal(err); fe != nil {
		return fe
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) && sc.Code == 404 {
		return &FatalError{Code: "invalid_auth", Err: err}
	}
	return nil
}

// CheckAuth calls auth.test with the bot token and returns the bot's user
// id; a fatal error comes back as *FatalError.
func CheckAuth(ctx context.Context, api *slack.Client) (string, error) {
	resp, err := api.AuthTestContext(ctx)
	if err != nil {
		if fe := AsFatal(err); fe != nil {
			return "", fe
		}
		return "", fmt.Errorf("bot: auth.test: %w", err)
	}
	return resp.UserID, nil
}

// SocketMode carries Slack's Socket Mode envelopes to the bot: the same
// commands, interactions and events as the HTTP endpoints, acknowledged
// within 3 s.
type SocketMode struct {
	bot    *Bot
	client *socketmode.Client
	// ack sends an acknowledgement; tests replace it to see what was sent
	// without a websocket.
	ack func(ctx context.Context, envelopeID string, payload any) error

	connected atomic.Bool
	mu        sync.Mutex
	fatal     error
	stop      context.CancelFunc
}

// NewSocketMode returns the Socket Mode transport over client (made with
// socketmode.New on a slack.Client that has the app-level token).
func (b *Bot) NewSocketMode(client *socketmode.Client) *SocketMode {
	s := &SocketMode{bot: b, client: client}
	s.ack = client.AckCtx
	b.mu.Lock()
	b.socket = s
	b.mu.Unlock()
	return s
}

// Connected reports whether the websocket is up (for /healthz).
func (s *SocketMode) Connected() bool { return s.connected.Load() }

// Handler returns a socketmode handler with every kind of envelope
// registered; Run dispatches to it, and tests call its DispatchEvent.
func (s *SocketMode) Handler() *socketmode.SocketmodeHandler {
	h := socketmode.NewSocketmodeHandler(s.client)
	var r requests = s.bot
	h.Handle(socketmode.EventTypeSlashCommand, s.safe("slash command", func(evt *socketmode.Event) {
		if evt.Request == nil {
			return
		}
		sc, err := slashCommandFromJSON(evt.Request.Payload)
		if err != nil || sc.UserID == "" {
			s.bot.log.Warn("socket mode: malformed slash command")
			s.acknowledge(evt, nil)
			return
		}
		// Socket Mode has no signature: the envelope id names the delivery.
		sc.Key = "command:" + evt.Request.EnvelopeID
		// A nil payload must reach the client as nil, not as a typed nil.
		if js := r.command(s.bot.ctx, sc, transportSocket); js != nil {
			s.acknowledge(evt, js)
		} else {
			s.acknowledge(evt, nil)
		}
	}))
	h.Handle(socketmode.EventTypeInteractive, s.safe("interaction", func(evt *socketmode.Event) {
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok {
			s.acknowledge(evt, nil)
			return
		}
		payload := r.interaction(s.bot.ctx, cb)
		if isNil(payload) {
			payload = nil
		}
		if !s.acknowledge(evt, payload) {
			s.acknowledge(evt, nil)
		}
	}))
	h.Handle(socketmode.EventTypeEventsAPI, s.safe("event", func(evt *socketmode.Event) {
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		if !ok {
			s.acknowledge(evt, nil)
			return
		}
		retry := 0
		if evt.Request != nil {
			retry = evt.Request.RetryAttempt
		}
		if err := r.event(s.bot.ctx, ev, retry); err != nil {
			return // not acknowledged: Slack delivers it again
		}
		s.acknowledge(evt, nil)
	}))
	h.Handle(socketmode.EventTypeConnecting, func(*socketmode.Event, *socketmode.Client) { s.connected.Store(false) })
	h.Handle(socketmode.EventTypeConnected, func(*socketmode.Event, *socketmode.Client) {
		s.connected.Store(true)
		s.bot.log.Info("socket mode connected")
	})
	h.Handle(socketmode.EventTypeDisconnect, func(*socketmode.Event, *socketmode.Client) { s.connected.Store(false) })
	h.Handle(socketmode.EventTypeHello, func(*socketmode.Event, *socketmode.Client) {})
	h.Handle(socketmode.EventTypeInvalidAuth, func(evt *socketmode.Event, _ *socketmode.Client) {
		s.setFatal(&FatalError{Code: "invalid_auth", Err: errors.New("socket mode: invalid auth")})
	})
	h.Handle(socketmode.EventTypeConnectionError, func(evt *socketmode.Event, _ *socketmode.Client) {
		s.connected.Store(false)
		if ce, ok := evt.Data.(*slack.ConnectionErrorEvent); ok {
			if fe := asFatalConnect(ce.ErrorObj); fe != nil {
				s.setFatal(fe)
				return
			}
			s.bot.log.Warn("socket mode connection failed; retrying", "attempt", ce.Attempt, "backoff", ce.Backoff.String(), "err", errorKindText(ce.ErrorObj))
		}
	})
	h.Handle(socketmode.EventTypeIncomingError, func(*socketmode.Event, *socketmode.Client) { s.connected.Store(false) })
	h.HandleDefault(func(*socketmode.Event, *socketmode.Client) {})
	return h
}

// safe wraps a handler: socketmode runs each in its own goroutine, where a
// panic would end the process.
func (s *SocketMode) safe(what string, fn func(evt *socketmode.Event)) socketmode.SocketmodeHandlerFunc {
	return func(evt *socketmode.Event, _ *socketmode.Client) {
		defer s.bot.recoverPanic("socket mode " + what)
		fn(evt)
	}
}

// acknowledge acks an envelope within Slack's 3 s, reporting whether the ack
// was accepted (an ack of 20 KB or more is refused by the client).
func (s *SocketMode) acknowledge(evt *socketmode.Event, payload any) bool {
	if evt.Request == nil || evt.Request.EnvelopeID == "" {
		return true
	}
	ctx, cancel := context.WithTimeout(s.bot.ctx, AckDeadline)
	defer cancel()
	if err := s.ack(ctx, evt.Request.EnvelopeID, payload); err != nil {
		s.bot.log.Warn("socket mode ack failed", "err", err.Error())
		return false
	}
	return true
}

func (s *SocketMode) setFatal(err error) {
	s.mu.Lock()
	if s.fatal == nil {
		s.fatal = err
	}
	stop := s.stop
	s.mu.Unlock()
	if stop != nil {
		stop()
	}
}

func (s *SocketMode) fatalErr() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fatal
}

// Run connects and serves until ctx ends (nil) or Slack refuses the app for
// good (*FatalError). A dropped connection is reopened with a fresh URL and
// growing backoff (socketmode's own, then this loop's).
func (s *SocketMode) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.mu.Lock()
	s.stop = cancel
	s.mu.Unlock()

	h := s.Handler()
	go func() {
		for {
			select {
			case evt, ok := <-s.client.Events:
				if !ok {
					return
				}
				h.DispatchEvent(evt)
			case <-ctx.Done():
				return
			}
		}
	}()

	delay := time.Second
	for {
		err := s.client.RunContext(ctx)
		s.connected.Store(false)
		if fe := s.fatalErr(); fe != nil {
			return fe
		}
		if ctx.Err() != nil {
			return nil
		}
		if fe := asFatalConnect(err); fe != nil {
			return fe
		}
		s.bot.log.Warn("socket mode stopped; reconnecting", "in", delay.String(), "err", errorKindText(err))
		if sleep(ctx, s.bot.clock, delay) != nil {
			return nil
		}
		delay = min(delay*2, 2*time.Minute)
	}
}
