package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slack-go/slack/slacktest"
)

// With FRONTDOOR_PROFILE_DIR, serve writes a CPU profile and its
// allocations at ready and at stop, as pprof files.
func TestServeWritesProfilesWhenAsked(t *testing.T) {
	if f := flag.Lookup("test.cpuprofile"); f != nil && f.Value.String() != "" {
		t.Skip("the test binary is itself taking a CPU profile; there can be only one")
	}
	fakeSlack := slacktest.NewTestServer()
	fakeSlack.Start()
	defer fakeSlack.Stop()
	dir := t.TempDir()
	addr := freeAddr(t)
	environ := map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-serve-test", "SLACK_SIGNING_SECRET": "profile-test-secret", "FRONTDOOR_TEAM_IDS": "T0HOME",
		"FRONTDOOR_ADDR": addr, "SLACK_API_URL": fakeSlack.GetAPIURL(), envProfileDir: dir,
	}
	stop, logs := serveInBackground(t, environ, "--db", importedDB(t))
	waitHealthy(t, addr)
	if code := stop(); code != exitOK {
		t.Fatalf("exit %d; logs:\n%s", code, logs.String())
	}
	for _, name := range []string{profileCPU, profileAllocsReady, profileAllocsStop} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s is not a gzipped pprof file: %v", name, err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil || len(raw) == 0 {
			t.Fatalf("%s: %d bytes, %v", name, len(raw), err)
		}
		// Loading the register allocates: the allocation profiles are of serve itself.
		if name != profileCPU && !bytes.Contains(raw, []byte("frontdoor/")) {
			t.Errorf("%s names no function of frontdoor", name)
		}
	}
}

// A profile folder that is not there is refused before anything starts:
// no database is created and nothing is written.
func TestServeRefusesAMissingProfileDir(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "fd.db")
	environ := map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-serve-test", "SLACK_SIGNING_SECRET": "profile-test-secret", "FRONTDOOR_TEAM_IDS": "T0HOME",
		"FRONTDOOR_ADDR": freeAddr(t),
	}
	notAFolder := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notAFolder, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ value, want string }{
		{filepath.Join(dir, "no-such-folder"), "no such file"},
		{notAFolder, "is not a folder"},
	} {
		environ[envProfileDir] = tt.value
		code, _, errOut := runCLI(t, "", environ, "serve", "--db", db)
		if code != exitUsage {
			t.Errorf("%s: exit %d, want %d", tt.value, code, exitUsage)
		}
		for _, w := range []string{envProfileDir, tt.want, "give an existing folder, or unset it"} {
			if !strings.Contains(errOut, w) {
				t.Errorf("%s: the message does not say %q:\n%s", tt.value, w, errOut)
			}
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a refused start left %d files behind", len(entries))
	}
}
