package giving360

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"reflect"
	"strings"
	"unicode/utf8"
)

// Read parses a 360Giving file: a JSON package ({"grants": […]}, or a bare
// list of grants), or the CSV that 360Giving's spreadsheet template produces
// (one grant a row, columns titled as the template titles them). name is the
// file's name, for messages and to tell the two apart (.json, .csv; other
// names by their first character). A file that cannot be read as either is
// an error naming what is wrong; a grant that can be read but not recorded is
// left for Plan to report.
func Read(name string, data []byte) ([]Grant, error) {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("giving360: %s: this file is not UTF-8 text; save it as UTF-8 (for a spreadsheet: CSV UTF-8)", base)
	}
	switch strings.ToLower(path.Ext(base)) {
	case ".json":
		return readJSON(base, data)
	case ".csv":
		return readCSV(base, data)
	case ".xlsx", ".xls", ".ods", ".xlsm":
		return nil, fmt.Errorf("giving360: %s: this is a spreadsheet workbook; save its grants sheet as CSV UTF-8, or use the funder's JSON file", base)
	}
	if t := bytes.TrimSpace(data); len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return readJSON(base, data)
	}
	return readCSV(base, data)
}

// readJSON reads a package grant by grant, so a grant whose values have the
// wrong JSON type is named by its line rather than failing the whole file.
func readJSON(name string, data []byte) ([]Grant, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, jsonError(name, data, err)
	}
	switch tok {
	case json.Delim('['):
		return readGrantList(name, data, dec)
	case json.Delim('{'):
	default:
		return nil, fmt.Errorf("giving360: %s: not a 360Giving package: it should be a JSON object with a \"grants\" list", name)
	}
	var grants []Grant
	found := false
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil, jsonError(name, data, err)
		}
		if key != "grants" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, jsonError(name, data, err)
			}
			continue
		}
		found = true
		if t, err := dec.Token(); err != nil {
			return nil, jsonError(name, data, err)
		} else if t != json.Delim('[') {
			return nil, fmt.Errorf("giving360: %s: \"grants\" should be a list of grants", name)
		}
		if grants, err = readGrantList(name, data, dec); err != nil {
			return nil, err
		}
	}
	if !found {
		return nil, fmt.Errorf("giving360: %s: not a 360Giving package: it has no \"grants\" list", name)
	}
	return grants, nil
}

func noGrants(name string) error {
	return fmt.Errorf("giving360: %s: holds no grants", name)
}

// readGrantList reads the grants of a list whose '[' has been read.
func readGrantList(name string, data []byte, dec *json.Decoder) ([]Grant, error) {
	var grants []Grant
	lines := lineCounter{data: data}
	for dec.More() {
		line := lines.at(startOfValue(data, dec.InputOffset()))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, jsonError(name, data, err)
		}
		var g Grant
		if err := json.Unmarshal(raw, &g); err != nil {
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				what := "a grant"
				if te.Field != "" {
					what = te.Field
				}
				return nil, fmt.Errorf("giving360: %s:%d: %s is a JSON %s where the standard has %s; correct the file", name, line, what, te.Value, typeName(te.Type))
			}
			return nil, fmt.Errorf("giving360: %s:%d: %w", name, line, err)
		}
		g.At = Source{File: name, Line: line}
		grants = append(grants, g)
	}
	if _, err := dec.Token(); err != nil { // the closing ']'
		return nil, jsonError(name, data, err)
	}
	if len(grants) == 0 {
		return nil, noGrants(name)
	}
	return grants, nil
}

func typeName(t reflect.Type) string {
	switch {
	case t == reflect.TypeFor[json.Number]():
		return "a number"
	case t.Kind() == reflect.Slice:
		return "a list"
	case t.Kind() == reflect.Struct || t.Kind() == reflect.Map:
		return "an object"
	case t.Kind() == reflect.String:
		return "text"
	}
	return "a " + t.Kind().String()
}

// startOfValue skips the whitespace and comma before the value at off.
func startOfValue(data []byte, off int64) int {
	i := int(off)
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n' || data[i] == ',') {
		i++
	}
	return i
}

// lineCounter finds the lines of increasing offsets, counting each byte once.
type lineCounter struct {
	data []byte
	off  int
	line int
}

func (c *lineCounter) at(off int) int {
	off = min(off, len(c.data))
	if off < c.off {
		return lineAt(c.data, off)
	}
	c.line += bytes.Count(c.data[c.off:off], []byte("\n"))
	c.off = off
	return c.line + 1
}

func lineAt(data []byte, off int) int {
	if off > len(data) {
		off = len(data)
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

func jsonError(name string, data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("giving360: %s:%d: not valid JSON: %v", name, lineAt(data, int(se.Offset)), se)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("giving360: %s: the JSON ends too early: the file is cut short", name)
	}
	return fmt.Errorf("giving360: %s: %w", name, err)
}
