package integration

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"frontdoor/bot"
	"frontdoor/store"
)

// laterClock is the wall clock moved on by hand, to pass the health probe's
// interval without waiting for it.
type laterClock struct {
	mu  sync.Mutex
	off time.Duration
}

func (c *laterClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.off)
}

func (c *laterClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

func (c *laterClock) skip(d time.Duration) {
	c.mu.Lock()
	c.off += d
	c.mu.Unlock()
}

// A running bot whose database goes read-only reports it on /healthz (503,
// "unwritable", and why), while lookups still answer; once the database is
// writable again, /healthz is healthy again, with no restart.
func TestHealthzReportsReadOnlyDatabase(t *testing.T) {
	immutable := canMakeImmutable(t) == ""
	if !immutable && os.Geteuid() == 0 {
		t.Skip(canMakeImmutable(t))
	}
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	db := openStoreAt(t, filepath.Join(dir, "frontdoor.db"), store.Options{})
	clock := &laterClock{}
	u := newUnitOver(t, db, clock)
	health := func() (int, string) {
		t.Helper()
		resp, err := http.Get(u.http.URL + bot.PathHealth)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if a := u.askHTTP(t, sam, "log DWP to share Restart leaver data with the ICB"); !strings.HasPrefix(a.Text, "Logged #1") {
		t.Fatalf("write before: %q", a.Text)
	}
	if status, body := health(); status != http.StatusOK || !strings.Contains(body, `"database":"ok"`) {
		t.Fatalf("healthy: %d %s", status, body)
	}

	// Read-only: the immutable flag (root too), else permission bits.
	setReadOnly := func(on bool) {
		if immutable {
			readOnly(t, dir, on)
			return
		}
		mode, dirMode := os.FileMode(0o444), os.FileMode(0o555)
		if !on {
			mode, dirMode = 0o644, 0o755
		}
		paths, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, p := range paths {
			if err := os.Chmod(p, mode); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Chmod(dir, dirMode); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { setReadOnly(false) })
	setReadOnly(true)
	clock.skip(bot.HealthProbeEvery)
	status, body := health()
	if status != http.StatusServiceUnavailable || !strings.Contains(body, `"database":"unwritable"`) || !strings.Contains(body, "is read-only") {
		t.Errorf("read-only database: %d %s; want 503, unwritable, with the reason", status, body)
	}
	if a := u.askHTTP(t, sam, "agency DWP"); !strings.Contains(a.Text, "Department for Work and Pensions leads") {
		t.Errorf("a lookup while read-only: %q", a.Text)
	}

	setReadOnly(false)
	clock.skip(bot.HealthProbeEvery)
	if status, body := health(); status != http.StatusOK || !strings.Contains(body, `"database":"ok"`) {
		t.Errorf("writable again: %d %s", status, body)
	}
}
