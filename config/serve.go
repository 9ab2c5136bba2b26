package config

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
)

// Slack ids are upper-case letters and digits after a one-letter kind:
// T workspaces, E Enterprise Grid organisations, U or W users, C/G/D channels.
var (
	teamID       = regexp.MustCompile(`^T[A-Z0-9]{2,}$`)
	enterpriseID = regexp.MustCompile(`^E[A-Z0-9]{2,}$`)
	userID       = regexp.MustCompile(`^[UW][A-Z0-9]{2,}$`)
	channelID    = regexp.MustCompile(`^[CGD][A-Z0-9]{2,}$`)
)

// SocketMode reports whether Socket Mode is configured (an app-level token).
func (c *Config) SocketMode() bool { return c.AppToken != "" }

// HTTPEndpoints reports whether the signed HTTP endpoints are configured.
func (c *Config) HTTPEndpoints() bool { return c.SigningSecret != "" }

// HasSlackSettings reports whether any Slack setting was given at all; with
// none, `serve` explains where to get them instead of listing problems.
func (c *Config) HasSlackSettings() bool {
	for _, name := range []string{"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "FRONTDOOR_TEAM_IDS"} {
		if c.set[name] {
			return true
		}
	}
	return false
}

// ValidateServe checks everything `frontdoor serve` needs, on top of
// Validate, and returns one error naming every problem. Secrets are never
// echoed: a problem says what is wrong, not what was given.
func (c *Config) ValidateServe() error {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	if err := c.Validate(); err != nil {
		problems = append(problems, problemLines(err)...)
	}

	switch {
	case c.BotToken == "":
		add("SLACK_BOT_TOKEN: missing (the app's Bot User OAuth Token, starting xoxb-)")
	case !strings.HasPrefix(c.BotToken, "xoxb-"):
		add("SLACK_BOT_TOKEN: must be a bot token starting xoxb- (OAuth & Permissions → Bot User OAuth Token)")
	}
	if c.AppToken != "" && !strings.HasPrefix(c.AppToken, "xapp-") {
		add("SLACK_APP_TOKEN: must be an app-level token starting xapp- (Basic Information → App-Level Tokens, scope connections:write)")
	}
	if c.set["SLACK_SIGNING_SECRET"] && c.SigningSecret == "" {
		add("SLACK_SIGNING_SECRET: empty (Basic Information → Signing Secret); the HTTP endpoints refuse to run without it")
	} else if c.SigningSecret != "" && strings.ContainsAny(c.SigningSecret, " \t\r\n") {
		add("SLACK_SIGNING_SECRET: contains spaces; copy it again from Basic Information → Signing Secret")
	}
	if !c.SocketMode() && !c.HTTPEndpoints() {
		add("neither Socket Mode nor HTTP is configured: set SLACK_APP_TOKEN (xapp-) for Socket Mode, or SLACK_SIGNING_SECRET for the HTTP endpoints")
	}

	if len(c.TeamIDs) == 0 {
		add("FRONTDOOR_TEAM_IDS: missing; list the workspace ids allowed to use the bot (T…, comma-separated)")
	}
	problems = append(problems, badIDs("FRONTDOOR_TEAM_IDS", c.TeamIDs, teamID, "workspace ids start with T")...)
	problems = append(problems, badIDs("FRONTDOOR_ENTERPRISE_IDS", c.EnterpriseIDs, enterpriseID, "organisation ids start with E")...)
	problems = append(problems, badIDs("FRONTDOOR_EDITORS", c.Editors, userID, "user ids start with U or W")...)
	if c.DigestChannel != "" && !channelID.MatchString(c.DigestChannel) {
		add("FRONTDOOR_DIGEST_CHANNEL: %q is not a channel id (C…; the name will not do)", c.DigestChannel)
	}

	if _, port, err := net.SplitHostPort(c.Addr); err != nil || port == "" {
		add("FRONTDOOR_ADDR: %q is not host:port (for example 127.0.0.1:3000)", c.Addr)
	}
	if u, err := url.Parse(c.APIURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		add("SLACK_API_URL: %q is not an http(s) address (for example https://slack.com/api/)", c.APIURL)
	} else if !strings.HasSuffix(c.APIURL, "/") {
		// The client appends the method name to it.
		c.APIURL += "/"
	}
	return joinProblems(problems)
}

// badIDs names each id in ids that does not match pattern.
func badIDs(name string, ids []string, pattern *regexp.Regexp, hint string) []string {
	var out []string
	for _, id := range ids {
		if !pattern.MatchString(id) {
			out = append(out, fmt.Sprintf("%s: %q is not a valid id (%s, capitals and digits)", name, id, hint))
		}
	}
	return out
}

// problemLines recovers the list from an error made by joinProblems.
func problemLines(err error) []string {
	var out []string
	for _, line := range strings.Split(err.Error(), "\n") {
		if p, ok := strings.CutPrefix(line, "  - "); ok {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		out = append(out, err.Error())
	}
	return out
}
