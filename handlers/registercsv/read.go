package registercsv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"
)

// table is a register file read as CSV, before its cells are checked.
type table struct {
	name       string
	headerLine int
	cols       map[string]int // format column → index of its cell
	rows       []record
	// usable says the rows can be checked: the file is CSV text with an id column.
	usable bool
	// complete says every data row was read; a row that could not be read may
	// hold an id that other rows refer to, or one --replace would delete.
	complete bool
}

type record struct {
	line  int
	cells []string
}

// cell returns a row's cell in a format column ("" when absent): trimmed,
// and without the "'" that export puts before a cell a spreadsheet would run
// as a formula (see escapeCell).
func (t *table) cell(r record, col string) string {
	i, ok := t.cols[col]
	if !ok || i >= len(r.cells) {
		return ""
	}
	return unescapeCell(strings.TrimSpace(r.cells[i]))
}

const saveAsUTF8 = `save it as CSV UTF-8 (in Excel: File > Save As > "CSV UTF-8 (Comma delimited)"; in LibreOffice: Save As "Text CSV" with the character set "Unicode (UTF-8)")`

// readTable reads a file as CSV and checks its header against the kind's
// columns (known, in any order; required ones present where needed is
// checked later, once it is known which rows are new).
func readTable(f File, columns []string, add func(line int, col, msg string)) *table {
	t := &table{name: f.Name}
	data := f.Data
	if len(data) > MaxFileBytes {
		add(0, "", fmt.Sprintf("the file is %s MB; a register file may be at most %d MB. Check it is the right file (a register of every programme in the country is a few MB)", thousands((len(data)+(1<<20)-1)>>20), MaxFileBytes>>20))
		return t
	}
	if line, msg := notText(data); msg != "" {
		add(line, "", msg)
		return t
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if bytes.IndexByte(data, '\n') < 0 && bytes.IndexByte(data, '\r') >= 0 {
		// Lines ended by CR alone, as old Mac spreadsheets write them.
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	}
	if !utf8.Valid(data) {
		line, col, b := firstInvalidUTF8(data)
		add(line, col, fmt.Sprintf("this file is not UTF-8 text (it holds the byte 0x%02X, which is how another encoding such as Windows-1252 writes a letter like \"é\" or \"£\"); %s", b, saveAsUTF8))
		return t
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1    // row lengths are checked here, with a message about the row
	r.TrimLeadingSpace = true // so `a, "b, c"` reads as two cells
	header, err := r.Read()
	if err == io.EOF {
		add(0, "", fmt.Sprintf("the file is empty; it needs a header row naming its columns (%s)", strings.Join(columns, ",")))
		return t
	}
	if err != nil {
		line, msg := csvProblem(data, err)
		add(line, "", msg)
		return t
	}
	t.headerLine, _ = r.FieldPos(0)
	t.complete = true
	for {
		cells, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line, msg := csvProblem(data, err)
			add(line, "", msg)
			t.complete = false
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				break // not a problem in the text: nothing more can be read
			}
			continue
		}
		line, _ := r.FieldPos(0)
		if allEmpty(cells) {
			continue // spreadsheets write empty rows below the data
		}
		t.rows = append(t.rows, record{line: line, cells: cells})
	}

	if len(header) == 1 && strings.ContainsAny(header[0], ";\t") {
		sep := `";"`
		if strings.Contains(header[0], "\t") {
			sep = "tabs"
		}
		add(t.headerLine, "", fmt.Sprintf("the columns are separated by %s, not commas; %s", sep, saveAsUTF8))
		t.complete = false
		return t
	}

	t.cols = map[string]int{}
	known := map[string]bool{}
	for _, c := range columns {
		known[c] = true
	}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if h == "" {
			for _, r := range t.rows {
				if i < len(r.cells) && strings.TrimSpace(r.cells[i]) != "" {
					add(r.line, "", fmt.Sprintf("column %s has a value (%q) but no header; give the column a header from the format, or delete it", columnLetter(i), clip(strings.TrimSpace(r.cells[i]))))
					break
				}
			}
			continue
		}
		key := strings.ReplaceAll(strings.ToLower(h), " ", "_")
		if !known[key] {
			add(t.headerLine, h, unknownColumn(h, f.Name, columns))
			continue
		}
		if j, dup := t.cols[key]; dup {
			add(t.headerLine, h, fmt.Sprintf("the column appears twice (columns %s and %s); delete one of them", columnLetter(j), columnLetter(i)))
			continue
		}
		t.cols[key] = i
	}
	if _, ok := t.cols["id"]; !ok {
		add(t.headerLine, "id", "required column is missing; every register file needs an id column, which says which row is which")
		t.complete = false
		return t
	}
	t.usable = true

	// Rows must line up with the header, or cells land in the wrong columns.
	// (An extra empty cell is refused too: "Leeds, Bradford,other," unquoted
	// has one, and would shift every cell after the comma.)
	rows := t.rows[:0]
	for _, r := range t.rows {
		switch {
		case len(r.cells) < len(header):
			add(r.line, "", fmt.Sprintf("this row has %d cells but the header has %d columns; add the missing cells (a line break inside a cell needs double quotes around the cell)", len(r.cells), len(header)))
		case len(r.cells) > len(header):
			add(r.line, "", fmt.Sprintf("this row has %d cells but the header has %d columns; a cell that holds a comma needs double quotes around it (\"Leeds, Bradford\"), and a stray comma at the end of the row must go", len(r.cells), len(header)))
		default:
			rows = append(rows, r)
			continue
		}
		t.complete = false
	}
	t.rows = rows
	return t
}

// notText recognises files that are not CSV text at all.
func notText(data []byte) (line int, msg string) {
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return 0, `this is a spreadsheet workbook (.xlsx or .ods), not a CSV file; open it and ` + saveAsUTF8
	case bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		return 0, `this is an Excel 97-2003 workbook (.xls), not a CSV file; open it and ` + saveAsUTF8
	case bytes.HasPrefix(data, []byte("\xFF\xFE")), bytes.HasPrefix(data, []byte("\xFE\xFF")):
		return 0, `this file is UTF-16 ("Unicode Text"), not UTF-8; ` + saveAsUTF8
	}
	if line, binary := isBinary(data); binary {
		return line, `this file holds binary data (a zero byte on this line), so it is not CSV text; ` + saveAsUTF8
	}
	return 0, ""
}

// firstInvalidUTF8 finds where a file stops being UTF-8: the line, the column
// (when the file reads as CSV far enough to tell) and the offending byte.
func firstInvalidUTF8(data []byte) (line int, col string, b byte) {
	i := 0
	for i < len(data) {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		i += size
	}
	line, b = lineAt(data, i), data[i]
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err != nil {
		return line, "", b
	}
	for j, h := range header {
		if !utf8.ValidString(h) {
			l, _ := r.FieldPos(j)
			return l, "", b
		}
	}
	for {
		cells, err := r.Read()
		if err != nil {
			return line, "", b
		}
		for j, c := range cells {
			if !utf8.ValidString(c) {
				l, _ := r.FieldPos(j)
				if j < len(header) {
					return l, strings.TrimSpace(header[j]), b
				}
				return l, "", b
			}
		}
	}
}

// csvProblem explains an error from encoding/csv with the line it is on.
func csvProblem(data []byte, err error) (int, string) {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return 0, "the file cannot be read as CSV: " + err.Error()
	}
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return pe.Line, fmt.Sprintf(`this line is not valid CSV: a double quote (") at character %d is inside a cell that does not start with one; put the whole cell in double quotes and write each quote inside it twice ("the ""new"" scheme")`, charColumn(data, pe.Line, pe.Column))
	case errors.Is(pe.Err, csv.ErrQuote):
		where := ""
		if pe.Line != pe.StartLine {
			where = fmt.Sprintf(" (the trouble shows on line %d)", pe.Line)
		} else {
			where = fmt.Sprintf(" (at character %d)", charColumn(data, pe.Line, pe.Column))
		}
		return pe.StartLine, `this row is not valid CSV: a cell in double quotes is not closed properly` + where + `; the closing quote is missing, or text follows it. Check the quotes in this row`
	}
	return pe.Line, "this line is not valid CSV: " + pe.Err.Error()
}

// lineAt returns the 1-based line of byte offset i.
func lineAt(data []byte, i int) int {
	return bytes.Count(data[:i], []byte("\n")) + 1
}

// charColumn turns encoding/csv's 1-based byte column on a line into a
// 1-based character position, as people count.
func charColumn(data []byte, line, byteCol int) int {
	start := 0
	for l := 1; l < line; l++ {
		j := bytes.IndexByte(data[start:], '\n')
		if j < 0 {
			return byteCol
		}
		start += j + 1
	}
	end := start + byteCol - 1
	if byteCol < 1 || end > len(data) {
		return byteCol
	}
	return utf8.RuneCount(data[start:end]) + 1
}

func unknownColumn(h, file string, columns []string) string {
	msg := "unknown column"
	key := strings.ReplaceAll(strings.ToLower(h), " ", "_")
	best, bestD := "", 0
	for _, c := range columns {
		d := levenshtein.ComputeDistance(key, c)
		if d <= max(1, len(c)/3) && (best == "" || d < bestD) {
			best, bestD = c, d
		}
	}
	if best != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", best)
	}
	return msg + fmt.Sprintf("; the columns of %s are %s. Rename the column or delete it", FileName(mustKind(file)), strings.Join(columns, ", "))
}

func mustKind(file string) string {
	k, _ := KindOf(file)
	return k
}

func allEmpty(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// columnLetter names a 0-based column as a spreadsheet does: A, B, ..., Z, AA.
func columnLetter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// clip shortens a cell quoted in a message.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	return string([]rune(s)[:40]) + "…"
}
