package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"frontdoor/bot"
	"frontdoor/handlers"
	"frontdoor/handlers/grammar"
	"frontdoor/handlers/index"
	"frontdoor/handlers/regtest"
)

func TestLoopbackOnly(t *testing.T) {
	for _, tt := range []struct {
		addr string
		ok   bool
	}{
		{"127.0.0.1:3000", true}, {"[::1]:3000", true}, {"localhost:3000", true}, {"127.9.9.9:80", true},
		{"10.0.0.5:3000", false}, {"0.0.0.0:3000", false}, {"example.org:443", false}, {"3000", false}, {"[::]:3000", false},
	} {
		if err := loopbackOnly(tt.addr); (err == nil) != tt.ok {
			t.Errorf("loopbackOnly(%q) = %v, want ok %v", tt.addr, err, tt.ok)
		}
	}
	if err := run(context.Background(), &bytes.Buffer{}, options{addr: "192.168.1.10:3000", secret: "s", pace: pace{n: 1, c: 1, duration: time.Second}}); err == nil {
		t.Error("run accepted an address off this machine")
	}
}

func TestRunRefusesBadFlags(t *testing.T) {
	ok := options{national: true, rounds: 1, pace: pace{n: 10, c: 1, duration: time.Second}}
	for _, tt := range []struct {
		name string
		edit func(*options)
		want string
	}{
		{"both modes", func(o *options) { o.addr = "127.0.0.1:3000" }, "not both"},
		{"no mode", func(o *options) { o.national = false }, "give -national"},
		{"too many rounds", func(o *options) { o.rounds = 10 }, "-rounds must be 1 to 9"},
		{"too many requests", func(o *options) { o.n = maxRequests + 1 }, "-n must be"},
		{"too long", func(o *options) { o.duration = time.Hour }, "-duration must be"},
		{"no workers", func(o *options) { o.c = 0 }, "-c must be"},
	} {
		o := ok
		tt.edit(&o)
		err := run(context.Background(), io.Discard, o)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
}

// The fresh questions are the same for the same seed, differ for another,
// and never repeat: the affine map is a permutation of every cohort × area
// × day.
func TestFreshQuestionsDeterministicAndNeverRepeated(t *testing.T) {
	cohorts, areas := []string{"Care leavers", "Over-50s", "Carers"}, []string{"Leeds", "Wakefield", "Bradford", "Kirklees"}
	a, b, other := freshQuestionsOf(cohorts, areas, 7), freshQuestionsOf(cohorts, areas, 7), freshQuestionsOf(cohorts, areas, 8)
	if a.size() != uint64(3*4*freshDays) {
		t.Fatalf("size %d, want %d", a.size(), 3*4*freshDays)
	}
	differ := 0
	for i := range 50 {
		if a.question(i) != b.question(i) {
			t.Fatalf("question %d differs for the same seed: %q and %q", i, a.question(i), b.question(i))
		}
		if a.question(i) != other.question(i) {
			differ++
		}
	}
	if differ < 40 {
		t.Errorf("another seed changed only %d of 50 questions", differ)
	}
	seen := make(map[[3]int]int, a.size())
	for i := range int(a.size()) {
		c, ar, d := a.triple(i)
		if c < 0 || c >= len(cohorts) || ar < 0 || ar >= len(areas) || d < 0 || d >= freshDays {
			t.Fatalf("question %d is out of range: %d, %d, %d", i, c, ar, d)
		}
		k := [3]int{c, ar, d}
		if j, dup := seen[k]; dup {
			t.Fatalf("questions %d and %d are the same: %q", j, i, a.question(i))
		}
		seen[k] = i
	}
	if got := a.question(0); !strings.HasPrefix(got, "who funds ") || !strings.Contains(got, " in ") || !strings.Contains(got, " as of 20") {
		t.Errorf("question reads %q", got)
	}
}

// Every fresh question of the national register names a cohort and an area
// the core finds, and the repeated ones are the same pairs without a date,
// so the load measures answers, not refusals.
func TestQuestionsOfTheNationalRegisterAreAnswered(t *testing.T) {
	reg := regtest.National(1, regtest.DefaultNationalSize)
	ix := index.NewIndex(reg)
	fresh := newFreshQuestions(reg, 1)
	for i := range 300 {
		c, a, d := fresh.triple(i)
		on := handlers.DateOf(2020, time.January, 1).AddDays(d)
		if _, err := ix.WhoFunds([][2]string{{fresh.cohorts[c], fresh.areas[a]}}, on); err != nil {
			t.Errorf("%s: %v", fresh.question(i), err)
		}
		cmd, err := grammar.Parse(fresh.question(i))
		if err != nil || cmd.Name != grammar.CmdWhoFunds {
			t.Errorf("%q parses as %+v, %v", fresh.question(i), cmd, err)
		}
	}
	rep := repeatedQuestions(fresh, 5)
	seen := map[string]bool{}
	for i, q := range rep {
		if seen[q] || strings.Contains(q, " as of ") {
			t.Errorf("repeated question %d: %q (a repeat, or dated)", i, q)
		}
		seen[q] = true
		if !strings.HasPrefix(fresh.question(i), q+" as of ") {
			t.Errorf("repeated question %d %q is not fresh question %d %q without its date", i, q, i, fresh.question(i))
		}
	}
	if ask := inTurn(rep); ask(5) != rep[0] || ask(13) != rep[3] {
		t.Error("the repeated questions are not asked in turn")
	}
}

func TestShareAndMedians(t *testing.T) {
	res := func(name string, sent int, secs float64) result {
		return result{workload: name, sent: sent, ok: sent, elapsed: time.Duration(secs * float64(time.Second))}
	}
	minimal, fresh := res(wlMinimal, 20000, 1), res(wlFresh, 20000, 4)
	if got := share(fresh, minimal); got != 0.25 {
		t.Errorf("share %v, want 0.25", got)
	}
	if got := share(fresh, result{}); got != 0 {
		t.Errorf("share of nothing measured %v, want 0", got)
	}
	// Three rounds: the median share is the median of each round's share.
	var rounds [][]row
	for i, secs := range [][2]float64{{1, 4}, {2, 4}, {1, 5}} {
		m, f := res(wlMinimal, 20000, secs[0]), res(wlFresh, 20000, secs[1])
		f.ok = f.sent - i // 0, 1, 2 errors
		f.load = fmt.Sprint(i + 1)
		rounds = append(rounds, []row{rowOf("x", m, &m), rowOf("x", f, &m)})
	}
	med := medianRows(rounds)
	if len(med) != 2 || med[1].workload != wlFresh {
		t.Fatalf("median rows %+v", med)
	}
	if med[1].share != 0.25 { // shares 0.25, 0.5, 0.2
		t.Errorf("median share %v, want 0.25", med[1].share)
	}
	if med[1].perSec != 5000 { // 5000, 5000, 4000
		t.Errorf("median req/s %v, want 5000", med[1].perSec)
	}
	if med[1].errors != 3 || med[1].sent != 60000 {
		t.Errorf("errors %d of %d, want 3 of 60000", med[1].errors, med[1].sent)
	}
	if med[0].share != 1 || med[1].load != "2.00" {
		t.Errorf("minimal share %v, load %q", med[0].share, med[1].load)
	}
	if got := median([]float64{4, 1, 3, 2}); got != 2.5 {
		t.Errorf("median of an even count %v, want 2.5", got)
	}
	lat := result{latencies: []time.Duration{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}}
	if lat.percentile(50) != 5 || lat.percentile(99) != 10 || lat.percentile(100) != 10 {
		t.Errorf("percentiles %v %v %v", lat.percentile(50), lat.percentile(99), lat.percentile(100))
	}
}

// The minimal reply is a Block Kit message Slack would take, of about 1.5 KB.
func TestMinimalReplyIsBlockKit(t *testing.T) {
	if n := len(minimalReply); n < 1400 || n > 1600 {
		t.Errorf("minimal reply is %d bytes, want about 1.5 KB", n)
	}
	var msg bot.Message
	if err := json.Unmarshal(minimalReply, &msg); err != nil {
		t.Fatal(err)
	}
	if len(msg.Blocks.BlockSet) < 5 {
		t.Errorf("%d blocks", len(msg.Blocks.BlockSet))
	}
	if problems := bot.CheckLimits(msg); len(problems) > 0 {
		t.Errorf("minimal reply breaks Slack's limits: %v", problems)
	}
}

// The minimal handler answers only a request signed with its secret, over
// the body as sent, within five minutes.
func TestMinimalHandlerVerifiesSignatures(t *testing.T) {
	const secret = "minimal-test-secret"
	now := time.Unix(1_800_000_000, 0)
	srv := httptest.NewServer(minimalHandler(secret, func() time.Time { return now }))
	defer srv.Close()
	tg := target{addr: strings.TrimPrefix(srv.URL, "http://"), secret: secret, team: "T0LOAD", user: "U0LOAD", responseURL: "http://127.0.0.1:1/r"}
	endpoint := "http://" + tg.addr + bot.PathCommands
	send := func(req *http.Request) (int, []byte) {
		t.Helper()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, body
	}
	if code, body := send(signedCommand(context.Background(), endpoint, tg, "who funds carers", 1, now)); code != 200 || !bytes.Equal(body, minimalReply) {
		t.Errorf("a signed request: %d, %d bytes", code, len(body))
	}
	forged := []struct {
		name string
		req  func() *http.Request
		want int
	}{
		{"another secret", func() *http.Request {
			o := tg
			o.secret = "not-the-secret"
			return signedCommand(context.Background(), endpoint, o, "who funds carers", 1, now)
		}, 401},
		{"the body changed after signing", func() *http.Request {
			r := signedCommand(context.Background(), endpoint, tg, "who funds carers", 1, now)
			other := signedCommand(context.Background(), endpoint, tg, "who funds carers in Leeds", 1, now)
			other.Header = r.Header
			return other
		}, 401},
		{"signed six minutes ago", func() *http.Request {
			return signedCommand(context.Background(), endpoint, tg, "who funds carers", 1, now.Add(-6*time.Minute))
		}, 401},
		{"no signature", func() *http.Request {
			r := signedCommand(context.Background(), endpoint, tg, "who funds carers", 1, now)
			r.Header.Del("X-Slack-Signature")
			return r
		}, 401},
		{"a body over Slack's cap", func() *http.Request {
			body := bytes.Repeat([]byte("a"), bot.MaxBodyBytes+1)
			ts := strconv.FormatInt(now.Unix(), 10)
			r, _ := http.NewRequest(http.MethodPost, endpoint, bytes.NewReader(body))
			r.Header.Set("X-Slack-Request-Timestamp", ts)
			r.Header.Set("X-Slack-Signature", bot.Sign(secret, ts, body))
			return r
		}, 413},
	}
	for _, f := range forged {
		if code, body := send(f.req()); code != f.want || len(body) != 0 {
			t.Errorf("%s: %d with %d bytes, want %d and nothing", f.name, code, len(body), f.want)
		}
	}
}

// The client counts as errors what is not a 200 and what says something
// went wrong, and times only the answers that were ok.
func TestMeasureCountsFailures(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		switch r.Form.Get("text") {
		case "q1":
			w.WriteHeader(http.StatusInternalServerError)
		case "q2":
			_, _ = w.Write([]byte(`{"text":"Something went wrong (ref 7f3a)"}`))
		default:
			_, _ = w.Write(minimalReply)
		}
	}))
	defer srv.Close()
	tg := target{addr: strings.TrimPrefix(srv.URL, "http://"), secret: "s", team: "T0LOAD", user: "U0LOAD"}
	w := workload{"test", func(i int) string { return fmt.Sprintf("q%d", i%4) }}
	r, err := measure(context.Background(), w, tg, pace{n: 40, c: 3, duration: 30 * time.Second}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if r.sent != 40 || r.errors() != 20 || len(r.latencies) != 20 {
		t.Errorf("sent %d, errors %d, timed %d; want 40, 20, 20", r.sent, r.errors(), len(r.latencies))
	}
	if !strings.Contains(r.firstErr, "status 500") && !strings.Contains(r.firstErr, "Something went wrong") {
		t.Errorf("first error %q", r.firstErr)
	}
}

// The minimal handler accepts the client's signatures: every request is ok.
func TestMinimalRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out, options{minimal: true, pace: pace{n: 200, c: 4, duration: 30 * time.Second}, warmup: 10}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out.String(), "\n")
	var found bool
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) >= 4 && f[1] == wlMinimal {
			found = true
			if f[2] != "200" || f[3] != "0" {
				t.Errorf("row %q: want 200 sent, 0 errors", l)
			}
		}
	}
	if !found || strings.Contains(out.String(), "failed") {
		t.Fatalf("output:\n%s", out.String())
	}
}
