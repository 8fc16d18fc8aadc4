package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"roundtable/internal/store"
)

func TestImportIndicators(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := run(t, "", "migrate", "--data", dir); code != 0 {
		t.Fatalf("migrate: %s", stderr)
	}
	files := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(files, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("pop.csv", "iso3,indicator_code,year,value\r\nARG,SP.POP.TOTL,1960,20386045\r\nBOL,SP.POP.TOTL,1960,3656961\r\n")
	bad := write("bad.csv", "iso3,indicator_code,year,value\r\nARG,SP.POP.TOTL,1961,20726276\r\nXXX,SP.POP.TOTL,1960,1\r\n")
	datasets := write("data.csv", "Country Name,Country Code,Year,Value\nArgentina,ARG,1962,21072727\n")

	// Usage mistakes exit 2.
	for _, args := range [][]string{
		{"import", "--data", dir},
		{"import", "indicators", "--data", dir},
		{"import", "indicators", "--data", dir, "--shipped", good},
	} {
		if code, _, _ := run(t, "", args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	// A file without its source is refused with the reason.
	code, _, stderr := run(t, "", "import", "indicators", "--data", dir, good)
	if code != 1 || !strings.Contains(stderr, "pop.csv: The file does not say its source") {
		t.Errorf("no source: %d %q", code, stderr)
	}

	code, out, stderr := run(t, "", "import", "indicators", "--data", dir, "--source", "World Bank WDI", "--vintage", "2026-07-01", good, bad)
	if code != 1 {
		t.Errorf("a bad file: exit %d, want 1", code)
	}
	if !strings.Contains(out, "pop.csv: 2 rows, 2 changed, 1 series (World Bank WDI 2026-07-01)") {
		t.Errorf("stdout %q", out)
	}
	if !strings.Contains(stderr, `bad.csv:3: area "XXX"`) || !strings.Contains(stderr, "pop.csv: 100%") {
		t.Errorf("stderr %q, want bad.csv:3 and the progress of pop.csv", stderr)
	}
	code, out, _ = run(t, "", "import", "indicators", "--data", dir, "--source", "World Bank WDI", "--vintage", "2026-07-01", good)
	if code != 0 || !strings.Contains(out, "pop.csv: imported before") {
		t.Errorf("again: %d %q", code, out)
	}
	code, out, stderr = run(t, "", "import", "indicators", "--data", dir, "--source", "World Bank WDI", "--vintage", "2026-07-01", "--indicator", "SP.POP.TOTL", datasets)
	if code != 0 || !strings.Contains(out, "data.csv: 1 rows, 1 changed") {
		t.Errorf("datasets layout: %d %q %q", code, out, stderr)
	}

	db, err := store.Open(context.Background(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.Reader().QueryRow(context.Background(), "SELECT count(*) FROM observations WHERE area = 'ARG' AND year = 1961").Scan(&n); err != nil || n != 0 {
		t.Errorf("the bad file stored ARG 1961 (%d rows, %v)", n, err)
	}
	if err := db.Reader().QueryRow(context.Background(), "SELECT count(*) FROM observations").Scan(&n); err != nil || n != 3 {
		t.Errorf("%d observations, want 3", n)
	}
}
