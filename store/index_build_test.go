package store_test

// The in-memory index is never built on a request's path once there is one:
// a register change is answered from the last good index while the new one
// builds in the background. The database is real; the slowness is injected
// by holding LoadRegister in a wrapper of the store, as a large register's
// load would take its time.

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"frontdoor/handlers"
	"frontdoor/handlers/command"
	"frontdoor/handlers/registercsv"
	"frontdoor/store"
)

// heldRegisters is the real store whose LoadRegister can be held until the
// test lets it go on, or made to fail once. It counts loads and version checks.
type heldRegisters struct {
	*store.DB
	loads, versions atomic.Int32

	mu   sync.Mutex
	gate chan struct{} // while set, a load waits for it to close
	held chan struct{} // told when a load starts waiting
	fail error         // the next load fails with this
}

func (h *heldRegisters) LoadRegister(ctx context.Context) (*handlers.Register, error) {
	h.loads.Add(1)
	h.mu.Lock()
	gate, held, fail := h.gate, h.held, h.fail
	h.fail = nil
	h.mu.Unlock()
	if fail != nil {
		return nil, fail
	}
	if gate != nil {
		held <- struct{}{}
		select {
		case <-gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return h.DB.LoadRegister(ctx)
}

func (h *heldRegisters) RegisterVersion(ctx context.Context) (int64, error) {
	h.versions.Add(1)
	return h.DB.RegisterVersion(ctx)
}

// hold makes the next loads wait until the returned release is called.
func (h *heldRegisters) hold() (held <-chan struct{}, release func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	gate, ch := make(chan struct{}), make(chan struct{}, 8)
	h.gate, h.held = gate, ch
	return ch, func() {
		h.mu.Lock()
		h.gate = nil
		h.mu.Unlock()
		close(gate)
	}
}

// guard bounds a wait that only a broken build would make long: the test
// fails with what, rather than hanging.
const guard = 10 * time.Second

func receive[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(guard):
		t.Fatalf("%s (nothing within %s)", what, guard)
	}
	var zero T
	return zero
}

// renameRestart renames the Restart programme, as an import by another
// process would.
func renameRestart(t *testing.T, db *store.DB) {
	t.Helper()
	reg, version, err := db.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	diff, problems := registercsv.Plan(reg, []registercsv.File{{Name: "programmes.csv", Data: []byte("id,name\nrestart,Restart Scheme (extended)\n")}}, false)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if err := db.ApplyImport(context.Background(), diff, "other", version); err != nil {
		t.Fatal(err)
	}
}

const askRestart = "programme Restart as of 2025-01-01"

func TestRegisterChangeIsAnsweredFromTheLastIndexWhileTheNewOneBuilds(t *testing.T) {
	f := newFixture(t)
	regs := &heldRegisters{DB: f.db}
	f.with(func(o *command.Options) { o.Registers = regs })
	ask := func() string { return f.mustDo(t, consoleUser("alex"), askRestart) }
	if out := ask(); !strings.Contains(out, "Restart") || strings.Contains(out, "(extended)") {
		t.Fatalf("before the change:\n%s", out)
	}

	held, release := regs.hold()
	renameRestart(t, f.db)
	// The first request after the change starts the build and is answered
	// at once, from the last index, while the build is held.
	answers := make(chan string, 8)
	go func() { answers <- ask() }()
	if out := receive(t, answers, "the lookup waited for the index build"); strings.Contains(out, "(extended)") {
		t.Errorf("answered from a register that is still being built:\n%s", out)
	}
	receive(t, held, "no build started after the register changed")
	// More requests meanwhile share the one build.
	for range 5 {
		go func() { answers <- ask() }()
	}
	for range 5 {
		if out := receive(t, answers, "a lookup waited for the index build"); strings.Contains(out, "(extended)") {
			t.Errorf("answered from the new register before it was built:\n%s", out)
		}
	}
	if n := regs.loads.Load(); n != 2 {
		t.Errorf("%d loads of the register, want 2 (the first index and one build)", n)
	}

	release()
	if _, err := f.svc.Refresh(context.Background()); err != nil { // waits for the build in flight
		t.Fatal(err)
	}
	if out := ask(); !strings.Contains(out, "Restart Scheme (extended)") {
		t.Errorf("the new index is not used once built:\n%s", out)
	}
	if n := regs.loads.Load(); n != 2 {
		t.Errorf("%d loads of the register, want 2: Refresh waited for the build rather than starting another", n)
	}
}

func TestTheFirstIndexIsWaitedFor(t *testing.T) {
	f := newFixture(t)
	regs := &heldRegisters{DB: f.db}
	f.with(func(o *command.Options) { o.Registers = regs })
	held, release := regs.hold()
	answers := make(chan string, 1)
	go func() { answers <- f.mustDo(t, consoleUser("alex"), askRestart) }()
	receive(t, held, "the first request started no build")
	select {
	case out := <-answers:
		t.Fatalf("answered with no index built:\n%s", out)
	default:
	}
	release()
	if out := receive(t, answers, "the first request was not answered once the index was built"); !strings.Contains(out, "Restart") {
		t.Errorf("first answer:\n%s", out)
	}
}

func TestAFailedBuildKeepsTheLastIndex(t *testing.T) {
	f := newFixture(t)
	regs := &heldRegisters{DB: f.db}
	f.with(func(o *command.Options) { o.Registers = regs })
	ask := func() (string, error) { return f.do(t, consoleUser("alex"), "", askRestart) }
	if _, err := ask(); err != nil {
		t.Fatal(err)
	}
	regs.mu.Lock()
	regs.fail = errors.New("disk I/O error")
	regs.mu.Unlock()
	renameRestart(t, f.db)
	for range 2 {
		out, err := ask()
		if err != nil || strings.Contains(out, "(extended)") {
			t.Errorf("while the build fails: %v\n%s", err, out)
		}
	}
	if _, err := f.svc.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if out, err := ask(); err != nil || !strings.Contains(out, "Restart Scheme (extended)") {
		t.Errorf("after a build that worked: %v\n%s", err, out)
	}
	if n := regs.loads.Load(); n != 3 {
		t.Errorf("%d loads, want 3 (the first, the failed one, the retry)", n)
	}
}
