package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// A response_url takes at most 5 posts within 30 minutes of the request
// (docs/slack-platform.md).
const (
	responseURLMaxPosts = 5
	responseURLLifetime = 30 * time.Minute
)

// ErrResponseURLSpent is returned for a post past the response_url's 5 posts
// or 30 minutes.
var ErrResponseURLSpent = errors.New("bot: response_url used up or expired")

// responder posts to one request's response_url and keeps count, so the
// bot never asks more of it than Slack allows.
type responder struct {
	url    string
	client *http.Client
	clock  Clock
	start  time.Time
	// metrics and log note a reply sent again without its charts and tables.
	metrics *Metrics
	log     *slog.Logger

	mu    sync.Mutex
	posts int
}

// responsePayload is a message for a response_url. replace_original is
// always sent, so a post never replaces the message a button sat on unless
// that is meant.
type responsePayload struct {
	Message
	ReplaceOriginal bool `json:"replace_original"`
	DeleteOriginal  bool `json:"delete_original,omitempty"`
}

// newResponder returns the responder of a request's response_url (from the
// payload, or stored in a modal's metadata), or nil when there is none or
// it is not Slack's: that one is refused and logged by host alone (a
// response_url's path is what lets anyone post to it).
func (b *Bot) newResponder(rawURL string) *responder {
	if rawURL == "" {
		return nil
	}
	if err := b.replies.check(rawURL); err != nil {
		b.metrics.SlackErrors.WithLabelValues("response_url", "refused").Inc()
		b.log.Warn("response_url refused: replies go only to Slack", "address", redactURL(rawURL), "reason", err.Error())
		return nil
	}
	return &responder{url: rawURL, client: b.httpClient, clock: b.clock, start: b.clock.Now(), metrics: b.metrics, log: b.log}
}

// replyHosts says where a response_url may point: Slack's webhook host
// (hooks.slack.com), the host of SLACK_API_URL and that host's own "hooks."
// (GovSlack's hooks.slack-gov.com), over https. Plain http is allowed only
// when SLACK_API_URL itself is http, and only to its host: a test's Slack on
// the loopback. Ports are not compared: a host is Slack's or it is not.
type replyHosts struct {
	hosts    map[string]bool
	httpHost string
}

func newReplyHosts(apiURL string) replyHosts {
	r := replyHosts{hosts: map[string]bool{"hooks.slack.com": true}}
	if u, err := url.Parse(apiURL); err == nil && u.Hostname() != "" {
		h := normalHost(u.Hostname())
		r.hosts[h] = true
		r.hosts["hooks."+h] = true
		if u.Scheme == "http" {
			r.httpHost = h
		}
	}
	return r
}

func normalHost(h string) string { return strings.TrimSuffix(strings.ToLower(h), ".") }

// check returns why rawURL is not an address Slack gave for replies, or nil.
func (r replyHosts) check(rawURL string) error {
	u, err := url.Parse(rawURL)
	switch {
	case err != nil:
		return errors.New("not an address")
	case u.User != nil:
		return errors.New("it carries a user name before its host")
	}
	host := normalHost(u.Hostname())
	switch {
	case host == "":
		return errors.New("no host")
	case !r.hosts[host]:
		return fmt.Errorf("host %s is not Slack's", host)
	case u.Scheme == "http" && host == r.httpHost, u.Scheme == "https":
		return nil
	}
	return fmt.Errorf("scheme %q is not https", u.Scheme)
}

// redactURL is an address as it may be logged: scheme and host, never the
// path or query (a response_url's path is a capability to post).
func redactURL(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return "(not an address)"
	}
	return u.Scheme + "://" + u.Host + "/…"
}

// usable reports whether the response_url still has a post left.
func (r *responder) usable() bool {
	if r == nil {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.posts < responseURLMaxPosts && r.clock.Now().Sub(r.start) < responseURLLifetime
}

// postOnce sends one payload. It is not retried when the outcome is unknown:
// like chat.postMessage, a response_url has no idempotency key. (post, in
// fallback_charts.go, sends it again without charts and tables when Slack
// refuses them.)
func (r *responder) postOnce(ctx context.Context, p responsePayload) error {
	if r == nil {
		return errors.New("bot: no response_url")
	}
	r.mu.Lock()
	if r.posts >= responseURLMaxPosts || r.clock.Now().Sub(r.start) >= responseURLLifetime {
		r.mu.Unlock()
		return ErrResponseURLSpent
	}
	r.posts++
	r.mu.Unlock()

	u, err := url.Parse(r.url)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return errors.New("bot: response_url is not an http(s) address")
	}
	body, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("bot: response_url payload: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("bot: response_url %s: %w", redactURL(r.url), err)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	// A redirect is not followed: the reply goes to the address checked, or nowhere.
	client := *r.client
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := client.Do(req)
	if err != nil {
		// *url.Error repeats the whole address; the log gets its host only.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("bot: response_url %s: %w", redactURL(r.url), err)
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode != http.StatusOK {
		return &responseURLError{where: redactURL(r.url), status: resp.StatusCode, body: string(bytes.TrimSpace(msg))}
	}
	return nil
}
