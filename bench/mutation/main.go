// Command mutation runs the mutants gremlins lists for a package whose whole
// test suite is too slow to run once per mutant (internal/web takes about
// 90 s): it applies each mutant of a `gremlins unleash --dry-run -o` report
// to a copy of the tree, runs only the tests given by -run, and counts the
// mutant killed when they fail, lived when they pass, not viable when the
// package does not build, and timed out past -timeout.
//
// It changes files under -tree and restores each one after its mutant, so
// -tree must be a copy (git worktree add /tmp/mut-web HEAD), never the
// working tree others use.
//
//	gremlins unleash --dry-run --invert-logical -E … -o /tmp/web.json ./internal/web
//	go run ./bench/mutation -tree /tmp/mut-web -pkg internal/web \
//	    -report /tmp/web.json -run 'TestFormsNeedTheCSRFToken|…' -confirm ''
//
// A mutant that lives through -run is tried again with -confirm (the whole
// package when it is empty), so the fast selection only saves time on the
// mutants it kills and never turns a killed mutant into a lived one.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/scanner"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// report is the part of gremlins' machine-readable output this reads.
type report struct {
	Files []struct {
		Name      string `json:"file_name"`
		Mutations []struct {
			Type   string `json:"type"`
			Status string `json:"status"`
			Line   int    `json:"line"`
			Column int    `json:"column"`
		} `json:"mutations"`
	} `json:"files"`
}

// mutations is gremlins v0.6.0's table (internal/engine/mappings.go) for the
// mutant types it enables by default plus INVERT_LOGICAL; a mutant of
// another type is reported and skipped rather than guessed.
var mutations = map[string]map[token.Token]token.Token{
	"ARITHMETIC_BASE": {token.ADD: token.SUB, token.MUL: token.QUO, token.QUO: token.MUL,
		token.REM: token.MUL, token.SUB: token.ADD},
	"CONDITIONALS_BOUNDARY": {token.GEQ: token.GTR, token.GTR: token.GEQ, token.LEQ: token.LSS,
		token.LSS: token.LEQ},
	"CONDITIONALS_NEGATION": {token.EQL: token.NEQ, token.GEQ: token.LSS, token.GTR: token.LEQ,
		token.LEQ: token.GTR, token.LSS: token.GEQ, token.NEQ: token.EQL},
	"INCREMENT_DECREMENT": {token.DEC: token.INC, token.INC: token.DEC},
	"INVERT_LOGICAL":      {token.LAND: token.LOR, token.LOR: token.LAND},
	"INVERT_NEGATIVES":    {token.SUB: token.ADD},
}

type mutant struct {
	file, kind, listed string // listed: gremlins' dry-run status
	line, col          int
}

func main() {
	tree := flag.String("tree", "", "copy of the module to mutate (required)")
	pkg := flag.String("pkg", "internal/web", "package directory, relative to -tree")
	reportPath := flag.String("report", "", "gremlins --dry-run -o output (required)")
	run := flag.String("run", "", "go test -run regexp: the tests that exercise the mutated code")
	confirm := flag.String("confirm", "-", "go test -run regexp tried on a mutant that lives through -run\n"+
		"before calling it lived (\"\" runs the whole package; \"-\" skips this)")
	only := flag.String("file", "", "only the mutants of this file")
	skip := flag.String("skip", "", "go test -skip regexp for the -confirm run (slow tests that do not reach the mutated code)")
	from := flag.Int("from", 1, "start at this mutant (resume an interrupted run)")
	timeout := flag.Duration("timeout", 10*time.Minute, "a mutant whose tests take longer is timed out")
	flag.Parse()
	if *tree == "" || *reportPath == "" {
		flag.Usage()
		os.Exit(2)
	}
	var rep report
	b, err := os.ReadFile(*reportPath)
	if err == nil {
		err = json.Unmarshal(b, &rep)
	}
	if err != nil {
		fail(err)
	}
	var ms []mutant
	for _, f := range rep.Files {
		if *only != "" && f.Name != *only {
			continue
		}
		for _, m := range f.Mutations {
			ms = append(ms, mutant{file: f.Name, kind: m.Type, listed: m.Status, line: m.Line, col: m.Column})
		}
	}
	sort.Slice(ms, func(i, j int) bool {
		a, b := ms[i], ms[j]
		if a.file != b.file {
			return a.file < b.file
		}
		if a.line != b.line {
			return a.line < b.line
		}
		if a.col != b.col {
			return a.col < b.col
		}
		return a.kind < b.kind
	})

	counts := map[string]int{}
	for i, m := range ms {
		if i+1 < *from {
			continue
		}
		start := time.Now()
		status, detail := try(*tree, *pkg, *run, "", *timeout, m)
		if status == "LIVED" && *confirm != "-" {
			// The fast selection missed it: the wider one decides.
			status, detail = try(*tree, *pkg, *confirm, *skip, *timeout, m)
			detail += " (confirmed with -confirm)"
		}
		counts[status]++
		fmt.Printf("%3d/%d %-11s %-22s %s:%d:%d (gremlins: %s) %s %s\n", i+1, len(ms), status, m.kind,
			m.file, m.line, m.col, m.listed, time.Since(start).Round(time.Second), detail)
	}
	killed, lived := counts["KILLED"], counts["LIVED"]
	fmt.Printf("\nKilled: %d, Lived: %d, Timed out: %d, Not viable: %d, Skipped: %d\n",
		killed, lived, counts["TIMED OUT"], counts["NOT VIABLE"], counts["SKIPPED"])
	if killed+lived > 0 {
		fmt.Printf("Efficacy: %.2f%%\n", 100*float64(killed)/float64(killed+lived))
	}
}

// try applies one mutant, runs the tests, and puts the file back.
func try(tree, pkg, run, skip string, timeout time.Duration, m mutant) (status, detail string) {
	path := filepath.Join(tree, pkg, m.file)
	orig, err := os.ReadFile(path)
	if err != nil {
		fail(err)
	}
	mutated, what, err := apply(orig, m)
	if err != nil {
		return "SKIPPED", err.Error()
	}
	if err := os.WriteFile(path, mutated, 0o644); err != nil {
		fail(err)
	}
	defer func() {
		if err := os.WriteFile(path, orig, 0o644); err != nil {
			fail(err)
		}
	}()

	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	args := []string{"test", "-count=1", "-failfast"}
	if run != "" {
		args = append(args, "-run", run)
	}
	if skip != "" {
		args = append(args, "-skip", skip)
	}
	cmd := exec.CommandContext(ctx, "go", append(args, "./"+pkg)...)
	cmd.Dir = tree
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	switch {
	case ctx.Err() != nil:
		return "TIMED OUT", what
	case err == nil:
		return "LIVED", what
	case strings.Contains(out.String(), "[build failed]") || strings.Contains(out.String(), "[setup failed]"):
		return "NOT VIABLE", what
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		fail(err)
	}
	return "KILLED", what
}

// apply replaces the operator at the mutant's position, checking that it is
// one the mutant type changes, as gremlins does.
func apply(src []byte, m mutant) ([]byte, string, error) {
	table, ok := mutations[m.kind]
	if !ok {
		return nil, "", fmt.Errorf("mutant type %s not supported", m.kind)
	}
	fset := token.NewFileSet()
	file := fset.AddFile(m.file, -1, len(src))
	var s scanner.Scanner
	s.Init(file, src, nil, scanner.ScanComments)
	for {
		pos, tok, _ := s.Scan()
		if tok == token.EOF {
			return nil, "", fmt.Errorf("no operator at %d:%d", m.line, m.col)
		}
		p := fset.Position(pos)
		if p.Line != m.line || p.Column != m.col {
			continue
		}
		to, ok := table[tok]
		if !ok {
			return nil, "", fmt.Errorf("%s does not apply to %s", m.kind, tok)
		}
		off := p.Offset
		out := append(append(append([]byte{}, src[:off]...), to.String()...), src[off+len(tok.String()):]...)
		return out, fmt.Sprintf("%s→%s", tok, to), nil
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "mutation:", err)
	os.Exit(1)
}
