// Command frontdoor is the inclusive employment unit's bot: a register of
// employment-and-health programmes, an action log and a weekly digest,
// answered in Slack or at a console.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// Exit codes.
const (
	exitOK     = 0 // done
	exitFailed = 1 // refused or failed, with a message
	exitUsage  = 2 // the command line is wrong
)

// env is what a sub-command may touch, so tests can run it in-process.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// stdinIsTerminal makes `try` print a prompt.
	stdinIsTerminal bool
}

type subcommand struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) int
}

var subcommands []subcommand

func init() {
	subcommands = []subcommand{
		{"try", "an interactive console on the demo register (no Slack needed)", runTry},
		{"ask", "answer one command and exit: frontdoor ask \"who funds care leavers in Liverpool\"", runAsk},
		{"import", "import register CSV files (a folder, or one file named after its kind), or a 360Giving file", runImport},
		{"export", "write the register as CSV files to a folder, or its grants as a 360Giving file", runExport},
		{"check", "check the database's integrity and references", runCheck},
		{"backup", "write a consistent copy of the database, safe while it is in use", runBackup},
		{"digest", "print this week's digest, or post it to the digest channel (once a week)", runDigest},
		{"serve", "run the Slack bot (Socket Mode and/or the signed HTTP endpoints)", runServe},
		{"help", "show this help", runHelp},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	if fi, err := os.Stdin.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		e.stdinIsTerminal = true
	}
	code := run(ctx, e, os.Args[1:])
	stop()
	os.Exit(code)
}

func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		usageAll(e.stderr)
		return exitUsage
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "-help" {
		usageAll(e.stdout)
		return exitOK
	}
	for _, sc := range subcommands {
		if sc.name == name {
			return sc.run(ctx, e, args[1:])
		}
	}
	fmt.Fprintf(e.stderr, "frontdoor: unknown command %q\n\n", name)
	usageAll(e.stderr)
	return exitUsage
}

func runHelp(_ context.Context, e *env, args []string) int {
	if len(args) > 0 {
		return run(context.Background(), e, []string{args[0], "-h"})
	}
	usageAll(e.stdout)
	return exitOK
}

func usageAll(w io.Writer) {
	fmt.Fprintln(w, "Frontdoor: one front door to the employment-and-health programmes of a place.")
	fmt.Fprintln(w, "\nUsage: frontdoor <command> [flags]\n\nCommands:")
	names := make([]string, 0, len(subcommands))
	width := 0
	for _, sc := range subcommands {
		names = append(names, sc.name)
		width = max(width, len(sc.name))
	}
	for _, sc := range subcommands {
		fmt.Fprintf(w, "  %-*s  %s\n", width, sc.name, sc.summary)
	}
	_ = names
	fmt.Fprintln(w, "\nStart with `frontdoor try`. Run `frontdoor <command> -h` for a command's flags.")
}

// newFlags returns a FlagSet whose -h prints the command's usage to stdout.
func newFlags(e *env, name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: frontdoor %s\n\nFlags:\n", usage)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses flags that may come before or after positional arguments.
// It returns the positional arguments, or an exit code when parsing stopped.
func parseFlags(e *env, fs *flag.FlagSet, args []string) ([]string, int, bool) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(e.stdout)
				fs.Usage()
				return nil, exitOK, false
			}
			return nil, exitUsage, false
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, 0, true
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func fail(e *env, format string, args ...any) int {
	msg := fmt.Sprintf(format, args...)
	if !strings.HasSuffix(msg, "\n") {
		msg += "\n"
	}
	fmt.Fprint(e.stderr, msg)
	return exitFailed
}
