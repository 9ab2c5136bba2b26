package integration

import (
	"context"
	"path/filepath"
	"testing"

	"frontdoor/bot"
	"frontdoor/handlers"
	"frontdoor/handlers/command/commandtest"
	"frontdoor/handlers/golden"
)

// TestGoldenReplies checks the demo register's golden answers as the
// register stored in SQLite gives them: the same plain text and Block Kit
// messages as the core's and the renderer's golden files, which the cgo-free
// tests refresh (handlers/command and bot, -update).
func TestGoldenReplies(t *testing.T) {
	db := mustOpenStore(t)
	svc := newService(db)
	for _, q := range commandtest.GoldenQueries {
		t.Run(q.Name, func(t *testing.T) {
			reply, _ := svc.Handle(context.Background(), handlers.Request{Text: q.Text, User: handlers.Person{ID: "U0ALEX", TeamID: homeTeam}})
			msg := bot.RenderMessage(reply)
			if problems := bot.CheckLimits(msg); len(problems) > 0 {
				t.Errorf("over Slack's limits: %v", problems)
			}
			js, err := bot.RenderJSON(reply)
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("..", "..", "handlers", "command", "testdata", "replies", q.Name+".txt"), []byte(handlers.RenderPlain(reply)+"\n"))
			golden.Check(t, filepath.Join("..", "testdata", "replies", q.Name+".json"), append(js, '\n'))
		})
	}
}
