package main

import (
	"io"
	"net"
	"net/http"
	"time"

	"frontdoor/bot"
)

// minimalReply is what the minimal handler answers: a fixed Block Kit
// message of about 1.5 KB, the size of a short `who funds` answer, so that
// the ceiling it sets includes writing a realistic reply.
var minimalReply = []byte(`{"response_type":"ephemeral","text":"Who funds care leavers in Ashford: 3 live programmes on 12 Jan 2026",` +
	`"blocks":[` +
	`{"type":"header","text":{"type":"plain_text","text":"Who funds care leavers in Ashford","emoji":true}},` +
	`{"type":"context","elements":[{"type":"mrkdwn","text":"3 live programmes on 12 Jan 2026 · amounts are listed, never added up"}]},` +
	`{"type":"section","text":{"type":"mrkdwn","text":"*Department for Work and Pensions*\n• *Ashford Youth Guarantee* (p00412): £1,200,000 (2025/26), 1 Apr 2025 to 31 Mar 2027, led by Ashford Council, contact team412@example.org"}},` +
	`{"type":"section","text":{"type":"mrkdwn","text":"*Greater Ashford Combined Authority*\n• *Ashford Pathways Hub* (p01877): £350,000 per year, 1 Apr 2024 to 31 Mar 2028, led by Ashford Works Trust\n• *Greater Ashford Careers Network* (p02210): £80,000, via Ashford Council"}},` +
	`{"type":"divider"},` +
	`{"type":"section","text":{"type":"mrkdwn","text":"*Programmes for a broader group*\n• *England Inclusion Programme* (p00031), for young people: £24,000,000 national total, 1 Apr 2024 to 31 Mar 2029, led by Department for Work and Pensions"}},` +
	`{"type":"context","elements":[{"type":"mrkdwn","text":"Register checked 5 Jan 2026 · \u003chttps://example.org/programmes|the register\u003e · ask \u0060programme \u003cname\u003e\u0060 for a card"}]},` +
	`{"type":"actions","elements":[{"type":"button","action_id":"share","text":{"type":"plain_text","text":"Share in channel","emoji":true},"value":"who funds care leavers in Ashford"}]}` +
	`]}`)

// startMinimal serves the least a correct Slack endpoint must do: cap the
// body, check the signature over it, answer a fixed reply.
func startMinimal(secret string) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: minimalHandler(secret, time.Now), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return ln.Addr().String(), func() { _ = srv.Close() }, nil
}

// minimalHandler is that endpoint: 413 for a body over Slack's cap, 401 for
// a signature that does not verify, else the fixed reply.
func minimalHandler(secret string, now func() time.Time) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, bot.MaxBodyBytes))
		if err != nil {
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			return
		}
		if bot.VerifySignature(secret, r.Header.Get("X-Slack-Request-Timestamp"), r.Header.Get("X-Slack-Signature"), body, now()) != nil {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(minimalReply)
	})
}
