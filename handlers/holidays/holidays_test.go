package holidays

import (
	"strings"
	"testing"
	"time"

	"frontdoor/handlers/civil"
)

func d(y int, m time.Month, day int) civil.Date { return civil.DateOf(y, m, day) }

// easter returns Easter Sunday of year y (the anonymous Gregorian algorithm),
// to check the embedded Good Fridays and Easter Mondays independently.
func easter(y int) civil.Date {
	a := y % 19
	b, c := y/100, y%100
	dd, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - dd - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return civil.DateOf(y, time.Month(month), day)
}

// lastMonday returns the last Monday of month m in year y.
func lastMonday(y int, m time.Month) civil.Date {
	last := civil.DateOf(y, m, civil.DaysIn(y, m))
	return last.AddDays(-((int(last.Weekday()) + 6) % 7))
}

// firstMonday returns the first Monday of month m in year y.
func firstMonday(y int, m time.Month) civil.Date {
	first := civil.DateOf(y, m, 1)
	return first.AddDays((8 - int(first.Weekday())) % 7)
}

// The embedded list has the eight bank holidays of each year from 2025 to
// 2028, each on a weekday, with the movable ones where the rules put them.
func TestEmbeddedFollowsTheRules(t *testing.T) {
	c := Embedded()
	if c.Len() != 32 {
		t.Fatalf("%d holidays, want 8 a year for 2025-2028 (32)", c.Len())
	}
	for y := 2025; y <= 2028; y++ {
		e := easter(y)
		for _, want := range []struct {
			name string
			day  civil.Date
		}{
			{"Good Friday", e.AddDays(-2)},
			{"Easter Monday", e.AddDays(1)},
			{"Early May", firstMonday(y, time.May)},
			{"Spring", lastMonday(y, time.May)},
			{"Summer", lastMonday(y, time.August)},
		} {
			if !c.IsHoliday(want.day) {
				t.Errorf("%d: %s (%s) missing", y, want.name, want.day)
			}
		}
	}
	for day, name := range c.days {
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			t.Errorf("%s (%s) is a %s: a weekend holiday is replaced by a substitute weekday", day, name, wd)
		}
	}
}

func TestEmbeddedSubstituteDays(t *testing.T) {
	c := Embedded()
	tests := []struct {
		name string
		day  civil.Date
		want bool
	}{
		{"Christmas Day 2026, a Friday", d(2026, 12, 25), true},
		{"Boxing Day 2026 is a Saturday: not itself the holiday", d(2026, 12, 26), false},
		{"its substitute, Monday 28 December 2026", d(2026, 12, 28), true},
		{"Christmas 2027 on a Saturday: substitute Monday 27th", d(2027, 12, 27), true},
		{"Boxing Day 2027 on a Sunday: substitute Tuesday 28th", d(2027, 12, 28), true},
		{"New Year's Day 2028 on a Saturday: substitute Monday 3rd", d(2028, 1, 3), true},
		{"an ordinary Tuesday", d(2026, 3, 31), false},
		{"Easter Sunday is not a bank holiday", d(2026, 4, 5), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.IsHoliday(tt.day); got != tt.want {
				t.Errorf("IsHoliday(%s) = %v, want %v", tt.day, got, tt.want)
			}
		})
	}
	if name, _ := c.Holiday(d(2026, 12, 28)); name != "Boxing Day (substitute day)" {
		t.Errorf("name of 28 Dec 2026 = %q", name)
	}
}

func TestCovers(t *testing.T) {
	c := Embedded()
	first, last := c.Span()
	if first != d(2025, 1, 1) || last != d(2028, 12, 31) {
		t.Errorf("span %s to %s, want 2025-01-01 to 2028-12-31", first, last)
	}
	for _, tt := range []struct {
		day  civil.Date
		want bool
	}{{d(2024, 12, 31), false}, {d(2025, 1, 1), true}, {d(2028, 12, 31), true}, {d(2029, 1, 1), false}} {
		if got := c.Covers(tt.day); got != tt.want {
			t.Errorf("Covers(%s) = %v, want %v", tt.day, got, tt.want)
		}
	}
	var none *Calendar
	if none.IsHoliday(d(2026, 12, 25)) || none.Covers(d(2026, 12, 25)) || none.Len() != 0 {
		t.Error("a nil calendar has no holidays and covers nothing")
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		wantErr string // "" for success
		holiday civil.Date
		count   int
	}{
		{name: "dates with names, comments and blank lines", data: "# ours\n\n2029-01-01 New Year's Day\n2029-12-25\tChristmas Day\n", holiday: d(2029, 12, 25), count: 2},
		{name: "bare dates and Windows line ends", data: "2029-01-01\r\n2029-04-02\r\n", holiday: d(2029, 4, 2), count: 2},
		{name: "a byte-order mark", data: "\xef\xbb\xbf2029-01-01\n", holiday: d(2029, 1, 1), count: 1},
		{name: "a date in another form", data: "2029-01-01\n25/12/2029\n", wantErr: "line 2"},
		{name: "an impossible date", data: "2029-02-30\n", wantErr: "not a real date"},
		{name: "a date listed twice", data: "2029-01-01\n2029-01-01 again\n", wantErr: "listed twice"},
		{name: "no dates at all", data: "# nothing yet\n", wantErr: "no dates"},
		{name: "empty", data: "", wantErr: "no dates"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("holidays.txt", []byte(tt.data))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "holidays.txt") {
					t.Fatalf("err = %v, want one naming the file and %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !c.IsHoliday(tt.holiday) || c.Len() != tt.count {
				t.Errorf("IsHoliday(%s) = %v, Len = %d; want true, %d", tt.holiday, c.IsHoliday(tt.holiday), c.Len(), tt.count)
			}
			if c.IsHoliday(d(2026, 12, 25)) {
				t.Error("a file replaces the embedded list rather than adding to it")
			}
			if c.Source() != "holidays.txt" {
				t.Errorf("Source = %q", c.Source())
			}
		})
	}
}
