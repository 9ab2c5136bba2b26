package store_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"frontdoor/handlers"
	"frontdoor/reliability"
	"frontdoor/store"
)

// The disk-full harness runs its writes in a child process (this test
// binary again, in the role this variable names), because a file size limit
// applies to the whole process that sets it.
const faultChildEnv = "FRONTDOOR_FAULT_CHILD"

// diskResult is one write the child made, as it reports it on stdout.
type diskResult struct {
	Cycle     int    `json:"cycle"`
	Phase     string `json:"phase"` // "limited" or "lifted"
	Text      string `json:"text"`
	Key       string `json:"key"`
	Confirmed bool   `json:"confirmed"`
	Reply     string `json:"reply"`
	Err       string `json:"err,omitempty"`
}

const diskResultPrefix = "DISKFULL "

// A full disk: a child process whose files may not grow past a limit
// (RLIMIT_FSIZE, so writes past it fail with EFBIG, as on a full disk) logs
// actions until its writes fail, then has the limit lifted while it keeps
// running, and logs again. Never a confirmation for a write that failed,
// nothing half-written, writes work again once there is room without a
// restart or any repair, and a restart finds the file sound.
func TestFaultDiskFull(t *testing.T) {
	if os.Getenv(faultChildEnv) == "diskfull" {
		diskFullChild(t)
		return
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "frontdoor.db")
	db, _ := faultService(t, path, store.Options{})
	if err := db.Close(); err != nil { // the child is the only process on the file
		t.Fatal(err)
	}
	cycles := 2
	if faultLong() {
		cycles = 10
	}

	cmd := exec.Command(os.Args[0], "-test.run=^TestFaultDiskFull$", "-test.v")
	cmd.Env = append(os.Environ(), faultChildEnv+"=diskfull", "FRONTDOOR_FAULT_DB="+path, "FRONTDOOR_FAULT_CYCLES="+strconv.Itoa(cycles))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var results []diskResult
	var childLog []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), diskResultPrefix)
		if !ok {
			childLog = append(childLog, sc.Text())
			continue
		}
		var r diskResult
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("child: %q: %v", line, err)
		}
		results = append(results, r)
	}
	if err != nil {
		t.Fatalf("child: %v\n%s\n%s", err, strings.Join(childLog, "\n"), stderr.String())
	}

	rec := readRecord(t, path)
	var confirmed, failed, lost, unconfirmedPresent, recovered int
	refusals, causes := map[string]int{}, map[string]int{}
	failedIn := map[int]int{}
	for _, r := range results {
		ids := rec.ByText[strings.TrimPrefix(r.Text, "log ")]
		_, keyed := rec.Keys[r.Key]
		switch {
		case r.Confirmed:
			confirmed++
			if r.Phase == "lifted" {
				recovered++
			}
			if len(ids) != 1 || !keyed {
				lost++
				t.Errorf("cycle %d: %q was confirmed (%q) but the file holds it %d times, key %v", r.Cycle, r.Text, r.Reply, len(ids), keyed)
			}
		default:
			failed++
			failedIn[r.Cycle]++
			refusals[r.Reply]++
			causes[r.Err]++
			if r.Phase == "lifted" {
				t.Errorf("cycle %d: %q failed after the limit was lifted: %q, %s", r.Cycle, r.Text, r.Reply, r.Err)
			}
			if !strings.HasPrefix(r.Reply, "Nothing was saved") {
				t.Errorf("cycle %d: a write the full disk refused was answered %q; want a plain \"Nothing was saved\"", r.Cycle, r.Reply)
			}
			if len(ids) > 0 || keyed {
				unconfirmedPresent++
				t.Errorf("cycle %d: %q is in the file (%d times, key %v) but the person was told %q (%s)", r.Cycle, r.Text, len(ids), keyed, r.Reply, r.Err)
			}
		}
	}
	for c := 1; c <= cycles; c++ {
		if failedIn[c] == 0 {
			t.Errorf("cycle %d: no write failed, so the limit was never reached", c)
		}
	}
	if recovered == 0 {
		t.Error("no write was made after the limit was lifted")
	}
	if p := rec.halfWritten(); len(p) > 0 {
		t.Errorf("half-written after a full disk: %v", p)
	}
	if got := len(rec.Actions); got != confirmed {
		t.Errorf("the file holds %d actions; %d were confirmed", got, confirmed)
	}

	// A restart finds the file sound and writes to it, with no repair.
	db, svc := faultService(t, path, store.Options{})
	if p, err := db.Check(ctx); err != nil || len(p) > 0 {
		t.Errorf("Check after restart: %v, %v", p, err)
	}
	reply, err := svc.Handle(ctx, handlers.Request{Text: "log DWP to confirm the disk has room again", User: handlers.Person{ID: "U0SAM", TeamID: "T1"}, Key: "after-restart"})
	if err != nil || !strings.HasPrefix(reply.Text, "Logged #") {
		t.Errorf("write after restart: %q, %v", reply.Text, err)
	}
	reliability.Report(t, "TestFaultDiskFull", map[string]any{
		"cycles": cycles, "writes": len(results), "confirmed": confirmed, "failed": failed,
		"lost": lost, "present_unconfirmed": unconfirmedPresent, "half_written": len(rec.halfWritten()),
		"confirmed_after_lift": recovered, "refusal_messages": refusals, "errors": causes,
	})
}

// diskFullChild is the child's part: for each cycle, limit file sizes to a
// little more than the files hold now, log until three writes in a row
// fail, lift the limit and log three more, all on one open store.
func diskFullChild(t *testing.T) {
	// Past the limit the kernel sends SIGXFSZ, whose default is to kill.
	signal.Ignore(syscall.SIGXFSZ)
	path := os.Getenv("FRONTDOOR_FAULT_DB")
	cycles, _ := strconv.Atoi(os.Getenv("FRONTDOOR_FAULT_CYCLES"))
	var initial syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &initial); err != nil {
		t.Fatal(err)
	}
	limit := func() {
		t.Helper()
		var most int64
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if fi, err := os.Stat(path + suffix); err == nil {
				most = max(most, fi.Size())
			}
		}
		// Only the soft limit: the process may raise it again, as an
		// admin may free space while Frontdoor runs.
		lim := syscall.Rlimit{Cur: uint64(most + 128<<10), Max: initial.Max}
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
			t.Fatal(err)
		}
	}
	limit() // before opening, so the first write already runs under it
	ctx := context.Background()
	db, svc := faultService(t, path, store.Options{})
	sam := handlers.Person{ID: "U0SAM", Name: "sam", TeamID: "T1"}
	n := 0
	write := func(cycle int, phase string) bool {
		n++
		r := diskResult{Cycle: cycle, Phase: phase, Text: "log DWP to send the referral figures, round " + roundName(n), Key: "disk-" + roundName(n)}
		reply, err := svc.Handle(ctx, handlers.Request{Text: r.Text, User: sam, Key: r.Key})
		r.Reply = reply.Text
		r.Confirmed = err == nil && strings.HasPrefix(reply.Text, "Logged #")
		if cause := errors.Unwrap(err); cause != nil {
			r.Err = cause.Error() // the store's error under the person's message
		} else if err != nil {
			r.Err = err.Error()
		}
		js, _ := json.Marshal(r)
		fmt.Printf("%s%s\n", diskResultPrefix, js)
		return r.Confirmed
	}
	for cycle := 1; cycle <= cycles; cycle++ {
		if cycle > 1 {
			limit()
		}
		// A few writes fill the margin; if 200 never fail, the parent
		// finds out why from what they left in the file.
		for failures, tries := 0, 0; failures < 3 && tries < 200; tries++ {
			if write(cycle, "limited") {
				failures = 0
			} else {
				failures++
			}
		}
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &initial); err != nil {
			t.Fatal(err)
		}
		for range 3 {
			write(cycle, "lifted")
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}
