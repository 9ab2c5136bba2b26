package reliability

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"frontdoor/handlers/regtest"
)

// binDir holds the binaries built once per test run.
var binDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "frontdoor-reliability-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

var builds struct {
	mu   sync.Mutex
	done map[string]string
}

// binary builds pkg once per test run and returns its path.
func binary(t *testing.T, pkg string) string {
	t.Helper()
	builds.mu.Lock()
	defer builds.mu.Unlock()
	if path, ok := builds.done[pkg]; ok {
		return path
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	root, err := ModuleRoot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	path, err := Build(ctx, root, binDir, pkg)
	if err != nil {
		t.Fatal(err)
	}
	if builds.done == nil {
		builds.done = map[string]string{}
	}
	builds.done[pkg] = path
	return path
}

// patchedBinary builds the frontdoor command from a scratch copy of the
// module with patches applied: a throwaway change, never in the repository.
func patchedBinary(t *testing.T, patches ...Patch) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	root, err := ModuleRoot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	scratch := t.TempDir()
	path, err := BuildPatched(ctx, root, filepath.Join(scratch, "src"), scratch, PkgFrontdoor, patches)
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// startServe starts `frontdoor serve` and stops it (SIGKILL) when the test
// ends, if it is still running.
func startServe(t *testing.T, cfg ServerConfig) *Server {
	t.Helper()
	if cfg.TempDir == "" {
		cfg.TempDir = t.TempDir()
	}
	s, err := StartServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Kill() })
	return s
}

// demoDB makes a database holding the demo register.
func demoDB(t *testing.T) string {
	t.Helper()
	reg, err := regtest.Demo()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "frontdoor.db")
	if err := MakeDB(context.Background(), path, reg); err != nil {
		t.Fatal(err)
	}
	return path
}

// newRand returns the run's random source, logging its seed so a failing
// run can be repeated with FRONTDOOR_SEED.
func newRand(t *testing.T) *rand.Rand {
	t.Helper()
	seed := time.Now().UnixNano()
	if s := os.Getenv(EnvSeed); s != "" {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatalf("%s=%q is not a number", EnvSeed, s)
		}
		seed = v
	}
	t.Logf("random seed %d (repeat with %s=%d)", seed, EnvSeed, seed)
	return rand.New(rand.NewPCG(uint64(seed), 0x5eed))
}

// report logs the figures of the running test (see Report).
func report(t *testing.T, figures map[string]any) {
	t.Helper()
	Report(t, t.Name(), figures)
}

// mutantsWanted reports whether the broken-on-purpose demonstrations run.
func mutantsWanted() bool { return Long() || os.Getenv(EnvMutants) == "1" }

// pick returns short or long by the mode.
func pick[T any](short, long T) T {
	if Long() {
		return long
	}
	return short
}
