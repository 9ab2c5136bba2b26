package reliability

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"
)

// Environment variables of the harnesses.
const (
	// EnvLong=1 runs the long version of every harness.
	EnvLong = "FRONTDOOR_LONG"
	// EnvFigures names a file to which each harness appends its figures as
	// one JSON line.
	EnvFigures = "FRONTDOOR_FIGURES"
	// EnvSeed fixes the random choices of a run, to repeat it.
	EnvSeed = "FRONTDOOR_SEED"
	// EnvMutants=1 also runs the demonstrations that the harnesses catch a
	// promise broken on purpose (in scratch builds); EnvLong runs them too.
	EnvMutants = "FRONTDOOR_MUTANTS"
)

// Long reports whether the long version was asked for.
func Long() bool { return os.Getenv(EnvLong) == "1" }

// Mode is "long" or "short".
func Mode() string {
	if Long() {
		return "long"
	}
	return "short"
}

// Machine describes where figures were measured.
type Machine struct {
	CPUs       int    `json:"cpus"`
	CPU        string `json:"cpu"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	MemTotalMB int64  `json:"mem_total_mb"`
	Go         string `json:"go"`
	OS         string `json:"os"`
	// LoadAverage is /proc/loadavg's first three fields when the figures
	// were taken: other work on the machine skews timings.
	LoadAverage string `json:"load_average,omitempty"`
}

// ThisMachine reads the machine's description (the CPU model and memory
// from /proc on Linux).
func ThisMachine() Machine {
	m := Machine{CPUs: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0), Go: runtime.Version(), OS: runtime.GOOS + "/" + runtime.GOARCH}
	m.CPU = procField("/proc/cpuinfo", "model name")
	if data, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(data)); len(f) >= 3 {
			m.LoadAverage = strings.Join(f[:3], " ")
		}
	}
	if kb := procField("/proc/meminfo", "MemTotal"); kb != "" {
		var n int64
		fmt.Sscan(kb, &n)
		m.MemTotalMB = n / 1024
	}
	return m
}

func procField(path, name string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == name {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func (m Machine) String() string {
	return fmt.Sprintf("%d CPUs (%s), GOMAXPROCS %d, %d MB, %s %s, load average %s", m.CPUs, m.CPU, m.GOMAXPROCS, m.MemTotalMB, m.Go, m.OS, m.LoadAverage)
}

// Record is one harness's figures from one run.
type Record struct {
	Test    string         `json:"test"`
	Mode    string         `json:"mode"`
	At      time.Time      `json:"at"`
	Machine Machine        `json:"machine"`
	Figures map[string]any `json:"figures"`
}

// AppendRecord appends rec as one JSON line to the file at path.
func AppendRecord(path string, rec Record) error {
	line, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("reliability: figures: %w", err)
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("reliability: figures: %w", err)
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("reliability: figures: %w", err)
	}
	return f.Close()
}

// TB is the part of testing.TB that Report uses (this package does not
// import testing, so that non-test code may use it).
type TB interface {
	Helper()
	Logf(format string, args ...any)
	Errorf(format string, args ...any)
}

// Report logs a harness's figures, each on its own line in name order, and,
// when FRONTDOOR_FIGURES names a file, appends them to it as one Record
// with the machine they ran on. Every harness of the project reports this way.
func Report(t TB, name string, figures map[string]any) {
	t.Helper()
	rec := Record{Test: name, Mode: Mode(), At: time.Now().UTC().Truncate(time.Second), Machine: ThisMachine(), Figures: figures}
	t.Logf("figures of %s (%s mode) on %s:", name, rec.Mode, rec.Machine)
	keys := make([]string, 0, len(figures))
	for k := range figures {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		t.Logf("  %s = %v", k, figures[k])
	}
	if path := os.Getenv(EnvFigures); path != "" {
		if err := AppendRecord(path, rec); err != nil {
			t.Errorf("%s: %v", EnvFigures, err)
		}
	}
}
