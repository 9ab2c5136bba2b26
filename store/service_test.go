package store_test

// The action log through the core's Service on a real SQLite file: the
// contract between handlers and this store, as the console and Slack use it.

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"frontdoor/handlers"
	"frontdoor/handlers/command"
	"frontdoor/handlers/demo"
	"frontdoor/handlers/registercsv"
	"frontdoor/store"
)

var today = handlers.DateOf(2026, time.November, 25) // a Wednesday

type fixture struct {
	db   *store.DB
	svc  *command.Service
	opts command.Options // what svc was made with
}

// with remakes the fixture's service with its options changed.
func (f *fixture) with(change func(o *command.Options)) {
	change(&f.opts)
	f.svc = command.New(f.opts)
}

// newFixture opens a fresh database holding the demo register, with a
// Service whose clock stands at noon on `today` in London.
func newFixture(t *testing.T, editors ...string) *fixture {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	clock := handlers.FixedDay(today, loc)
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "fd.db"), store.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var files []registercsv.File
	for _, kind := range handlers.RegisterKinds {
		data, err := readDemo(kind + ".csv")
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, registercsv.File{Name: kind + ".csv", Data: data})
	}
	diff, problems := registercsv.Plan(&handlers.Register{}, files, false)
	if len(problems) > 0 {
		t.Fatalf("demo register: %v", problems)
	}
	if err := db.ApplyImport(context.Background(), diff, "test", store.AnyVersion); err != nil {
		t.Fatal(err)
	}
	opts := command.Options{Registers: db, Actions: db, Editors: editors, People: unitPeople{}, Clock: clock, Loc: loc}
	return &fixture{db: db, svc: command.New(opts), opts: opts}
}

func readDemo(name string) ([]byte, error) {
	f, err := demo.Register().Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var b strings.Builder
	buf := make([]byte, 32*1024)
	for {
		n, err := f.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return []byte(b.String()), nil
}

// unitPeople are the people of these tests, where one service meets both
// console names (no team) and Slack users of workspace T1: a typed @name is
// the person so named, and a person of another workspace may not write.
type unitPeople struct{}

func (unitPeople) Typed(name string) (string, bool) { return name, true }

func (unitPeople) Lookup(context.Context, string) (string, error) { return "", nil }

func (unitPeople) MayWrite(p handlers.Person) bool {
	return p.ID != "" && (p.TeamID == "" || p.TeamID == "T1")
}

func slackUser(id string) handlers.Person { return handlers.Person{ID: id, Name: id, TeamID: "T1"} }

func consoleUser(name string) handlers.Person {
	return handlers.Person{ID: name, Name: name}
}

// do runs one command and returns the reply's plain text and the error.
func (f *fixture) do(t *testing.T, who handlers.Person, key, text string) (string, error) {
	t.Helper()
	r, err := f.svc.Handle(context.Background(), handlers.Request{Text: text, User: who, Key: key})
	return handlers.RenderPlain(r), err
}

func (f *fixture) mustDo(t *testing.T, who handlers.Person, text string) string {
	t.Helper()
	out, err := f.do(t, who, "", text)
	if err != nil {
		t.Fatalf("%q: %v", text, err)
	}
	return out
}

// state is everything the action log holds, to show that a refusal wrote nothing.
func (f *fixture) state(t *testing.T) string {
	t.Helper()
	acts, err := f.db.AllActions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	audit, err := f.db.Audit(context.Background(), store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, a := range acts {
		fmt.Fprintf(&b, "%+v\n", a)
	}
	for _, e := range audit {
		fmt.Fprintf(&b, "%d %s %s %s %s\n", e.ID, e.Kind, e.Subject, e.Outcome, e.Detail)
	}
	return b.String()
}

func TestActionLifeCycleFromTheConsole(t *testing.T) {
	f := newFixture(t)
	alex := consoleUser("alex")
	// One line: an owner, a due date and two agencies.
	out := f.mustDo(t, alex, "log DWP to share Restart leaver data with NHS Greater Manchester @sam by Friday")
	for _, want := range []string{"Logged #1", "Owner: sam", "Due: Fri 27 Nov", "DWP", "GM ICB"} {
		if !strings.Contains(out, want) {
			t.Errorf("log reply lacks %q:\n%s", want, out)
		}
	}
	// Found under either agency.
	for _, filter := range []string{"actions DWP", "actions NHS Greater Manchester", "actions @sam", "actions"} {
		if out := f.mustDo(t, alex, filter); !strings.Contains(out, "#1 ") {
			t.Errorf("%q does not list #1:\n%s", filter, out)
		}
	}
	if out := f.mustDo(t, alex, "actions mine"); strings.Contains(out, "#1 ") {
		t.Errorf("actions mine for alex lists sam's action:\n%s", out)
	}
	if out := f.mustDo(t, consoleUser("sam"), "actions mine"); !strings.Contains(out, "#1 ") {
		t.Errorf("actions mine for sam lacks #1:\n%s", out)
	}
	f.mustDo(t, alex, "note 1 waiting on the data-sharing agreement")
	f.mustDo(t, alex, "due 1 by 4/12")
	f.mustDo(t, alex, "done 1")
	if out := f.mustDo(t, alex, "actions"); strings.Contains(out, "#1 ") {
		t.Errorf("a done action is still listed as open:\n%s", out)
	}
	out = f.mustDo(t, alex, "action 1")
	for _, want := range []string{"logged", "note: waiting on the data-sharing agreement", "due date 27 Nov 2026 → 4 Dec 2026", "marked done", "Status: done"} {
		if !strings.Contains(out, want) {
			t.Errorf("history lacks %q:\n%s", want, out)
		}
	}
	audit, _ := f.db.Audit(context.Background(), store.AuditFilter{Subject: "#1"})
	var kinds []string
	for _, e := range audit {
		kinds = append(kinds, e.Kind+"/"+e.Outcome)
	}
	if got, want := strings.Join(kinds, " "), "action.create/ok action.note/ok action.due/ok action.done/ok"; got != want {
		t.Errorf("audit of #1 = %s, want %s", got, want)
	}
}

func TestActionPermissions(t *testing.T) {
	// Creator alex logs an action owned by sam; ed is an editor; olu is
	// anyone else in the workspace.
	cmds := map[string]string{
		"done": "done %d", "reopen": "reopen %d", "assign": "assign %d @kim",
		"due": "due %d 1/12/2026", "note": "note %d chased", "delete": "delete %d",
	}
	people := []struct {
		who     string
		allowed bool
	}{{"alex", true}, {"sam", true}, {"ed", true}, {"olu", false}}
	for verb, tmpl := range cmds {
		for _, p := range people {
			t.Run(verb+"/"+p.who, func(t *testing.T) {
				f := newFixture(t, "ed")
				f.mustDo(t, consoleUser("alex"), "log review IPS referrals @sam")
				if verb == "reopen" {
					f.mustDo(t, consoleUser("alex"), "done 1")
				}
				before := f.state(t)
				_, err := f.do(t, consoleUser(p.who), "", fmt.Sprintf(tmpl, 1))
				if p.allowed {
					if err != nil {
						t.Fatalf("%s %s: %v", p.who, verb, err)
					}
					return
				}
				if handlers.ErrorCode(err) != handlers.EForbidden {
					t.Fatalf("%s %s: err %v, want forbidden", p.who, verb, err)
				}
				if !strings.Contains(err.Error(), "Only the person who logged") {
					t.Errorf("refusal does not say why: %v", err)
				}
				a, _ := f.db.GetAction(context.Background(), 1)
				want := handlers.ActionOpen
				if verb == "reopen" {
					want = handlers.ActionDone
				}
				if a.Status != want || a.OwnerID != "sam" {
					t.Errorf("refused change changed the action: %+v", a)
				}
				audit, _ := f.db.Audit(context.Background(), store.AuditFilter{Subject: "#1"})
				last := audit[len(audit)-1]
				if last.Outcome != handlers.OutcomeRefused || last.Actor != p.who {
					t.Errorf("refusal not audited: %+v", last)
				}
				if after := f.state(t); after == before {
					t.Errorf("no refused audit row was written")
				}
			})
		}
	}
}

func TestOutsiderCannotWrite(t *testing.T) {
	f := newFixture(t)
	before := f.state(t)
	guest := handlers.Person{ID: "U999", Name: "guest", TeamID: "TOTHER"}
	_, err := f.do(t, guest, "k1", "log share the data by Friday")
	if handlers.ErrorCode(err) != handlers.EForbidden {
		t.Fatalf("outsider log: %v, want forbidden", err)
	}
	if f.state(t) != before {
		t.Errorf("an outsider's log wrote something")
	}
	// Lookups stay open to them: a lookup writes nothing.
	if _, err := f.do(t, guest, "", "who funds neets"); err != nil {
		t.Errorf("outsider lookup: %v", err)
	}
}

func TestBadActionInputWritesNothing(t *testing.T) {
	f := newFixture(t)
	f.mustDo(t, consoleUser("alex"), "log first action")
	f.mustDo(t, consoleUser("alex"), "log second action")
	f.mustDo(t, consoleUser("alex"), "delete 2")
	tests := []struct {
		name, text, want string
		code             string
	}{
		{"empty text", "log", "Say what the action is", handlers.EInvalid},
		{"blank text", "log    ", "Say what the action is", handlers.EInvalid},
		{"too long", "log " + strings.Repeat("a", 3001), "at most 3000", handlers.EInvalid},
		{"unknown number", "done 99", "There is no action #99", handlers.ENotFound},
		{"done on deleted", "done 2", "was deleted", handlers.EConflict},
		{"note on deleted", "note 2 more", "was deleted", handlers.EConflict},
		{"impossible date", "log send the report by 31/02", `"31/02" is not a real date`, handlers.EInvalid},
		{"impossible due", "due 1 30/02/2027", "not a real date", handlers.EInvalid},
		{"NHS number", "log chase referral for 943 476 5919", "an NHS number", handlers.EInvalid},
		{"NI number", "log check AB 12 34 56 C eligibility", "a National Insurance number", handlers.EInvalid},
		{"postcode", "log visit resident at M1 1AE", "a postcode", handlers.EInvalid},
		{"PII in a note", "note 1 resident 9434765919", "an NHS number", handlers.EInvalid},
		{"two due dates", "log report by Friday or by 1/12", "", handlers.EInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.state(t)
			_, err := f.do(t, consoleUser("alex"), "", tt.text)
			if err == nil {
				t.Fatalf("%q was accepted", tt.text)
			}
			if handlers.ErrorCode(err) != tt.code {
				t.Errorf("code %s, want %s (%v)", handlers.ErrorCode(err), tt.code, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("message %q lacks %q", err.Error(), tt.want)
			}
			if strings.Contains(err.Error(), "943") || strings.Contains(err.Error(), "AB 12") || strings.Contains(err.Error(), "M1 1AE") {
				t.Errorf("the refusal echoes the identifier: %q", err.Error())
			}
			after := f.state(t)
			if tt.code == handlers.EConflict {
				// A refused change to an action is audited as refused, and nothing else changes.
				if strings.Count(after, " refused ") != strings.Count(before, " refused ")+1 {
					t.Errorf("refusal not audited once:\n%s", after)
				}
				return
			}
			if after != before {
				t.Errorf("refused input wrote something:\nbefore:\n%s\nafter:\n%s", before, after)
			}
		})
	}
}

func TestPastDueDates(t *testing.T) {
	f := newFixture(t)
	// With its year, a past date is written and flagged.
	out := f.mustDo(t, consoleUser("alex"), "log send the evaluation by 1/11/2026")
	if !strings.Contains(out, "already past") {
		t.Errorf("a past explicit date is not flagged:\n%s", out)
	}
	// Without a year, 1/11 passed 24 days ago: refused, not moved to next year
	// (store/due_test.go has the rest of the rule).
	if _, err := f.do(t, consoleUser("alex"), "", "log send the plan by 1/11"); err == nil || !strings.Contains(err.Error(), "Write 1/11/2027 for next year") {
		t.Errorf("1/11 on 25 Nov 2026 should be refused naming 1/11/2027, got %v", err)
	}
}

func TestSameRequestTwiceRecordsOneAction(t *testing.T) {
	f := newFixture(t)
	sam := slackUser("U0SAM")
	out1, err := f.do(t, sam, "v0=signature-a", "log share the data by Friday")
	if err != nil {
		t.Fatal(err)
	}
	out2, err := f.do(t, sam, "v0=signature-a", "log share the data by Friday")
	if err != nil {
		t.Fatal(err)
	}
	acts, _ := f.db.AllActions(context.Background())
	if len(acts) != 1 {
		t.Fatalf("%d actions after the same request twice, want 1", len(acts))
	}
	if !strings.Contains(out1, "#1") || !strings.Contains(out2, "#1") {
		t.Errorf("replies: %q / %q", out1, out2)
	}
	// A different key is a new request.
	if _, err := f.do(t, sam, "v0=signature-b", "log share the data by Friday"); err != nil {
		t.Fatal(err)
	}
	acts, _ = f.db.AllActions(context.Background())
	if len(acts) != 2 {
		t.Errorf("%d actions, want 2", len(acts))
	}
}

func TestRegisterChangeIsSeenWithinFreshFor(t *testing.T) {
	f := newFixture(t)
	regs := &heldRegisters{DB: f.db}
	mono := time.Unix(0, 0)
	f.with(func(o *command.Options) {
		o.Registers = regs
		o.FreshFor, o.Monotonic = time.Second, handlers.ClockFunc(func() time.Time { return mono })
	})
	ask := func() string { return f.mustDo(t, consoleUser("alex"), askRestart) }
	if out := ask(); strings.Contains(out, "Restart Scheme (extended)") {
		t.Fatalf("renamed before the import:\n%s", out)
	}
	renameRestart(t, f.db) // as another process would
	mono = mono.Add(500 * time.Millisecond)
	checks := regs.versions.Load()
	if out := ask(); strings.Contains(out, "(extended)") {
		t.Errorf("the change was seen before FreshFor passed (the cache is not used)")
	}
	if n := regs.versions.Load() - checks; n != 0 {
		t.Errorf("%d register-version queries within FreshFor, want none", n)
	}
	// Once FreshFor has passed, the next request notices the change and
	// starts the new index (answering from the last one meanwhile); once
	// built, it is used.
	mono = mono.Add(600 * time.Millisecond)
	held, release := regs.hold()
	ask()
	receive(t, held, "the change was not noticed once FreshFor passed: no build started")
	release()
	if _, err := f.svc.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if out := ask(); !strings.Contains(out, "Restart Scheme (extended)") {
		t.Errorf("the change is not seen once FreshFor has passed:\n%s", out)
	}
	if n := regs.loads.Load(); n != 2 {
		t.Errorf("the register was loaded %d times, want 2", n)
	}
}

// TestDueDatesAcrossTheClockChange reads due dates through the core with the
// clock at instants either side of the change to BST (29 Mar 2026) and back
// to GMT (25 Oct 2026): "today" is the calendar day in London, not in UTC.
func TestDueDatesAcrossTheClockChange(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/London")
	tests := []struct {
		name    string
		instant time.Time // UTC
		text    string
		want    string
	}{
		// 23:30 UTC Saturday 28 Mar is 23:30 GMT: still Saturday.
		{"Saturday night GMT", time.Date(2026, 3, 28, 23, 30, 0, 0, time.UTC), "log plan by Monday", "Due: Mon 30 Mar"},
		// 23:30 UTC Sunday 29 Mar is 00:30 BST Monday: by Monday is next week's.
		{"Monday 00:30 BST", time.Date(2026, 3, 29, 23, 30, 0, 0, time.UTC), "log plan by Monday", "Due: Mon 6 Apr"},
		{"tomorrow across the change", time.Date(2026, 3, 28, 12, 0, 0, 0, time.UTC), "log plan tomorrow", "Due: Sun 29 Mar"},
		// 23:30 UTC Saturday 24 Oct is 00:30 BST Sunday 25 Oct.
		{"Sunday 00:30 BST", time.Date(2026, 10, 24, 23, 30, 0, 0, time.UTC), "log plan in 2 weeks", "Due: Sun 8 Nov"},
		// 23:30 UTC Sunday 25 Oct is 23:30 GMT: still Sunday.
		{"Sunday night GMT", time.Date(2026, 10, 25, 23, 30, 0, 0, time.UTC), "log plan by 1/11", "Due: Sun 1 Nov"},
		{"day first after the change", time.Date(2026, 10, 26, 8, 0, 0, 0, time.UTC), "log plan by 2/11", "Due: Mon 2 Nov"},
		// 22:30 UTC 31 Mar is 23:30 BST: still the last day of March.
		{"end of month on the last day", time.Date(2026, 3, 31, 22, 30, 0, 0, time.UTC), "log plan by end of month", "Due: Tue 31 Mar (today)"},
		// 23:30 UTC 31 Mar is 00:30 BST 1 April.
		{"end of month just after midnight BST", time.Date(2026, 3, 31, 23, 30, 0, 0, time.UTC), "log plan by end of month", "Due: Thu 30 Apr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.with(func(o *command.Options) {
				o.Clock, o.Loc = handlers.ClockFunc(func() time.Time { return tt.instant }), loc
			})
			out := f.mustDo(t, consoleUser("alex"), tt.text)
			if !strings.Contains(out, tt.want) {
				t.Errorf("%s at %s UTC: want %q in\n%s", tt.text, tt.instant.Format("2006-01-02 15:04"), tt.want, out)
			}
		})
	}
}

func TestHomeReportsAnUnconfirmedDigest(t *testing.T) {
	f := newFixture(t)
	f.with(func(o *command.Options) { o.Digests = f.db })
	ctx := context.Background()
	home := func() string {
		r, err := f.svc.Home(ctx, slackUser("U0SAM"))
		if err != nil {
			t.Fatal(err)
		}
		return handlers.RenderPlain(r)
	}
	if out := home(); strings.Contains(out, "needs attention") {
		t.Fatalf("a problem is reported before any digest:\n%s", out)
	}
	post, dec, err := f.db.ClaimDigest(ctx, handlers.DigestClaim{Channel: "C0UNIT", Week: handlers.WeekOf(today), Mode: handlers.ClaimScheduled,
		Content: handlers.DigestContent{Headline: "3 overlaps", Snapshot: []byte(`{}`), Messages: []byte(`[{},{}]`), Parts: 2}})
	if err != nil || !dec.Take {
		t.Fatalf("claim: %+v %v", dec, err)
	}
	if _, err := f.db.FinishDigest(ctx, post.ID, post.Attempt, handlers.DigestUnconfirmed, "timeout after sending"); err != nil {
		t.Fatal(err)
	}
	if out := home(); !strings.Contains(out, "needs attention") {
		t.Errorf("an unconfirmed digest is not reported on the App Home:\n%s", out)
	}
}
