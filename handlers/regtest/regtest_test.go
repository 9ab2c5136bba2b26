package regtest

import (
	"reflect"
	"strings"
	"testing"

	h "frontdoor/handlers"
)

func TestRegistersAreValid(t *testing.T) {
	demo, err := Demo()
	if err != nil {
		t.Fatalf("Demo: %v", err)
	}
	tests := []struct {
		name string
		reg  *h.Register
	}{
		{"small", Small()},
		{"demo", demo},
		{"national default", National(1, NationalSize{})},
		{"national tiny", National(7, NationalSize{Areas: 20, Cohorts: 20, Programmes: 30, Fundings: 200})},
		{"national doubled", National(3, NationalSize{Areas: 800, Cohorts: 400, Programmes: 10000, Fundings: 20000})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := Validate(tt.reg); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

func TestValidateFindsProblems(t *testing.T) {
	reg := Small()
	reg.Areas[1].ParentID = "E07000101" // England inside Dalesby: a cycle
	reg.Programmes[0].CohortIDs = append(reg.Programmes[0].CohortIDs, "nobody")
	reg.Fundings = append(reg.Fundings, reg.Fundings[0])
	err := Validate(reg)
	if err == nil {
		t.Fatal("Validate accepted a register with a cycle, an unknown cohort and a duplicate id")
	}
	for _, want := range []string{`area "E92000001": its parents lead back to it`, `unknown cohort "nobody"`, `funding "f_yh_dwp": duplicate id`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Validate error lacks %q:\n%v", want, err)
		}
	}
}

func TestNationalIsDeterministic(t *testing.T) {
	size := NationalSize{Areas: 100, Cohorts: 50, Programmes: 300, Fundings: 600}
	a, b := National(5, size), National(5, size)
	if !reflect.DeepEqual(a, b) {
		t.Error("two registers from the same seed differ")
	}
	if c := National(6, size); reflect.DeepEqual(a.Programmes, c.Programmes) {
		t.Error("registers from different seeds are the same")
	}
}

func TestDemoReadsEveryFile(t *testing.T) {
	reg, err := Demo()
	if err != nil {
		t.Fatal(err)
	}
	if len(reg.Areas) < 100 || len(reg.Agencies) < 50 || len(reg.Cohorts) < 30 || len(reg.Programmes) < 20 || len(reg.Fundings) < 40 {
		t.Fatalf("demo register looks short: %d areas, %d agencies, %d cohorts, %d programmes, %d fundings",
			len(reg.Areas), len(reg.Agencies), len(reg.Cohorts), len(reg.Programmes), len(reg.Fundings))
	}
	var f *h.Funding
	for i := range reg.Fundings {
		if reg.Fundings[i].ID == "f02" { // 2025-04 to 2030-03: months as whole months
			f = &reg.Fundings[i]
		}
	}
	if f == nil || f.Start.String() != "2025-04-01" || f.End.String() != "2030-03-31" || *f.AmountPence != 4_280_000_000 {
		t.Errorf("f02 read as %+v", f)
	}
}
