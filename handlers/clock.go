package handlers

import "time"

// Clock tells the time. Nothing in handlers calls time.Now: the clock is
// injected so tests and `--at` can fix "today".
type Clock interface {
	Now() time.Time
}

// SystemClock is the wall clock: the one place outside main that reads
// time.Now. Every other package is given a Clock.
type SystemClock struct{}

// Now returns the current instant.
func (SystemClock) Now() time.Time { return time.Now() }

// ClockFunc adapts a function to Clock.
type ClockFunc func() time.Time

// Now calls f.
func (f ClockFunc) Now() time.Time { return f() }

// FixedDay returns a clock that stays at noon (in loc) of day d, for `--at`.
func FixedDay(d Date, loc *time.Location) Clock {
	y, m, dd := d.YMD()
	t := time.Date(y, m, dd, 12, 0, 0, 0, loc)
	return ClockFunc(func() time.Time { return t })
}
