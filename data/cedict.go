package data

import (
	"embed"
	"io/fs"
)

//go:embed cedict/cedict.txt.gz
var cedictFiles embed.FS

// CEDICT returns the gzip-compressed Chinese–English dictionary query
// translation uses, derived from CC-CEDICT (CC BY-SA 4.0): one line per
// simplified headword, "headword<TAB>gloss/gloss/…" (see cedict/SOURCES.md).
func CEDICT() (fs.File, error) { return cedictFiles.Open("cedict/cedict.txt.gz") }
