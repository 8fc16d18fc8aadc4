package main

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"roundtable/internal/cli"
)

// TestMain lets the test binary be the server child, as the command is.
func TestMain(m *testing.M) {
	if os.Getenv(serveEnv) == "1" {
		os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// needChromium skips without Chromium, except in CI, where the browser
// tests must run.
func needChromium(t *testing.T) {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if _, err := exec.LookPath(name); err == nil {
			return
		}
	}
	const msg = "screenshots test skipped: install chromium (Debian: apt-get install chromium fonts-noto-cjk) to run it"
	if os.Getenv("CI") != "" {
		t.Fatal("CI is set but no chromium was found on PATH: " + msg)
	}
	t.Skip(msg)
}

// TestShootOnePage starts the demo as the command does and takes the
// country list in Chinese at both widths: two PNGs of the page's full
// width (the phone's at twice its pixels) and taller than the screen, as the
// list is, and an index.html that shows them.
func TestShootOnePage(t *testing.T) {
	needChromium(t)
	site, err := startDemo(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer site.Stop()
	out := t.TempDir()
	var log bytes.Buffer
	pages, err := choosePages("countries")
	if err != nil {
		t.Fatal(err)
	}
	sh := &shooter{Site: site, Out: out, Langs: []string{"zh"}, Widths: widths, Log: &log}
	shots, err := sh.Run(t.Context(), pages)
	if err != nil {
		t.Fatalf("%v\nserver log:\n%s", err, site.logs)
	}
	if err := writeIndex(out, shots, pages, sh.Langs, widths); err != nil {
		t.Fatal(err)
	}
	for _, want := range []struct {
		file          string
		width, screen int
	}{
		{"countries_zh_1366.png", 1366, 900},
		{"countries_zh_390.png", 780, 844 * 2},
	} {
		f, err := os.Open(filepath.Join(out, want.file))
		if err != nil {
			t.Fatalf("%v (the command logged:\n%s)", err, log.String())
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s is not a PNG: %v", want.file, err)
		}
		b := img.Bounds()
		if b.Dx() != want.width {
			t.Errorf("%s is %d pixels wide, want %d", want.file, b.Dx(), want.width)
		}
		// 34 countries do not fit on one screen: the whole page is taken.
		if b.Dy() <= want.screen {
			t.Errorf("%s is %d pixels high, no more than the screen's %d: not the whole page", want.file, b.Dy(), want.screen)
		}
	}
	index, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`src="countries_zh_1366.png"`, `src="countries_zh_390.png"`} {
		if !strings.Contains(string(index), want) {
			t.Errorf("index.html does not show %s", want)
		}
	}
}
