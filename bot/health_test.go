package bot

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"frontdoor/handlers"
)

// writeChecker is a WriteChecker answering what the test says.
type writeChecker struct {
	calls atomic.Int32
	err   atomic.Pointer[error]
}

func (w *writeChecker) CheckWritable(context.Context) error {
	w.calls.Add(1)
	if p := w.err.Load(); p != nil {
		return *p
	}
	return nil
}

func (w *writeChecker) set(err error) { w.err.Store(&err) }

func getHealth(t *testing.T, tb *testBot) (int, string) {
	t.Helper()
	resp, err := http.Get(tb.server.URL + PathHealth)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// /healthz reports a database that cannot be written as degraded, with the
// reason; a busy one (another write holds the lock) stays healthy. The probe
// runs at most once per HealthProbeEvery: in between the last verdict stands.
func TestHealthReportsUnwritableDatabase(t *testing.T) {
	wc := &writeChecker{}
	tb := newTestBot(t, nil, false, func(o *Options) { o.Writable = wc })
	if status, body := getHealth(t, tb); status != http.StatusOK || !strings.Contains(body, `"database":"ok"`) {
		t.Fatalf("writable: %d %s", status, body)
	}
	wc.set(fmt.Errorf("store: frontdoor.db is read-only (operation not permitted), so nothing can be saved: %w", handlers.ErrUnwritable))
	if status, body := getHealth(t, tb); status != http.StatusOK || wc.calls.Load() != 1 {
		t.Errorf("within %s of the last probe: %d %s after %d probes; want the last verdict, one probe", HealthProbeEvery, status, body, wc.calls.Load())
	}
	tb.clock.Advance(HealthProbeEvery)
	status, body := getHealth(t, tb)
	if status != http.StatusServiceUnavailable || !strings.Contains(body, `"database":"unwritable"`) ||
		!strings.Contains(body, `"reason":"frontdoor.db is read-only (operation not permitted), so nothing can be saved`) {
		t.Errorf("read-only: %d %s; want 503 with the reason", status, body)
	}
	if logs := tb.logs.String(); strings.Count(logs, "the database cannot be written") != 1 {
		t.Errorf("the change is not logged once:\n%s", logs)
	}
	tb.clock.Advance(HealthProbeEvery)
	wc.set(fmt.Errorf("store: a write is in progress: %w", handlers.ErrBusy))
	if status, body := getHealth(t, tb); status != http.StatusOK || !strings.Contains(body, `"database":"busy"`) {
		t.Errorf("busy: %d %s; want 200", status, body)
	}
	tb.clock.Advance(HealthProbeEvery)
	wc.set(nil)
	if status, body := getHealth(t, tb); status != http.StatusOK || !strings.Contains(body, `"database":"ok"`) {
		t.Errorf("writable again: %d %s", status, body)
	}
}
