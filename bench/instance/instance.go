// Package instance starts and drives a roundtable server for the bench
// harnesses (crash, load): one copy of the start, sign-in and token code,
// so that a change to the product's sign-in or serve flags is made once.
package instance

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
	"strings"
	"syscall"
	"time"
)

// Instance is one roundtable data folder and database, and the server
// process serving them, if any.
type Instance struct {
	Bin, Data, Database, Addr string
	// Log receives the server's output; harnesses name it in their errors.
	Log *os.File
	// Token is an administrator's API token, set by SetUp.
	Token  string
	cmd    *exec.Cmd
	client *http.Client
}

// New opens the server log at logPath and returns an instance that is not
// started. The caller names the data folder and log, so that each harness
// keeps its own layout (one instance per folder, or several side by side).
func New(bin, data, database, addr, logPath string) (*Instance, error) {
	log, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	return &Instance{Bin: bin, Data: data, Database: database, Addr: addr, Log: log,
		client: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 16}}}, nil
}

// Base is the server's URL, without a trailing slash.
func (in *Instance) Base() string { return "http://" + in.Addr }

// Pid is the server process's id, for sampling its memory; 0 when stopped.
func (in *Instance) Pid() int {
	if in.cmd == nil || in.cmd.Process == nil {
		return 0
	}
	return in.cmd.Process.Pid
}

// Run runs a roundtable command on the instance's data and database.
func (in *Instance) Run(stdin string, args ...string) (string, error) {
	args = append(args, "--data", in.Data)
	if in.Database != "" {
		args = append(args, "--database", in.Database)
	}
	cmd := exec.Command(in.Bin, args...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// Start runs `roundtable serve` with extra flags and waits until /readyz
// answers 200: a harness must not count requests refused while the
// server is still opening its database and index.
func (in *Instance) Start(extra ...string) error {
	args := append([]string{"serve", "--addr", in.Addr, "--data", in.Data}, extra...)
	if in.Database != "" {
		args = append(args, "--database", in.Database)
	}
	in.cmd = exec.Command(in.Bin, args...)
	in.cmd.Stdout, in.cmd.Stderr = in.Log, in.Log
	if err := in.cmd.Start(); err != nil {
		return err
	}
	deadline := time.Now().Add(120 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := in.client.Get(in.Base() + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("serve did not become ready within 120 s (log: %s)", in.Log.Name())
}

// Kill ends the server with SIGKILL: no shutdown code runs, which is what
// the crash harness tests.
func (in *Instance) Kill() {
	if in.cmd == nil {
		return
	}
	_ = in.cmd.Process.Signal(syscall.SIGKILL)
	_ = in.cmd.Wait()
	in.cmd = nil
}

// Stop ends the server gracefully (SIGTERM), for the end of a run; after
// 20 s it kills it, so that a harness always ends.
func (in *Instance) Stop() {
	if in.cmd == nil {
		return
	}
	_ = in.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = in.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		in.Kill()
	}
	in.cmd = nil
}

// SetUp starts the instance (serve with extra flags), adds an
// administrator with the command line, signs in through the sign-in form
// and creates an API token: the path a real administrator takes, so the
// harness exercises it too. who names the harness in the administrator's
// e-mail, password and name and in the token's name.
func (in *Instance) SetUp(who string, extra ...string) error {
	if err := in.Start(extra...); err != nil {
		return err
	}
	email, password := who+"@roundtable.example", who+"-harness-password-1"
	name := strings.ToUpper(who[:1]) + who[1:] + " harness"
	if out, err := in.Run(password+"\n", "user", "add", "--email", email, "--name", name,
		"--role", "administrator", "--password-stdin"); err != nil {
		return fmt.Errorf("user add: %v: %s", err, out)
	}
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	resp, err := browser.Get(in.Base() + "/signin")
	if err != nil {
		return err
	}
	resp.Body.Close()
	u, _ := url.Parse(in.Base())
	csrf := ""
	for _, c := range jar.Cookies(u) {
		if c.Name == "rt_csrf" {
			csrf = c.Value
		}
	}
	resp, err = browser.PostForm(in.Base()+"/signin", url.Values{"email": {email}, "password": {password}, "csrf": {csrf}})
	if err != nil {
		return err
	}
	resp.Body.Close()
	body, _ := json.Marshal(map[string]string{"name": who + " harness"})
	req, _ := http.NewRequest(http.MethodPost, in.Base()+"/api/v1/tokens", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", csrf)
	var tok struct {
		Token string `json:"token"`
	}
	if status, err := do(browser, req, &tok); err != nil || status != http.StatusCreated || tok.Token == "" {
		return fmt.Errorf("token: status %d, %v", status, err)
	}
	in.Token = tok.Token
	return nil
}

// Second starts another instance on first's database, with its own data
// folder and log; first's token works on it, as the database holds it.
func (first *Instance) Second(data, addr, logPath string) (*Instance, error) {
	in, err := New(first.Bin, data, first.Database, addr, logPath)
	if err != nil {
		return nil, err
	}
	in.Token = first.Token
	return in, in.Start()
}

// API sends a request with the instance's token and decodes a JSON answer
// below 300 into out; the status is returned for the caller to judge.
func (in *Instance) API(ctx context.Context, method, path, contentType string, body []byte, out any) (int, error) {
	req, err := http.NewRequestWithContext(ctx, method, in.Base()+path, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+in.Token)
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
