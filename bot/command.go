package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"frontdoor/handlers"
	"frontdoor/handlers/command"
	"frontdoor/handlers/grammar"
	"frontdoor/handlers/view"
)

// slashCommand is one /fd invocation, from either transport: the HTTP form
// and the Socket Mode payload carry the same names.
type slashCommand struct {
	TeamID       string `json:"team_id"`
	EnterpriseID string `json:"enterprise_id"`
	UserID       string `json:"user_id"`
	UserName     string `json:"user_name"`
	// UserTeam is sent for users of other workspaces (Slack Connect).
	UserTeam    string `json:"user_team"`
	ChannelID   string `json:"channel_id"`
	Command     string `json:"command"`
	Text        string `json:"text"`
	ResponseURL string `json:"response_url"`
	TriggerID   string `json:"trigger_id"`
	// Key is the idempotency key of the delivery: the request signature over
	// HTTP, the envelope id in Socket Mode.
	Key string `json:"-"`
}

func slashCommandFromForm(v url.Values) slashCommand {
	return slashCommand{
		TeamID:       v.Get("team_id"),
		EnterpriseID: v.Get("enterprise_id"),
		UserID:       v.Get("user_id"),
		UserName:     v.Get("user_name"),
		UserTeam:     v.Get("user_team"),
		ChannelID:    v.Get("channel_id"),
		Command:      v.Get("command"),
		Text:         v.Get("text"),
		ResponseURL:  v.Get("response_url"),
		TriggerID:    v.Get("trigger_id"),
	}
}

func slashCommandFromJSON(raw json.RawMessage) (slashCommand, error) {
	var sc slashCommand
	if err := json.Unmarshal(raw, &sc); err != nil {
		return slashCommand{}, fmt.Errorf("bot: slash command payload: %w", err)
	}
	return sc, nil
}

// User-facing texts of the command pipeline.
const (
	textSaving   = "Saving… I'll confirm here in a moment."
	textNotSaved = "Sorry, that was not saved: the record stayed busy for over a minute. Please try again."
	// textPanic is completed with the reference.
	textPanic = "Something went wrong (ref %s)."
)

// Transports, for the latency metric.
const (
	transportHTTP   = "http"
	transportSocket = "socket"
	transportEvent  = "event"
	transportButton = "button"
	transportModal  = "modal"
)

// answer is one finished run of a command.
type answer struct {
	reply handlers.Reply
	err   error
	ref   string // set when the error was unexpected or a panic
}

// command handles one slash command and returns the acknowledgement's
// payload as JSON (nil: an empty acknowledgement). It returns within the
// budget; whatever is not ready by then is answered through response_url.
func (b *Bot) command(ctx context.Context, sc slashCommand, transport string) json.RawMessage {
	start := b.clock.Now()
	who := asker{TeamID: sc.TeamID, EnterpriseID: sc.EnterpriseID, UserID: sc.UserID, UserName: sc.UserName, UserTeam: sc.UserTeam}
	person, refusal, err := b.admit(ctx, who)
	if refusal != "" {
		b.countCommand("unknown", "refused", start, transport)
		b.log.Info("command refused", "user", sc.UserID, "team", sc.TeamID, "user_team", sc.UserTeam, "reason", err.Error())
		return ackJSON(*ephemeral(refusal))
	}
	cmd, perr := grammar.Parse(sc.Text)
	name := "unknown"
	if perr == nil {
		name = cmd.Name
	}
	if perr == nil && cmd.Name == grammar.CmdLog && strings.TrimSpace(cmd.Text) == "" && sc.TriggerID != "" {
		b.countCommand(name, "modal", start, transport)
		b.openLogModal(sc.TriggerID, modalMeta{Channel: sc.ChannelID, ResponseURL: sc.ResponseURL, At: start.Unix()}, "")
		return nil
	}
	req := handlers.Request{Text: sc.Text, User: person, ChannelID: sc.ChannelID}
	write := perr == nil && cmd.IsWrite()
	if write {
		req.Key = sc.Key
	}
	ru := b.newResponder(sc.ResponseURL)
	// A command that may be answered from memory says so: asked before, on
	// this register and day, it is. The snapshot it is keyed on is the one
	// it is answered from.
	var snap command.Snapshot
	cached := false
	if perr == nil && cmd.Cacheable() {
		if s, err := b.svc.Snapshot(ctx); err == nil {
			snap, cached = s, true
			if c, ok := b.lookups.get(snap, sc.Text); ok {
				b.finish(name, req, answer{}, start, transport)
				if c.ack == nil {
					b.goBackground("answer", func(bctx context.Context) { b.respondOrLog(bctx, ru, c.msg, name) })
				}
				return c.ack
			}
		}
	}
	run := func(ctx context.Context) (handlers.Reply, error) { return b.svc.Answer(ctx, snap, req, cmd, perr) }

	done := make(chan answer, 1)
	b.goBackground("command", func(bctx context.Context) {
		done <- b.runSafely(bctx, name, run)
	})
	select {
	case a := <-done:
		if write && errors.Is(a.err, handlers.ErrBusy) {
			b.goBackground("busy retry", func(bctx context.Context) {
				b.retryBusy(bctx, name, req, run, ru, start, transport)
			})
			return ackJSON(*ephemeral(textSaving))
		}
		b.finish(name, req, a, start, transport)
		msg := RenderMessage(a.reply)
		js := ackJSON(msg)
		if cached && settledAnswer(a) {
			b.lookups.put(snap, sc.Text, cachedAnswer{ack: js, msg: msg})
		}
		if js != nil {
			return js
		}
		b.goBackground("answer", func(bctx context.Context) { b.respondOrLog(bctx, ru, msg, name) })
		return nil
	case <-b.clock.After(b.budget):
		b.goBackground("late answer", func(bctx context.Context) {
			a := <-done
			if write && errors.Is(a.err, handlers.ErrBusy) {
				b.retryBusy(bctx, name, req, run, ru, start, transport)
				return
			}
			b.finish(name, req, a, start, transport)
			b.respondOrLog(bctx, ru, RenderMessage(a.reply), name)
		})
		if write {
			return ackJSON(*ephemeral(textSaving))
		}
		return nil
	}
}

// runSafely runs fn, turning a panic or an unexpected error into a reply
// that carries a reference, logged with the detail.
func (b *Bot) runSafely(ctx context.Context, name string, fn func(ctx context.Context) (handlers.Reply, error)) (a answer) {
	defer func() {
		if p := recover(); p != nil {
			a.ref = newRef()
			a.err = fmt.Errorf("bot: panic in %s: %v", name, p)
			a.reply = textReply(fmt.Sprintf(textPanic, a.ref))
			b.metrics.Panics.Inc()
			b.log.Error("panic recovered", "command", name, "ref", a.ref, "panic", fmt.Sprint(p), "stack", stack())
		}
	}()
	reply, err := fn(ctx)
	a = answer{reply: reply, err: err}
	if err != nil && handlers.ErrorCode(err) == handlers.EInternal && !errors.Is(err, handlers.ErrBusy) {
		a.ref = newRef()
		a.reply = view.ErrorReply(err, a.ref)
	}
	return a
}

// finish counts and logs a command's outcome: its name, who, the outcome,
// how long and the reference, never what was typed.
func (b *Bot) finish(name string, req handlers.Request, a answer, start time.Time, transport string) {
	outcome := outcomeOf(a)
	b.countCommand(name, outcome, start, transport)
	attrs := []any{"command", name, "user", req.User.ID, "team", req.User.TeamID, "outcome", outcome,
		"duration_ms", b.clock.Now().Sub(start).Milliseconds()}
	if a.ref != "" {
		b.log.Error("command failed", append(attrs, "ref", a.ref, "err", a.err.Error())...)
		return
	}
	b.log.Info("command", attrs...)
}

func outcomeOf(a answer) string {
	switch {
	case a.ref != "" && strings.HasPrefix(errString(a.err), "bot: panic"):
		return "panic"
	case errors.Is(a.err, handlers.ErrBusy):
		return "busy"
	case a.err != nil:
		return handlers.ErrorCode(a.err)
	}
	return "ok"
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func (b *Bot) countCommand(name, outcome string, start time.Time, transport string) {
	b.metrics.Commands.WithLabelValues(name, outcome).Inc()
	b.metrics.Latency.WithLabelValues(transport).Observe(b.clock.Now().Sub(start).Seconds())
}

// retryBusy retries a write that found the database locked, with the same
// idempotency key, for about a minute; it tells the user once it is saved,
// or that it was not. A write is confirmed only once it has committed.
func (b *Bot) retryBusy(ctx context.Context, name string, req handlers.Request, run func(context.Context) (handlers.Reply, error), ru *responder, start time.Time, transport string) {
	for _, d := range b.busyDelays {
		if err := sleep(ctx, b.clock, d); err != nil {
			break
		}
		a := b.runSafely(ctx, name, run)
		if errors.Is(a.err, handlers.ErrBusy) {
			continue
		}
		b.finish(name, req, a, start, transport)
		b.respondOrLog(ctx, ru, RenderMessage(a.reply), name)
		return
	}
	b.countCommand(name, "busy", start, transport)
	b.log.Warn("write not saved: database busy", "command", name, "user", req.User.ID, "team", req.User.TeamID)
	b.respondOrLog(ctx, ru, *ephemeral(textNotSaved), name)
}

// respondOrLog posts msg through the response_url, logging a failure.
func (b *Bot) respondOrLog(ctx context.Context, ru *responder, msg Message, name string) {
	if err := ru.post(ctx, responsePayload{Message: msg}); err != nil {
		b.metrics.SlackErrors.WithLabelValues("response_url", "failed").Inc()
		b.log.Warn("answer not delivered", "command", name, "err", err.Error())
	}
}

// ackJSON encodes msg for an acknowledgement, once for both the size check
// and the wire; nil when it is too large for one (Socket Mode drops an ack
// of 20 KB or more) or holds a chart or table: Slack says nothing when it
// refuses an ack's blocks, so those go through the response_url, which can
// fall back to text.
func ackJSON(msg Message) json.RawMessage {
	js, err := json.Marshal(msg)
	if err != nil || len(js) >= MaxAckBytes || hasRichBlocks(msg.Blocks.BlockSet) {
		return nil
	}
	return js
}

// ephemeral is a short private message.
func ephemeral(text string) *Message {
	m := RenderMessage(textReply(text))
	return &m
}

func textReply(text string) handlers.Reply {
	return handlers.Reply{Text: text, Blocks: []handlers.Block{handlers.Section{Lines: []handlers.Rich{handlers.Line(text)}}}}
}
