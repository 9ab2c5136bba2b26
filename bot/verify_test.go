package bot

import (
	"errors"
	"strconv"
	"testing"
	"time"
)

func TestVerifySignature(t *testing.T) {
	now := time.Date(2026, 1, 12, 9, 0, 0, 0, time.UTC)
	body := []byte("token=x&team_id=T0HOME&user_id=U0SAM&command=%2Ffd&text=who+funds+care+leavers")
	at := func(d time.Duration) string { return strconv.FormatInt(now.Add(d).Unix(), 10) }
	good := at(0)
	tests := []struct {
		name      string
		secret    string
		timestamp string
		signature string
		body      []byte
		want      error
	}{
		{"valid", testSecret, good, Sign(testSecret, good, body), body, nil},
		{"valid 300 s old", testSecret, at(-300 * time.Second), Sign(testSecret, at(-300*time.Second), body), body, nil},
		{"valid 300 s ahead", testSecret, at(300 * time.Second), Sign(testSecret, at(300*time.Second), body), body, nil},
		{"stale: 301 s old", testSecret, at(-301 * time.Second), Sign(testSecret, at(-301*time.Second), body), body, ErrStaleTimestamp},
		{"future: 301 s ahead", testSecret, at(301 * time.Second), Sign(testSecret, at(301*time.Second), body), body, ErrStaleTimestamp},
		{"forged: another secret", testSecret, good, Sign("not-the-secret", good, body), body, ErrBadSignature},
		{"body changed after signing", testSecret, good, Sign(testSecret, good, body), append([]byte(nil), append(body, '!')...), ErrBadSignature},
		{"timestamp changed after signing", testSecret, at(time.Second), Sign(testSecret, good, body), body, ErrBadSignature},
		{"missing signature", testSecret, good, "", body, ErrMissingSignature},
		{"missing timestamp", testSecret, "", Sign(testSecret, good, body), body, ErrMissingSignature},
		{"timestamp not a number", testSecret, "12ab", Sign(testSecret, "12ab", body), body, ErrBadTimestamp},
		{"negative timestamp", testSecret, "-" + good, Sign(testSecret, "-"+good, body), body, ErrBadTimestamp},
		{"timestamp too long", testSecret, "0000000000000000" + good, Sign(testSecret, "0000000000000000"+good, body), body, ErrBadTimestamp},
		{"wrong version", testSecret, good, "v1=" + Sign(testSecret, good, body)[3:], body, ErrBadSignature},
		{"not hex", testSecret, good, "v0=zz" + Sign(testSecret, good, body)[5:], body, ErrBadSignature},
		{"short", testSecret, good, Sign(testSecret, good, body)[:20], body, ErrBadSignature},
		{"upper-case hex of the right mac", testSecret, good, "v0=" + upper(Sign(testSecret, good, body)[3:]), body, nil},
		{"no secret configured", "", good, Sign("", good, body), body, ErrNoSecret},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := VerifySignature(tt.secret, tt.timestamp, tt.signature, tt.body, now)
			if !errors.Is(err, tt.want) {
				t.Fatalf("VerifySignature = %v, want %v", err, tt.want)
			}
		})
	}
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'f' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
