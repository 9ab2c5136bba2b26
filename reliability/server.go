package reliability

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"frontdoor/bot"
)

// Lines collects every line a child process writes, stdout and stderr alike,
// so a test can search all of it.
type Lines struct {
	// Max, when above 0, keeps only the last Max lines: a child under load
	// logs a line a request, and a tail is all a failure message needs.
	Max int

	mu    sync.Mutex
	lines []string
}

// keep appends a line, dropping the oldest past Max; the caller holds mu.
func (l *Lines) keep(line string) {
	l.lines = append(l.lines, line)
	if l.Max > 0 && len(l.lines) > 2*l.Max {
		l.lines = append(l.lines[:0], l.lines[len(l.lines)-l.Max:]...)
	}
}

// Writer returns a writer whose lines are collected with prefix (for
// example "serve#2 stderr: "). Lines are stored as they are written, so
// everything a child wrote is in once its Wait returns; Close keeps a last
// line that had no newline.
func (l *Lines) Writer(prefix string) io.WriteCloser {
	return &lineWriter{l: l, prefix: prefix}
}

type lineWriter struct {
	l       *Lines
	prefix  string
	partial []byte
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.l.mu.Lock()
	defer w.l.mu.Unlock()
	w.partial = append(w.partial, p...)
	for {
		i := bytes.IndexByte(w.partial, '\n')
		if i < 0 {
			break
		}
		w.l.keep(w.prefix + string(w.partial[:i]))
		w.partial = w.partial[i+1:]
	}
	return len(p), nil
}

func (w *lineWriter) Close() error {
	w.l.mu.Lock()
	defer w.l.mu.Unlock()
	if len(w.partial) > 0 {
		w.l.keep(w.prefix + string(w.partial))
		w.partial = nil
	}
	return nil
}

// Add collects text written by other means (a command's captured output).
func (l *Lines) Add(prefix, text string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		if line != "" {
			l.keep(prefix + line)
		}
	}
}

// All returns a copy of the lines collected so far (the last Max of them,
// when Max is set).
func (l *Lines) All() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.Max > 0 && len(l.lines) > l.Max {
		return append([]string(nil), l.lines[len(l.lines)-l.Max:]...)
	}
	return append([]string(nil), l.lines...)
}

// String is every line, one per line.
func (l *Lines) String() string { return strings.Join(l.All(), "\n") }

// Tail is the last n lines, for a failure message.
func (l *Lines) Tail(n int) string {
	all := l.All()
	return strings.Join(all[max(0, len(all)-n):], "\n")
}

// BaseEnv is the environment every child gets before its own settings: a
// path and a home, and nothing from the parent that could carry real Slack
// settings or tokens.
func BaseEnv(tmp string) []string {
	return []string{"PATH=" + os.Getenv("PATH"), "HOME=" + tmp, "TMPDIR=" + tmp, "USER=reliability", "LANG=C.UTF-8"}
}

// EnvList turns settings into NAME=value entries after base.
func EnvList(base []string, settings map[string]string) []string {
	env := append([]string(nil), base...)
	for k, v := range settings {
		env = append(env, k+"="+v)
	}
	return env
}

// ServerConfig starts `frontdoor serve`.
type ServerConfig struct {
	Binary string
	DB     string
	// Settings are the environment (SLACK_*, FRONTDOOR_*); FRONTDOOR_ADDR is
	// set by StartServer to a free loopback port when empty.
	Settings map[string]string
	// TempDir is the child's HOME and TMPDIR.
	TempDir string
	// Name prefixes the child's lines in Log ("serve#3").
	Name string
	// Log collects the child's output; nil means a new one.
	Log *Lines
}

// Server is a running `frontdoor serve` child process.
type Server struct {
	Addr string
	Log  *Lines

	cmd      *exec.Cmd
	done     chan struct{}
	exitCode int
	waitErr  error
	started  time.Time
	exited   time.Time
}

// StartServer starts `frontdoor serve --db cfg.DB` and returns once the
// process runs; call WaitHealthy before sending requests. The child dies
// with the process that started it.
func StartServer(cfg ServerConfig) (*Server, error) {
	settings := map[string]string{}
	for k, v := range cfg.Settings {
		settings[k] = v
	}
	if settings["FRONTDOOR_ADDR"] == "" {
		addr, err := FreeAddr()
		if err != nil {
			return nil, err
		}
		settings["FRONTDOOR_ADDR"] = addr
	}
	if cfg.Log == nil {
		cfg.Log = &Lines{}
	}
	if cfg.Name == "" {
		cfg.Name = "serve"
	}
	cmd := exec.Command(cfg.Binary, "serve", "--db", cfg.DB)
	cmd.Env = EnvList(BaseEnv(cfg.TempDir), settings)
	cmd.Dir = cfg.TempDir
	stdout := cfg.Log.Writer(cfg.Name + " stdout: ")
	stderr := cfg.Log.Writer(cfg.Name + " stderr: ")
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	s := &Server{Addr: settings["FRONTDOOR_ADDR"], Log: cfg.Log, cmd: cmd, done: make(chan struct{}), started: time.Now()}
	if err := cmd.Start(); err != nil {
		stdout.Close()
		stderr.Close()
		return nil, fmt.Errorf("reliability: start %s: %w", cfg.Binary, err)
	}
	go func() {
		err := cmd.Wait()
		s.exited = time.Now()
		stdout.Close()
		stderr.Close()
		s.waitErr = err
		s.exitCode = cmd.ProcessState.ExitCode()
		close(s.done)
	}()
	return s, nil
}

// PID is the child's process id.
func (s *Server) PID() int { return s.cmd.Process.Pid }

// Done is closed when the child has exited.
func (s *Server) Done() <-chan struct{} { return s.done }

// Exited reports whether the child has exited.
func (s *Server) Exited() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// WaitHealthy polls /healthz until it answers 200, the child exits or
// timeout passes.
func (s *Server) WaitHealthy(timeout time.Duration) error {
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if s.Exited() {
			return fmt.Errorf("reliability: serve exited with code %d before it was healthy", s.exitCode)
		}
		resp, err := client.Get("http://" + s.Addr + bot.PathHealth)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	return fmt.Errorf("reliability: serve not healthy on %s within %v", s.Addr, timeout)
}

// Kill sends SIGKILL and waits for the child to be gone.
func (s *Server) Kill() error {
	if s.Exited() {
		return nil
	}
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("reliability: kill: %w", err)
	}
	select {
	case <-s.done:
		return nil
	case <-time.After(10 * time.Second):
		return errors.New("reliability: the child outlived SIGKILL by 10 s")
	}
}

// Signal sends sig without waiting.
func (s *Server) Signal(sig os.Signal) error {
	if err := s.cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	return nil
}

// Wait waits up to timeout for the child to exit and returns its exit code
// (-1 when killed by a signal) and when it exited.
func (s *Server) Wait(timeout time.Duration) (code int, at time.Time, err error) {
	select {
	case <-s.done:
		return s.exitCode, s.exited, nil
	case <-time.After(timeout):
		return 0, time.Time{}, fmt.Errorf("reliability: serve still running after %v", timeout)
	}
}

// Memory is what /proc/<pid>/status says of a process, in kB.
type Memory struct {
	RSS, HWM int64 // resident now, and its peak
}

// Memory reads the child's resident and peak resident set sizes.
func (s *Server) Memory() (Memory, error) { return ProcMemory(s.PID()) }

// ProcMemory reads VmRSS and VmHWM of a process from /proc (Linux).
func ProcMemory(pid int) (Memory, error) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return Memory{}, fmt.Errorf("reliability: memory of %d: %w", pid, err)
	}
	var m Memory
	for _, line := range bytes.Split(data, []byte("\n")) {
		name, rest, ok := strings.Cut(string(line), ":")
		if !ok {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			continue
		}
		v, _ := strconv.ParseInt(fields[0], 10, 64)
		switch name {
		case "VmRSS":
			m.RSS = v
		case "VmHWM":
			m.HWM = v
		}
	}
	if m.RSS == 0 {
		return Memory{}, fmt.Errorf("reliability: no VmRSS for %d", pid)
	}
	return m, nil
}

// ResetPeak sets the process's peak resident set size (VmHWM) back to what
// it holds now (Linux: "5" written to /proc/<pid>/clear_refs), so that a
// later Memory's HWM is the peak of what happened in between.
func ResetPeak(pid int) error {
	if err := os.WriteFile("/proc/"+strconv.Itoa(pid)+"/clear_refs", []byte("5"), 0); err != nil {
		return fmt.Errorf("reliability: reset the peak memory of %d: %w", pid, err)
	}
	return nil
}

// FreeAddr returns a loopback address with a port free a moment ago.
func FreeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("reliability: free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// RunCommand runs the binary with args, settings and stdin to the end (at
// most timeout), collecting its output into log under name, and returns the
// exit code and both outputs.
func RunCommand(ctx context.Context, binary, tmp string, settings map[string]string, stdin string, log *Lines, name string, timeout time.Duration, args ...string) (int, string, string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = EnvList(BaseEnv(tmp), settings)
	cmd.Dir = tmp
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	err := cmd.Run()
	if log != nil {
		log.Add(name+" stdout: ", stdout.String())
		log.Add(name+" stderr: ", stderr.String())
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), stdout.String(), stderr.String(), nil
	}
	if err != nil {
		return -1, stdout.String(), stderr.String(), fmt.Errorf("reliability: %s: %w", name, err)
	}
	return 0, stdout.String(), stderr.String(), nil
}
