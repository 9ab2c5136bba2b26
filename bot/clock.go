package bot

import (
	"context"
	"time"

	"frontdoor/handlers"
)

// Clock is the core's clock (handlers.Clock) that can also wait. Everything
// in bot that waits (the command budget, the pacing of posts, Retry-After,
// the retries of a busy database) waits through it, so tests drive time by
// hand instead of sleeping.
type Clock interface {
	handlers.Clock
	// After returns a channel that receives once d has passed.
	After(d time.Duration) <-chan time.Time
}

// RealClock is the wall clock (handlers.SystemClock) with time.After.
type RealClock struct{ handlers.SystemClock }

// After is time.After.
func (RealClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// sleep waits d on c, or until ctx ends (returning its error).
func sleep(ctx context.Context, c Clock, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	select {
	case <-c.After(d):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
