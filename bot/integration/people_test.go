package integration

import (
	"strings"
	"testing"
)

// In Slack a typed @name that Slack did not turn into a mention names
// nobody Slack knows (bot.People): the action is refused, saying how to
// name the owner, and nothing is stored. A linked mention names its owner.
func TestUnlinkedOwnerRefusedInSlack(t *testing.T) {
	u := newUnit(t, false)
	before := dump(t, u.db)
	for _, text := range []string{"log review IPS referrals @sam by Friday", "actions @sam"} {
		a := u.askHTTP(t, alex, text)
		if !strings.Contains(a.Text, "I don't know @sam in this workspace") || a.ResponseType != "ephemeral" {
			t.Errorf("%q: answered %s %q, want a private refusal naming @sam", text, a.ResponseType, a.Text)
		}
	}
	if after := dump(t, u.db); after != before {
		t.Fatalf("a refused owner stored something:\n%s", after)
	}
	if a := u.askHTTP(t, alex, "log review IPS referrals <@"+sam+"|sam> by Friday"); !strings.Contains(a.Text, "#1") {
		t.Errorf("a linked owner: %q, want the action logged", a.Text)
	}
}
