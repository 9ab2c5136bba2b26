package integration

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"frontdoor/reliability"
	"frontdoor/store"
)

// Linux's inode flags (linux/fs.h), for 64-bit platforms.
const (
	fsIocGetFlags = 0x80086601
	fsIocSetFlags = 0x40086602
	fsImmutable   = 0x10
)

// setImmutable sets or clears the immutable flag of a file or folder (what
// `chattr +i` does). An immutable file refuses writes even through a
// descriptor opened before, and even to root: unlike permission bits, which
// root ignores and which open descriptors outlive, it stands for a disk or
// mount gone read-only under a running process.
func setImmutable(path string, on bool) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var flags int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), fsIocGetFlags, uintptr(unsafe.Pointer(&flags))); e != 0 {
		return fmt.Errorf("get flags of %s: %w", path, e)
	}
	if on {
		flags |= fsImmutable
	} else {
		flags &^= fsImmutable
	}
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), fsIocSetFlags, uintptr(unsafe.Pointer(&flags))); e != 0 {
		return fmt.Errorf("set flags of %s: %w", path, e)
	}
	return nil
}

// readOnly makes the database folder and its files immutable, or writable
// again; the test's end always makes them writable, so they can be removed.
func readOnly(t *testing.T, dir string, on bool) {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range append(paths, dir) {
		if err := setImmutable(p, on); err != nil {
			t.Fatal(err)
		}
	}
}

// canMakeImmutable reports why the immutable flag cannot be used here, if it cannot.
func canMakeImmutable(t *testing.T) string {
	t.Helper()
	if runtime.GOOS != "linux" || unsafe.Sizeof(uintptr(0)) != 8 {
		return "the immutable flag is set here through Linux's 64-bit ioctl"
	}
	probe := filepath.Join(t.TempDir(), "probe")
	if err := os.WriteFile(probe, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := setImmutable(probe, true); err != nil {
		switch {
		case errors.Is(err, syscall.EPERM):
			return "setting the immutable flag needs CAP_LINUX_IMMUTABLE (root); permission bits cannot stand in: root ignores them and open descriptors outlive them"
		default:
			return fmt.Sprintf("the file system of the temporary folder has no immutable flag (%v)", err)
		}
	}
	if err := setImmutable(probe, false); err != nil {
		t.Fatal(err)
	}
	return ""
}

// A read-only database folder under a running bot: the folder and its files
// (database, WAL, shared memory) are made immutable while the store holds
// them open. Writes are refused, with a message that is not a confirmation
// and nothing written; lookups still answer; once the folder is writable
// again, writes work on the same running bot, with no restart. A bot
// started while the folder is read-only refuses to start with a message
// that says so.
func TestFaultReadOnlyDir(t *testing.T) {
	if why := canMakeImmutable(t); why != "" {
		t.Skip(why)
	}
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "frontdoor.db")
	db := openStoreAt(t, path, store.Options{})
	u := newUnitOver(t, db, nil)
	t.Cleanup(func() { readOnly(t, dir, false) }) // runs before the folder is removed

	first := u.askHTTP(t, sam, "log DWP to share Restart leaver data with the ICB")
	if !strings.HasPrefix(first.Text, "Logged #1") {
		t.Fatalf("write before: %q", first.Text)
	}
	lookups := []string{"who funds care leavers in Liverpool", "programme Connect to Work", "agency DWP", "actions", "action 1"}
	want := map[string]string{}
	for _, q := range lookups {
		want[q] = u.askHTTP(t, sam, q).Text
	}
	before := dump(t, db)

	readOnly(t, dir, true)
	writes := []string{
		"log DWP to send the referral figures to GMCA",
		"note 1 data shared, waiting on sign-off",
		"due 1 by 30 Jan",
		"done 1",
		"log ICB to confirm the pathway leads",
	}
	refusals := map[string]int{}
	for _, w := range writes {
		a := u.askHTTP(t, sam, w)
		refusals[a.Text]++
		if strings.Contains(a.Text, "#") {
			t.Errorf("%q while read-only was answered %q: that reads like a confirmation", w, a.Text)
		}
		if !strings.HasPrefix(a.Text, "Nothing was saved") {
			t.Errorf("%q while read-only was answered %q; want a plain \"Nothing was saved\"", w, a.Text)
		}
	}
	answered := 0
	for _, q := range lookups {
		if got := u.askHTTP(t, sam, q).Text; got != want[q] {
			t.Errorf("lookup %q while read-only: %q, want %q", q, got, want[q])
		} else {
			answered++
		}
	}
	if after := dump(t, db); after != before {
		t.Error("the database changed while read-only")
	}

	// Writable again: the same bot, the same open store.
	readOnly(t, dir, false)
	recovered := 0
	for _, w := range writes {
		a := u.askHTTP(t, sam, w)
		if !strings.Contains(a.Text, "#") || strings.Contains(a.Text, "ref ") {
			t.Errorf("%q once writable again: %q", w, a.Text)
		} else {
			recovered++
		}
	}
	byText := actionsByText(t, db)
	for _, text := range []string{"DWP to send the referral figures to GMCA", "ICB to confirm the pathway leads"} {
		if byText[text] != 1 {
			t.Errorf("%q is in the record %d times, want once (written after recovery only)", text, byText[text])
		}
	}
	if p, err := db.Check(context.Background()); err != nil || len(p) > 0 {
		t.Errorf("Check: %v, %v", p, err)
	}

	// Starting while read-only: a clear refusal, and a start once writable.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	readOnly(t, dir, true)
	startErr := ""
	if db2, err := store.Open(context.Background(), path, store.Options{}); err == nil {
		db2.Close()
		t.Error("the store opened a read-only database folder")
	} else {
		startErr = err.Error()
		if !strings.Contains(startErr, "writable") {
			t.Errorf("opening while read-only: %v; want a message that says the folder must be writable", err)
		}
	}
	readOnly(t, dir, false)
	db3, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatalf("opening once writable again: %v", err)
	}
	db3.Close()

	reliability.Report(t, "TestFaultReadOnlyDir", map[string]any{
		"mechanism":      "immutable flag (chattr +i) on the folder, database, WAL and shared-memory files",
		"writes_refused": len(writes), "refusal_messages": refusals, "lookups_answered_read_only": answered,
		"writes_confirmed_after_restore": recovered, "start_while_read_only": startErr,
	})
}
