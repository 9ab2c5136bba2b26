// Package holidays knows the bank holidays in England and Wales, so that
// reminders go out on working days only. The list for 2025 to 2028 is
// embedded; a file of the same form (FRONTDOOR_BANK_HOLIDAYS) replaces it
// when GOV.UK announces later years or a one-off holiday. The package only
// parses: reading the file is the caller's business.
package holidays

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"unicode"

	"frontdoor/handlers/civil"
)

//go:embed england-and-wales.txt
var embedded []byte

// EmbeddedName names the embedded list in messages and logs.
const EmbeddedName = "the embedded list of England and Wales bank holidays"

// Calendar is a list of bank holidays and the years it covers. The zero
// value has no holidays and covers nothing.
type Calendar struct {
	source      string
	days        map[civil.Date]string
	first, last civil.Date // 1 January of the first year listed, 31 December of the last
}

var defaultCalendar = mustParse(EmbeddedName, embedded)

func mustParse(name string, data []byte) *Calendar {
	c, err := Parse(name, data)
	if err != nil {
		panic("holidays: " + err.Error())
	}
	return c
}

// Embedded returns the bank holidays of England and Wales for 2025 to 2028.
func Embedded() *Calendar { return defaultCalendar }

// Parse reads a list of holidays: one date a line as YYYY-MM-DD, optionally
// followed by a space and the holiday's name; blank lines and lines starting
// with # are ignored. name says where the list came from, for messages. A
// list with no dates, a malformed or impossible date, or a date listed twice
// is refused with the line number, so a typing slip cannot silently turn a
// bank holiday into a working day.
func Parse(name string, data []byte) (*Calendar, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a byte-order mark from a spreadsheet
	c := &Calendar{source: name, days: map[civil.Date]string{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		field, rest := line, ""
		if i := strings.IndexFunc(line, unicode.IsSpace); i >= 0 {
			field, rest = line[:i], line[i:]
		}
		d, err := civil.ParseISODate(field)
		if err != nil {
			return nil, fmt.Errorf("%s: line %d: %v", name, n, err)
		}
		if _, dup := c.days[d]; dup {
			return nil, fmt.Errorf("%s: line %d: %s is listed twice", name, n, d)
		}
		c.days[d] = strings.TrimSpace(rest)
		y, _, _ := d.YMD()
		if first := civil.DateOf(y, 1, 1); c.first.IsZero() || first < c.first {
			c.first = first
		}
		if last := civil.DateOf(y, 12, 31); last > c.last {
			c.last = last
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(c.days) == 0 {
		return nil, fmt.Errorf("%s: no dates found (expected one YYYY-MM-DD a line)", name)
	}
	return c, nil
}

// Holiday returns the name of the holiday on d ("" when the list gives
// none) and whether d is one.
func (c *Calendar) Holiday(d civil.Date) (string, bool) {
	if c == nil {
		return "", false
	}
	name, ok := c.days[d]
	return name, ok
}

// IsHoliday reports whether d is a bank holiday.
func (c *Calendar) IsHoliday(d civil.Date) bool {
	_, ok := c.Holiday(d)
	return ok
}

// Covers reports whether d falls in a year the list covers. Outside it, a
// day is never a holiday, which is worth a warning: the list needs updating.
func (c *Calendar) Covers(d civil.Date) bool {
	return c != nil && !c.first.IsZero() && c.first <= d && d <= c.last
}

// Span returns 1 January of the first year listed and 31 December of the last.
func (c *Calendar) Span() (first, last civil.Date) {
	if c == nil {
		return civil.NoDate, civil.NoDate
	}
	return c.first, c.last
}

// Len returns the number of holidays listed.
func (c *Calendar) Len() int {
	if c == nil {
		return 0
	}
	return len(c.days)
}

// Source says where the list came from: EmbeddedName or a file's path.
func (c *Calendar) Source() string {
	if c == nil {
		return ""
	}
	return c.source
}
