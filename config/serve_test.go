package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func mustLoad(t *testing.T, env map[string]string, file string) *Config {
	t.Helper()
	c, err := Load(envOf(env), file)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

func TestValidateServe(t *testing.T) {
	valid := func() map[string]string {
		return map[string]string{
			"SLACK_BOT_TOKEN":      "xoxb-1-2-abc",
			"SLACK_APP_TOKEN":      "xapp-1-A1-2-abc",
			"SLACK_SIGNING_SECRET": "8f742231b10e8888abcd99yyyzzz85a5",
			"FRONTDOOR_TEAM_IDS":   "T0001,T0002",
		}
	}
	tests := []struct {
		name   string
		change map[string]string
		want   []string // each must appear in the error; none: valid
	}{
		{"socket mode and http", nil, nil},
		{"socket mode only", map[string]string{"SLACK_SIGNING_SECRET": ""}, nil},
		{"http only", map[string]string{"SLACK_APP_TOKEN": ""}, nil},
		{"enterprise, editors, channel", map[string]string{"FRONTDOOR_ENTERPRISE_IDS": "E0001", "FRONTDOOR_EDITORS": "U0001 W0002", "FRONTDOOR_DIGEST_CHANNEL": "C0001"}, nil},
		{"bot token of the wrong kind", map[string]string{"SLACK_BOT_TOKEN": "xoxp-user-token"}, []string{"SLACK_BOT_TOKEN: must be a bot token starting xoxb-"}},
		{"bot token missing", map[string]string{"SLACK_BOT_TOKEN": ""}, []string{"SLACK_BOT_TOKEN: missing"}},
		{"app token of the wrong kind", map[string]string{"SLACK_APP_TOKEN": "xoxb-oops"}, []string{"SLACK_APP_TOKEN: must be an app-level token starting xapp-"}},
		{"unknown zone", map[string]string{"FRONTDOOR_TZ": "Europe/Londonn"}, []string{`FRONTDOOR_TZ: unknown time zone "Europe/Londonn"`}},
		{"neither mode", map[string]string{"SLACK_APP_TOKEN": "", "SLACK_SIGNING_SECRET": ""}, []string{"neither Socket Mode nor HTTP is configured"}},
		{"teams missing", map[string]string{"FRONTDOOR_TEAM_IDS": ""}, []string{"FRONTDOOR_TEAM_IDS: missing"}},
		{"malformed ids", map[string]string{"FRONTDOOR_TEAM_IDS": "T0001,acme", "FRONTDOOR_ENTERPRISE_IDS": "T0001",
			"FRONTDOOR_EDITORS": "@sam", "FRONTDOOR_DIGEST_CHANNEL": "#general"}, []string{
			`FRONTDOOR_TEAM_IDS: "acme" is not a valid id`, `FRONTDOOR_ENTERPRISE_IDS: "T0001" is not a valid id`,
			`FRONTDOOR_EDITORS: "@sam" is not a valid id`, `FRONTDOOR_DIGEST_CHANNEL: "#general" is not a channel id`}},
		{"bad address and api url", map[string]string{"FRONTDOOR_ADDR": "3000", "SLACK_API_URL": "slack.com"}, []string{
			`FRONTDOOR_ADDR: "3000" is not host:port`, `SLACK_API_URL: "slack.com" is not an http(s) address`}},
		{"every problem at once", map[string]string{"SLACK_BOT_TOKEN": "xoxp-1", "SLACK_APP_TOKEN": "", "SLACK_SIGNING_SECRET": "",
			"FRONTDOOR_TZ": "Mars/Base", "FRONTDOOR_TEAM_IDS": ""}, []string{
			"SLACK_BOT_TOKEN: must be", "FRONTDOOR_TZ: unknown time zone", "neither Socket Mode nor HTTP", "FRONTDOOR_TEAM_IDS: missing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := valid()
			for k, v := range tt.change {
				env[k] = v
			}
			err := mustLoad(t, env, "").ValidateServe()
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("ValidateServe: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("ValidateServe accepted settings with problems %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not say %q:\n%v", w, err)
				}
			}
			for _, secret := range []string{env["SLACK_BOT_TOKEN"], env["SLACK_APP_TOKEN"], env["SLACK_SIGNING_SECRET"]} {
				if len(secret) > 4 && strings.Contains(err.Error(), secret) {
					t.Errorf("error echoes a secret: %v", err)
				}
			}
		})
	}
}

// An empty signing secret written in the file means HTTP was meant.
func TestValidateServeEmptySecretInFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "frontdoor.env")
	data := "SLACK_BOT_TOKEN=xoxb-1\nSLACK_APP_TOKEN=xapp-1\nSLACK_SIGNING_SECRET=\nFRONTDOOR_TEAM_IDS=T0001\n"
	if err := os.WriteFile(file, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	err := mustLoad(t, nil, file).ValidateServe()
	if err == nil || !strings.Contains(err.Error(), "SLACK_SIGNING_SECRET: empty") {
		t.Fatalf("ValidateServe = %v, want the empty signing secret named", err)
	}
}

func TestServeSettingsFromFileEnvironmentWins(t *testing.T) {
	file := filepath.Join(t.TempDir(), "frontdoor.env")
	data := "# Frontdoor\nSLACK_BOT_TOKEN=xoxb-file\nSLACK_SIGNING_SECRET=\"from-file\"\nFRONTDOOR_TEAM_IDS=T0FILE\nFRONTDOOR_ADDR=127.0.0.1:4000\n"
	if err := os.WriteFile(file, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	c := mustLoad(t, map[string]string{"FRONTDOOR_TEAM_IDS": "T0ENV", "SLACK_API_URL": "http://127.0.0.1:9/api"}, file)
	if err := c.ValidateServe(); err != nil {
		t.Fatalf("ValidateServe: %v", err)
	}
	if got := strings.Join(c.TeamIDs, ","); got != "T0ENV" {
		t.Errorf("TeamIDs = %q, want the environment's T0ENV", got)
	}
	if c.SigningSecret != "from-file" || c.Addr != "127.0.0.1:4000" || !c.HTTPEndpoints() || c.SocketMode() {
		t.Errorf("file settings not read: secret set %v, addr %q, http %v, socket %v", c.SigningSecret != "", c.Addr, c.HTTPEndpoints(), c.SocketMode())
	}
	if c.APIURL != "http://127.0.0.1:9/api/" {
		t.Errorf("APIURL = %q, want a trailing slash added", c.APIURL)
	}
}

func TestHasSlackSettings(t *testing.T) {
	if mustLoad(t, map[string]string{"FRONTDOOR_TZ": "Europe/London"}, "").HasSlackSettings() {
		t.Error("HasSlackSettings with none given")
	}
	if !mustLoad(t, map[string]string{"SLACK_BOT_TOKEN": "xoxb-1"}, "").HasSlackSettings() {
		t.Error("HasSlackSettings false with a bot token given")
	}
}
