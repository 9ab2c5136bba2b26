package reliability

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"frontdoor/handlers/regtest"
)

// idleTargetKB is the promise for an idle serve holding the national register.
const idleTargetKB = 60 * 1024

// loadRow is one line of the load script's table.
type loadRow struct {
	sent, ok                 int
	perSecond                float64
	p50, p90, p99, slowestMS float64
}

var loadRowRE = regexp.MustCompile(`(?m)^(frontdoor serve|minimal signed handler)\s+(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)ms\s+([\d.]+)ms\s+([\d.]+)ms\s+([\d.]+)ms\s*$`)

// parseLoad reads the table the load script prints.
func parseLoad(out string) (map[string]loadRow, error) {
	rows := map[string]loadRow{}
	for _, m := range loadRowRE.FindAllStringSubmatch(out, -1) {
		var r loadRow
		r.sent, _ = strconv.Atoi(m[2])
		r.ok, _ = strconv.Atoi(m[3])
		nums := make([]float64, 5)
		for i := range nums {
			v, err := strconv.ParseFloat(m[4+i], 64)
			if err != nil {
				return nil, fmt.Errorf("load output: %q: %w", m[0], err)
			}
			nums[i] = v
		}
		r.perSecond, r.p50, r.p90, r.p99, r.slowestMS = nums[0], nums[1], nums[2], nums[3], nums[4]
		rows[m[1]] = r
	}
	if len(rows) != 2 {
		return nil, fmt.Errorf("load output has %d result rows, want 2:\n%s", len(rows), out)
	}
	return rows, nil
}

func TestParseLoad(t *testing.T) {
	out := "client and server share this machine: 2 cores\n" +
		"target                       sent       ok      req/s       p50       p90       p99       max\n" +
		"frontdoor serve              2000     1999     1520.3    4.01ms    9.50ms   20.12ms   41.00ms\n" +
		"minimal signed handler       2000     2000     6100.0    1.10ms    2.00ms    3.30ms    9.90ms\n"
	rows, err := parseLoad(out)
	if err != nil {
		t.Fatal(err)
	}
	if got := rows["frontdoor serve"]; got.ok != 1999 || got.perSecond != 1520.3 || got.p99 != 20.12 {
		t.Errorf("serve row %+v", got)
	}
	if _, err := parseLoad("nothing here"); err == nil {
		t.Error("no rows parsed without an error")
	}
}

// The load script against serve holding a national-scale register, next to
// the minimal signed handler with the same client; serve's peak memory under
// load and its memory idle. The figures are reported, not asserted (the
// machine's speed is no promise of the code), except the idle memory target
// of 60 MB, which fails the long mode only.
func TestLoadSmoke(t *testing.T) {
	bin := binary(t, PkgFrontdoor)
	load := binary(t, PkgLoad)
	size := regtest.DefaultNationalSize
	db := filepath.Join(t.TempDir(), "national.db")
	national := regtest.National(1, size)
	if err := MakeDB(context.Background(), db, national); err != nil {
		t.Fatal(err)
	}
	// The questions are the national register's own names: 200 of them,
	// mostly "who funds <cohort> in <area>", sent in turn.
	var qs []string
	for i := 0; i < 200; i++ {
		c := national.Cohorts[(i*13)%len(national.Cohorts)].Name
		a := national.Areas[(i*7)%len(national.Areas)].Name
		switch i % 5 {
		case 3:
			qs = append(qs, "who funds "+c)
		case 4:
			qs = append(qs, "programme "+national.Programmes[(i*31)%len(national.Programmes)].Name)
		default:
			qs = append(qs, "who funds "+c+" in "+a)
		}
	}
	queriesFile := filepath.Join(t.TempDir(), "queries.txt")
	if err := os.WriteFile(queriesFile, []byte(strings.Join(qs, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fake := NewFakeSlack(FakeSlackOptions{Team: testTeam})
	defer fake.Close()
	catcher := NewResponseCatcher(0)
	defer catcher.Close()
	srv := startServe(t, ServerConfig{Binary: bin, DB: db, Settings: serveSettings(fake.URL())})
	if err := srv.WaitHealthy(30 * time.Second); err != nil {
		t.Fatalf("%v\n%s", err, srv.Log.Tail(20))
	}
	started, err := srv.Memory()
	if err != nil {
		t.Fatal(err)
	}

	// A few lookups, then idle.
	client := newClient()
	for i, q := range []string{"who funds disabled people", "who funds care leavers in Liverpool", "programmes", "who funds ex-offenders", "help"} {
		d := SignCommand(testSecret, Command{Team: testTeam, User: testUser, UserName: "sam", Channel: testChannel, Text: q,
			ResponseURL: catcher.URL(fmt.Sprint("lookup", i))}, time.Now())
		if status, _, err := d.Send(context.Background(), client, srv.Addr); err != nil || status != 200 {
			t.Fatalf("lookup %q: status %d, %v", q, status, err)
		}
	}
	idleFor := pick(3*time.Second, 30*time.Second)
	var idle Memory
	for end := time.Now().Add(idleFor); time.Now().Before(end); {
		time.Sleep(500 * time.Millisecond)
		if idle, err = srv.Memory(); err != nil {
			t.Fatal(err)
		}
	}

	runs := []struct {
		name string
		args []string
	}{
		// The same 200 questions asked again and again, as in a meeting:
		// answers already given come from memory.
		{"unpaced", []string{"-n", strconv.Itoa(pick(1500, 20000)), "-c", "8"}},
		// Every question different (a different "as of" date): every answer computed.
		{"distinct", []string{"-n", strconv.Itoa(pick(1500, 20000)), "-c", "8", "-distinct"}},
	}
	if Long() {
		runs = append(runs, struct {
			name string
			args []string
		}{"500/s", []string{"-n", "15000", "-c", "16", "-rate", "500"}})
	}
	figures := map[string]any{
		"register":       fmt.Sprintf("national: %d areas, %d cohorts, %d programmes, %d fundings", size.Areas, size.Cohorts, size.Programmes, size.Fundings),
		"rss_started_mb": mb(started.RSS), "rss_idle_mb": mb(idle.RSS), "idle_seconds": idleFor.Seconds(),
		"idle_target_mb": mb(idleTargetKB),
	}
	for _, r := range runs {
		args := append([]string{"-addr", srv.Addr, "-secret", testSecret, "-minimal", "-team", testTeam, "-user", testUser, "-queries", queriesFile,
			"-duration", pick("60s", "120s")}, r.args...)
		code, out, stderr, err := RunCommand(context.Background(), load, t.TempDir(), nil, "", nil, "load", 5*time.Minute, args...)
		if err != nil || code != 0 {
			t.Fatalf("load %s: exit %d, %v\n%s%s", r.name, code, err, out, stderr)
		}
		t.Logf("load %s:\n%s", r.name, out)
		rows, err := parseLoad(out)
		if err != nil {
			t.Fatal(err)
		}
		serve, minimal := rows["frontdoor serve"], rows["minimal signed handler"]
		for name, row := range rows {
			if row.ok != row.sent || row.sent == 0 {
				t.Errorf("load %s: %s answered %d of %d", r.name, name, row.ok, row.sent)
			}
		}
		p := r.name + "_"
		figures[p+"requests"] = serve.sent
		figures[p+"serve_req_per_s"] = serve.perSecond
		figures[p+"serve_p50_ms"] = serve.p50
		figures[p+"serve_p99_ms"] = serve.p99
		figures[p+"minimal_req_per_s"] = minimal.perSecond
		figures[p+"minimal_p50_ms"] = minimal.p50
		figures[p+"minimal_p99_ms"] = minimal.p99
		if minimal.perSecond > 0 {
			figures[p+"serve_share_of_minimal_pct"] = int(100 * serve.perSecond / minimal.perSecond)
		}
	}
	peak, err := srv.Memory()
	if err != nil {
		t.Fatal(err)
	}
	figures["rss_peak_mb"] = mb(peak.HWM)
	figures["rss_after_load_mb"] = mb(peak.RSS)
	if err := srv.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code, _, err := srv.Wait(15 * time.Second); err != nil || code != 0 {
		t.Errorf("serve after load: exit %d, %v\n%s", code, err, srv.Log.Tail(10))
	}
	if logs := srv.Log.String(); strings.Contains(logs, "panic") {
		t.Errorf("serve panicked under load:\n%s", srv.Log.Tail(20))
	}
	report(t, figures)
	if idle.RSS > idleTargetKB {
		msg := fmt.Sprintf("idle serve with the national register holds %.1f MB, over the %d MB target", mb(idle.RSS), idleTargetKB/1024)
		if Long() {
			t.Error(msg)
		} else {
			t.Log(msg + " (reported; the long mode fails on it)")
		}
	}
}

func mb(kb int64) float64 { return float64(kb*10/1024) / 10 }
