package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/user"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"frontdoor/config"
	"frontdoor/handlers"
	"frontdoor/handlers/demo"
	"frontdoor/handlers/registercsv"
	"frontdoor/store"
)

// dbFlags are the flags every command that reads the database shares.
type dbFlags struct {
	db     string
	demo   bool
	at     string
	as     string
	config string
}

func addDBFlags(fs *flag.FlagSet, withDemo bool) *dbFlags {
	f := &dbFlags{}
	fs.StringVar(&f.db, "db", "", "database file (default $FRONTDOOR_DB or ./frontdoor.db)")
	if withDemo {
		fs.BoolVar(&f.demo, "demo", false, "use a fresh copy of the embedded demo register instead of --db")
	}
	fs.StringVar(&f.config, "config", "", "settings file of NAME=value lines (the environment wins)")
	return f
}

func addAtFlag(fs *flag.FlagSet, f *dbFlags) {
	fs.StringVar(&f.at, "at", "", "today's date for everything the command does (YYYY-MM-DD)")
}

func addAsFlag(fs *flag.FlagSet, f *dbFlags) {
	fs.StringVar(&f.as, "as", "", "act as this person (default: your login name)")
}

// settings loads and checks the configuration shared by console commands.
func (f *dbFlags) settings(e *env) (*config.Config, error) {
	cfg, err := config.Load(e.getenv, f.config)
	if err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if f.db != "" {
		cfg.DB = f.db
	}
	return cfg, nil
}

// clock returns the real clock, or a fixed day for --at.
func (f *dbFlags) clock(loc *time.Location) (handlers.Clock, error) {
	if f.at == "" {
		return handlers.SystemClock{}, nil
	}
	d, err := handlers.ParseISODate(f.at)
	if err != nil {
		return nil, fmt.Errorf("--at: %v", err)
	}
	return handlers.FixedDay(d, loc), nil
}

// person returns the console identity: --as, else the login name.
func (f *dbFlags) person(e *env) handlers.Person {
	name := strings.TrimSpace(f.as)
	if name == "" {
		if u, err := user.Current(); err == nil && u.Username != "" {
			name = u.Username
		} else if v := e.getenv("USER"); v != "" {
			name = v
		} else {
			name = "console"
		}
	}
	return handlers.Person{ID: name, Name: name}
}

// openDB opens the database named by the flags. With --demo (or demoDefault
// and no --db) it is a fresh temporary database loaded with the demo register,
// removed by the returned cleanup. mustExist refuses a missing file rather
// than creating an empty one (a lookup on an empty register helps nobody).
func (f *dbFlags) openDB(ctx context.Context, e *env, cfg *config.Config, demoDefault, mustExist bool, log *slog.Logger, now func() time.Time) (*store.DB, func(), error) {
	if f.demo || (demoDefault && f.db == "") {
		return openDemo(ctx, log, now)
	}
	path := cfg.DB
	if mustExist {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, nil, fmt.Errorf("there is no database at %s: import a register first (frontdoor import FOLDER --db %s), or use --demo", path, path)
		}
	}
	db, err := store.Open(ctx, path, store.Options{Logger: log, Clock: storeClock(now)})
	if err != nil {
		return nil, nil, err
	}
	return db, func() { db.Close() }, nil
}

// openDemo makes a temporary database holding the embedded demo register.
func openDemo(ctx context.Context, log *slog.Logger, now func() time.Time) (*store.DB, func(), error) {
	dir, err := os.MkdirTemp("", "frontdoor-demo-")
	if err != nil {
		return nil, nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	db, err := store.Open(ctx, filepath.Join(dir, "demo.db"), store.Options{Logger: log, Clock: storeClock(now)})
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	files, err := readRegisterFS(demo.Register())
	if err == nil {
		err = importFiles(ctx, db, files, false, "demo", nil)
	}
	if err != nil {
		db.Close()
		cleanup()
		return nil, nil, fmt.Errorf("load the demo register: %w", err)
	}
	return db, func() { db.Close(); cleanup() }, nil
}

// readRegisterFS reads whichever of the five register files a folder holds.
func readRegisterFS(fsys fs.FS) ([]registercsv.File, error) {
	var files []registercsv.File
	for _, kind := range handlers.RegisterKinds {
		name := kind + ".csv"
		data, err := fs.ReadFile(fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		files = append(files, registercsv.File{Name: name, Data: data})
	}
	return files, nil
}

// readRegisterPath reads a folder of register files, or one file named after its kind.
// readRegisterFile reads one register file, refusing one larger than the
// import accepts before reading it into memory.
func readRegisterFile(path string, fi os.FileInfo) ([]byte, error) {
	if fi.Size() > registercsv.MaxFileBytes {
		return nil, fmt.Errorf("%s is %d MB; a register file may be at most %d MB. Check it is the right file (a register of every programme in the country is a few MB)",
			filepath.Base(path), (fi.Size()+(1<<20)-1)>>20, registercsv.MaxFileBytes>>20)
	}
	return os.ReadFile(path)
}

func readRegisterPath(path string) ([]registercsv.File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err))
	}
	if !fi.IsDir() {
		name := filepath.Base(path)
		if _, ok := registercsv.KindOf(name); !ok {
			return nil, fmt.Errorf("%s: a register file must be named after its kind: %s", name, kindFileNames())
		}
		data, err := readRegisterFile(path, fi)
		if err != nil {
			return nil, err
		}
		return []registercsv.File{{Name: strings.ToLower(name), Data: data}}, nil
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, err
	}
	var files []registercsv.File
	for _, ent := range entries {
		if ent.IsDir() {
			continue
		}
		kind, ok := registercsv.KindOf(ent.Name())
		if !ok {
			continue
		}
		fi, err := ent.Info()
		if err != nil {
			return nil, err
		}
		data, err := readRegisterFile(filepath.Join(path, ent.Name()), fi)
		if err != nil {
			return nil, err
		}
		files = append(files, registercsv.File{Name: kind + ".csv", Data: data})
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s holds none of the register files (%s)", path, kindFileNames())
	}
	sort.Slice(files, func(i, j int) bool { return kindRank(files[i].Name) < kindRank(files[j].Name) })
	return files, nil
}

func kindRank(name string) int {
	for i, k := range handlers.RegisterKinds {
		if k+".csv" == name {
			return i
		}
	}
	return len(handlers.RegisterKinds)
}

func kindFileNames() string {
	names := make([]string, len(handlers.RegisterKinds))
	for i, k := range handlers.RegisterKinds {
		names[i] = k + ".csv"
	}
	return strings.Join(names, ", ")
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// problemsError carries every problem of a refused import.
type problemsError struct{ problems []handlers.Problem }

func (p *problemsError) Error() string {
	return fmt.Sprintf("%d problem(s) in the register files; nothing was changed", len(p.problems))
}

// importFiles plans and applies an import, reporting the result to report
// (nil: silent). A refused import changes nothing and returns *problemsError.
func importFiles(ctx context.Context, db *store.DB, files []registercsv.File, replace bool, actor string, report func(diff *handlers.RegisterDiff)) error {
	current, version, err := db.Snapshot(ctx)
	if err != nil {
		return err
	}
	diff, problems := registercsv.Plan(current, files, replace)
	if len(problems) > 0 {
		return &problemsError{problems}
	}
	if err := db.ApplyImport(ctx, diff, actor, version); err != nil {
		return err
	}
	if report != nil {
		report(diff)
	}
	return nil
}

// newRef returns a short reference for an unexpected error, shown to the
// user and logged with the detail.
func newRef() string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// storeClock is the clock that stamps a store's rows: now, else the wall clock.
func storeClock(now func() time.Time) handlers.Clock {
	if now == nil {
		return nil
	}
	return handlers.ClockFunc(now)
}
