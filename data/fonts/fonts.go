// Package fonts holds the TrueType fonts that PDF exports embed, so that a
// downloaded PDF shows Chinese as well as Latin text on any reader, without
// depending on fonts installed on the server. See README.md for their source
// and licences.
//
// The files are stored gzip-compressed (go:embed cannot compress), which
// keeps about 3.5 MB out of the binary; the reader decompresses them once.
package fonts

import (
	"embed"
	"io/fs"
)

//go:embed NotoSans-Regular.ttf.gz NotoSans-Bold.ttf.gz DroidSansFallbackFull.ttf.gz
var files embed.FS

// The embedded files, gzip-compressed TrueType.
const (
	LatinRegular = "NotoSans-Regular.ttf.gz"
	LatinBold    = "NotoSans-Bold.ttf.gz"
	CJK          = "DroidSansFallbackFull.ttf.gz" // Han, kana, hangul, CJK punctuation; no good Latin
)

// FS returns the embedded files named by the constants above. It is a
// function rather than an exported variable so importers cannot replace it.
func FS() fs.FS { return files }
