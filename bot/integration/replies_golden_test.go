package integration

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"frontdoor/bot"
	"frontdoor/handlers"
)

var updateReplies = flag.Bool("update", false, "rewrite the golden replies in testdata/replies")

// goldenQueries are a dozen questions officers ask, answered on the demo
// register on 12 Jan 2026 (the service's fixed day).
var goldenQueries = []struct{ name, text string }{
	{"who-funds-care-leavers-liverpool", "who funds care leavers in Liverpool"},
	{"who-funds-disabled-liverpool", "who funds disabled people in Liverpool"},
	{"who-funds-over-50s-gm", "who funds over 50s in Greater Manchester"},
	{"who-funds-neets-typo", "who funds neets in Manchestr"},
	{"who-funds-inactive-rotherham", "who funds long-term sick in Rotherham"},
	{"who-funds-mental-health", "who funds people with mental health conditions"},
	{"what-does-dwp-fund", "what does DWP fund"},
	{"funds-gmca", "funds GMCA"},
	{"programme-connect-to-work", "programme conect to work"},
	{"programme-restart-ended", "programme Restart"},
	{"cohort-neet", "cohort NEETs"},
	{"area-south-yorkshire", "area South Yorkshire"},
	{"area-cambridge-district", "area Cambridge"},
	{"agency-ambiguous-icb", "agency ICB"},
	{"help", "help"},
}

// TestGoldenReplies pins what the demo register's answers say, as plain text
// and as the Block Kit message Slack gets, and checks every one against
// Slack's limits. Refresh with: go test ./bot/integration -run GoldenReplies -update
func TestGoldenReplies(t *testing.T) {
	db := mustOpenStore(t)
	svc := newService(db)
	for _, q := range goldenQueries {
		t.Run(q.name, func(t *testing.T) {
			reply, _ := svc.Handle(context.Background(), handlers.Request{Text: q.text, User: handlers.Person{ID: "U0ALEX", TeamID: homeTeam}})
			msg := bot.RenderMessage(reply)
			if problems := bot.CheckLimits(msg); len(problems) > 0 {
				t.Errorf("over Slack's limits: %v", problems)
			}
			js, err := bot.RenderJSON(reply)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, q.name+".txt", []byte(handlers.RenderPlain(reply)+"\n"))
			checkGolden(t, q.name+".json", append(js, '\n'))
		})
	}
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "replies", name)
	if *updateReplies {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", name, clipLines(string(got), 40), clipLines(string(want), 40))
	}
}

func clipLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	return strings.Join(lines, "\n")
}
