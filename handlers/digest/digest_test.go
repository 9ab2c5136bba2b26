package digest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	h "frontdoor/handlers"
	"frontdoor/handlers/golden"
	"frontdoor/handlers/regtest"

	"frontdoor/handlers/digest"
	"frontdoor/handlers/grammar"
	"frontdoor/handlers/index"
	"frontdoor/handlers/view"
	"frontdoor/handlers/view/viewtest"
)

// checkMessageLimits checks a digest message against Slack's limits
// (docs/slack-platform.md): 50 blocks, header 150 characters, section text 3,000, ten
// fields of 2,000, ten context elements, and a fallback text. Lengths are
// counted in UTF-16 units after escaping, with room for style marks, which
// is never less than Slack counts.
func checkMessageLimits(t *testing.T, name string, m h.Reply) {
	t.Helper()
	if len(m.Blocks) > 50 {
		t.Errorf("%s: %d blocks, limit 50", name, len(m.Blocks))
	}
	if strings.TrimSpace(m.Text) == "" || utf16Len(m.Text) > 40000 {
		t.Errorf("%s: fallback text of %d chars", name, len(m.Text))
	}
	for i, b := range m.Blocks {
		switch b := b.(type) {
		case h.Header:
			if n := utf16Len(b.Text); n == 0 || n > 150 {
				t.Errorf("%s: block %d: header of %d chars", name, i, n)
			}
		case h.Section:
			n := 0
			for _, l := range b.Lines {
				n += slackLen(l) + 1
			}
			if n > 3000 || (len(b.Lines) == 0 && len(b.Fields) == 0) {
				t.Errorf("%s: block %d: section of %d chars", name, i, n)
			}
			if len(b.Fields) > 10 {
				t.Errorf("%s: block %d: %d fields", name, i, len(b.Fields))
			}
			for _, f := range b.Fields {
				if n := utf16Len(f.Label) + 4 + slackLen(f.Value); n > 2000 {
					t.Errorf("%s: block %d: field of %d chars", name, i, n)
				}
			}
		case h.Context:
			if len(b.Items) == 0 || len(b.Items) > 10 {
				t.Errorf("%s: block %d: %d context elements", name, i, len(b.Items))
			}
			for _, it := range b.Items {
				if n := slackLen(it); n > 3000 {
					t.Errorf("%s: block %d: context element of %d chars", name, i, n)
				}
			}
		}
	}
}

func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

// slackLen is the length of a line as Slack mrkdwn: escaped text, two marks
// per style, link and mention markup.
func slackLen(r h.Rich) int {
	n := 0
	for _, s := range r {
		n += utf16Len(strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s.Text))
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

// messagesJSON writes messages as JSON, each block tagged with its type
// and only the styles that are set, so golden files stay readable.
func messagesJSON(t *testing.T, msgs []h.Reply) []byte {
	t.Helper()
	rich := func(r h.Rich) []map[string]any {
		out := []map[string]any{}
		for _, s := range r {
			m := map[string]any{"text": s.Text}
			for k, on := range map[string]bool{"bold": s.Bold, "italic": s.Italic, "code": s.Code} {
				if on {
					m[k] = true
				}
			}
			if s.URL != "" {
				m["url"] = s.URL
			}
			if s.UserID != "" {
				m["user"] = s.UserID
			}
			out = append(out, m)
		}
		return out
	}
	lines := func(rs []h.Rich) [][]map[string]any {
		out := [][]map[string]any{}
		for _, r := range rs {
			out = append(out, rich(r))
		}
		return out
	}
	var out []map[string]any
	for _, m := range msgs {
		var blocks []map[string]any
		for _, b := range m.Blocks {
			switch b := b.(type) {
			case h.Header:
				blocks = append(blocks, map[string]any{"type": "header", "text": b.Text})
			case h.Section:
				sec := map[string]any{"type": "section", "lines": lines(b.Lines)}
				if len(b.Fields) > 0 {
					var fields []map[string]any
					for _, f := range b.Fields {
						fields = append(fields, map[string]any{"label": f.Label, "value": rich(f.Value)})
					}
					sec["fields"] = fields
				}
				blocks = append(blocks, sec)
			case h.Context:
				blocks = append(blocks, map[string]any{"type": "context", "items": lines(b.Items)})
			case h.Divider:
				blocks = append(blocks, map[string]any{"type": "divider"})
			case h.Actions:
				blocks = append(blocks, map[string]any{"type": "actions", "buttons": b.Buttons})
			default:
				t.Fatalf("unknown block %T", b)
			}
		}
		vis := "private"
		if m.Visibility == h.Channel {
			vis = "channel"
		}
		out = append(out, map[string]any{"text": m.Text, "visibility": vis, "blocks": blocks})
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(data, '\n')
}

// goldenFile compares got with testdata/digest/name (see package golden).
func goldenFile(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", "digest", name), got)
}

// demoHistory is the fixed history of the golden digests: the actions as
// they stood on Monday 12 January 2026 and on Monday 19 January, when
// #2 had been done and #4 and #5 logged in between.
func demoHistory() (jan12, jan19 []h.Action) {
	at := func(day, hour int) time.Time { return time.Date(2026, time.January, day, hour, 0, 0, 0, time.UTC) }
	agency := func(ids ...string) []h.Tag {
		var tags []h.Tag
		for _, id := range ids {
			tags = append(tags, h.Tag{Kind: h.TagAgency, ID: id})
		}
		return tags
	}
	a1 := h.Action{ID: 1, Text: "DWP to share Restart leaver data with the SY ICB", OwnerID: "U01SAMPLE1", OwnerName: "Sam",
		Due: h.DateOf(2026, 1, 9), Status: h.ActionOpen, Tags: agency("dwp", "icb_sy"), CreatedAt: at(5, 10)}
	a2 := h.Action{ID: 2, Text: "Map Connect to Work and WorkWell referral routes in South Yorkshire", OwnerID: "priya",
		Due: h.DateOf(2026, 1, 16), Status: h.ActionOpen, Tags: append(agency("symca"), h.Tag{Kind: h.TagProgramme, ID: "connect_to_work"}), CreatedAt: at(6, 14)}
	a3 := h.Action{ID: 3, Text: "Ask GMCA what is planned for over-50s after Restart", OwnerID: "U01SAMPLE2", OwnerName: "Jo",
		Due: h.DateOf(2026, 1, 23), Status: h.ActionOpen, Tags: append(agency("gmca"), h.Tag{Kind: h.TagCohort, ID: "over_50s"}), CreatedAt: at(8, 9)}
	jan12 = []h.Action{a1, a2, a3}

	a2done := a2
	a2done.Status, a2done.ClosedAt = h.ActionDone, at(15, 16)
	a4 := h.Action{ID: 4, Text: "Draft a note on the March 2026 funding cliff for the board", OwnerID: "priya",
		Due: h.DateOf(2026, 1, 23), Status: h.ActionOpen, CreatedAt: at(13, 11)}
	a5 := h.Action{ID: 5, Text: "Check follow-on funding for the NHS accelerators with NHS England", OwnerID: "U01SAMPLE1", OwnerName: "Sam",
		Due: h.DateOf(2026, 1, 20), Status: h.ActionOpen, Tags: agency("nhse", "icb_wy"), CreatedAt: at(14, 15)}
	jan19 = []h.Action{a1, a2done, a3, a4, a5}
	return jan12, jan19
}

// demoDigests builds the two golden digests.
func demoDigests(t *testing.T) (d12, d19 *digest.Digest, s12, s19 digest.Snapshot) {
	t.Helper()
	ix := index.NewIndex(regtest.DemoImported(t))
	jan12, jan19 := demoHistory()
	d12, s12 = mustDigest(ix, digest.Input{Week: h.DateOf(2026, 1, 12), On: h.DateOf(2026, 1, 12), CliffDays: 90, Actions: jan12})
	d19, s19 = mustDigest(ix, digest.Input{Week: h.DateOf(2026, 1, 19), On: h.DateOf(2026, 1, 19), CliffDays: 90, Actions: jan19,
		Previous: &s12, PreviousAt: time.Date(2026, time.January, 12, 9, 0, 5, 0, time.UTC)})
	return d12, d19, s12, s19
}

func TestDigestGolden(t *testing.T) {
	d12, d19, _, _ := demoDigests(t)
	for _, c := range []struct {
		name string
		d    *digest.Digest
	}{{"demo-2026-01-12", d12}, {"demo-2026-01-19", d19}} {
		t.Run(c.name, func(t *testing.T) {
			msgs := view.DigestMessages(viewtest.Budget, c.d)
			for i, m := range msgs {
				checkMessageLimits(t, fmt.Sprintf("message %d", i), m)
				if m.Visibility != h.Channel {
					t.Errorf("message %d is not shared with the channel", i)
				}
			}
			goldenFile(t, c.name+".txt", []byte(view.DigestPlain(viewtest.Budget, c.d)+"\n"))
			goldenFile(t, c.name+".json", messagesJSON(t, msgs))
		})
	}
}

// TestDigestOnTheDemoRegister checks what the golden digests must show, so
// that a careless -update cannot bless a wrong digest.
func TestDigestOnTheDemoRegister(t *testing.T) {
	d12, d19, s12, _ := demoDigests(t)
	plain := view.DigestPlain(viewtest.Budget, d12)
	for _, want := range []string{
		// The real overlaps: the inactivity trailblazer and the NHS
		// accelerator for people inactive through ill health in South
		// Yorkshire, with Connect to Work there through its South Yorkshire
		// funding.
		"South Yorkshire · economically inactive due to long-term sickness",
		"Get Britain Working Economic Inactivity Trailblazers · led by DWP",
		"Health and Growth Accelerators (NHS accelerators) · led by NHSE",
		"£35.3m (up to, over 5 years) from DWP for South Yorkshire",
		// Gaps summarised.
		"Ex-offenders / prison leavers: nothing live in any of 144 councils",
		// The March 2026 cliff edges.
		"WorkWell · led by DWP · ends 31 Mar 2026",
		"UK Shared Prosperity Fund - People and Skills: £900m from MHCLG · ends 31 Mar 2026 (in 78 days) with the programme",
		// Actions by agency, the two-agency action under both.
		"Overdue",
		"First digest",
		"More: overlaps · gaps · ending · actions overdue",
	} {
		if !strings.Contains(plain, want) {
			t.Errorf("digest of 12 Jan 2026 lacks %q", want)
		}
	}
	if d12.Counts.Overlaps == 0 || d12.Counts.NewOverlaps != d12.Counts.Overlaps || !d12.First {
		t.Errorf("first digest: %+v, every overlap should count as new", d12.Counts)
	}
	for _, key := range []string{"gbw_inactivity_trailblazers+nhs_accelerators@E47000002", "connect_to_work+nhs_accelerators@E47000002"} {
		if !slices.Contains(s12.Overlaps, key) {
			t.Errorf("snapshot lacks overlap %s", key)
		}
	}
	// Action #1 is tagged with DWP and the SY ICB: it is listed under each.
	for _, agency := range []string{"DWP (1)", "SY ICB (1)"} {
		if !strings.Contains(plain, agency+"\n• #1 DWP to share") {
			t.Errorf("action #1 (tagged DWP and SY ICB) is not listed under %q:\n%s", agency, section(plain, "Overdue", "Due by"))
		}
	}
	if n := strings.Count(plain, "#1 DWP to share"); n != 2 {
		t.Errorf("action #1 (tagged DWP and SY ICB) listed %d times, want twice, once under each agency", n)
	}

	// A week later: the same register, so no overlap is new or resolved;
	// #2 was done, #4 and #5 were logged.
	c := d19.Changes
	if d19.First || c.NewOverlaps != 0 || c.ResolvedOverlaps != 0 || len(c.Started)+len(c.Ended) != 0 ||
		len(c.FundingsAdded)+len(c.FundingsChanged)+c.FundingsRemoved != 0 {
		t.Errorf("changes over a week of the same register: %+v", c)
	}
	if ids(c.Opened) != "4,5" || ids(c.Closed) != "2" {
		t.Errorf("opened %s and closed %s, want 4,5 and 2", ids(c.Opened), ids(c.Closed))
	}
	plain19 := view.DigestPlain(viewtest.Budget, d19)
	for _, want := range []string{"What changed since the digest for the week of 12 Jan 2026", "Actions: 2 opened (#4, #5), 1 closed (#2)",
		"No agency named", "NHSE (1)", "WY ICB (1)", "Continuing"} {
		if !strings.Contains(plain19, want) {
			t.Errorf("digest of 19 Jan 2026 lacks %q", want)
		}
	}
}

func ids(list []*h.Action) string {
	var s []string
	for _, a := range list {
		s = append(s, fmt.Sprint(a.ID))
	}
	return strings.Join(s, ",")
}

func TestDigestChangesSinceThePreviousDigest(t *testing.T) {
	a := prog("a", "dwp", "2025-04-01", "2026-01-14", "DAL", "neet", "")
	b := prog("b", "nca", "2025-04-01", "2026-03-31", "NTH", "young", "")
	c := prog("c", "town", "2026-01-20", "", "TWN", "young", "")
	d := prog("d", "dale", "2025-04-01", "", "FEL", "over50", "")
	fa := fund("fa", "a", "dwp", "2025-04-01", "2026-03-31", "", 100_000)
	fb := fund("fb", "b", "dwp", "2025-04-01", "2026-03-31", "", 200_000)
	fd := fund("fd", "d", "dwp", "2025-04-01", "", "", 300_000)
	week1 := edgeIndex(t, []h.Programme{a, b, c, d}, []h.Funding{fa, fb, fd})
	_, prev := mustDigest(week1, digest.Input{On: edgeMon})

	// A week later a has ended (its overlap with b resolved), c has started
	// (a new overlap with b), fb's amount changed, fd was removed and fc added.
	fb2 := fb
	amount := int64(250_000 * 100)
	fb2.AmountPence = &amount
	fc := fund("fc", "c", "town", "2026-01-20", "", "", 50_000)
	week2 := edgeIndex(t, []h.Programme{a, b, c, d}, []h.Funding{fa, fb2, fc})
	next := edgeMon.AddDays(7)
	dg, snap := mustDigest(week2, digest.Input{On: next, Previous: &prev})
	ch := dg.Changes
	if ch.NewOverlaps != 1 || ch.ResolvedOverlaps != 1 || dg.Counts.NewOverlaps != 1 {
		t.Errorf("overlaps: %d new (%d local), %d resolved; want 1, 1, 1", ch.NewOverlaps, dg.Counts.NewOverlaps, ch.ResolvedOverlaps)
	}
	if !slices.Equal(ch.Started, []string{"Programme C"}) || !slices.Equal(ch.Ended, []string{"Programme A"}) {
		t.Errorf("started %v, ended %v", ch.Started, ch.Ended)
	}
	if len(ch.FundingsAdded) != 1 || ch.FundingsAdded[0].ID != "fc" || len(ch.FundingsChanged) != 1 ||
		ch.FundingsChanged[0].ID != "fb" || ch.FundingsRemoved != 1 {
		t.Errorf("fundings: added %v, changed %v, removed %d", ch.FundingsAdded, ch.FundingsChanged, ch.FundingsRemoved)
	}
	plain := view.DigestPlain(viewtest.Budget, dg)
	for _, want := range []string{"Overlaps: 1 new (1 between local programmes), 1 resolved", "Started: Programme C",
		"Stopped running: Programme A", "Fundings: 1 added (£50,000 for Programme C); 1 changed (£250,000 for Programme B); 1 removed",
		"Town · young people: Programme B and Programme C · new"} {
		if !strings.Contains(plain, want) {
			t.Errorf("digest lacks %q:\n%s", want, plain)
		}
	}
	if !slices.Equal(snap.Overlaps, []string{"b+c@TWN"}) {
		t.Errorf("snapshot overlaps %v", snap.Overlaps)
	}

	// The same register again: nothing changed.
	again, _ := mustDigest(week2, digest.Input{On: next.AddDays(7), Previous: &snap})
	if !strings.Contains(view.DigestPlain(viewtest.Budget, again), "Nothing: the same overlaps, programmes, fundings and open actions as last time.") {
		t.Errorf("an unchanged week does not say so:\n%s", view.DigestPlain(viewtest.Budget, again))
	}
}

func TestDigestActions(t *testing.T) {
	ix := edgeIndex(t, []h.Programme{prog("a", "dwp", "", "", "DAL", "neet", "")}, nil)
	on := edgeMon
	act := func(id int64, due h.Date, agencies ...string) h.Action {
		a := h.Action{ID: id, Text: fmt.Sprintf("action %d", id), OwnerID: "alex", Due: due, Status: h.ActionOpen}
		for _, ag := range agencies {
			a.Tags = append(a.Tags, h.Tag{Kind: h.TagAgency, ID: ag})
		}
		return a
	}
	done := act(9, on.AddDays(-3), "dwp")
	done.Status, done.ClosedAt = h.ActionDone, on.Time().Add(-time.Hour)
	actions := []h.Action{
		act(1, on.AddDays(-1), "dwp", "nca"), // overdue, under both
		act(2, on, "dwp"),                    // due today: due soon
		act(3, on.AddDays(6)),                // the last of the seven days, untagged
		act(4, on.AddDays(7), "dwp"),         // outside the seven days
		act(5, h.NoDate, "dwp"),              // no due date
		act(6, on.AddDays(-20)),              // overdue, untagged
		act(7, on.AddDays(-2), "gone"),       // an agency no longer in the register
		done,
	}
	d, snap := mustDigest(ix, digest.Input{On: on, Actions: actions})
	if d.Counts.Overdue != 3 || d.Counts.DueSoon != 2 {
		t.Errorf("overdue %d, due soon %d; want 3 and 2", d.Counts.Overdue, d.Counts.DueSoon)
	}
	if want := []int64{1, 2, 3, 4, 5, 6, 7}; !slices.Equal(snap.OpenActions, want) {
		t.Errorf("open actions %v, want %v", snap.OpenActions, want)
	}
	plain := view.DigestPlain(viewtest.Budget, d)
	overdue := section(plain, "Overdue", "Due by")
	// Equal counts go by name; "No agency named" comes last.
	for _, want := range []string{"DWP (1)\n• #1 action 1", "NCA (1)\n• #1 action 1", "gone (1)\n• #7 action 7", "No agency named (1)\n• #6 action 6"} {
		if !strings.Contains(overdue, want) {
			t.Errorf("overdue list lacks %q:\n%s", want, overdue)
		}
	}
	if strings.Index(overdue, "gone (1)") > strings.Index(overdue, "No agency named") {
		t.Errorf("untagged actions are not last:\n%s", overdue)
	}
	soon := section(plain, "Due by 18 Jan 2026", "More:")
	if !strings.Contains(soon, "#2 action 2") || !strings.Contains(soon, "#3 action 3") || strings.Contains(soon, "#4") || strings.Contains(soon, "#5") {
		t.Errorf("due soon:\n%s", soon)
	}
	if !strings.Contains(plain, "Overdue by agency: DWP 1, gone 1, NCA 1 and No agency named 1") {
		t.Errorf("summary lacks the overdue counts by agency:\n%s", plain)
	}
}

// section returns the text of s from the last line starting with from up to
// the next line starting with to.
func section(s, from, to string) string {
	i := strings.LastIndex(s, "\n"+from)
	if i < 0 {
		return ""
	}
	rest := s[i+1:]
	if j := strings.Index(rest, "\n"+to); j >= 0 {
		return rest[:j]
	}
	return rest
}

func TestDigestEdgeCases(t *testing.T) {
	t.Run("an empty register says so", func(t *testing.T) {
		d, snap := mustDigest(index.NewIndex(&h.Register{}), digest.Input{On: edgeMon})
		if !d.Empty || d.Headline != "Register empty · no actions overdue" {
			t.Errorf("empty register: empty %v, headline %q", d.Empty, d.Headline)
		}
		if !strings.Contains(view.DigestPlain(viewtest.Budget, d), "The register is empty") {
			t.Errorf("empty digest does not say so:\n%s", view.DigestPlain(viewtest.Budget, d))
		}
		if len(snap.Overlaps)+len(snap.Live)+len(snap.Fundings) != 0 {
			t.Errorf("snapshot of an empty register: %+v", snap)
		}
		for i, m := range view.DigestMessages(viewtest.Budget, d) {
			checkMessageLimits(t, fmt.Sprintf("message %d", i), m)
		}
	})
	t.Run("a register with one programme", func(t *testing.T) {
		ix := edgeIndex(t, []h.Programme{prog("a", "dwp", "2025-04-01", "2026-03-31", "NTH", "all", "")},
			[]h.Funding{fund("f", "a", "dwp", "2025-04-01", "2026-03-31", "", 1_000)})
		d, snap := mustDigest(ix, digest.Input{On: h.DateOf(2026, 3, 31)})
		if d.Counts.Overlaps != 0 || d.Counts.Running != 1 || d.Counts.CliffProgrammes != 1 || d.Counts.NoSuccessor != 1 || d.Counts.CliffFundings != 1 {
			t.Errorf("one programme ending on 31 Mar: %+v", d.Counts)
		}
		// Gaps on 31 Mar: the programme serves North's councils.
		if d.Counts.Gaps != 2*4 {
			t.Errorf("%d gaps, want 8 (Southton and Aberwen, each for four cohorts)", d.Counts.Gaps)
		}
		if !slices.Equal(snap.Live, []string{"a"}) {
			t.Errorf("live %v", snap.Live)
		}
		// The week of 1 Apr: it has stopped running.
		d2, _ := mustDigest(ix, digest.Input{On: h.DateOf(2026, 4, 1), Previous: &snap})
		if d2.Week != h.DateOf(2026, 3, 30) || !slices.Equal(d2.Changes.Ended, []string(nil)) {
			// 1 Apr 2026 is a Wednesday: its week began on Monday 30 Mar,
			// when the programme still ran.
			t.Errorf("week %s, ended %v", d2.Week, d2.Changes.Ended)
		}
		d3, _ := mustDigest(ix, digest.Input{On: h.DateOf(2026, 4, 6), Previous: &snap})
		if !slices.Equal(d3.Changes.Ended, []string{"Programme A"}) || d3.Counts.Gaps != 5*4 {
			t.Errorf("week of 6 Apr: ended %v, %d gaps", d3.Changes.Ended, d3.Counts.Gaps)
		}
	})
	t.Run("the snapshot is deterministic and survives JSON", func(t *testing.T) {
		ix := demoIndex(t)
		jan12, _ := demoHistory()
		_, s1 := mustDigest(ix, digest.Input{On: edgeMon, Actions: jan12})
		_, s2 := mustDigest(ix, digest.Input{On: edgeMon.AddDays(3), Actions: jan12})
		j1, _ := json.Marshal(s1)
		j2, _ := json.Marshal(s2)
		if !bytes.Equal(j1, j2) {
			t.Error("two digests of the same week give different snapshots")
		}
		var back digest.Snapshot
		if err := json.Unmarshal(j1, &back); err != nil {
			t.Fatal(err)
		}
		d, _ := mustDigest(ix, digest.Input{On: edgeMon.AddDays(7), Actions: jan12, Previous: &back})
		if d.Changes.NewOverlaps != 0 || len(d.Changes.Opened) != 0 || !strings.Contains(string(j1), `"week":"2026-01-12"`) {
			t.Errorf("after a JSON round trip: %+v", d.Changes)
		}
	})
}

func TestWeekOf(t *testing.T) {
	for _, tt := range []struct{ day, want h.Date }{
		{h.DateOf(2026, 1, 12), h.DateOf(2026, 1, 12)}, // Monday
		{h.DateOf(2026, 1, 18), h.DateOf(2026, 1, 12)}, // Sunday
		{h.DateOf(2026, 4, 1), h.DateOf(2026, 3, 30)},  // across a month
		{h.DateOf(2027, 1, 1), h.DateOf(2026, 12, 28)}, // across a year
	} {
		if got := h.WeekOf(tt.day); got != tt.want {
			t.Errorf("WeekOf(%s) = %s, want %s", tt.day, got, tt.want)
		}
	}
}

// TestDigestStaysWithinSlackLimits builds digests that strain every cap:
// a national-scale register with many actions, and a register of outsized
// names.
func TestDigestStaysWithinSlackLimits(t *testing.T) {
	reg := regtest.National(5, regtest.NationalSize{})
	ix := index.NewIndex(reg)
	actions := benchDigestActions(reg, regtest.Day, 5000)
	_, prev := mustDigest(ix, digest.Input{On: regtest.Day.AddDays(-7), Actions: actions[:2500]})
	d, _ := mustDigest(ix, digest.Input{On: regtest.Day, Actions: actions, Previous: &prev})
	msgs := view.DigestMessages(viewtest.Budget, d)
	if len(msgs) < 5 || d.Counts.Overlaps < 1000 || d.Counts.Overdue < 1000 {
		t.Errorf("%d messages, %+v: the national digest does not test the caps", len(msgs), d.Counts)
	}
	for i, m := range msgs {
		checkMessageLimits(t, fmt.Sprintf("national message %d", i), m)
	}
	if n := len(view.DigestPlain(viewtest.Budget, d)); n > 100_000 {
		t.Errorf("plain digest of %d bytes: not readable in 30 seconds", n)
	}

	huge := strings.Repeat("Very long name & <more> ", 30)
	small := edgeRegister([]h.Programme{
		prog("a", "dwp", "2025-04-01", "2026-03-31", "DAL", "neet", ""),
		prog("b", "nca", "2025-04-01", "2026-03-31", "NTH", "young", ""),
		prog("n", "nhse", "", "", "ENG", "all", ""),
	}, []h.Funding{fund("fa", "a", "dwp", "2025-04-01", "2026-03-31", "DAL", 5)})
	for i := range small.Areas {
		small.Areas[i].Name += huge
	}
	for i := range small.Cohorts {
		small.Cohorts[i].Name += huge
	}
	for i := range small.Programmes {
		small.Programmes[i].Name += huge
	}
	for i := range small.Agencies {
		small.Agencies[i].Name += huge
		small.Agencies[i].Aliases = nil
	}
	var many []h.Action
	for i := 0; i < 300; i++ {
		many = append(many, h.Action{ID: int64(i + 1), Text: huge + huge, OwnerID: "U0123456789", Status: h.ActionOpen,
			Due: edgeMon.AddDays(-i % 9), Tags: []h.Tag{{Kind: h.TagAgency, ID: small.Agencies[i%len(small.Agencies)].ID}}})
	}
	ix2 := index.NewIndex(small)
	d2, _ := mustDigest(ix2, digest.Input{On: edgeMon, Actions: many})
	for i, m := range view.DigestMessages(viewtest.Budget, d2) {
		checkMessageLimits(t, fmt.Sprintf("outsized message %d", i), m)
	}
}

func TestCommandReplies(t *testing.T) {
	ix := demoIndex(t)
	on := edgeMon
	run := func(text string) (h.Reply, error) {
		cmd, err := grammar.Parse(text)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		switch cmd.Name {
		case grammar.CmdOverlaps:
			return overlapsReply(ix, cmd, on)
		case grammar.CmdGaps:
			return gapsReply(ix, cmd, on)
		case grammar.CmdEnding:
			return endingReply(ix, cmd, on, 90)
		}
		t.Fatalf("%s: not a digest command", text)
		return h.Reply{}, nil
	}
	tests := []struct {
		text string
		want []string
		not  []string
	}{
		{"overlaps in Sheffield", []string{
			"Overlaps in Sheffield",
			"South Yorkshire · economically inactive due to long-term sickness",
			"↔ GBW trailblazers and Health and Growth Accelerators: together 1 Apr 2025 to 31 Mar 2027 · different lead agencies",
			"Also open to residents here",
			"• South Yorkshire: Access to Work"}, []string{"Greater Manchester ·"}},
		{"overlaps for over 50s", []string{"No two local programmes overlap for over-50s on 12 Jan 2026."}, nil},
		{"overlaps in Manchester for mental health", []string{"Greater Manchester · people with mental health conditions",
			"£1.3m (approx) from DWP via GM ICB for Manchester"}, []string{"South Yorkshire"}},
		{"gaps", []string{"1,060 gaps on 12 Jan 2026", "• Ex-offenders / prison leavers: nothing live in any of 144 councils", "By authority"}, []string{"By council"}},
		{"gaps in South Yorkshire for ex-offenders", []string{"4 gaps in South Yorkshire for ex-offenders / prison leavers",
			"• Ex-offenders / prison leavers: nothing live in any of 4 councils", "• Barnsley: nothing live for ex-offenders / prison leavers"}, nil},
		{"gaps in Rotherham for young people", []string{"No gaps in Rotherham for young people on 12 Jan 2026"}, nil},
		{"ending", []string{"Ending within 90 days", "3 programmes end (none without a successor) and 22 fundings end (4 with nothing after)",
			"• WorkWell: £64m from DWP · ends 31 Mar 2026 (in 78 days) with the programme"}, nil},
		{"ending in South Yorkshire within 30 days", []string{"Nothing recorded in South Yorkshire ends from 12 Jan 2026 to 11 Feb 2026."}, nil},
		{"ending in Rotherham", []string{"£1.7m from SYMCA for Rotherham", "Health and Growth Accelerators"}, []string{"£11m", "£16m", "for York "}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			r, err := run(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			checkMessageLimits(t, tt.text, r)
			if r.Visibility != h.Private || !r.Shareable {
				t.Errorf("not a private, shareable reply")
			}
			plain := h.RenderPlain(r)
			for _, w := range tt.want {
				if !strings.Contains(plain, w) {
					t.Errorf("reply lacks %q:\n%s", w, plain)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(plain, w) {
					t.Errorf("reply has %q:\n%s", w, plain)
				}
			}
		})
	}
	for _, text := range []string{"overlaps in Atlantis", "gaps for astronauts", "gaps for employers", "ending in Atlantis"} {
		if _, err := run(text); h.ErrorCode(err) != h.ENotFound && h.ErrorCode(err) != h.EInvalid {
			t.Errorf("%s: %v, want a not-found or invalid error", text, err)
		}
	}
}

// TestCommandRepliesAreCutShortWithinSlackLimits asks the widest questions
// of a national-scale register: every reply stays within Slack's limits and
// says how to narrow it.
func TestCommandRepliesAreCutShortWithinSlackLimits(t *testing.T) {
	reg := regtest.National(9, regtest.NationalSize{})
	ix := index.NewIndex(reg)
	on := regtest.Day
	authority := ""
	for _, a := range reg.Areas {
		if a.Kind == h.AreaStrategicAuthority {
			authority = a.ID
			break
		}
	}
	for _, c := range []grammar.Command{
		{Name: grammar.CmdOverlaps},
		{Name: grammar.CmdOverlaps, Area: "England"},
		{Name: grammar.CmdOverlaps, Area: authority},
		{Name: grammar.CmdOverlaps, For: "working age"},
		{Name: grammar.CmdGaps},
		{Name: grammar.CmdGaps, Area: "England"},
		{Name: grammar.CmdGaps, Area: authority},
		{Name: grammar.CmdEnding},
		{Name: grammar.CmdEnding, Within: 365},
	} {
		var r h.Reply
		var err error
		switch c.Name {
		case grammar.CmdOverlaps:
			r, err = overlapsReply(ix, c, on)
		case grammar.CmdGaps:
			r, err = gapsReply(ix, c, on)
		default:
			r, err = endingReply(ix, c, on, 90)
		}
		name := fmt.Sprintf("%s in %q for %q within %d", c.Name, c.Area, c.For, c.Within)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		checkMessageLimits(t, name, r)
		if len(r.Blocks) > 49 {
			t.Errorf("%s: %d blocks leave no room for the share button", name, len(r.Blocks))
		}
		if plain := h.RenderPlain(r); c.Area == "" && !strings.Contains(plain, "…and ") {
			t.Errorf("%s: the national answer is not cut short:\n%s", name, plain)
		}
	}
}

func TestDigestPreview(t *testing.T) {
	d12, _, _, _ := demoDigests(t)
	p := view.DigestPreview(viewtest.Budget, d12)
	checkMessageLimits(t, "preview", p)
	if p.Visibility != h.Private {
		t.Error("the preview is not private")
	}
	plain := h.RenderPlain(p)
	if n := len(view.DigestMessages(viewtest.Budget, d12)) - 1; !strings.Contains(plain, fmt.Sprintf("when posted, %d more messages follow in its thread", n)) {
		t.Errorf("preview does not say %d messages follow:\n%s", n, plain)
	}
	if !strings.HasSuffix(plain, "More: overlaps · gaps · ending · actions overdue") {
		t.Errorf("preview does not end with the commands for more:\n%s", plain)
	}
}
