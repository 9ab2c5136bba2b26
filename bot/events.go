package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"frontdoor/handlers"
)

// claimTimeout bounds taking an event's claim inside Slack's 3 seconds.
const claimTimeout = 1500 * time.Millisecond

const textMentionLog = "To log an action with a form, type `/fd log`; or write it out: `@Frontdoor log DWP to share data by Friday`."

// event handles one Events API delivery. The event_id is claimed in the
// database before any work: a delivery whose id was claimed before (a retry
// of one already handled, by this process or another) is acknowledged
// without doing anything. An error means the claim could not be taken: the
// delivery must not be acknowledged, so that Slack tries again.
func (b *Bot) event(ctx context.Context, ev slackevents.EventsAPIEvent, retry int) error {
	cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if !ok || cb.EventID == "" {
		return nil // not an event callback (app_rate_limited, say): nothing to do
	}
	switch ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent, *slackevents.AppHomeOpenedEvent:
	default:
		return nil // not subscribed to, or nothing to do: no claim needed
	}
	if b.claims != nil {
		cctx, cancel := context.WithTimeout(ctx, claimTimeout)
		first, err := b.claims.Claim(cctx, "claim:event:"+cb.EventID, KeyTTL)
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
		if inner.BotID != "" {
			return nil // another bot: never answer bots, so two bots cannot loop
		}
		b.goBackground("app_mention", func(bctx context.Context) { b.mention(bctx, ev, cb.EventID, inner) })
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

// mention answers "@Frontdoor …" in a thread under the message.
func (b *Bot) mention(ctx context.Context, ev slackevents.EventsAPIEvent, eventID string, m *slackevents.AppMentionEvent) {
	start := b.clock.Now()
	thread := m.ThreadTimeStamp
	if thread == "" {
		thread = m.TimeStamp
	}
	reply := func(r handlers.Reply) {
		r.Shareable = false
		msg := b.render(r, "")
		msg.ResponseType = ""
		b.poster.Post(ctx, Post{Channel: m.Channel, ThreadTS: thread, Message: msg, Plain: plainText(r)})
	}
	who := asker{TeamID: ev.TeamID, EnterpriseID: ev.EnterpriseID, UserID: m.User, UserTeam: m.UserTeam}
	person, refusal, err := b.admit(ctx, who)
	if refusal != "" {
		b.countCommand("unknown", "refused", start, transportEvent)
		b.log.Info("mention refused", "user", m.User, "team", ev.TeamID, "reason", err.Error())
		if _, perr := b.api.PostEphemeralContext(ctx, m.Channel, m.User, slack.MsgOptionText(mdEscape(refusal), false)); perr != nil {
			b.apiError("chat.postEphemeral", perr)
		}
		return
	}
	b.mu.Lock()
	botID := b.botID
	b.mu.Unlock()
	text := mentionText(m.Text, botID)
	cmd, perr := handlers.ParseCommand(text)
	name := "unknown"
	if perr == nil {
		name = cmd.Name
	}
	if perr == nil && cmd.Name == handlers.CmdLog && strings.TrimSpace(cmd.Text) == "" {
		b.countCommand(name, "ok", start, transportEvent)
		reply(textReply(textMentionLog))
		return
	}
	req := handlers.Request{Text: text, User: person, ChannelID: m.Channel}
	if perr == nil && cmd.IsWrite() {
		req.Key = "event:" + eventID
	}
	run := func(ctx context.Context) (handlers.Reply, error) { return b.svc.Handle(ctx, req) }
	a := b.runSafely(ctx, name, run)
	for i := 0; errors.Is(a.err, handlers.ErrBusy) && req.Key != "" && i < len(b.busyDelays); i++ {
		if sleep(ctx, b.clock, b.busyDelays[i]) != nil {
			break
		}
		a = b.runSafely(ctx, name, run)
	}
	b.finish(name, req, a, start, transportEvent)
	if errors.Is(a.err, handlers.ErrBusy) && req.Key != "" {
		reply(textReply(textNotSaved))
		return
	}
	reply(a.reply)
}

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
	if _, err := b.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: userID, View: view}); err != nil {
		b.apiError("views.publish", err)
	}
}
