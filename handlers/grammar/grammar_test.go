package grammar

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"frontdoor/handlers"
)

func TestParseCommand(t *testing.T) {
	d := func(y int, m time.Month, day int) handlers.Date { return handlers.DateOf(y, m, day) }
	tests := []struct {
		name string
		in   string
		want Command
	}{
		{"empty is help", "", Command{Name: CmdHelp}},
		{"slash prefix", "/fd who funds care leavers in Liverpool", Command{Name: CmdWhoFunds, Subject: "care leavers in Liverpool"}},
		{"frontdoor prefix", "/frontdoor help", Command{Name: CmdHelp}},
		{"help topic", "help who funds", Command{Name: CmdHelp, Subject: "who funds"}},
		{"who funds keeps case", "Who Funds NEETs", Command{Name: CmdWhoFunds, Subject: "NEETs"}},
		{"who funds typo", "who fudns over 50s", Command{Name: CmdWhoFunds, Subject: "over 50s"}},
		{"who serves", "who serves care leavers", Command{Name: CmdWhoFunds, Subject: "care leavers"}},
		{"as of ISO", "who funds neets in Leeds as of 2026-01-12", Command{Name: CmdWhoFunds, Subject: "neets in Leeds", AsOf: d(2026, 1, 12)}},
		{"as of UK slash", "who funds neets as of 1/4/2026", Command{Name: CmdWhoFunds, Subject: "neets", AsOf: d(2026, 4, 1)}},
		{"as of words", "area Bolton as of 31 March 2026", Command{Name: CmdArea, Subject: "Bolton", AsOf: d(2026, 3, 31)}},
		{"what does fund", "what does DWP fund", Command{Name: CmdAgencyFunds, Subject: "DWP"}},
		{"what does fund question", "what does NHS England fund?", Command{Name: CmdAgencyFunds, Subject: "NHS England"}},
		{"funds agency", "funds GMCA as of 2025-06-01", Command{Name: CmdAgencyFunds, Subject: "GMCA", AsOf: d(2025, 6, 1)}},
		{"programme card", "programme Connect to Work", Command{Name: CmdProgramme, Subject: "Connect to Work"}},
		{"program spelling", "program WorkWell", Command{Name: CmdProgramme, Subject: "WorkWell"}},
		{"cohort card", "cohort care leavers", Command{Name: CmdCohort, Subject: "care leavers"}},
		{"area card", "area South Yorkshire", Command{Name: CmdArea, Subject: "South Yorkshire"}},
		{"agency card", "agency DWP", Command{Name: CmdAgency, Subject: "DWP"}},
		{"log keeps as of", "log DWP to report as of 1/12/2026 by Friday", Command{Name: CmdLog, Text: "DWP to report as of 1/12/2026 by Friday"}},
		{"done number", "done 42", Command{Name: CmdDone, Number: 42}},
		{"done hash", "done #42", Command{Name: CmdDone, Number: 42}},
		{"note", "note 7 waiting on the ICB", Command{Name: CmdNote, Number: 7, Text: "waiting on the ICB"}},
		{"assign", "assign 3 <@U123ABC>", Command{Name: CmdAssign, Number: 3, Text: "<@U123ABC>"}},
		{"actions filter", "actions overdue", Command{Name: CmdActions, Subject: "overdue"}},
		{"overlaps in for", "overlaps in Greater Manchester for over 50s", Command{Name: CmdOverlaps, Area: "Greater Manchester", For: "over 50s"}},
		{"overlaps for in", "overlaps for over 50s in Bolton", Command{Name: CmdOverlaps, Area: "Bolton", For: "over 50s"}},
		{"gaps plain", "gaps", Command{Name: CmdGaps}},
		{"ending within", "ending in South Yorkshire within 30 days", Command{Name: CmdEnding, Area: "South Yorkshire", Within: 30}},
		{"digest", "digest as of 2026-01-12", Command{Name: CmdDigest, AsOf: d(2026, 1, 12)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("ParseCommand(%q): %v", tt.in, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseCommand(%q)\n got %+v\nwant %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseCommandRefusals(t *testing.T) {
	tests := []struct {
		name, in, wantMsg string
	}{
		{"unknown verb", "please fund my project", `I don't know the command "please fund"`},
		{"who funds nothing", "who funds", "Say which cohort"},
		{"impossible as of", "who funds neets as of 31/02/2026", "not a real date"},
		{"garbage as of", "who funds neets as of next blursday", "couldn't read the date"},
		{"done without number", "done soon", "Give the action's number"},
		{"done extra words", "done 4 today", "takes only the action's number"},
		{"note without text", "note 4", "Say what to add"},
		{"zero action", "action 0", "Give the action's number"},
		{"ending zero days", "ending within 0 days", "at least 1"},
		{"overlaps junk", "overlaps everywhere", "I expected `in <area>`"},
		{"too long", "who funds " + strings.Repeat("x", MaxCommandLength), "too long"},
		{"short typo not forgiven", "lag something", "I don't know the command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.in)
			if err == nil {
				t.Fatalf("ParseCommand(%q) succeeded, want an error containing %q", tt.in, tt.wantMsg)
			}
			if handlers.ErrorCode(err) != handlers.EInvalid {
				t.Errorf("code = %q, want %q", handlers.ErrorCode(err), handlers.EInvalid)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not contain %q", err.Error(), tt.wantMsg)
			}
		})
	}
}

func TestSplitIn(t *testing.T) {
	got := SplitIn("in work at risk in Bolton")
	want := [][2]string{{"in work at risk", "Bolton"}, {"in work at risk in Bolton", ""}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SplitIn = %q, want %q", got, want)
	}
	got = SplitIn("care leavers in St Helens in Liverpool City Region")
	if len(got) != 3 || got[0] != [2]string{"care leavers in St Helens", "Liverpool City Region"} || got[1] != [2]string{"care leavers", "St Helens in Liverpool City Region"} {
		t.Errorf("SplitIn with two ins = %q", got)
	}
}

func TestParseExplicitDate(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" means refused
	}{
		{"2026-03-31", "2026-03-31"},
		{"31/03/2026", "2026-03-31"},
		{"1/4/26", "2026-04-01"},
		{"1/12/2026", "2026-12-01"}, // day first: 1 December
		{"31 Mar 2026", "2026-03-31"},
		{"31st March 2026", "2026-03-31"},
		{"29 Feb 2028", "2028-02-29"},
		{"29 Feb 2027", ""},
		{"31/02/2026", ""},
		{"2026-02-30", ""},
		{"13/13/2026", ""},
		{"March 2026", ""},
		{"1/4/202", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, err := ParseExplicitDate(tt.in)
		if tt.want == "" {
			if err == nil {
				t.Errorf("ParseExplicitDate(%q) = %s, want refusal", tt.in, got)
			}
			continue
		}
		if err != nil || got.String() != tt.want {
			t.Errorf("ParseExplicitDate(%q) = %s, %v; want %s", tt.in, got, err, tt.want)
		}
	}
}

func TestCommandKinds(t *testing.T) {
	for _, tt := range []struct {
		text                     string
		write, lookup, cacheable bool
	}{
		{"who funds care leavers in Liverpool", false, true, true},
		{"what does DWP fund", false, true, true},
		{"programme Restart", false, true, true},
		{"cohort NEETs", false, true, true},
		{"area Bolton", false, true, true},
		{"agency DWP", false, true, true},
		{"overlaps in Bolton", false, true, true},
		{"gaps for over 50s", false, true, true},
		{"ending within 30 days", false, true, true},
		{"help who funds", false, false, true},
		{"digest", false, false, false},
		{"actions mine", false, false, false},
		{"action 42", false, false, false},
		{"log DWP to share data by Friday", true, false, false},
		{"done 42", true, false, false},
		{"reopen 42", true, false, false},
		{"assign 42 @sam", true, false, false},
		{"due 42 by Friday", true, false, false},
		{"note 42 chased", true, false, false},
		{"delete 42", true, false, false},
	} {
		cmd, err := Parse(tt.text)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.text, err)
		}
		if cmd.IsWrite() != tt.write || cmd.IsLookup() != tt.lookup || cmd.Cacheable() != tt.cacheable {
			t.Errorf("%q: write %v lookup %v cacheable %v, want %v %v %v", tt.text,
				cmd.IsWrite(), cmd.IsLookup(), cmd.Cacheable(), tt.write, tt.lookup, tt.cacheable)
		}
	}
}
