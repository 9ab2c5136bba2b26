package reliability

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"frontdoor/store"
)

// How the shutdown harness keeps work in flight: a command naming an owner
// waits for users.info, which the fake Slack slows down.
const (
	heldOwner = "U0HOLD" // answered within the ack's budget: the HTTP request is in flight
	slowOwner = "U0SLOW" // past the budget: acknowledged, answered through response_url later
)

// shutdownOutcome is what one SIGTERM showed.
type shutdownOutcome struct {
	inFlight, late, burst int
	burstConfirmed        int
	scheduler             bool // serve ran a scheduler, and it stopped
	exitCode              int
	exitAfter             time.Duration
	confirmed             map[string]int64
	failed                []string
}

// On SIGTERM, serve finishes the requests in flight and the answers it owes
// through response_url, loses no confirmed write, and exits with code 0
// within 10 s (its grace is 8 s).
func TestGracefulShutdown(t *testing.T) {
	bin := binary(t, PkgFrontdoor)
	cycles := pick(1, 5)
	var worst time.Duration
	total := shutdownOutcome{confirmed: map[string]int64{}}
	db := demoDB(t)
	tk := &tokens{}
	for c := 0; c < cycles; c++ {
		out := shutdownOnce(t, bin, db, tk, c)
		worst = max(worst, out.exitAfter)
		total.inFlight += out.inFlight
		total.late += out.late
		total.burst += out.burst
		total.burstConfirmed += out.burstConfirmed
		total.scheduler = total.scheduler || out.scheduler
		for k, v := range out.confirmed {
			total.confirmed[k] = v
		}
		if out.exitCode != 0 {
			t.Errorf("cycle %d: exit code %d, want 0", c, out.exitCode)
		}
		for _, f := range out.failed {
			t.Errorf("cycle %d: %s", c, f)
		}
	}

	// Every write confirmed before or during the stop is in the database once.
	ctx := context.Background()
	store, err := store.Open(ctx, db, store.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	actions, err := store.AllActions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string][]int64{}
	for _, a := range actions {
		if token, ok := probeToken(a.Text); ok {
			stored[token] = append(stored[token], a.ID)
		}
	}
	lost := 0
	for token, id := range total.confirmed {
		if ids := stored[token]; len(ids) != 1 || ids[0] != id {
			lost++
			t.Errorf("%s: confirmed as #%d, stored as %v", token, id, ids)
		}
	}
	if problems, err := store.Check(ctx); err != nil || len(problems) > 0 {
		t.Errorf("integrity: %v %v", problems, err)
	}
	report(t, map[string]any{
		"cycles": cycles, "in_flight_requests": total.inFlight, "answers_owed_through_response_url": total.late,
		"concurrent_writes": total.burst, "concurrent_writes_confirmed": total.burstConfirmed, "confirmed": len(total.confirmed), "lost": lost,
		"slowest_exit_ms": worst.Milliseconds(), "scheduler_stopped": total.scheduler,
	})
}

// shutdownOnce starts serve, puts work in flight, sends SIGTERM and checks
// every piece of that work finished.
func shutdownOnce(t *testing.T, bin, db string, tk *tokens, cycle int) shutdownOutcome {
	t.Helper()
	const (
		held  = 6  // requests in flight in the HTTP server at SIGTERM
		slow  = 3  // acknowledged, answers still owed at SIGTERM
		burst = 40 // plain writes racing the signal
	)
	slack := NewFakeSlack(FakeSlackOptions{Team: testTeam, UsersInfoDelay: func(id string) time.Duration {
		switch {
		case strings.HasPrefix(id, heldOwner):
			return time.Second
		case strings.HasPrefix(id, slowOwner):
			return 2500 * time.Millisecond // past the bot's 2 s budget
		}
		return 0
	}})
	defer slack.Close()
	catcher := NewResponseCatcher(time.Second) // a slow Slack on response_url too
	defer catcher.Close()
	settings := serveSettings(slack.URL())
	settings["FRONTDOOR_DIGEST_CHANNEL"] = "C0DIGEST" // the scheduler runs the digest job too
	srv := startServe(t, ServerConfig{Binary: bin, DB: db, Settings: settings, Name: fmt.Sprintf("serve#%d", cycle)})
	if err := srv.WaitHealthy(30 * time.Second); err != nil {
		t.Fatal(err)
	}

	out := shutdownOutcome{inFlight: held, burst: burst, confirmed: map[string]int64{}}
	var mu sync.Mutex
	fail := func(format string, args ...any) {
		mu.Lock()
		out.failed = append(out.failed, fmt.Sprintf(format, args...))
		mu.Unlock()
	}
	owed := map[string]bool{} // acknowledged, confirmation to come through response_url
	type job struct {
		token, owner string
		late         bool // the confirmation is owed through response_url
		racing       bool // sent around the signal: may be refused, never half-done
	}
	var jobs []job
	for i := 0; i < held; i++ {
		jobs = append(jobs, job{token: tk.next(), owner: fmt.Sprintf("%s%02d%d", heldOwner, i, cycle)})
	}
	for i := 0; i < slow; i++ {
		jobs = append(jobs, job{token: tk.next(), owner: fmt.Sprintf("%s%02d%d", slowOwner, i, cycle), late: true})
	}
	client := &http.Client{Timeout: 15 * time.Second}
	defer client.CloseIdleConnections()
	send := func(j job) {
		text := "log shutdown probe " + j.token
		if j.owner != "" {
			text += " for <@" + j.owner + ">"
		}
		d := SignCommand(testSecret, Command{Team: testTeam, User: testUser, UserName: "sam", Channel: testChannel,
			Text: text, ResponseURL: catcher.URL(j.token)}, time.Now())
		status, body, err := d.Send(context.Background(), client, srv.Addr)
		if err != nil || status != http.StatusOK {
			if !j.racing {
				fail("%s (in flight at SIGTERM): status %d, %v", j.token, status, err)
			}
			return
		}
		msg, err := AckMessage(body)
		if err != nil {
			fail("%s: %v", j.token, err)
			return
		}
		id, _, ok := Confirmation(msg)
		switch {
		case ok && strings.Contains(msg.Text, j.token):
			mu.Lock()
			out.confirmed[j.token] = id
			if j.racing {
				out.burstConfirmed++
			}
			mu.Unlock()
		case msg.Text == "" || strings.HasPrefix(msg.Text, "Saving"):
			// Past the ack's budget: the confirmation is owed through
			// response_url, checked once serve has exited.
			mu.Lock()
			owed[j.token] = true
			mu.Unlock()
		default:
			fail("%s: acknowledged without a confirmation: %q", j.token, msg.Text)
		}
	}

	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() { defer wg.Done(); send(j) }()
	}
	// SIGTERM once every owner lookup has reached Slack: all of them are in flight.
	for deadline := time.Now().Add(10 * time.Second); slack.UsersInfoCalls() < held+slow && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	if n := slack.UsersInfoCalls(); n < held+slow {
		t.Fatalf("only %d of %d commands reached users.info", n, held+slow)
	}
	for i := 0; i < burst; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); send(job{token: tk.next(), racing: true}) }()
	}
	time.Sleep(5 * time.Millisecond) // let some of the burst in
	signalled := time.Now()
	if err := srv.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	code, exited, err := srv.Wait(10 * time.Second)
	if err != nil {
		t.Fatalf("%v: the promise is an exit within 10 s of SIGTERM\n%s", err, srv.Log.Tail(20))
	}
	wg.Wait()
	out.exitCode, out.exitAfter = code, exited.Sub(signalled)

	for _, j := range jobs {
		if j.late && !owed[j.token] {
			fail("%s: meant to outlast the ack's budget, but answered in the ack: the harness kept nothing owed", j.token)
		}
	}
	out.late = len(owed)
	for token := range owed {
		found := false
		for _, m := range catcher.Posts(token) {
			if id, _, ok := Confirmation(m); ok && strings.Contains(m.Text, token) {
				out.confirmed[token] = id
				found = true
			}
		}
		if !found {
			fail("%s: the confirmation owed through response_url was not delivered before exit (posts %v)", token, catcher.Posts(token))
		}
	}
	logs := srv.Log.String()
	// serve runs a scheduler (digests, reminders): once started, it must say
	// it stopped, after the stop began.
	if strings.Contains(logs, `"msg":"scheduler started"`) {
		out.scheduler = true
		stopping := strings.Index(logs, `"msg":"frontdoor stopping"`)
		stopped := strings.Index(logs, `"msg":"scheduler stopped"`)
		if stopping < 0 || stopped < stopping {
			fail("the scheduler did not stop after SIGTERM:\n%s", srv.Log.Tail(20))
		}
	}
	for _, bad := range []string{`"msg":"http shutdown"`, `"msg":"scheduler shutdown"`, `"msg":"bot shutdown"`, "panic"} {
		if strings.Contains(logs, bad) {
			fail("log says %s: the grace ran out or something broke:\n%s", bad, srv.Log.Tail(20))
		}
	}
	return out
}
