package handlers

import (
	"strconv"
	"time"
)

// WeekOf returns the Monday of the ISO week containing d.
func WeekOf(d Date) Date { return d.AddDays(-((int(d.Weekday()) + 6) % 7)) }

// ISOWeek returns the ISO 8601 year and week number of d: week 1 is the
// week with the year's first Thursday, so 29 Dec 2025 is in week 1 of 2026.
func ISOWeek(d Date) (year, week int) { return d.Time().ISOWeek() }

// WeekLabel names the ISO week of d for people: "week 3 of 2026 (from 12 Jan 2026)".
func WeekLabel(d Date) string {
	y, w := ISOWeek(d)
	return "week " + strconv.Itoa(w) + " of " + strconv.Itoa(y) + " (from " + WeekOf(d).UK() + ")"
}

// Holidays says which days are bank holidays (*holidays.Calendar).
type Holidays interface {
	IsHoliday(d Date) bool
}

// IsWorkingDay reports whether d is Monday to Friday and not a bank holiday
// (h nil: no holidays).
func IsWorkingDay(d Date, h Holidays) bool {
	switch d.Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	return h == nil || !h.IsHoliday(d)
}
