package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"roundtable/bench/instance"
)

// saved is the index of the pages saved for the bare server, beside them.
type saved struct {
	Edition, Session, Delegation int64
	Statements                   []int64
	Words                        []string
	Pages                        map[string]page // by request URI; "POST /api/v1/statements" for the write
}

type page struct {
	File, Type string
	Status     int
}

// savePages fetches every page the workload asks for, and one write's
// answer, into dir.
func savePages(in *instance.Instance, w workload, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	idx := saved{Edition: w.edition, Session: w.session, Delegation: w.delegation, Statements: w.statements, Words: w.words, Pages: map[string]page{}}
	keep := func(key string, resp *http.Response) error {
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		f := fmt.Sprintf("page-%03d", len(idx.Pages))
		idx.Pages[key] = page{File: f, Type: resp.Header.Get("Content-Type"), Status: resp.StatusCode}
		return os.WriteFile(filepath.Join(dir, f), b, 0o644)
	}
	for _, p := range w.allPaths() {
		resp, err := http.Get(in.Base() + p)
		if err != nil {
			return err
		}
		if err := keep(p, resp); err != nil {
			return err
		}
	}
	req, _ := http.NewRequest(http.MethodPost, in.Base()+"/api/v1/statements", strings.NewReader(fmt.Sprintf(
		`{"edition_id":%d,"session_id":%d,"delegation_id":%d,"speaker":"Load harness","language":"en","title":"Load","text":"Saved write for the bare server.","delivered_on":"2025-07-25","visibility":"public"}`,
		w.edition, w.session, w.delegation)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+in.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	if err := keep("POST /api/v1/statements", resp); err != nil {
		return err
	}
	b, _ := json.MarshalIndent(idx, "", "  ")
	return os.WriteFile(filepath.Join(dir, "index.json"), b, 0o644)
}

func loadWorkload(dir string) (workload, error) {
	b, err := os.ReadFile(filepath.Join(dir, "index.json"))
	if err != nil {
		return workload{}, fmt.Errorf("no saved pages (run -mode sqlite -save %s first): %w", dir, err)
	}
	var idx saved
	if err := json.Unmarshal(b, &idx); err != nil {
		return workload{}, err
	}
	return workload{edition: idx.Edition, session: idx.Session, delegation: idx.Delegation, statements: idx.Statements, words: idx.Words, token: "bare"}, nil
}

// rssLine is the resident memory of each server, in MiB, at a second of
// the run.
type rssLine struct {
	Second int       `json:"s"`
	MiB    []float64 `json:"mib"`
}

// sampleRSS reads VmRSS of each pid every second until ctx ends, then
// sends the samples.
func sampleRSS(ctx context.Context, pids []int) <-chan []rssLine {
	out := make(chan []rssLine, 1)
	go func() {
		var lines []rssLine
		start := time.Now()
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			line := rssLine{Second: int(time.Since(start).Seconds())}
			for _, pid := range pids {
				line.MiB = append(line.MiB, rss(pid))
			}
			lines = append(lines, line)
			select {
			case <-ctx.Done():
				out <- lines
				return
			case <-tick.C:
			}
		}
	}()
	return out
}

func rss(pid int) float64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}
