// Command load measures Frontdoor's throughput, latency and memory with a
// client that signs every request afresh, next to a minimal handler that
// only checks the signature and returns a fixed 1.5 KB Block Kit reply, so
// that what is measured is the share of that ceiling Frontdoor reaches.
//
// With -national (the one command that reproduces RELIABILITY.md's figures)
// it generates the national register from -seed, imports it into a
// temporary database, and, for each of -rounds rounds, starts the real
// `frontdoor serve` on it with signed HTTP endpoints and runs three
// workloads one after the other:
//
//	minimal   the minimal signed handler (in this process)
//	repeated  5 `who funds <cohort> in <area>` questions asked in turn: answered from memory
//	fresh     every question new: `who funds <cohort> in <area> as of <date>`
//
// and measures serve's start-up to ready, its memory idle and at its peak
// under the fresh load, and a one-shot `frontdoor ask`. It prints each
// round and the median of the rounds. With -profile DIR it then profiles a
// serve under the fresh load (CPU and allocations) into DIR.
//
//	go run ./scripts/load -national
//	go run ./scripts/load -national -rounds 3 -n 20000 -profile /tmp/prof
//
// With -addr it loads a serve already running instead (the questions of
// -queries in turn, or made new with -distinct), next to the minimal handler
// with -minimal:
//
//	go run ./scripts/load -addr 127.0.0.1:3000 -secret "$SLACK_SIGNING_SECRET" -n 5000 -c 16 -minimal
//
// It refuses any address that is not loopback; every run is bounded in
// requests and in time. The client runs on the same machine as the server,
// so the figures are of both sharing its cores.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"strings"
	"time"
)

// Bounds: this is a measuring tool, not a flood.
const (
	maxRequests = 1_000_000
	maxDuration = 10 * time.Minute
	maxWorkers  = 1024
	maxRounds   = 9
	// maxRun bounds a whole -national run, whatever the flags say.
	maxRun = 45 * time.Minute
)

// queries are the lookups of -addr mode, sent in turn (names from the demo register).
var queries = []string{
	"who funds care leavers in Liverpool",
	"who funds disabled people in Greater Manchester",
	"who funds over 50s in South Yorkshire",
	"who funds people with mental health conditions in Leeds",
	"who funds neets in Manchester",
	"who funds care leavers",
	"who funds disabled people",
	"who funds long-term unemployed in Rotherham",
}

type options struct {
	pace
	addr     string
	secret   string
	minimal  bool
	team     string
	user     string
	distinct bool
	queries  []string

	national  bool
	seed      uint64
	rounds    int
	warmup    int
	settle    time.Duration
	frontdoor string // a built frontdoor binary; "": build one
	profile   string // a folder for serve's profiles; "": none
	figures   string // a file to append the medians to as a JSON line
}

func main() {
	var o options
	flag.BoolVar(&o.national, "national", false, "start `frontdoor serve` on a generated national register and run every workload, -rounds times")
	flag.StringVar(&o.addr, "addr", "", "host:port of a `frontdoor serve` already running (loopback only), instead of -national")
	flag.StringVar(&o.secret, "secret", "", "with -addr: the server's SLACK_SIGNING_SECRET")
	flag.IntVar(&o.n, "n", 0, "requests a workload sends (default 20000 with -national, else 1000)")
	flag.IntVar(&o.c, "c", 8, "requests in flight at once")
	flag.Float64Var(&o.rate, "rate", 0, "requests per second (0: as fast as the server answers)")
	flag.DurationVar(&o.duration, "duration", time.Minute, "stop a workload after this long whatever -n says (at most 10m)")
	flag.BoolVar(&o.minimal, "minimal", false, "with -addr: also run against the minimal signed handler, for comparison (always with -national)")
	flag.StringVar(&o.team, "team", "T0LOAD", "team_id and user_team sent (with -addr: must be in the server's FRONTDOOR_TEAM_IDS)")
	flag.StringVar(&o.user, "user", "U0LOAD", "user_id sent")
	queriesFile := flag.String("queries", "", "with -addr: a file of questions, one a line, to send in turn instead of the built-in demo-register ones")
	flag.BoolVar(&o.distinct, "distinct", false, "with -addr: make every question different (its own `as of` date), so no answer comes from the server's memory")
	flag.Uint64Var(&o.seed, "seed", 1, "with -national: the seed of the register and of the questions")
	flag.IntVar(&o.rounds, "rounds", 3, "with -national: rounds, each on a serve of its own; the median is printed (1 to 9)")
	flag.IntVar(&o.warmup, "warmup", 200, "requests sent before each workload, not counted")
	flag.DurationVar(&o.settle, "settle", 3*time.Second, "with -national: how long serve sits idle after start-up before its memory is read")
	flag.StringVar(&o.frontdoor, "frontdoor", "", "with -national: a frontdoor binary to run (default: build ./cmd/frontdoor)")
	flag.StringVar(&o.profile, "profile", "", "with -national: a folder to write CPU and allocation profiles of serve under the fresh load to")
	flag.StringVar(&o.figures, "figures", "", "with -national: append the medians, with the machine, to this file as one JSON line")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "load: unexpected argument %q\n", flag.Arg(0))
		os.Exit(2)
	}
	if *queriesFile != "" {
		qs, err := readQueries(*queriesFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
			os.Exit(2)
		}
		o.queries = qs
	}
	ctx, cancel := context.WithTimeout(context.Background(), maxRun)
	err := run(ctx, os.Stdout, o)
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(2)
	}
}

func readQueries(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var qs []string
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			qs = append(qs, line)
		}
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("%s holds no questions", path)
	}
	return qs, nil
}

func run(ctx context.Context, out io.Writer, o options) error {
	if o.n == 0 {
		o.n = 1000
		if o.national {
			o.n = 20000
		}
	}
	switch {
	case o.national && o.addr != "":
		return errors.New("give -national or -addr, not both")
	case !o.national && o.addr == "" && !o.minimal:
		return errors.New("give -national, or -addr host:port of a running server, or -minimal")
	case o.n < 1 || o.n > maxRequests:
		return fmt.Errorf("-n must be 1 to %d", maxRequests)
	case o.c < 1 || o.c > maxWorkers:
		return fmt.Errorf("-c must be 1 to %d", maxWorkers)
	case o.rate < 0:
		return errors.New("-rate must not be negative")
	case o.duration <= 0 || o.duration > maxDuration:
		return fmt.Errorf("-duration must be above 0 and at most %v", maxDuration)
	case o.warmup < 0 || o.warmup > maxRequests:
		return fmt.Errorf("-warmup must be 0 to %d", maxRequests)
	case o.national && (o.rounds < 1 || o.rounds > maxRounds):
		return fmt.Errorf("-rounds must be 1 to %d", maxRounds)
	case o.national && (o.settle < 0 || o.settle > time.Minute):
		return errors.New("-settle must be 0 to 1m")
	}
	if o.addr != "" {
		if err := loopbackOnly(o.addr); err != nil {
			return err
		}
	}
	if o.national {
		return runNational(ctx, out, o)
	}
	return runAddr(ctx, out, o)
}

// runAddr loads a server already running, and the minimal handler with -minimal.
func runAddr(ctx context.Context, out io.Writer, o options) error {
	if o.secret == "" {
		if o.addr != "" {
			return errors.New("give -secret: the server's SLACK_SIGNING_SECRET")
		}
		o.secret = "load-minimal-secret"
	}
	sink, err := startSink()
	if err != nil {
		return err
	}
	defer sink.close()
	fmt.Fprintf(out, "client and server share this machine: %d cores, GOMAXPROCS %d; %d requests a workload, %d in flight, rate %s\n",
		runtime.NumCPU(), runtime.GOMAXPROCS(0), o.n, o.c, rateText(o.rate))
	var results []result
	var minimal *result
	if o.minimal {
		addr, stop, err := startMinimal(o.secret)
		if err != nil {
			return err
		}
		r, err := warmAndMeasure(ctx, workload{wlMinimal, inTurn(queries)}, o.target(addr, sink), o.pace, o.warmup, 0)
		stop()
		if err != nil {
			return err
		}
		results = append(results, r)
		minimal = &results[0]
	}
	if o.addr != "" {
		qs := o.queries
		if len(qs) == 0 {
			qs = queries
		}
		w := workload{wlRepeated, inTurn(qs)}
		if o.distinct {
			w = workload{wlFresh, withDistinctDates(qs)}
		}
		r, err := warmAndMeasure(ctx, w, o.target(o.addr, sink), o.pace, o.warmup, 0)
		if err != nil {
			return err
		}
		results = append(results, r)
	}
	fmt.Fprintln(out, tableHead)
	var rows []row
	for _, r := range results {
		rows = append(rows, rowOf("1", r, minimal))
	}
	printRows(out, rows)
	printFailures(out, results)
	return nil
}

func (o options) target(addr string, s *sink) target {
	return target{addr: addr, secret: o.secret, team: o.team, user: o.user, responseURL: s.url()}
}

// Where the questions of a round start: round r (from 0) asks questions
// r·maxRequests onwards, and warms up with those from warmupFirst(r), so
// that no question is asked twice in a run.
func roundFirst(r int) int  { return r * maxRequests }
func warmupFirst(r int) int { return (maxRounds + 1 + r) * maxRequests }

// warmAndMeasure sends warmup requests, not counted, then measures.
func warmAndMeasure(ctx context.Context, w workload, t target, p pace, warmup, round int) (result, error) {
	if warmup > 0 {
		wp := p
		wp.n, wp.rate = warmup, 0
		if _, err := measure(ctx, w, t, wp, warmupFirst(round)); err != nil {
			return result{}, fmt.Errorf("warm-up: %w", err)
		}
	}
	r, err := measure(ctx, w, t, p, roundFirst(round))
	r.load = loadAverage()
	return r, err
}

func printFailures(out io.Writer, results []result) {
	for _, r := range results {
		if r.errors() > 0 {
			fmt.Fprintf(out, "%s: %d of %d requests failed (first: %s)\n", r.workload, r.errors(), r.sent, r.firstErr)
		}
	}
}

// loopbackOnly refuses any address that is not this machine's loopback.
func loopbackOnly(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return fmt.Errorf("-addr %q is not host:port", addr)
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("-addr %q is not a loopback address (127.0.0.1, ::1 or localhost): this script only loads a server on this machine", addr)
	}
	return nil
}
