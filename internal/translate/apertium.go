package translate

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// DefaultApertiumDir is where Debian's apertium packages put their data
// (modes/*.mode).
const DefaultApertiumDir = "/usr/share/apertium"

// Apertium translates on this machine with the Apertium packages installed
// (apertium, apertium-eng-spa, apertium-es-pt, apertium-fr-es …). Pairs
// the modes do not offer directly go through Spanish, which every Debian
// pair touches (en→pt is en→es→pt). It has no Chinese.
//
// Each mode runs as one long-lived pipeline in null-flush mode (a text
// followed by NUL in, its translation followed by NUL out), so a short
// text costs milliseconds instead of starting ten processes; when that
// pipeline cannot be started or dies, the text goes through one
// `apertium -u -f txt MODE` run instead.
type Apertium struct {
	bin   string            // the apertium script
	dir   string            // data folder holding modes/
	modes map[string]string // "en>es" → mode name ("eng-spa")
	// persistent says whether null-flush pipelines are tried at all
	// (apertium-wblank-mode builds their scripts).
	persistent bool

	mu    sync.Mutex
	pipes map[string]*pipe // mode → its running pipeline
}

// apertiumCodes maps the language codes in mode names (two- and
// three-letter, mixed across packages) to the working languages.
var apertiumCodes = map[string]string{
	"en": "en", "eng": "en",
	"es": "es", "spa": "es",
	"pt": "pt", "por": "pt",
	"fr": "fr", "fra": "fr", "fre": "fr",
	"zh": "zh", "zho": "zh", "cmn": "zh",
}

// FindApertium looks for the apertium command on PATH and the modes in
// dir/modes (DefaultApertiumDir when dir is empty). It fails when either
// is missing or no mode joins two working languages.
func FindApertium(dir string) (*Apertium, error) {
	if dir == "" {
		dir = DefaultApertiumDir
	}
	bin, err := exec.LookPath("apertium")
	if err != nil {
		return nil, fmt.Errorf("apertium: command not found on PATH (install the apertium package)")
	}
	entries, err := os.ReadDir(filepath.Join(dir, "modes"))
	if err != nil {
		return nil, fmt.Errorf("apertium: no modes in %s: %v", dir, err)
	}
	var names []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".mode"); ok {
			names = append(names, n)
		}
	}
	modes := modePairs(names)
	if len(modes) == 0 {
		return nil, fmt.Errorf("apertium: no mode in %s/modes joins two working languages", dir)
	}
	_, wbErr := exec.LookPath("apertium-wblank-mode")
	return &Apertium{bin: bin, dir: dir, modes: modes, persistent: wbErr == nil, pipes: map[string]*pipe{}}, nil
}

// modePairs reads mode names such as "eng-spa", "es-pt", "es-pt_BR" or
// "eco-es-fr": a plain "from-to" is preferred, a regional variant
// ("_BR") is taken only when the plain one is missing, anything else is
// not a translation direction we use.
func modePairs(names []string) map[string]string {
	slices.Sort(names) // "es-pt" before "es-pt_BR"
	out := map[string]string{}
	for _, n := range names {
		base, _, variant := strings.Cut(n, "_")
		parts := strings.Split(base, "-")
		if len(parts) != 2 {
			continue
		}
		from, to := apertiumCodes[parts[0]], apertiumCodes[parts[1]]
		if from == "" || to == "" || from == to {
			continue
		}
		key := from + ">" + to
		if _, ok := out[key]; ok && variant {
			continue
		}
		if cur, ok := out[key]; ok && !strings.Contains(cur, "_") {
			continue
		}
		out[key] = n
	}
	return out
}

// Name is "apertium".
func (a *Apertium) Name() string { return "apertium" }

// Pairs lists the directions the engine translates, as "from>to",
// pivots included, sorted.
func (a *Apertium) Pairs() []string {
	var out []string
	for _, f := range workingLangs {
		for _, t := range workingLangs {
			if f != t && a.Supports(f, t) {
				out = append(out, f+">"+t)
			}
		}
	}
	return out
}

// route is the modes a text goes through from → to: one, or two through
// Spanish; nil when there is no way.
func (a *Apertium) route(from, to string) []string {
	if m, ok := a.modes[from+">"+to]; ok {
		return []string{m}
	}
	if from == "es" || to == "es" {
		return nil
	}
	m1, ok1 := a.modes[from+">es"]
	m2, ok2 := a.modes["es>"+to]
	if ok1 && ok2 {
		return []string{m1, m2}
	}
	return nil
}

// Supports reports whether a mode, or two through Spanish, go from → to.
func (a *Apertium) Supports(from, to string) bool { return a.route(from, to) != nil }

// Translate translates each text through the route's modes in turn.
func (a *Apertium) Translate(ctx context.Context, from, to string, texts []string) ([]string, error) {
	route := a.route(from, to)
	if route == nil {
		return nil, fmt.Errorf("apertium: no mode from %s to %s", from, to)
	}
	out := make([]string, len(texts))
	for i, t := range texts {
		s := t
		for _, mode := range route {
			if strings.TrimSpace(s) == "" {
				break
			}
			var err error
			if s, err = a.translateOne(ctx, mode, s); err != nil {
				return nil, err
			}
		}
		out[i] = s
	}
	return out, nil
}

// translateOne runs one text through one mode: on the mode's pipeline
// when it runs, else through one apertium run.
func (a *Apertium) translateOne(ctx context.Context, mode, text string) (string, error) {
	text = strings.ReplaceAll(text, "\x00", "")
	if a.persistent {
		if p, err := a.pipeFor(mode); err == nil {
			// A pipeline that holds a text back (a NUL lost in some
			// program) must not cost the whole job: past pipeTimeout it
			// is stopped and the text goes through one apertium run.
			pctx, cancel := context.WithTimeout(ctx, pipeTimeout)
			s, err := p.translate(pctx, text)
			cancel()
			if err == nil {
				return s, nil
			}
			a.drop(mode, p)
			if ctx.Err() != nil {
				return "", fmt.Errorf("apertium %s: %w", mode, ctx.Err())
			}
		}
	}
	return a.Exec(ctx, mode, text)
}

// Exec translates text with one run of `apertium -u -f txt MODE`: the
// slow path (a process start per text), used when no pipeline runs.
func (a *Apertium) Exec(ctx context.Context, mode, text string) (string, error) {
	args := []string{"-u", "-f", "txt"}
	if a.dir != DefaultApertiumDir {
		args = append(args, "-d", a.dir)
	}
	cmd := lowPriority(ctx, a.bin, append(args, mode)...)
	// The apertium script's pipeline outlives a killed script while it
	// holds the output open: stop waiting for it soon after.
	cmd.WaitDelay = time.Second
	cmd.Stdin = strings.NewReader(text)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if ctx.Err() != nil {
			return "", fmt.Errorf("apertium %s: %w", mode, ctx.Err())
		}
		return "", fmt.Errorf("apertium %s: %v: %s", mode, err, firstLine(stderr.String()))
	}
	return cleanMarks(strings.TrimSpace(string(out)), text), nil
}

// pipeFor returns the mode's running pipeline, starting it if needed.
func (a *Apertium) pipeFor(mode string) (*pipe, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if p, ok := a.pipes[mode]; ok {
		return p, nil
	}
	p, err := startPipe(a.dir, mode)
	if err != nil {
		return nil, err
	}
	a.pipes[mode] = p
	return p, nil
}

// drop stops a pipeline that failed; the next text starts a new one.
func (a *Apertium) drop(mode string, p *pipe) {
	a.mu.Lock()
	if a.pipes[mode] == p {
		delete(a.pipes, mode)
	}
	a.mu.Unlock()
	p.close()
}

// Close stops every pipeline.
func (a *Apertium) Close() error {
	a.mu.Lock()
	pipes := a.pipes
	a.pipes = map[string]*pipe{}
	a.mu.Unlock()
	for _, p := range pipes {
		p.close()
	}
	return nil
}

// Pipelines says how many modes have a running pipeline.
func (a *Apertium) Pipelines() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.pipes)
}

// NoPipelines makes every text go through one apertium run (for
// measuring the difference).
func (a *Apertium) NoPipelines() { a.persistent = false }

// workingLangs are the five working languages (internal/text.Langs,
// repeated here so the engines do not depend on the analyzers).
var workingLangs = []string{"en", "es", "pt", "zh", "fr"}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// pipeTimeout bounds one text on a pipeline; a page of text takes well
// under a second.
const pipeTimeout = 20 * time.Second

var errPipeDead = errors.New("apertium pipeline stopped")
