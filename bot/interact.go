package bot

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"frontdoor/handlers"
	"frontdoor/handlers/command"
	"frontdoor/handlers/grammar"
	"frontdoor/handlers/view"
)

// The buttons handlers puts on action messages; their value is the action's number.
const (
	ActionDoneID   = view.ButtonDone
	ActionReopenID = view.ButtonReopen
)

const (
	textCannotShare = "Sorry, only lookups can be shared this way. Ask again with /fd to get a fresh answer."
	textBadButton   = "Sorry, that button no longer works. Ask again with /fd."
)

// interaction handles one interactivity payload and returns the
// acknowledgement's payload: nil for an empty one, a view submission
// response, or the options of a block_suggestion. Slow work carries on
// after the acknowledgement.
func (b *Bot) interaction(ctx context.Context, cb slack.InteractionCallback) any {
	switch cb.Type {
	case slack.InteractionTypeBlockActions:
		b.blockActions(ctx, cb)
		return nil
	case slack.InteractionTypeMessageAction, slack.InteractionTypeShortcut:
		if cb.CallbackID != ShortcutLogCallbackID {
			return nil
		}
		who := asker{TeamID: cb.Team.ID, EnterpriseID: cb.Enterprise.ID, UserID: cb.User.ID, UserName: cb.User.Name, UserTeam: cb.User.TeamID}
		if _, refusal, _ := b.admit(ctx, who); refusal != "" {
			b.goBackground("refusal", func(bctx context.Context) {
				b.tellPrivately(bctx, b.newResponder(cb.ResponseURL), cb.User.ID, refusal)
			})
			return nil
		}
		meta := modalMeta{Channel: cb.Channel.ID, ResponseURL: cb.ResponseURL, At: b.clock.Now().Unix(), MessageTS: cb.Message.Timestamp}
		b.openLogModal(cb.TriggerID, meta, cb.Message.Text)
		return nil
	case slack.InteractionTypeViewSubmission:
		if cb.View.CallbackID != ModalLogCallbackID {
			return nil
		}
		if resp := b.submitLogModal(ctx, cb); resp != nil {
			return resp
		}
		return nil
	case slack.InteractionTypeBlockSuggestion:
		if cb.ActionID != blockAgencies {
			return &slack.OptionsResponse{Options: []*slack.OptionBlockObject{}}
		}
		return b.suggestAgencies(ctx, cb.Value)
	}
	return nil
}

// blockActions handles button clicks: Share in channel, Done and Reopen.
// The click is acknowledged at once; the work follows.
func (b *Bot) blockActions(ctx context.Context, cb slack.InteractionCallback) {
	if len(cb.ActionCallback.BlockActions) == 0 {
		return
	}
	act := *cb.ActionCallback.BlockActions[0]
	switch act.ActionID {
	case ShareActionID, ActionDoneID, ActionReopenID:
	default:
		return // a link button, or one of another app version: nothing to do
	}
	start := b.clock.Now()
	ru := b.newResponder(cb.ResponseURL)
	who := asker{TeamID: cb.Team.ID, EnterpriseID: cb.Enterprise.ID, UserID: cb.User.ID, UserName: cb.User.Name, UserTeam: cb.User.TeamID}
	person, refusal, _ := b.admit(ctx, who)
	if refusal != "" {
		b.countCommand("unknown", "refused", start, transportButton)
		b.goBackground("refusal", func(bctx context.Context) { b.tellPrivately(bctx, ru, cb.User.ID, refusal) })
		return
	}
	switch act.ActionID {
	case ShareActionID:
		b.goBackground("share", func(bctx context.Context) { b.share(bctx, cb, act, person, ru, start) })
	default:
		b.goBackground("action button", func(bctx context.Context) { b.actionButton(bctx, cb, act, person, ru, start) })
	}
}

// share runs a lookup again as the person who clicked and posts it in the
// channel, then deletes the private original.
func (b *Bot) share(ctx context.Context, cb slack.InteractionCallback, act slack.BlockAction, person handlers.Person, ru *responder, start time.Time) {
	text := act.Value
	cmd, err := grammar.Parse(text)
	if text == "" || err != nil || cmd.IsWrite() {
		b.tellPrivately(ctx, ru, person.ID, textCannotShare)
		return
	}
	req := handlers.Request{Text: text, User: person, ChannelID: cb.Channel.ID}
	a := b.runSafely(ctx, cmd.Name, func(ctx context.Context) (handlers.Reply, error) {
		return b.svc.Answer(ctx, command.Snapshot{}, req, cmd, nil)
	})
	b.finish(cmd.Name, req, a, start, transportButton)
	if a.err != nil {
		b.respondOrLog(ctx, ru, RenderMessage(a.reply), cmd.Name)
		return
	}
	reply := a.reply
	reply.Visibility = handlers.Channel
	reply.Shareable = false
	reply.Blocks = append(append([]handlers.Block(nil), reply.Blocks...),
		handlers.Context{Items: []handlers.Rich{handlers.R(handlers.T("Shared by "), handlers.M(person.ID, person.Name))}})
	if err := ru.post(ctx, responsePayload{Message: RenderMessage(reply)}); err != nil {
		b.metrics.SlackErrors.WithLabelValues("response_url", "failed").Inc()
		b.log.Warn("share not posted", "user", person.ID, "err", err.Error())
		return
	}
	if err := ru.post(ctx, responsePayload{DeleteOriginal: true}); err != nil {
		b.log.Warn("shared lookup's original not deleted", "user", person.ID, "err", err.Error())
	}
}

// actionButton runs `done N` or `reopen N` as the person who clicked, with
// the click's idempotency key, and updates the message in place.
func (b *Bot) actionButton(ctx context.Context, cb slack.InteractionCallback, act slack.BlockAction, person handlers.Person, ru *responder, start time.Time) {
	verb := grammar.CmdDone
	if act.ActionID == ActionReopenID {
		verb = grammar.CmdReopen
	}
	n, err := strconv.ParseInt(act.Value, 10, 64)
	if err != nil || n <= 0 {
		b.tellPrivately(ctx, ru, person.ID, textBadButton)
		return
	}
	actionTS := act.ActionTs
	if actionTS == "" {
		actionTS = cb.ActionTs
	}
	req := handlers.Request{
		Text:      verb + " " + strconv.FormatInt(n, 10),
		User:      person,
		ChannelID: cb.Channel.ID,
		Key:       "button:" + actionTS + ":" + cb.User.ID + ":" + act.ActionID,
	}
	cmd, perr := grammar.Parse(req.Text)
	run := func(ctx context.Context) (handlers.Reply, error) {
		return b.svc.Answer(ctx, command.Snapshot{}, req, cmd, perr)
	}
	a := b.runSafely(ctx, verb, run)
	for i := 0; errors.Is(a.err, handlers.ErrBusy) && i < len(b.busyDelays); i++ {
		if i == 0 {
			b.tellPrivately(ctx, ru, person.ID, textSaving)
		}
		if sleep(ctx, b.clock, b.busyDelays[i]) != nil {
			break
		}
		a = b.runSafely(ctx, verb, run)
	}
	b.finish(verb, req, a, start, transportButton)
	switch {
	case errors.Is(a.err, handlers.ErrBusy):
		b.tellPrivately(ctx, ru, person.ID, textNotSaved)
		return
	case a.err != nil:
		// Refused (not allowed, deleted, unknown number): tell the person, leave the message.
		b.respondOrLog(ctx, ru, RenderMessage(a.reply), verb)
		return
	}
	if cb.Container.Type == "view" || cb.View.Type == slack.VTHomeTab {
		b.publishHome(ctx, person)
		return
	}
	msg := RenderMessage(a.reply)
	if ru.usable() {
		if err := ru.post(ctx, responsePayload{Message: msg, ReplaceOriginal: true}); err == nil {
			return
		}
	}
	channel, ts := cb.Channel.ID, cb.Container.MessageTs
	if ts == "" {
		ts = cb.Message.Timestamp
	}
	if channel == "" || ts == "" {
		return
	}
	msg.ResponseType = ""
	b.poster.Post(ctx, Post{Channel: channel, UpdateTS: ts, Message: msg, Plain: plainText(a.reply)})
}
