package civil

import "strings"

// Reading dates people write. Every reader of Frontdoor (the `as of` of a
// lookup, a due date, the register's files, a 360Giving spreadsheet) reads
// a date written with slashes day first, through SlashDate, and decides a
// two-digit year the one way FullYear says.

// FullYear is the year a two-digit year means where a person types a date
// (`as of 1/4/26`, `by 1/12/26`): 20yy, the century of every date the unit
// works with. Files are records, and a spreadsheet's two-digit year depends
// on its settings: the register's files and 360Giving spreadsheets refuse
// two-digit years, asking for the year in full.
func FullYear(yy int) int { return 2000 + yy }

// SlashDate reads the numbers of a date written with slashes, day first
// (D/M/Y: 1/4/2026, 01/04/26): ok is false when s is not one (not three
// groups of digits, a day or month of more than two digits, a year of
// neither two nor four). yearDigits says how the year was written; a
// two-digit year is returned as written, for the reader to read with
// FullYear or refuse. Whether the numbers make a real day is for the reader
// to check (ValidYMD), so it can say why not.
func SlashDate(s string) (day, month, year, yearDigits int, ok bool) {
	parts := strings.Split(s, "/")
	if len(parts) != 3 {
		return 0, 0, 0, 0, false
	}
	d, m, y := parts[0], parts[1], parts[2]
	if !allDigits(d) || !allDigits(m) || !allDigits(y) || len(d) > 2 || len(m) > 2 || (len(y) != 2 && len(y) != 4) {
		return 0, 0, 0, 0, false
	}
	return atoi(d), atoi(m), atoi(y), len(y), true
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
