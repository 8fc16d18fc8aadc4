package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportRecommendations(t *testing.T) {
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
	header := "state_under_review,cycle,paragraph_ref,text,recommending_state,response\n"
	good := write("upr.csv", header+"BRA,2,119.1,Ratify the protocol.,Chile,supported\nBRA,2,119.1,Ratify the protocol.,Norway,supported\n")
	bad := write("bad.csv", header+"BRA,2,119.2,Adopt a plan.,Peru,maybe\n")
	if code, _, _ := run(t, "", "import", "recommendations", "--data", dir); code != 2 {
		t.Errorf("no file: exit %d, want 2", code)
	}
	code, _, stderr := run(t, "", "import", "recommendations", "--data", dir, bad)
	if code != 1 || !strings.Contains(stderr, "bad.csv:2: bad_response: Unknown response “maybe”: use supported or noted.") {
		t.Errorf("a faulty file: %d %q", code, stderr)
	}
	code, stdout, stderr := run(t, "", "import", "recommendations", "--data", dir, good)
	if code != 0 || !strings.Contains(stdout, "upr.csv: 2 lines, 1 recommendations, 1 new") {
		t.Errorf("import: %d %q %q", code, stdout, stderr)
	}
	code, stdout, _ = run(t, "", "import", "recommendations", "--data", dir, good)
	if code != 0 || !strings.Contains(stdout, "upr.csv: 2 lines, 1 recommendations, 0 new") {
		t.Errorf("again: %d %q", code, stdout)
	}
}
