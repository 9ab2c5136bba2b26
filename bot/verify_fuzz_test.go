package bot

import (
	"strconv"
	"testing"
	"time"
)

// FuzzVerify: request verification never panics, and accepts only what was
// signed with the secret, at a time within the window. The corpus in
// testdata/fuzz/FuzzVerify is replayed by every `go test`.
func FuzzVerify(f *testing.F) {
	const now = 1768208400 // 2026-01-12 09:00 UTC
	body := "team_id=T0HOME&user_id=U0SAM&command=%2Ffd&text=who+funds+care+leavers"
	ts := strconv.Itoa(now)
	f.Add(ts, Sign(testSecret, ts, []byte(body)), body, int64(0))
	f.Add(ts, Sign(testSecret, ts, []byte(body)), body+"&", int64(0))
	f.Add(strconv.Itoa(now-300), Sign(testSecret, strconv.Itoa(now-300), []byte(body)), body, int64(0))
	f.Add(strconv.Itoa(now+301), Sign(testSecret, strconv.Itoa(now+301), []byte(body)), body, int64(0))
	f.Add("", "", "", int64(0))
	f.Add("1e9", "v0=", body, int64(-1))
	f.Add(ts, "v0="+string(make([]byte, 64)), body, int64(1<<40))
	f.Fuzz(func(t *testing.T, timestamp, signature, body string, skew int64) {
		clock := time.Unix(now, 0).Add(time.Duration(skew % int64(24*time.Hour)))
		err := VerifySignature(testSecret, timestamp, signature, []byte(body), clock)
		if err != nil {
			return
		}
		// Accepted: it must be exactly the signature of this body at this
		// timestamp, and the timestamp within the window.
		if signature != Sign(testSecret, timestamp, []byte(body)) && upper(signature) != upper(Sign(testSecret, timestamp, []byte(body))) {
			t.Fatalf("accepted a signature that is not the body's")
		}
		sec, perr := strconv.ParseInt(timestamp, 10, 64)
		if perr != nil {
			t.Fatalf("accepted timestamp %q that is not a number", timestamp)
		}
		if d := clock.Unix() - sec; d > 300 || d < -300 {
			t.Fatalf("accepted a timestamp %d s away", d)
		}
	})
}
