package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/go-co-op/gocron/v2"

	"frontdoor/handlers/holidays"
)

// Digest holds the settings of the weekly digest and the reminders, checked:
//
//	FRONTDOOR_DIGEST_CHANNEL   channel id (C…) the digest is posted to; none: no digest is scheduled
//	FRONTDOOR_DIGEST_SCHEDULE  a cron line (minute hour day-of-month month day-of-week) in
//	                           FRONTDOOR_TZ; default "0 9 * * MON". At most one digest a week is
//	                           posted however often it fires: the first slot of the week posts it,
//	                           and a slot missed while Frontdoor was down leaves the week to the next.
//	FRONTDOOR_REMINDER_TIME    HH:MM, 24-hour, in FRONTDOOR_TZ; default 09:00
//	FRONTDOOR_REMINDERS        "off" turns the reminders off; "on" (the default) leaves them on
//	FRONTDOOR_BANK_HOLIDAYS    a text file of bank holidays, one YYYY-MM-DD a line (a name may
//	                           follow; # starts a comment), that replaces the embedded list of
//	                           England and Wales bank holidays for 2025 to 2028
//
// The first four are read by Load into Config; FRONTDOOR_BANK_HOLIDAYS is
// read by LoadDigest, from the environment or the same settings file.
type Digest struct {
	// BankHolidays is the path given in FRONTDOOR_BANK_HOLIDAYS ("" for the embedded list).
	BankHolidays string
	// Holidays is the list in force: the file's, or the embedded one.
	Holidays *holidays.Calendar
	// ReminderHour and ReminderMinute are FRONTDOOR_REMINDER_TIME.
	ReminderHour, ReminderMinute int
}

// LoadDigest checks the digest and reminder settings of c, as Load read
// them (the settings file is read once, by Load), and reads the bank
// holidays file FRONTDOOR_BANK_HOLIDAYS names; c must have passed Validate
// (for its zone). Like Validate, it returns one error naming every problem.
func LoadDigest(c *Config) (*Digest, error) {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	d := &Digest{BankHolidays: c.BankHolidays, Holidays: holidays.Embedded()}

	if c.DigestChannel != "" && !channelID.MatchString(c.DigestChannel) {
		add("FRONTDOOR_DIGEST_CHANNEL: %q is not a channel id (C…; the name will not do)", c.DigestChannel)
	}
	if err := CheckSchedule(c.DigestSchedule, c.Location); err != nil {
		add("FRONTDOOR_DIGEST_SCHEDULE: %v", err)
	}
	h, m, err := ParseClock(c.ReminderTime)
	if err != nil {
		add("FRONTDOOR_REMINDER_TIME: %v", err)
	}
	d.ReminderHour, d.ReminderMinute = h, m
	switch v := strings.ToLower(c.reminders); v {
	case "", "on", "off":
	default:
		add("FRONTDOOR_REMINDERS: %q is neither on nor off", v)
	}
	if d.BankHolidays != "" {
		data, err := os.ReadFile(d.BankHolidays)
		if err != nil {
			add("FRONTDOOR_BANK_HOLIDAYS: cannot read %s: %v", d.BankHolidays, unwrapPath(err))
		} else if d.Holidays, err = holidays.Parse(d.BankHolidays, data); err != nil {
			add("FRONTDOOR_BANK_HOLIDAYS: %v", err)
		}
	}
	if err := joinProblems(problems); err != nil {
		return nil, err
	}
	return d, nil
}

// CheckSchedule checks a digest schedule: a standard five-field cron line
// that fires at least once more. The zone is FRONTDOOR_TZ's, so a line of
// its own (TZ= or CRON_TZ=) is refused rather than silently obeyed.
func CheckSchedule(line string, loc *time.Location) error {
	if loc == nil {
		loc = time.UTC
	}
	if strings.HasPrefix(line, "TZ=") || strings.HasPrefix(line, "CRON_TZ=") {
		return fmt.Errorf("%q names a zone: give the zone in FRONTDOOR_TZ and the times alone (for example %q)", line, DefaultDigestSchedule)
	}
	// A line that fires once fires every year, so any instant will do to ask.
	if err := gocron.NewDefaultCron(false).IsValid(line, loc, time.Date(2000, time.January, 1, 0, 0, 0, 0, loc)); err != nil {
		return fmt.Errorf("%q is not a cron line of five fields: minute hour day-of-month month day-of-week (for example %q)", line, DefaultDigestSchedule)
	}
	return nil
}

// ParseClock reads a time of day as HH:MM, 24-hour ("09:00", "9:30").
func ParseClock(s string) (hour, minute int, err error) {
	hh, mm, ok := strings.Cut(s, ":")
	if ok && len(mm) == 2 && len(hh) >= 1 && len(hh) <= 2 && allDigits(hh) && allDigits(mm) {
		hour, _ = strconv.Atoi(hh) // digits only: cannot fail
		minute, _ = strconv.Atoi(mm)
		if hour < 24 && minute < 60 {
			return hour, minute, nil
		}
	}
	return 0, 0, fmt.Errorf("%q is not a time of day as HH:MM, 24-hour (for example 09:00)", s)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
