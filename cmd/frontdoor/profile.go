package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
)

// envProfileDir names a folder to which `serve` writes profiles of itself,
// for measuring where its time and memory go under load (scripts/load
// -profile). Unset, the default, nothing is profiled. It opens no port:
// the profiles are files, written from the moment the register is loaded
// until serve stops.
const envProfileDir = "FRONTDOOR_PROFILE_DIR"

// The files written to the profile folder.
const (
	profileCPU         = "cpu.pprof"          // CPU, from ready to stop
	profileAllocsReady = "allocs-ready.pprof" // allocations up to ready (the start-up)
	profileAllocsStop  = "allocs-stop.pprof"  // allocations up to stop; less the above, those of serving
)

// checkProfileDir refuses a profile folder that is not an existing folder,
// before anything starts.
func checkProfileDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("%s: %w (give an existing folder, or unset it)", envProfileDir, err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s: %s is not a folder (give an existing folder, or unset it)", envProfileDir, dir)
	}
	return nil
}

// startProfiles writes the allocations so far and starts the CPU profile;
// the function it returns stops it and writes the allocations at the end.
func startProfiles(dir string) (stop func() error, err error) {
	if err := writeAllocs(filepath.Join(dir, profileAllocsReady)); err != nil {
		return nil, err
	}
	f, err := os.Create(filepath.Join(dir, profileCPU))
	if err != nil {
		return nil, fmt.Errorf("profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("profile: %w", err)
	}
	return func() error {
		pprof.StopCPUProfile()
		return errors.Join(f.Close(), writeAllocs(filepath.Join(dir, profileAllocsStop)))
	}, nil
}

// writeAllocs writes the allocation profile, up to date (after a GC).
func writeAllocs(path string) error {
	runtime.GC()
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("profile: %w", err)
	}
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("profile: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("profile: %w", err)
	}
	return nil
}
