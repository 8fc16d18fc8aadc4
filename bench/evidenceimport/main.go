// Command evidenceimport times Roundtable's import of a WDI-sized World
// Bank wide CSV against SQLite's own CSV import of the same observations.
//
// It generates, in a temporary folder, a wide file of -indicators ×
// -areas rows with -years year columns (the real preamble, BOM, CRLF and
// trailing comma; a quarter of the cells empty) and the same observations
// as a plain long CSV; then, one after the other on the same machine:
//
//   - sqlite3: `sqlite3 DB ".mode csv" ".import --skip 1 long.csv obs"` into
//     a table obs(area, indicator, year, value) created beforehand, with no
//     key and no index;
//   - roundtable: a child process opens a fresh SQLite database with the
//     store, migrates it, syncs the evidence catalogue (the areas) and runs
//     evidence.Service.Import on the wide file.
//
// Each side runs as a child process, so its peak resident memory is the
// child's getrusage maxrss. The ratio is Import's time over sqlite3's.
//
//	cd bench && go run ./evidenceimport [-indicators 1500 -areas 266 -years 64] [-small] [-cpuprofile f]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"roundtable/internal/evidence"
	"roundtable/internal/store"
)

func main() {
	indicators := flag.Int("indicators", 1500, "indicators (rows per area)")
	nAreas := flag.Int("areas", 266, "areas (at most the 264 the product knows)")
	years := flag.Int("years", 64, "year columns, ending in 2024")
	small := flag.Bool("small", false, "a quick run: 60 indicators")
	keep := flag.Bool("keep", false, "keep the temporary folder")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the Roundtable import here")
	child := flag.String("child-import", "", "internal: import this wide file into -child-db")
	childDB := flag.String("child-db", "", "internal: the data folder of the child import")
	flag.Parse()
	if *child != "" {
		if err := childImport(*child, *childDB, *cpuprofile); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	if *small {
		*indicators = 60
	}
	if err := run(*indicators, *nAreas, *years, *keep, *cpuprofile); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(indicators, nAreas, years int, keep bool, cpuprofile string) error {
	dir, err := os.MkdirTemp("", "evidenceimport-")
	if err != nil {
		return err
	}
	if keep {
		defer fmt.Printf("kept %s\n", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	areas, err := areaCodes(nAreas)
	if err != nil {
		return err
	}
	fmt.Printf("machine: %d cores (shared), %s\n", runtime.NumCPU(), sqliteVersion())
	t0 := time.Now()
	g, err := generate(dir, areas, indicators, years)
	if err != nil {
		return err
	}
	fmt.Printf("generated %d indicators × %d areas × %d years = %d cells, %d observations (%.1f %% empty) in %v\n",
		indicators, len(areas), years, g.Cells, g.Values, 100*float64(g.Cells-g.Values)/float64(g.Cells), time.Since(t0).Round(time.Millisecond))
	fmt.Printf("  wide.csv %.1f MB, long.csv %.1f MB\n", mb(g.WideBytes), mb(g.LongBytes))

	// sqlite3 .import of the long file into a plain table.
	sdb := dir + "/sqlite3.db"
	if out, err := exec.Command("sqlite3", sdb, "CREATE TABLE obs (area TEXT, indicator TEXT, year INTEGER, value REAL);").CombinedOutput(); err != nil {
		return fmt.Errorf("sqlite3 create: %v: %s", err, out)
	}
	sq, err := measure(exec.Command("sqlite3", sdb, ".mode csv", ".import --skip 1 "+g.Long+" obs"))
	if err != nil {
		return fmt.Errorf("sqlite3 .import: %w", err)
	}
	var n int64
	out, err := exec.Command("sqlite3", sdb, "SELECT count(*) FROM obs").Output()
	if err != nil {
		return err
	}
	fmt.Sscan(string(out), &n)
	if n != g.Values {
		return fmt.Errorf("sqlite3 imported %d rows, want %d", n, g.Values)
	}
	fmt.Printf("sqlite3 .import:     %8.2f s  %9.0f rows/s  peak RSS %6.1f MB  CPU %.2f s (user+sys)\n",
		sq.wall.Seconds(), float64(n)/sq.wall.Seconds(), sq.rssMB, sq.cpu.Seconds())

	// Roundtable's import of the wide file, in a child.
	args := []string{"-child-import", g.Wide, "-child-db", dir + "/roundtable"}
	if cpuprofile != "" {
		args = append(args, "-cpuprofile", cpuprofile)
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Stderr = os.Stderr
	rt, err := measure(cmd)
	if err != nil {
		return fmt.Errorf("roundtable import: %w", err)
	}
	var res childResult
	if err := json.Unmarshal(rt.stdout, &res); err != nil {
		return fmt.Errorf("child said %q: %w", rt.stdout, err)
	}
	if int64(res.Rows) != g.Values || int64(res.Stored) != g.Values {
		return fmt.Errorf("roundtable read %d rows and stored %d, want %d", res.Rows, res.Stored, g.Values)
	}
	imp := time.Duration(res.ImportNS)
	fmt.Printf("roundtable Import:   %8.2f s  %9.0f rows/s  peak RSS %6.1f MB  CPU %.2f s (user+sys, whole process %.2f s: open, migrate, catalogue %.2f s)\n",
		imp.Seconds(), float64(res.Rows)/imp.Seconds(), rt.rssMB, rt.cpu.Seconds(), rt.wall.Seconds(), time.Duration(res.SetupNS).Seconds())
	fmt.Printf("ratio Import / sqlite3 .import: %.2f× wall, %.2f× CPU (the machine is shared: CPU time carries less of others' work)\n",
		imp.Seconds()/sq.wall.Seconds(), rt.cpu.Seconds()/sq.cpu.Seconds())
	return nil
}

type childResult struct {
	Rows     int   `json:"rows"`
	Stored   int   `json:"stored"`
	Series   int   `json:"series"`
	SetupNS  int64 `json:"setup_ns"`
	ImportNS int64 `json:"import_ns"`
}

// childImport opens a fresh database in dir, prepares it as the server
// would, and imports the file, printing what it did as JSON.
func childImport(file, dir, cpuprofile string) error {
	ctx := context.Background()
	t0 := time.Now()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	db, err := store.Open(ctx, "", dir)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	svc := evidence.New(db)
	if err := svc.SyncCatalogue(ctx); err != nil {
		return err
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	setup := time.Since(t0)
	if cpuprofile != "" {
		pf, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		defer pf.Close()
		pprof.StartCPUProfile(pf)
		defer pprof.StopCPUProfile()
	}
	t1 := time.Now()
	res, err := svc.Import(ctx, f, evidence.ImportOptions{FileName: "wide.csv", Size: st.Size()})
	if err != nil {
		return err
	}
	took := time.Since(t1)
	var stored int
	if err := db.Reader().QueryRow(ctx, "SELECT count(*) FROM observations").Scan(&stored); err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(childResult{Rows: res.Rows, Stored: stored, Series: len(res.Series),
		SetupNS: int64(setup), ImportNS: int64(took)})
}

type measured struct {
	wall   time.Duration
	cpu    time.Duration // user + system
	rssMB  float64
	stdout []byte
}

// measure runs cmd to the end: its wall time and its peak resident memory
// (getrusage maxrss of the child, in kB on Linux).
func measure(cmd *exec.Cmd) (measured, error) {
	var m measured
	t0 := time.Now()
	out, err := cmd.Output()
	m.wall = time.Since(t0)
	m.stdout = out
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return m, fmt.Errorf("%v: %s", err, ee.Stderr)
		}
		return m, err
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.rssMB = float64(ru.Maxrss) / 1024
		m.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return m, nil
}

func sqliteVersion() string {
	out, err := exec.Command("sqlite3", "--version").Output()
	if err != nil {
		return "sqlite3 not found"
	}
	return "sqlite3 " + strings.Fields(string(out) + " ?")[0]
}

func mb(n int64) float64 { return float64(n) / (1 << 20) }
