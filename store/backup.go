package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"frontdoor/handlers"
)

// Backup writes a consistent, compacted copy of the database to path with
// VACUUM INTO. It reads one snapshot, so writes carry on meanwhile. It will
// not overwrite an existing file.
func (db *DB) Backup(ctx context.Context, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	if _, err := os.Lstat(abs); err == nil {
		return fmt.Errorf("store: backup to %s: the file already exists; choose a new name: %w", abs, handlers.ErrConflict)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("store: backup to %s: %w", abs, err)
	}
	if fi, err := os.Stat(filepath.Dir(abs)); err != nil || !fi.IsDir() {
		return fmt.Errorf("store: backup to %s: folder %s does not exist", abs, filepath.Dir(abs))
	}
	if _, err := db.reader.ExecContext(ctx, `VACUUM INTO ?`, abs); err != nil {
		return wrap("backup to "+abs, err)
	}
	// VACUUM INTO does not sync its output; a backup should survive a power cut.
	if err := syncFile(abs); err != nil {
		return fmt.Errorf("store: backup to %s: %w", abs, err)
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
