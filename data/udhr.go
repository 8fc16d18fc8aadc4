package data

import (
	"embed"
	"io/fs"
)

//go:embed udhr/*.json
var udhrFiles embed.FS

// UDHR returns the Universal Declaration in the working languages,
// "udhr/<code>.json" (see udhr/SOURCES.md).
func UDHR() fs.FS { return udhrFiles }
