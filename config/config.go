// Package config reads Frontdoor's settings from the environment and an
// optional KEY=VALUE file, and checks them all at once so an admin sees every
// problem in one message.
package config

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strings"
	"time"
	_ "time/tzdata" // the binary carries the zone database
)

// Config is every setting Frontdoor reads.
type Config struct {
	BotToken       string   // SLACK_BOT_TOKEN, xoxb-
	AppToken       string   // SLACK_APP_TOKEN, xapp-: turns on Socket Mode
	SigningSecret  string   // SLACK_SIGNING_SECRET: turns on the HTTP endpoints
	Addr           string   // FRONTDOOR_ADDR
	APIURL         string   // SLACK_API_URL
	TeamIDs        []string // FRONTDOOR_TEAM_IDS
	EnterpriseIDs  []string // FRONTDOOR_ENTERPRISE_IDS
	Editors        []string // FRONTDOOR_EDITORS
	DigestChannel  string   // FRONTDOOR_DIGEST_CHANNEL
	DigestSchedule string   // FRONTDOOR_DIGEST_SCHEDULE
	ReminderTime   string   // FRONTDOOR_REMINDER_TIME
	Reminders      bool     // FRONTDOOR_REMINDERS (off turns them off)
	CliffDays      int      // FRONTDOOR_CLIFF_DAYS
	TZ             string   // FRONTDOOR_TZ
	DB             string   // FRONTDOOR_DB
	BankHolidays   string   // FRONTDOOR_BANK_HOLIDAYS: a file of dates (LoadDigest reads it)
	Location       *time.Location

	// set records which names were given, so Validate can tell "empty" from "absent".
	set map[string]bool
	// reminders is FRONTDOOR_REMINDERS as given, for LoadDigest to check.
	reminders string
}

// Defaults.
const (
	DefaultAddr           = "127.0.0.1:3000"
	DefaultAPIURL         = "https://slack.com/api/"
	DefaultTZ             = "Europe/London"
	DefaultDB             = "./frontdoor.db"
	DefaultDigestSchedule = "0 9 * * MON"
	DefaultReminderTime   = "09:00"
	DefaultCliffDays      = 90
)

// Names lists every setting, in the order the README documents them.
var Names = []string{
	"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "FRONTDOOR_ADDR", "SLACK_API_URL",
	"FRONTDOOR_TEAM_IDS", "FRONTDOOR_ENTERPRISE_IDS", "FRONTDOOR_EDITORS", "FRONTDOOR_DIGEST_CHANNEL",
	"FRONTDOOR_DIGEST_SCHEDULE", "FRONTDOOR_REMINDER_TIME", "FRONTDOOR_REMINDERS", "FRONTDOOR_CLIFF_DAYS",
	"FRONTDOOR_TZ", "FRONTDOOR_DB", "FRONTDOOR_BANK_HOLIDAYS",
}

// Load reads settings from getenv and, when file is not "", from a file of
// KEY=VALUE lines (blank lines and # comments allowed); the environment wins.
// It returns an error only when the file cannot be read or parsed; call
// Validate (or ValidateServe) to check the values.
func Load(getenv func(string) string, file string) (*Config, error) {
	values := map[string]string{}
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("config: read %s: %w", file, err)
		}
		fileValues, err := parseFile(data)
		if err != nil {
			return nil, fmt.Errorf("config: %s: %w", file, err)
		}
		values = fileValues
	}
	c := &Config{set: map[string]bool{}}
	get := func(name string) string {
		if v := getenv(name); v != "" {
			c.set[name] = true
			return strings.TrimSpace(v)
		}
		if v, ok := values[name]; ok {
			c.set[name] = true
			return v
		}
		return ""
	}
	c.BotToken = get("SLACK_BOT_TOKEN")
	c.AppToken = get("SLACK_APP_TOKEN")
	c.SigningSecret = get("SLACK_SIGNING_SECRET")
	c.Addr = orDefault(get("FRONTDOOR_ADDR"), DefaultAddr)
	c.APIURL = orDefault(get("SLACK_API_URL"), DefaultAPIURL)
	c.TeamIDs = list(get("FRONTDOOR_TEAM_IDS"))
	c.EnterpriseIDs = list(get("FRONTDOOR_ENTERPRISE_IDS"))
	c.Editors = list(get("FRONTDOOR_EDITORS"))
	c.DigestChannel = get("FRONTDOOR_DIGEST_CHANNEL")
	c.DigestSchedule = orDefault(get("FRONTDOOR_DIGEST_SCHEDULE"), DefaultDigestSchedule)
	c.ReminderTime = orDefault(get("FRONTDOOR_REMINDER_TIME"), DefaultReminderTime)
	c.reminders = get("FRONTDOOR_REMINDERS")
	c.Reminders = !strings.EqualFold(c.reminders, "off")
	c.BankHolidays = get("FRONTDOOR_BANK_HOLIDAYS")
	c.TZ = orDefault(get("FRONTDOOR_TZ"), DefaultTZ)
	c.DB = orDefault(get("FRONTDOOR_DB"), DefaultDB)
	c.CliffDays = DefaultCliffDays
	if v := get("FRONTDOOR_CLIFF_DAYS"); v != "" {
		var n int
		if _, err := fmt.Sscanf(v, "%d", &n); err == nil && fmt.Sprint(n) == v {
			c.CliffDays = n
		} else {
			c.CliffDays = -1 // reported by Validate
		}
	}
	return c, nil
}

// Validate checks the settings every command uses (zone, cliff days) and
// returns one error naming every problem.
func (c *Config) Validate() error {
	var problems []string
	loc, err := time.LoadLocation(c.TZ)
	if err != nil || c.TZ == "Local" {
		problems = append(problems, fmt.Sprintf("FRONTDOOR_TZ: unknown time zone %q (use a name such as Europe/London)", c.TZ))
	} else {
		c.Location = loc
	}
	if c.CliffDays < 1 {
		problems = append(problems, "FRONTDOOR_CLIFF_DAYS: must be a whole number of days, at least 1")
	}
	return joinProblems(problems)
}

func joinProblems(problems []string) error {
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("invalid settings:\n  - %s", strings.Join(problems, "\n  - "))
}

func orDefault(v, d string) string {
	if v == "" {
		return d
	}
	return v
}

// list splits a comma- or space-separated list.
func list(v string) []string {
	f := strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == ';' })
	if len(f) == 0 {
		return nil
	}
	return f
}

func parseFile(data []byte) (map[string]string, error) {
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		line = strings.TrimPrefix(line, "export ")
		k, v, ok := strings.Cut(line, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, fmt.Errorf("line %d: expected NAME=value", n)
		}
		k = strings.TrimSpace(k)
		v = strings.TrimSpace(v)
		if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'') {
			v = v[1 : len(v)-1]
		}
		out[k] = v
	}
	return out, sc.Err()
}
