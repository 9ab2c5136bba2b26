package reliability

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"frontdoor/bot"
	"frontdoor/bot/sockettest"
	"frontdoor/handlers"
	"frontdoor/handlers/command"
	"frontdoor/handlers/demo"
	"frontdoor/store"
)

// Canaries: values that must never reach a log. Tokens carry valid
// prefixes so every setting passes validation and is really used.
const (
	canaryBotToken = "xoxb-canary-bot-7f3e9a1c44"
	canaryAppToken = "xapp-1-canary-app-5d2b8e90"
	canarySecret   = "canary-signing-secret-91c4d7"
	// A resident's name typed in action text, and an NHS number (valid check
	// digit) in a text that is refused.
	canaryResident = "Zebedee Quillfeather"
	canaryNHS      = "943 476 5919"
)

// canary is one value and where it may appear.
type canary struct {
	value string
	// inReplies: it may appear on the stdout of a console command, which is
	// the answer to the person who typed it (try and ask), never in a log.
	inReplies bool
}

var canaries = []canary{
	{canaryBotToken, false}, {canaryAppToken, false}, {canarySecret, false},
	{canaryResident, true},
	{canaryNHS, false}, {strings.ReplaceAll(canaryNHS, " ", ""), false}, // a refusal never echoes the identifier
}

// The commands typed about the canary resident, through every door.
var canaryTexts = []string{
	"log call " + canaryResident + " about the Connect to Work referral",
	"log check " + canaryResident + " NHS " + canaryNHS + " with the ICB",
	"log ask <@" + FailingUser + "1> to phone " + canaryResident, // users.info fails: an error is logged
	"who funds " + canaryResident,
	canaryResident + " care leavers",
}

// findCanaries returns every line of lines that holds a canary it must
// not. replyStreams prefix the lines that answer the person at a console;
// there, a line starting "> " echoes what they typed (try, when its input
// is not a terminal) and may hold whatever they typed.
func findCanaries(lines []string, replyStreams []string) []string {
	var found []string
	for _, line := range lines {
		isReply, isEcho := false, false
		for _, p := range replyStreams {
			if rest, ok := strings.CutPrefix(line, p); ok {
				isReply, isEcho = true, strings.HasPrefix(rest, "> ")
			}
		}
		for _, c := range canaries {
			allowed := isEcho || (isReply && c.inReplies)
			if strings.Contains(line, c.value) && !allowed {
				found = append(found, fmt.Sprintf("%q in: %s", c.value, line))
			}
		}
	}
	return found
}

// Secrets and residents' data stay out of the logs of serve (HTTP and
// Socket Mode together) and of every console command: every line each
// child process writes, on stdout and stderr, is searched for canaries.
func TestLogsHoldNoCanaries(t *testing.T) {
	run := logCanaries(t, binary(t, PkgFrontdoor))
	if len(run.found) > 0 {
		t.Errorf("output holds canaries:\n%s", strings.Join(run.found, "\n"))
	}
	report(t, map[string]any{"lines_searched": run.lines, "canaries": len(canaries), "texts": len(canaryTexts),
		"doors": run.doors, "found": len(run.found)})
}

// canaryRun is what one run through every door found.
type canaryRun struct {
	found []string // lines holding a canary they must not
	lines int
	doors string
}

// logCanaries runs serve (HTTP and Socket Mode), then each console command,
// with the canary settings and texts, and searches everything they wrote.
func logCanaries(t *testing.T, bin string) canaryRun {
	t.Helper()
	log := &Lines{}
	tmp := t.TempDir()
	db := demoDB(t)

	sock := sockettest.New()
	defer sock.Close()
	fake := NewFakeSlack(FakeSlackOptions{Team: testTeam, SocketModeURL: sock.APIURL()})
	defer fake.Close()
	catcher := NewResponseCatcher(0)
	defer catcher.Close()
	settings := map[string]string{
		"SLACK_BOT_TOKEN": canaryBotToken, "SLACK_APP_TOKEN": canaryAppToken, "SLACK_SIGNING_SECRET": canarySecret,
		"FRONTDOOR_TEAM_IDS": testTeam, "SLACK_API_URL": fake.URL(),
	}
	srv := startServe(t, ServerConfig{Binary: bin, DB: db, Settings: settings, TempDir: tmp, Name: "serve", Log: log})
	if err := srv.WaitHealthy(30 * time.Second); err != nil {
		t.Fatalf("%v\n%s", err, log.Tail(20))
	}
	if err := sock.WaitConnected(10 * time.Second); err != nil {
		t.Fatalf("Socket Mode did not connect: %v\n%s", err, log.Tail(20))
	}

	client := &http.Client{Timeout: 10 * time.Second}
	answered := 0
	for i, text := range canaryTexts {
		cmd := Command{Team: testTeam, User: testUser, UserName: "sam", Channel: testChannel, Text: text, ResponseURL: catcher.URL(fmt.Sprint(i))}
		// Over HTTP, signed.
		status, body, err := SignCommand(canarySecret, cmd, time.Now()).Send(context.Background(), client, srv.Addr)
		if err != nil || status != http.StatusOK {
			t.Fatalf("%q over HTTP: status %d, %v", text, status, err)
		}
		if len(body) > 0 {
			answered++
		}
		// Forged: signed with another secret, refused and logged as refused.
		if status, _, _ := SignCommand("not-the-secret", cmd, time.Now()).Send(context.Background(), client, srv.Addr); status != http.StatusUnauthorized {
			t.Errorf("forged %q: status %d, want 401", text, status)
		}
		// From a workspace not allowed, refused politely.
		outsider := cmd
		outsider.Team = "T0ELSEWHERE"
		if status, _, _ := SignCommand(canarySecret, outsider, time.Now()).Send(context.Background(), client, srv.Addr); status != http.StatusOK {
			t.Errorf("outsider %q: status %d, want 200 with a refusal", text, status)
		}
		// Over Socket Mode.
		id, err := sock.Send("slash_commands", map[string]string{"team_id": testTeam, "user_id": testUser, "user_team": testTeam,
			"user_name": "sam", "channel_id": testChannel, "command": "/fd", "text": text, "response_url": catcher.URL(fmt.Sprint("s", i))}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sock.AckFor(id, 10*time.Second); err != nil {
			t.Errorf("%q over Socket Mode: %v", text, err)
		}
	}
	if answered == 0 {
		t.Fatal("no command was answered: the run shows nothing")
	}
	if err := srv.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code, _, err := srv.Wait(15 * time.Second); err != nil || code != 0 {
		t.Errorf("serve: exit %d, %v", code, err)
	}
	if !strings.Contains(log.String(), `"msg":"command failed"`) {
		t.Errorf("the error path was not exercised (no \"command failed\" line):\n%s", log.Tail(30))
	}
	actionsBefore := countActions(t, db)
	if actionsBefore == 0 {
		t.Fatal("serve logged no action: the run shows nothing")
	}

	// Console commands, with the same settings in their environment.
	folder := t.TempDir()
	for _, kind := range handlers.RegisterKinds {
		data, err := readDemoFile(kind + ".csv")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(folder, kind+".csv"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cliDB := filepath.Join(t.TempDir(), "cli.db")
	runs := []cliRun{
		{"import", "", []string{"import", "--db", cliDB, folder}},
		{"try", strings.Join(canaryTexts, "\n") + "\nexit\n", []string{"try", "--db", cliDB, "--as", "sam"}},
		{"ask-log", "", []string{"ask", "--db", cliDB, "--as", "sam", canaryTexts[0]}},
		{"ask-refused", "", []string{"ask", "--db", cliDB, "--as", "sam", canaryTexts[1]}},
		{"ask-json", "", []string{"ask", "--db", cliDB, "--as", "sam", "--json", "actions"}},
		{"export", "", []string{"export", "--db", cliDB, filepath.Join(t.TempDir(), "out")}},
		{"check", "", []string{"check", "--db", db}},
		{"backup", "", []string{"backup", "--db", db, filepath.Join(t.TempDir(), "copy.db")}},
	}
	_, help, _, _ := RunCommand(context.Background(), bin, tmp, settings, "", nil, "help", 30*time.Second, "help")
	if strings.Contains(help, "\n  digest") {
		runs = append(runs, cliRun{"digest", "", []string{"digest", "--db", db}})
	}
	for _, r := range runs {
		code, _, stderr, err := RunCommand(context.Background(), bin, tmp, settings, r.stdin, log, r.name, 60*time.Second, r.args...)
		if err != nil {
			t.Fatal(err)
		}
		if code != 0 && !strings.HasPrefix(r.name, "ask-refused") {
			t.Errorf("%s: exit %d: %s", r.name, code, stderr)
		}
	}
	if !strings.Contains(log.String(), "try stdout: ") || !strings.Contains(log.String(), canaryResident) {
		t.Error("the console never answered about the resident: the run shows nothing")
	}
	all := log.All()
	return canaryRun{
		found: findCanaries(all, []string{"try stdout: ", "ask-log stdout: ", "ask-json stdout: "}),
		lines: len(all),
		doors: "http, socket mode, forged, outsider, " + cliNames(runs),
	}
}

// cliRun is one console command run with the canary settings.
type cliRun struct {
	name  string
	stdin string
	args  []string
}

func cliNames(runs []cliRun) string {
	names := make([]string, len(runs))
	for i, r := range runs {
		names[i] = r.name
	}
	return strings.Join(names, ", ")
}

func readDemoFile(name string) ([]byte, error) {
	f, err := demo.Register().Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var b bytes.Buffer
	_, err = b.ReadFrom(f)
	return b.Bytes(), err
}

func countActions(t *testing.T, path string) int {
	t.Helper()
	db, err := store.Open(context.Background(), path, store.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	all, err := db.AllActions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(all)
}

// syncBuffer is a log the bot writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The same promise in-process, every level on: the bot wired as serve wires
// it, logging at the debug level to a captured handler, fed the canary texts
// (genuine and forged) through its HTTP handler.
func TestLogsHoldNoCanariesAtDebugLevel(t *testing.T) {
	var logs syncBuffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx := context.Background()
	db, err := store.Open(ctx, demoDB(t), store.Options{Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fake := NewFakeSlack(FakeSlackOptions{Team: testTeam})
	defer fake.Close()
	catcher := NewResponseCatcher(0)
	defer catcher.Close()

	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	api := slack.New(canaryBotToken, slack.OptionAPIURL(fake.URL()), slack.OptionAppLevelToken(canaryAppToken))
	users := bot.NewUsers(api, nil)
	svc := command.New(command.Options{Registers: db, Actions: db, People: bot.NewPeople(users, []string{testTeam}),
		Clock: handlers.SystemClock{}, Loc: loc, Budget: bot.Budget})
	b, err := bot.New(bot.Options{Service: svc, Users: users, API: api, APIURL: fake.URL(), Claims: db, Log: logger, SigningSecret: canarySecret, TeamIDs: []string{testTeam}})
	if err != nil {
		t.Fatal(err)
	}
	h := b.Handler()
	for i, text := range canaryTexts {
		for _, secret := range []string{canarySecret, "forged"} {
			d := SignCommand(secret, Command{Team: testTeam, User: testUser, UserName: "sam", Channel: testChannel, Text: text,
				ResponseURL: catcher.URL(fmt.Sprint(i))}, time.Now())
			req := httptest.NewRequest(http.MethodPost, bot.PathCommands, bytes.NewReader(d.Body))
			req.Header.Set("X-Slack-Request-Timestamp", d.Timestamp)
			req.Header.Set("X-Slack-Signature", d.Signature)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if want := map[bool]int{true: 200, false: 401}[secret == canarySecret]; rec.Code != want {
				t.Errorf("%q signed with %q: status %d, want %d", text, secret, rec.Code, want)
			}
		}
	}
	stop, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := b.Shutdown(stop); err != nil {
		t.Error(err)
	}
	out := logs.String()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	// The paths that log about a command must all have run.
	for _, want := range []string{`"msg":"command"`, `"msg":"command failed"`, `"msg":"slack request refused"`} {
		if !strings.Contains(out, want) {
			t.Errorf("no %s line: the run did not exercise that path:\n%s", want, out)
		}
	}
	if got := findCanaries(lines, nil); len(got) > 0 {
		t.Errorf("logs hold canaries:\n%s", strings.Join(got, "\n"))
	}
	report(t, map[string]any{"lines_searched": len(lines), "found": 0})
}
