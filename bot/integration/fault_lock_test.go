package integration

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"frontdoor/bot"
	"frontdoor/reliability"
	"frontdoor/store"
)

// lockHeld is how long the other process holds the write lock: the promise
// is about a database locked for 10 s, so the short run holds it as long.
const lockHeld = 10 * time.Second

// The database held locked by another process for 10 s while slash
// commands arrive through the real HTTP handler. Every command is
// acknowledged within Slack's 3 s; lookups answer as usual; writes are
// acknowledged as saving and confirmed through their response_url once the
// lock is released, each exactly once, and each is in the record once.
func TestFaultLockHeld(t *testing.T) {
	if os.Getenv(faultChildEnv) == "lock" {
		lockChild(t)
		return
	}
	path := filepath.Join(t.TempDir(), "frontdoor.db")
	db := openStoreAt(t, path, store.Options{})
	u := newUnitOver(t, db, nil)
	lookups := []string{"who funds care leavers in Liverpool", "programme Connect to Work", "agency DWP", "area South Yorkshire"}
	want := map[string]string{}
	for _, q := range lookups {
		want[q] = u.askHTTP(t, sam, q).Text
	}

	// The other process: this test binary again, holding BEGIN IMMEDIATE
	// until told to let go.
	child := exec.Command(os.Args[0], "-test.run=^TestFaultLockHeld$")
	child.Env = append(os.Environ(), faultChildEnv+"=lock", "FRONTDOOR_FAULT_DB="+path)
	stdin, err := child.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdin.Close(); child.Wait() })
	lines := bufio.NewScanner(stdout)
	if !waitLine(lines, "LOCKED") {
		t.Fatal("the child never took the lock")
	}

	// Commands arrive throughout, each on its own, as people type them.
	interval, clients := 250*time.Millisecond, 1
	if faultLong() {
		interval, clients = 50*time.Millisecond, 4
	}
	var (
		mu      sync.Mutex
		results []sent
		writes  []sent
		wg      sync.WaitGroup
	)
	locked := time.Now()
	n := 0
	for time.Since(locked) < lockHeld {
		for range clients {
			n++
			text := lookups[(n/2)%len(lookups)]
			isWrite := n%2 == 0
			if isWrite {
				text = fmt.Sprintf("log DWP to send the referral figures, batch %s", letters(n))
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				s := u.send(t, sam, text)
				mu.Lock()
				defer mu.Unlock()
				results = append(results, s)
				if isWrite {
					writes = append(writes, s)
				}
			}()
		}
		time.Sleep(interval)
	}
	wg.Wait() // every ack is in: all were sent while the lock was held

	// Nothing can have been confirmed while the lock was held.
	mu.Lock()
	for _, w := range writes {
		if strings.HasPrefix(w.ack, "Logged") || len(u.sink.postsTo(w.responseURL)) > 0 {
			t.Errorf("%q was confirmed while the database was locked: ack %q, posts %q", w.text, w.ack, u.sink.postsTo(w.responseURL))
		}
	}
	mu.Unlock()
	if _, err := io.WriteString(stdin, "release\n"); err != nil {
		t.Fatal(err)
	}
	if !waitLine(lines, "RELEASED") {
		t.Fatal("the child did not release the lock")
	}
	released := time.Now()

	var acks []time.Duration
	saving, lookupsOK := 0, 0
	for _, r := range results {
		acks = append(acks, r.took)
		if r.status != 200 {
			t.Errorf("%q: status %d", r.text, r.status)
		}
		// The one assertion on a measured time in this harness: acknowledging
		// within 3 s is the behaviour promised (Slack shows the person an
		// error past it), not a performance figure.
		if r.took >= bot.AckDeadline {
			t.Errorf("%q acknowledged after %v, past Slack's %v", r.text, r.took, bot.AckDeadline)
		}
		if w, ok := want[r.text]; ok {
			if r.ack != w {
				t.Errorf("lookup %q while locked: %q, want %q", r.text, r.ack, w)
			} else {
				lookupsOK++
			}
		}
	}
	// Each write: "saving" in the ack, then exactly one confirmation.
	var lastConfirmed time.Time
	for _, w := range writes {
		if !strings.HasPrefix(w.ack, "Saving") {
			t.Errorf("%q while locked was acknowledged %q, want the saving notice", w.text, w.ack)
			continue
		}
		saving++
		deadline := time.Now().Add(90 * time.Second)
		for len(u.sink.postsTo(w.responseURL)) == 0 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if len(u.sink.postsTo(w.responseURL)) == 0 {
			t.Errorf("%q was never confirmed", w.text)
		}
		lastConfirmed = time.Now()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	if err := u.bot.Shutdown(ctx); err != nil { // every answer carried on after an ack is out
		t.Fatal(err)
	}
	byText := actionsByText(t, db)
	confirmedOnce := 0
	for _, w := range writes {
		posts := u.sink.postsTo(w.responseURL)
		if len(posts) != 1 || !strings.HasPrefix(posts[0], "Logged #") {
			t.Errorf("%q: posted %q, want one confirmation", w.text, posts)
		} else {
			confirmedOnce++
		}
		if got := byText[strings.TrimPrefix(w.text, "log ")]; got != 1 {
			t.Errorf("%q is in the record %d times, want once", w.text, got)
		}
	}
	if len(writes) == 0 || lookupsOK == 0 {
		t.Fatalf("the harness proved nothing: %d writes, %d lookups", len(writes), lookupsOK)
	}
	reliability.Report(t, "TestFaultLockHeld", map[string]any{
		"lock_held_s": lockHeld.Seconds(), "commands": len(results), "writes": len(writes),
		"lookups_answered": lookupsOK, "acks_saving": saving, "writes_confirmed_once": confirmedOnce,
		"ack_max_ms": percentile(acks, 100).Milliseconds(), "ack_p50_ms": percentile(acks, 50).Milliseconds(),
		"ack_p99_ms":                         percentile(acks, 99).Milliseconds(),
		"last_confirmation_after_release_ms": lastConfirmed.Sub(released).Milliseconds(),
	})
}

// lockChild holds the write lock on the database until a line arrives on
// stdin, saying so on stdout.
func lockChild(t *testing.T) {
	raw, err := sql.Open("sqlite3", os.Getenv("FRONTDOOR_FAULT_DB")+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	ctx := context.Background()
	conn, err := raw.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	fmt.Println("LOCKED")
	bufio.NewReader(os.Stdin).ReadString('\n')
	if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	fmt.Println("RELEASED")
}

// waitLine reads lines until one is want; false at the end of the output.
func waitLine(sc *bufio.Scanner, want string) bool {
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == want {
			return true
		}
	}
	return false
}

// letters spells n in letters, so that texts stay unique without digits
// the due-date parser could read as a date.
func letters(n int) string {
	s := ""
	for {
		s = string(rune('a'+n%26)) + s
		n /= 26
		if n == 0 {
			return s
		}
		n--
	}
}
