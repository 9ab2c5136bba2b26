package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"frontdoor/bot"
	"frontdoor/config"
	"frontdoor/handlers"
	"frontdoor/handlers/command"
	"frontdoor/handlers/view"
	"frontdoor/store"
)

var digestChannelID = regexp.MustCompile(`^[CGD][A-Z0-9]{2,}$`)

// digestClock paces `digest --post` (a second between messages to the
// channel); tests replace it so that the pace does not make them wait.
var digestClock bot.Clock = bot.RealClock{}

func runDigest(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "digest", "digest [--db PATH | --demo] [--at YYYY-MM-DD] [--json] [--post [--channel C…] [--force]]")
	f := addDBFlags(fs, true)
	addAtFlag(fs, f)
	asJSON := fs.Bool("json", false, "print the digest as the JSON array of Slack messages it is posted as")
	post := fs.Bool("post", false, "post it to FRONTDOOR_DIGEST_CHANNEL (or --channel), unless this week's was posted there already")
	channel := fs.String("channel", "", "the channel id (C…) to post to or compare with, instead of FRONTDOOR_DIGEST_CHANNEL")
	force := fs.Bool("force", false, "with --post: send it again deliberately, or send the rest of a digest Slack did not confirm")
	pos, code, ok := parseFlags(e, fs, args)
	if !ok {
		return code
	}
	switch {
	case len(pos) > 0:
		fmt.Fprintf(e.stderr, "frontdoor digest: unexpected argument %q\n", pos[0])
		return exitUsage
	case *force && !*post:
		fmt.Fprintln(e.stderr, "frontdoor digest: --force goes with --post")
		return exitUsage
	case *post && f.demo:
		fmt.Fprintln(e.stderr, "frontdoor digest: --post needs a real database (--db): the demo is a fresh copy each time, so it could not tell whether this week's digest was posted")
		return exitUsage
	}
	cfg, err := f.settings(e)
	if err != nil {
		fmt.Fprintln(e.stderr, err)
		return exitUsage
	}
	clock, err := f.clock(cfg.Location)
	if err != nil {
		fmt.Fprintln(e.stderr, err)
		return exitUsage
	}
	ch := *channel
	if ch == "" {
		ch = cfg.DigestChannel
	}
	if ch != "" && !digestChannelID.MatchString(ch) {
		fmt.Fprintf(e.stderr, "frontdoor digest: %q is not a channel id (C…; the name will not do)\n", ch)
		return exitUsage
	}
	var api *slack.Client
	if *post {
		if api, err = digestAPI(cfg, ch); err != nil {
			fmt.Fprintf(e.stderr, "frontdoor digest: %v\n", err)
			return exitUsage
		}
	}

	log := newLogger(e.stderr, slog.LevelWarn)
	// The store stamps real instants (when it was posted); --at only says which week.
	db, cleanup, err := f.openDB(ctx, e, cfg, false, true, log, time.Now)
	if err != nil {
		return fail(e, "frontdoor: %v", err)
	}
	defer cleanup()
	svc := command.New(command.Options{
		Registers: db, Actions: db, History: db,
		Clock: clock, Loc: cfg.Location, CliffDays: cfg.CliffDays, DigestChannel: cfg.DigestChannel,
		Budget: bot.Budget,
	})
	on := svc.Today()
	opts := bot.DigestOptions{Store: db, Build: svc.WeeklyDigest, Log: log}
	if !*post {
		digests, err := bot.NewDigests(opts)
		if err != nil {
			return fail(e, "frontdoor: %v", err)
		}
		dig, _, err := digests.Build(ctx, ch, on)
		if err != nil {
			return fail(e, "frontdoor: %v", err)
		}
		if *asJSON {
			js, err := bot.DigestJSON(dig)
			if err != nil {
				return fail(e, "frontdoor: %v", err)
			}
			fmt.Fprint(e.stdout, string(js))
		} else {
			fmt.Fprintln(e.stdout, view.DigestPlain(bot.Budget, dig))
		}
		// Where this week's post stands, above all one Slack did not confirm.
		if ch != "" {
			if p, err := db.Digest(ctx, ch, handlers.WeekOf(on)); err == nil {
				fmt.Fprintln(e.stderr, view.DigestStatusText(&p, time.Now(), cfg.Location))
			} else if !errors.Is(err, handlers.ErrNotFound) {
				return fail(e, "frontdoor: %v", err)
			}
		}
		return exitOK
	}

	// Every outcome is told in words below; the log lines would only repeat it.
	quiet := slog.New(slog.DiscardHandler)
	opts.Log = quiet
	opts.Poster = bot.NewPoster(api, bot.PosterOptions{Log: quiet, Clock: digestClock})
	defer opts.Poster.Close()
	digests, err := bot.NewDigests(opts)
	if err != nil {
		return fail(e, "frontdoor: %v", err)
	}
	mode := handlers.ClaimManual
	if *force {
		mode = handlers.ClaimForce
	}
	res, err := digests.Send(ctx, ch, on, mode)
	if err != nil {
		return fail(e, "frontdoor digest: %v", err)
	}
	status := e.stdout
	if *asJSON {
		// stdout is the messages, always a JSON array; what happened goes to stderr.
		status = e.stderr
		if res.Post.Messages != nil {
			js, err := bot.DigestPostJSON(res.Post)
			if err != nil {
				return fail(e, "frontdoor: %v", err)
			}
			fmt.Fprint(e.stdout, string(js))
		} else {
			fmt.Fprintln(e.stdout, "[]")
		}
	}
	return reportDigest(e, status, res, cfg.Location)
}

// digestAPI checks what posting needs and returns the Slack client.
func digestAPI(cfg *config.Config, channel string) (*slack.Client, error) {
	var problems []string
	if channel == "" {
		problems = append(problems, "no channel to post to: set FRONTDOOR_DIGEST_CHANNEL or give --channel C…")
	}
	if !strings.HasPrefix(cfg.BotToken, "xoxb-") {
		problems = append(problems, "SLACK_BOT_TOKEN: posting needs the bot token, starting xoxb- (see docs/slack.md)")
	}
	url := cfg.APIURL
	if !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://") {
		problems = append(problems, fmt.Sprintf("SLACK_API_URL: %q is not an http(s) address", url))
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("cannot post:\n  - %s", strings.Join(problems, "\n  - "))
	}
	if !strings.HasSuffix(url, "/") {
		url += "/" // the client appends the method name
	}
	return slack.New(cfg.BotToken, slack.OptionAPIURL(url), slack.OptionHTTPClient(&http.Client{Timeout: 15 * time.Second})), nil
}

// reportDigest says what became of a post and returns the exit code: 0 when
// the week's digest is in the channel (now or before), 1 when it is not or
// nobody knows.
func reportDigest(e *env, w io.Writer, res bot.DigestResult, loc *time.Location) int {
	p := &res.Post
	week := "the week of " + p.Week.UK()
	switch res.Outcome {
	case bot.DigestOutcomePosted:
		if res.From > 0 {
			fmt.Fprintf(w, "Sent the rest of the digest for %s to %s: messages %d to %d, in the thread of the first.\n", week, p.Channel, res.From+1, p.Parts)
		} else {
			fmt.Fprintf(w, "Posted the digest for %s to %s: %s.\n", week, p.Channel, pluralWord(p.Parts, "message", "messages"))
		}
		return exitOK
	case bot.DigestOutcomeNotTaken:
		if p.State == handlers.DigestPosted {
			fmt.Fprintf(w, "The digest for %s was already posted to %s at %s; not posting it again. To send it again deliberately, add --force.\n",
				week, p.Channel, p.PostedAt.In(loc).Format("15:04 on Mon 2 Jan 2006"))
			return exitOK
		}
		fmt.Fprintln(e.stderr, view.DigestStatusText(p, time.Now(), loc))
		return exitFailed
	case bot.DigestOutcomeFailed:
		fmt.Fprintf(e.stderr, "Slack refused the digest for %s in %s: %s.\n", week, p.Channel, p.Detail)
		if bot.RefusedBecauseNotInChannel(res.Err) {
			fmt.Fprintf(e.stderr, "Invite the bot to the channel (/invite @Frontdoor in %s), then run frontdoor digest --post again.\n", p.Channel)
		} else {
			fmt.Fprintln(e.stderr, "Nothing from that message on was posted; it can be tried again with frontdoor digest --post.")
		}
		return exitFailed
	}
	fmt.Fprintln(e.stderr, view.DigestStatusText(p, time.Now(), loc))
	return exitFailed
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// startSchedule starts serve's scheduler: the weekly digest when
// FRONTDOOR_DIGEST_CHANNEL is set, the reminders unless FRONTDOOR_REMINDERS
// is off. Its runs stop with ctx; stop it with Stop before the bot.
func startSchedule(ctx context.Context, cfg *config.Config, dcfg *config.Digest, db *store.DB, svc *command.Service,
	b *bot.Bot, api *slack.Client, logger *slog.Logger) (*bot.Scheduler, error) {
	opts := bot.ScheduleOptions{
		Channel: cfg.DigestChannel, Cron: cfg.DigestSchedule,
		ReminderHour: dcfg.ReminderHour, ReminderMinute: dcfg.ReminderMinute,
		Loc: cfg.Location, Log: logger, Metrics: b.Metrics(),
	}
	// Scheduled posts are not answers to a request: they wait for the index
	// of the current register rather than use the last one built.
	if cfg.DigestChannel != "" {
		d, err := bot.NewDigests(bot.DigestOptions{Store: db, Build: svc.WeeklyDigest, Poster: b.Poster(),
			Log: logger, Metrics: b.Metrics()})
		if err != nil {
			return nil, err
		}
		opts.Digests = d
	}
	if cfg.Reminders {
		r, err := bot.NewReminders(bot.ReminderOptions{Store: db, Due: svc.Reminders, API: api, Poster: b.Poster(),
			Holidays: dcfg.Holidays, Log: logger, Metrics: b.Metrics()})
		if err != nil {
			return nil, err
		}
		opts.Reminders = r
	}
	if first, last := dcfg.Holidays.Span(); !dcfg.Holidays.Covers(svc.Today()) {
		logger.Warn("the bank holiday list does not cover today: reminders will go out on bank holidays; set FRONTDOOR_BANK_HOLIDAYS",
			"list", dcfg.Holidays.Source(), "from", first.String(), "to", last.String())
	}
	return bot.StartScheduler(ctx, opts)
}
