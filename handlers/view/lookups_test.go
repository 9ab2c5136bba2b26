package view_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	h "frontdoor/handlers"
	"frontdoor/handlers/regtest"

	"frontdoor/handlers/index"
)

// describe flattens an answer to one line per programme entry:
// "PART|funder|programme|fundings|note", where PART is T (targeted) or B
// (broader), funder is "-" when not recorded and "elsewhere" for the group
// of programmes whose money is all for another place or date, and each
// funding is its id,
// "*" when labelled programme total, and "<agency" for each agency that
// passed it on.
func describe(ans *index.WhoFundsAnswer, groups []index.FunderGroup, part string) []string {
	var out []string
	for _, g := range groups {
		funder := "-"
		switch {
		case g.Funder != nil && g.Elsewhere:
			funder = "BOTH"
		case g.Funder != nil:
			funder = g.Funder.ID
		case g.Elsewhere:
			funder = "elsewhere"
		}
		for _, fp := range programmesOf(ans, g) {
			var fs []string
			for _, fl := range fp.Fundings {
				s := fl.Funding.ID
				if fl.ProgrammeTotal {
					s += "*"
				}
				for _, v := range fl.Via {
					s += "<" + v.ID
				}
				fs = append(fs, s)
			}
			out = append(out, strings.Join([]string{part, funder, fp.Programme.ID, strings.Join(fs, ","), fp.Note}, "|"))
		}
	}
	return out
}

func TestWhoFundsSemantics(t *testing.T) {
	ix := smallIndex(t)
	const noneToday = index.NoteNoFundingOnDate
	tests := []struct {
		name              string
		cohort, area      string
		on                h.Date
		targeted, broader []string
		notLive           []string
	}{
		{
			name: "district inside a county: up the hierarchy", cohort: "young people", area: "Dalesby", on: regtest.Day,
			targeted: []string{
				"T|dfe|neet_reengage|f_ne|",
				// f_yh_fel is for Fellside, a sibling of Dalesby: left out.
				"T|dwp|youth_hub|f_yh_dwp,f_yh_dal<kcrca,f_yh_brk<kcrca|",
				"T|elsewhere|work_ready||" + noneToday,
			},
			broader: []string{"B|dwp|national_start|f_ns_total*,f_ns_kcr|"},
			notLive: []string{"early_start", "future_skills", "old_youth"},
		},
		{
			name: "strategic authority: down the hierarchy", cohort: "young people", area: "Kingsport City Region", on: regtest.Day,
			targeted: []string{
				"T|dfe|neet_reengage|f_ne|",
				"T|dwp|youth_hub|f_yh_dwp,f_yh_dal<kcrca,f_yh_brk<kcrca,f_yh_fel<kcrca<brkcc|",
				"T|elsewhere|work_ready||" + noneToday,
			},
			broader: []string{"B|dwp|national_start|f_ns_total*,f_ns_kcr|"},
			notLive: []string{"early_start", "future_skills", "next_steps", "old_youth"},
		},
		{
			name: "every area", cohort: "young people", on: regtest.Day,
			targeted: []string{
				"T|dwp|valley_work|f_vw|",
				"T|dwp|youth_hub|f_yh_dwp,f_yh_dal<kcrca,f_yh_brk<kcrca,f_yh_fel<kcrca<brkcc|",
				"T|dfe|neet_reengage|f_ne|",
				"T|elsewhere|work_ready||" + noneToday,
				"T|-|care_plus||" + index.NoteFundingNotRecorded,
			},
			// No area asked: the national total is not labelled.
			broader: []string{"B|dwp|national_start|f_ns_total,f_ns_kcr,f_ns_riv|"},
			notLive: []string{"early_start", "future_skills", "next_steps", "old_youth"},
		},
		{
			name: "a country containing the programme's areas: no programme total label", cohort: "over 50s", area: "United Kingdom", on: regtest.Day,
			targeted: []string{"T|elsewhere|work_ready||" + noneToday},
			broader:  []string{"B|dwp|national_start|f_ns_total,f_ns_kcr,f_ns_riv|"},
		},
		{
			name: "a country narrower than the programme: programme total", cohort: "over 50s", area: "Wales", on: regtest.Day,
			broader: []string{"B|dwp|national_start|f_ns_total*|"},
		},
		{
			name: "last day of a programme and its funding", cohort: "NEET", area: "Dalesby", on: regtest.Day,
			targeted: []string{"T|dfe|neet_reengage|f_ne|"},
			broader: []string{
				"B|dwp|national_start|f_ns_total*,f_ns_kcr|",
				"B|dwp|youth_hub|f_yh_dwp,f_yh_dal<kcrca,f_yh_brk<kcrca|",
				"B|elsewhere|work_ready||" + noneToday,
			},
			notLive: []string{"early_start", "future_skills", "old_youth"},
		},
		{
			name: "the day after the last day", cohort: "NEET", area: "Dalesby", on: regtest.DayAfter,
			broader: []string{
				"B|dwp|national_start|f_ns_total*,f_ns_kcr|",
				"B|dwp|youth_hub|f_yh_dwp,f_yh_dal<kcrca,f_yh_brk<kcrca|",
				"B|elsewhere|work_ready||" + noneToday,
			},
			notLive: []string{"early_start", "future_skills", "neet_reengage", "old_youth"},
		},
		{
			name: "first day of a programme and its funding", cohort: "mental health", area: "Fellside", on: regtest.Day,
			targeted: []string{"T|icb_kb|mind_work|f_mw|"},
			broader: []string{
				// Health Hub's NHS England money is for Kingsport, not Fellside.
				"B|dwp|health_hub|f_hh_dwp|",
				"B|dwp|national_start|f_ns_total*,f_ns_kcr|",
			},
		},
		{
			name: "the day before the first day", cohort: "mental health", area: "Fellside", on: regtest.DayBefore,
			broader: []string{
				"B|dwp|health_hub|f_hh_dwp|",
				"B|dwp|national_start|f_ns_total*,f_ns_kcr|",
			},
			notLive: []string{"mind_work"},
		},
		{
			name: "last day of a programme with no funding rows", cohort: "young people", area: "Kingsport City Region", on: regtest.DayBefore,
			targeted: []string{
				"T|dfe|neet_reengage|f_ne|",
				"T|dwp|youth_hub|f_yh_dwp,f_yh_dal<kcrca,f_yh_brk<kcrca,f_yh_fel<kcrca<brkcc|",
				"T|elsewhere|work_ready||" + noneToday,
				"T|-|early_start||" + index.NoteFundingNotRecorded,
			},
			broader: []string{"B|dwp|national_start|f_ns_total*,f_ns_kcr|"},
			notLive: []string{"future_skills", "next_steps", "old_youth"},
		},
		{
			name: "money live on the date but not for the area", cohort: "mental health", area: "Dalesby", on: regtest.Day,
			targeted: []string{"T|elsewhere|mind_work||no funding recorded for Dalesby on this date"},
			broader: []string{
				"B|dwp|health_hub|f_hh_dwp|",
				"B|dwp|national_start|f_ns_total*,f_ns_kcr|",
			},
		},
		{
			name: "two funders of one programme", cohort: "health condition", on: regtest.Day,
			targeted: []string{
				"T|dwp|health_hub|f_hh_dwp|",
				"T|nhse|health_hub|f_hh_nhse|",
				"T|icb_kb|mind_work|f_mw|",
			},
			broader: []string{"B|dwp|national_start|f_ns_total,f_ns_kcr,f_ns_riv|"},
		},
		{
			name: "a unitary outside any authority", cohort: "care leavers", area: "Riverton", on: regtest.Day,
			targeted: []string{"T|-|care_plus||" + index.NoteFundingNotRecorded},
			broader:  []string{"B|dwp|national_start|f_ns_total*,f_ns_riv|"},
			notLive:  []string{"future_skills"},
		},
		{
			name: "nothing live", cohort: "employers", area: "Riverton", on: regtest.Day,
		},
		{
			name: "planned and closed never count", cohort: "young people", area: "England", on: h.DateOf(2026, time.June, 1),
			targeted: []string{
				"T|elsewhere|work_ready||" + noneToday,
				"T|-|care_plus||" + index.NoteFundingNotRecorded,
				"T|-|next_steps||" + index.NoteFundingNotRecorded,
			},
			broader: []string{"B|dwp|national_start|f_ns_total*,f_ns_kcr|"},
			notLive: []string{"early_start", "future_skills", "neet_reengage", "old_youth", "valley_work", "youth_hub"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, ans := checkWhoFundsAnswer(t, ix, tt.cohort, tt.area, tt.on, tt.targeted, tt.broader)
			var notLive []string
			for _, p := range ans.NotLive.First(ans.NotLive.Len()) {
				notLive = append(notLive, p.ID)
			}
			slices.Sort(notLive)
			if !slices.Equal(notLive, tt.notLive) {
				t.Errorf("not live = %v, want %v", notLive, tt.notLive)
			}
			if n := countDistinct(ans, ans.Targeted); ans.TargetedCount != n {
				t.Errorf("TargetedCount = %d, want %d distinct programmes", ans.TargetedCount, n)
			}
			if n := countDistinct(ans, ans.Broader); ans.BroaderCount != n {
				t.Errorf("BroaderCount = %d, want %d distinct programmes", ans.BroaderCount, n)
			}
		})
	}
}

// checkWhoFundsAnswer works out who funds the cohort in the area ("":
// everywhere) named as users type them, and checks its groups as describe
// writes them.
func checkWhoFundsAnswer(t *testing.T, ix *index.Index, cohort, area string, on h.Date, targeted, broader []string) (*h.Cohort, *h.Area, *index.WhoFundsAnswer) {
	t.Helper()
	c, err := ix.MatchCohort(cohort)
	if err != nil {
		t.Fatal(err)
	}
	var a *h.Area
	if area != "" {
		if a, err = ix.MatchArea(area); err != nil {
			t.Fatal(err)
		}
	}
	ans := ix.AnswerWhoFunds(c, a, on)
	if got := describe(ans, ans.Targeted, "T"); !slices.Equal(got, targeted) {
		t.Errorf("targeted:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(targeted, "\n     "))
	}
	if got := describe(ans, ans.Broader, "B"); !slices.Equal(got, broader) {
		t.Errorf("broader:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(broader, "\n     "))
	}
	return c, a, ans
}

func countDistinct(ans *index.WhoFundsAnswer, groups []index.FunderGroup) int {
	seen := map[string]bool{}
	for _, g := range groups {
		for _, fp := range programmesOf(ans, g) {
			seen[fp.Programme.ID] = true
		}
	}
	return len(seen)
}

// sectionTexts returns the plain text of each section of a reply.
func sectionTexts(r h.Reply) []string {
	var out []string
	for _, b := range r.Blocks {
		if s, ok := b.(h.Section); ok {
			var lines []string
			for _, l := range s.Lines {
				lines = append(lines, richText(l))
			}
			out = append(out, strings.Join(lines, "\n"))
		}
	}
	return out
}

func sectionWith(t *testing.T, r h.Reply, prefix string) string {
	t.Helper()
	for _, s := range sectionTexts(r) {
		if strings.HasPrefix(s, prefix) {
			return s
		}
	}
	t.Fatalf("no section starts with %q in:\n%s", prefix, plainText(r))
	return ""
}

func checkLookupReply(t *testing.T, r h.Reply) {
	t.Helper()
	if r.Visibility != h.Private || !r.Shareable {
		t.Errorf("reply is not private and shareable: %v, %v", r.Visibility, r.Shareable)
	}
	if r.Text == "" || strings.Contains(r.Text, "\n") {
		t.Errorf("fallback text should be one sentence: %q", r.Text)
	}
	if len(r.Blocks) < 3 {
		t.Fatalf("reply has %d blocks", len(r.Blocks))
	}
	if _, ok := r.Blocks[0].(h.Header); !ok {
		t.Errorf("first block is %T, want a header", r.Blocks[0])
	}
	c, ok := r.Blocks[len(r.Blocks)-1].(h.Context)
	if !ok || !strings.HasPrefix(richText(c.Items[0]), "As of ") {
		t.Errorf("last block is %#v, want a context starting \"As of\"", r.Blocks[len(r.Blocks)-1])
	}
	checkSlackLimits(t, r)
}

func TestWhoFundsReply(t *testing.T) {
	ix := smallIndex(t)
	r, err := whoFunds(ix, "young people", "Dalesby", regtest.Day)
	if err != nil {
		t.Fatal(err)
	}
	checkLookupReply(t, r)
	if hd := r.Blocks[0].(h.Header).Text; hd != "Who funds young people in Dalesby" {
		t.Errorf("header = %q", hd)
	}
	want := "3 programmes target young people in Dalesby on 12 Jan 2026; 1 more is open to them through broader eligibility."
	if r.Text != want {
		t.Errorf("text = %q, want %q", r.Text, want)
	}
	youth := sectionWith(t, r, "Youth Hub")
	for _, line := range []string{
		"Youth Hub · led by KCRCA · running until 31 Mar 2026",
		"For young people in Kingsport City Region Combined Authority",
		"Contact: youthhub@kcr.example",
		"• £2m [https://gov.example/youth-hub] (up to, over 2 years) for Kingsport City Region Combined Authority · 1 Apr 2025 to 31 Mar 2026",
		"• £350,000 for Dalesby · to Dalesby District Council via KCRCA · 1 Apr 2025 to 31 Mar 2026",
		"• £1.2m (approx) for Brackenshire · to Brackenshire County Council via KCRCA · 1 Apr 2025 to 31 Mar 2026",
	} {
		if !strings.Contains(youth, line+"\n") && !strings.HasSuffix(youth, line) {
			t.Errorf("Youth Hub section lacks line %q:\n%s", line, youth)
		}
	}
	// A national total and a local allocation are different money: both
	// are listed, one labelled, and nothing adds them up.
	national := sectionWith(t, r, "National Start")
	for _, line := range []string{
		"Open to working-age residents in England",
		"• £2.9bn (approx) programme total · 1 Jun 2021 to 31 Mar 2027",
		"• £42.8m (over 5 years) for Kingsport City Region Combined Authority · 1 Apr 2025 to 31 Mar 2030",
	} {
		if !strings.Contains(national, line) {
			t.Errorf("National Start section lacks %q:\n%s", line, national)
		}
	}
	plain := plainText(r)
	for _, s := range []string{"£2.94bn", "£2.9428bn", "£46"} {
		if strings.Contains(plain, s) {
			t.Errorf("reply adds amounts up (%s):\n%s", s, plain)
		}
	}
	for _, s := range []string{
		"Work Ready · led by Brackenshire County Council · running (no end date)\nFor young people in Brackenshire\nno funding recorded for this date",
		"Broader eligibility: programmes for a wider group that includes young people.",
		"Department for Work and Pensions · 1 programme",
		"Not running on 12 Jan 2026: Early Start (ended 11 Jan 2026), Future Skills (planned) and Old Youth Scheme (closed).",
	} {
		if !strings.Contains(plain, s) {
			t.Errorf("reply lacks %q:\n%s", s, plain)
		}
	}
	// Targeted programmes come before the broader ones.
	if strings.Index(plain, "Broader eligibility") < strings.Index(plain, "Youth Hub") {
		t.Errorf("broader eligibility is listed before a targeted programme:\n%s", plain)
	}
	if strings.Contains(plain, "live") && strings.Contains(plain, "status") {
		t.Errorf("reply shows the raw status column:\n%s", plain)
	}
}

func TestWhoFundsNothingLiveIsAnAnswer(t *testing.T) {
	ix := smallIndex(t)
	r, err := whoFunds(ix, "employers", "Riverton", regtest.Day)
	if err != nil {
		t.Fatalf("no live programmes gave an error: %v", err)
	}
	checkLookupReply(t, r)
	if want := "No programme for employers in Riverton is running on 12 Jan 2026."; r.Text != want {
		t.Errorf("text = %q, want %q", r.Text, want)
	}
	if plain := plainText(r); !strings.Contains(plain, "Try it without the area: who funds employers") {
		t.Errorf("reply does not suggest a wider query:\n%s", plain)
	}
	r, err = whoFunds(ix, "over 50s", "Wales", regtest.Day)
	if err != nil {
		t.Fatal(err)
	}
	if want := "No programme targets over-50s in Wales on 12 Jan 2026, but 1 programme is open to them through broader eligibility."; r.Text != want {
		t.Errorf("text = %q, want %q", r.Text, want)
	}
}

func TestWhoFundsErrors(t *testing.T) {
	ix := smallIndex(t)
	tests := []struct {
		name, cohort, area, code string
	}{
		{"unknown cohort", "astronauts", "", h.ENotFound},
		{"unknown area", "young people", "Atlantis", h.ENotFound},
		{"ambiguous cohort", "people", "", h.EAmbiguous},
		{"ambiguous area", "young people", "Valetwn", h.EAmbiguous},
		{"empty cohort", "", "Dalesby", h.EInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := whoFunds(ix, tt.cohort, tt.area, regtest.Day)
			var e *h.Error
			if !errors.As(err, &e) || e.Code != tt.code {
				t.Errorf("WhoFunds(%q, %q) error = %v, want code %s", tt.cohort, tt.area, err, tt.code)
			}
		})
	}
}

func TestAgencyFunds(t *testing.T) {
	ix := smallIndex(t)
	r, err := agencyFunds(ix, "KCRCA", regtest.Day)
	if err != nil {
		t.Fatal(err)
	}
	checkLookupReply(t, r)
	plain := plainText(r)
	for _, s := range []string{
		"Kingsport City Region Combined Authority funds 1 programme and leads 4 programmes; 2 of them are running on 12 Jan 2026.",
		"Youth Hub · running until 31 Mar 2026 · leads it\n• £350,000 for Dalesby · to Dalesby District Council via KCRCA · 1 Apr 2025 to 31 Mar 2026 · passing on DWP money",
		"Employer Pledge · running (no end date) · leads it\nfunding not recorded",
		"Not running on 12 Jan 2026: Early Start (ended 11 Jan 2026) and Old Youth Scheme (closed).",
	} {
		if !strings.Contains(plain, s) {
			t.Errorf("reply lacks %q:\n%s", s, plain)
		}
	}
	// Programmes running on the date come before the rest.
	if strings.Index(plain, "Not running") < strings.Index(plain, "Employer Pledge") {
		t.Errorf("programmes not running are listed first:\n%s", plain)
	}
	r, err = agencyFunds(ix, "DWP", regtest.Day)
	if err != nil {
		t.Fatal(err)
	}
	plain = plainText(r)
	for _, s := range []string{
		"Health Hub · running until 31 Mar 2026 · led by KB ICB\n• £1m for Kingsport City Region Combined Authority · 1 Apr 2025 to 31 Mar 2026",
		"National Start · running until 31 Mar 2027 · leads it\n• £2.9bn (approx) · 1 Jun 2021 to 31 Mar 2027",
	} {
		if !strings.Contains(plain, s) {
			t.Errorf("reply lacks %q:\n%s", s, plain)
		}
	}
	if _, err := agencyFunds(ix, "ICB", regtest.Day); h.ErrorCode(err) != h.EAmbiguous {
		t.Errorf("AgencyFunds(ICB) error = %v, want ambiguous", err)
	}
}

func TestCards(t *testing.T) {
	ix := smallIndex(t)
	tests := []struct {
		name string
		card func(string, h.Date) (h.Reply, error)
		q    string
		on   h.Date
		want []string
		not  []string
	}{
		{"running programme", bind(ix, programmeCard), "youth hub", regtest.Day, []string{
			"Youth Hub\n\nRunning until 31 Mar 2026\nLed by Kingsport City Region Combined Authority",
			"Where: Kingsport City Region Combined Authority",
			"Funding live on 12 Jan 2026\n• £2m [https://gov.example/youth-hub] (up to, over 2 years) from DWP for Kingsport City Region Combined Authority",
			"• £90,000 from DWP for Fellside · to Fellside Trust via KCRCA and Brackenshire County Council",
			"[button Programme page: https://kcr.example/youth-hub]",
			"As of 12 Jan 2026 · source: kcr.example [https://kcr.example/youth-hub]",
		}, nil},
		{"ended programme", bind(ix, programmeCard), "NEET Re-engagement", regtest.DayAfter, []string{
			"Ended 12 Jan 2026", "Funding: none recorded for 13 Jan 2026.", "Other funding recorded (other dates)\n• £69,260 (per year) from DfE for Dalesby",
		}, []string{"live"}},
		{"programme not started", bind(ix, programmeCard), "next steps", regtest.Day, []string{"Starts 13 Jan 2026", "Funding not recorded."}, nil},
		{"planned programme", bind(ix, programmeCard), "future skills", regtest.Day, []string{"Planned\n"}, nil},
		{"closed programme", bind(ix, programmeCard), "old youth scheme", regtest.Day, []string{"Closed\n"}, nil},
		{"cohort: who serves it where", bind(ix, cohortCard), "young people", regtest.Day, []string{
			"Part of: Working-age residents",
			"Includes: Young people NEET, Care leavers and Young carers",
			"5 programmes serve young people on 12 Jan 2026; 1 more is open to them through broader eligibility.",
			"• Care Leavers Plus · led by Riverton Council · in Riverton · for care leavers · running (no end date)",
			"• Youth Hub · led by KCRCA · in Kingsport City Region Combined Authority · running until 31 Mar 2026",
			"Also open to them through broader eligibility: National Start (England and Wales).",
			"Not running on 12 Jan 2026: Early Start (ended 11 Jan 2026), Future Skills (planned), Next Steps (starts 13 Jan 2026) and Old Youth Scheme (closed).",
		}, nil},
		{"cohort nothing targets", bind(ix, cohortCard), "unpaid carers", regtest.Day, []string{
			"No programme serves unpaid carers on 12 Jan 2026; 1 more is open to them through broader eligibility.",
		}, []string{"0 programmes"}},
		{"agency with nothing recorded", bind(ix, agencyFunds), "Fellside Trust", regtest.Day, []string{
			"The register records no programme that Fellside Trust funds or leads.",
		}, nil},
		{"agency funding nothing", bind(ix, agencyFunds), "Riverton Council", regtest.Day, []string{
			"Riverton Council funds no programmes and leads 1 programme; 1 of them is running on 12 Jan 2026.",
		}, nil},
		{"area: what runs there", bind(ix, areaCard), "Brackenshire", regtest.Day, []string{
			"Council area in Kingsport City Region Combined Authority",
			"Contains 2 areas: Dalesby and Fellside",
			"3 programmes run in Brackenshire on 12 Jan 2026; 4 more reach it from a wider area.",
			"• Mind and Work · led by KB ICB · for people with mental health conditions · running until 31 Mar 2027",
			"• NEET Re-engagement · led by Dalesby District Council · for young people NEET · in Dalesby · running until 12 Jan 2026",
			"From a wider area\n• Employer Pledge",
			"• National Start · led by DWP · for working-age residents · through England · running until 31 Mar 2027",
		}, []string{"Valley Work", "Care Leavers Plus"}},
		{"agency", bind(ix, agencyCard), "brackenshire county council", regtest.Day, []string{
			"Council · Brackenshire",
			"Leads 1 programme (1 running on 12 Jan 2026): Work Ready",
			"Funds 2 programmes (2 running on 12 Jan 2026): Work Ready and Youth Hub",
			"Receives money for 1 programme (1 running on 12 Jan 2026): Youth Hub",
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := tt.card(tt.q, tt.on)
			if err != nil {
				t.Fatal(err)
			}
			checkLookupReply(t, r)
			plain := plainText(r)
			for _, s := range tt.want {
				if !strings.Contains(plain, s) {
					t.Errorf("card lacks %q:\n%s", s, plain)
				}
			}
			for _, s := range tt.not {
				if strings.Contains(plain, s) {
					t.Errorf("card has %q:\n%s", s, plain)
				}
			}
		})
	}
}

func TestCardsReportUnknownNames(t *testing.T) {
	ix := smallIndex(t)
	for name, card := range map[string]func(string, h.Date) (h.Reply, error){
		"programme": bind(ix, programmeCard), "cohort": bind(ix, cohortCard), "area": bind(ix, areaCard), "agency": bind(ix, agencyCard),
	} {
		_, err := card("Zzyzx", regtest.Day)
		if h.ErrorCode(err) != h.ENotFound || !strings.Contains(h.ErrorMessage(err), `No `+name+` matches "Zzyzx"`) {
			t.Errorf("%s card of an unknown name: %v", name, err)
		}
	}
}

func TestFindMentions(t *testing.T) {
	ix := demoIndex(t)
	tests := []struct {
		text string
		want []string // kind:id:text
	}{
		{"DWP to share Restart leaver data with the ICB by Friday",
			[]string{"agency:dwp:DWP", "programme:restart:Restart"}},
		{"NHS Greater Manchester and GMCA on NEETs",
			[]string{"agency:icb_gm:NHS Greater Manchester", "agency:gmca:GMCA", "cohort:neet_16_24:NEETs"}},
		{"LTHC pathway with dwp; dwp again", []string{"agency:dwp:dwp"}},
		{"UC claimants, but not uc in lower case", []string{"cohort:uc_claimants:UC claimants"}},
		{"uc and ld in prose", nil},
		{"Connect to Work & Access to Work for care leavers", []string{
			"programme:connect_to_work:Connect to Work", "programme:access_to_work:Access to Work", "cohort:care_leavers:care leavers"}},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			var got []string
			for _, m := range ix.FindMentions(tt.text) {
				got = append(got, fmt.Sprintf("%s:%s:%s", m.Kind, m.ID, tt.text[m.Start:m.End]))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("FindMentions = %q, want %q", got, tt.want)
			}
		})
	}
}

// mrkdwn estimates the length of a line as Slack mrkdwn, independently of
// the package's own estimate: escaped text, style marks, links and mentions.
func mrkdwn(r h.Rich) int {
	n := 0
	for _, s := range r {
		t := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s.Text)
		for _, c := range t {
			n++
			if c > 0xFFFF {
				n++
			}
		}
		for _, on := range []bool{s.Bold, s.Italic, s.Code} {
			if on {
				n += 2
			}
		}
		if s.URL != "" {
			n += len(s.URL) + 3
		}
		if s.UserID != "" {
			n += len(s.UserID) + 4
		}
	}
	return n
}

// checkSlackLimits checks a reply against the Block Kit limits of docs/slack-platform.md,
// leaving one block for the share button a renderer adds.
func checkSlackLimits(t *testing.T, r h.Reply) {
	t.Helper()
	if len(r.Blocks) > 49 {
		t.Errorf("%d blocks, limit 50 with the share button", len(r.Blocks))
	}
	if len(r.Text) == 0 || len(r.Text) > 40000 {
		t.Errorf("text of %d chars", len(r.Text))
	}
	for i, b := range r.Blocks {
		switch b := b.(type) {
		case h.Header:
			if n := len([]rune(b.Text)); n > 150 || n == 0 {
				t.Errorf("block %d: header of %d chars", i, n)
			}
		case h.Section:
			n := 0
			for _, l := range b.Lines {
				n += mrkdwn(l) + 1
			}
			if n > 3000 {
				t.Errorf("block %d: section text of about %d chars, limit 3,000", i, n)
			}
			if len(b.Fields) > 10 {
				t.Errorf("block %d: %d fields", i, len(b.Fields))
			}
			for _, f := range b.Fields {
				if n := len(f.Label) + 4 + mrkdwn(f.Value); n > 2000 {
					t.Errorf("block %d: field %q of %d chars", i, f.Label, n)
				}
			}
		case h.Context:
			if len(b.Items) > 10 {
				t.Errorf("block %d: %d context elements", i, len(b.Items))
			}
			for _, it := range b.Items {
				if n := mrkdwn(it); n > 3000 {
					t.Errorf("block %d: context element of %d chars", i, n)
				}
			}
		case h.Actions:
			if len(b.Buttons) > 25 {
				t.Errorf("block %d: %d buttons", i, len(b.Buttons))
			}
			for _, btn := range b.Buttons {
				if len([]rune(btn.Text)) > 75 || len(btn.URL) > 3000 || len(btn.Value) > 2000 {
					t.Errorf("block %d: button %q over a limit", i, btn.Text)
				}
			}
		}
	}
}

func TestRepliesStayWithinSlackLimitsOnANationalRegister(t *testing.T) {
	reg := regtest.National(11, regtest.NationalSize{})
	ix := index.NewIndex(reg)
	on := regtest.Day
	type lookup struct {
		name string
		run  func() (h.Reply, error)
	}
	var lookups []lookup
	add := func(name string, run func() (h.Reply, error)) { lookups = append(lookups, lookup{name, run}) }
	// The widest questions: every cohort at the top of the tree, with and
	// without a country, an authority and a council.
	places := []string{"", "England", reg.Areas[5].ID, reg.Areas[len(reg.Areas)/2].ID}
	for _, c := range reg.Cohorts[:16] {
		for _, a := range places {
			add("who funds "+c.Name+" in "+a, func() (h.Reply, error) { return whoFunds(ix, c.ID, a, on) })
		}
		add("cohort "+c.Name, func() (h.Reply, error) { return cohortCard(ix, c.ID, on) })
	}
	for _, a := range reg.Areas[:8] {
		add("area "+a.Name, func() (h.Reply, error) { return areaCard(ix, a.ID, on) })
	}
	for _, ag := range reg.Agencies[:10] {
		add("what does "+ag.Name+" fund", func() (h.Reply, error) { return agencyFunds(ix, ag.ID, on) })
		add("agency "+ag.Name, func() (h.Reply, error) { return agencyCard(ix, ag.ID, on) })
	}
	// The programme with the most fundings.
	most, n := "", 0
	fundings := map[string]int{}
	for _, f := range reg.Fundings {
		fundings[f.ProgrammeID]++
	}
	for _, p := range reg.Programmes {
		if k := fundings[p.ID]; k > n {
			most, n = p.ID, k
		}
	}
	add("programme "+most, func() (h.Reply, error) { return programmeCard(ix, most, on) })

	cut, longest := 0, 0
	for _, l := range lookups {
		r, err := l.run()
		if err != nil {
			t.Errorf("%s: %v", l.name, err)
			continue
		}
		longest = max(longest, len(r.Blocks))
		if txt := plainText(r); strings.Contains(txt, " more programmes.") || strings.Contains(txt, " more entries.") {
			cut++
		}
		t.Run(l.name, func(t *testing.T) { checkLookupReply(t, r) })
	}
	if cut < len(lookups)/4 || longest < 20 {
		t.Errorf("%d of %d replies were cut short, the longest had %d blocks: the national queries do not test the caps",
			cut, len(lookups), longest)
	}
}

func TestRepliesStayWithinSlackLimitsWithOutsizedText(t *testing.T) {
	reg := regtest.Small()
	huge := strings.Repeat("Very long name & <more> ", 40)
	url := "https://example.org/" + strings.Repeat("x", 2500)
	for i := range reg.Areas {
		reg.Areas[i].Name += " " + huge
	}
	for i := range reg.Agencies {
		reg.Agencies[i].Name += " " + huge
	}
	for i := range reg.Cohorts {
		reg.Cohorts[i].Name += " " + huge
		reg.Cohorts[i].Description = strings.Repeat(huge, 20)
	}
	for i := range reg.Programmes {
		p := &reg.Programmes[i]
		p.Name += " " + huge
		p.Description = strings.Repeat(huge, 20)
		p.URL = url
		p.Contact = huge
		p.Aliases = append(p.Aliases, huge, huge+"2", huge+"3")
	}
	base := len(reg.Fundings)
	for i := 0; i < 200; i++ {
		f := reg.Fundings[i%base]
		f.ID = fmt.Sprintf("extra%d", i)
		f.SourceURL = url
		f.Notes = huge
		reg.Fundings = append(reg.Fundings, f)
	}
	ix := index.NewIndex(reg)
	on := regtest.Day
	for _, r := range []func() (h.Reply, error){
		func() (h.Reply, error) { return whoFunds(ix, "working_age", "", on) },
		func() (h.Reply, error) { return whoFunds(ix, "young", "E07000101", on) },
		func() (h.Reply, error) { return agencyFunds(ix, "dwp", on) },
		func() (h.Reply, error) { return agencyCard(ix, "kcrca", on) },
		func() (h.Reply, error) { return programmeCard(ix, "youth_hub", on) },
		func() (h.Reply, error) { return cohortCard(ix, "working_age", on) },
		func() (h.Reply, error) { return areaCard(ix, "E92000001", on) },
	} {
		reply, err := r()
		if err != nil {
			t.Fatal(err)
		}
		checkLookupReply(t, reply)
	}
}

func TestWhoFundsOnDemoRegister(t *testing.T) {
	ix := demoIndex(t)
	tests := []struct {
		cohort, area string
		want         []string // entries that must be present, as describe writes them
	}{
		// Money from several funders, interleaved in the register, is
		// regrouped by funder; GMCA's and YNYCA's grants are DWP money.
		{"health condition", "", []string{
			"T|dwp|gbw_inactivity_trailblazers|f14,f15,f17<ynyca,f18,f19,f20,f21<gmca,f23,f24|",
			"T|symca|gbw_inactivity_trailblazers|f22|",
			"T|dwp|workwell_gm|f12,f13<icb_gm|",
		}},
		{"disabled people", "Liverpool", []string{
			"T|dwp|connect_to_work|f01*|",
			"T|-|access_to_work||" + index.NoteFundingNotRecorded,
		}},
		{"inactive", "Manchester", []string{
			"T|dwp|gbw_inactivity_trailblazers|f14*,f20,f21<gmca|",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.cohort+" in "+tt.area, func(t *testing.T) {
			c, err := ix.MatchCohort(tt.cohort)
			if err != nil {
				t.Fatal(err)
			}
			var a *h.Area
			if tt.area != "" {
				if a, err = ix.MatchArea(tt.area); err != nil {
					t.Fatal(err)
				}
			}
			ans := ix.AnswerWhoFunds(c, a, regtest.Day)
			got := describe(ans, ans.Targeted, "T")
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("answer lacks %s; got:\n%s", w, strings.Join(got, "\n"))
				}
			}
		})
	}
}
