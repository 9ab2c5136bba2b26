package registercsv

import (
	"strings"
	"testing"

	"frontdoor/handlers"
)

// v2Files sets every v2 column of the small register's rows.
func v2Files() []File {
	return []File{
		csvFile("agencies.csv", "id,org_id", "dwp,GB-GOR-D10", "gmca,360G-frontdoor-gmca"),
		csvFile("programmes.csv", "id,checked_on", "youth_guarantee,03/11/2025", "restart,"),
		csvFile("fundings.csv", "id,kind,award_date,checked_on", "yg1,Grant,2025-02,2025-11-03", "r1,contract,,"),
	}
}

func TestV2ColumnsAreRead(t *testing.T) {
	reg := Apply(smallRegister(t), mustPlan(t, smallRegister(t), v2Files(), false))
	if got := reg.Agencies[0].OrgID + " " + reg.Agencies[1].OrgID; got != "GB-GOR-D10 360G-frontdoor-gmca" {
		t.Errorf("org ids %q", got)
	}
	if p := reg.Programmes[0]; p.CheckedOn != handlers.DateOf(2025, 11, 3) || !reg.Programmes[1].CheckedOn.IsZero() {
		t.Errorf("checked_on %v, %v", p.CheckedOn, reg.Programmes[1].CheckedOn)
	}
	// A whole month as an award date is its first day.
	if f := reg.Fundings[0]; f.Kind != "grant" || f.AwardDate != handlers.DateOf(2025, 2, 1) || f.CheckedOn != handlers.DateOf(2025, 11, 3) {
		t.Errorf("funding %+v", f)
	}
	if f := reg.Fundings[1]; f.Kind != "contract" || !f.AwardDate.IsZero() || !f.CheckedOn.IsZero() {
		t.Errorf("funding %+v", f)
	}
	checkRoundTrip(t, reg)
}

// TestV1FilesLeaveV2ValuesAlone: the small register's own files are v1
// (no org_id, checked_on, kind or award_date); importing them over a
// register holding v2 values changes nothing.
func TestV1FilesLeaveV2ValuesAlone(t *testing.T) {
	reg := Apply(smallRegister(t), mustPlan(t, smallRegister(t), v2Files(), false))
	var v1 []File
	for _, kind := range handlers.RegisterKinds {
		v1 = append(v1, smallFiles()[kind])
	}
	diff := mustPlan(t, reg, v1, false)
	if !diff.Empty() {
		t.Errorf("a v1 import over v2 values changed something: %v", diff.Summary())
	}
	after := Apply(reg, diff)
	if after.Fundings[0].Kind != "grant" || after.Agencies[0].OrgID != "GB-GOR-D10" || after.Programmes[0].CheckedOn.IsZero() {
		t.Errorf("v2 values lost: %+v %+v %+v", after.Fundings[0], after.Agencies[0], after.Programmes[0])
	}
	// An empty v2 cell in a file that has the column clears the value.
	diff = mustPlan(t, reg, []File{csvFile("fundings.csv", "id,kind", "yg1,")}, false)
	if got := diff.Fundings.Updated[0]; got.Kind != "" || got.AwardDate != handlers.DateOf(2025, 2, 1) {
		t.Errorf("after clearing kind: %+v", got)
	}
}

func TestV2BadCells(t *testing.T) {
	diff, problems := Plan(smallRegister(t), []File{
		csvFile("programmes.csv", "id,checked_on", "restart,last week", "youth_guarantee,2025-02-30"),
		csvFile("fundings.csv", "id,kind,award_date,checked_on", "yg1,donation,1/4/25,", "r1,Match Funding,,45748"),
	}, false)
	want := strings.Join([]string{
		`programmes.csv:2: checked_on: "last week" is not a date; write it as YYYY-MM-DD (2025-04-01), YYYY-MM for a whole month (2025-04), or DD/MM/YYYY (01/04/2025)`,
		`programmes.csv:3: checked_on: "2025-02-30" is not a real date: February 2025 has 28 days`,
		`fundings.csv:2: kind: unknown kind "donation"; use one of: grant, contract, allocation, match, other (or leave it empty for unknown)`,
		`fundings.csv:2: award_date: "1/4/25" has a two-digit year; write the year in full (01/04/2025)`,
		`fundings.csv:3: kind: unknown kind "Match Funding"; use one of: grant, contract, allocation, match, other (or leave it empty for unknown)`,
		`fundings.csv:3: checked_on: "45748" looks like a spreadsheet's date number, not a date; format the column as a date (DD/MM/YYYY) before saving, or write it as YYYY-MM-DD (2025-04-01)`,
	}, "\n")
	if got := problemText(problems); diff != nil || got != want {
		t.Errorf("diff %v, problems:\n%s\nwant:\n%s", diff != nil, got, want)
	}
}

// TestExportWritesV2: every file's header is the v2 columns, in the
// format's order.
func TestExportWritesV2(t *testing.T) {
	want := map[string]string{
		"areas.csv":      "id,name,kind,parent_id,aliases",
		"agencies.csv":   "id,name,kind,area_id,aliases,org_id",
		"cohorts.csv":    "id,name,parent_id,aliases,description,kind",
		"programmes.csv": "id,name,lead_agency_id,start_date,end_date,area_ids,cohort_ids,capacity,status,contact,url,description,aliases,checked_on",
		"fundings.csv":   "id,programme_id,funder_id,recipient_id,amount_gbp,start_date,end_date,area_ids,ring_fenced,source_url,notes,kind,award_date,checked_on",
	}
	for _, f := range exportAll(t, smallRegister(t)) {
		header, _, _ := strings.Cut(string(f.Data), "\n")
		if header != want[f.Name] {
			t.Errorf("%s header %q, want %q", f.Name, header, want[f.Name])
		}
	}
}
