package reliability

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Package paths of the binaries the harnesses run.
const (
	PkgFrontdoor = "frontdoor/cmd/frontdoor"
	PkgLoad      = "frontdoor/scripts/load"
)

// ModuleRoot returns the folder holding go.mod of the module the current
// directory belongs to.
func ModuleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("reliability: go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("reliability: not inside a Go module")
	}
	return filepath.Dir(mod), nil
}

// Build compiles pkg (an import path of the module rooted at root) into
// dir and returns the binary's path.
func Build(ctx context.Context, root, dir, pkg string) (string, error) {
	out := filepath.Join(dir, filepath.Base(pkg))
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, pkg)
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("reliability: go build %s: %w\n%s", pkg, err, stderr.String())
	}
	return out, nil
}

// Patch is one throwaway change to a source file of a scratch copy: Old must
// occur in File exactly once, so a patch that no longer fits the source
// fails loudly instead of building the unbroken program.
type Patch struct {
	File string // relative to the module root
	Old  string
	New  string
}

// BuildPatched copies the module at root into scratch, applies the patches
// there and builds pkg from the copy into dir. The repository is never
// touched: a broken promise exists only in that scratch build.
func BuildPatched(ctx context.Context, root, scratch, dir, pkg string, patches []Patch) (string, error) {
	if err := copyModule(root, scratch); err != nil {
		return "", err
	}
	for _, p := range patches {
		path := filepath.Join(scratch, filepath.FromSlash(p.File))
		data, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("reliability: patch: %w", err)
		}
		if n := strings.Count(string(data), p.Old); n != 1 {
			return "", fmt.Errorf("reliability: patch %s: the text to replace occurs %d times, want once (has the source changed?):\n%s", p.File, n, p.Old)
		}
		data = []byte(strings.Replace(string(data), p.Old, p.New, 1))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return "", fmt.Errorf("reliability: patch: %w", err)
		}
	}
	return Build(ctx, scratch, dir, pkg)
}

// copyModule copies the source tree: no .git, no test data, no binaries
// (executables or anything over 2 MB).
func copyModule(root, dst string) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); rel != "." && (name == ".git" || name == "testdata" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		if fi.Size() > 2<<20 || fi.Mode()&0o111 != 0 {
			return nil
		}
		return copyFile(path, filepath.Join(dst, rel))
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
