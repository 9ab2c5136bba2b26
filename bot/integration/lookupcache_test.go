package integration

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/slack-go/slack"

	"frontdoor/bot"
	"frontdoor/handlers"
	"frontdoor/handlers/command"
	"frontdoor/handlers/grammar"
	"frontdoor/handlers/registercsv"
)

// countingService counts the commands that reach the core.
type countingService struct {
	*command.Service
	handled atomic.Int32
}

func (c *countingService) Answer(ctx context.Context, snap command.Snapshot, req handlers.Request, cmd grammar.Command, perr error) (handlers.Reply, error) {
	c.handled.Add(1)
	return c.Service.Answer(ctx, snap, req, cmd, perr)
}

func TestRepeatedLookupIsAnsweredFromMemoryUntilTheRegisterChanges(t *testing.T) {
	u := &unit{db: mustOpenStore(t), slack: newFakeSlack(t), sink: newSink(t)}
	svc := &countingService{Service: newService(u.db)}
	b, err := bot.New(bot.Options{
		Service: svc, API: slack.New("xoxb-canary-bot-token", slack.OptionAPIURL(u.slack.GetAPIURL())), APIURL: u.slack.GetAPIURL(),
		Claims: u.db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		SigningSecret: secret, TeamIDs: []string{homeTeam},
	})
	if err != nil {
		t.Fatal(err)
	}
	u.http = httptest.NewServer(b.Handler())
	t.Cleanup(func() { u.http.Close(); b.Shutdown(context.Background()) })

	ask := func(text string) string {
		t.Helper()
		status, body := do(t, u.signed(t, bot.PathCommands, form(u.commandFields("U0ALEX", text)), 0))
		if status != http.StatusOK || len(body) == 0 {
			t.Fatalf("%q: status %d, body %q", text, status, body)
		}
		return string(body)
	}
	const q = "programme Restart as of 2025-01-01"
	first := ask(q)
	second := ask(q)
	if first != second {
		t.Errorf("the same lookup answered differently:\n%s\n%s", first, second)
	}
	if n := svc.handled.Load(); n != 1 {
		t.Errorf("the core ran %d times for the same lookup twice, want 1", n)
	}
	// Action commands are never answered from memory.
	ask("actions")
	ask("actions")
	if n := svc.handled.Load(); n != 3 {
		t.Errorf("the core ran %d times, want 3 (actions are not cached)", n)
	}
	// Another process renames the programme: once the index is rebuilt, the
	// lookup sees it.
	reg, version, err := u.db.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	diff, problems := registercsv.Plan(reg, []registercsv.File{{Name: "programmes.csv", Data: []byte("id,name\nrestart,Restart Scheme (extended)\n")}}, false)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if err := u.db.ApplyImport(context.Background(), diff, "other", version); err != nil {
		t.Fatal(err)
	}
	// The new index is built in the background (requests meanwhile are
	// answered from the last one); wait for it.
	if _, err := svc.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if third := ask(q); !strings.Contains(third, "Restart Scheme (extended)") {
		t.Errorf("a cached answer outlived the register it was made from:\n%s", third)
	}
}
