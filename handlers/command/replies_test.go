package command_test

import (
	"context"
	"path/filepath"
	"testing"

	h "frontdoor/handlers"
	"frontdoor/handlers/command/commandtest"
	"frontdoor/handlers/golden"
)

// TestGoldenReplies pins what the demo register's answers say, as plain
// text. Refresh with: go test ./handlers/command -run GoldenReplies -update
// (the Block Kit messages of the same replies are bot's TestGoldenMessages;
// bot/integration checks both against the register as stored in SQLite).
func TestGoldenReplies(t *testing.T) {
	svc := commandtest.DemoService(t)
	for _, q := range commandtest.GoldenQueries {
		t.Run(q.Name, func(t *testing.T) {
			reply, _ := svc.Handle(context.Background(), h.Request{Text: q.Text, User: commandtest.Asker})
			golden.Check(t, filepath.Join("testdata", "replies", q.Name+".txt"), []byte(h.RenderPlain(reply)+"\n"))
		})
	}
}
