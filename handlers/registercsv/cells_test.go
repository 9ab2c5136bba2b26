package registercsv

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"frontdoor/handlers"
)

func TestEscapeCell(t *testing.T) {
	tests := []struct{ value, cell string }{
		{"=1+1", "'=1+1"},
		{"+44 161 000 0000", "'+44 161 000 0000"},
		{"-", "'-"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"'=1+1", "''=1+1"},
		{"''@x", "'''@x"},
		{"'Tis the season", "'Tis the season"},
		{"'", "'"},
		{"a=1+1", "a=1+1"},
		{"", ""},
		{"Restart", "Restart"},
	}
	for _, tt := range tests {
		if got := escapeCell(tt.value); got != tt.cell {
			t.Errorf("escapeCell(%q) = %q, want %q", tt.value, got, tt.cell)
		}
		if got := unescapeCell(tt.cell); got != tt.value {
			t.Errorf("unescapeCell(%q) = %q, want %q", tt.cell, got, tt.value)
		}
	}
	// Cells typed by hand, without the quote, read as they stand.
	for _, cell := range []string{"=1+1", "-", "@x", "'Tis"} {
		if got := unescapeCell(cell); got != cell {
			t.Errorf("unescapeCell(%q) = %q, want it unchanged", cell, got)
		}
	}
}

// nonTextColumns are the columns whose cells are dates, numbers, booleans
// or one of a fixed set of words; every other column takes text.
var nonTextColumns = map[string]bool{
	"kind": true, "start_date": true, "end_date": true, "capacity": true, "status": true,
	"amount_gbp": true, "ring_fenced": true, "award_date": true, "checked_on": true,
}

// textColumns lists the columns of a kind that take text (ids, names,
// references, lists, free text), from the format itself, so that a column
// added later is covered.
func textColumns(kind string) []string {
	var out []string
	for _, c := range Columns(kind) {
		if !nonTextColumns[c] {
			out = append(out, c)
		}
	}
	return out
}

// formulaRegister holds "=1+1" as the whole cell of every column that takes
// text: each kind has a row whose id is "=1+1", and every reference names it.
func formulaRegister() *handlers.Register {
	const f = "=1+1"
	return &handlers.Register{
		Areas: []handlers.Area{
			{ID: f, Name: f, Kind: "country", Aliases: []string{f}},
			{ID: "E08000003", Name: "Manchester", Kind: "local_authority", ParentID: f},
		},
		Agencies: []handlers.Agency{{ID: f, Name: f, Kind: "other", AreaID: f, Aliases: []string{f}, OrgID: f}},
		Cohorts: []handlers.Cohort{
			{ID: f, Name: f, Aliases: []string{f}, Description: f},
			{ID: "neets", Name: "NEETs", ParentID: f},
		},
		Programmes: []handlers.Programme{{
			ID: f, Name: f, LeadAgencyID: f, AreaIDs: []string{f}, CohortIDs: []string{f},
			Contact: f, URL: f, Description: f, Aliases: []string{f},
		}},
		Fundings: []handlers.Funding{{
			ID: f, ProgrammeID: f, FunderID: f, RecipientID: f, AreaIDs: []string{f}, SourceURL: f, Notes: f,
		}},
	}
}

// TestFormulaCellsAreNeutralisedInEveryTextColumn exports a register holding
// "=1+1" in every column that takes text: each such cell goes out as
// "'=1+1", no cell of any file starts with what a spreadsheet runs, and
// export → import → export gives the same bytes and the same values.
func TestFormulaCellsAreNeutralisedInEveryTextColumn(t *testing.T) {
	reg := formulaRegister()
	files := exportAll(t, reg)
	for _, f := range files {
		kind, _ := KindOf(f.Name)
		records, err := csv.NewReader(bytes.NewReader(f.Data)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		header := records[0]
		for _, col := range textColumns(kind) {
			j := slices.Index(header, col)
			found := false
			for _, rec := range records[1:] {
				found = found || rec[j] == "'=1+1"
			}
			if !found {
				t.Errorf("%s: no cell of %s is \"'=1+1\"", f.Name, col)
			}
		}
		for i, rec := range records[1:] {
			for j, cell := range rec {
				if cell != "" && strings.IndexByte(formulaStarts, cell[0]) >= 0 {
					t.Errorf("%s:%d: %s: %q starts with what a spreadsheet runs as a formula", f.Name, i+2, header[j], cell)
				}
			}
		}
	}
	back := mustLoad(t, files)
	if a := back.Areas[0]; a.ID != "=1+1" || a.Name != "=1+1" || a.Aliases[0] != "=1+1" || back.Areas[1].ParentID != "=1+1" {
		t.Errorf("areas read back as %+v", back.Areas)
	}
	if f := back.Fundings[0]; f.ID != "=1+1" || f.ProgrammeID != "=1+1" || f.FunderID != "=1+1" || f.RecipientID != "=1+1" ||
		f.AreaIDs[0] != "=1+1" || f.SourceURL != "=1+1" || f.Notes != "=1+1" {
		t.Errorf("funding read back as %+v", f)
	}
	if p := back.Programmes[0]; p.Contact != "=1+1" || p.URL != "=1+1" || p.Description != "=1+1" || back.Agencies[0].OrgID != "=1+1" {
		t.Errorf("programme read back as %+v, agency %+v", p, back.Agencies[0])
	}
	checkRoundTrip(t, reg)
}

// TestFormulaLookalikesRoundTrip: values that already start with "'", and
// other formula starts, survive export → import → export unchanged.
func TestFormulaLookalikesRoundTrip(t *testing.T) {
	reg := smallRegister(t)
	for i, name := range []string{"'=1+1", "''@x", "'Tis", "+44 161", "-", "@here"} {
		reg.Cohorts = append(reg.Cohorts, handlers.Cohort{ID: fmt.Sprintf("c%d", i), Name: name, Description: "\t" + name})
	}
	checkRoundTrip(t, reg)
	back := mustLoad(t, exportAll(t, reg))
	for i, c := range back.Cohorts[4:] {
		if want := reg.Cohorts[4+i]; c.Name != want.Name || c.Description != want.Description {
			t.Errorf("cohort %s read back as %q / %q, want %q / %q", c.ID, c.Name, c.Description, want.Name, want.Description)
		}
	}
}

// TestHandWrittenFormulaCells: a file edited by hand may hold the quote or
// not; exactly one quote is removed where export would have put it.
func TestHandWrittenFormulaCells(t *testing.T) {
	diff := mustPlan(t, &handlers.Register{}, []File{csvFile("cohorts.csv", "id,name",
		"a,'=1+1", "b,=1+1", "c,''=1+1", "d,'Tis", "e,'-", "'f,F")}, false)
	want := map[string]string{"a": "=1+1", "b": "=1+1", "c": "'=1+1", "d": "'Tis", "e": "-", "'f": "F"}
	for _, c := range diff.Cohorts.Added {
		if want[c.ID] != c.Name {
			t.Errorf("cohort %q: name %q, want %q", c.ID, c.Name, want[c.ID])
		}
		delete(want, c.ID)
	}
	if len(want) > 0 {
		t.Errorf("not read: %v", want)
	}
}

// TestActionsAndAuditCSVNeutraliseFormulas: a formula typed into an action
// (or anything in the audit trail) goes out in actions.csv and audit.csv as
// text a spreadsheet does not run.
func TestActionsAndAuditCSVNeutraliseFormulas(t *testing.T) {
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	hyperlink := `=HYPERLINK("https://evil.example","Click for the referral figures")`
	var b bytes.Buffer
	err := WriteActions(&b, []handlers.Action{{
		ID: 1, Text: hyperlink, Status: "open", OwnerID: "U1", OwnerName: "@sam", CreatorID: "+x",
		Link: "-1", CreatedAt: at, UpdatedAt: at,
	}})
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	row := map[string]string{}
	for i, c := range ActionColumns {
		row[c] = records[1][i]
	}
	for col, want := range map[string]string{"text": "'" + hyperlink, "owner_name": "'@sam", "creator_id": "'+x", "link": "'-1", "id": "1", "status": "open"} {
		if row[col] != want {
			t.Errorf("actions.csv %s = %q, want %q", col, row[col], want)
		}
	}

	b.Reset()
	err = WriteAudit(&b, []handlers.AuditEntry{{
		ID: 1, At: at, Actor: "@alex", Kind: "action.create", Subject: "#1", Outcome: "ok",
		After: []byte(`{"text":"=1+1"}`), Detail: "=1+1",
	}})
	if err != nil {
		t.Fatal(err)
	}
	if records, err = csv.NewReader(&b).ReadAll(); err != nil {
		t.Fatal(err)
	}
	if got := records[1]; got[2] != "'@alex" || got[8] != "'=1+1" || got[7] != `{"text":"=1+1"}` {
		t.Errorf("audit.csv row = %q", got)
	}
}

// controlCases are characters refused in every register cell, with the
// message each gives at character 2 of the cell.
var controlCases = []struct{ name, char, msg string }{
	{"NUL", "\x00", "holds a control character (U+0000, a zero byte) at character 2, which a spreadsheet does not show and which has no place in the register; delete it"},
	{"bell", "\x07", "holds a control character (U+0007) at character 2, which a spreadsheet does not show and which has no place in the register; delete it"},
	{"escape", "\x1b", "holds a control character (U+001B, escape) at character 2, which a spreadsheet does not show and which has no place in the register; delete it"},
	{"carriage return", "\r", "holds a control character (U+000D, a carriage return on its own) at character 2, which a spreadsheet does not show and which has no place in the register; delete it"},
	{"delete", "\x7f", "holds a control character (U+007F, delete) at character 2, which a spreadsheet does not show and which has no place in the register; delete it"},
	{"C1 next line", "\u0085", "holds a control character (U+0085) at character 2, which a spreadsheet does not show and which has no place in the register; delete it"},
	{"right-to-left override", "\u202e", "holds an invisible bidirectional control (U+202E RIGHT-TO-LEFT OVERRIDE) at character 2, which makes the text show in a different order from how it is stored; delete it"},
	{"left-to-right embedding", "\u202a", "holds an invisible bidirectional control (U+202A LEFT-TO-RIGHT EMBEDDING) at character 2, which makes the text show in a different order from how it is stored; delete it"},
	{"first strong isolate", "\u2068", "holds an invisible bidirectional control (U+2068 FIRST STRONG ISOLATE) at character 2, which makes the text show in a different order from how it is stored; delete it"},
	{"pop directional isolate", "\u2069", "holds an invisible bidirectional control (U+2069 POP DIRECTIONAL ISOLATE) at character 2, which makes the text show in a different order from how it is stored; delete it"},
	{"right-to-left mark", "\u200f", "holds an invisible bidirectional control (U+200F RIGHT-TO-LEFT MARK) at character 2, which makes the text show in a different order from how it is stored; delete it"},
}

// storedIDs are rows of the small register each kind's test updates.
var storedIDs = map[string]string{
	handlers.KindAreas: "E08000003", handlers.KindAgencies: "dwp", handlers.KindCohorts: "neets",
	handlers.KindProgrammes: "restart", handlers.KindFundings: "r1",
}

// quoteCell writes a cell in double quotes, so it may hold anything.
func quoteCell(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// TestControlCharactersAreRefusedInEveryTextColumn puts each refused
// character inside a cell of every column that takes text, in a file that
// updates one stored row, and expects exactly one problem naming the file,
// line and column, and no diff.
func TestControlCharactersAreRefusedInEveryTextColumn(t *testing.T) {
	reg := smallRegister(t)
	for _, kind := range handlers.RegisterKinds {
		for _, col := range textColumns(kind) {
			for _, cc := range controlCases {
				t.Run(kind+"/"+col+"/"+cc.name, func(t *testing.T) {
					cell := quoteCell("a" + cc.char + "b")
					f := csvFile(FileName(kind), "id,"+col, storedIDs[kind]+","+cell)
					if col == "id" {
						f = csvFile(FileName(kind), "id", cell)
					}
					diff, problems := Plan(reg, []File{f}, false)
					if diff != nil {
						t.Errorf("a diff was planned: %v", diff.Summary())
					}
					want := fmt.Sprintf("%s:2: %s: %s", FileName(kind), col, cc.msg)
					if got := problemText(problems); got != want {
						t.Errorf("problems:\n%s\nwant:\n%s", got, want)
					}
				})
			}
		}
	}
}

// TestTabsAndLineBreaks are allowed in descriptions and notes only.
func TestTabsAndLineBreaks(t *testing.T) {
	reg := smallRegister(t)
	multiline := map[string]bool{"cohorts/description": true, "programmes/description": true, "fundings/notes": true}
	for _, kind := range handlers.RegisterKinds {
		for _, col := range textColumns(kind) {
			for _, c := range []struct{ char, what, fix string }{{"\t", "a tab", "replace it with a space"}, {"\n", "a line break", "put the value on one line"}} {
				cell := quoteCell("a" + c.char + "b")
				f := csvFile(FileName(kind), "id,"+col, storedIDs[kind]+","+cell)
				if col == "id" {
					f = csvFile(FileName(kind), "id", cell)
				}
				diff, problems := Plan(reg, []File{f}, false)
				if multiline[kind+"/"+col] {
					if len(problems) > 0 || diff == nil {
						t.Errorf("%s %s with %s refused: %s", kind, col, c.what, problemText(problems))
					}
					continue
				}
				want := fmt.Sprintf("%s:2: %s: holds %s at character 2; only descriptions and notes may hold tabs and line breaks, so %s", FileName(kind), col, c.what, c.fix)
				if got := problemText(problems); diff != nil || got != want {
					t.Errorf("%s %s with %s: diff %v, problems:\n%s\nwant:\n%s", kind, col, c.what, diff != nil, got, want)
				}
			}
		}
	}
	// The value with its tab and line break is what is stored.
	diff := mustPlan(t, reg, []File{csvFile("fundings.csv", "id,notes", "r1,\"up to\tfive years\nsee the letter\"")}, false)
	if got := diff.Fundings.Updated[0].Notes; got != "up to\tfive years\nsee the letter" {
		t.Errorf("notes = %q", got)
	}
}

// TestZeroBytesMakeABinaryFile: zero bytes close together (or in the header)
// mark a file that is not text; one on its own is a problem of its cell.
func TestZeroBytesMakeABinaryFile(t *testing.T) {
	for _, tt := range []struct {
		name, data, want string
	}{
		{"UTF-16 without a byte-order mark", "i\x00d\x00,\x00n\x00a\x00m\x00e\x00\n\x00", `areas.csv:1: this file holds binary data (a zero byte on this line), so it is not CSV text; ` + saveAsUTF8},
		{"a zero byte in the header", "id,na\x00me\n", `areas.csv:1: this file holds binary data (a zero byte on this line), so it is not CSV text; ` + saveAsUTF8},
		{"one zero byte in a cell", "id,name\nE08000003,Man\x00chester\n", `areas.csv:2: name: holds a control character (U+0000, a zero byte) at character 4, which a spreadsheet does not show and which has no place in the register; delete it`},
	} {
		diff, problems := Plan(smallRegister(t), []File{{Name: "areas.csv", Data: []byte(tt.data)}}, false)
		if got := problemText(problems); diff != nil || got != tt.want {
			t.Errorf("%s: diff %v, problems:\n%s\nwant:\n%s", tt.name, diff != nil, got, tt.want)
		}
	}
}

// TestFormulaPrefixInNumericColumns: a quoted "-5" in an amount reads as
// -5, which is refused as negative, the same as "-5" typed without it.
func TestFormulaPrefixInNumericColumns(t *testing.T) {
	diff, problems := Plan(smallRegister(t), []File{csvFile("fundings.csv", "id,amount_gbp", "r1,'-5", "yg1,-5")}, false)
	want := `fundings.csv:2: amount_gbp: "-5" is negative; an amount cannot be below 0 (leave the cell empty if it is not disclosed)` + "\n" +
		`fundings.csv:3: amount_gbp: "-5" is negative; an amount cannot be below 0 (leave the cell empty if it is not disclosed)`
	if got := problemText(problems); diff != nil || got != want {
		t.Errorf("diff %v, problems:\n%s\nwant:\n%s", diff != nil, got, want)
	}
}
