package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"frontdoor/handlers/civil"
)

func TestLoadDigest(t *testing.T) {
	dir := t.TempDir()
	ours := filepath.Join(dir, "holidays.txt")
	if err := os.WriteFile(ours, []byte("# ours\n2029-01-01 New Year's Day\n2029-12-25\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(dir, "broken.txt")
	if err := os.WriteFile(broken, []byte("2029-01-01\n25/12/2029\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		env     map[string]string
		want    []string // each must appear in the error; none: valid
		holiday civil.Date
		hour    int
	}{
		{name: "defaults", env: nil, holiday: civil.DateOf(2026, 12, 28), hour: 9},
		{name: "a file of our own replaces the list", env: map[string]string{"FRONTDOOR_BANK_HOLIDAYS": ours, "FRONTDOOR_REMINDER_TIME": "7:45"},
			holiday: civil.DateOf(2029, 12, 25), hour: 7},
		{name: "reminders off and a weekday schedule", env: map[string]string{"FRONTDOOR_REMINDERS": "OFF", "FRONTDOOR_DIGEST_SCHEDULE": "30 8 * * 1-5"},
			holiday: civil.DateOf(2026, 12, 25), hour: 9},
		{name: "a file that is not there", env: map[string]string{"FRONTDOOR_BANK_HOLIDAYS": filepath.Join(dir, "none.txt")},
			want: []string{"FRONTDOOR_BANK_HOLIDAYS: cannot read", "no such file"}},
		{name: "a file with a bad line", env: map[string]string{"FRONTDOOR_BANK_HOLIDAYS": broken},
			want: []string{"FRONTDOOR_BANK_HOLIDAYS:", "broken.txt: line 2"}},
		{name: "every problem at once", env: map[string]string{
			"FRONTDOOR_DIGEST_SCHEDULE": "every monday", "FRONTDOOR_REMINDER_TIME": "25:00",
			"FRONTDOOR_REMINDERS": "of", "FRONTDOOR_DIGEST_CHANNEL": "#unit"},
			want: []string{"FRONTDOOR_DIGEST_SCHEDULE: \"every monday\"", "FRONTDOOR_REMINDER_TIME: \"25:00\"",
				"FRONTDOOR_REMINDERS: \"of\"", "FRONTDOOR_DIGEST_CHANNEL: \"#unit\""}},
		{name: "a zone in the schedule", env: map[string]string{"FRONTDOOR_DIGEST_SCHEDULE": "CRON_TZ=UTC 0 9 * * MON"},
			want: []string{"names a zone", "FRONTDOOR_TZ"}},
		{name: "six fields", env: map[string]string{"FRONTDOOR_DIGEST_SCHEDULE": "0 0 9 * * MON"}, want: []string{"five fields"}},
		{name: "a time without minutes", env: map[string]string{"FRONTDOOR_REMINDER_TIME": "9"}, want: []string{"HH:MM"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustLoad(t, tt.env, "")
			if err := c.Validate(); err != nil {
				t.Fatal(err)
			}
			d, err := LoadDigest(c)
			if len(tt.want) > 0 {
				if err == nil {
					t.Fatal("accepted")
				}
				for _, w := range tt.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error lacks %q:\n%v", w, err)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !d.Holidays.IsHoliday(tt.holiday) || d.ReminderHour != tt.hour {
				t.Errorf("holiday %s: %v, reminder hour %d; want true, %d", tt.holiday, d.Holidays.IsHoliday(tt.holiday), d.ReminderHour, tt.hour)
			}
		})
	}
}

// FRONTDOOR_BANK_HOLIDAYS is read from the settings file too; the environment wins.
func TestLoadDigestFromFile(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{"a.txt": "2029-05-07\n", "b.txt": "2030-05-06\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	settings := filepath.Join(dir, "frontdoor.env")
	if err := os.WriteFile(settings, []byte("FRONTDOOR_BANK_HOLIDAYS="+filepath.Join(dir, "a.txt")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := mustLoad(t, nil, settings)
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	d, err := LoadDigest(c)
	if err != nil || !d.Holidays.IsHoliday(civil.DateOf(2029, 5, 7)) {
		t.Fatalf("from the file: %v, %v", d, err)
	}
	env := map[string]string{"FRONTDOOR_BANK_HOLIDAYS": filepath.Join(dir, "b.txt")}
	c = mustLoad(t, env, settings)
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	d, err = LoadDigest(c)
	if err != nil || !d.Holidays.IsHoliday(civil.DateOf(2030, 5, 6)) || d.Holidays.IsHoliday(civil.DateOf(2029, 5, 7)) {
		t.Fatalf("the environment wins: %v, %v", d, err)
	}
}

// The settings file is read once, by Load: LoadDigest takes what Load read,
// even once the file has gone.
func TestSettingsFileReadOnce(t *testing.T) {
	dir := t.TempDir()
	holidaysFile := filepath.Join(dir, "holidays.txt")
	if err := os.WriteFile(holidaysFile, []byte("2029-05-07\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	settings := filepath.Join(dir, "frontdoor.env")
	if err := os.WriteFile(settings, []byte("FRONTDOOR_BANK_HOLIDAYS="+holidaysFile+"\nFRONTDOOR_REMINDERS=off\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := mustLoad(t, nil, settings)
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(settings); err != nil {
		t.Fatal(err)
	}
	d, err := LoadDigest(c)
	if err != nil || !d.Holidays.IsHoliday(civil.DateOf(2029, 5, 7)) || c.Reminders {
		t.Fatalf("after the settings file went: %v, %v, reminders %v", d, err, c.Reminders)
	}
}
