package handlers

import (
	"time"

	"frontdoor/handlers/civil"
)

// Date is a calendar date (see package civil); the zero value is "no date".
type Date = civil.Date

// Period is a span of calendar days; a zero bound is open.
type Period = civil.Period

// NoDate is the zero Date: an open start or end.
const NoDate = civil.NoDate

// DateOf returns the Date for a year, month and day.
func DateOf(y int, m time.Month, d int) Date { return civil.DateOf(y, m, d) }

// DateIn returns the calendar date of instant t in loc.
func DateIn(t time.Time, loc *time.Location) Date { return civil.DateIn(t, loc) }

// ValidYMD reports whether y-m-d names a real calendar day.
func ValidYMD(y int, m time.Month, d int) bool { return civil.ValidYMD(y, m, d) }

// DaysIn returns the number of days in month m of year y.
func DaysIn(y int, m time.Month) int { return civil.DaysIn(y, m) }

// ParseISODate parses YYYY-MM-DD strictly (a real calendar day).
func ParseISODate(s string) (Date, error) { return civil.ParseISODate(s) }
