package upload

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"

	"roundtable/internal/errs"
)

// The media types an upload may have. Each is recognised from the bytes,
// never taken from the browser's claim or the file name.
const (
	PDF  = "application/pdf"
	PNG  = "image/png"
	JPEG = "image/jpeg"
	GIF  = "image/gif"
	WebP = "image/webp"
	Text = "text/plain; charset=utf-8"
	CSV  = "text/csv; charset=utf-8"
	DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
	ODT  = "application/vnd.oasis.opendocument.text"
	ODS  = "application/vnd.oasis.opendocument.spreadsheet"
	ODP  = "application/vnd.oasis.opendocument.presentation"
)

// extensions are the file-name endings each type is saved under; the
// first is added to a name that has none of them, so a text file called
// "page.html" is downloaded as "page.html.txt" and never opens as a page.
var extensions = map[string][]string{
	PDF: {".pdf"}, PNG: {".png"}, JPEG: {".jpg", ".jpeg"}, GIF: {".gif"}, WebP: {".webp"},
	Text: {".txt", ".md"}, CSV: {".csv"},
	DOCX: {".docx"}, XLSX: {".xlsx"}, PPTX: {".pptx"}, ODT: {".odt"}, ODS: {".ods"}, ODP: {".odp"},
}

// ooxmlMain maps the content type of an Office Open XML package's main
// part, as its [Content_Types].xml declares it, to the file's type. The
// macro-enabled variants (docm, xlsm, pptm) declare other types and are
// refused.
var ooxmlMain = map[string]string{
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml":   DOCX,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml":         XLSX,
	"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}

// odfTypes are the OpenDocument types accepted, as a package's "mimetype"
// entry names them.
var odfTypes = map[string]bool{ODT: true, ODS: true, ODP: true}

// ErrType refuses content of a type the site does not keep (HTML, SVG,
// programs, scripts, archives, anything unrecognised).
var ErrType = errs.Field("file", "upload_type", "upload.error.type")

// ErrEmpty refuses an empty file.
var ErrEmpty = errs.Field("file", "upload_empty", "upload.error.empty")

// errTooLarge refuses a file over MaxBytes.
var errTooLarge = &errs.Error{Kind: errs.TooLarge, Code: "upload_too_large", Key: "upload.error.too_large", Field: "file", Args: []any{"max", MaxBytes >> 20}}

// Detect returns the media type of content, recognised from its bytes, or
// the error that refuses it. fileName only tells CSV from other text.
func Detect(fileName string, content []byte) (string, error) {
	switch {
	case len(content) == 0:
		return "", ErrEmpty
	case len(content) > MaxBytes:
		return "", errTooLarge
	}
	switch sniffed := http.DetectContentType(content); sniffed {
	case PDF, PNG, JPEG, GIF, WebP:
		return sniffed, nil
	case "application/zip":
		return office(content)
	case "text/plain; charset=utf-8":
		return text(fileName, content)
	}
	return "", ErrType
}

// text accepts valid UTF-8 without NUL bytes that does not start like a
// script ("#!") or markup ("<": the sniffer names most HTML and XML
// text/html and text/xml already, but not "<svg" nor every tag).
func text(fileName string, content []byte) (string, error) {
	body := bytes.TrimPrefix(content, []byte("\xef\xbb\xbf"))
	start := bytes.TrimLeft(body, " \t\r\n\f")
	if !utf8.Valid(body) || bytes.IndexByte(body, 0) >= 0 || bytes.HasPrefix(start, []byte("#!")) || bytes.HasPrefix(start, []byte("<")) {
		return "", ErrType
	}
	if strings.EqualFold(path.Ext(fileName), ".csv") {
		return CSV, nil
	}
	return Text, nil
}

// office recognises an OpenDocument file by its "mimetype" entry and an
// Office Open XML file by the main part its [Content_Types].xml declares;
// any other zip is refused.
func office(content []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return "", ErrType
	}
	for _, f := range zr.File {
		switch f.Name {
		case "mimetype":
			b, err := readEntry(f, 128)
			if err == nil && odfTypes[strings.TrimSpace(string(b))] {
				return strings.TrimSpace(string(b)), nil
			}
			return "", ErrType
		case "[Content_Types].xml":
			b, err := readEntry(f, 1<<20)
			if err != nil {
				return "", ErrType
			}
			for main, t := range ooxmlMain {
				if bytes.Contains(b, []byte(`ContentType="`+main+`"`)) {
					return t, nil
				}
			}
			return "", ErrType
		}
	}
	return "", ErrType
}

// readEntry reads at most limit bytes of a zip entry; a longer one is an
// error (a "mimetype" of a megabyte is no OpenDocument file).
func readEntry(f *zip.File, limit int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, io.ErrShortBuffer
	}
	return b, nil
}

// Inline reports whether a type may be shown in the browser rather than
// downloaded: images and PDF, never text (which a browser might take for
// a page) nor office files.
func Inline(mediaType string) bool {
	switch mediaType {
	case PDF, PNG, JPEG, GIF, WebP:
		return true
	}
	return false
}

// SafeName is fileName cut to its last path element, without control
// characters, at most 200 bytes, and ending with an extension of
// mediaType, so the name a download is saved under opens as what it is.
func SafeName(fileName, mediaType string) string {
	name := fileName
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, strings.ToValidUTF8(name, ""))
	name = strings.TrimSpace(name)
	for len(name) > 200 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if name == "" || name == "." || name == ".." {
		name = "file"
	}
	exts := extensions[mediaType]
	ext := strings.ToLower(path.Ext(name))
	for _, e := range exts {
		if ext == e {
			return name
		}
	}
	if len(exts) > 0 {
		name += exts[0]
	}
	return name
}
