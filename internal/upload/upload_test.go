package upload_test

import (
	"archive/zip"
	"bytes"
	"context"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/errs"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/upload"
)

func zipOf(t *testing.T, files ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i := 0; i < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func contentTypes(main string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="` + main + `"/></Types>`
}

func img(t *testing.T, enc func(*bytes.Buffer, image.Image) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := enc(&b, image.NewRGBA(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Each file is recognised by what it holds, whatever it is called.
func TestDetectByContent(t *testing.T) {
	pngBytes := img(t, func(b *bytes.Buffer, m image.Image) error { return png.Encode(b, m) })
	jpegBytes := img(t, func(b *bytes.Buffer, m image.Image) error { return jpeg.Encode(b, m, nil) })
	gifBytes := img(t, func(b *bytes.Buffer, m image.Image) error { return gif.Encode(b, m, nil) })
	accepted := []struct {
		name, content, want string
	}{
		{"report.pdf", "%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n", "application/pdf"},
		{"chart.bin", string(pngBytes), "image/png"},
		{"photo", string(jpegBytes), "image/jpeg"},
		{"anim.gif", string(gifBytes), "image/gif"},
		{"pic.webp", "RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00", "image/webp"},
		{"notes.txt", "Informe de avance: 3 escuelas rurales más.\n", "text/plain; charset=utf-8"},
		{"figures.CSV", "year,value\n2020,4.5\n", "text/csv; charset=utf-8"},
		{"plan.docx", string(zipOf(t, "[Content_Types].xml", contentTypes("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"), "word/document.xml", "<w:document/>")),
			"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"budget.xlsx", string(zipOf(t, "[Content_Types].xml", contentTypes("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"))),
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"slides.pptx", string(zipOf(t, "[Content_Types].xml", contentTypes("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"))),
			"application/vnd.openxmlformats-officedocument.presentationml.presentation"},
		{"texto.odt", string(zipOf(t, "mimetype", "application/vnd.oasis.opendocument.text", "content.xml", "<office:document-content/>")), "application/vnd.oasis.opendocument.text"},
		{"tabla.ods", string(zipOf(t, "mimetype", "application/vnd.oasis.opendocument.spreadsheet")), "application/vnd.oasis.opendocument.spreadsheet"},
	}
	for _, c := range accepted {
		got, err := upload.Detect(c.name, []byte(c.content))
		if err != nil || got != c.want {
			t.Errorf("%s: got %q, %v; want %q", c.name, got, err, c.want)
		}
	}
	refused := []struct{ name, content string }{
		{"page.pdf", "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"},
		{"page.txt", "<html><body>hi</body></html>"},
		{"logo.png", `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`},
		{"logo.svg", `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>`},
		{"run.txt", "#!/bin/sh\nrm -rf /\n"},
		{"prog.exe", "MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"},
		{"prog", "\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00"},
		{"latin1.txt", "Informe de avance: m\xe1s escuelas\n"},
		{"archive.zip", string(zipOf(t, "readme.txt", "hello"))},
		{"macro.docm", string(zipOf(t, "[Content_Types].xml", contentTypes("application/vnd.ms-word.document.macroEnabled.main+xml")))},
		{"fake.odt", string(zipOf(t, "mimetype", "text/html"))},
		{"utf16.txt", "\xff\xfeh\x00i\x00"},
	}
	for _, c := range refused {
		got, err := upload.Detect(c.name, []byte(c.content))
		if e := errs.As(err); err == nil || e.Code != "upload_type" || e.Kind != errs.Invalid {
			t.Errorf("%s: got %q, %v; want upload_type", c.name, got, err)
		}
	}
	if _, err := upload.Detect("big.txt", bytes.Repeat([]byte("a"), 20<<20+1)); errs.As(err).Code != "upload_too_large" || errs.As(err).Kind != errs.TooLarge {
		t.Errorf("20 MiB + 1 byte: %v, want upload_too_large", err)
	}
	if _, err := upload.Detect("big.txt", bytes.Repeat([]byte("a"), 20<<20)); err != nil {
		t.Errorf("exactly 20 MiB: %v, want accepted", err)
	}
	if _, err := upload.Detect("empty.txt", nil); errs.As(err).Code != "upload_empty" {
		t.Errorf("empty file: %v", err)
	}
}

func TestSafeName(t *testing.T) {
	for _, c := range []struct{ name, mt, want string }{
		{"informe.pdf", "application/pdf", "informe.pdf"},
		{`C:\Users\ana\Informe final.PDF`, "application/pdf", "Informe final.PDF"},
		{"../../etc/passwd", "text/plain; charset=utf-8", "passwd.txt"},
		{"page.html", "text/plain; charset=utf-8", "page.html.txt"},
		{"a\"b\r\n.csv", "text/csv; charset=utf-8", "ab.csv"},
		{"", "image/png", "file.png"},
		{"报告.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "报告.docx"},
	} {
		if got := upload.SafeName(c.name, c.mt); got != c.want {
			t.Errorf("SafeName(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestSaveAndGet(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u, err := upload.Store(ctx, db, audit.System("test"), "notes.txt", []byte("hello\n"))
		if err != nil {
			t.Fatal(err)
		}
		// sha256sum of "hello\n", from the command line.
		if u.SHA256 != "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03" || u.Size != 6 || u.MediaType != "text/plain; charset=utf-8" {
			t.Errorf("stored %+v", u)
		}
		got, err := upload.Get(ctx, db.Reader(), u.ID)
		if err != nil || string(got.Content) != "hello\n" || got.FileName != "notes.txt" || got.SHA256 != u.SHA256 {
			t.Errorf("Get = %+v, %v", got, err)
		}
		meta, err := upload.Meta(ctx, db.Reader(), u.ID)
		if err != nil || meta.Content != nil || meta.Size != 6 {
			t.Errorf("Meta = %+v, %v", meta, err)
		}
		if _, err := upload.Get(ctx, db.Reader(), u.ID+1); !errs.Is(err, errs.NotFound) {
			t.Errorf("missing upload: %v", err)
		}
		// A refused file stores nothing.
		if _, err := upload.Store(ctx, db, audit.System("test"), "x.html", []byte("<html></html>")); errs.As(err).Code != "upload_type" {
			t.Fatalf("html: %v", err)
		}
		var n int
		if err := db.Reader().QueryRow(ctx, "SELECT count(*) FROM uploads").Scan(&n); err != nil || n != 1 {
			t.Errorf("%d uploads stored, want 1", n)
		}
	})
}

func TestReadable(t *testing.T) {
	ctx := context.Background()
	u := upload.Upload{ID: 7, CreatedBy: 3}
	yes := func(context.Context, *account.User, int64) (bool, error) { return true, nil }
	no := func(context.Context, *account.User, int64) (bool, error) { return false, nil }
	for _, c := range []struct {
		who     string
		v       *account.User
		holders []upload.Holder
		want    bool
	}{
		{"the uploader", &account.User{ID: 3, Role: account.Delegate}, nil, true},
		{"the secretariat", &account.User{ID: 1, Role: account.Administrator}, nil, true},
		{"another delegate, no text holds it", &account.User{ID: 4, Role: account.Delegate}, []upload.Holder{no}, false},
		{"the public, no text holds it", nil, nil, false},
		{"the public, a published report holds it", nil, []upload.Holder{no, yes}, true},
	} {
		if got, err := upload.Readable(ctx, c.v, u, c.holders...); err != nil || got != c.want {
			t.Errorf("%s: %v, %v; want %v", c.who, got, err, c.want)
		}
	}
}
