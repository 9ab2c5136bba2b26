package bot

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Request signing (docs/slack-platform.md): X-Slack-Signature is "v0=" and the hex
// HMAC-SHA256, under the signing secret, of "v0:" + timestamp + ":" + raw body.
const (
	// SignatureWindow is how far a request's timestamp may be from now, either way.
	SignatureWindow = 5 * time.Minute
	// MaxBodyBytes caps a Slack request body; slash command bodies are a few KB.
	MaxBodyBytes = 1 << 20

	signatureVersion = "v0"
	// maxTimestampLen bounds the digits parsed (a Unix time has 10 today).
	maxTimestampLen = 15
)

// Reasons a request is refused. They are for logs and metrics only: the
// response to a refused request carries no detail.
var (
	ErrNoSecret         = errors.New("bot: no signing secret configured")
	ErrMissingSignature = errors.New("bot: signature or timestamp header missing")
	ErrBadTimestamp     = errors.New("bot: timestamp is not a Unix time")
	ErrStaleTimestamp   = errors.New("bot: timestamp outside the 5-minute window")
	ErrBadSignature     = errors.New("bot: signature does not match")
)

// VerifySignature checks a Slack request signature over the raw body, as
// received, at time now. It is pure (no I/O, no clock of its own) so that it
// can be fuzzed and tested at the window's edges. Comparison is in constant
// time; a timestamp exactly 5 minutes away is still accepted.
func VerifySignature(secret, timestamp, signature string, body []byte, now time.Time) error {
	if secret == "" {
		return ErrNoSecret
	}
	if timestamp == "" || signature == "" {
		return ErrMissingSignature
	}
	if len(timestamp) > maxTimestampLen || strings.TrimLeft(timestamp, "0123456789") != "" {
		return ErrBadTimestamp
	}
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return ErrBadTimestamp
	}
	skew := now.Unix() - sec
	if skew < 0 {
		skew = -skew
	}
	if skew > int64(SignatureWindow/time.Second) {
		return ErrStaleTimestamp
	}
	hexSig, ok := strings.CutPrefix(signature, signatureVersion+"=")
	if !ok {
		return ErrBadSignature
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil || len(got) != sha256.Size {
		return ErrBadSignature
	}
	if !hmac.Equal(got, mac(secret, timestamp, body)) {
		return ErrBadSignature
	}
	return nil
}

// Sign returns the X-Slack-Signature value Slack would send for body at
// timestamp (Unix seconds as text). Tests, the load script and the forgery
// harness sign requests with it.
func Sign(secret, timestamp string, body []byte) string {
	return signatureVersion + "=" + hex.EncodeToString(mac(secret, timestamp, body))
}

func mac(secret, timestamp string, body []byte) []byte {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write([]byte(signatureVersion + ":" + timestamp + ":"))
	h.Write(body)
	return h.Sum(nil)
}
