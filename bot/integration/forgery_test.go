package integration

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"frontdoor/bot"
	"frontdoor/reliability"
	"frontdoor/store"
)

// fixedClock stands still at one instant, so that timestamps exactly 300 s
// and 301 s away are exactly that when checked; waits are real.
type fixedClock struct{ now time.Time }

func (c fixedClock) Now() time.Time                         { return c.now }
func (c fixedClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// mutant is one request of the forgery harness.
type mutant struct {
	kind string
	path string
	body []byte
	hdr  http.Header
}

// forgeryTally counts one kind of mutation.
type forgeryTally struct {
	Sent     int         `json:"sent"`
	Accepted int         `json:"accepted"` // 200 with a command's answer
	Statuses map[int]int `json:"statuses"`
}

// Forgery and replay through the real HTTP handler, on the real store
// loaded with the demo register: 10,000 requests made from one valid signed
// write by mutating its body, timestamp, signature, headers and content
// type, sent before and after the write's one genuine delivery, with
// replays of that delivery among them. No forged request is accepted and
// none changes a row; the replays leave exactly the one action the genuine
// delivery logged.
//
// The window's edge, as VerifySignature has it: a request signed exactly
// 300 s before or after now is accepted (shown with lookups, which change
// nothing), and one signed 301 s away is refused (shown with the write).
func TestForgery(t *testing.T) {
	total := 10_000
	if faultLong() {
		total = 100_000
	}
	now := time.Unix(1768208400, 0) // 2026-01-12 09:00 UTC
	db := openStoreAt(t, t.TempDir()+"/frontdoor.db", store.Options{})
	u := newUnitOver(t, db, fixedClock{now})
	rng := rand.New(rand.NewPCG(6, 3))

	ts0 := strconv.FormatInt(now.Unix(), 10)
	fields := u.commandFields(sam, "log DWP to share Restart leaver data with the ICB by Friday")
	body := form(fields)
	sig := bot.Sign(secret, ts0, body)
	lookupFields := u.commandFields(sam, "who funds care leavers in Liverpool")
	lookupBody := form(lookupFields)
	at := func(d time.Duration) string { return strconv.FormatInt(now.Add(d).Unix(), 10) }

	client := &http.Client{Timeout: 30 * time.Second}
	requests := 0
	send := func(m mutant) (int, string) {
		t.Helper()
		requests++
		req, err := http.NewRequest(http.MethodPost, u.http.URL+m.path, bytes.NewReader(m.body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header = m.hdr
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", m.kind, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	// answerText is the text of a command's answer in an ack, "" if none.
	answerText := func(status int, body string) string {
		var a struct {
			Text string `json:"text"`
		}
		if status != http.StatusOK || json.Unmarshal([]byte(body), &a) != nil {
			return ""
		}
		return a.Text
	}

	forged := forgeries(rng, body, lookupBody, ts0, sig, at)
	replays := replaysOf(body, ts0, sig)
	tallies := map[string]*forgeryTally{}
	count := func(kind string, status int, accepted bool) {
		ft := tallies[kind]
		if ft == nil {
			ft = &forgeryTally{Statuses: map[int]int{}}
			tallies[kind] = ft
		}
		ft.Sent++
		ft.Statuses[status]++
		if accepted {
			ft.Accepted++
		}
	}
	sendForged := func(m mutant) {
		t.Helper()
		status, resp := send(m)
		accepted := status == http.StatusOK
		count(m.kind, status, accepted)
		if accepted {
			t.Errorf("%s: accepted (status %d, %.200q)", m.kind, status, resp)
		}
		if status == http.StatusUnauthorized && resp != "" {
			t.Errorf("%s: the refusal carries detail: %q", m.kind, resp)
		}
	}

	// The edges of the window, with genuine signatures.
	for _, d := range []time.Duration{-300 * time.Second, 300 * time.Second} {
		ts := at(d)
		status, resp := send(mutant{path: bot.PathCommands, body: lookupBody, hdr: slackHeader(ts, bot.Sign(secret, ts, lookupBody), formType)})
		ok := strings.Contains(answerText(status, resp), "care leavers")
		count(fmt.Sprintf("edge: genuine lookup signed %+d s away (accepted by design)", int(d.Seconds())), status, ok)
		if !ok {
			t.Errorf("a lookup signed %v away was not answered: %d %.200q", d, status, resp)
		}
	}
	for _, d := range []time.Duration{-301 * time.Second, 301 * time.Second} {
		ts := at(d)
		sendForged(mutant{kind: "timestamp: genuine write signed 301 s away", path: bot.PathCommands, body: body, hdr: slackHeader(ts, bot.Sign(secret, ts, body), formType)})
	}

	// Before the genuine delivery: half the forgeries; nothing changes.
	nReplays := total / 20
	before := dump(t, db)
	for _, extra := range []int{1, 1 << 20} {
		// Oversized: refused before a byte of the signature is checked.
		sendForged(mutant{kind: "body: oversized", path: bot.PathCommands, body: append(slices.Clone(body), bytes.Repeat([]byte("x"), bot.MaxBodyBytes-len(body)+extra)...), hdr: slackHeader(ts0, sig, formType)})
	}
	i := 0
	for requests < (total-nReplays)/2 {
		sendForged(forged[i%len(forged)](i))
		i++
	}
	if dump(t, db) != before {
		t.Fatal("forged requests changed the database before the genuine delivery")
	}

	// The genuine delivery logs the action once.
	status, resp := send(mutant{path: bot.PathCommands, body: body, hdr: slackHeader(ts0, sig, formType)})
	if got := answerText(status, resp); !strings.HasPrefix(got, "Logged #1") {
		t.Fatalf("the genuine write: %d %q", status, resp)
	}
	once := dump(t, db)
	if once == before {
		t.Fatal("the genuine write changed nothing")
	}

	// After it: the other forgeries, with replays of it among them.
	sentReplays := 0
	for requests < total {
		if left := nReplays - sentReplays; left > 0 && (rng.IntN(10) == 0 || total-requests <= left) {
			m := replays[sentReplays%len(replays)]
			sentReplays++
			status, resp := send(m)
			text := answerText(status, resp)
			count(m.kind, status, status == http.StatusOK)
			if status != http.StatusOK || !strings.HasPrefix(text, "Already logged as #1") {
				t.Errorf("%s: %d %.200q, want the answer of the one action", m.kind, status, resp)
			}
			continue
		}
		sendForged(forged[i%len(forged)](i))
		i++
	}
	after := dump(t, db)
	if after != once {
		t.Errorf("forged or replayed requests changed the database after the genuine delivery:\n%s", diffLines(once, after))
	}
	if n := len(actionsByText(t, db)); n != 1 {
		t.Errorf("%d actions in the record, want the one genuine write", n)
	}

	acceptedForged, sentForged := 0, 0
	kinds := make([]string, 0, len(tallies))
	for k, ft := range tallies {
		kinds = append(kinds, k)
		if !strings.HasPrefix(k, "replay") && !strings.HasPrefix(k, "edge") {
			acceptedForged += ft.Accepted
			sentForged += ft.Sent
		}
	}
	slices.Sort(kinds)
	byKind := map[string]forgeryTally{}
	for _, k := range kinds {
		ft := tallies[k]
		byKind[k] = *ft
		t.Logf("%-75s sent %5d accepted %4d statuses %v", k, ft.Sent, ft.Accepted, ft.Statuses)
	}
	if requests < total {
		t.Errorf("sent %d requests, want %d", requests, total)
	}
	reliability.Report(t, "TestForgery", map[string]any{
		"requests": requests, "forged": sentForged, "forged_accepted": acceptedForged, "replays": sentReplays,
		"genuine_deliveries": 1, "edge_lookups_accepted": 2,
		"database_changed_by_forgeries_or_replays": after != once, "actions": len(actionsByText(t, db)),
		"by_kind": byKind,
	})
}

const formType = "application/x-www-form-urlencoded"

// slackHeader is the header of a slash command as Slack sends it.
func slackHeader(ts, sig, contentType string) http.Header {
	h := http.Header{}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	h.Set("X-Slack-Request-Timestamp", ts)
	h.Set("X-Slack-Signature", sig)
	return h
}

// forgeries returns the ways the harness forges a request from the genuine
// write (body, timestamp ts0 and signature sig), each a function of the
// request's number. None can carry a signature made with the secret over
// what it sends, within the window.
func forgeries(rng *rand.Rand, body, lookupBody []byte, ts0, sig string, at func(time.Duration) string) []func(int) mutant {
	mac, _ := hex.DecodeString(strings.TrimPrefix(sig, "v0="))
	cmd := func(kind string, b []byte, h http.Header) mutant {
		return mutant{kind: kind, path: bot.PathCommands, body: b, hdr: h}
	}
	signed := func(b []byte) mutant { return cmd("", b, slackHeader(ts0, sig, formType)) }
	withBody := func(kind string, f func([]byte) []byte) func(int) mutant {
		return func(int) mutant {
			m := signed(f(slices.Clone(body)))
			m.kind = "body: " + kind
			return m
		}
	}
	withTS := func(kind string, f func() string) func(int) mutant {
		return func(int) mutant { return cmd("timestamp: "+kind, body, slackHeader(f(), sig, formType)) }
	}
	withSig := func(kind string, f func() string) func(int) mutant {
		return func(int) mutant { return cmd("signature: "+kind, body, slackHeader(ts0, f(), formType)) }
	}
	flipMAC := func() []byte {
		m := slices.Clone(mac)
		m[rng.IntN(len(m))] ^= 1 << rng.IntN(8)
		return m
	}
	shifts := []time.Duration{-301, -300, -299, -1, 1, 299, 300, 301, -3600, 3600, -86400}
	field := func(name, value string) func([]byte) []byte {
		return func(b []byte) []byte {
			f := urlValues(b)
			f.Set(name, value)
			return []byte(f.Encode())
		}
	}
	return []func(int) mutant{
		withBody("bit flipped", func(b []byte) []byte { b[rng.IntN(len(b))] ^= 1 << rng.IntN(8); return b }),
		withBody("byte inserted", func(b []byte) []byte { return slices.Insert(b, rng.IntN(len(b)+1), byte(rng.IntN(256))) }),
		withBody("byte deleted", func(b []byte) []byte { k := rng.IntN(len(b)); return slices.Delete(b, k, k+1) }),
		withBody("truncated", func(b []byte) []byte { return b[:rng.IntN(len(b))] }),
		withBody("parameter appended", func(b []byte) []byte { return append(b, "&text=log+forged+action"...) }),
		withBody("text changed", field("text", "log a forged action for DWP")),
		withBody("user changed", field("user_id", alex)),
		withBody("team changed", field("team_id", otherTeam)),
		withBody("re-encoded (%20 for +)", func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("+"), []byte("%20")) }),
		withBody("empty", func([]byte) []byte { return nil }),
		withBody("another command's body", func([]byte) []byte { return slices.Clone(lookupBody) }),
		withTS("shifted, signature kept", func() string {
			d := shifts[rng.IntN(len(shifts))]
			return at(d * time.Second)
		}),
		withTS("shifted at random, signature kept", func() string {
			d := time.Duration(1+rng.IntN(100_000)) * time.Second
			if rng.IntN(2) == 0 {
				d = -d
			}
			return at(d)
		}),
		withTS("leading zero", func() string { return "0" + ts0 }),
		withTS("plus sign", func() string { return "+" + ts0 }),
		withTS("decimal", func() string { return ts0 + ".0" }),
		withTS("negative", func() string { return "-" + ts0 }),
		withTS("milliseconds", func() string { return ts0 + "000" }),
		func(int) mutant {
			// A captured request signed outside the window, replayed.
			d := []time.Duration{-301, 301, -3600, 3600, -86400, 86400}[rng.IntN(6)] * time.Second
			return cmd("timestamp: genuinely signed outside the window", body, slackHeader(at(d), bot.Sign(secret, at(d), body), formType))
		},
		withSig("bit flipped", func() string { return "v0=" + hex.EncodeToString(flipMAC()) }),
		withSig("bit flipped, upper-case hex", func() string { return "v0=" + strings.ToUpper(hex.EncodeToString(flipMAC())) }),
		withSig("truncated", func() string { return sig[:3+rng.IntN(len(sig)-3)] }),
		withSig("extended", func() string { return sig + "0" }),
		withSig("wrong version", func() string { return []string{"v1=", "V0=", "v0:", "", "v00=", "v=", "v0 ="}[rng.IntN(7)] + sig[3:] }),
		withSig("another secret", func() string { return bot.Sign("guessed-secret", ts0, body) }),
		withSig("empty secret", func() string { return bot.Sign("", ts0, body) }),
		withSig("another body's signature", func() string { return bot.Sign(secret, ts0, lookupBody) }),
		withSig("another timestamp's signature", func() string { return bot.Sign(secret, at(time.Second), body) }),
		withSig("without the v0: prefix in the MAC", func() string {
			h := hmac.New(sha256.New, []byte(secret))
			h.Write([]byte(ts0 + ":"))
			h.Write(body)
			return "v0=" + hex.EncodeToString(h.Sum(nil))
		}),
		withSig("plain SHA-256", func() string {
			s := sha256.Sum256(append([]byte("v0:"+ts0+":"), body...))
			return "v0=" + hex.EncodeToString(s[:])
		}),
		withSig("base64", func() string { return "v0=" + base64.StdEncoding.EncodeToString(mac) }),
		func(int) mutant {
			h := slackHeader(ts0, sig, formType)
			h.Del("X-Slack-Signature")
			return cmd("headers: signature missing", body, h)
		},
		func(int) mutant {
			h := slackHeader(ts0, sig, formType)
			h.Del("X-Slack-Request-Timestamp")
			return cmd("headers: timestamp missing", body, h)
		},
		func(int) mutant { return cmd("headers: both missing", body, http.Header{"Content-Type": {formType}}) },
		func(int) mutant { return cmd("headers: signature empty", body, slackHeader(ts0, "", formType)) },
		func(int) mutant { return cmd("headers: timestamp empty", body, slackHeader("", sig, formType)) },
		func(int) mutant {
			h := slackHeader(ts0, bot.Sign("guessed-secret", ts0, body), formType)
			h.Add("X-Slack-Signature", sig) // the genuine one second: only the first counts
			return cmd("headers: signature duplicated, forged first", body, h)
		},
		func(int) mutant {
			h := slackHeader(at(time.Second), sig, formType)
			h.Add("X-Slack-Request-Timestamp", ts0)
			return cmd("headers: timestamp duplicated, wrong first", body, h)
		},
		func(int) mutant {
			ct := []string{"application/json", "text/plain", "multipart/form-data; boundary=x", "", "application/x-www-form-urlencoded; charset=latin1"}[rng.IntN(5)]
			return cmd("content type: changed, signature forged", body, slackHeader(ts0, "v0="+hex.EncodeToString(flipMAC()), ct))
		},
		func(int) mutant {
			js, _ := json.Marshal(urlValues(body))
			return cmd("content type: JSON body, signature of the form", js, slackHeader(ts0, sig, "application/json"))
		},
		func(int) mutant {
			// The genuine signature sent to another endpoint: verified, but
			// not a command there.
			path := []string{bot.PathInteractivity, bot.PathEvents}[rng.IntN(2)]
			return mutant{kind: "endpoint: genuine write sent to " + path, path: path, body: body, hdr: slackHeader(ts0, sig, formType)}
		},
	}
}

// replaysOf returns deliveries of the genuine write again: identical, or
// differing only where the signature does not reach or in how its own hex
// is written. Each must leave the one action it logged.
func replaysOf(body []byte, ts0, sig string) []mutant {
	replay := func(kind string, h http.Header) mutant {
		return mutant{kind: "replay: " + kind, path: bot.PathCommands, body: body, hdr: h}
	}
	dup := slackHeader(ts0, sig, formType)
	dup.Add("X-Slack-Signature", bot.Sign("guessed-secret", ts0, body))
	retry := slackHeader(ts0, sig, formType)
	retry.Set("X-Slack-Retry-Num", "1")
	mixed := []byte(sig)
	for i := 3; i < len(mixed); i += 2 {
		if mixed[i] >= 'a' && mixed[i] <= 'f' {
			mixed[i] -= 'a' - 'A'
		}
	}
	return []mutant{
		replay("identical", slackHeader(ts0, sig, formType)),
		replay("upper-case hex of the genuine signature", slackHeader(ts0, "v0="+strings.ToUpper(sig[3:]), formType)),
		replay("mixed-case hex of the genuine signature", slackHeader(ts0, string(mixed), formType)),
		replay("signature duplicated, genuine first", dup),
		replay("content type changed", slackHeader(ts0, sig, "text/plain")),
		replay("content type missing", slackHeader(ts0, sig, "")),
		replay("with a retry header", retry),
		// HTTP drops the spaces around a header's value: the same request.
		replay("spaces around the timestamp and signature", slackHeader(" "+ts0+" ", " "+sig+" ", formType)),
	}
}

func urlValues(b []byte) url.Values {
	v, _ := url.ParseQuery(string(b))
	return v
}

// diffLines lists the lines of b that a lacks and the other way round.
func diffLines(a, b string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	ma, mb := in(a), in(b)
	var out []string
	for l := range mb {
		if !ma[l] {
			out = append(out, "+ "+l)
		}
	}
	for l := range ma {
		if !mb[l] {
			out = append(out, "- "+l)
		}
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}
