package integration

import (
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
	commandtest.EachGoldenReply(t, newService(mustOpenStore(t)), func(t *testing.T, name string, reply handlers.Reply) {
		if problems := bot.CheckLimits(bot.RenderMessage(reply)); len(problems) > 0 {
			t.Errorf("over Slack's limits: %v", problems)
		}
		js, err := bot.RenderJSON(reply)
		if err != nil {
			t.Fatal(err)
		}
		golden.Check(t, filepath.Join("..", "..", "handlers", "command", "testdata", "replies", name+".txt"), []byte(handlers.RenderPlain(reply)+"\n"))
		golden.Check(t, filepath.Join("..", "testdata", "replies", name+".json"), append(js, '\n'))
	})
}
