package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"frontdoor/bot"
	"frontdoor/config"
	"frontdoor/handlers"
	"frontdoor/handlers/command"
	"frontdoor/store"
)

// shutdownGrace bounds a graceful stop: in-flight requests and answers
// carried on after an ack finish within it (SIGTERM to exit under 10 s).
const shutdownGrace = 8 * time.Second

const noSlackSettings = `frontdoor serve: no Slack settings found.

To run the bot you need a Slack app and its tokens. docs/slack.md walks you
through it in a few minutes: create the app from slack/manifest.yml (Socket
Mode, no public address needed) or slack/manifest-http.yml, install it, then
set at least:

  SLACK_BOT_TOKEN=xoxb-…        (OAuth & Permissions)
  SLACK_APP_TOKEN=xapp-…        (Socket Mode), or SLACK_SIGNING_SECRET=… (HTTP)
  FRONTDOOR_TEAM_IDS=T…         (the workspaces allowed)

in the environment or in a file given with --config FILE.

To try Frontdoor without Slack: frontdoor try
`

func runServe(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "serve", "serve [--config FILE] [--db PATH]")
	configFile := fs.String("config", "", "settings file of NAME=value lines (the environment wins)")
	dbPath := fs.String("db", "", "database file (default $FRONTDOOR_DB or ./frontdoor.db)")
	pos, code, ok := parseFlags(e, fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(e.stderr, "frontdoor serve: unexpected argument %q\n", pos[0])
		return exitUsage
	}
	cfg, err := config.Load(e.getenv, *configFile)
	if err != nil {
		fmt.Fprintf(e.stderr, "frontdoor serve: %v\n", err)
		return exitUsage
	}
	if *dbPath != "" {
		cfg.DB = *dbPath
	}
	if !cfg.HasSlackSettings() {
		fmt.Fprint(e.stderr, noSlackSettings)
		return exitUsage
	}
	if err := cfg.ValidateServe(); err != nil {
		fmt.Fprintf(e.stderr, "frontdoor serve: %v\n\nSee docs/slack.md for each setting.\n", err)
		return exitUsage
	}
	dcfg, err := config.LoadDigest(cfg)
	if err != nil {
		fmt.Fprintf(e.stderr, "frontdoor serve: %v\n\nSee docs/slack.md for each setting.\n", err)
		return exitUsage
	}
	profileDir := e.getenv(envProfileDir) // off unless set: see profile.go
	if profileDir != "" {
		if err := checkProfileDir(profileDir); err != nil {
			fmt.Fprintf(e.stderr, "frontdoor serve: %v\n", err)
			return exitUsage
		}
	}
	logger := slog.New(slog.NewJSONHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if err := serve(ctx, cfg, dcfg, logger, profileDir); err != nil {
		logger.Error("frontdoor serve stopped", "err", err.Error())
		var fe *bot.FatalError
		if errors.As(err, &fe) {
			fmt.Fprintf(e.stderr, "frontdoor serve: %v\n", fe)
		}
		return exitFailed
	}
	return exitOK
}

// serve runs the bot until ctx ends or Slack refuses it for good. With a
// profileDir, it profiles itself from the moment the register is loaded.
func serve(ctx context.Context, cfg *config.Config, dcfg *config.Digest, logger *slog.Logger, profileDir string) error {
	db, err := store.Open(ctx, cfg.DB, store.Options{Logger: logger})
	if err != nil {
		return err
	}
	defer db.Close()

	opts := []slack.Option{
		slack.OptionAPIURL(cfg.APIURL),
		slack.OptionHTTPClient(&http.Client{Timeout: 10 * time.Second}),
	}
	if cfg.AppToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(cfg.AppToken))
	}
	api := slack.New(cfg.BotToken, opts...)
	// An unknown @owner is refused: Slack is asked through users.info, the
	// directory the bot checks askers with.
	users := bot.NewUsers(api, bot.RealClock{})

	svc := command.New(command.Options{
		Registers: db, Actions: db, Digests: db, History: db,
		People: bot.NewPeople(users, cfg.TeamIDs), Editors: cfg.Editors,
		Clock: handlers.SystemClock{}, Loc: cfg.Location,
		CliffDays: cfg.CliffDays, DigestChannel: cfg.DigestChannel,
		// An import by another process is seen within a quarter of a second,
		// without a query on every lookup.
		FreshFor: 250 * time.Millisecond, Monotonic: handlers.SystemClock{},
		Budget: bot.Budget,
	})
	b, err := bot.New(bot.Options{
		Service:       svc,
		Users:         users,
		API:           api,
		APIURL:        cfg.APIURL,
		Claims:        db,
		DB:            bot.PingFunc(func(ctx context.Context) error { _, err := db.RegisterVersion(ctx); return err }),
		Writable:      db,
		Log:           logger,
		SigningSecret: cfg.SigningSecret,
		TeamIDs:       cfg.TeamIDs,
		EnterpriseIDs: cfg.EnterpriseIDs,
	})
	if err != nil {
		return err
	}

	authCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
	botUserID, err := bot.CheckAuth(authCtx, api)
	cancel()
	if err != nil {
		var fe *bot.FatalError
		if errors.As(err, &fe) {
			return fe
		}
		// Slack unreachable at start: carry on; requests will say what fails.
		logger.Warn("auth.test failed; starting anyway", "err", err.Error())
	}
	b.SetBotUserID(botUserID)

	// The first index is built before listening, so no request waits for it;
	// later ones are built in the background while requests use the last.
	if _, err := svc.Refresh(ctx); err != nil {
		return fmt.Errorf("load the register: %w", err)
	}
	if profileDir != "" {
		stopProfiles, err := startProfiles(profileDir)
		if err != nil {
			return err
		}
		defer func() {
			if err := stopProfiles(); err != nil {
				logger.Warn("profiles not written", "err", err.Error())
			}
		}()
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s (FRONTDOOR_ADDR): %w", cfg.Addr, err)
	}
	sched, err := startSchedule(ctx, cfg, dcfg, db, svc, b, api, logger)
	if err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{
		Handler:           b.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       60 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0),
	}
	errc := make(chan error, 2)
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errc <- fmt.Errorf("http server: %w", err)
		}
	}()
	mode := "http"
	if cfg.SocketMode() {
		mode = "socket mode"
		if cfg.HTTPEndpoints() {
			mode = "socket mode and http"
		}
		client := socketmode.New(api, socketmode.OptionLog(slog.NewLogLogger(logger.Handler(), slog.LevelDebug)))
		sm := b.NewSocketMode(client)
		go func() {
			if err := sm.Run(ctx); err != nil {
				errc <- err
			}
		}()
	}
	logger.Info("frontdoor serving", "addr", ln.Addr().String(), "mode", mode, "db", db.Path(), "teams", len(cfg.TeamIDs))

	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-errc:
	}
	logger.Info("frontdoor stopping")
	stopCtx, stop := context.WithTimeout(context.Background(), shutdownGrace)
	defer stop()
	if err := srv.Shutdown(stopCtx); err != nil {
		logger.Warn("http shutdown", "err", err.Error())
	}
	if err := sched.Stop(stopCtx); err != nil {
		logger.Warn("scheduler shutdown", "err", err.Error())
	}
	if err := b.Shutdown(stopCtx); err != nil {
		logger.Warn("bot shutdown", "err", err.Error())
	}
	return runErr
}
