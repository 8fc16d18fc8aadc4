package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// serveEnv set to 1 makes this program `roundtable` itself: the child
// process that serves the demo.
const serveEnv = "ROUNDTABLE_SCREENSHOTS_SERVE"

// demoSite is the product serving the demo in a child process.
type demoSite struct {
	URL                       string
	AdminEmail, AdminPassword string
	cmd                       *exec.Cmd
	dir                       string
	logs                      *tail
	done                      chan struct{}
}

// startDemo runs `roundtable serve --demo` in a child process on a free
// loopback port (the kernel picks it: --addr 127.0.0.1:0) with a temporary
// data folder and SQLite, and waits until it serves, reading the site's
// address and the administrator's one-time password from what it prints.
func startDemo(ctx context.Context) (*demoSite, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "roundtable-screenshots-")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, "serve", "--demo", "--addr", "127.0.0.1:0",
		"--data", filepath.Join(dir, "data"), "--database", "", "--log-level", "warn")
	cmd.Env = append(childEnv(), serveEnv+"=1")
	dieWithParent(cmd)
	s := &demoSite{cmd: cmd, dir: dir, logs: &tail{}, done: make(chan struct{})}
	cmd.Stderr = s.logs
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	ready := make(chan error, 1)
	go func() {
		defer close(s.done)
		ready <- s.readStart(stdout)
		io.Copy(io.Discard, stdout)
		cmd.Wait()
	}()
	select {
	case err = <-ready:
	case <-time.After(3 * time.Minute):
		err = errors.New("the demo did not start within 3 minutes")
	case <-ctx.Done():
		err = ctx.Err()
	}
	if err != nil {
		s.Stop()
		return nil, fmt.Errorf("%w\nserver output:\n%s", err, s.logs)
	}
	return s, nil
}

// childEnv is this process's environment without Roundtable's settings, so
// a ROUNDTABLE_DATABASE pointing at a real database is never touched.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ROUNDTABLE_") {
			env = append(env, kv)
		}
	}
	return env
}

// readStart reads serve's output up to the line saying where it runs.
func (s *demoSite) readStart(r io.Reader) error {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "e-mail:"):
			s.AdminEmail = strings.TrimSpace(strings.TrimPrefix(line, "e-mail:"))
		case strings.HasPrefix(line, "password:"):
			s.AdminPassword = strings.TrimSpace(strings.TrimPrefix(line, "password:"))
		case strings.HasPrefix(line, "Roundtable is running at "):
			u, _, _ := strings.Cut(strings.TrimPrefix(line, "Roundtable is running at "), " ")
			s.URL = strings.TrimSuffix(u, "/")
			if s.AdminPassword == "" {
				return errors.New("serve --demo printed no administrator password")
			}
			return nil
		}
	}
	return errors.New("the server stopped before serving")
}

// Stop ends the server as an operator would (SIGTERM, then a kill if it
// lingers) and removes its data folder.
func (s *demoSite) Stop() {
	if s.cmd.Process != nil {
		s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.done:
		case <-time.After(20 * time.Second):
			s.cmd.Process.Kill()
			<-s.done
		}
	}
	os.RemoveAll(s.dir)
}

// tail keeps the last lines the server logged, for an error message.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > 16<<10 {
		t.buf = t.buf[len(t.buf)-16<<10:]
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
