package registercsv

import (
	"strings"
	"testing"

	"frontdoor/handlers"
)

// badInputCase is one class of bad input, planned into the small register
// (or an empty one), with the exact problems it must give.
type badInputCase struct {
	name    string
	empty   bool // plan into an empty register instead of the small one
	replace bool
	files   []File
	want    []string
}

// badInputCases has one case per class of bad input; the fuzz corpus
// starts from them too.
func badInputCases() []badInputCase {
	const (
		areasHeader      = "id,name,kind,parent_id,aliases"
		agenciesHeader   = "id,name,kind,area_id,aliases"
		cohortsHeader    = "id,name,parent_id,aliases,description,kind"
		programmesHeader = "id,name,lead_agency_id,start_date,end_date,area_ids,cohort_ids,capacity,status,contact,url,description,aliases"
		fundingsHeader   = "id,programme_id,funder_id,recipient_id,amount_gbp,start_date,end_date,area_ids,ring_fenced,source_url,notes"
	)
	return []badInputCase{
		{
			name:  "unknown column",
			files: []File{csvFile("areas.csv", "id,name,kind,parnt_id", "E08000002,Bury,local_authority,E47000001")},
			want:  []string{`areas.csv:1: parnt_id: unknown column (did you mean "parent_id"?); the columns of areas.csv are id, name, kind, parent_id, aliases. Rename the column or delete it`},
		},
		{
			name:  "column given twice",
			files: []File{csvFile("areas.csv", "id,name,kind,name", "E08000002,Bury,local_authority,Bury")},
			want:  []string{`areas.csv:1: name: the column appears twice (columns B and D); delete one of them`},
		},
		{
			name:  "missing required column for a new row",
			files: []File{csvFile("areas.csv", "id,name", "E08000003,Manchester", "E08000002,Bury")},
			want:  []string{`areas.csv:1: kind: required column is missing: line 3 adds a new area, which needs a kind (country, strategic_authority, local_authority, other); add a "kind" column`},
		},
		{
			name:  "missing required columns for several new rows",
			empty: true,
			files: []File{csvFile("cohorts.csv", "id,description", "a,x", "b,y", "c,z")},
			want:  []string{`cohorts.csv:1: name: required column is missing: lines 2, 3 and 4 add new cohorts, which need a name; add a "name" column`},
		},
		{
			name:  "missing id column",
			files: []File{csvFile("agencies.csv", "name,kind", "Bury Council,local_authority")},
			want:  []string{`agencies.csv:1: id: required column is missing; every register file needs an id column, which says which row is which`},
		},
		{
			name: "empty required cells",
			files: []File{csvFile("programmes.csv", programmesHeader,
				"restart,,dwp,,,E92000001,young_people,,,,,,",
				"new_one,New one,  ,,,;,young_people,,,,,,",
				",Nameless,dwp,,,E92000001,young_people,,,,,,")},
			want: []string{
				`programmes.csv:2: name: empty; every programme needs a name`,
				`programmes.csv:3: lead_agency_id: empty; every programme needs a lead agency id`,
				`programmes.csv:3: area_ids: empty; every programme needs at least one area id (separate several with ";")`,
				`programmes.csv:4: id: empty; every programme needs an id, which says which row is which`,
			},
		},
		{
			name:  "duplicate id in a file",
			files: []File{csvFile("cohorts.csv", cohortsHeader, "lone_parents,Lone parents,,,,", "carers,Carers,,,,", "lone_parents,Single parents,,,,")},
			want:  []string{`cohorts.csv:4: id: "lone_parents" is already on line 2; each id may appear only once in a file, so delete one of the rows or give it another id`},
		},
		{
			name:  "id containing a semicolon",
			files: []File{csvFile("cohorts.csv", cohortsHeader, "a;b,Lone parents,,,,")},
			want:  []string{`cohorts.csv:2: id: "a;b" contains ";", which separates ids in list cells; choose an id without it`},
		},
		{
			name: "malformed dates",
			files: []File{csvFile("programmes.csv", programmesHeader,
				"restart,Restart,dwp,31/02/2026,,E92000001,young_people,,,,,,",
				"p2,P2,dwp,2025-13,2025-04-31,E92000001,young_people,,,,,,",
				"p3,P3,dwp,April 2025,1/4/25,E92000001,young_people,,,,,,",
				"p4,P4,dwp,04/30/2025,45748,E92000001,young_people,,,,,,")},
			want: []string{
				`programmes.csv:2: start_date: "31/02/2026" is not a real date: February 2026 has 28 days`,
				`programmes.csv:3: start_date: "2025-13" is not a real month: there is no month 13; write it as YYYY-MM-DD (2025-04-01), YYYY-MM for a whole month (2025-04), or DD/MM/YYYY (01/04/2025)`,
				`programmes.csv:3: end_date: "2025-04-31" is not a real date: April 2025 has 30 days`,
				`programmes.csv:4: start_date: "April 2025" is not a date; write it as YYYY-MM-DD (2025-04-01), YYYY-MM for a whole month (2025-04), or DD/MM/YYYY (01/04/2025)`,
				`programmes.csv:4: end_date: "1/4/25" has a two-digit year; write the year in full (01/04/2025)`,
				`programmes.csv:5: start_date: "04/30/2025" is not a real date: there is no month 30 (dates with slashes are day first: DD/MM/YYYY)`,
				`programmes.csv:5: end_date: "45748" looks like a spreadsheet's date number, not a date; format the column as a date (DD/MM/YYYY) before saving, or write it as YYYY-MM-DD (2025-04-01)`,
			},
		},
		{
			name: "end before start",
			files: []File{
				csvFile("programmes.csv", programmesHeader, "restart,Restart,dwp,2026-06-30,2021-06,E92000001,young_people,,,,,,"),
				csvFile("fundings.csv", "id,end_date", "yg1,31/03/2025"),
			},
			want: []string{
				`programmes.csv:2: end_date: the end date 2021-06-30 is before the start date 2026-06-30; swap them or correct one`,
				`fundings.csv:2: end_date: the end date 2025-03-31 is before the start date 2025-04-01; swap them or correct one`,
			},
		},
		{
			name:  "end before start with only the start in the file",
			files: []File{csvFile("fundings.csv", "id,start_date", "yg1,2027-01")},
			want:  []string{`fundings.csv:2: start_date: the end date 2026-03-31 is before the start date 2027-01-01; swap them or correct one`},
		},
		{
			name: "bad amounts",
			files: []File{csvFile("fundings.csv", "id,programme_id,funder_id,amount_gbp",
				"yg1,youth_guarantee,dwp,-5000", "r1,restart,dwp,\"£1,200,000\"", "f3,restart,dwp,lots", "f4,restart,dwp,12.345", "f5,restart,dwp,1.15E+08")},
			want: []string{
				`fundings.csv:2: amount_gbp: "-5000" is negative; an amount cannot be below 0 (leave the cell empty if it is not disclosed)`,
				`fundings.csv:3: amount_gbp: "£1,200,000" is not an amount: write digits only, without "£" or commas (1200000)`,
				`fundings.csv:4: amount_gbp: "lots" is not an amount; write pounds as digits with an optional decimal point, e.g. 1500000 or 2500.50 (no "£", no commas)`,
				`fundings.csv:5: amount_gbp: "12.345" has more than two decimal places; give pounds and pence, rounded to the penny`,
				`fundings.csv:6: amount_gbp: "1.15E+08" is in scientific notation, as spreadsheets show large numbers; format the column as a number with no decimal places before saving, or write pounds as digits with an optional decimal point, e.g. 1500000 or 2500.50 (no "£", no commas)`,
			},
		},
		{
			name:  "capacity not a whole number",
			files: []File{csvFile("programmes.csv", "id,capacity", "restart,1.5", "youth_guarantee,-3")},
			want: []string{
				`programmes.csv:2: capacity: "1.5" is not a whole number; give a whole number of 0 or more, e.g. 120`,
				`programmes.csv:3: capacity: "-3" is negative; give a whole number of 0 or more, e.g. 120`,
			},
		},
		{
			name: "unknown kinds and status",
			files: []File{
				csvFile("areas.csv", "id,kind", "E08000003,county"),
				csvFile("agencies.csv", "id,kind", "dwp,government"),
				csvFile("cohorts.csv", "id,kind", "neets,people"),
				csvFile("programmes.csv", "id,status", "restart,open"),
			},
			want: []string{
				`areas.csv:2: kind: unknown kind "county"; use one of: country, strategic_authority, local_authority, other`,
				`agencies.csv:2: kind: unknown kind "government"; use one of: strategic_authority, dwp, icb, nhs_trust, nhs_national, local_authority, central_government, devolved_government, vcse, provider, employer_group, funder, other`,
				`cohorts.csv:2: kind: unknown kind "people"; use one of: residents, employers (or leave it empty for residents)`,
				`programmes.csv:2: status: unknown status "open"; use one of: live, planned, closed (or leave it empty for live)`,
			},
		},
		{
			name:  "bad boolean",
			files: []File{csvFile("fundings.csv", "id,ring_fenced", "yg1,yes")},
			want:  []string{`fundings.csv:2: ring_fenced: "yes" is not true or false; write true or false, or leave the cell empty if it is not known`},
		},
		{
			name: "unknown ids in every reference column",
			files: []File{
				csvFile("areas.csv", "id,parent_id", "E08000001,E47000099"),
				csvFile("agencies.csv", "id,area_id", "gmca,Manchestr"),
				csvFile("cohorts.csv", "id,parent_id", "care_leavers,youth"),
				csvFile("programmes.csv", "id,lead_agency_id,area_ids,cohort_ids", "restart,DWP,E92000001;Manchester,young_people; neets ;NEET ;Neets;over_50s"),
				csvFile("fundings.csv", "id,programme_id,funder_id,recipient_id,area_ids", "r1,restrat,dwp,bolton_council,E08000003;nowhere"),
			},
			want: []string{
				`areas.csv:2: parent_id: unknown area "E47000099" (not in areas.csv or the register; did you mean "E47000001"? If not, add it to areas.csv)`,
				`agencies.csv:2: area_id: unknown area "Manchestr" (not in areas.csv or the register; did you mean "E08000003" (Manchester)? This column takes ids. If not, add it to areas.csv)`,
				`cohorts.csv:2: parent_id: unknown cohort "youth" (not in cohorts.csv or the register; check the spelling or add it to cohorts.csv)`,
				`programmes.csv:2: lead_agency_id: unknown agency "DWP" (not in agencies.csv or the register; did you mean "dwp"? If not, add it to agencies.csv)`,
				`programmes.csv:2: area_ids: unknown area "Manchester" (not in areas.csv or the register; this column takes ids, and the id of Manchester is "E08000003")`,
				`programmes.csv:2: cohort_ids: unknown cohort "NEET" (not in cohorts.csv or the register; this column takes ids, and the id of NEET is "neets")`,
				`programmes.csv:2: cohort_ids: unknown cohort "Neets" (not in cohorts.csv or the register; did you mean "neets"? If not, add it to cohorts.csv)`,
				`programmes.csv:2: cohort_ids: unknown cohort "over_50s" (not in cohorts.csv or the register; check the spelling or add it to cohorts.csv)`,
				`fundings.csv:2: programme_id: unknown programme "restrat" (not in programmes.csv or the register; did you mean "restart"? If not, add it to programmes.csv)`,
				`fundings.csv:2: recipient_id: unknown agency "bolton_council" (not in agencies.csv or the register; check the spelling or add it to agencies.csv)`,
				`fundings.csv:2: area_ids: unknown area "nowhere" (not in areas.csv or the register; check the spelling or add it to areas.csv)`,
			},
		},
		{
			name:  "a list where one id belongs",
			files: []File{csvFile("fundings.csv", "id,funder_id", "r1,dwp;gmca")},
			want:  []string{`fundings.csv:2: funder_id: "dwp;gmca" looks like a list, but this column takes a single agency id`},
		},
		{
			name:  "area that is its own parent",
			files: []File{csvFile("areas.csv", "id,parent_id", "E08000001,E08000001")},
			want:  []string{`areas.csv:2: parent_id: area "E08000001" is its own parent (an area cannot be inside itself); leave parent_id empty, or give the area it belongs to`},
		},
		{
			name: "loop in the area hierarchy through stored rows",
			files: []File{csvFile("areas.csv", areasHeader,
				"E08000001,Bolton,local_authority,E47000001,",
				"E92000001,England,country,E08000003,")},
			want: []string{`areas.csv:3: parent_id: areas form a loop through parent_id: "E92000001" → "E08000003" → "E47000001" → "E92000001" (an area cannot be inside itself); fix the parent_id of one of them`},
		},
		{
			name: "loop in the cohort hierarchy, reported once",
			files: []File{csvFile("cohorts.csv", "id,name,parent_id",
				"a,A,c", "b,B,a", "c,C,b", "d,D,c")},
			want: []string{`cohorts.csv:2: parent_id: cohorts form a loop through parent_id: "a" → "c" → "b" → "a" (a cohort cannot belong to itself); fix the parent_id of one of them`},
		},
		{
			name: "control and bidirectional characters",
			files: []File{
				csvFile("agencies.csv", "id,name,org_id", "dwp,\"DWP\u202e\",\"GB-GOR-D10\x1b\""),
				csvFile("cohorts.csv", "id,name,description", "neets,\"NEETs\tand others\",\"Line one\nline two\tand a tab\""),
			},
			want: []string{
				`agencies.csv:2: name: holds an invisible bidirectional control (U+202E RIGHT-TO-LEFT OVERRIDE) at character 4, which makes the text show in a different order from how it is stored; delete it`,
				`agencies.csv:2: org_id: holds a control character (U+001B, escape) at character 11, which a spreadsheet does not show and which has no place in the register; delete it`,
				`cohorts.csv:2: name: holds a tab at character 6; only descriptions and notes may hold tabs and line breaks, so replace it with a space`,
			},
		},
		{
			name:  "a hierarchy deeper than 12 levels",
			empty: true,
			files: []File{areaChain(13)},
			want:  []string{`areas.csv:14: parent_id: area "a13" is 13 levels deep ("a13" → "a12" → "a11" → … → "a2" → "a1"); a hierarchy may be at most 12 levels deep (England's is 5: country, authority, county, district, ward), so give it a parent higher up`},
		},
		{
			name:  "a bad funding kind",
			files: []File{csvFile("fundings.csv", "id,kind,award_date", "yg1,loan,2025-13-01")},
			want: []string{
				`fundings.csv:2: kind: unknown kind "loan"; use one of: grant, contract, allocation, match, other (or leave it empty for unknown)`,
				`fundings.csv:2: award_date: "2025-13-01" is not a real date: there is no month 13`,
			},
		},
		{
			name:  "not UTF-8",
			files: []File{{Name: "areas.csv", Data: []byte(areasHeader + "\nE08000001,Bolton,local_authority,,\nE06000001,Cr\xe8ve,local_authority,,\n")}},
			want:  []string{`areas.csv:3: name: this file is not UTF-8 text (it holds the byte 0xE8, which is how another encoding such as Windows-1252 writes a letter like "é" or "£"); save it as CSV UTF-8 (in Excel: File > Save As > "CSV UTF-8 (Comma delimited)"; in LibreOffice: Save As "Text CSV" with the character set "Unicode (UTF-8)")`},
		},
		{
			name:  "an Excel workbook",
			files: []File{{Name: "areas.csv", Data: []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00")}},
			want:  []string{`areas.csv: this is a spreadsheet workbook (.xlsx or .ods), not a CSV file; open it and save it as CSV UTF-8 (in Excel: File > Save As > "CSV UTF-8 (Comma delimited)"; in LibreOffice: Save As "Text CSV" with the character set "Unicode (UTF-8)")`},
		},
		{
			name:  "a workbook under its own name",
			files: []File{{Name: "areas.xlsx", Data: []byte("PK\x03\x04")}},
			want:  []string{`areas.xlsx: this is a spreadsheet workbook, not a CSV file; save each sheet as CSV UTF-8 named after what it holds (areas.csv, agencies.csv, cohorts.csv, programmes.csv and fundings.csv)`},
		},
		{
			name:  "binary data",
			files: []File{{Name: "cohorts.csv", Data: []byte(cohortsHeader + "\n\x7fELF\x02\x01\x01\x00\x00\n")}},
			want:  []string{`cohorts.csv:2: this file holds binary data (a zero byte on this line), so it is not CSV text; save it as CSV UTF-8 (in Excel: File > Save As > "CSV UTF-8 (Comma delimited)"; in LibreOffice: Save As "Text CSV" with the character set "Unicode (UTF-8)")`},
		},
		{
			name:  "UTF-16",
			files: []File{{Name: "cohorts.csv", Data: []byte("\xff\xfei\x00d\x00")}},
			want:  []string{`cohorts.csv: this file is UTF-16 ("Unicode Text"), not UTF-8; save it as CSV UTF-8 (in Excel: File > Save As > "CSV UTF-8 (Comma delimited)"; in LibreOffice: Save As "Text CSV" with the character set "Unicode (UTF-8)")`},
		},
		{
			name:  "semicolon separated",
			files: []File{csvFile("agencies.csv", "id;name;kind;area_id;aliases", "x;X;other;;")},
			want:  []string{`agencies.csv:1: the columns are separated by ";", not commas; save it as CSV UTF-8 (in Excel: File > Save As > "CSV UTF-8 (Comma delimited)"; in LibreOffice: Save As "Text CSV" with the character set "Unicode (UTF-8)")`},
		},
		{
			name: "bare quote and unclosed quote",
			files: []File{
				csvFile("cohorts.csv", cohortsHeader, `carers,Carers,,,Looks after a "dependant",`, "lone_parents,Lone parents,,,,"),
				csvFile("agencies.csv", agenciesHeader, `wla,"West London Alliance,local_authority,,`, "x,X,other,,"),
			},
			want: []string{
				`agencies.csv:2: this row is not valid CSV: a cell in double quotes is not closed properly (the trouble shows on line 3); the closing quote is missing, or text follows it. Check the quotes in this row`,
				`cohorts.csv:2: this line is not valid CSV: a double quote (") at character 31 is inside a cell that does not start with one; put the whole cell in double quotes and write each quote inside it twice ("the ""new"" scheme")`,
			},
		},
		{
			name: "rows with the wrong number of cells",
			files: []File{csvFile("agencies.csv", agenciesHeader,
				"wla,West London Alliance,local_authority,,",
				"clf,Central London Forward,local_authority,,,",
				"x,Leeds, Bradford and Wakefield,other,,",
				"y,Y,other")},
			want: []string{
				`agencies.csv:3: this row has 6 cells but the header has 5 columns; a cell that holds a comma needs double quotes around it ("Leeds, Bradford"), and a stray comma at the end of the row must go`,
				`agencies.csv:4: this row has 6 cells but the header has 5 columns; a cell that holds a comma needs double quotes around it ("Leeds, Bradford"), and a stray comma at the end of the row must go`,
				`agencies.csv:5: this row has 3 cells but the header has 5 columns; add the missing cells (a line break inside a cell needs double quotes around the cell)`,
			},
		},
		{
			name:  "values in a column with no header",
			files: []File{csvFile("agencies.csv", "id,name,kind,", "wla,West London Alliance,local_authority,", "clf,Central London Forward,local_authority,London")},
			want:  []string{`agencies.csv:3: column D has a value ("London") but no header; give the column a header from the format, or delete it`},
		},
		{
			name:  "empty file",
			files: []File{{Name: "areas.csv", Data: []byte("\uFEFF")}},
			want:  []string{`areas.csv: the file is empty; it needs a header row naming its columns (id,name,kind,parent_id,aliases)`},
		},
		{
			name: "not a register file, and a kind given twice",
			files: []File{
				csvFile("areas.csv", areasHeader),
				csvFile("Areas.CSV", areasHeader),
				csvFile("notes.csv", "id"),
			},
			want: []string{
				`Areas.CSV: a second areas.csv file (the first is areas.csv); give each kind of file once`,
				`notes.csv: not a register file; the register files are named areas.csv, agencies.csv, cohorts.csv, programmes.csv and fundings.csv`,
			},
		},
		{
			name:    "replace refusing to delete an area that stored rows refer to",
			replace: true,
			files: []File{csvFile("areas.csv", areasHeader,
				"E92000001,England,country,,",
				"E08000003,Manchester,local_authority,E92000001,",
				"E08000001,Bolton,local_authority,E92000001,")},
			want: []string{
				`areas.csv: area "E47000001" (Greater Manchester) is not in this file, so --replace would delete it, but agency "gmca" (area_id), programme "youth_guarantee" (area_ids) and funding "yg1" (area_ids) still refer to it; keep it in areas.csv, or remove those references first`,
			},
		},
		{
			name:    "replace refusing deletions that files and stored rows refer to",
			replace: true,
			files: []File{
				csvFile("agencies.csv", agenciesHeader, "gmca,Greater Manchester Combined Authority,strategic_authority,E47000001,GMCA"),
				csvFile("programmes.csv", "id,area_ids", "restart,E92000001"),
			},
			want: []string{
				`agencies.csv: agency "dwp" (Department for Work and Pensions) is not in this file, so --replace would delete it, but funding "yg1" (funder_id) and funding "r1" (funder_id) still refer to it; keep it in agencies.csv, or remove those references first`,
				`programmes.csv: programme "youth_guarantee" (Youth Guarantee Trailblazer) is not in this file, so --replace would delete it, but funding "yg1" (programme_id) still refers to it; keep it in programmes.csv, or remove those references first`,
				`programmes.csv:2: lead_agency_id: agency "dwp" (Department for Work and Pensions) is not in agencies.csv, so --replace would delete it; add it back to agencies.csv, or remove it here`,
			},
		},
	}
}

// TestPlanRefusesBadInput asserts, for each class of bad input, the exact
// problems (FILE:LINE: COLUMN: message) and that Plan returned no diff.
func TestPlanRefusesBadInput(t *testing.T) {
	for _, tt := range badInputCases() {
		t.Run(tt.name, func(t *testing.T) {
			current := &handlers.Register{}
			if !tt.empty {
				current = smallRegister(t)
			}
			diff, problems := Plan(current, tt.files, tt.replace)
			if diff != nil {
				t.Errorf("Plan returned a diff with problems: %v", diff.Summary())
			}
			if got, want := problemText(problems), strings.Join(tt.want, "\n"); got != want {
				t.Errorf("problems:\ngot:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// TestPlanReportsAllProblemsTogether checks that problems in several files
// are all reported, sorted by file in dependency order and then by line.
func TestPlanReportsAllProblemsTogether(t *testing.T) {
	files := []File{
		csvFile("fundings.csv",
			"id,programme_id,funder_id,amount_gbp",
			"f1,new_prog,dwp,£5",
			"f2,nope,dwp,5",
		),
		csvFile("programmes.csv",
			"id,name,lead_agency_id,area_ids,cohort_ids,status,start_date",
			"new_prog,New,dwp,E08000003,neets;lone_parents,paused,2025-02-30",
		),
		csvFile("cohorts.csv",
			"id,name,parent_id",
			"lone_parents,Lone parents,parents",
			"lone_parents,Lone parents again,",
		),
		csvFile("areas.csv",
			"id,name,kind,colour",
			"E08000002,Bury,borough,",
		),
	}
	diff, problems := Plan(smallRegister(t), files, false)
	if diff != nil {
		t.Error("Plan returned a diff with problems")
	}
	want := strings.Join([]string{
		`areas.csv:1: colour: unknown column; the columns of areas.csv are id, name, kind, parent_id, aliases. Rename the column or delete it`,
		`areas.csv:2: kind: unknown kind "borough"; use one of: country, strategic_authority, local_authority, other`,
		`cohorts.csv:2: parent_id: unknown cohort "parents" (not in cohorts.csv or the register; check the spelling or add it to cohorts.csv)`,
		`cohorts.csv:3: id: "lone_parents" is already on line 2; each id may appear only once in a file, so delete one of the rows or give it another id`,
		`programmes.csv:2: start_date: "2025-02-30" is not a real date: February 2025 has 28 days`,
		`programmes.csv:2: status: unknown status "paused"; use one of: live, planned, closed (or leave it empty for live)`,
		`fundings.csv:2: amount_gbp: "£5" is not an amount: write digits only, without "£" or commas (5)`,
		`fundings.csv:3: programme_id: unknown programme "nope" (not in programmes.csv or the register; check the spelling or add it to programmes.csv)`,
	}, "\n")
	if got := problemText(problems); got != want {
		t.Errorf("problems:\ngot:\n%s\nwant:\n%s", got, want)
	}
}
