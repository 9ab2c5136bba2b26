package registercsv

import (
	"bytes"
	"strings"
	"testing"

	"frontdoor/handlers"
)

// TestRoundTripDemo: export → import into an empty register → export gives
// byte-identical files, through real files on disk.
func TestRoundTripDemo(t *testing.T) {
	checkRoundTrip(t, mustLoad(t, demoFiles(t)))
}

// awkwardFiles exercise what spreadsheets write: a BOM and CRLF, quoted cells
// with commas, quotes and line breaks, spaces around ";" in lists, decimals,
// TRUE, day-first and whole-month dates.
func awkwardFiles() []File {
	crlf := func(name string, lines ...string) File {
		return File{Name: name, Data: []byte("\uFEFF" + strings.Join(lines, "\r\n") + "\r\n")}
	}
	return []File{
		crlf("areas.csv",
			"id,name,kind,parent_id,aliases",
			`E92000001,England,country,,ENG ; Eng`,
			`E47000004,"Liverpool City Region",Strategic Authority,E92000001,"LCR ;  Liverpool, City Region;"`,
			`E08000012,Liverpool,local_authority,E47000004,`,
		),
		crlf("agencies.csv",
			"id,name,kind,area_id,aliases",
			`lcrca,"Liverpool City Region Combined Authority",strategic_authority,E47000004,LCRCA;Combined Authority`,
			`dwp,"Department for Work and Pensions",DWP,E92000001,DWP ; JCP ; Jobcentre Plus`,
		),
		crlf("cohorts.csv",
			"id,name,parent_id,aliases,description,kind",
			`young_people,Young people,,"16-24; YP",,`,
			`neets,"NEETs, 16-24",young_people,NEET ;NEETs,"Not in education, employment or training.`+"\r\n"+`Second line with a ""quote"".",RESIDENTS`,
			`employers,Employers,,,,Employers`,
		),
		crlf("programmes.csv",
			"id,name,lead_agency_id,start_date,end_date,area_ids,cohort_ids,capacity,status,contact,url,description,aliases",
			`yg_lcr,Youth Guarantee Trailblazer,lcrca,01/04/2025,2026-03,E47000004 ; E08000012,neets ; young_people,1200,Live,"Jo Bloggs, LCRCA",https://example.org/yg?a=1&b=2,"Multi-line`+"\n"+`description, with commas",YG; Youth Guarantee`,
			`restart,Restart,dwp,2021-06,,E92000001,young_people,,closed,,,,`,
		),
		crlf("fundings.csv",
			"id,programme_id,funder_id,recipient_id,amount_gbp,start_date,end_date,area_ids,ring_fenced,source_url,notes",
			`f1,yg_lcr,dwp,lcrca,1234567.8,2025-04,31/03/2026,E47000004;,TRUE,,"up to, over 1 year"`,
			`f2,yg_lcr,dwp,,0.05,,,,false,,`,
			`f3,restart,dwp,,2900000000.00,,,,,,national total`,
			`f4,restart,dwp,,,,,,,,`,
		),
	}
}

func TestRoundTripAwkwardInput(t *testing.T) {
	reg := mustLoad(t, awkwardFiles())
	// The first export is canonical; check it for what the format promises.
	got := map[string]string{}
	for _, f := range exportAll(t, reg) {
		got[f.Name] = string(f.Data)
	}
	want := map[string]string{
		"areas.csv": "id,name,kind,parent_id,aliases\n" +
			"E92000001,England,country,,ENG;Eng\n" +
			"E47000004,Liverpool City Region,strategic_authority,E92000001,\"LCR;Liverpool, City Region\"\n" +
			"E08000012,Liverpool,local_authority,E47000004,\n",
		"cohorts.csv": "id,name,parent_id,aliases,description,kind\n" +
			"young_people,Young people,,16-24;YP,,\n" +
			"neets,\"NEETs, 16-24\",young_people,NEET;NEETs,\"Not in education, employment or training.\nSecond line with a \"\"quote\"\".\",residents\n" +
			"employers,Employers,,,,employers\n",
		"programmes.csv": "id,name,lead_agency_id,start_date,end_date,area_ids,cohort_ids,capacity,status,contact,url,description,aliases,checked_on\n" +
			"yg_lcr,Youth Guarantee Trailblazer,lcrca,2025-04-01,2026-03-31,E47000004;E08000012,neets;young_people,1200,live,\"Jo Bloggs, LCRCA\",https://example.org/yg?a=1&b=2,\"Multi-line\ndescription, with commas\",YG;Youth Guarantee,\n" +
			"restart,Restart,dwp,2021-06-01,,E92000001,young_people,,closed,,,,,\n",
		"fundings.csv": "id,programme_id,funder_id,recipient_id,amount_gbp,start_date,end_date,area_ids,ring_fenced,source_url,notes,kind,award_date,checked_on\n" +
			"f1,yg_lcr,dwp,lcrca,1234567.80,2025-04-01,2026-03-31,E47000004,true,,\"up to, over 1 year\",,,\n" +
			"f2,yg_lcr,dwp,,0.05,,,,false,,,,,\n" +
			"f3,restart,dwp,,2900000000,,,,,,national total,,,\n" +
			"f4,restart,dwp,,,,,,,,,,,\n",
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s:\ngot:\n%s\nwant:\n%s", name, got[name], w)
		}
	}
	if !strings.Contains(got["agencies.csv"], "dwp,Department for Work and Pensions,dwp,E92000001,DWP;JCP;Jobcentre Plus,\n") {
		t.Errorf("agencies.csv:\n%s", got["agencies.csv"])
	}
	checkRoundTrip(t, reg)
}

// checkRoundTrip exports reg to a folder, imports the folder into an empty
// register, exports again, and compares the files byte for byte.
func checkRoundTrip(t *testing.T, reg *handlers.Register) {
	t.Helper()
	first, second := t.TempDir(), t.TempDir()
	exportToDir(t, reg, first)
	imported := mustLoad(t, readDir(t, first))
	exportToDir(t, imported, second)
	a, b := readDir(t, first), readDir(t, second)
	for i := range a {
		if !bytes.Equal(a[i].Data, b[i].Data) {
			t.Errorf("%s differs after export → import → export:\nfirst:\n%s\nsecond:\n%s", a[i].Name, a[i].Data, b[i].Data)
		}
		if bytes.Contains(a[i].Data, []byte("\r")) {
			t.Errorf("%s has a CR; exports use LF line ends", a[i].Name)
		}
	}
}

func TestWriteUnknownKind(t *testing.T) {
	if err := Write(&bytes.Buffer{}, "actions", &handlers.Register{}); err == nil {
		t.Error("Write of an unknown kind gave no error")
	}
}

func TestWriteEmptyRegisterIsHeaders(t *testing.T) {
	for _, kind := range handlers.RegisterKinds {
		var b bytes.Buffer
		if err := Write(&b, kind, nil); err != nil {
			t.Fatal(err)
		}
		if want := strings.Join(Columns(kind), ",") + "\n"; b.String() != want {
			t.Errorf("%s: %q, want %q", kind, b.String(), want)
		}
	}
}

// TestApplyKeepsOrderAndCopies checks Apply's order (stored order, updates
// in place, deletions dropped, additions last) and that the result shares
// nothing with its inputs.
func TestApplyKeepsOrderAndCopies(t *testing.T) {
	reg := smallRegister(t)
	diff := mustPlan(t, reg, []File{csvFile("cohorts.csv", "id,name,parent_id,aliases",
		"new_b,New B,,",
		"employers,Employers,,",
		"neets,NEETs,young_people,NEET",
		"new_a,New A,,",
		"young_people,Young people,,YP",
	), csvFile("programmes.csv", "id,cohort_ids", "youth_guarantee,neets", "restart,young_people")}, true)
	after := Apply(reg, diff)
	var ids []string
	for _, c := range after.Cohorts {
		ids = append(ids, c.ID)
	}
	if want := "young_people neets employers new_b new_a"; strings.Join(ids, " ") != want { // care_leavers deleted
		t.Errorf("cohorts after = %v, want %s", ids, want)
	}
	if after.Cohorts[1].Name != "NEETs" {
		t.Errorf("neets not updated: %+v", after.Cohorts[1])
	}
	after.Cohorts[1].Aliases[0] = "changed"
	if diff.Cohorts.Updated[0].Aliases[0] == "changed" {
		t.Error("Apply's result shares a slice with the diff")
	}
	*after.Programmes[0].Capacity = 1
	if *reg.Programmes[0].Capacity == 1 {
		t.Error("Apply's result shares a pointer with the current register")
	}
	if len(reg.Cohorts) != 4 || reg.Cohorts[1].Name == "NEETs" {
		t.Error("Apply changed the current register")
	}
}

// TestRoundTripOddCells writes a register whose values need quoting or look
// like CSV syntax, reads it back and expects every value unchanged.
func TestRoundTripOddCells(t *testing.T) {
	amount, capacity, no := int64(1), int64(0), false
	reg := &handlers.Register{
		Areas: []handlers.Area{
			{ID: `a,"1"`, Name: `"Quoted" name`, Kind: "country", Aliases: []string{`\.`, "x,y", "'quoted'"}},
			{ID: "a b", Name: "inner  spaces", Kind: "other", ParentID: `a,"1"`},
		},
		Agencies: []handlers.Agency{{ID: "é-agency", Name: "Ünïcode – name", Kind: "vcse", AreaID: "a b", OrgID: "GB-CHC-1234567"}},
		Cohorts: []handlers.Cohort{
			{ID: "c", Name: "=SUM(A1)", Description: "inner  spaces  kept\nand a second line\twith a tab", Kind: "employers"},
		},
		Programmes: []handlers.Programme{{
			ID: "p", Name: "P", LeadAgencyID: "é-agency", AreaIDs: []string{`a,"1"`, "a b"}, CohortIDs: []string{"c"},
			Start: handlers.DateOf(2024, 2, 29), Capacity: &capacity, Status: "planned", Description: "\"\"",
			CheckedOn: handlers.DateOf(2026, 11, 3),
		}},
		Fundings: []handlers.Funding{{
			ID: "f", ProgrammeID: "p", FunderID: "é-agency", AmountPence: &amount, RingFenced: &no,
			End: handlers.DateOf(9999, 12, 31), Notes: "£1,000,000 \"up to\"\n-second line",
			Kind: handlers.FundingMatch, AwardDate: handlers.DateOf(2025, 1, 31), CheckedOn: handlers.DateOf(2026, 1, 1),
		}},
	}
	exported := exportAll(t, reg)
	back := mustLoad(t, exported)
	for i, again := range exportAll(t, back) {
		if !bytes.Equal(exported[i].Data, again.Data) {
			t.Errorf("%s changed:\n%q\n%q", again.Name, exported[i].Data, again.Data)
		}
	}
	wantNotes := "£1,000,000 \"up to\"\n-second line"
	if back.Areas[1].Name != "inner  spaces" || back.Areas[0].Aliases[2] != "'quoted'" || back.Fundings[0].Notes != wantNotes ||
		back.Cohorts[0].Name != "=SUM(A1)" || back.Cohorts[0].Description != reg.Cohorts[0].Description ||
		*back.Fundings[0].AmountPence != 1 || *back.Programmes[0].Capacity != 0 || back.Programmes[0].Start != reg.Programmes[0].Start ||
		back.Agencies[0].OrgID != "GB-CHC-1234567" || back.Programmes[0].CheckedOn != reg.Programmes[0].CheckedOn ||
		back.Fundings[0].Kind != "match" || back.Fundings[0].AwardDate != reg.Fundings[0].AwardDate || back.Fundings[0].CheckedOn != reg.Fundings[0].CheckedOn {
		t.Errorf("values changed on the way back: %+v", back)
	}
}
