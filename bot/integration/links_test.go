package integration

import (
	"regexp"
	"strings"
	"testing"
)

// liveLink is a link token as Slack reads it in mrkdwn: <address|label>.
var liveLink = regexp.MustCompile(`<(https?://[^|<>]+)\|([^<>]*)>`)

// A link a person typed goes out under the bot's name by its real address,
// in the reply that logs it, on its card (with a note) and in the list: every live link
// is labelled with its own address. A label that names another address is
// dropped; one of words is kept as words, the address following.
func TestTypedLinksShowTheirAddress(t *testing.T) {
	u := newUnit(t, false)
	logged := u.askHTTP(t, sam, "log DWP to read <https://evil.example/phish|https://www.gov.uk/guidance> and <https://www.gov.uk/x|the guidance> by Friday")
	if !strings.HasPrefix(logged.Text, "Logged #1") {
		t.Fatalf("log: %q", logged.Text)
	}
	if a := u.askHTTP(t, sam, "note 1 see <https://evil.example/note|https://www.nhs.uk/>"); strings.Contains(a.Text, "ref ") {
		t.Fatalf("note: %q", a.Text)
	}
	for _, q := range []string{"", "action 1", "actions"} {
		a := logged
		if q != "" {
			a = u.askHTTP(t, sam, q)
		}
		raw := strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(a.Raw)
		for _, m := range liveLink.FindAllStringSubmatch(raw, -1) {
			if m[1] != m[2] {
				t.Errorf("%s: the link %s goes out labelled %q", firstNonEmpty(q, "the log reply"), m[1], m[2])
			}
		}
		for _, want := range []string{"<https://evil.example/phish|https://evil.example/phish>", "the guidance (<https://www.gov.uk/x|https://www.gov.uk/x>)"} {
			if !strings.Contains(raw, want) {
				t.Errorf("%s lacks %s:\n%.1500s", firstNonEmpty(q, "the log reply"), want, raw)
			}
		}
	}
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
