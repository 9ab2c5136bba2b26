package civil

import (
	"encoding/json"
	"testing"
	"time"
)

func TestDateRoundTrip(t *testing.T) {
	for _, s := range []string{"1970-01-01", "2026-03-31", "2028-02-29", "0001-01-01", "9999-12-31"} {
		d, err := ParseISODate(s)
		if err != nil {
			t.Fatalf("ParseISODate(%q): %v", s, err)
		}
		if d.IsZero() || d.String() != s {
			t.Errorf("ParseISODate(%q).String() = %q", s, d.String())
		}
	}
	for _, bad := range []string{"2026-02-29", "2026-13-01", "2026-1-01", "26-01-01", "2026/01/01", "", "2026-01-0a"} {
		if _, err := ParseISODate(bad); err == nil {
			t.Errorf("ParseISODate(%q) accepted", bad)
		}
	}
}

func TestDateInZone(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	// 23:30 UTC on the Saturday before the clocks go forward is still Saturday in
	// London; 23:30 UTC the next evening is already Monday (00:30 BST).
	if got := DateIn(time.Date(2026, 3, 28, 23, 30, 0, 0, time.UTC), london).String(); got != "2026-03-28" {
		t.Errorf("before the change: %s", got)
	}
	if got := DateIn(time.Date(2026, 3, 29, 23, 30, 0, 0, time.UTC), london).String(); got != "2026-03-30" {
		t.Errorf("after the change: %s", got)
	}
}

func TestPeriod(t *testing.T) {
	d := func(s string) Date { v, _ := ParseISODate(s); return v }
	march := Period{Start: d("2026-03-01"), End: d("2026-03-31")}
	april := Period{Start: d("2026-04-01"), End: d("2026-04-30")}
	if march.Overlaps(april) || april.Overlaps(march) {
		t.Error("touching periods overlap")
	}
	lastDay := Period{Start: d("2026-03-31"), End: d("2026-04-05")}
	if !march.Overlaps(lastDay) {
		t.Error("periods sharing a day do not overlap")
	}
	open := Period{}
	if !open.Overlaps(march) || !open.Contains(d("1990-01-01")) {
		t.Error("open period")
	}
	if !march.Contains(d("2026-03-31")) || march.Contains(d("2026-04-01")) {
		t.Error("Contains at the edges")
	}
	if got := march.UK(); got != "1 Mar 2026 to 31 Mar 2026" {
		t.Errorf("UK() = %q", got)
	}
	if got := (Period{End: d("2026-03-31")}).UK(); got != "until 31 Mar 2026" {
		t.Errorf("UK() = %q", got)
	}
}

func TestDateJSON(t *testing.T) {
	type row struct {
		Due Date
		Not Date
	}
	b, err := json.Marshal(row{Due: DateOf(2026, time.December, 4)})
	if err != nil || string(b) != `{"Due":"2026-12-04","Not":""}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var back row
	if err := json.Unmarshal(b, &back); err != nil || back.Due != DateOf(2026, time.December, 4) || !back.Not.IsZero() {
		t.Errorf("Unmarshal = %+v, %v", back, err)
	}
}

func TestSlashDate(t *testing.T) {
	for _, tt := range []struct {
		in              string
		d, m, y, digits int
		ok              bool
	}{
		{"1/4/2026", 1, 4, 2026, 4, true},
		{"01/04/26", 1, 4, 26, 2, true},
		{"31/02/2026", 31, 2, 2026, 4, true}, // the numbers; the reader checks the day
		{"1/4", 0, 0, 0, 0, false},
		{"1/4/026", 0, 0, 0, 0, false},
		{"1/4/20266", 0, 0, 0, 0, false},
		{"001/4/2026", 0, 0, 0, 0, false},
		{"1/a/2026", 0, 0, 0, 0, false},
		{"1//2026", 0, 0, 0, 0, false},
	} {
		d, m, y, digits, ok := SlashDate(tt.in)
		if ok != tt.ok || d != tt.d || m != tt.m || y != tt.y || digits != tt.digits {
			t.Errorf("SlashDate(%q) = %d, %d, %d, %d, %v; want %d, %d, %d, %d, %v", tt.in, d, m, y, digits, ok, tt.d, tt.m, tt.y, tt.digits, tt.ok)
		}
	}
	if FullYear(26) != 2026 || FullYear(0) != 2000 {
		t.Errorf("FullYear(26) = %d, FullYear(0) = %d", FullYear(26), FullYear(0))
	}
}
