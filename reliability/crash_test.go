package reliability

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"frontdoor/store"
)

// crashConfig shapes one crash run.
type crashConfig struct {
	binary   string
	rounds   int           // starts, each ended by SIGKILL
	workers  int           // writes in flight at once
	perRound time.Duration // bound on one round's sending
	maxKill  time.Duration // latest moment of a timed kill after the server is healthy
	resends  int           // deliveries of the previous round sent again after each restart
}

// crashResult is what a crash run measured.
type crashResult struct {
	Rounds                                        int
	KillsAfterConfirmation, KillsTimed, KillsBoot int
	Sent, SendErrors, Confirmed, LateConfirmed    int
	Resent, ResentAnswered, ResentConfirmed       int
	// Lost: confirmed, not stored. Duplicated: stored more than once.
	// WrongNumber: confirmed under a number the database does not hold for
	// it, or under two numbers (lost, then logged again by a retry).
	Lost, Duplicated, WrongNumber         int
	UnconfirmedPresent, UnconfirmedAbsent int
	Stored                                int
	Integrity                             []string
	Examples                              []string // a few lost or duplicated tokens, for the failure message
}

// sent is one delivery the harness made, kept for retries and the final count.
type sent struct {
	token string
	round int
	at    time.Time
	d     Delivery
}

// crashRun is the shared state of one run.
type crashRun struct {
	t       *testing.T
	cfg     crashConfig
	rnd     *rand.Rand
	slack   *FakeSlack
	catcher *ResponseCatcher
	db      string
	tmp     string
	log     *Lines
	tokens  tokens

	mu         sync.Mutex
	deliver    []sent
	confirmed  map[string]int64 // token → the first number the user was told
	renumbered map[string]bool  // tokens the user was told two different numbers for
	res        crashResult
}

// confirm records that the user was told token was logged as id. A second,
// different number for the same token is a duplicate the user saw.
func (r *crashRun) confirm(token string, id int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if prev, ok := r.confirmed[token]; ok {
		if prev != id && !r.renumbered[token] {
			r.renumbered[token] = true
			r.res.Examples = append(r.res.Examples, fmt.Sprintf("%s confirmed as #%d and as #%d", token, prev, id))
		}
		return
	}
	r.confirmed[token] = id
}

func (r *crashRun) isConfirmed(token string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, ok := r.confirmed[token]
	return ok
}

// runCrash starts serve on a database with the demo register, writes
// through signed requests, kills it with SIGKILL at random moments
// (timed, right after a confirmation, during start-up), restarts it on the
// same database, re-sends deliveries of the round before, and finally
// counts what the database holds against what users were told.
func runCrash(t *testing.T, cfg crashConfig) crashResult {
	t.Helper()
	r := &crashRun{
		t: t, cfg: cfg, rnd: newRand(t),
		slack:      NewFakeSlack(FakeSlackOptions{Team: testTeam}),
		catcher:    NewResponseCatcher(0),
		db:         demoDB(t),
		tmp:        t.TempDir(),
		log:        &Lines{},
		confirmed:  map[string]int64{},
		renumbered: map[string]bool{},
	}
	t.Cleanup(r.slack.Close)
	t.Cleanup(r.catcher.Close)

	for round := 0; round < cfg.rounds; round++ {
		r.round(round)
	}
	r.res.Rounds = cfg.rounds

	// A last start: retries of the last round's deliveries, then a clean
	// stop, so that answers carried on after an ack are delivered.
	srv := r.start(cfg.rounds)
	if err := srv.WaitHealthy(30 * time.Second); err != nil {
		t.Fatalf("%v\n%s", err, r.log.Tail(20))
	}
	r.resend(srv, cfg.rounds)
	if err := srv.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code, _, err := srv.Wait(15 * time.Second); err != nil || code != 0 {
		t.Fatalf("final stop: exit %d, %v\n%s", code, err, r.log.Tail(20))
	}
	r.lateConfirmations()
	r.count()
	return r.res
}

func (r *crashRun) start(round int) *Server {
	return startServe(r.t, ServerConfig{Binary: r.cfg.binary, DB: r.db, Settings: serveSettings(r.slack.URL()),
		TempDir: r.tmp, Name: fmt.Sprintf("serve#%d", round), Log: r.log})
}

// round is one life of the server, ended by SIGKILL.
func (r *crashRun) round(round int) {
	t := r.t
	srv := r.start(round)
	if round%6 == 5 {
		// Killed while starting: opening, migrating, loading the register.
		time.Sleep(time.Duration(r.rnd.IntN(60)) * time.Millisecond)
		r.kill(srv, &r.res.KillsBoot)
		return
	}
	if err := srv.WaitHealthy(30 * time.Second); err != nil {
		t.Fatalf("round %d: %v\n%s", round, err, r.log.Tail(20))
	}
	r.resend(srv, round)

	afterConfirmation := round%2 == 1
	// The confirmation after which to kill, or the moment of a timed kill.
	killAt := 1 + r.rnd.IntN(10)
	timer := time.Duration(10+r.rnd.Int64N(int64(r.cfg.maxKill/time.Millisecond))) * time.Millisecond
	if afterConfirmation {
		timer = r.cfg.perRound // only a bound: the kill comes after a confirmation
	}
	var (
		once      sync.Once
		killed    atomic.Bool
		confirmed atomic.Int64
	)
	killNow := func(counter *int) {
		once.Do(func() {
			killed.Store(true)
			r.mu.Lock()
			*counter++
			r.mu.Unlock()
			if err := srv.Kill(); err != nil {
				t.Error(err)
			}
		})
	}
	stopTimer := time.AfterFunc(timer, func() { killNow(&r.res.KillsTimed) })
	defer stopTimer.Stop()

	client := &http.Client{Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()
	deadline := time.Now().Add(r.cfg.perRound + 5*time.Second)
	var wg sync.WaitGroup
	for w := 0; w < r.cfg.workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10_000 && !killed.Load() && time.Now().Before(deadline); i++ {
				token := r.tokens.next()
				d := SignCommand(testSecret, Command{Team: testTeam, User: testUser, UserName: "sam", Channel: testChannel,
					Text: "log crash probe " + token, ResponseURL: r.catcher.URL(token)}, time.Now())
				r.mu.Lock()
				r.deliver = append(r.deliver, sent{token: token, round: round, at: time.Now(), d: d})
				r.res.Sent++
				r.mu.Unlock()
				status, body, err := d.Send(context.Background(), client, srv.Addr)
				if err != nil || status != http.StatusOK {
					if !killed.Load() {
						r.mu.Lock()
						r.res.SendErrors++
						r.mu.Unlock()
						t.Errorf("round %d: %s: status %d, %v, before any kill", round, token, status, err)
					}
					continue
				}
				msg, err := AckMessage(body)
				if err != nil {
					t.Errorf("round %d: %v: %s", round, err, body)
					continue
				}
				id, _, ok := Confirmation(msg)
				if !ok || !strings.Contains(msg.Text, token) {
					continue // "Saving…" or an empty ack: the answer comes through response_url
				}
				r.confirm(token, id)
				if afterConfirmation && confirmed.Add(1) == int64(killAt) {
					killNow(&r.res.KillsAfterConfirmation)
				}
			}
		}()
	}
	wg.Wait()
	killNow(&r.res.KillsTimed) // the round's bound passed without a kill
}

func (r *crashRun) kill(srv *Server, counter *int) {
	if err := srv.Kill(); err != nil {
		r.t.Error(err)
	}
	r.mu.Lock()
	*counter++
	r.mu.Unlock()
}

// resend sends again, byte for byte, the last deliveries of the rounds
// before this one (those nearest the kill) and a few older ones: a retry of
// the same delivery, which must never log a second action.
func (r *crashRun) resend(srv *Server, round int) {
	r.mu.Lock()
	var recent, older []sent
	for _, s := range r.deliver {
		if time.Since(s.at) > 4*time.Minute { // inside Slack's 5-minute signing window
			continue
		}
		if s.round == round-1 {
			recent = append(recent, s)
		} else {
			older = append(older, s)
		}
	}
	r.mu.Unlock()
	pickN := recent[max(0, len(recent)-r.cfg.resends):]
	for i := 0; i < 2 && len(older) > 0; i++ {
		pickN = append(pickN, older[r.rnd.IntN(len(older))])
	}
	client := &http.Client{Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()
	for _, s := range pickN {
		status, body, err := s.d.Send(context.Background(), client, srv.Addr)
		r.mu.Lock()
		r.res.Resent++
		r.mu.Unlock()
		if err != nil || status != http.StatusOK {
			r.t.Errorf("retry of %s after restart: status %d, %v", s.token, status, err)
			continue
		}
		msg, err := AckMessage(body)
		if err != nil {
			r.t.Error(err)
			continue
		}
		r.mu.Lock()
		r.res.ResentAnswered++
		r.mu.Unlock()
		if id, _, ok := Confirmation(msg); ok && strings.Contains(msg.Text, s.token) {
			r.mu.Lock()
			r.res.ResentConfirmed++
			r.mu.Unlock()
			r.confirm(s.token, id)
		}
	}
}

// lateConfirmations reads the confirmations that came through response_url
// (a write slower than the ack's budget is confirmed there).
func (r *crashRun) lateConfirmations() {
	r.mu.Lock()
	all := append([]sent(nil), r.deliver...)
	r.mu.Unlock()
	for _, s := range all {
		for _, m := range r.catcher.Posts(s.token) {
			if id, _, ok := Confirmation(m); ok && strings.Contains(m.Text, s.token) {
				if !r.isConfirmed(s.token) {
					r.mu.Lock()
					r.res.LateConfirmed++
					r.mu.Unlock()
				}
				r.confirm(s.token, id)
			}
		}
	}
}

// count compares the database with what users were told.
func (r *crashRun) count() {
	t := r.t
	ctx := context.Background()
	db, err := store.Open(ctx, r.db, store.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	problems, err := db.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r.res.Integrity = problems
	actions, err := db.AllActions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string][]int64{}
	for _, a := range actions {
		if token, ok := probeToken(a.Text); ok {
			stored[token] = append(stored[token], a.ID)
			r.res.Stored++
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.res.Confirmed = len(r.confirmed)
	for token, ids := range stored {
		if len(ids) > 1 {
			r.res.Duplicated++
			r.res.Examples = append(r.res.Examples, fmt.Sprintf("%s stored %d times: %v", token, len(ids), ids))
		}
	}
	tokens := make([]string, 0, len(r.confirmed))
	for token := range r.confirmed {
		tokens = append(tokens, token)
	}
	sort.Strings(tokens)
	for _, token := range tokens {
		id := r.confirmed[token]
		ids := stored[token]
		switch {
		case len(ids) == 0:
			r.res.Lost++
			r.res.Examples = append(r.res.Examples, fmt.Sprintf("%s confirmed as #%d, not stored", token, id))
		case ids[0] != id || r.renumbered[token]:
			r.res.WrongNumber++
			r.res.Examples = append(r.res.Examples, fmt.Sprintf("%s confirmed as #%d, stored as %v", token, id, ids))
		}
	}
	seen := map[string]bool{}
	for _, s := range r.deliver {
		if seen[s.token] {
			continue
		}
		seen[s.token] = true
		if _, ok := r.confirmed[s.token]; ok {
			continue
		}
		if len(stored[s.token]) > 0 {
			r.res.UnconfirmedPresent++
		} else {
			r.res.UnconfirmedAbsent++
		}
	}
	if len(r.res.Examples) > 10 {
		r.res.Examples = r.res.Examples[:10]
	}
}

func (res crashResult) figures() map[string]any {
	return map[string]any{
		"rounds": res.Rounds, "kills": res.Kills(), "kills_after_confirmation": res.KillsAfterConfirmation,
		"kills_timed": res.KillsTimed, "kills_during_start": res.KillsBoot,
		"sent": res.Sent, "confirmed": res.Confirmed, "confirmed_late": res.LateConfirmed,
		"retries_after_restart": res.Resent, "retries_confirmed": res.ResentConfirmed,
		"lost": res.Lost, "duplicated": res.Duplicated, "wrong_number": res.WrongNumber,
		"unconfirmed_stored": res.UnconfirmedPresent, "unconfirmed_not_stored": res.UnconfirmedAbsent,
		"integrity_problems": len(res.Integrity),
	}
}

// broken reports whether the run shows the promise broken: a confirmed
// action missing, stored twice or under another number, or a damaged file.
func (res crashResult) broken() bool {
	return res.Lost > 0 || res.Duplicated > 0 || res.WrongNumber > 0 || len(res.Integrity) > 0
}

// Kills counts every SIGKILL.
func (res crashResult) Kills() int {
	return res.KillsAfterConfirmation + res.KillsTimed + res.KillsBoot
}

func crashConfigFor(binary string) crashConfig {
	return crashConfig{
		binary:   binary,
		rounds:   pick(12, 150),
		workers:  4,
		perRound: pick(1500*time.Millisecond, 3*time.Second),
		maxKill:  pick(600*time.Millisecond, 2*time.Second),
		resends:  6,
	}
}

// Every action a user was told is logged is in the database exactly once,
// with the number the user was told, across SIGKILLs at random moments and
// retries of the same delivery after each restart; the database passes
// SQLite's integrity check.
func TestCrashDurability(t *testing.T) {
	res := runCrash(t, crashConfigFor(binary(t, PkgFrontdoor)))
	report(t, res.figures())
	if res.Lost+res.Duplicated+res.WrongNumber > 0 {
		t.Errorf("lost %d, duplicated %d, confirmed under a wrong number %d; for example:\n%s",
			res.Lost, res.Duplicated, res.WrongNumber, strings.Join(res.Examples, "\n"))
	}
	if len(res.Integrity) > 0 {
		t.Errorf("integrity check: %v", res.Integrity)
	}
	// A run that confirmed little or never killed proves nothing.
	if res.Confirmed < res.Rounds || res.Kills() != res.Rounds || res.KillsAfterConfirmation == 0 || res.ResentAnswered == 0 {
		t.Errorf("the run was too thin to show anything: %+v", res.figures())
	}
}
