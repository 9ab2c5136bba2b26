package reliability

import (
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// The workspace every harness plays: one team, one person, one channel.
const (
	testTeam    = "T0UNIT"
	testUser    = "U0SAM"
	testChannel = "C0UNIT"
	testSecret  = "reliability-signing-secret-4b1d"
	testToken   = "xoxb-reliability-bot-token"
)

// serveSettings are the settings of an HTTP-mode serve against fake Slack.
func serveSettings(apiURL string) map[string]string {
	return map[string]string{
		"SLACK_BOT_TOKEN":      testToken,
		"SLACK_SIGNING_SECRET": testSecret,
		"FRONTDOOR_TEAM_IDS":   testTeam,
		"SLACK_API_URL":        apiURL,
	}
}

// consonants spell probe tokens: with no vowels and no digits a token can
// never read as a date, a weekday, a postcode or an NHS number.
const consonants = "bcdfghjklmnpqrstvwxz"

// tokens hands out unique probe tokens ("zq" and five consonants).
type tokens struct{ n atomic.Int64 }

func (tk *tokens) next() string {
	n := tk.n.Add(1)
	var b strings.Builder
	b.WriteString("zq")
	for i := 0; i < 6; i++ {
		b.WriteByte(consonants[n%int64(len(consonants))])
		n /= int64(len(consonants))
	}
	return b.String()
}

// probeToken finds the probe token in an action's text.
func probeToken(text string) (string, bool) {
	for _, f := range strings.Fields(text) {
		if strings.HasPrefix(f, "zq") && strings.Trim(f[2:], consonants) == "" && len(f) == 8 {
			return f, true
		}
	}
	return "", false
}

// newClient is an HTTP client for one harness's requests.
func newClient() *http.Client { return &http.Client{Timeout: 10 * time.Second} }
