package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"frontdoor/handlers"
	"frontdoor/handlers/command"
	"frontdoor/handlers/grammar"
)

// claimTimeout bounds taking an event's claim inside Slack's 3 seconds.
const claimTimeout = 1500 * time.Millisecond

const textMentionLog = "To log an action with a form, type `/fd log`; or write it out: `@Frontdoor log DWP to share data by Friday`."

// event handles one Events API delivery. The event_id is claimed in the
// database before any work: a delivery whose id was claimed before (a retry
// of one already handled, by this process or another) is acknowledged
// without doing anything. An error means the claim could not be taken: the
// delivery must not be acknowledged, so that Slack tries again.
//
// A mention that writes (`@Frontdoor log …`, `done 42`) is the exception:
// it is run before the delivery is acknowledged (within the budget) and its
// event is marked as seen only once the write has committed or been refused.
// A process that dies before then has acknowledged nothing and marked
// nothing, so Slack's retry runs it again, and the write's own key (the
// event_id) records it once.
func (b *Bot) event(ctx context.Context, ev slackevents.EventsAPIEvent, retry int) error {
	cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if !ok || cb.EventID == "" {
		return nil // not an event callback (app_rate_limited, say): nothing to do
	}
	switch inner := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		if inner.BotID != "" {
			return nil // another bot: never answer bots, so two bots cannot loop
		}
		if b.mentionWrites(inner) {
			b.mentionWrite(ev, cb.EventID, inner, retry)
			return nil
		}
	case *slackevents.AppHomeOpenedEvent:
	default:
		return nil // not subscribed to, or nothing to do: no claim needed
	}
	if b.claims != nil {
		cctx, cancel := context.WithTimeout(ctx, claimTimeout)
		first, err := b.claims.Claim(cctx, eventClaim(cb.EventID), KeyTTL)
		cancel()
		if err != nil {
			b.log.Warn("event not claimed: asking Slack to retry", "event_id", cb.EventID, "retry", retry, "err", err.Error())
			return fmt.Errorf("bot: claim event: %w", err)
		}
		if !first {
			b.metrics.EventsDeduplicated.Inc()
			b.log.Info("event seen before: acknowledged without work", "event_id", cb.EventID, "retry", retry)
			return nil
		}
	}
	switch inner := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		b.goBackground("app_mention", func(bctx context.Context) { b.mention(bctx, ev, cb.EventID, inner, nil) })
	case *slackevents.AppHomeOpenedEvent:
		if inner.Tab != "home" {
			return nil
		}
		who := asker{TeamID: ev.TeamID, EnterpriseID: ev.EnterpriseID, UserID: inner.User}
		b.goBackground("app_home_opened", func(bctx context.Context) {
			person, refusal, _ := b.admit(bctx, who)
			if refusal != "" {
				b.publishView(bctx, inner.User, textReply(refusal))
				return
			}
			b.publishHome(bctx, person)
		})
	}
	return nil
}

func eventClaim(eventID string) string { return "claim:event:" + eventID }

// mentionWrites reports whether a mention is a command that writes.
func (b *Bot) mentionWrites(m *slackevents.AppMentionEvent) bool {
	b.mu.Lock()
	botID := b.botID
	b.mu.Unlock()
	cmd, err := grammar.Parse(mentionText(m.Text, botID))
	return err == nil && cmd.IsWrite() && !(cmd.Name == grammar.CmdLog && strings.TrimSpace(cmd.Text) == "")
}

// mentionWrite runs a writing mention and waits, at most the budget, until
// it has committed or been refused (and its event is marked as seen); a
// slower write carries on after the acknowledgement.
func (b *Bot) mentionWrite(ev slackevents.EventsAPIEvent, eventID string, m *slackevents.AppMentionEvent, retry int) {
	settled := make(chan struct{})
	var once sync.Once
	settle := func() { once.Do(func() { close(settled) }) }
	b.goBackground("app_mention", func(bctx context.Context) {
		defer settle()
		b.mention(bctx, ev, eventID, m, settle)
	})
	select {
	case <-settled:
	case <-b.clock.After(b.budget):
		b.log.Info("mention write not settled within the budget: acknowledged, carrying on", "event_id", eventID, "retry", retry)
	}
}

var leadingMention = regexp.MustCompile(`^\s*<@([UW][A-Z0-9]+)(\|[^>]*)?>[\s:,]*`)

// mentionText removes the mention of the bot that starts the text
// ("<@U0BOT> who funds…"); without the bot's id, any leading mention.
func mentionText(text, botID string) string {
	m := leadingMention.FindStringSubmatchIndex(text)
	if m == nil {
		return strings.TrimSpace(text)
	}
	if id := text[m[2]:m[3]]; botID != "" && id != botID {
		return strings.TrimSpace(text)
	}
	return strings.TrimSpace(text[m[1]:])
}

// mention answers "@Frontdoor …" in a thread under the message. settle is
// set for a write, whose event was not claimed up front: the event is marked
// as seen once the write has committed or been refused, and a delivery seen
// before posts nothing more; settle is called then (or once it is clear the
// write will not settle soon).
func (b *Bot) mention(ctx context.Context, ev slackevents.EventsAPIEvent, eventID string, m *slackevents.AppMentionEvent, settle func()) {
	start := b.clock.Now()
	write := settle != nil
	thread := m.ThreadTimeStamp
	if thread == "" {
		thread = m.TimeStamp
	}
	// markSeen claims the event for a write; false means another delivery of
	// it has settled already (and answered), so this one stays quiet.
	markSeen := func() bool {
		if !write || b.claims == nil {
			return true
		}
		cctx, cancel := context.WithTimeout(ctx, claimTimeout)
		first, err := b.claims.Claim(cctx, eventClaim(eventID), KeyTTL)
		cancel()
		settle()
		if err != nil {
			b.log.Warn("mention write not marked as seen", "event_id", eventID, "err", err.Error())
			return true // answer anyway: a repeat is better than silence
		}
		if !first {
			b.metrics.EventsDeduplicated.Inc()
			b.log.Info("event seen before: its write replayed, not answered again", "event_id", eventID)
		}
		return first
	}
	private := func(text string) {
		opts := []slack.MsgOption{slack.MsgOptionText(mdEscape(text), false)}
		if m.ThreadTimeStamp != "" {
			opts = append(opts, slack.MsgOptionTS(m.ThreadTimeStamp))
		}
		if _, perr := b.api.PostEphemeralContext(ctx, m.Channel, m.User, opts...); perr != nil {
			b.apiError("chat.postEphemeral", perr)
		}
	}
	reply := func(r handlers.Reply) {
		r.Shareable = false
		msg := RenderMessage(r)
		msg.ResponseType = ""
		b.poster.Post(ctx, Post{Channel: m.Channel, ThreadTS: thread, Message: msg, Plain: plainText(r)})
	}
	who := asker{TeamID: ev.TeamID, EnterpriseID: ev.EnterpriseID, UserID: m.User, UserTeam: m.UserTeam}
	person, refusal, err := b.admit(ctx, who)
	if refusal != "" {
		b.countCommand("unknown", "refused", start, transportEvent)
		b.log.Info("mention refused", "user", m.User, "team", ev.TeamID, "reason", err.Error())
		if markSeen() {
			private(refusal)
		}
		return
	}
	b.mu.Lock()
	botID := b.botID
	b.mu.Unlock()
	text := mentionText(m.Text, botID)
	cmd, perr := grammar.Parse(text)
	name := "unknown"
	if perr == nil {
		name = cmd.Name
	}
	if perr == nil && cmd.Name == grammar.CmdLog && strings.TrimSpace(cmd.Text) == "" {
		b.countCommand(name, "ok", start, transportEvent)
		reply(textReply(textMentionLog))
		return
	}
	req := handlers.Request{Text: text, User: person, ChannelID: m.Channel}
	if write {
		req.Key = "event:" + eventID
	}
	run := func(ctx context.Context) (handlers.Reply, error) {
		return b.svc.Answer(ctx, command.Snapshot{}, req, cmd, perr)
	}
	a := b.runSafely(ctx, name, run)
	for i := 0; errors.Is(a.err, handlers.ErrBusy) && write && i < len(b.busyDelays); i++ {
		if i == 0 {
			settle() // a minute of retries does not fit before the acknowledgement
		}
		if sleep(ctx, b.clock, b.busyDelays[i]) != nil {
			break
		}
		a = b.runSafely(ctx, name, run)
	}
	b.finish(name, req, a, start, transportEvent)
	switch {
	case errors.Is(a.err, handlers.ErrBusy) && write:
		reply(textReply(textNotSaved)) // not saved, so not seen: a retry may save it
	case a.ref != "":
		reply(a.reply) // unexpected: not marked as seen, so a retry may do better
	case !markSeen():
	case errors.Is(a.err, handlers.ErrResidentData):
		// Told only to the person, who is asked to take it out of the
		// channel: the message holding it stays there until edited.
		private(handlers.ErrorMessage(a.err) + " " + textEditMessage)
	default:
		reply(a.reply)
	}
}

// textEditMessage follows a refusal of a mention holding a resident's identifier.
const textEditMessage = "Your message is still in the channel: please edit or delete it to take the identifier out."

// publishHome renders the person's App Home tab and publishes it.
func (b *Bot) publishHome(ctx context.Context, person handlers.Person) {
	start := b.clock.Now()
	req := handlers.Request{User: person}
	a := b.runSafely(ctx, "home", func(ctx context.Context) (handlers.Reply, error) { return b.svc.Home(ctx, person) })
	b.finish("home", req, a, start, transportEvent)
	b.publishView(ctx, person.ID, a.reply)
}

// publishView publishes a reply as someone's App Home, within the 100
// blocks a view may hold.
func (b *Bot) publishView(ctx context.Context, userID string, r handlers.Reply) {
	r.Shareable = false
	view := slack.HomeTabViewRequest{
		Type:   slack.VTHomeTab,
		Blocks: slack.Blocks{BlockSet: RenderBlocks(r, MaxViewBlocks)},
	}
	if err := b.publishHomeView(ctx, slack.PublishViewContextRequest{UserID: userID, View: view}); err != nil {
		b.apiError("views.publish", err)
	}
}
