package view_test

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	h "frontdoor/handlers"
	"frontdoor/handlers/regtest"

	"frontdoor/handlers/index"
)

func TestWhoFundsAttribution(t *testing.T) {
	ix := attributionIndex(t, nil)
	const noneHere = "no funding recorded for Dale on this date"
	tests := []struct {
		name              string
		cohort, area      string
		on                h.Date
		targeted, broader []string
	}{
		{
			name:   "lead's match, a regrant to a provider, a national total and a programme funded elsewhere",
			cohort: "young people", area: "Dale", on: edgeMon,
			targeted: []string{
				// DWP's money, passed on by NCA; NCA's own money under NCA.
				"T|dwp|nw|m_dwp,m_regrant<nca|",
				"T|nca|nw|m_self*,m_own,m_kind|",
				// Its money is all for South: listed once, under no funder.
				"T|elsewhere|sp||" + noneHere,
			},
			broader: []string{"B|dwp|ns|n_total*,n_nth|"},
		},
		{
			name: "a council's match contribution under the council", cohort: "young people", area: "Town", on: edgeMon,
			targeted: []string{
				"T|dwp|nw|m_dwp,m_to_town<nca|",
				"T|nca|nw|m_self*,m_own,m_kind|",
				"T|town|nw|m_town|",
				"T|elsewhere|sp||no funding recorded for Town on this date",
			},
			broader: []string{"B|dwp|ns|n_total*,n_nth|"},
		},
		{
			name: "South: the national allocation for South, the other programme's own funders", cohort: "young people", area: "Southton", on: edgeMon,
			targeted: []string{
				"T|dwp|sp|s_dwp|",
				"T|south|sp|s_own|",
			},
			broader: []string{"B|dwp|ns|n_total*,n_sth|"},
		},
		{
			name: "every area", cohort: "young people", on: edgeMon,
			targeted: []string{
				"T|dwp|nw|m_dwp,m_regrant<nca,m_to_town<nca|",
				"T|dwp|sp|s_dwp|",
				"T|nca|nw|m_self,m_own,m_kind|",
				"T|south|sp|s_own|",
				"T|town|nw|m_town|",
			},
			broader: []string{"B|dwp|ns|n_total,n_nth,n_sth|"},
		},
		{
			name: "no money on the date: each programme once, under no funder", cohort: "young people", on: h.DateOf(2026, 6, 1),
			targeted: []string{
				"T|elsewhere|nw||" + index.NoteNoFundingOnDate,
				"T|elsewhere|sp||" + index.NoteNoFundingOnDate,
			},
			broader: []string{"B|dwp|ns|n_total|"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, a, ans := checkWhoFundsAnswer(t, ix, tt.cohort, tt.area, tt.on, tt.targeted, tt.broader)
			// Nothing "via" its own funder, and no programme twice in the
			// group of money for elsewhere.
			for _, g := range append(slices.Clone(ans.Targeted), ans.Broader...) {
				seen := map[string]bool{}
				for _, fp := range programmesOf(ans, g) {
					if seen[fp.Programme.ID] {
						t.Errorf("%s listed twice in one group", fp.Programme.ID)
					}
					seen[fp.Programme.ID] = true
					for _, fl := range fp.Fundings {
						for _, v := range fl.Via {
							if g.Funder != nil && v.ID == g.Funder.ID {
								t.Errorf("%s under %s is passed on by %s itself", fl.Funding.ID, g.Funder.ID, v.ID)
							}
						}
					}
				}
			}
			checkCountsMatchEntries(t, ix, c, a, tt.on, ans)
		})
	}
}

var (
	entryLine    = regexp.MustCompile(`(?m)^(For|Open to) `)
	entriesInAll = regexp.MustCompile(`(\d[\d,]*) entries in all\.`)
	headlineN    = regexp.MustCompile(`^(\d[\d,]*) programmes? targets?`)
	broaderN     = regexp.MustCompile(`(\d[\d,]*) (?:more is|more are|programmes? (?:is|are)) open to them`)
	andMore      = regexp.MustCompile(`…and (\d[\d,]*) more (programmes?|entry|entries)\. Narrow`)
)

// checkCountsMatchEntries renders `who funds` for the answer's question and
// checks that its counts say what it lists: the headline's programmes are
// the distinct programmes of the answer, the entries shown and those said
// to be left out ("…and N more") add up to the answer's entries, counted in
// the unit the headline used, and "N entries in all" is said exactly when
// a programme is listed more than once.
func checkCountsMatchEntries(t *testing.T, ix *index.Index, c *h.Cohort, a *h.Area, on h.Date, ans *index.WhoFundsAnswer) {
	t.Helper()
	area := ""
	if a != nil {
		area = a.ID
	}
	r, err := whoFunds(ix, c.ID, area, on)
	if err != nil {
		t.Fatal(err)
	}
	entries := 0
	for _, g := range append(slices.Clone(ans.Targeted), ans.Broader...) {
		entries += g.Len()
	}
	programmes := ans.TargetedCount + ans.BroaderCount
	if n := countDistinct(ans, ans.Targeted) + countDistinct(ans, ans.Broader); n != programmes {
		t.Errorf("counts say %d programmes, the groups hold %d", programmes, n)
	}
	said := 0
	if m := headlineN.FindStringSubmatch(r.Text); m != nil {
		said, _ = strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
	}
	if m := broaderN.FindStringSubmatch(r.Text); m != nil {
		n, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
		said += n
	}
	if said != programmes {
		t.Errorf("headline %q counts %d programmes, the answer has %d", r.Text, said, programmes)
	}
	byEntry := false
	if m := entriesInAll.FindStringSubmatch(r.Text); m != nil {
		byEntry = true
		if n, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", "")); n != entries {
			t.Errorf("headline %q says %d entries, the answer has %d", r.Text, n, entries)
		}
	}
	if byEntry != (entries != programmes) {
		t.Errorf("headline %q: %d entries for %d programmes, yet it says entries: %v", r.Text, entries, programmes, byEntry)
	}
	plain := plainText(r)
	shown := len(entryLine.FindAllString(plain, -1))
	left := 0
	if m := andMore.FindStringSubmatch(plain); m != nil {
		left, _ = strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
		if unitEntries := strings.HasPrefix(m[2], "entr"); unitEntries != byEntry {
			t.Errorf("…and %s more %s, but the headline counted %s", m[1], m[2], map[bool]string{true: "entries", false: "programmes"}[byEntry])
		}
	}
	if shown+left != entries {
		t.Errorf("%d entries shown and %d said to be left out, the answer has %d:\n%s", shown, left, entries, plain)
	}
}

func TestWhoFundsHeadingsForMoneyElsewhere(t *testing.T) {
	ix := attributionIndex(t, nil)
	for _, tt := range []struct {
		area    string
		on      h.Date
		heading string
		absent  []string
	}{
		// Southern Pathways has DWP's and South's money, all for South.
		{"Dale", edgeMon, "Funding for Dale not recorded · 1 programme\n\nSouthern Pathways", []string{"South Combined Authority ·"}},
		{"", h.DateOf(2026, 6, 1), "Funding on 1 Jun 2026 not recorded · 2 programmes\n\nNorth Works", []string{"North Combined Authority ·", "South Combined Authority ·"}},
	} {
		r, err := whoFunds(ix, "young people", tt.area, tt.on)
		if err != nil {
			t.Fatal(err)
		}
		checkLookupReply(t, r)
		plain := plainText(r)
		if !strings.Contains(plain, tt.heading) {
			t.Errorf("in %q on %s: no %q in:\n%s", tt.area, tt.on.UK(), tt.heading, plain)
		}
		for _, s := range tt.absent {
			if strings.Contains(plain, s) {
				t.Errorf("in %q on %s: a funder heading %q for money that is not there:\n%s", tt.area, tt.on.UK(), s, plain)
			}
		}
		if strings.Count(plain, "Southern Pathways ·") != 1 {
			t.Errorf("Southern Pathways is not listed exactly once:\n%s", plain)
		}
	}
}

func TestAttributionInOtherReplies(t *testing.T) {
	ix := attributionIndex(t, nil)
	r, err := agencyFunds(ix, "NCA", edgeMon)
	if err != nil {
		t.Fatal(err)
	}
	plain := plainText(r)
	for _, tt := range []struct {
		line    string
		passing bool
	}{
		{"• £500,000 for North Combined Authority", false},
		{"• £250,000 · ", false},
		{"• £100,000 for North Combined Authority · to Northern Works Trust", false},
		{"• £300,000 for Dale · to Northern Works Trust via NCA", true},
		{"• £200,000 for Town · to Town Council via NCA", true},
	} {
		line := lineWith(plain, tt.line)
		if line == "" {
			t.Errorf("what does NCA fund: no line %q in:\n%s", tt.line, plain)
			continue
		}
		if got := strings.HasSuffix(line, " · passing on DWP money"); got != tt.passing {
			t.Errorf("what does NCA fund: %q says passing on DWP money: %v, want %v", line, got, tt.passing)
		}
	}
	if strings.Count(plain, "passing on") != 2 {
		t.Errorf("what does NCA fund: passing on said other than twice:\n%s", plain)
	}

	r, err = programmeCard(ix, "North Works", edgeMon)
	if err != nil {
		t.Fatal(err)
	}
	plain = plainText(r)
	for _, want := range []string{
		"• £2m from DWP for North Combined Authority · 1 Apr 2025 to 31 Mar 2026",
		"• £500,000 from NCA for North Combined Authority · 1 Apr 2025 to 31 Mar 2026",
		"• £250,000 from NCA · to North Combined Authority · 1 Apr 2025 to 31 Mar 2026",
		"• £100,000 from NCA for North Combined Authority · to Northern Works Trust · 1 Apr 2025 to 31 Mar 2026",
		"• £300,000 from DWP for Dale · to Northern Works Trust via NCA · 1 Apr 2025 to 31 Mar 2026",
		"• £50,000 from Town Council for Town · 1 Apr 2025 to 31 Mar 2026",
	} {
		if lineWith(plain, want) == "" {
			t.Errorf("programme card lacks %q:\n%s", want, plain)
		}
	}

	// Town passes on NCA's regrant to no one: its contribution is its own.
	r, err = agencyFunds(ix, "Town Council", edgeMon)
	if err != nil {
		t.Fatal(err)
	}
	plain = plainText(r)
	if line := lineWith(plain, "• £50,000 for Town"); line == "" || strings.Contains(line, "passing on") {
		t.Errorf("what does Town Council fund: its match is %q:\n%s", line, plain)
	}

	// Money ending (the digest's cliff edges, `ending`) names the same sources.
	edges, err := cliffEdges(ix, edgeMon, 90, "")
	if err != nil {
		t.Fatal(err)
	}
	sources := map[string]string{}
	for _, e := range edges {
		if e.Funding != nil && e.Source != nil {
			s := e.Source.ID
			for _, v := range e.Via {
				s += "<" + v.ID
			}
			sources[e.Funding.ID] = s
		}
	}
	for f, want := range map[string]string{"m_own": "nca", "m_self": "nca", "m_kind": "nca", "m_regrant": "dwp<nca", "m_town": "town", "s_own": "south"} {
		if sources[f] != want {
			t.Errorf("ending: %s comes from %q, want %q", f, sources[f], want)
		}
	}
}

// lineWith returns the first line of text that starts with prefix, or "".
func lineWith(text, prefix string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}

// TestWhoFundsCountsWhatItLists checks the counts of `who funds` replies
// against what they list, on the demo register (every cohort, everywhere
// and in a few places) and on a national one (a sample that includes the
// widest questions, which are cut short), on several dates.
func TestWhoFundsCountsWhatItLists(t *testing.T) {
	demoReg, err := regtest.Demo()
	if err != nil {
		t.Fatal(err)
	}
	national := regtest.National(11, regtest.NationalSize{})
	dates := []h.Date{edgeMon, fyStart, h.DateOf(2026, 6, 1)}
	cut, byEntry, checked := 0, 0, 0
	for _, tt := range []struct {
		name  string
		reg   *h.Register
		areas []string
		every int // one cohort in every
	}{
		{"demo", demoReg, []string{"", "E08000035", "E08000018", "E47000001", "E92000001"}, 1},
		{"national", national, []string{"", "E92000001", national.Areas[5].ID, national.Areas[len(national.Areas)/2].ID}, 9},
	} {
		ix := index.NewIndex(tt.reg)
		for _, on := range dates {
			for i := range tt.reg.Cohorts {
				if i%tt.every != 0 {
					continue
				}
				c := &tt.reg.Cohorts[i]
				for _, id := range tt.areas {
					a := ix.Area(id)
					if id != "" && a == nil {
						t.Fatalf("%s: no area %s", tt.name, id)
					}
					ans := ix.AnswerWhoFunds(c, a, on)
					t.Run(tt.name+"/"+c.ID+"/"+id+"/"+on.String(), func(t *testing.T) {
						checkCountsMatchEntries(t, ix, c, a, on, ans)
					})
					r, _ := whoFunds(ix, c.ID, id, on)
					txt := plainText(r)
					checked++
					if andMore.MatchString(txt) {
						cut++
					}
					if entriesInAll.MatchString(r.Text) {
						byEntry++
					}
				}
			}
		}
	}
	// The sample must hold replies cut short and replies counting entries,
	// or the checks above test little.
	if cut < 10 || byEntry < 10 {
		t.Errorf("of %d replies, %d were cut short and %d counted entries: the sample tests little", checked, cut, byEntry)
	}
}
