package build

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"testing"
)

// shared is the upstream extract folder, outside this repository.
const shared = "../../../../../shared/data/countries"

// TestCommittedFilesAreGenerated fails when countries.json or groups.json was
// edited by hand or the generator changed without re-running it.
func TestCommittedFilesAreGenerated(t *testing.T) {
	if _, err := os.Stat(shared); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s not present (shared data folder not checked out); cannot regenerate", shared)
	}
	countries, groups, err := Build(shared)
	if err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string][]byte{"countries.json": countries, "groups.json": groups} {
		want, err := os.ReadFile("../../" + name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("data/countries/%s differs from the generator's output; run: go run ./data/countries/internal/gen", name)
		}
	}
}
