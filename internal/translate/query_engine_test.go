package translate_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// execApertium is the query tests' own way to Apertium: one
// `apertium -u -f txt MODE` run per text and mode, pairs other than
// Debian's going through Spanish. It is the slow path (a process start per
// text) and stands for any translate.Engine.
type execApertium struct{ bin string }

var apertiumModes = map[string]string{
	"en>es": "eng-spa", "es>en": "spa-eng", "es>pt": "es-pt",
	"pt>es": "pt-es", "es>fr": "es-fr", "fr>es": "fr-es",
}

// queryEngine is Apertium for the query tests; without it they skip,
// except in CI, which installs it.
func queryEngine(t testing.TB) execApertium {
	t.Helper()
	bin, err := exec.LookPath("apertium")
	if err == nil {
		_, err = os.Stat("/usr/share/apertium/modes/spa-eng.mode")
	}
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must have Apertium installed: %v", err)
		}
		t.Skipf("query translation with Apertium skipped: %v", err)
	}
	return execApertium{bin: bin}
}

func (execApertium) Name() string { return "apertium" }

func (e execApertium) route(from, to string) []string {
	if m, ok := apertiumModes[from+">"+to]; ok {
		return []string{m}
	}
	a, b := apertiumModes[from+">es"], apertiumModes["es>"+to]
	if a == "" || b == "" {
		return nil
	}
	return []string{a, b}
}

func (e execApertium) Supports(from, to string) bool { return e.route(from, to) != nil }

func (e execApertium) Translate(ctx context.Context, from, to string, texts []string) ([]string, error) {
	route := e.route(from, to)
	if route == nil {
		return nil, fmt.Errorf("no mode %s>%s", from, to)
	}
	out := make([]string, len(texts))
	for i, s := range texts {
		for _, mode := range route {
			cmd := exec.CommandContext(ctx, e.bin, "-u", "-f", "txt", mode)
			cmd.Stdin = strings.NewReader(s)
			b, err := cmd.Output()
			if err != nil {
				return nil, fmt.Errorf("apertium %s: %w", mode, err)
			}
			s = strings.TrimSpace(string(b))
		}
		out[i] = s
	}
	return out, nil
}
