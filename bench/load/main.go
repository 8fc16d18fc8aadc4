// Command load measures Roundtable under a mixed load on loopback: public
// pages (home, edition, statement), search (page and API), API reads and
// authenticated writes (statement creates with an API token), sent open
// loop at a fixed rate by the Go generator in this folder (wrk, Debian's,
// cannot hold a rate nor sign each write with a fresh body easily).
//
//	go run ./load -mode sqlite   -bin /tmp/roundtable -save /tmp/pages   # also saves the pages
//	go run ./load -mode postgres -bin /tmp/roundtable -database postgres://postgres@127.0.0.1:5432/test
//	go run ./load -mode two      -bin /tmp/roundtable -database postgres://postgres@127.0.0.1:5432/test
//	go run ./load -mode bare     -save /tmp/pages      # a bare net/http server of the saved bytes
//
// Each mode tries the rates of -rates for -probe each, keeps the highest
// with no error, then holds it for -duration (halving it, at most four
// times, if the long run has errors), sampling the servers'
// resident memory from /proc every second. Everything stops by itself.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"roundtable/bench/instance"
)

type report struct {
	Mode    string    `json:"mode"`
	Started time.Time `json:"started"`
	Probes  []result  `json:"probes"`
	Final   *result   `json:"final"`
	RSS     []rssLine `json:"rss_mib"`
}

func main() {
	mode := flag.String("mode", "sqlite", "sqlite, postgres, two (two instances on one PostgreSQL, round robin) or bare")
	bin := flag.String("bin", "", "roundtable binary (required but for bare)")
	database := flag.String("database", "", "PostgreSQL URL whose server gets a fresh database (postgres, two)")
	rates := flag.String("rates", "25,50,100,200,400,800", "rates to probe, requests per second")
	probe := flag.Duration("probe", 10*time.Second, "length of each probe")
	duration := flag.Duration("duration", 60*time.Second, "length of the run at the chosen rate")
	save := flag.String("save", "", "folder of the saved pages (written in the sqlite mode, read in bare)")
	out := flag.String("out", "", "write the report as JSON here")
	workers := flag.Int("workers", 256, "most requests in flight")
	seed := flag.Uint64("seed", 1, "seed of the request mix")
	flag.Parse()
	rep, err := measure(*mode, *bin, *database, *save, *rates, *probe, *duration, *workers, *seed)
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
	b, _ := json.MarshalIndent(rep, "", "  ")
	if *out != "" {
		_ = os.WriteFile(*out, append(b, '\n'), 0o644)
	}
	fmt.Println(string(b))
}

func measure(mode, bin, database, save, rates string, probe, duration time.Duration, workers int, seed uint64) (*report, error) {
	dir, err := os.MkdirTemp("", "roundtable-load-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	var targets []string
	var pids []int
	var w workload
	switch mode {
	case "bare":
		if w, err = loadWorkload(save); err != nil {
			return nil, err
		}
		exe := filepath.Join(dir, "bare")
		build := exec.Command("go", "build", "-o", exe, "./load/bare")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return nil, err
		}
		cmd := exec.Command(exe, "-addr", "127.0.0.1:18110", "-dir", save)
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			return nil, err
		}
		defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
		time.Sleep(500 * time.Millisecond)
		targets, pids = []string{"http://127.0.0.1:18110"}, []int{cmd.Process.Pid}
	case "sqlite", "postgres", "two":
		if mode != "sqlite" {
			if database == "" {
				return nil, fmt.Errorf("-mode %s needs -database", mode)
			}
			fresh, drop, err := instance.FreshDatabase(database, fmt.Sprintf("rt_load_%s_%d", mode, os.Getpid()))
			if err != nil {
				return nil, err
			}
			defer drop()
			database = fresh
		} else {
			database = ""
		}
		data, log := files(dir, "127.0.0.1:18100")
		first, err := instance.New(bin, data, database, "127.0.0.1:18100", log)
		if err != nil {
			return nil, err
		}
		if err := first.SetUp("load", "--demo"); err != nil {
			return nil, err
		}
		defer first.Stop()
		ins := []*instance.Instance{first}
		if mode == "two" {
			data, log := files(dir, "127.0.0.1:18101")
			other, err := first.Second(data, "127.0.0.1:18101", log)
			if err != nil {
				return nil, err
			}
			defer other.Stop()
			ins = append(ins, other)
		}
		if w, err = findWorkload(first); err != nil {
			return nil, err
		}
		if mode == "sqlite" && save != "" {
			if err := savePages(first, w, save); err != nil {
				return nil, err
			}
		}
		for _, in := range ins {
			targets = append(targets, in.Base())
			pids = append(pids, in.Pid())
		}
	default:
		return nil, fmt.Errorf("unknown -mode %q", mode)
	}
	rep := &report{Mode: mode, Started: time.Now().UTC()}
	best := 0
	for _, f := range strings.Split(rates, ",") {
		rate, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return nil, err
		}
		r := run(targets, w, rate, probe, seed, workers)
		rep.Probes = append(rep.Probes, r)
		fmt.Fprintf(os.Stderr, "%s probe %d/s: %d ok, %d errors, p99 %.1f ms\n", mode, rate, r.OK, r.Errors, r.P99MS)
		if r.Errors > 0 {
			break
		}
		best = rate
	}
	if best == 0 {
		return rep, fmt.Errorf("errors at the lowest rate")
	}
	for try := 0; try < 5 && best > 0; try++ {
		ctx, cancel := context.WithCancel(context.Background())
		samples := sampleRSS(ctx, pids)
		r := run(targets, w, best, duration, seed+1, workers)
		cancel()
		rep.RSS = <-samples
		rep.Final = &r
		fmt.Fprintf(os.Stderr, "%s run %d/s for %s: %d ok, %d errors, p99 %.1f ms\n", mode, best, duration, r.OK, r.Errors, r.P99MS)
		if r.Errors == 0 {
			break
		}
		best /= 2
	}
	return rep, nil
}

// findWorkload reads the demo edition's ids from the API.
func findWorkload(in *instance.Instance) (workload, error) {
	ctx := context.Background()
	w := workload{token: in.Token, words: []string{"development", "derechos humanos", "发展权", `"droit au développement"`, "saúde", "cooperation"}}
	var eds struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	if _, err := in.API(ctx, "GET", "/api/v1/editions", "", nil, &eds); err != nil || len(eds.Items) == 0 {
		return w, fmt.Errorf("no demo edition: %v", err)
	}
	w.edition = eds.Items[0].ID
	var sts struct {
		Items []struct {
			ID           int64 `json:"id"`
			SessionID    int64 `json:"session_id"`
			DelegationID int64 `json:"delegation_id"`
		} `json:"items"`
	}
	if _, err := in.API(ctx, "GET", fmt.Sprintf("/api/v1/statements?edition=%d&limit=50", w.edition), "", nil, &sts); err != nil || len(sts.Items) == 0 {
		return w, fmt.Errorf("no demo statements: %v", err)
	}
	for _, s := range sts.Items {
		w.statements = append(w.statements, s.ID)
	}
	w.session, w.delegation = sts.Items[0].SessionID, sts.Items[0].DelegationID
	return w, nil
}

// files names an instance's data folder and server log after its address,
// so that the two instances of -mode two share dir without clashing.
func files(dir, addr string) (data, log string) {
	a := strings.ReplaceAll(addr, ":", "-")
	return filepath.Join(dir, "data-"+a), filepath.Join(dir, "serve-"+a+".log")
}
