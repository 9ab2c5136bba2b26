package main

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"strings"

	"frontdoor/bot"
	"frontdoor/handlers"
	"frontdoor/handlers/command"
	"frontdoor/handlers/view"
)

// console is a Service with what the console needs to answer and report.
type console struct {
	svc    *command.Service
	person handlers.Person
	log    *slog.Logger
}

func newConsole(ctx context.Context, e *env, f *dbFlags, demoDefault bool) (*console, func(), int) {
	cfg, err := f.settings(e)
	if err != nil {
		fmt.Fprintln(e.stderr, err)
		return nil, nil, exitUsage
	}
	clock, err := f.clock(cfg.Location)
	if err != nil {
		fmt.Fprintln(e.stderr, err)
		return nil, nil, exitUsage
	}
	log := newLogger(e.stderr, slog.LevelWarn)
	db, cleanup, err := f.openDB(ctx, e, cfg, demoDefault, true, log, clock.Now)
	if err != nil {
		return nil, nil, fail(e, "frontdoor: %v", err)
	}
	svc := command.New(command.Options{
		Registers: db, Actions: db, History: db, People: handlers.ConsolePeople{}, Editors: cfg.Editors,
		Clock: clock, Loc: cfg.Location, CliffDays: cfg.CliffDays, DigestChannel: cfg.DigestChannel,
		Budget: bot.Budget, // the console shows what Slack would (ask --json draws it)
	})
	return &console{svc: svc, person: f.person(e), log: log}, cleanup, exitOK
}

// answer runs one command line and returns the reply and its error.
func (c *console) answer(ctx context.Context, text string) (handlers.Reply, error) {
	reply, err := c.svc.Handle(ctx, handlers.Request{Text: text, User: c.person})
	if err != nil && handlers.ErrorCode(err) == handlers.EInternal {
		ref := newRef()
		c.log.Error("command failed", "ref", ref, "err", err)
		reply = view.ErrorReply(err, ref)
	}
	return reply, err
}

func runAsk(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "ask", `ask [--db PATH | --demo] [--at YYYY-MM-DD] [--as NAME] [--json] "TEXT"`)
	f := addDBFlags(fs, true)
	addAtFlag(fs, f)
	addAsFlag(fs, f)
	asJSON := fs.Bool("json", false, "print the Slack Block Kit message as JSON")
	pos, code, ok := parseFlags(e, fs, args)
	if !ok {
		return code
	}
	text := strings.TrimSpace(strings.Join(pos, " "))
	if text == "" {
		fmt.Fprintln(e.stderr, `frontdoor ask: say what to ask, for example: frontdoor ask --demo "who funds care leavers in Liverpool"`)
		return exitUsage
	}
	c, cleanup, code := newConsole(ctx, e, f, false)
	if c == nil {
		return code
	}
	defer cleanup()
	reply, err := c.answer(ctx, text)
	if *asJSON {
		out, jerr := bot.RenderJSON(reply)
		if jerr != nil {
			return fail(e, "frontdoor: %v", jerr)
		}
		fmt.Fprintln(e.stdout, string(out))
	} else {
		fmt.Fprintln(e.stdout, handlers.RenderPlain(reply))
	}
	if err != nil {
		return exitFailed
	}
	return exitOK
}

var tryExamples = []string{
	"/fd who funds disabled people in Liverpool",
	"/fd what does DWP fund",
	"/fd area South Yorkshire",
}

func runTry(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "try", "try [--db PATH] [--at YYYY-MM-DD] [--as NAME]")
	f := addDBFlags(fs, false)
	addAtFlag(fs, f)
	addAsFlag(fs, f)
	if _, code, ok := parseFlags(e, fs, args); !ok {
		return code
	}
	c, cleanup, code := newConsole(ctx, e, f, true)
	if c == nil {
		return code
	}
	defer cleanup()
	where := "the demo register (a fresh temporary database)"
	if f.db != "" {
		where = f.db
	}
	fmt.Fprintf(e.stdout, "Frontdoor console on %s, as %s. Type a command as you would after /fd in Slack; `help` lists them, `exit` leaves.\nTry:\n", where, c.person.Name)
	for _, ex := range tryExamples {
		fmt.Fprintf(e.stdout, "  %s\n", ex)
	}
	if f.db == "" {
		fmt.Fprintln(e.stdout, "The demo register is a snapshot of public information, last checked against its sources on 4 Dec 2026:\nadd `as of 12/1/2026` to a question to see it as it was on another day.")
	}
	fmt.Fprintln(e.stdout)
	in := bufio.NewScanner(e.stdin)
	in.Buffer(make([]byte, 64*1024), 1024*1024)
	for {
		if e.stdinIsTerminal {
			fmt.Fprint(e.stdout, "fd> ")
		}
		if !in.Scan() {
			break
		}
		line := strings.TrimSpace(in.Text())
		switch strings.ToLower(line) {
		case "":
			continue
		case "exit", "quit", "/exit", "/quit":
			return exitOK
		}
		if !e.stdinIsTerminal {
			fmt.Fprintf(e.stdout, "> %s\n", line)
		}
		reply, _ := c.answer(ctx, line)
		fmt.Fprintln(e.stdout, handlers.RenderPlain(reply))
		fmt.Fprintln(e.stdout)
		if ctx.Err() != nil {
			break
		}
	}
	if err := in.Err(); err != nil {
		return fail(e, "frontdoor: reading input: %v", err)
	}
	return exitOK
}
