package command_test

import (
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
	commandtest.EachGoldenReply(t, commandtest.DemoService(t), func(t *testing.T, name string, reply h.Reply) {
		golden.Check(t, filepath.Join("testdata", "replies", name+".txt"), []byte(h.RenderPlain(reply)+"\n"))
	})
}
