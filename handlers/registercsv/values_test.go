package registercsv

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		end  bool
		want string // YYYY-MM-DD, or "" when the cell must be refused
	}{
		{"2025-04-01", false, "2025-04-01"},
		{"2025-04", false, "2025-04-01"},
		{"2025-04", true, "2025-04-30"},
		{"2024-02", true, "2024-02-29"},
		{"2025-02", true, "2025-02-28"},
		{"29/02/2024", false, "2024-02-29"},
		{"1/4/2025", false, "2025-04-01"},
		{"01/04/2025", true, "2025-04-01"},
		{"29/02/2025", false, ""},
		{"2025-4-1", false, ""},
		{"2025-00", false, ""},
		{"0000-01-01", false, ""},
		{"2025-04-01T00:00:00", false, ""},
		{"32/01/2025", false, ""},
		{"01/04/02025", false, ""},
		{"", false, ""},
	}
	for _, tt := range tests {
		d, msg := parseDate(tt.in, tt.end)
		if tt.want == "" {
			if msg == "" {
				t.Errorf("parseDate(%q) = %s, want a problem", tt.in, d)
			}
			continue
		}
		if msg != "" || d.String() != tt.want {
			t.Errorf("parseDate(%q, end=%v) = %s, %q; want %s", tt.in, tt.end, d, msg, tt.want)
		}
	}
}

func TestParseAndFormatAmount(t *testing.T) {
	tests := []struct {
		in    string
		pence int64
		out   string // canonical form; "" when the cell must be refused
	}{
		{"0", 0, "0"},
		{"007", 700, "7"},
		{"1200000", 120000000, "1200000"},
		{"1200000.5", 120000050, "1200000.50"},
		{"0.05", 5, "0.05"},
		{"10.00", 1000, "10"},
		{"999999999999999.99", 99999999999999999, "999999999999999.99"},
		{"1000000000000000", 0, ""},
		{".5", 0, ""},
		{"5.", 0, ""},
		{"1 000", 0, ""},
		{"-0", 0, ""},
		{"+5", 0, ""},
		{"NaN", 0, ""},
	}
	for _, tt := range tests {
		pence, msg := parseAmount(tt.in)
		if tt.out == "" {
			if msg == "" {
				t.Errorf("parseAmount(%q) = %d, want a problem", tt.in, pence)
			}
			continue
		}
		if msg != "" || pence != tt.pence || formatAmount(pence) != tt.out {
			t.Errorf("parseAmount(%q) = %d, %q (formats as %q); want %d, %q", tt.in, pence, msg, formatAmount(pence), tt.pence, tt.out)
		}
	}
}

func TestParseWhole(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"120", 120, true},
		{"0", 0, true},
		{"120.0", 120, true},
		{"1,000", 0, false},
		{"1.5", 0, false},
		{"-1", 0, false},
		{"1e3", 0, false},
		{"9999999999999999999", 0, false},
	}
	for _, tt := range tests {
		n, msg := parseWhole(tt.in)
		if (msg == "") != tt.ok || n != tt.want {
			t.Errorf("parseWhole(%q) = %d, %q; want %d, ok=%v", tt.in, n, msg, tt.want, tt.ok)
		}
	}
}

func TestColumnLetter(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA"} {
		if got := columnLetter(i); got != want {
			t.Errorf("columnLetter(%d) = %q, want %q", i, got, want)
		}
	}
}

func TestParseList(t *testing.T) {
	long := make([]string, 40)
	for i := range long {
		long[i] = fmt.Sprint("id", i%20)
	}
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{" ; ;", nil},
		{"a", []string{"a"}},
		{" a ;b; a;;c ", []string{"a", "b", "c"}},
		{strings.Join(long, ";"), long[:20]},
	}
	for _, tt := range tests {
		if got := parseList(tt.in); !slices.Equal(got, tt.want) || (got == nil) != (tt.want == nil) {
			t.Errorf("parseList(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
