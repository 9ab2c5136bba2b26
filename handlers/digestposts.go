package handlers

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Delivery of the digest and the reminders: the record of each digest
// posted (or tried) to a channel, the rules for taking its claim, working
// days, and the reminder sent to each owner of actions due.
//
// A digest is posted at most once per channel per ISO week. Before posting,
// a claim row (channel, week) is taken in the database; every process that
// shares the database sees it, so a restart or a second process never posts
// the week again. chat.postMessage has no idempotency key, so a message whose
// outcome is unknown is reported, never re-posted blind: only a person can
// decide to send it again (`frontdoor digest --post --force`).

// States of a digest post.
const (
	// DigestClaimed: a process has taken the claim and is posting.
	DigestClaimed = "claimed"
	// DigestPosted: every message was confirmed by Slack.
	DigestPosted = "posted"
	// DigestUnconfirmed: Slack gave no answer for a message (a 5xx or a
	// timeout after sending): it may or may not be in the channel.
	DigestUnconfirmed = "unconfirmed"
	// DigestFailed: Slack refused a message (the bot is not in the channel,
	// say); nothing from that message on is in the channel. It may be tried again.
	DigestFailed = "failed"
	// DigestSkipped: the week's last scheduled slot was missed and not
	// caught up (it is recorded only once no slot of the week is left).
	DigestSkipped = "skipped"
)

// DigestClaimStale is how long a claim may go without progress before it
// counts as abandoned (its process stopped mid-post). Posting a digest takes
// a few seconds a message, and a rate limit a minute or two more.
const DigestClaimStale = 15 * time.Minute

// DigestPost is the record of one digest for one channel and week: the live
// attempt, or one superseded by a deliberate resend.
type DigestPost struct {
	ID      int64
	Channel string
	// Week is the Monday of the ISO week the digest describes.
	Week  Date
	State string
	// Attempt counts the tries at delivering this post's messages: 1 for the
	// first, one more for each continuation. 0 for a skip never attempted.
	Attempt int
	// ClaimedAt is when the current attempt took the claim; UpdatedAt when
	// anything last happened to it (progress keeps a claim from going stale);
	// PostedAt when its last message was confirmed (zero unless posted).
	ClaimedAt, UpdatedAt, PostedAt time.Time
	// TS is the Slack timestamp of the first message (the thread), once confirmed.
	TS       string
	Headline string
	// Snapshot is the DigestSnapshot (JSON) the next week compares against.
	Snapshot json.RawMessage
	// Messages are the rendered Slack messages (a JSON array), kept so that
	// a continuation sends exactly what the first attempt started.
	Messages json.RawMessage
	// Parts is the number of messages; PartsPosted how many of them, from
	// the first, Slack confirmed.
	Parts, PartsPosted int
	// Detail says what went wrong, or why the week was skipped.
	Detail string
	// Superseded is set when a deliberate resend replaced this post.
	Superseded bool
}

// String describes p briefly (not its messages), for logs and test failures.
func (p DigestPost) String() string {
	s := fmt.Sprintf("digest post %d %s %s: %s, attempt %d, %d of %d messages", p.ID, p.Channel, p.Week, p.State, p.Attempt, p.PartsPosted, p.Parts)
	if p.TS != "" {
		s += ", ts " + p.TS
	}
	if p.Superseded {
		s += ", superseded"
	}
	if p.Detail != "" {
		s += ": " + p.Detail
	}
	return s
}

// Stale reports whether p is a claim nobody has moved on for DigestClaimStale.
func (p *DigestPost) Stale(now time.Time) bool {
	return p.State == DigestClaimed && now.Sub(p.UpdatedAt) >= DigestClaimStale
}

// DigestContent is what a fresh post sends, built before the claim is taken.
type DigestContent struct {
	Headline string
	Snapshot json.RawMessage
	// Messages is a JSON array of Parts messages.
	Messages json.RawMessage
	Parts    int
}

// DigestClaimMode says who is asking for the claim, which decides what an
// existing claim allows.
type DigestClaimMode int

const (
	// ClaimScheduled is the scheduler: only a week with no claim, or one
	// Slack refused, is posted.
	ClaimScheduled DigestClaimMode = iota + 1
	// ClaimManual is `digest --post`: also a week that was skipped.
	ClaimManual
	// ClaimForce is `digest --post --force`: also continues a post whose
	// outcome is unknown, or sends a posted digest again.
	ClaimForce
)

// DigestClaim asks for the claim of a channel's week.
type DigestClaim struct {
	Channel string
	Week    Date
	Mode    DigestClaimMode
	// Content is used when the decision is Fresh.
	Content DigestContent
}

// DigestClaimDecision is what DecideDigestClaim allows.
type DigestClaimDecision struct {
	// Take is true when the caller may post.
	Take bool
	// Fresh: post the new content from its first message. Otherwise continue
	// the stored messages from the first one not confirmed.
	Fresh bool
	// Supersede: the week's posted digest is kept as history and a new post
	// takes its place (a deliberate resend).
	Supersede bool
	// Why names the state that decided it: "" for a new claim, else the
	// existing post's state, or "stale" for a claim abandoned mid-post.
	Why string
}

// DecideDigestClaim applies the rules of the claim to the week's current
// post (nil when there is none). The store calls it inside the transaction
// that takes the claim, so the decision and the write are one step for
// every process sharing the database.
//
//	current              scheduled   manual      force
//	none                 post        post        post
//	skipped              -           post        post
//	failed               continue    continue    continue
//	claimed, in progress -           -           -
//	claimed, stale       -           -           continue
//	unconfirmed          -           -           continue
//	posted               -           -           post again (new row)
//
// "continue" restarts from the new content when nothing was confirmed yet of
// a failed post (Slack refused its first message, so nothing is in the channel).
func DecideDigestClaim(cur *DigestPost, mode DigestClaimMode, now time.Time) DigestClaimDecision {
	if cur == nil {
		return DigestClaimDecision{Take: true, Fresh: true}
	}
	d := DigestClaimDecision{Why: cur.State}
	switch cur.State {
	case DigestSkipped:
		d.Take, d.Fresh = mode != ClaimScheduled, true
	case DigestFailed:
		d.Take, d.Fresh = true, cur.PartsPosted == 0
	case DigestClaimed:
		if cur.Stale(now) {
			d.Why = "stale"
			d.Take = mode == ClaimForce
		}
	case DigestUnconfirmed:
		d.Take = mode == ClaimForce
	case DigestPosted:
		d.Take, d.Fresh, d.Supersede = mode == ClaimForce, true, true
	}
	if !d.Take {
		d.Fresh, d.Supersede = false, false
	}
	return d
}

// DigestHistory finds the digest a new one compares against.
type DigestHistory interface {
	// PreviousDigest returns the last digest posted to channel (any channel
	// when "") for a week before the week starting before; ok=false when none was.
	PreviousDigest(ctx context.Context, channel string, before Date) (post DigestPost, ok bool, err error)
}

// DigestAlerts tells the App Home (and the log at start) about digests that
// need someone's attention. *store.DB implements it with DigestLog.
type DigestAlerts interface {
	// DigestProblems returns, for each channel, its latest digest when that
	// was not confirmed, was refused, or stopped mid-post; none when all is well.
	DigestProblems(ctx context.Context) ([]DigestPost, error)
}
