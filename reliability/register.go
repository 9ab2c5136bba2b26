package reliability

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"

	"frontdoor/handlers"
	"frontdoor/handlers/registercsv"
	"frontdoor/store"
)

// MakeDB creates the database at path holding reg, imported the way
// `frontdoor import` does it: written as register CSV files, planned and
// applied in one transaction.
func MakeDB(ctx context.Context, path string, reg *handlers.Register) error {
	db, err := store.Open(ctx, path, store.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	defer db.Close()
	var files []registercsv.File
	for _, kind := range handlers.RegisterKinds {
		var buf bytes.Buffer
		if err := registercsv.Write(&buf, kind, reg); err != nil {
			return fmt.Errorf("reliability: write %s: %w", kind, err)
		}
		files = append(files, registercsv.File{Name: registercsv.FileName(kind), Data: buf.Bytes()})
	}
	current, version, err := db.Snapshot(ctx)
	if err != nil {
		return err
	}
	diff, problems := registercsv.Plan(current, files, false)
	if len(problems) > 0 {
		return fmt.Errorf("reliability: the register does not import: %d problems, first: %s", len(problems), problems[0].String())
	}
	return db.ApplyImport(ctx, diff, "reliability", version)
}
