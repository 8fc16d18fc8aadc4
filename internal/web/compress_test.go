package web_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// fetch gets path asking for the given Accept-Encoding; the body is read
// as it came on the wire (Go's client decodes only what it asked for).
func fetch(t *testing.T, c *client, method, path, acceptEncoding string) (*http.Response, []byte) {
	t.Helper()
	h := http.Header{}
	if acceptEncoding != "" {
		h.Set("Accept-Encoding", acceptEncoding)
	}
	res := c.do(method, path, nil, h)
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, body
}

func decodeBody(t *testing.T, encoding string, b []byte) []byte {
	t.Helper()
	var r io.Reader
	switch encoding {
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("not gzip: %v", err)
		}
		r = zr
	case "br":
		r = brotli.NewReader(bytes.NewReader(b))
	default:
		return b
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decoding %s: %v", encoding, err)
	}
	return out
}

// The countries page comes back in brotli or gzip as the browser asks, is
// smaller on the wire, and decodes to the very page sent to a client that
// asks for no compression.
func TestPagesAreCompressed(t *testing.T) {
	s := newSite(t, sqliteDB(t))
	c := s.client()
	plainRes, plain := fetch(t, c, "GET", "/countries", "identity")
	if plainRes.Header.Get("Content-Encoding") != "" || !bytes.Contains(plain, []byte("<html")) {
		t.Fatalf("identity: Content-Encoding %q, body starts %q", plainRes.Header.Get("Content-Encoding"), plain[:min(len(plain), 40)])
	}
	for _, tc := range []struct{ accept, want string }{
		{"gzip, deflate, br, zstd", "br"}, // what Chromium sends
		{"gzip", "gzip"},
		{"br;q=0.5, gzip", "gzip"},
		{"gzip;q=0.2, br;q=0.8", "br"},
		{"*", "br"},
		{"br;q=0, *;q=0.1", "gzip"},
		{"gzip;q=0, br;q=0", ""},
		{"identity;q=1, gzip;q=0.5", ""},
		{"gzip;q=high", ""}, // a q that cannot be read wants nothing
		{"*;q=0", ""},       // nothing acceptable: identity anyway, never 406
		{"", ""},            // no header: as it is
	} {
		res, body := fetch(t, c, "GET", "/countries", tc.accept)
		if res.StatusCode != 200 {
			t.Errorf("Accept-Encoding %q: status %d", tc.accept, res.StatusCode)
			continue
		}
		got := res.Header.Get("Content-Encoding")
		if got != tc.want {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", tc.accept, got, tc.want)
			continue
		}
		if !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("Accept-Encoding %q: Vary %q", tc.accept, res.Header.Get("Vary"))
		}
		if got != "" {
			if cl := res.Header.Get("Content-Length"); cl != "" && cl != fmt.Sprint(len(body)) {
				t.Errorf("%s: Content-Length %s for %d bytes sent", got, cl, len(body))
			}
			if len(body)*3 > len(plain) {
				t.Errorf("%s: %d bytes on the wire for a %d-byte page", got, len(body), len(plain))
			}
		}
		if d := decodeBody(t, got, body); !bytes.Equal(d, plain) {
			t.Errorf("Accept-Encoding %q: decodes to %d bytes that differ from the %d-byte page", tc.accept, len(d), len(plain))
		}
	}
	// HEAD says nothing of an encoding it does not send; a tiny body
	// (healthz) is not worth compressing.
	if res, _ := fetch(t, c, "HEAD", "/countries", "br, gzip"); res.Header.Get("Content-Encoding") != "" {
		t.Errorf("HEAD: Content-Encoding %q", res.Header.Get("Content-Encoding"))
	}
	if res, body := fetch(t, c, "GET", "/healthz", "br, gzip"); res.Header.Get("Content-Encoding") != "" || string(body) != "ok\n" {
		t.Errorf("healthz: Content-Encoding %q, body %q", res.Header.Get("Content-Encoding"), body)
	}
	// The stylesheet, served by the file server with its length, is
	// compressed too, and the length given is the one sent.
	res, body := fetch(t, c, "GET", "/static/css/roundtable.css", "gzip")
	if res.Header.Get("Content-Encoding") != "gzip" || !bytes.Contains(decodeBody(t, "gzip", body), []byte("{")) {
		t.Errorf("stylesheet: Content-Encoding %q", res.Header.Get("Content-Encoding"))
	}
	if cl := res.Header.Get("Content-Length"); cl != "" && cl != fmt.Sprint(len(body)) {
		t.Errorf("stylesheet: Content-Length %s for %d bytes sent", cl, len(body))
	}
}

// A speakers stream is not compressed, and its first event arrives while
// the stream is still open: nothing holds it back.
func TestEventStreamIsNotCompressed(t *testing.T) {
	s := liveSite(t, sqliteDB(t))
	f := setupFloor(t, s, true)
	// A stream whose headers were held back would never answer: give up
	// after a while rather than hang.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", s.srv.URL+f.path("/events"), nil)
	req.Header.Set("Accept-Encoding", "br, gzip")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("the stream did not answer: %v", err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("content type %q", ct)
	}
	if ce := res.Header.Get("Content-Encoding"); ce != "" {
		t.Fatalf("the event stream is sent with Content-Encoding %q", ce)
	}
	first := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				first <- data
				return
			}
		}
		close(first)
	}()
	select {
	case data, ok := <-first:
		if !ok || !strings.Contains(data, `"status"`) {
			t.Fatalf("first event %q (stream open: %v)", data, ok)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no event came through the open stream within five seconds")
	}
}

// The adopted text's PDF is sent as it is (a PDF is compressed inside);
// its Akoma Ntoso, being XML, is compressed.
func TestDownloadsAlreadyCompressedAreNot(t *testing.T) {
	s := newSite(t, sqliteDB(t))
	f := newOutcomeAPIFixture(t, s)
	f.draft(t)
	f.adopt(t)
	c := f.browser("")
	base := fmt.Sprintf("/outcomes/%d/", f.doc)
	res, pdf := fetch(t, c, "GET", base+"text.pdf", "br, gzip")
	if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "" || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Errorf("PDF: status %d, Content-Encoding %q, starts %q", res.StatusCode, res.Header.Get("Content-Encoding"), pdf[:min(len(pdf), 8)])
	}
	res, akn := fetch(t, c, "GET", base+"text.akn.xml", "gzip")
	if res.Header.Get("Content-Encoding") != "gzip" || !bytes.Contains(decodeBody(t, "gzip", akn), []byte("<akomaNtoso")) {
		t.Errorf("Akoma Ntoso: Content-Encoding %q", res.Header.Get("Content-Encoding"))
	}
}
