package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"frontdoor/bot"
)

// target is where a workload is sent and how it is signed.
type target struct {
	addr   string // host:port on loopback
	secret string
	team   string
	user   string
	// responseURL is the response_url each command carries (an answer too
	// large for the acknowledgement is posted there).
	responseURL string
}

// pace says how many requests to send, how many at once and how fast.
type pace struct {
	n        int
	c        int
	rate     float64 // per second; 0: as fast as the server answers
	duration time.Duration
}

// failureText is how every answer that went wrong begins ("Something went
// wrong (ref 7f3a)"): such an answer is counted as an error, not a success.
var failureText = []byte("Something went wrong")

// measure sends p.n freshly signed commands to t with p.c workers, paced at
// p.rate, asking w.question(first), w.question(first+1), and so on. It
// stops after p.duration whatever p.n says.
func measure(ctx context.Context, w workload, t target, p pace, first int) (result, error) {
	ctx, cancel := context.WithTimeout(ctx, p.duration)
	defer cancel()
	client := &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{MaxIdleConns: p.c, MaxIdleConnsPerHost: p.c, DisableCompression: true},
	}
	defer client.CloseIdleConnections()
	endpoint := "http://" + t.addr + bot.PathCommands

	tokens := make(chan int)
	go func() {
		defer close(tokens)
		var tick <-chan time.Time
		if p.rate > 0 {
			tk := time.NewTicker(time.Duration(float64(time.Second) / p.rate))
			defer tk.Stop()
			tick = tk.C
		}
		for i := 0; i < p.n; i++ {
			if tick != nil {
				select {
				case <-tick:
				case <-ctx.Done():
					return
				}
			}
			select {
			case tokens <- first + i:
			case <-ctx.Done():
				return
			}
		}
	}()

	var (
		mu        sync.Mutex
		latencies = make([]time.Duration, 0, p.n)
		okCount   atomic.Int64
		sent      atomic.Int64
		firstErr  atomic.Value
	)
	start := time.Now()
	var wg sync.WaitGroup
	for range p.c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for i := range tokens {
				req := signedCommand(ctx, endpoint, t, w.question(i), i, time.Now())
				t0 := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					buf.Reset()
					_, err = io.Copy(&buf, resp.Body)
					resp.Body.Close()
					switch {
					case err != nil:
					case resp.StatusCode != http.StatusOK:
						err = fmt.Errorf("status %d", resp.StatusCode)
					case bytes.Contains(buf.Bytes(), failureText):
						err = fmt.Errorf("answered %q", failureText)
					}
				}
				d := time.Since(t0)
				if err != nil && ctx.Err() != nil {
					continue // cut off by the duration: neither a result nor a failure
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
	r := result{workload: w.name, sent: int(sent.Load()), ok: int(okCount.Load()), elapsed: time.Since(start), latencies: latencies}
	if v, ok := firstErr.Load().(string); ok {
		r.firstErr = v
	}
	sort.Slice(r.latencies, func(i, j int) bool { return r.latencies[i] < r.latencies[j] })
	if r.sent == 0 {
		return r, fmt.Errorf("%s: no request was sent", w.name)
	}
	return r, nil
}

// signedCommand is one slash command asking text, signed at now as Slack
// would sign it.
func signedCommand(ctx context.Context, endpoint string, t target, text string, i int, now time.Time) *http.Request {
	body := []byte(url.Values{
		"token": {"load"}, "team_id": {t.team}, "team_domain": {"load"}, "user_team": {t.team},
		"channel_id": {"C0LOAD"}, "channel_name": {"load"}, "user_id": {t.user}, "user_name": {"load"},
		"command": {"/fd"}, "text": {text}, "api_app_id": {"A0LOAD"},
		"response_url": {t.responseURL}, "trigger_id": {"load." + strconv.Itoa(i)},
	}.Encode())
	ts := strconv.FormatInt(now.Unix(), 10)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", bot.Sign(t.secret, ts, body))
	return req
}
