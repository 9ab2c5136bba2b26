// Package regtest builds registers for tests and benchmarks: a small
// hand-made register whose every row is there to test one rule of the
// lookups, a generated national-scale register, and the demo register read
// with a plain CSV reader. It is used only by tests.
package regtest

import (
	"time"

	h "frontdoor/handlers"
)

// Test dates of the small register. Most of its edges fall on Day.
var (
	// Day is the date the small register is designed around (Monday 12 Jan 2026).
	Day = h.DateOf(2026, time.January, 12)
	// DayBefore and DayAfter are the days either side of Day.
	DayBefore = Day.AddDays(-1)
	DayAfter  = Day.AddDays(1)
)

func d(y int, m time.Month, day int) h.Date { return h.DateOf(y, m, day) }

func pounds(n int64) *int64 {
	p := n * 100
	return &p
}

func ids(s ...string) []string { return s }

// Small returns a small register designed for the semantics tests.
//
// Areas: United Kingdom > England > Kingsport City Region (a strategic
// authority) > Brackenshire (a county) > Dalesby and Fellside (districts);
// Kingsport (a city council in the city region, which "Kingsport" must
// match rather than the city region); Riverton (a unitary outside any
// authority); South Vale (another authority) > Valetown and Valeton (names
// one typo apart); Wales > Aberwen.
//
// Cohorts: working-age residents > young people > young people NEET, care
// leavers, young carers; working-age residents > people with health
// conditions > people with mental health conditions; over-50s; unpaid
// carers (id "carers", which the young carers' alias "carers" must not
// beat); employers.
//
// Programmes, as of Day:
//   - youth_hub: Kingsport City Region, young people; DWP money to the city
//     region, passed on to Dalesby and Brackenshire, and by Brackenshire on
//     to Fellside (a regrant of a regrant);
//   - neet_reengage: Dalesby, NEETs; ends on Day (its last day), as does its funding;
//   - care_plus: Riverton, care leavers; no dates, no funding rows;
//   - national_start: England and Wales, working-age residents (broader for
//     everyone); a national total with no areas and local allocations for
//     the city region and Riverton;
//   - mind_work: Brackenshire, mental health; starts on Day; its only money
//     is for Fellside;
//   - future_skills: planned (dates cover Day); old_youth: closed (dates cover Day);
//   - work_ready: Brackenshire, young people and over-50s; running with no
//     end date, but its only funding is past;
//   - early_start: ended the day before Day; next_steps: starts the day after;
//   - employer_pledge: employers;
//   - valley_work: South Vale, young people;
//   - health_hub: the city region, health conditions; money from DWP for
//     the city region and from NHS England for Kingsport only.
func Small() *h.Register {
	return &h.Register{
		Areas: []h.Area{
			{ID: "K02000001", Name: "United Kingdom", Kind: h.AreaCountry, Aliases: ids("UK")},
			{ID: "E92000001", Name: "England", Kind: h.AreaCountry, ParentID: "K02000001"},
			{ID: "W92000004", Name: "Wales", Kind: h.AreaCountry, ParentID: "K02000001", Aliases: ids("Cymru")},
			{ID: "E47000101", Name: "Kingsport City Region Combined Authority", Kind: h.AreaStrategicAuthority, ParentID: "E92000001", Aliases: ids("Kingsport City Region", "KCR")},
			{ID: "E10000101", Name: "Brackenshire", Kind: h.AreaLocalAuthority, ParentID: "E47000101"},
			{ID: "E07000101", Name: "Dalesby", Kind: h.AreaLocalAuthority, ParentID: "E10000101"},
			{ID: "E07000102", Name: "Fellside", Kind: h.AreaLocalAuthority, ParentID: "E10000101"},
			{ID: "E08000101", Name: "Kingsport", Kind: h.AreaLocalAuthority, ParentID: "E47000101"},
			{ID: "E06000101", Name: "Riverton", Kind: h.AreaLocalAuthority, ParentID: "E92000001"},
			{ID: "E47000102", Name: "South Vale Combined Authority", Kind: h.AreaStrategicAuthority, ParentID: "E92000001", Aliases: ids("South Vale")},
			{ID: "E08000102", Name: "Valetown", Kind: h.AreaLocalAuthority, ParentID: "E47000102"},
			{ID: "E08000103", Name: "Valeton", Kind: h.AreaLocalAuthority, ParentID: "E47000102"},
			{ID: "W06000101", Name: "Aberwen", Kind: h.AreaLocalAuthority, ParentID: "W92000004"},
		},
		Agencies: []h.Agency{
			{ID: "dwp", Name: "Department for Work and Pensions", Kind: "dwp", Aliases: ids("DWP", "Jobcentre Plus")},
			{ID: "dfe", Name: "Department for Education", Kind: "central_government", Aliases: ids("DfE")},
			{ID: "nhse", Name: "NHS England", Kind: "nhs_national", Aliases: ids("NHSE")},
			{ID: "kcrca", Name: "Kingsport City Region Combined Authority", Kind: "strategic_authority", AreaID: "E47000101", Aliases: ids("KCRCA")},
			{ID: "svca", Name: "South Vale Combined Authority", Kind: "strategic_authority", AreaID: "E47000102", Aliases: ids("SVCA")},
			{ID: "brkcc", Name: "Brackenshire County Council", Kind: "local_authority", AreaID: "E10000101"},
			{ID: "dalcc", Name: "Dalesby District Council", Kind: "local_authority", AreaID: "E07000101"},
			{ID: "kgpcc", Name: "Kingsport City Council", Kind: "local_authority", AreaID: "E08000101"},
			{ID: "rivcc", Name: "Riverton Council", Kind: "local_authority", AreaID: "E06000101"},
			{ID: "icb_kb", Name: "NHS Kingsport and Brackenshire Integrated Care Board", Kind: "icb", AreaID: "E47000101", Aliases: ids("KB ICB")},
			{ID: "icb_sv", Name: "NHS South Vale Integrated Care Board", Kind: "icb", AreaID: "E47000102", Aliases: ids("SV ICB")},
			{ID: "fellside_trust", Name: "Fellside Trust", Kind: "vcse", AreaID: "E07000102"},
		},
		Cohorts: []h.Cohort{
			{ID: "working_age", Name: "Working-age residents", Aliases: ids("working age")},
			{ID: "young", Name: "Young people", ParentID: "working_age", Aliases: ids("YP", "youth")},
			{ID: "neet", Name: "Young people NEET", ParentID: "young", Aliases: ids("NEET")},
			{ID: "care_leavers", Name: "Care leavers", ParentID: "young", Aliases: ids("care experienced")},
			{ID: "young_carers", Name: "Young carers", ParentID: "young", Aliases: ids("carers")},
			{ID: "health", Name: "People with health conditions", ParentID: "working_age", Aliases: ids("health condition")},
			{ID: "mental_health", Name: "People with mental health conditions", ParentID: "health", Aliases: ids("MH")},
			{ID: "over_50s", Name: "Over-50s", ParentID: "working_age", Aliases: ids("over 50s", "50+")},
			{ID: "carers", Name: "Unpaid carers", ParentID: "working_age"},
			{ID: "employers", Name: "Employers", Kind: h.CohortEmployers},
		},
		Programmes: []h.Programme{
			{ID: "youth_hub", Name: "Youth Hub", LeadAgencyID: "kcrca", Start: d(2025, 4, 1), End: d(2026, 3, 31),
				AreaIDs: ids("E47000101"), CohortIDs: ids("young"), Contact: "youthhub@kcr.example", URL: "https://kcr.example/youth-hub"},
			{ID: "neet_reengage", Name: "NEET Re-engagement", LeadAgencyID: "dalcc", Start: d(2024, 4, 1), End: Day,
				AreaIDs: ids("E07000101"), CohortIDs: ids("neet")},
			{ID: "care_plus", Name: "Care Leavers Plus", LeadAgencyID: "rivcc",
				AreaIDs: ids("E06000101"), CohortIDs: ids("care_leavers")},
			{ID: "national_start", Name: "National Start", LeadAgencyID: "dwp", Start: d(2021, 6, 1), End: d(2027, 3, 31),
				AreaIDs: ids("E92000001", "W92000004"), CohortIDs: ids("working_age"), Aliases: ids("NS")},
			{ID: "mind_work", Name: "Mind and Work", LeadAgencyID: "icb_kb", Start: Day, End: d(2027, 3, 31),
				AreaIDs: ids("E10000101"), CohortIDs: ids("mental_health")},
			{ID: "future_skills", Name: "Future Skills", LeadAgencyID: "dfe", Start: d(2025, 1, 1), End: d(2027, 12, 31), Status: h.StatusPlanned,
				AreaIDs: ids("E92000001"), CohortIDs: ids("young")},
			{ID: "old_youth", Name: "Old Youth Scheme", LeadAgencyID: "kcrca", Start: d(2024, 1, 1), End: d(2026, 12, 31), Status: h.StatusClosed,
				AreaIDs: ids("E47000101"), CohortIDs: ids("neet")},
			{ID: "work_ready", Name: "Work Ready", LeadAgencyID: "brkcc", Start: d(2023, 4, 1),
				AreaIDs: ids("E10000101"), CohortIDs: ids("young", "over_50s")},
			{ID: "early_start", Name: "Early Start", LeadAgencyID: "kcrca", Start: d(2025, 1, 1), End: DayBefore,
				AreaIDs: ids("E47000101"), CohortIDs: ids("young")},
			{ID: "next_steps", Name: "Next Steps", LeadAgencyID: "kgpcc", Start: DayAfter, End: d(2027, 1, 12),
				AreaIDs: ids("E08000101"), CohortIDs: ids("young")},
			{ID: "employer_pledge", Name: "Employer Pledge", LeadAgencyID: "kcrca",
				AreaIDs: ids("E47000101"), CohortIDs: ids("employers")},
			{ID: "valley_work", Name: "Valley Work", LeadAgencyID: "svca", Start: d(2025, 4, 1), End: d(2026, 3, 31),
				AreaIDs: ids("E47000102"), CohortIDs: ids("young")},
			{ID: "health_hub", Name: "Health Hub", LeadAgencyID: "icb_kb", Start: d(2025, 4, 1), End: d(2026, 3, 31),
				AreaIDs: ids("E47000101"), CohortIDs: ids("health")},
		},
		Fundings: []h.Funding{
			{ID: "f_yh_dwp", ProgrammeID: "youth_hub", FunderID: "dwp", AmountPence: pounds(2_000_000),
				Start: d(2025, 4, 1), End: d(2026, 3, 31), AreaIDs: ids("E47000101"), Notes: "up to, 2 years; first of two", SourceURL: "https://gov.example/youth-hub"},
			{ID: "f_yh_dal", ProgrammeID: "youth_hub", FunderID: "kcrca", RecipientID: "dalcc", AmountPence: pounds(350_000),
				Start: d(2025, 4, 1), End: d(2026, 3, 31), AreaIDs: ids("E07000101"), Notes: "grant"},
			{ID: "f_yh_brk", ProgrammeID: "youth_hub", FunderID: "kcrca", RecipientID: "brkcc", AmountPence: pounds(1_200_000),
				Start: d(2025, 4, 1), End: d(2026, 3, 31), AreaIDs: ids("E10000101"), Notes: "approx"},
			{ID: "f_yh_fel", ProgrammeID: "youth_hub", FunderID: "brkcc", RecipientID: "fellside_trust", AmountPence: pounds(90_000),
				Start: d(2025, 4, 1), End: d(2026, 3, 31), AreaIDs: ids("E07000102")},
			{ID: "f_ne", ProgrammeID: "neet_reengage", FunderID: "dfe", AmountPence: pounds(69_260),
				Start: d(2024, 4, 1), End: Day, AreaIDs: ids("E07000101"), Notes: "per year"},
			{ID: "f_ns_total", ProgrammeID: "national_start", FunderID: "dwp", AmountPence: pounds(2_900_000_000),
				Start: d(2021, 6, 1), End: d(2027, 3, 31), Notes: "approx; national budget"},
			{ID: "f_ns_kcr", ProgrammeID: "national_start", FunderID: "dwp", RecipientID: "kcrca", AmountPence: pounds(42_800_000),
				Start: d(2025, 4, 1), End: d(2030, 3, 31), AreaIDs: ids("E47000101"), Notes: "total over 5 years"},
			{ID: "f_ns_riv", ProgrammeID: "national_start", FunderID: "dwp", RecipientID: "rivcc", AmountPence: pounds(1_500_000),
				Start: d(2025, 4, 1), End: d(2026, 3, 31), AreaIDs: ids("E06000101")},
			{ID: "f_mw", ProgrammeID: "mind_work", FunderID: "icb_kb", RecipientID: "fellside_trust", AmountPence: pounds(500_000),
				Start: Day, End: d(2027, 3, 31), AreaIDs: ids("E07000102")},
			{ID: "f_fs", ProgrammeID: "future_skills", FunderID: "dfe", AmountPence: pounds(10_000_000),
				Start: d(2025, 1, 1), End: d(2027, 12, 31)},
			{ID: "f_oy", ProgrammeID: "old_youth", FunderID: "dwp", AmountPence: pounds(300_000),
				Start: d(2024, 1, 1), End: d(2026, 12, 31), AreaIDs: ids("E47000101")},
			{ID: "f_wr", ProgrammeID: "work_ready", FunderID: "brkcc", AmountPence: pounds(100_000),
				Start: d(2023, 4, 1), End: d(2024, 3, 31), AreaIDs: ids("E10000101")},
			{ID: "f_vw", ProgrammeID: "valley_work", FunderID: "dwp", RecipientID: "svca", AmountPence: pounds(800_000),
				Start: d(2025, 4, 1), End: d(2026, 3, 31), AreaIDs: ids("E47000102")},
			{ID: "f_hh_dwp", ProgrammeID: "health_hub", FunderID: "dwp", AmountPence: pounds(1_000_000),
				Start: d(2025, 4, 1), End: d(2026, 3, 31), AreaIDs: ids("E47000101")},
			{ID: "f_hh_nhse", ProgrammeID: "health_hub", FunderID: "nhse", AmountPence: pounds(750_000),
				Start: d(2025, 4, 1), End: d(2026, 3, 31), AreaIDs: ids("E08000101")},
		},
	}
}
