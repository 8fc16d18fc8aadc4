// Command screenshots starts Roundtable with its demo content, as
// `roundtable serve --demo` does, in a temporary data folder on a free
// loopback port, and writes full-page PNG screenshots of the main pages in
// the five languages at a desktop and a phone width into a folder, with an
// index.html that shows them side by side for a reviewer.
//
//	go run ./cmd/screenshots -out /tmp/shots
//	go run ./cmd/screenshots -out /tmp/shots -pages home,countries -langs en,zh
//
// It needs Chromium (or Chrome) on the machine; -chromium names it when it
// is not found on its own.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"roundtable/internal/cli"
)

func main() {
	// The product runs in a child process of this same program, so it is
	// exactly `roundtable serve --demo` and stops cleanly with a signal.
	if os.Getenv(serveEnv) == "1" {
		os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		var ue usageError
		if errors.As(err, &ue) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

type usageError string

func (e usageError) Error() string { return string(e) }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("screenshots", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "folder to write the screenshots and index.html into (created if missing)")
	pageList := fs.String("pages", "", "comma-separated page names to take (default: all); -list names them")
	langList := fs.String("langs", strings.Join(allLangs, ","), "comma-separated languages")
	chromium := fs.String("chromium", "", "path to Chromium or Chrome (default: found on PATH)")
	list := fs.Bool("list", false, "list the page names and exit")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError(err.Error())
	}
	if *list {
		for _, p := range mainPages {
			fmt.Fprintf(stdout, "%-18s %s (%s)\n", p.Name, p.Path, p.As)
		}
		return nil
	}
	if *out == "" {
		return usageError("-out is required: the folder to write the screenshots into")
	}
	pages, err := choosePages(*pageList)
	if err != nil {
		return err
	}
	langs, err := chooseLangs(*langList)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}

	started := time.Now()
	fmt.Fprintln(stdout, "starting Roundtable with the demo content…")
	site, err := startDemo(ctx)
	if err != nil {
		return err
	}
	defer site.Stop()
	fmt.Fprintf(stdout, "serving at %s; taking %d pages × %d languages × %d widths\n", site.URL, len(pages), len(langs), len(widths))
	sh := &shooter{Site: site, Out: *out, Langs: langs, Widths: widths, Chromium: *chromium, Log: stdout}
	shots, err := sh.Run(ctx, pages)
	if err != nil {
		return err
	}
	if err := writeIndex(*out, shots, pages, langs, widths); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d screenshots and index.html written to %s in %s\n", len(shots), *out, time.Since(started).Round(time.Second))
	return nil
}

// choosePages picks pages by name, in the order of mainPages.
func choosePages(list string) ([]page, error) {
	if list == "" {
		return mainPages, nil
	}
	want := strings.Split(list, ",")
	var ps []page
	for _, p := range mainPages {
		if slices.Contains(want, p.Name) {
			ps = append(ps, p)
		}
	}
	for _, w := range want {
		if !slices.ContainsFunc(mainPages, func(p page) bool { return p.Name == w }) {
			return nil, usageError(fmt.Sprintf("no page named %q (-list names them)", w))
		}
	}
	return ps, nil
}

// allLangs are the working languages, as the language switcher names them.
var allLangs = []string{"en", "es", "pt", "zh", "fr"}

func chooseLangs(list string) ([]string, error) {
	var ls []string
	for _, l := range strings.Split(list, ",") {
		if !slices.Contains(allLangs, l) {
			return nil, usageError(fmt.Sprintf("no language %q: choose among %s", l, strings.Join(allLangs, ",")))
		}
		ls = append(ls, l)
	}
	return ls, nil
}
