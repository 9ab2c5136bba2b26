// Package civil holds calendar dates: days with no time of day and no zone,
// as register dates and due dates are. It is a leaf package so that small
// parsers (due dates) can use it without importing the core.
package civil

import (
	"fmt"
	"time"
)

// Date is a calendar date (no time of day, no zone), stored as days since
// 1970-01-01 plus one, so that the zero value means "no date" (an open bound).
type Date int32

// NoDate is the zero Date: an open start or end.
const NoDate Date = 0

// DateOf returns the Date for a year, month and day. It does not normalise:
// callers that take user input should check ValidYMD first.
func DateOf(y int, m time.Month, d int) Date {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return Date(t.Unix()/86400 + 1)
}

// DateIn returns the calendar date of instant t in loc.
func DateIn(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return DateOf(y, m, d)
}

// ValidYMD reports whether y-m-d names a real calendar day.
func ValidYMD(y int, m time.Month, d int) bool {
	if y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= DaysIn(y, m)
}

// DaysIn returns the number of days in month m of year y.
func DaysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// IsZero reports whether d is NoDate.
func (d Date) IsZero() bool { return d == NoDate }

// Time returns midnight UTC of d.
func (d Date) Time() time.Time {
	return time.Unix(int64(d-1)*86400, 0).UTC()
}

// YMD returns the year, month and day of d.
func (d Date) YMD() (int, time.Month, int) { return d.Time().Date() }

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return d + Date(n) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.Time().Weekday() }

// String formats d as YYYY-MM-DD, or "" for NoDate.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("2006-01-02")
}

// UK formats d as users read it: "31 Mar 2026".
func (d Date) UK() string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("2 Jan 2006")
}

// UKShort formats d without the year when it is in year y: "31 Mar".
func (d Date) UKShort(y int) string {
	if d.IsZero() {
		return ""
	}
	if dy, _, _ := d.YMD(); dy == y {
		return d.Time().Format("2 Jan")
	}
	return d.UK()
}

// ParseISODate parses YYYY-MM-DD strictly (a real calendar day).
func ParseISODate(s string) (Date, error) {
	var y, m, d int
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return NoDate, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	if _, err := fmt.Sscanf(s, "%4d-%2d-%2d", &y, &m, &d); err != nil || !allDigits(s[:4]+s[5:7]+s[8:]) {
		return NoDate, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	if !ValidYMD(y, time.Month(m), d) {
		return NoDate, fmt.Errorf("%q is not a real date", s)
	}
	return DateOf(y, time.Month(m), d), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Period is a span of calendar days; a zero bound is open.
type Period struct {
	Start, End Date
}

// Contains reports whether d falls within p (bounds inclusive, zero bounds open).
func (p Period) Contains(d Date) bool {
	return (p.Start.IsZero() || p.Start <= d) && (p.End.IsZero() || d <= p.End)
}

// Overlaps reports whether p and q share at least one day.
func (p Period) Overlaps(q Period) bool {
	if !p.End.IsZero() && !q.Start.IsZero() && p.End < q.Start {
		return false
	}
	if !q.End.IsZero() && !p.Start.IsZero() && q.End < p.Start {
		return false
	}
	return true
}

// UK describes the period for users: "1 Apr 2025 to 31 Mar 2026", "from 1 Apr 2025",
// "until 31 Mar 2026" or "" when both ends are open.
func (p Period) UK() string {
	switch {
	case p.Start.IsZero() && p.End.IsZero():
		return ""
	case p.Start.IsZero():
		return "until " + p.End.UK()
	case p.End.IsZero():
		return "from " + p.Start.UK()
	default:
		return p.Start.UK() + " to " + p.End.UK()
	}
}

// MarshalText writes d as YYYY-MM-DD ("" for NoDate), so JSON and CSV show dates as people read them.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads YYYY-MM-DD, or "" for NoDate.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = NoDate
		return nil
	}
	v, err := ParseISODate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
