// Package data holds reference data that ships inside the binary, so a
// deployment never depends on files next to the executable and every running
// server sees exactly the data its code was tested against.
package data

import (
	"embed"
	"io/fs"
)

//go:embed countries/countries.json countries/groups.json
//go:embed thesaurus/concepts*.json thesaurus/sources.json
//go:embed demo/*.json
var files embed.FS

// FS returns the embedded files, e.g. "countries/countries.json". It is a
// function rather than an exported variable so importers cannot replace it.
func FS() fs.FS { return files }
