package registercsv

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"frontdoor/handlers"
	"frontdoor/handlers/civil"
)

// Cell parsers. Each returns the value, or a message for the person who edits
// the spreadsheet saying what is wrong and how to write it instead.

const dateForms = "write it as YYYY-MM-DD (2025-04-01), YYYY-MM for a whole month (2025-04), or DD/MM/YYYY (01/04/2025)"

// parseDate reads YYYY-MM-DD, YYYY-MM (the first day of the month as a start,
// the last as an end) or DD/MM/YYYY (D and M may be one digit, as
// spreadsheets sometimes write them).
func parseDate(s string, end bool) (handlers.Date, string) {
	switch {
	case len(s) == 10 && s[4] == '-' && s[7] == '-' && digits(s[:4]) && digits(s[5:7]) && digits(s[8:]):
		return calendarDay(s, atoi(s[:4]), atoi(s[5:7]), atoi(s[8:]), false)
	case len(s) == 7 && s[4] == '-' && digits(s[:4]) && digits(s[5:]):
		y, m := atoi(s[:4]), atoi(s[5:])
		if m < 1 || m > 12 {
			return 0, fmt.Sprintf("%q is not a real month: there is no month %d; %s", s, m, dateForms)
		}
		if y < 1 {
			return 0, fmt.Sprintf("%q is not a real month: there is no year 0; %s", s, dateForms)
		}
		if end {
			return handlers.DateOf(y, time.Month(m), handlers.DaysIn(y, time.Month(m))), ""
		}
		return handlers.DateOf(y, time.Month(m), 1), ""
	case strings.Count(s, "/") == 2:
		d, m, y, yearDigits, ok := civil.SlashDate(s)
		if !ok {
			break
		}
		if yearDigits == 2 { // a file is a record: its years are written in full
			parts := strings.Split(s, "/")
			return 0, fmt.Sprintf("%q has a two-digit year; write the year in full (%s/%s/%d)", s, pad2(parts[0]), pad2(parts[1]), civil.FullYear(y))
		}
		return calendarDay(s, y, m, d, true)
	case len(s) == 5 && digits(s):
		return 0, fmt.Sprintf("%q looks like a spreadsheet's date number, not a date; format the column as a date (DD/MM/YYYY) before saving, or write it as YYYY-MM-DD (2025-04-01)", s)
	}
	return 0, fmt.Sprintf("%q is not a date; %s", s, dateForms)
}

func calendarDay(s string, y, m, d int, dayFirst bool) (handlers.Date, string) {
	if handlers.ValidYMD(y, time.Month(m), d) {
		return handlers.DateOf(y, time.Month(m), d), ""
	}
	why := ""
	switch {
	case y < 1:
		why = "there is no year 0"
	case m < 1 || m > 12:
		why = fmt.Sprintf("there is no month %d", m)
		if dayFirst && d >= 1 && d <= 12 {
			why += " (dates with slashes are day first: DD/MM/YYYY)"
		}
	case d < 1:
		why = "there is no day 0"
	default:
		why = fmt.Sprintf("%s %d has %d days", time.Month(m), y, handlers.DaysIn(y, time.Month(m)))
	}
	return 0, fmt.Sprintf("%q is not a real date: %s", s, why)
}

// formatDate is the canonical form: YYYY-MM-DD, or empty for no date.
func formatDate(d handlers.Date) string { return d.String() }

// maxPoundDigits keeps amounts in pence well inside int64.
const maxPoundDigits = 15

const amountForm = `write pounds as digits with an optional decimal point, e.g. 1500000 or 2500.50 (no "£", no commas)`

// parseAmount reads whole or decimal pounds (at most two decimal places) into pence.
func parseAmount(s string) (int64, string) {
	if rest, neg := strings.CutPrefix(s, "-"); neg {
		if _, msg := parseAmount(rest); msg == "" {
			return 0, fmt.Sprintf("%q is negative; an amount cannot be below 0 (leave the cell empty if it is not disclosed)", s)
		}
		return 0, fmt.Sprintf("%q is not an amount; %s", s, amountForm)
	}
	whole, frac, hasPoint := strings.Cut(s, ".")
	if digits(whole) && (!hasPoint || digits(frac)) {
		if len(frac) > 2 {
			return 0, fmt.Sprintf("%q has more than two decimal places; give pounds and pence, rounded to the penny", s)
		}
		whole = strings.TrimLeft(whole, "0")
		if len(whole) > maxPoundDigits {
			return 0, fmt.Sprintf("%q is too large for an amount in pounds; check the figure", s)
		}
		pence := int64(atoi(whole)) * 100
		if frac != "" {
			f := atoi(frac)
			if len(frac) == 1 {
				f *= 10
			}
			pence += int64(f)
		}
		return pence, ""
	}
	if cleaned := strings.NewReplacer("£", "", ",", "", " ", "").Replace(s); cleaned != s {
		if _, msg := parseAmount(cleaned); msg == "" {
			return 0, fmt.Sprintf("%q is not an amount: write digits only, without \"£\" or commas (%s)", s, cleaned)
		}
	}
	if strings.ContainsAny(s, "eE") {
		if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 0 {
			return 0, fmt.Sprintf("%q is in scientific notation, as spreadsheets show large numbers; format the column as a number with no decimal places before saving, or %s", s, amountForm)
		}
	}
	return 0, fmt.Sprintf("%q is not an amount; %s", s, amountForm)
}

// formatAmount writes pence as pounds: whole pounds without decimals, else two decimals.
func formatAmount(pence int64) string {
	if pence%100 == 0 {
		return strconv.FormatInt(pence/100, 10)
	}
	return fmt.Sprintf("%d.%02d", pence/100, pence%100)
}

// maxWholeDigits keeps whole numbers inside int64.
const maxWholeDigits = 18

// parseWhole reads a whole number of 0 or more ("120", or "120.0" as some
// spreadsheets write it).
func parseWhole(s string) (int64, string) {
	if rest, neg := strings.CutPrefix(s, "-"); neg {
		if _, msg := parseWhole(rest); msg == "" {
			return 0, fmt.Sprintf("%q is negative; give a whole number of 0 or more, e.g. 120", s)
		}
		return 0, fmt.Sprintf("%q is not a whole number; give a whole number of 0 or more, e.g. 120", s)
	}
	whole, frac, hasPoint := strings.Cut(s, ".")
	if digits(whole) && (!hasPoint || digits(frac)) {
		if strings.Trim(frac, "0") != "" {
			return 0, fmt.Sprintf("%q is not a whole number; give a whole number of 0 or more, e.g. 120", s)
		}
		whole = strings.TrimLeft(whole, "0")
		if len(whole) > maxWholeDigits {
			return 0, fmt.Sprintf("%q is too large; check the figure", s)
		}
		return int64(atoi(whole)), ""
	}
	if cleaned := strings.ReplaceAll(s, ",", ""); cleaned != s {
		if _, msg := parseWhole(cleaned); msg == "" {
			return 0, fmt.Sprintf("%q: write digits only, without commas (%s)", s, cleaned)
		}
	}
	return 0, fmt.Sprintf("%q is not a whole number; give a whole number of 0 or more, e.g. 120", s)
}

// parseBool reads true or false in any letter case (spreadsheets write TRUE).
func parseBool(s string) (bool, string) {
	switch {
	case strings.EqualFold(s, "true"):
		return true, ""
	case strings.EqualFold(s, "false"):
		return false, ""
	}
	return false, fmt.Sprintf("%q is not true or false; write true or false, or leave the cell empty if it is not known", s)
}

// parseEnum matches a value against the allowed values, ignoring letter case
// and treating spaces and hyphens as underscores ("Strategic Authority").
func parseEnum(s string, values []string) (string, bool) {
	key := strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(s))
	for _, v := range values {
		if v == key {
			return v, true
		}
	}
	return "", false
}

// parseList splits a ";"-separated cell, trimming spaces and dropping empty
// and repeated items (a repeated id means nothing more, and the store keeps
// each pair once).
func parseList(s string) []string {
	var out []string
	var seen map[string]bool // only for long lists; short ones are searched
	for item := range strings.SplitSeq(s, ";") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if len(out) == 16 {
			seen = make(map[string]bool, 32)
			for _, o := range out {
				seen[o] = true
			}
		}
		if seen != nil && seen[item] || seen == nil && slices.Contains(out, item) {
			continue
		}
		if seen != nil {
			seen[item] = true
		}
		out = append(out, item)
	}
	return out
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// atoi converts a string already checked by digits (and short enough for int64).
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

// isoPeriod describes a period with ISO dates for messages.
func isoPeriod(start, end handlers.Date) string {
	switch {
	case start.IsZero() && end.IsZero():
		return "no dates"
	case start.IsZero():
		return "until " + end.String()
	case end.IsZero():
		return "from " + start.String()
	}
	return start.String() + " to " + end.String()
}
