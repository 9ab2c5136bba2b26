// Package commandtest answers commands for tests from the demo register held
// in memory, as the service answers them from the database: so the replies'
// golden files (testdata/replies of handlers/command for their plain text,
// of bot for the Block Kit messages) are refreshed without SQLite or cgo.
// Only tests import it.
package commandtest

import (
	"context"
	"testing"
	"time"

	"frontdoor/bot"

	h "frontdoor/handlers"
	"frontdoor/handlers/command"
	"frontdoor/handlers/regtest"
)

// Day is the day the golden replies are answered on: Monday 12 Jan 2026.
var Day = h.DateOf(2026, time.January, 12)

// GoldenQueries are a dozen questions officers ask, answered on the demo
// register on Day; Name names their golden files.
var GoldenQueries = []struct{ Name, Text string }{
	{"who-funds-care-leavers-liverpool", "who funds care leavers in Liverpool"},
	{"who-funds-disabled-liverpool", "who funds disabled people in Liverpool"},
	{"who-funds-over-50s-gm", "who funds over 50s in Greater Manchester"},
	{"who-funds-neets-typo", "who funds neets in Manchestr"},
	{"who-funds-inactive-rotherham", "who funds long-term sick in Rotherham"},
	{"who-funds-mental-health", "who funds people with mental health conditions"},
	{"what-does-dwp-fund", "what does DWP fund"},
	{"funds-gmca", "funds GMCA"},
	{"programme-connect-to-work", "programme conect to work"},
	{"programme-restart-ended", "programme Restart"},
	{"cohort-neet", "cohort NEETs"},
	{"area-south-yorkshire", "area South Yorkshire"},
	{"area-cambridge-district", "area Cambridge"},
	{"agency-ambiguous-icb", "agency ICB"},
	{"help", "help"},
}

// Asker is who asks the golden questions (lookups do not depend on who asks).
var Asker = h.Person{ID: "U0ALEX", TeamID: "T0HOME"}

// memoryRegister is a register held in memory: one version, never changed.
type memoryRegister struct{ reg *h.Register }

func (m memoryRegister) LoadRegister(context.Context) (*h.Register, error) { return m.reg, nil }

func (m memoryRegister) RegisterVersion(context.Context) (int64, error) { return 1, nil }

// DemoService is a service over the demo register as an import makes it,
// on Day in Europe/London, with no action log.
func DemoService(t testing.TB) *command.Service {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	return command.New(command.Options{Registers: memoryRegister{regtest.DemoImported(t)}, Clock: h.FixedDay(Day, loc), Loc: loc, Budget: bot.Budget})
}

// EachGoldenReply answers each of GoldenQueries with svc as Asker and hands
// the reply to check, in a subtest named after the query.
func EachGoldenReply(t *testing.T, svc *command.Service, check func(t *testing.T, name string, reply h.Reply)) {
	t.Helper()
	for _, q := range GoldenQueries {
		t.Run(q.Name, func(t *testing.T) {
			reply, _ := svc.Handle(context.Background(), h.Request{Text: q.Text, User: Asker})
			check(t, q.Name, reply)
		})
	}
}
