package reliability

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"time"

	"frontdoor/bot"
)

// Command is one slash command as Slack sends it.
type Command struct {
	Team, User, UserName, Channel string
	Text, ResponseURL             string
}

// Delivery is one signed request, kept so that it can be sent again
// byte for byte: a retry of the same delivery.
type Delivery struct {
	Body      []byte
	Timestamp string
	Signature string
	// Path is the endpoint; "" is the slash commands'.
	Path string
	// Retry, when above 0, is sent as X-Slack-Retry-Num (an Events API retry).
	Retry int
}

// Mention is one app_mention event as the Events API delivers it.
type Mention struct {
	Team, User, Channel string
	EventID, Text       string
}

// SignMention encodes m as the Events API's JSON body and signs it at now.
func SignMention(secret string, m Mention, now time.Time) Delivery {
	body, _ := json.Marshal(map[string]any{
		"token": "unused", "team_id": m.Team, "api_app_id": "A0FD", "type": "event_callback", "event_id": m.EventID,
		"event": map[string]any{"type": "app_mention", "user": m.User, "text": m.Text, "ts": "1768208500.000400",
			"channel": m.Channel, "event_ts": "1768208500.000400"},
	})
	ts := strconv.FormatInt(now.Unix(), 10)
	return Delivery{Body: body, Timestamp: ts, Signature: bot.Sign(secret, ts, body), Path: bot.PathEvents}
}

// SignCommand encodes c as Slack's form body and signs it at now.
func SignCommand(secret string, c Command, now time.Time) Delivery {
	body := []byte(url.Values{
		"token": {"unused"}, "team_id": {c.Team}, "team_domain": {"unit"}, "user_team": {c.Team},
		"channel_id": {c.Channel}, "channel_name": {"unit"}, "user_id": {c.User}, "user_name": {c.UserName},
		"command": {"/fd"}, "text": {c.Text}, "api_app_id": {"A0FD"}, "response_url": {c.ResponseURL},
	}.Encode())
	ts := strconv.FormatInt(now.Unix(), 10)
	return Delivery{Body: body, Timestamp: ts, Signature: bot.Sign(secret, ts, body)}
}

// Send posts the delivery to its endpoint of addr and returns the status and
// the acknowledgement's body.
func (d Delivery) Send(ctx context.Context, client *http.Client, addr string) (int, []byte, error) {
	path, contentType := bot.PathCommands, "application/x-www-form-urlencoded"
	if d.Path != "" && d.Path != bot.PathCommands {
		path, contentType = d.Path, "application/json"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+addr+path, bytes.NewReader(d.Body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", contentType)
	if d.Retry > 0 {
		req.Header.Set("X-Slack-Retry-Num", strconv.Itoa(d.Retry))
		req.Header.Set("X-Slack-Retry-Reason", "http_timeout")
	}
	req.Header.Set("X-Slack-Request-Timestamp", d.Timestamp)
	req.Header.Set("X-Slack-Signature", d.Signature)
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return resp.StatusCode, nil, fmt.Errorf("reliability: read acknowledgement: %w", err)
	}
	return resp.StatusCode, body, nil
}

// AckMessage decodes an acknowledgement's body; an empty body is an empty
// message (the answer comes through response_url).
func AckMessage(body []byte) (bot.Message, error) {
	var m bot.Message
	if len(bytes.TrimSpace(body)) == 0 {
		return m, nil
	}
	if err := json.Unmarshal(body, &m); err != nil {
		return m, fmt.Errorf("reliability: acknowledgement is not a message: %w", err)
	}
	return m, nil
}

var confirmedRE = regexp.MustCompile(`^(Logged|Already logged as) #(\d+): `)

// Confirmation reads a message that says an action was logged: its number,
// and whether it said the request had been logged before.
func Confirmation(m bot.Message) (id int64, again, ok bool) {
	sub := confirmedRE.FindStringSubmatch(m.Text)
	if sub == nil {
		return 0, false, false
	}
	id, err := strconv.ParseInt(sub[2], 10, 64)
	if err != nil {
		return 0, false, false
	}
	return id, sub[1] != "Logged", true
}
