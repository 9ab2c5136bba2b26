// Command load sends freshly signed `/fd who funds …` slash commands to a
// running `frontdoor serve` over loopback and reports throughput and
// latency; with -minimal it does the same against an in-process handler that
// only checks the signature and returns a fixed reply, so the two can be
// compared with the same client.
//
//	go run ./scripts/load -addr 127.0.0.1:3000 -secret "$SLACK_SIGNING_SECRET" -n 5000 -c 16 -rate 500
//	go run ./scripts/load -addr 127.0.0.1:3000 -secret S -n 5000 -c 16 -rate 500 -minimal   # both, side by side
//
// It refuses any address that is not loopback, and stops after -n requests
// or -duration, whichever comes first. The client runs on the same machine
// as the server, so the figures are of both sharing its cores.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"frontdoor/bot"
)

// Bounds: this is a measuring tool, not a flood.
const (
	maxRequests = 1_000_000
	maxDuration = 10 * time.Minute
	maxWorkers  = 1024
)

// queries are the lookups sent in turn (names from the demo register).
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
	addr     string
	secret   string
	n        int
	c        int
	rate     float64
	duration time.Duration
	minimal  bool
	team     string
	user     string
	distinct bool
	queries  []string
}

func main() {
	var o options
	flag.StringVar(&o.addr, "addr", "", "host:port of `frontdoor serve` (loopback only), e.g. 127.0.0.1:3000")
	flag.StringVar(&o.secret, "secret", "", "the server's SLACK_SIGNING_SECRET")
	flag.IntVar(&o.n, "n", 1000, "requests to send")
	flag.IntVar(&o.c, "c", 8, "requests in flight at once")
	flag.Float64Var(&o.rate, "rate", 0, "requests per second (0: as fast as the server answers)")
	flag.DurationVar(&o.duration, "duration", time.Minute, "stop after this long whatever -n says (at most 10m)")
	flag.BoolVar(&o.minimal, "minimal", false, "also run against an in-process minimal signed handler, for comparison")
	flag.StringVar(&o.team, "team", "T0LOAD", "team_id and user_team sent (must be in the server's FRONTDOOR_TEAM_IDS)")
	flag.StringVar(&o.user, "user", "U0LOAD", "user_id sent")
	queriesFile := flag.String("queries", "", "a file of questions, one a line, to send in turn instead of the built-in demo-register ones")
	flag.BoolVar(&o.distinct, "distinct", false, "make every question different (a different `as of` date), so no answer is served from the server's memory of lookups already answered")
	flag.Parse()
	o.queries = queries
	if *queriesFile != "" {
		data, err := os.ReadFile(*queriesFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
			os.Exit(2)
		}
		o.queries = nil
		for _, line := range strings.Split(string(data), "\n") {
			if line = strings.TrimSpace(line); line != "" {
				o.queries = append(o.queries, line)
			}
		}
		if len(o.queries) == 0 {
			fmt.Fprintln(os.Stderr, "load:", *queriesFile, "holds no questions")
			os.Exit(2)
		}
	}
	if err := run(context.Background(), os.Stdout, o); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(2)
	}
}

func run(ctx context.Context, out io.Writer, o options) error {
	if o.addr == "" && !o.minimal {
		return errors.New("give -addr host:port of a running server, or -minimal")
	}
	if o.addr != "" {
		if err := loopbackOnly(o.addr); err != nil {
			return err
		}
	}
	if o.secret == "" {
		if o.addr != "" {
			return errors.New("give -secret: the server's SLACK_SIGNING_SECRET")
		}
		o.secret = "load-minimal-secret"
	}
	switch {
	case o.n < 1 || o.n > maxRequests:
		return fmt.Errorf("-n must be 1 to %d", maxRequests)
	case o.c < 1 || o.c > maxWorkers:
		return fmt.Errorf("-c must be 1 to %d", maxWorkers)
	case o.rate < 0:
		return errors.New("-rate must not be negative")
	case o.duration <= 0 || o.duration > maxDuration:
		return fmt.Errorf("-duration must be above 0 and at most %v", maxDuration)
	}
	fmt.Fprintf(out, "client and server share this machine: %d cores, GOMAXPROCS %d; %d requests, %d in flight, rate %s\n",
		runtime.NumCPU(), runtime.GOMAXPROCS(0), o.n, o.c, rateText(o.rate))
	var results []result
	if o.addr != "" {
		r, err := measure(ctx, "frontdoor serve", o.addr, o)
		if err != nil {
			return err
		}
		results = append(results, r)
	}
	if o.minimal {
		addr, stop, err := startMinimal(o.secret)
		if err != nil {
			return err
		}
		r, err := measure(ctx, "minimal signed handler", addr, o)
		stop()
		if err != nil {
			return err
		}
		results = append(results, r)
	}
	fmt.Fprintf(out, "%-24s %8s %8s %10s %9s %9s %9s %9s\n", "target", "sent", "ok", "req/s", "p50", "p90", "p99", "max")
	for _, r := range results {
		fmt.Fprintf(out, "%-24s %8d %8d %10.1f %9s %9s %9s %9s\n", r.name, r.sent, r.ok, r.perSecond(),
			ms(r.percentile(50)), ms(r.percentile(90)), ms(r.percentile(99)), ms(r.percentile(100)))
	}
	if len(results) == 2 && results[1].perSecond() > 0 {
		fmt.Fprintf(out, "frontdoor serve reached %.0f%% of the minimal handler's throughput\n", 100*results[0].perSecond()/results[1].perSecond())
	}
	for _, r := range results {
		if r.ok < r.sent {
			fmt.Fprintf(out, "%s: %d of %d requests failed (first: %s)\n", r.name, r.sent-r.ok, r.sent, r.firstErr)
		}
	}
	return nil
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

type result struct {
	name      string
	sent, ok  int
	elapsed   time.Duration
	latencies []time.Duration // sorted
	firstErr  string
}

func (r result) perSecond() float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(r.sent) / r.elapsed.Seconds()
}

func (r result) percentile(p float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	i := int(float64(len(r.latencies))*p/100+0.5) - 1
	return r.latencies[min(max(i, 0), len(r.latencies)-1)]
}

// measure sends o.n signed commands to addr with o.c workers, paced at o.rate.
func measure(ctx context.Context, name, addr string, o options) (result, error) {
	ctx, cancel := context.WithTimeout(ctx, o.duration)
	defer cancel()
	client := &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{MaxIdleConns: o.c, MaxIdleConnsPerHost: o.c, DisableCompression: true},
	}
	defer client.CloseIdleConnections()
	endpoint := "http://" + addr + bot.PathCommands

	tokens := make(chan int)
	go func() {
		defer close(tokens)
		var tick <-chan time.Time
		if o.rate > 0 {
			t := time.NewTicker(time.Duration(float64(time.Second) / o.rate))
			defer t.Stop()
			tick = t.C
		}
		for i := 0; i < o.n; i++ {
			if tick != nil {
				select {
				case <-tick:
				case <-ctx.Done():
					return
				}
			}
			select {
			case tokens <- i:
			case <-ctx.Done():
				return
			}
		}
	}()

	var (
		mu        sync.Mutex
		latencies = make([]time.Duration, 0, o.n)
		okCount   atomic.Int64
		sent      atomic.Int64
		firstErr  atomic.Value
	)
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < o.c; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range tokens {
				req := signedCommand(ctx, endpoint, o, i)
				t0 := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
				}
				d := time.Since(t0)
				if err != nil && ctx.Err() != nil {
					continue // cut off by -duration: neither a result nor a failure
				}
				sent.Add(1)
				if err != nil {
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				okCount.Add(1)
				mu.Lock()
				latencies = append(latencies, d)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	r := result{name: name, sent: int(sent.Load()), ok: int(okCount.Load()), elapsed: time.Since(start), latencies: latencies}
	if v, ok := firstErr.Load().(string); ok {
		r.firstErr = v
	}
	sort.Slice(r.latencies, func(i, j int) bool { return r.latencies[i] < r.latencies[j] })
	if r.sent == 0 {
		return r, fmt.Errorf("%s: no request was sent", name)
	}
	return r, nil
}

// signedCommand is one slash command, signed now as Slack would sign it.
func signedCommand(ctx context.Context, endpoint string, o options, i int) *http.Request {
	qs := o.queries
	if len(qs) == 0 {
		qs = queries
	}
	text := qs[i%len(qs)]
	if o.distinct {
		// Ten years of days, so repeats are rare within a run.
		text += " as of " + time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%3650).Format("2006-01-02")
	}
	body := []byte(url.Values{
		"token": {"load"}, "team_id": {o.team}, "team_domain": {"load"}, "user_team": {o.team},
		"channel_id": {"C0LOAD"}, "channel_name": {"load"}, "user_id": {o.user}, "user_name": {"load"},
		"command": {"/fd"}, "text": {text}, "api_app_id": {"A0LOAD"},
		// Nothing listens on port 1: an answer too slow for the ack is dropped, not delivered anywhere.
		"response_url": {"http://127.0.0.1:1/load"}, "trigger_id": {"load." + strconv.Itoa(i)},
	}.Encode())
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", bot.Sign(o.secret, ts, body))
	return req
}

// minimalReply is what the minimal handler answers.
var minimalReply = []byte(`{"response_type":"ephemeral","text":"ok"}`)

// startMinimal serves the least a correct Slack endpoint must do: cap the
// body, check the signature over it, answer a fixed reply.
func startMinimal(secret string) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, bot.MaxBodyBytes))
		if err != nil {
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			return
		}
		if bot.VerifySignature(secret, r.Header.Get("X-Slack-Request-Timestamp"), r.Header.Get("X-Slack-Signature"), body, time.Now()) != nil {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(minimalReply)
	}), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return ln.Addr().String(), func() { _ = srv.Close() }, nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000) }

func rateText(r float64) string {
	if r == 0 {
		return "unlimited"
	}
	return fmt.Sprintf("%.0f/s", r)
}
