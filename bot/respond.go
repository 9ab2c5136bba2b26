package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// A response_url takes at most 5 posts within 30 minutes of the request
// (SLACK.md).
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

func (b *Bot) newResponder(rawURL string) *responder {
	if rawURL == "" {
		return nil
	}
	return &responder{url: rawURL, client: b.httpClient, clock: b.clock, start: b.clock.Now()}
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

// post sends one payload. It is not retried when the outcome is unknown:
// like chat.postMessage, a response_url has no idempotency key.
func (r *responder) post(ctx context.Context, p responsePayload) error {
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
		return fmt.Errorf("bot: response_url: %w", err)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := r.client.Do(req)
	if err != nil {
		return fmt.Errorf("bot: response_url: %w", err)
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("bot: response_url: status %d: %s", resp.StatusCode, bytes.TrimSpace(msg))
	}
	return nil
}
