package reliability

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"frontdoor/handlers/regtest"
)

// The promises of memory for serve holding the national register.
const (
	idleTargetKB = 60 * 1024  // idle
	peakTargetKB = 150 * 1024 // at its peak under the every-question-new load
)

// loadRow is one line of the load script's table of workloads.
type loadRow struct {
	sent, errors     int
	perSecond, share float64
	p50, p99, maxMS  float64
}

// loadMemory is the load script's line of what serve itself took.
type loadMemory struct {
	readyS, idleMB, peakMB, askS float64
	peakSinceStart               bool // the peak could not be reset before the load
	posted                       int
}

var (
	loadRowRE = regexp.MustCompile(`(?m)^(\S+)\s+(minimal|repeated|fresh)\s+(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)ms\s+([\d.]+)ms\s+([\d.]+)ms\s+(\S+)\s+\S+\s*$`)
	loadMemRE = regexp.MustCompile(`(?m)^median\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)(\*?)\s+([\d.]+)\s+(\d+)\s+\S+\s*$`)
)

// parseLoad reads the median rows of the load script's -national output.
func parseLoad(out string) (map[string]loadRow, loadMemory, error) {
	rows := map[string]loadRow{}
	for _, m := range loadRowRE.FindAllStringSubmatch(out, -1) {
		if m[1] != "median" {
			continue
		}
		var r loadRow
		r.sent, _ = strconv.Atoi(m[3])
		r.errors, _ = strconv.Atoi(m[4])
		nums := make([]float64, 4)
		for i := range nums {
			v, err := strconv.ParseFloat(m[5+i], 64)
			if err != nil {
				return nil, loadMemory{}, fmt.Errorf("load output: %q: %w", m[0], err)
			}
			nums[i] = v
		}
		r.perSecond, r.p50, r.p99, r.maxMS = nums[0], nums[1], nums[2], nums[3]
		if m[9] != "-" {
			r.share, _ = strconv.ParseFloat(m[9], 64)
		}
		rows[m[2]] = r
	}
	if len(rows) != 3 {
		return nil, loadMemory{}, fmt.Errorf("load output has %d median rows, want 3:\n%s", len(rows), out)
	}
	mm := loadMemRE.FindStringSubmatch(out)
	if mm == nil {
		return nil, loadMemory{}, fmt.Errorf("load output has no median memory row:\n%s", out)
	}
	var mem loadMemory
	for i, p := range []*float64{&mem.readyS, &mem.idleMB, &mem.peakMB} {
		*p, _ = strconv.ParseFloat(mm[1+i], 64)
	}
	mem.peakSinceStart = mm[4] == "*"
	mem.askS, _ = strconv.ParseFloat(mm[5], 64)
	mem.posted, _ = strconv.Atoi(mm[6])
	return rows, mem, nil
}

func TestParseLoad(t *testing.T) {
	out := "round  workload     sent  errors      req/s       p50       p99       max  share   load\n" +
		"1      minimal     20000       0    19150.9    0.25ms    2.45ms    5.48ms   1.00   0.35\n" +
		"median minimal     20000       0    19150.9    0.25ms    2.45ms    5.48ms   1.00   0.35\n" +
		"median repeated    20000       1    11344.7    0.51ms    3.85ms    9.64ms   0.59   0.35\n" +
		"median fresh       20000       0     2645.8    2.57ms    8.46ms   18.29ms   0.14   0.35\n" +
		"round   ready_s  idle_mb  peak_fresh_mb    ask_s  posted   load\n" +
		"1         0.145     39.2           84.0    0.132       0   0.35\n" +
		"median    0.145     39.2          84.0*    0.132       3   0.35\n"
	rows, mem, err := parseLoad(out)
	if err != nil {
		t.Fatal(err)
	}
	if got := rows["repeated"]; got.errors != 1 || got.perSecond != 11344.7 || got.p99 != 3.85 || got.share != 0.59 {
		t.Errorf("repeated row %+v", got)
	}
	if mem.idleMB != 39.2 || mem.peakMB != 84 || !mem.peakSinceStart || mem.askS != 0.132 || mem.posted != 3 {
		t.Errorf("memory %+v", mem)
	}
	if _, _, err := parseLoad("nothing here"); err == nil {
		t.Error("no rows parsed without an error")
	}
}

// The load script in its -national mode: the real serve on the national
// register, the minimal signed handler, the repeated and the
// every-question-new workloads in one run, serve's memory, start-up and a
// one-shot ask, and a profile of serve under the fresh load. The figures
// are reported, not asserted (the machine's speed is no promise of the
// code), except the memory targets (idle under 60 MB, peak under 150 MB),
// which fail the long mode only.
func TestLoadSmoke(t *testing.T) {
	bin := binary(t, PkgFrontdoor)
	load := binary(t, PkgLoad)
	size := regtest.DefaultNationalSize
	profiles := t.TempDir()
	runs := []struct {
		name string
		args []string
	}{
		{"unpaced", []string{"-n", strconv.Itoa(pick(1500, 20000)), "-c", "8", "-rounds", strconv.Itoa(pick(1, 3)),
			"-settle", pick("1s", "10s"), "-profile", profiles}},
	}
	if Long() {
		runs = append(runs, struct {
			name string
			args []string
		}{"500/s", []string{"-n", "15000", "-c", "16", "-rate", "500", "-rounds", "1", "-settle", "1s"}})
	}
	figures := map[string]any{
		"register":       fmt.Sprintf("national: %d areas, %d cohorts, %d programmes, %d fundings", size.Areas, size.Cohorts, size.Programmes, size.Fundings),
		"idle_target_mb": mb(idleTargetKB), "peak_target_mb": mb(peakTargetKB),
	}
	var mem loadMemory
	for i, r := range runs {
		args := append([]string{"-national", "-frontdoor", bin, "-duration", pick("60s", "120s")}, r.args...)
		code, out, stderr, err := RunCommand(context.Background(), load, t.TempDir(), nil, "", nil, "load", 15*time.Minute, args...)
		if err != nil || code != 0 {
			t.Fatalf("load %s: exit %d, %v\n%s%s", r.name, code, err, out, stderr)
		}
		t.Logf("load %s:\n%s", r.name, out)
		rows, m, err := parseLoad(out)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			mem = m
		}
		for name, row := range rows {
			if row.errors != 0 || row.sent == 0 {
				t.Errorf("load %s: %s had %d errors in %d requests", r.name, name, row.errors, row.sent)
			}
		}
		p := r.name + "_"
		figures[p+"requests"] = rows["fresh"].sent
		for _, w := range []string{"minimal", "repeated", "fresh"} {
			figures[p+w+"_req_per_s"] = rows[w].perSecond
			figures[p+w+"_p50_ms"] = rows[w].p50
			figures[p+w+"_p99_ms"] = rows[w].p99
			if w != "minimal" {
				figures[p+w+"_share_of_minimal"] = rows[w].share
			}
		}
	}
	figures["ready_s"], figures["ask_s"] = mem.readyS, mem.askS
	figures["rss_idle_mb"], figures["rss_peak_fresh_mb"] = mem.idleMB, mem.peakMB
	figures["answers_posted_to_response_url"] = mem.posted
	for _, f := range []string{"cpu.pprof", "allocs-ready.pprof", "allocs-stop.pprof"} {
		if fi, err := os.Stat(filepath.Join(profiles, f)); err != nil || fi.Size() == 0 {
			t.Errorf("no profile %s from serve under load: %v", f, err)
		}
	}
	report(t, figures)
	for _, c := range []struct {
		what     string
		gotMB    float64
		targetKB int64
		unsure   bool
	}{
		{"idle", mem.idleMB, idleTargetKB, false},
		{"at its peak under the fresh load", mem.peakMB, peakTargetKB, mem.peakSinceStart},
	} {
		if c.gotMB*1024 <= float64(c.targetKB) {
			continue
		}
		msg := fmt.Sprintf("serve with the national register holds %.1f MB %s, over the %d MB target", c.gotMB, c.what, c.targetKB/1024)
		if Long() && !c.unsure {
			t.Error(msg)
		} else {
			t.Log(msg + " (reported; the long mode fails on it)")
		}
	}
}

func mb(kb int64) float64 { return float64(kb*10/1024) / 10 }
