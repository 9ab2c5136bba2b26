package integration

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"frontdoor/bot"
	"frontdoor/handlers"
)

// BenchmarkSlashCommand splits the cost of answering `/fd who funds …` over
// HTTP into the core's answer, the rendering, and the whole signed request
// through the handler (in-process, no network).
func BenchmarkSlashCommand(b *testing.B) {
	db := mustOpenStore(b)
	svc := newService(db)
	ctx := context.Background()
	req := handlers.Request{Text: "who funds care leavers in Liverpool", User: handlers.Person{ID: sam, TeamID: homeTeam}}
	b.Run("core", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := svc.Handle(ctx, req); err != nil {
				b.Fatal(err)
			}
		}
	})
	reply, _ := svc.Handle(ctx, req)
	b.Run("render", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			bot.RenderMessage(reply)
		}
	})
	bt, err := bot.New(bot.Options{Service: svc, API: slack.New("xoxb-bench", slack.OptionAPIURL("http://127.0.0.1:1/api/")),
		APIURL: "http://127.0.0.1:1/api/",
		Claims: db, Log: slog.New(slog.NewJSONHandler(io.Discard, nil)), SigningSecret: secret, TeamIDs: []string{homeTeam}})
	if err != nil {
		b.Fatal(err)
	}
	defer bt.Shutdown(ctx)
	h := bt.Handler()
	body := []byte("team_id=T0HOME&user_id=U0SAM&user_team=T0HOME&user_name=sam&channel_id=C0UNIT&command=%2Ffd" +
		"&text=who+funds+care+leavers+in+Liverpool&response_url=http%3A%2F%2F127.0.0.1%3A1%2Fr")
	// The same question each time: answered from memory after the first.
	b.Run("http handler", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			ts := strconv.FormatInt(time.Now().Unix(), 10)
			r := httptest.NewRequest(http.MethodPost, bot.PathCommands, bytes.NewReader(body))
			r.Header.Set("X-Slack-Request-Timestamp", ts)
			r.Header.Set("X-Slack-Signature", bot.Sign(secret, ts, body))
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusOK {
				b.Fatalf("status %d", w.Code)
			}
		}
	}) // A different question each time (its own "as of" date): every answer computed.
	b.Run("http handler distinct", func(b *testing.B) {
		b.ReportAllocs()
		day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := 0; i < b.N; i++ {
			body := []byte("team_id=T0HOME&user_id=U0SAM&user_team=T0HOME&user_name=sam&channel_id=C0UNIT&command=%2Ffd" +
				"&text=who+funds+care+leavers+in+Liverpool+as+of+" + day.AddDate(0, 0, i%3650).Format("2006-01-02") +
				"&response_url=http%3A%2F%2F127.0.0.1%3A1%2Fr")
			ts := strconv.FormatInt(time.Now().Unix(), 10)
			r := httptest.NewRequest(http.MethodPost, bot.PathCommands, bytes.NewReader(body))
			r.Header.Set("X-Slack-Request-Timestamp", ts)
			r.Header.Set("X-Slack-Signature", bot.Sign(secret, ts, body))
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusOK {
				b.Fatalf("status %d", w.Code)
			}
		}
	})
}
