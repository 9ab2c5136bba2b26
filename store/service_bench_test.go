package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"frontdoor/handlers"
	"frontdoor/handlers/command"
	"frontdoor/handlers/registercsv"
	"frontdoor/store"
)

// benchService is the core over a copy of the database seeded with 100,000
// actions (about 15,000 open, owners U000..U199), with the demo register.
func benchService(b *testing.B) *command.Service {
	b.Helper()
	db := store.SeededCopy(b)
	var files []registercsv.File
	for _, kind := range handlers.RegisterKinds {
		data, err := readDemo(kind + ".csv")
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, registercsv.File{Name: kind + ".csv", Data: data})
	}
	reg, version, err := db.Snapshot(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	diff, problems := registercsv.Plan(reg, files, false)
	if len(problems) > 0 {
		b.Fatal(problems)
	}
	if err := db.ApplyImport(context.Background(), diff, "bench", version); err != nil {
		b.Fatal(err)
	}
	loc, _ := time.LoadLocation("Europe/London")
	return command.New(command.Options{Registers: db, Actions: db, People: unitPeople{},
		Clock: handlers.FixedDay(handlers.DateOf(2025, time.June, 2), loc), Loc: loc})
}

// BenchmarkServiceLog is `log …` through the core: parse, tag against the
// register, check, and one committed transaction with its audit row.
func BenchmarkServiceLog(b *testing.B) {
	svc := benchService(b)
	ctx := context.Background()
	user := handlers.Person{ID: "U007", Name: "sam", TeamID: "T1"}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req := handlers.Request{User: user, Key: fmt.Sprintf("bench-%d", i),
			Text: "log DWP to share Restart leaver data with NHS Greater Manchester by Friday"}
		if _, err := svc.Handle(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkServiceActionsMine is `actions mine` for an owner with about 75 open actions.
func BenchmarkServiceActionsMine(b *testing.B) {
	benchActions(b, "actions mine")
}

// BenchmarkServiceActionsOpen is `actions`: the first page of about 15,000 open actions.
func BenchmarkServiceActionsOpen(b *testing.B) {
	benchActions(b, "actions")
}

func benchActions(b *testing.B, text string) {
	svc := benchService(b)
	ctx := context.Background()
	user := handlers.Person{ID: "U007", Name: "sam", TeamID: "T1"}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := svc.Handle(ctx, handlers.Request{User: user, Text: text}); err != nil {
			b.Fatal(err)
		}
	}
}
