package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// instance is one roundtable data folder and database, and the server
// process serving them, if any.
type instance struct {
	bin, data, database, addr string
	log                       *os.File
	cmd                       *exec.Cmd
	token                     string
	client                    *http.Client
}

func (in *instance) base() string { return "http://" + in.addr }

// run runs a roundtable command on the instance's data and database.
func (in *instance) run(stdin string, args ...string) (string, error) {
	args = append(args, "--data", in.data)
	if in.database != "" {
		args = append(args, "--database", in.database)
	}
	cmd := exec.Command(in.bin, args...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// start runs `roundtable serve` and waits until /readyz answers 200.
func (in *instance) start(extra ...string) error {
	args := append([]string{"serve", "--addr", in.addr, "--data", in.data}, extra...)
	if in.database != "" {
		args = append(args, "--database", in.database)
	}
	in.cmd = exec.Command(in.bin, args...)
	in.cmd.Stdout, in.cmd.Stderr = in.log, in.log
	if err := in.cmd.Start(); err != nil {
		return err
	}
	deadline := time.Now().Add(120 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := in.client.Get(in.base() + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("serve did not become ready within 120 s (log: %s)", in.log.Name())
}

// kill ends the server with SIGKILL: no shutdown code runs.
func (in *instance) kill() {
	if in.cmd == nil {
		return
	}
	_ = in.cmd.Process.Signal(syscall.SIGKILL)
	_ = in.cmd.Wait()
	in.cmd = nil
}

// stop ends the server gracefully (SIGTERM), for the end of a run.
func (in *instance) stop() {
	if in.cmd == nil {
		return
	}
	_ = in.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = in.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		in.kill()
	}
	in.cmd = nil
}

// setUp starts an instance (serve with extra flags), adds an administrator
// with the command line, signs in through the sign-in
// form and creates an API token. A copy of the crash harness's, so that
// each harness stays one folder.
func setUp(bin, dir, database, addr string, extra ...string) (*instance, error) {
	log, err := os.Create(filepath.Join(dir, "serve-"+strings.ReplaceAll(addr, ":", "-")+".log"))
	if err != nil {
		return nil, err
	}
	in := newInstance(bin, dir, database, addr, log)
	if err := in.start(extra...); err != nil {
		return nil, err
	}
	const email, password = "load@roundtable.example", "load-harness-password-1"
	if out, err := in.run(password+"\n", "user", "add", "--email", email, "--name", "Load harness",
		"--role", "administrator", "--password-stdin"); err != nil {
		return nil, fmt.Errorf("user add: %v: %s", err, out)
	}
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	resp, err := browser.Get(in.base() + "/signin")
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	u, _ := url.Parse(in.base())
	csrf := ""
	for _, c := range jar.Cookies(u) {
		if c.Name == "rt_csrf" {
			csrf = c.Value
		}
	}
	resp, err = browser.PostForm(in.base()+"/signin", url.Values{"email": {email}, "password": {password}, "csrf": {csrf}})
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	req, _ := http.NewRequest(http.MethodPost, in.base()+"/api/v1/tokens", strings.NewReader(`{"name":"load harness"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", csrf)
	var tok struct {
		Token string `json:"token"`
	}
	if status, err := do(browser, req, &tok); err != nil || status != http.StatusCreated || tok.Token == "" {
		return nil, fmt.Errorf("token: status %d, %v", status, err)
	}
	in.token = tok.Token
	return in, nil
}

func newInstance(bin, dir, database, addr string, log *os.File) *instance {
	return &instance{bin: bin, data: filepath.Join(dir, "data-"+strings.ReplaceAll(addr, ":", "-")), database: database, addr: addr, log: log,
		client: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 16}}}
}

// second starts another instance on the same database, with its own data
// folder; the first's token works on it.
func second(first *instance, dir, addr string) (*instance, error) {
	log, err := os.Create(filepath.Join(dir, "serve-"+strings.ReplaceAll(addr, ":", "-")+".log"))
	if err != nil {
		return nil, err
	}
	in := newInstance(first.bin, dir, first.database, addr, log)
	in.token = first.token
	return in, in.start()
}

// api sends an authenticated request and decodes a JSON answer into out.
func (in *instance) api(ctx context.Context, method, path, contentType string, body []byte, out any) (int, error) {
	req, err := http.NewRequestWithContext(ctx, method, in.base()+path, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+in.token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return do(in.client, req, out)
}

func do(c *http.Client, req *http.Request, out any) (int, error) {
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, err
	}
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			return resp.StatusCode, fmt.Errorf("%s %s: %v: %.200s", req.Method, req.URL.Path, err, b)
		}
	}
	return resp.StatusCode, nil
}
