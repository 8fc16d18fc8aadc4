// Command serving measures what compression saves on the wire and costs in
// latency: it starts `roundtable serve --demo` on SQLite in a temporary
// folder and reads a few main pages with Accept-Encoding identity, gzip
// and br, printing bytes sent and p50/p99 per page and encoding.
//
//	cd bench && go run ./serving [-n 200]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"sort"
	"sync"
	"time"

	"roundtable/bench/measure"
	"roundtable/internal/cli"
)

func main() {
	n := flag.Int("n", 200, "requests per page and encoding")
	flag.Parse()
	if err := run(*n); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(n int) error {
	dir, err := os.MkdirTemp("", "serving-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	ln.Close()
	measure.Logf("starting roundtable serve --demo on %s", addr)
	out := &syncBuffer{}
	go cli.Main([]string{"serve", "--demo", "--data", dir, "--addr", addr, "--log-level", "error"}, nil, out, os.Stderr)
	base := "http://" + addr
	for i := 0; ; i++ {
		if res, err := http.Get(base + "/readyz"); err == nil && res.StatusCode == 200 {
			res.Body.Close()
			break
		}
		if i > 600 {
			return fmt.Errorf("the server never became ready")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := signIn(base, out.String()); err != nil {
		return err
	}
	pages, err := discover(base)
	if err != nil {
		return err
	}
	fmt.Printf("%-22s %-9s %10s %8s %8s  %s\n", "page", "encoding", "bytes", "p50 ms", "p99 ms", "load (1, 5, 15 min)")
	for _, p := range pages {
		for _, enc := range []string{"identity", "gzip", "br"} {
			size, lat, err := sample(base+p.path, enc, n)
			if err != nil {
				return fmt.Errorf("%s: %w", p.name, err)
			}
			fmt.Printf("%-22s %-9s %10d %8.2f %8.2f  %s\n", p.name, enc, size, measure.Ms(measure.Pct(lat, 50)), measure.Ms(measure.Pct(lat, 99)), measure.Loadavg())
		}
	}
	return nil
}

// browser keeps the demo administrator's session: the outcome's status
// view is for those in the room, and the pages are read as they see them.
var browser = func() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar}
}()

// signIn signs in with the administrator's password that serve printed,
// choosing a new one if the site asks for it at first sign-in.
func signIn(base, printed string) error {
	m := regexp.MustCompile(`e-mail:\s+(\S+)\s+password:\s+(\S+)`).FindStringSubmatch(printed)
	if m == nil {
		return fmt.Errorf("no administrator printed:\n%s", printed)
	}
	if _, _, err := get(base+"/signin", "identity"); err != nil {
		return err
	}
	u, _ := url.Parse(base)
	csrf := ""
	for _, c := range browser.Jar.Cookies(u) {
		if c.Name == "rt_csrf" {
			csrf = c.Value
		}
	}
	res, err := browser.PostForm(base+"/signin", url.Values{"email": {m[1]}, "password": {m[2]}, "csrf": {csrf}})
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.Request.URL.Path == "/password/change" {
		res, err = browser.PostForm(base+"/password/change", url.Values{"new_password": {"a bench password, long enough"}, "csrf": {csrf}})
		if err != nil {
			return err
		}
		res.Body.Close()
	}
	if res.StatusCode != 200 || res.Request.URL.Path == "/signin" || res.Request.URL.Path == "/password/change" {
		return fmt.Errorf("signing in: HTTP %d at %s", res.StatusCode, res.Request.URL.Path)
	}
	return nil
}

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

type page struct{ name, path string }

// discover finds the demo's pages by following links, as a reader would.
func discover(base string) ([]page, error) {
	link := func(path string, re *regexp.Regexp) (string, error) {
		b, _, err := get(base+path, "identity")
		if err != nil {
			return "", err
		}
		m := re.FindSubmatch(b)
		if m == nil {
			return "", fmt.Errorf("no link %s on %s", re, path)
		}
		return string(m[1]), nil
	}
	edition, err := link("/editions", regexp.MustCompile(`href="(/editions/\d+)"`))
	if err != nil {
		return nil, err
	}
	statement, err := link(edition, regexp.MustCompile(`href="(/statements/\d+)"`))
	if err != nil {
		return nil, err
	}
	outcome, err := link(edition+"/outcomes", regexp.MustCompile(`href="(/outcomes/\d+)"`))
	if err != nil {
		return nil, err
	}
	return []page{{"home", "/"}, {"edition", edition}, {"search results", "/search?q=development"},
		{"statement", statement}, {"outcome status", outcome}}, nil
}

// get reads url asking for enc and returns the bytes as sent on the wire.
func get(url, enc string) ([]byte, time.Duration, error) {
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Accept-Encoding", enc) // set, so the client decodes nothing
	start := time.Now()
	res, err := browser.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	d := time.Since(start)
	if err == nil && res.StatusCode != 200 {
		err = fmt.Errorf("GET %s: HTTP %d", url, res.StatusCode)
	}
	if got := res.Header.Get("Content-Encoding"); err == nil && got != enc && (enc != "identity" || got != "") {
		err = fmt.Errorf("GET %s as %s: Content-Encoding %q", url, enc, got)
	}
	return b, d, err
}

// sample reads url n times after 10 to warm up.
func sample(url, enc string, n int) (int, []time.Duration, error) {
	for range 10 {
		if _, _, err := get(url, enc); err != nil {
			return 0, nil, err
		}
	}
	lat := make([]time.Duration, n)
	size := 0
	for i := range lat {
		b, d, err := get(url, enc)
		if err != nil {
			return 0, nil, err
		}
		lat[i], size = d, len(b)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return size, lat, nil
}
