package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"syscall"
	"time"

	"frontdoor/handlers/regtest"
	"frontdoor/reliability"
)

// repeatedCount is how many questions the repeated workload asks in turn.
const repeatedCount = 5

// Question numbers of the one-shot asks, beyond every round's and warm-up's.
func askIndex(round int) int { return (2*maxRounds+2)*maxRequests + round }

// national is what every round of a -national run shares.
type national struct {
	o        options
	bin, db  string
	tmp      string
	settings map[string]string
	fresh    *freshQuestions
	repeated []string
	minimal  string // the minimal handler's address
	sink     *sink
}

func runNational(ctx context.Context, out io.Writer, o options) error {
	size := regtest.DefaultNationalSize
	tmp, err := os.MkdirTemp("", "frontdoor-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	n := &national{o: o, tmp: tmp, bin: o.frontdoor, db: filepath.Join(tmp, "national.db")}
	if n.bin == "" {
		fmt.Fprintln(out, "building ./cmd/frontdoor…")
		root, err := reliability.ModuleRoot(ctx)
		if err != nil {
			return err
		}
		if n.bin, err = reliability.Build(ctx, root, tmp, reliability.PkgFrontdoor); err != nil {
			return err
		}
	} else if fi, err := os.Stat(n.bin); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		return fmt.Errorf("-frontdoor %s is not an executable file", n.bin)
	}
	reg := regtest.National(int64(o.seed), size)
	t0 := time.Now()
	if err := reliability.MakeDB(ctx, n.db, reg); err != nil {
		return err
	}
	fmt.Fprintf(out, "national register (seed %d): %d areas, %d cohorts, %d programmes, %d fundings; imported in %.1f s\n",
		o.seed, len(reg.Areas), len(reg.Cohorts), len(reg.Programmes), len(reg.Fundings), time.Since(t0).Seconds())
	n.fresh = newFreshQuestions(reg, o.seed)
	n.repeated = repeatedQuestions(n.fresh, repeatedCount)

	secret, err := randomSecret()
	if err != nil {
		return err
	}
	n.o.secret = secret
	fake := reliability.NewFakeSlack(reliability.FakeSlackOptions{Team: o.team})
	defer fake.Close()
	n.settings = map[string]string{
		"SLACK_BOT_TOKEN":      "xoxb-load-not-a-real-token",
		"SLACK_SIGNING_SECRET": secret,
		"FRONTDOOR_TEAM_IDS":   o.team,
		"SLACK_API_URL":        fake.URL(),
	}
	if n.sink, err = startSink(); err != nil {
		return err
	}
	defer n.sink.close()
	addr, stop, err := startMinimal(secret)
	if err != nil {
		return err
	}
	defer stop()
	n.minimal = addr

	fmt.Fprintf(out, "machine: %s\n", reliability.ThisMachine())
	fmt.Fprintf(out, "client and server share this machine (%d cores); %d requests a workload after %d not counted, %d in flight, rate %s, at most %v each\n",
		runtime.NumCPU(), o.n, o.warmup, o.c, rateText(o.rate), o.duration)
	fmt.Fprintf(out, "workloads: %s = signature check and a fixed %d-byte Block Kit reply; %s = %d questions in turn (answered from memory); %s = every question new (cohort × area × \"as of\" date)\n",
		wlMinimal, len(minimalReply), wlRepeated, repeatedCount, wlFresh)

	var rounds [][]row
	var memory []memoryRow
	for r := range o.rounds {
		rows, mem, err := n.round(ctx, r)
		if err != nil {
			return fmt.Errorf("round %d: %w", r+1, err)
		}
		fmt.Fprintln(out)
		fmt.Fprintln(out, tableHead)
		printRows(out, rows)
		rounds, memory = append(rounds, rows), append(memory, mem)
	}
	fmt.Fprintf(out, "\nmedian of %d rounds (errors: all rounds added up)\n", o.rounds)
	fmt.Fprintln(out, tableHead)
	med := medianRows(rounds)
	printRows(out, med)
	fmt.Fprintln(out, "\nserve on the national register (peak: VmHWM reset just before the fresh load; * where it could not be, since start)")
	fmt.Fprintln(out, memoryHead)
	medMem := medianMemory(memory)
	printMemory(out, append(memory, medMem))
	if f := n.sink.failures.Load(); f > 0 {
		fmt.Fprintf(out, "%d answers posted to response_url said %q\n", f, failureText)
	}
	if o.figures != "" {
		if err := appendFigures(o, med, medMem); err != nil {
			return err
		}
	}
	if o.profile != "" {
		return n.profileServe(ctx, out, o.profile)
	}
	return nil
}

// round starts a serve of its own, measures its start-up and idle memory,
// runs the three workloads, stops it and times a one-shot ask.
func (n *national) round(ctx context.Context, r int) ([]row, memoryRow, error) {
	mem := memoryRow{round: fmt.Sprint(r + 1), peakSince: wlFresh}
	srv, ready, err := n.start(nil)
	if err != nil {
		return nil, mem, err
	}
	defer srv.Kill()
	mem.ready = ready
	select {
	case <-time.After(n.o.settle):
	case <-ctx.Done():
		return nil, mem, ctx.Err()
	}
	idle, err := srv.Memory()
	if err != nil {
		return nil, mem, err
	}
	mem.idleKB = idle.RSS
	posted := n.sink.posts.Load()

	serve := n.o.target(srv.Addr, n.sink)
	minimal, err := warmAndMeasure(ctx, workload{wlMinimal, n.fresh.question}, n.o.target(n.minimal, n.sink), n.o.pace, n.o.warmup, r)
	if err != nil {
		return nil, mem, err
	}
	repeated, err := warmAndMeasure(ctx, workload{wlRepeated, inTurn(n.repeated)}, serve, n.o.pace, n.o.warmup, r)
	if err != nil {
		return nil, mem, err
	}
	if err := reliability.ResetPeak(srv.PID()); err != nil {
		mem.peakSince = "start"
	}
	fresh, err := warmAndMeasure(ctx, workload{wlFresh, n.fresh.question}, serve, n.o.pace, n.o.warmup, r)
	if err != nil {
		return nil, mem, err
	}
	peak, err := srv.Memory()
	if err != nil {
		return nil, mem, err
	}
	mem.peakKB, mem.load = peak.HWM, loadAverage()
	if err := n.stop(srv); err != nil {
		return nil, mem, err
	}
	mem.posted = n.sink.posts.Load() - posted // every answer owed is posted before serve exits
	if mem.ask, err = n.ask(ctx, n.fresh.question(askIndex(r))); err != nil {
		return nil, mem, err
	}
	rows := []row{rowOf(mem.round, minimal, &minimal), rowOf(mem.round, repeated, &minimal), rowOf(mem.round, fresh, &minimal)}
	return rows, mem, nil
}

// start starts serve on the national database with extra settings and
// returns it once /healthz answers 200, with the time that took.
func (n *national) start(extra map[string]string) (*reliability.Server, time.Duration, error) {
	settings := map[string]string{}
	for k, v := range n.settings {
		settings[k] = v
	}
	for k, v := range extra {
		settings[k] = v
	}
	t0 := time.Now()
	srv, err := reliability.StartServer(reliability.ServerConfig{Binary: n.bin, DB: n.db, Settings: settings, TempDir: n.tmp,
		Name: "serve", Log: &reliability.Lines{Max: 40}})
	if err != nil {
		return nil, 0, err
	}
	if err := srv.WaitHealthy(2 * time.Minute); err != nil {
		_ = srv.Kill()
		return nil, 0, fmt.Errorf("%w\n%s", err, srv.Log.Tail(20))
	}
	return srv, time.Since(t0), nil
}

// stop sends SIGTERM and wants exit 0 (what a deployment's stop does).
func (n *national) stop(srv *reliability.Server) error {
	if err := srv.Signal(syscall.SIGTERM); err != nil {
		return err
	}
	code, _, err := srv.Wait(15 * time.Second)
	if err != nil {
		_ = srv.Kill()
		return err
	}
	if code != 0 {
		return fmt.Errorf("serve exited with %d after SIGTERM:\n%s", code, srv.Log.Tail(20))
	}
	return nil
}

// ask times `frontdoor ask --db … TEXT` from start to exit.
func (n *national) ask(ctx context.Context, text string) (time.Duration, error) {
	t0 := time.Now()
	code, stdout, stderr, err := reliability.RunCommand(ctx, n.bin, n.tmp, nil, "", nil, "ask", time.Minute, "ask", "--db", n.db, text)
	d := time.Since(t0)
	if err != nil {
		return 0, err
	}
	if code != 0 || bytes.Contains([]byte(stdout), failureText) {
		return 0, fmt.Errorf("frontdoor ask %q: exit %d\n%s%s", text, code, stdout, stderr)
	}
	return d, nil
}

// profileServe runs the fresh workload once more on a serve that profiles
// itself into dir (FRONTDOOR_PROFILE_DIR), and says how to read the profiles.
func (n *national) profileServe(ctx context.Context, out io.Writer, dir string) error {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	srv, _, err := n.start(map[string]string{"FRONTDOOR_PROFILE_DIR": dir})
	if err != nil {
		return err
	}
	defer srv.Kill()
	fresh, err := warmAndMeasure(ctx, workload{wlFresh, n.fresh.question}, n.o.target(srv.Addr, n.sink), n.o.pace, n.o.warmup, maxRounds)
	if err != nil {
		return err
	}
	if err := n.stop(srv); err != nil {
		return err
	}
	for _, f := range []string{"cpu.pprof", "allocs-ready.pprof", "allocs-stop.pprof"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
			return fmt.Errorf("serve wrote no %s in %s", f, dir)
		}
	}
	fmt.Fprintf(out, "\nprofiled serve under the fresh load (figures slowed by profiling: not for comparison)\n%s\n", tableHead)
	printRows(out, []row{rowOf("prof", fresh, nil)})
	fmt.Fprintf(out, "profiles in %s, from ready to stop:\n", dir)
	fmt.Fprintf(out, "  go tool pprof -top -nodecount=25 %s\n", filepath.Join(dir, "cpu.pprof"))
	fmt.Fprintf(out, "  go tool pprof -top -nodecount=25 -sample_index=alloc_space -base %s %s\n",
		filepath.Join(dir, "allocs-ready.pprof"), filepath.Join(dir, "allocs-stop.pprof"))
	return nil
}

// appendFigures writes the medians as one reliability.Record line.
func appendFigures(o options, med []row, mem memoryRow) error {
	figures := map[string]any{
		"rounds": o.rounds, "requests": o.n, "in_flight": o.c, "seed": o.seed,
		"ready_s": round3(mem.ready.Seconds()), "idle_mb": round1(mb(mem.idleKB)), "peak_fresh_mb": round1(mb(mem.peakKB)),
		"peak_since": mem.peakSince, "ask_s": round3(mem.ask.Seconds()), "load_average": mem.load,
	}
	for _, r := range med {
		p := r.workload + "_"
		figures[p+"req_per_s"] = round1(r.perSec)
		figures[p+"p50_ms"] = round3(float64(r.p50.Microseconds()) / 1000)
		figures[p+"p99_ms"] = round3(float64(r.p99.Microseconds()) / 1000)
		figures[p+"errors"] = r.errors
		figures[p+"share"] = round3(r.share)
	}
	return reliability.AppendRecord(o.figures, reliability.Record{Test: "scripts/load -national", Mode: "national",
		At: time.Now().UTC().Truncate(time.Second), Machine: reliability.ThisMachine(), Figures: figures})
}

func round1(x float64) float64 { return float64(int64(x*10+0.5)) / 10 }
func round3(x float64) float64 { return float64(int64(x*1000+0.5)) / 1000 }

func randomSecret() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("load: signing secret: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// sink plays Slack's response_url endpoint: it takes an answer posted
// there, counts it and throws it away.
type sink struct {
	ln       net.Listener
	srv      *http.Server
	posts    atomic.Int64
	failures atomic.Int64
}

func startSink() (*sink, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &sink{ln: ln}
	s.srv = &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil || r.Method != http.MethodPost {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		s.posts.Add(1)
		if bytes.Contains(body, failureText) {
			s.failures.Add(1)
		}
		w.WriteHeader(http.StatusOK)
	})}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(os.Stderr, "load: response_url sink:", err)
		}
	}()
	return s, nil
}

func (s *sink) url() string { return "http://" + s.ln.Addr().String() + "/r/load" }

func (s *sink) close() { _ = s.srv.Close() }
