package reliability

import (
	"strings"
	"testing"
)

// Broken on purpose: each mutant is the frontdoor command built from a
// scratch copy of the module with one promise broken. The crash harness
// must catch every one, or it could not fail when the promise breaks.
var crashMutants = []struct {
	name    string
	patches []Patch
}{
	{
		name: "confirmed before the commit",
		// The write transaction is committed 300 ms after the caller hears
		// it succeeded; a kill in between loses a confirmed write.
		patches: []Patch{
			{File: "store/store.go",
				Old: "defer tx.Rollback() // no-op after Commit",
				New: "committed := false // broken on purpose\n\tdefer func() {\n\t\tif !committed {\n\t\t\ttx.Rollback()\n\t\t}\n\t}()"},
			{File: "store/store.go",
				Old: "if err := tx.Commit(); err != nil {",
				New: "committed = true\n\tgo func() { time.Sleep(300 * time.Millisecond); _ = tx.Commit() }()\n\tif err := error(nil); err != nil {"},
		},
	},
	{
		name: "retries not recognised",
		// A retried delivery carries no idempotency key.
		patches: []Patch{{
			File: "bot/http.go",
			Old:  `sc.Key = "command:" + `,
			New:  "sc.Key = \"\" // broken on purpose\n\t_ = ",
		}},
	},
}

// The crash harness fails when its promise is broken: a write confirmed
// before it is committed is lost to a SIGKILL, and a retry whose key is
// forgotten logs the action twice. Run with FRONTDOOR_MUTANTS=1 (or in the
// long mode): each mutant is a fresh build.
func TestCrashHarnessCatchesBrokenPromises(t *testing.T) {
	if !mutantsWanted() {
		t.Skipf("set %s=1 to build and run the broken-on-purpose mutants", EnvMutants)
	}
	for _, m := range crashMutants {
		t.Run(m.name, func(t *testing.T) {
			cfg := crashConfigFor(patchedBinary(t, m.patches...))
			cfg.rounds = 6
			res := runCrash(t, cfg)
			figures := res.figures()
			figures["mutant"] = m.name
			figures["caught"] = res.broken()
			report(t, figures)
			if !res.broken() {
				t.Errorf("the harness passed a build with the promise broken (%s): %+v", m.name, figures)
			}
			if len(res.Examples) > 0 {
				t.Logf("what it found, for example:\n%s", strings.Join(res.Examples, "\n"))
			}
		})
	}
}

// The shutdown harness fails when serve stops without waiting for its work:
// with no grace at all, requests in flight are cut off and answers owed
// through response_url are never sent.
func TestShutdownHarnessCatchesBrokenPromise(t *testing.T) {
	if !mutantsWanted() {
		t.Skipf("set %s=1 to build and run the broken-on-purpose mutant", EnvMutants)
	}
	bin := patchedBinary(t, Patch{
		File: "cmd/frontdoor/serve.go",
		Old:  "stopCtx, stop := context.WithTimeout(context.Background(), shutdownGrace)",
		New:  "stopCtx, stop := context.WithTimeout(context.Background(), 0) // broken on purpose",
	})
	out := shutdownOnce(t, bin, demoDB(t), &tokens{}, 0)
	caught := len(out.failed) > 0 || out.exitCode != 0
	report(t, map[string]any{"mutant": "no grace on SIGTERM", "caught": caught, "failures": len(out.failed), "exit_code": out.exitCode})
	if !caught {
		t.Error("the harness passed a serve that drops its work on SIGTERM")
	}
	for _, f := range out.failed {
		t.Logf("found: %s", f)
	}
}

// The log harness fails when a log line carries what was typed.
func TestLogsHarnessCatchesBrokenPromise(t *testing.T) {
	if !mutantsWanted() {
		t.Skipf("set %s=1 to build and run the broken-on-purpose mutant", EnvMutants)
	}
	bin := patchedBinary(t, Patch{
		File: "bot/command.go",
		Old:  `attrs := []any{"command", name,`,
		New:  `attrs := []any{"text", req.Text, "command", name, // broken on purpose`,
	})
	run := logCanaries(t, bin)
	report(t, map[string]any{"mutant": "command text in the log", "caught": len(run.found) > 0, "found": len(run.found)})
	if len(run.found) == 0 {
		t.Error("the harness passed a serve that logs what people typed")
	}
	for _, f := range run.found[:min(3, len(run.found))] {
		t.Logf("found: %s", f)
	}
}
