package render

import (
	"compress/gzip"
	"fmt"
	"io"
	"sync"

	"roundtable/data/fonts"
)

// pdfFonts are the decompressed TrueType files, shared read-only by every
// PDF being written.
type pdfFonts struct {
	files [3][]byte // indexed by face
}

// loadFonts decompresses the embedded fonts on the first PDF and keeps them
// (about 5 MB): a server that never writes a PDF never pays for them.
var loadFonts = sync.OnceValues(func() (*pdfFonts, error) {
	var f pdfFonts
	for i, name := range [...]string{latin: fonts.LatinRegular, latinBold: fonts.LatinBold, cjk: fonts.CJK} {
		b, err := gunzipFile(name)
		if err != nil {
			return nil, fmt.Errorf("render: font %s: %w", name, err)
		}
		f.files[i] = b
	}
	return &f, nil
})

func gunzipFile(name string) ([]byte, error) {
	file, err := fonts.FS().Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	z, err := gzip.NewReader(file)
	if err != nil {
		return nil, err
	}
	defer z.Close()
	return io.ReadAll(z)
}
