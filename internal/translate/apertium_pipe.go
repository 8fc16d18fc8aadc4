package translate

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
)

// pipe is one mode's pipeline running in null-flush mode: the mode's
// script (from apertium-wblank-mode -z) under bash, fed texts in Apertium's
// stream format, each followed by NUL; every NUL in comes out after that
// text's translation. One text at a time (mu): the stream has no ids.
type pipe struct {
	mu   sync.Mutex
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *bufio.Reader
	dead bool
}

// startPipe builds the mode's null-flush script and starts it.
func startPipe(dir, mode string) (*pipe, error) {
	script, err := exec.Command("apertium-wblank-mode", "-z", filepath.Join(dir, "modes", mode+".mode")).Output()
	if err != nil {
		return nil, fmt.Errorf("apertium-wblank-mode %s: %v", mode, err)
	}
	// $1 is the generator's option (-n: no marks on unknown words), $2
	// the tagger's (none), as the apertium script passes them.
	cmd := lowPriority(context.Background(), "bash", "-c", string(script), "apertium-"+mode, "-n", "")
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start apertium %s: %v", mode, err)
	}
	return &pipe{cmd: cmd, in: in, out: bufio.NewReaderSize(out, 64<<10)}, nil
}

// lowPriority is a command run under nice (when the machine has it), so
// translating in the background yields the processors to page requests.
func lowPriority(ctx context.Context, name string, args ...string) *exec.Cmd {
	if nice, err := exec.LookPath("nice"); err == nil {
		return exec.CommandContext(ctx, nice, append([]string{"-n", "10", name}, args...)...)
	}
	return exec.CommandContext(ctx, name, args...)
}

// translate sends one text and reads its translation. A timeout kills the
// pipeline (its output would otherwise belong to the next text).
func (p *pipe) translate(ctx context.Context, text string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.dead {
		return "", errPipeDead
	}
	type result struct {
		s   string
		err error
	}
	done := make(chan result, 1)
	go func() {
		if _, err := io.WriteString(p.in, deformat(text)+"\x00"); err != nil {
			done <- result{err: err}
			return
		}
		s, err := p.out.ReadString(0)
		done <- result{s: strings.TrimSuffix(s, "\x00"), err: err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			p.kill()
			return "", fmt.Errorf("%w: %v", errPipeDead, r.err)
		}
		return reformat(r.s, text), nil
	case <-ctx.Done():
		p.kill()
		<-done
		return "", ctx.Err()
	}
}

// kill stops the pipeline; p.mu is held.
func (p *pipe) kill() {
	if p.dead {
		return
	}
	p.dead = true
	p.in.Close()
	if p.cmd.Process != nil {
		p.cmd.Process.Kill()
	}
	// Closing its stdin ends the programs after bash: each sees the end
	// of its input in turn.
	go p.cmd.Wait()
}

func (p *pipe) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.kill()
}

// streamSpecial are the characters Apertium's stream format reserves;
// they are escaped with a backslash so they pass through as text.
const streamSpecial = `\[]^$/<>@{}*#~`

// deformat turns plain text into Apertium's stream format, as
// apertium-destxt does: special characters escaped, line breaks kept in
// superblanks (so paragraphs survive), and an empty superblank at the end
// so the last sentence's full stop is not held back.
func deformat(text string) string {
	var b strings.Builder
	b.Grow(len(text) + 16)
	for _, r := range text {
		switch {
		case r == '\n':
			b.WriteString("[\n]")
		case r == '\r':
		case strings.ContainsRune(streamSpecial, r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteString("[]")
	return b.String()
}

// reformat turns the stream format back into text: superblanks' brackets
// dropped, escapes undone, the engine's marks on words it could not
// translate or generate (*, #, @ unescaped before a word) removed. The
// generator drops the escape of a written * or # inside an unknown word,
// so those are taken for marks only when the source text has none.
func reformat(s, source string) string {
	keepStar, keepHash := strings.ContainsRune(source, '*'), strings.ContainsRune(source, '#')
	var b strings.Builder
	b.Grow(len(s))
	inBlank := false
	escaped := false
	prevSpace := true
	for _, r := range s {
		switch {
		case escaped:
			b.WriteRune(r)
			escaped = false
		case r == '\\':
			escaped = true
		case r == '[' && !inBlank:
			inBlank = true
		case r == ']' && inBlank:
			inBlank = false
		case !inBlank && prevSpace && (r == '@' || r == '*' && !keepStar || r == '#' && !keepHash):
			continue // a mark, not text: written text's are escaped
		default:
			b.WriteRune(r)
		}
		prevSpace = r == ' ' || r == '\n' || r == '[' || r == ']' || r == '(' || r == '"'
	}
	return strings.TrimSpace(b.String())
}

// markRE finds the marks apertium -u still leaves on words (# for a form
// it could not generate, @ for a word missing from the bilingual
// dictionary) in a plain-text run.
var markRE = regexp.MustCompile(`(^|[\s(«"'¿¡])[#@*](\p{L})`)

// cleanMarks removes marks from a plain-text run's output, where they
// look like written text: a mark character the source also has is kept.
func cleanMarks(s, source string) string {
	return markRE.ReplaceAllStringFunc(s, func(m string) string {
		for _, c := range "#@*" {
			if strings.ContainsRune(m, c) && strings.ContainsRune(source, c) {
				return m
			}
		}
		return strings.NewReplacer("#", "", "@", "", "*", "").Replace(m)
	})
}
