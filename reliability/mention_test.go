package reliability

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"frontdoor/store"
)

// stalledOwner is named as an action's owner; users.info for it hangs while the
// test holds it, so the write is in flight when serve is killed.
const stalledOwner = "U0STALL"

// An `@Frontdoor log …` mention whose serve is killed (SIGKILL) in the middle
// of it, before the action is committed, is recorded once when Slack retries
// the delivery to the restarted serve, however many retries follow: the event
// is marked as seen only once its action is committed.
func TestMentionRetriedAfterKill(t *testing.T) {
	bin := binary(t, PkgFrontdoor)
	var holding atomic.Bool
	holding.Store(true)
	reached := make(chan struct{}, 1)
	slack := NewFakeSlack(FakeSlackOptions{Team: testTeam, UsersInfoDelay: func(id string) time.Duration {
		if id == stalledOwner && holding.Load() {
			select {
			case reached <- struct{}{}:
			default:
			}
			return time.Minute
		}
		return 0
	}})
	t.Cleanup(slack.Close)
	db, tmp, log := demoDB(t), t.TempDir(), &Lines{}
	token := (&tokens{}).next()
	// The bot's own id is the user_id auth.test gives (slacktest's).
	d := SignMention(testSecret, Mention{Team: testTeam, User: testUser, Channel: testChannel, EventID: "Ev0KILLED",
		Text: "<@W012A3CDE> log <@" + stalledOwner + "|slow> to send the referral figures " + token}, time.Now())

	first := startServe(t, ServerConfig{Binary: bin, DB: db, Settings: serveSettings(slack.URL()), TempDir: tmp, Name: "serve#1", Log: log})
	if err := first.WaitHealthy(30 * time.Second); err != nil {
		t.Fatalf("%v\n%s", err, log.Tail(20))
	}
	client := newClient()
	defer client.CloseIdleConnections()
	acked := make(chan int, 1)
	go func() {
		status, _, _ := d.Send(context.Background(), client, first.Addr)
		acked <- status
	}()
	select {
	case <-reached:
	case <-time.After(20 * time.Second):
		t.Fatalf("the mention's write never reached its owner's lookup\n%s", log.Tail(20))
	}
	if err := first.Kill(); err != nil {
		t.Fatal(err)
	}
	if status := <-acked; status == http.StatusOK {
		t.Log("the delivery was acknowledged before the kill (a slow machine): Slack would not retry, but a retry must still record it once")
	}
	holding.Store(false)

	second := startServe(t, ServerConfig{Binary: bin, DB: db, Settings: serveSettings(slack.URL()), TempDir: tmp, Name: "serve#2", Log: log})
	if err := second.WaitHealthy(30 * time.Second); err != nil {
		t.Fatalf("%v\n%s", err, log.Tail(20))
	}
	for retry := 1; retry <= 3; retry++ {
		d.Retry = retry
		status, _, err := d.Send(context.Background(), client, second.Addr)
		if err != nil || status != http.StatusOK {
			t.Fatalf("retry %d: status %d, %v\n%s", retry, status, err, log.Tail(20))
		}
	}
	if err := second.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code, _, err := second.Wait(15 * time.Second); err != nil || code != 0 {
		t.Fatalf("stop: exit %d, %v\n%s", code, err, log.Tail(20))
	}

	st, err := store.Open(context.Background(), db, store.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	actions, err := st.AllActions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	stored := 0
	for _, a := range actions {
		if strings.Contains(a.Text, token) {
			stored++
			if a.OwnerID != stalledOwner {
				t.Errorf("stored with owner %q, want %s", a.OwnerID, stalledOwner)
			}
		}
	}
	if stored != 1 {
		t.Errorf("the mention is stored %d times after the kill and 3 retries, want once\n%s", stored, log.Tail(30))
	}
}
