package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progressBar shows how far a file's import is. On a terminal it redraws
// one line (at most ten times a second); elsewhere (a log, a pipe) it
// writes a plain line at every tenth of the file.
type progressBar struct {
	w        io.Writer
	name     string
	terminal bool
	last     time.Time
	tenth    int64 // the last tenth written (plain output)
	drawn    bool
	done     bool
}

func newProgressBar(w io.Writer, name string) *progressBar {
	return &progressBar{w: w, name: name, terminal: isTerminal(w), tenth: -1}
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

const barWidth = 30

func (b *progressBar) update(done, total int64) {
	if b.done {
		return
	}
	if total <= 0 {
		total = done
	}
	pct := int64(100)
	if total > 0 {
		pct = min(100, done*100/total)
	}
	if !b.terminal {
		if t := pct / 10; t > b.tenth {
			b.tenth = t
			fmt.Fprintf(b.w, "%s: %d%% (%s of %s)\n", b.name, t*10, importSize(done), importSize(total))
		}
		return
	}
	now := time.Now()
	if pct < 100 && now.Sub(b.last) < 100*time.Millisecond {
		return
	}
	b.last = now
	filled := int(pct * barWidth / 100)
	fmt.Fprintf(b.w, "\r%s [%s%s] %3d%% %s of %s", b.name, strings.Repeat("#", filled), strings.Repeat(" ", barWidth-filled), pct, importSize(done), importSize(total))
	b.drawn = true
}

// end finishes the bar's line.
func (b *progressBar) end() {
	if b.done {
		return
	}
	b.done = true
	if b.terminal && b.drawn {
		fmt.Fprintln(b.w)
	}
}

// abandon ends the bar of a file that failed, so the error starts a line.
func (b *progressBar) abandon() { b.end() }

// importSize writes a byte count for people.
func importSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
