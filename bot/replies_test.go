package bot_test

import (
	"path/filepath"
	"testing"

	"frontdoor/bot"
	h "frontdoor/handlers"
	"frontdoor/handlers/command/commandtest"
	"frontdoor/handlers/golden"
)

// TestGoldenMessages pins the Block Kit message Slack gets for each of the
// demo register's golden questions, and checks each against Slack's limits.
// Refresh with: go test ./bot -run GoldenMessages -update
func TestGoldenMessages(t *testing.T) {
	commandtest.EachGoldenReply(t, commandtest.DemoService(t), func(t *testing.T, name string, reply h.Reply) {
		if problems := bot.CheckLimits(bot.RenderMessage(reply)); len(problems) > 0 {
			t.Errorf("over Slack's limits: %v", problems)
		}
		js, err := bot.RenderJSON(reply)
		if err != nil {
			t.Fatal(err)
		}
		golden.Check(t, filepath.Join("testdata", "replies", name+".json"), append(js, '\n'))
	})
}
