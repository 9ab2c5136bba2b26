package bot

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"frontdoor/handlers"
	"frontdoor/handlers/command"
	"frontdoor/handlers/index"
	"frontdoor/handlers/view"
)

// A lookup refused for holding a resident's identifier is asked of the core
// every time: the refusal is never kept in the cache of answers, whose key is
// the text. The same refusal for an ordinary unknown name is kept.
func TestIdentifierRefusalNotKept(t *testing.T) {
	core := command.New(command.Options{Clock: handlers.FixedDay(handlers.DateOf(2026, time.January, 12), time.UTC), Loc: time.UTC})
	var handled atomic.Int32
	svc := &fakeService{index: index.NewIndex(&handlers.Register{}), handle: func(ctx context.Context, req handlers.Request) (handlers.Reply, error) {
		handled.Add(1)
		if len(handlers.FindIdentifiers(req.Text)) > 0 {
			return core.Handle(ctx, req) // the core's own refusal, before any register is read
		}
		return view.ErrorReply(handlers.Errorf(handlers.ENotFound, "No cohort matches that."), ""), handlers.Errorf(handlers.ENotFound, "No cohort matches that.")
	}}
	tb := newTestBot(t, svc, false)
	for i := 0; i < 2; i++ {
		_, ack := tb.command(t, tb.commandForm("who funds 943 476 5919"))
		if !strings.Contains(ack.Text, "an NHS number") || strings.Contains(ack.Text, "5919") {
			t.Fatalf("ack %q", ack.Text)
		}
	}
	if n := handled.Load(); n != 2 {
		t.Errorf("the core was asked %d times, want 2: the refusal was kept", n)
	}
	for i := 0; i < 2; i++ {
		tb.command(t, tb.commandForm("who funds unicorns"))
	}
	if n := handled.Load(); n != 3 {
		t.Errorf("the core was asked %d times, want 3: an ordinary refusal should be kept", n)
	}
	if strings.Contains(tb.logs.String(), "5919") {
		t.Error("the log holds the number")
	}
}
