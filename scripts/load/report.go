package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
)

// result is one workload's run.
type result struct {
	workload  string
	sent, ok  int
	elapsed   time.Duration
	latencies []time.Duration // of the answers that were ok, sorted
	firstErr  string
	// load is the machine's 1-minute load average when the run ended:
	// other work on a shared machine skews every timing.
	load string
}

func (r result) errors() int { return r.sent - r.ok }

func (r result) perSecond() float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(r.sent) / r.elapsed.Seconds()
}

// percentile is the nearest-rank percentile of the latencies (100: the slowest).
func (r result) percentile(p float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	i := int(float64(len(r.latencies))*p/100+0.5) - 1
	return r.latencies[min(max(i, 0), len(r.latencies)-1)]
}

// share is a workload's throughput as a share of the minimal handler's in
// the same round (0 when there is nothing to compare with).
func share(r, minimal result) float64 {
	m := minimal.perSecond()
	if m <= 0 {
		return 0
	}
	return r.perSecond() / m
}

// row is one line of the table: a round's workload, or the median of the rounds.
type row struct {
	round    string // "1", "2"… or "median"
	workload string
	sent     int
	errors   int
	perSec   float64
	p50, p99 time.Duration
	slowest  time.Duration
	share    float64 // of the minimal handler; 0: none measured
	load     string
}

func rowOf(round string, r result, minimal *result) row {
	x := row{round: round, workload: r.workload, sent: r.sent, errors: r.errors(), perSec: r.perSecond(),
		p50: r.percentile(50), p99: r.percentile(99), slowest: r.percentile(100), load: r.load}
	if minimal != nil {
		x.share = share(r, *minimal)
	}
	return x
}

// medianRows are, for each workload, the median of every figure over the
// rounds (the share too: the median of each round's share, not the ratio of
// the medians) and the errors of all rounds added up.
func medianRows(rounds [][]row) []row {
	if len(rounds) == 0 {
		return nil
	}
	var out []row
	for i, first := range rounds[0] {
		var sent, errors int
		var perSec, shares, loads []float64
		var p50, p99, slowest []time.Duration
		for _, rs := range rounds {
			if i >= len(rs) || rs[i].workload != first.workload {
				continue
			}
			r := rs[i]
			sent += r.sent
			errors += r.errors
			perSec = append(perSec, r.perSec)
			shares = append(shares, r.share)
			p50, p99, slowest = append(p50, r.p50), append(p99, r.p99), append(slowest, r.slowest)
			var l float64
			if _, err := fmt.Sscan(r.load, &l); err == nil {
				loads = append(loads, l)
			}
		}
		m := row{round: "median", workload: first.workload, sent: sent, errors: errors,
			perSec: median(perSec), share: median(shares), p50: median(p50), p99: median(p99), slowest: median(slowest)}
		if len(loads) > 0 {
			m.load = fmt.Sprintf("%.2f", median(loads))
		}
		out = append(out, m)
	}
	return out
}

// median is the middle value (the mean of the two middle ones for an even count).
func median[T int64 | float64 | time.Duration](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

const tableHead = "round  workload     sent  errors      req/s       p50       p99       max  share   load"

func printRows(w io.Writer, rows []row) {
	for _, r := range rows {
		sh := "-"
		if r.share > 0 {
			sh = fmt.Sprintf("%.2f", r.share)
		}
		fmt.Fprintf(w, "%-6s %-9s %7d %7d %10.1f %9s %9s %9s %6s %6s\n", r.round, r.workload, r.sent, r.errors, r.perSec,
			ms(r.p50), ms(r.p99), ms(r.slowest), sh, dash(r.load))
	}
}

// memoryRow is what one round measured of serve itself.
type memoryRow struct {
	round     string
	ready     time.Duration // start to /healthz 200
	idleKB    int64         // VmRSS after start-up and the settle
	peakKB    int64         // VmHWM under the fresh load
	peakSince string        // "fresh" (reset just before it) or "start" (could not reset)
	ask       time.Duration // a one-shot `frontdoor ask`, wall time
	posted    int64         // answers too large for the ack, posted to response_url
	load      string
}

const memoryHead = "round   ready_s  idle_mb  peak_fresh_mb    ask_s  posted   load"

func printMemory(w io.Writer, rows []memoryRow) {
	for _, m := range rows {
		peak := fmt.Sprintf("%.1f", mb(m.peakKB))
		if m.peakSince == "start" {
			peak += "*"
		}
		fmt.Fprintf(w, "%-6s %8.3f %8.1f %14s %8.3f %7d %6s\n", m.round, m.ready.Seconds(), mb(m.idleKB), peak, m.ask.Seconds(), m.posted, dash(m.load))
	}
}

func medianMemory(rows []memoryRow) memoryRow {
	var ready, ask []time.Duration
	var idle, peak, posted []int64
	var loads []float64
	since := "fresh"
	for _, m := range rows {
		ready, ask = append(ready, m.ready), append(ask, m.ask)
		idle, peak, posted = append(idle, m.idleKB), append(peak, m.peakKB), append(posted, m.posted)
		if m.peakSince != "fresh" {
			since = m.peakSince
		}
		var l float64
		if _, err := fmt.Sscan(m.load, &l); err == nil {
			loads = append(loads, l)
		}
	}
	out := memoryRow{round: "median", ready: median(ready), idleKB: median(idle), peakKB: median(peak), peakSince: since,
		ask: median(ask), posted: median(posted)}
	if len(loads) > 0 {
		out.load = fmt.Sprintf("%.2f", median(loads))
	}
	return out
}

// loadAverage is /proc/loadavg's 1-minute figure ("" where there is none).
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	if f := strings.Fields(string(data)); len(f) > 0 {
		return f[0]
	}
	return ""
}

func mb(kb int64) float64 { return float64(kb) / 1024 }

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000) }

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func rateText(r float64) string {
	if r == 0 {
		return "unlimited"
	}
	return fmt.Sprintf("%.0f/s", r)
}
