package store_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// TestKilledWriterLosesNoAcknowledgedWrite runs a writer in a child process,
// kills it with SIGKILL in the middle of its work, and checks that every
// write it reported as committed is in the database.
func TestKilledWriterLosesNoAcknowledgedWrite(t *testing.T) {
	if dsn := os.Getenv("ROUNDTABLE_CRASH_CHILD"); dsn != "" {
		crashChild(dsn)
		return
	}
	engines := map[string]func(t *testing.T) (url, dir string){
		"sqlite":   func(t *testing.T) (string, string) { return "", t.TempDir() },
		"postgres": func(t *testing.T) (string, string) { return storetest.PostgresURL(t), "" },
	}
	for name, setup := range engines {
		t.Run(name, func(t *testing.T) {
			url, dir := setup(t)
			db, err := store.Open(context.Background(), url, dir)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Migrate(context.Background()); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestKilledWriterLosesNoAcknowledgedWrite$")
			cmd.Env = append(os.Environ(), "ROUNDTABLE_CRASH_CHILD="+url+"|"+dir)
			stdout, _ := cmd.StdoutPipe()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			acked := []int{}
			sc := bufio.NewScanner(stdout)
			deadline := time.After(30 * time.Second)
			for len(acked) < 200 && sc.Scan() {
				if n, err := strconv.Atoi(sc.Text()); err == nil {
					acked = append(acked, n)
				}
				select {
				case <-deadline:
					t.Fatal("child too slow")
				default:
				}
			}
			cmd.Process.Kill() // SIGKILL: no chance to clean up
			cmd.Wait()
			if len(acked) < 200 {
				t.Fatalf("child acknowledged only %d writes", len(acked))
			}
			for _, n := range acked {
				var c int
				code := fmt.Sprintf("K%05d", n)
				if err := db.Reader().QueryRow(context.Background(), "SELECT count(*) FROM country_groups WHERE code = ?", code).Scan(&c); err != nil {
					t.Fatal(err)
				}
				if c != 1 {
					t.Fatalf("acknowledged write %s was lost", code)
				}
			}
		})
	}
}

// crashChild writes rows forever, printing each one's number once its
// transaction has committed.
func crashChild(spec string) {
	url, dir, _ := strings.Cut(spec, "|")
	ctx := context.Background()
	db, err := store.Open(ctx, url, dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for n := 0; ; n++ {
		err := db.Write(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, "INSERT INTO country_groups (code, kind, names, short_names, source) VALUES (?, 'bloc', '{}', '{}', 'crash test')", fmt.Sprintf("K%05d", n))
			return err
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(n)
	}
}
