package cli

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"roundtable/internal/config"
)

// syncBuffer is a bytes.Buffer safe to read while serve writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServe runs `serve` until the test ends, returning its output.
func startServe(t *testing.T, dir string, demo bool) (string, *syncBuffer, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cfg := config.Default()
	cfg.Addr, cfg.DataDir, cfg.Demo, cfg.LogLevel = freeAddr(t), dir, demo, "error"
	out := &syncBuffer{}
	e := &env{ctx: ctx, cfg: cfg, stdout: out, stderr: &syncBuffer{}}
	done := make(chan error, 1)
	go func() { done <- serve(e) }()
	stop := func() error { cancel(); return <-done }
	base := "http://" + cfg.Addr
	for i := 0; ; i++ {
		res, err := http.Get(base + "/readyz")
		if err == nil && res.StatusCode == 200 {
			res.Body.Close()
			break
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v", err)
		default:
		}
		if i > 100 {
			t.Fatal("server never became ready")
		}
		time.Sleep(50 * time.Millisecond)
	}
	return base, out, stop
}

// TestDemoNewcomer is the quick start: serve --demo on an empty folder,
// sign in with the printed password, stop gracefully, start again.
func TestDemoNewcomer(t *testing.T) {
	dir := t.TempDir()
	base, out, stop := startServe(t, dir, true)
	m := regexp.MustCompile(`e-mail:\s+(\S+)\s+password:\s+(\S+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no login printed:\n%s", out.String())
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err := c.Get(base + "/signin")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	u, _ := url.Parse(base)
	var csrf string
	for _, ck := range jar.Cookies(u) {
		if ck.Name == "rt_csrf" {
			csrf = ck.Value
		}
	}
	res, err = c.PostForm(base+"/signin", url.Values{"email": {m[1]}, "password": {m[2]}, "csrf": {csrf}, "next": {"/admin/users"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	// The printed password opens one sign-in, and only the page where the
	// newcomer chooses their own; then the page asked for.
	if res.StatusCode != 200 || res.Request.URL.Path != "/password/change" {
		t.Fatalf("signing in with the printed password: %d at %s, want the password change", res.StatusCode, res.Request.URL.Path)
	}
	res, err = c.PostForm(base+"/password/change", url.Values{"new_password": {"the newcomer's own passphrase"}, "csrf": {csrf}, "next": {"/admin/users"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.Request.URL.Path != "/admin/users" {
		t.Fatalf("after choosing a password: %d at %s, want /admin/users", res.StatusCode, res.Request.URL.Path)
	}
	if err := stop(); err != nil {
		t.Fatalf("graceful stop: %v", err)
	}
	// A second start keeps the data and does not print a new password.
	_, out2, stop2 := startServe(t, dir, true)
	defer stop2()
	// A third process on the same data folder is refused at once.
	code, _, stderr := run(t, "", "search", "rebuild", "--data", dir)
	oneLineError(t, code, stderr, "in use by another roundtable process")
	if strings.Contains(out2.String(), m[2]) || !strings.Contains(out2.String(), "already loaded") {
		t.Fatalf("second start printed:\n%s", out2.String())
	}
}
