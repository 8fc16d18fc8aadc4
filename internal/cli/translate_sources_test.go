package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"testing"
	"time"

	"roundtable/internal/translate"
)

// getJSON decodes a public API answer.
func getJSON(t *testing.T, url string, into any) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d", url, res.StatusCode)
	}
	if err := json.NewDecoder(res.Body).Decode(into); err != nil {
		t.Fatal(err)
	}
}

// serve --demo on a machine with Apertium translates the demo's
// statements in the background: machine versions by Apertium appear in
// the public API while the site serves.
func TestServeTranslatesTheDemoWithApertium(t *testing.T) {
	if _, err := translate.FindApertium(""); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but Apertium is missing: %v", err)
		}
		t.Skipf("Apertium not installed (%v): install apertium, apertium-eng-spa, apertium-es-pt and apertium-fr-es", err)
	}
	base, _, stop := startServe(t, t.TempDir(), true)
	defer stop()
	var eds struct{ Items []struct{ ID int64 } }
	getJSON(t, base+"/api/v1/editions", &eds)
	if len(eds.Items) == 0 {
		t.Fatal("the demo has no public edition")
	}
	type statements struct {
		Items []struct {
			Translations []struct{ Language, Origin, Engine string }
		}
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		var list statements
		getJSON(t, fmt.Sprintf("%s/api/v1/statements?edition=%d", base, eds.Items[0].ID), &list)
		for _, st := range list.Items {
			for _, tr := range st.Translations {
				if tr.Origin == "machine" && tr.Engine == "apertium" {
					return
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("after 60 s no statement of the demo has a machine version by Apertium")
		}
		time.Sleep(500 * time.Millisecond)
	}
}
