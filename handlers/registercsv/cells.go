package registercsv

import (
	"bytes"
	"fmt"
	"strings"

	"frontdoor/handlers"
)

// Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that
// starts with "=", "+", "-" or "@" as a formula, and some treat a leading tab
// or carriage return the same way. Every cell Frontdoor writes that starts
// with one of them, after any run of "'", gets one more "'" in front, which
// spreadsheets show as text; reading removes exactly that one "'". The run of
// "'" makes the mapping reversible: a value that itself starts with "'=" is
// written "''=" and read back as "'=", so export → import → export gives the
// same bytes whatever the value.

// formulaStarts are the characters a spreadsheet may read as a formula.
const formulaStarts = "=+-@\t\r"

// needsQuote reports whether s starts with a run of "'" (possibly empty)
// followed by a character a spreadsheet may read as a formula.
func needsQuote(s string) bool {
	rest := strings.TrimLeft(s, "'")
	return rest != "" && strings.IndexByte(formulaStarts, rest[0]) >= 0
}

// escapeCell writes a value as a cell no spreadsheet runs.
func escapeCell(s string) string {
	if needsQuote(s) {
		return "'" + s
	}
	return s
}

// unescapeCell reads a cell written by escapeCell: one leading "'" is removed
// where escapeCell would have added it. A cell typed without the "'" ("=x",
// or "-" as people write "none") is read as it stands.
func unescapeCell(s string) string {
	if strings.HasPrefix(s, "'") && needsQuote(s[1:]) {
		return s[1:]
	}
	return s
}

// escapeRecord escapes every cell of a record in place and returns it.
func escapeRecord(rec []string) []string {
	for i := range rec {
		rec[i] = escapeCell(rec[i])
	}
	return rec
}

// Limits of what an import accepts, so that any register that is accepted is
// bounded work for every process that loads it (the in-memory index takes
// time and memory linear in these). They are written down in the register
// format (handlers/demo/register/README.md) and the README.
const (
	// MaxFileBytes is the largest register file read.
	MaxFileBytes = 32 << 20
	// MaxCellChars is the most characters one cell may hold.
	MaxCellChars = 20_000
	// MaxListItems is the most values one list cell may hold.
	MaxListItems = 1000
	// MaxListItemsPerKind is the most values all the list cells of one kind
	// may hold together, across the register after an import.
	MaxListItemsPerKind = 1_000_000
	// MaxDepth is the deepest a hierarchy (areas, cohorts) may be: a row
	// with no parent is level 1.
	MaxDepth = 12
)

// MaxRows is the most rows of each kind the register may hold after an import.
var MaxRows = map[string]int{
	handlers.KindAreas:      50_000,
	handlers.KindAgencies:   50_000,
	handlers.KindCohorts:    5_000,
	handlers.KindProgrammes: 20_000,
	handlers.KindFundings:   100_000,
}

// cellProblem checks a cell's characters and length. multiline says the
// column holds free text, where tabs and line breaks are allowed. It returns
// a message for the person editing the spreadsheet, or "".
func cellProblem(s string, multiline bool) string {
	pos := 0
	for _, r := range s {
		pos++
		switch {
		case r >= 0x20 && r < 0x7F, r >= 0xA0 && !isBidi(r):
			continue
		case r == '\t' || r == '\n':
			if multiline {
				continue
			}
			what := "a tab"
			fix := "replace it with a space"
			if r == '\n' {
				what, fix = "a line break", "put the value on one line"
			}
			return fmt.Sprintf("holds %s at character %d; only descriptions and notes may hold tabs and line breaks, so %s", what, pos, fix)
		case r < 0x20 || r == 0x7F || r >= 0x80 && r <= 0x9F:
			return fmt.Sprintf("holds a control character (%s) at character %d, which a spreadsheet does not show and which has no place in the register; delete it", controlName(r), pos)
		case isBidi(r):
			return fmt.Sprintf("holds an invisible bidirectional control (U+%04X %s) at character %d, which makes the text show in a different order from how it is stored; delete it", r, bidiNames[r], pos)
		}
	}
	if pos > MaxCellChars {
		return fmt.Sprintf("is %s characters long; a cell may hold at most %s, so shorten it (a long text can go in a document, linked from the url or source_url column)", thousands(pos), thousands(MaxCellChars))
	}
	return ""
}

// bidiNames names the Unicode bidirectional formatting characters, which can
// make a cell read differently from what it holds ("Trojan Source").
var bidiNames = map[rune]string{
	0x061C: "ARABIC LETTER MARK",
	0x200E: "LEFT-TO-RIGHT MARK",
	0x200F: "RIGHT-TO-LEFT MARK",
	0x202A: "LEFT-TO-RIGHT EMBEDDING",
	0x202B: "RIGHT-TO-LEFT EMBEDDING",
	0x202C: "POP DIRECTIONAL FORMATTING",
	0x202D: "LEFT-TO-RIGHT OVERRIDE",
	0x202E: "RIGHT-TO-LEFT OVERRIDE",
	0x2066: "LEFT-TO-RIGHT ISOLATE",
	0x2067: "RIGHT-TO-LEFT ISOLATE",
	0x2068: "FIRST STRONG ISOLATE",
	0x2069: "POP DIRECTIONAL ISOLATE",
}

func isBidi(r rune) bool {
	return r == 0x061C || r == 0x200E || r == 0x200F || r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
}

func controlName(r rune) string {
	switch r {
	case 0:
		return "U+0000, a zero byte"
	case '\r':
		return "U+000D, a carriage return on its own"
	case 0x1B:
		return "U+001B, escape"
	case 0x7F:
		return "U+007F, delete"
	}
	return fmt.Sprintf("U+%04X", r)
}

// thousands writes n with commas: 50000 → "50,000".
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// isBinary recognises data that is not text even though it may be valid
// UTF-8: zero bytes close together (executables, archives, UTF-16 without a
// byte-order mark) or one in the header line. A lone zero byte in a cell of
// an otherwise good file is reported on its cell instead.
func isBinary(data []byte) (line int, binary bool) {
	header := bytes.IndexByte(data, '\n')
	if header < 0 {
		header = len(data)
	}
	last := -8
	for i, b := range data {
		if b != 0 {
			continue
		}
		if i-last <= 3 || i < header {
			return lineAt(data, i), true
		}
		last = i
	}
	return 0, false
}
