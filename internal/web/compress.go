package web

import (
	"compress/gzip"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// Responses are compressed when the client accepts it: brotli (smaller)
// when acceptable, else gzip. A response is left as it is when it is to a
// HEAD request, already encoded, a server-sent event stream (its events
// must leave as they are flushed), a range, of a type that is already
// compressed or not known to compress (PDF, images, zip, xlsx), or smaller
// than minCompressBytes, where the encoding's header costs more than it
// saves.

// minCompressBytes is how much of a body is held back to decide: a body
// that ends before it is sent as it is.
const minCompressBytes = 1024

// Levels chosen for pages made on every request: brotli 5 and gzip 5 take
// a fraction of a millisecond on a page and keep most of the highest
// levels' gain (bench/serving measures them).
const (
	brotliLevel = 5
	gzipLevel   = 5
)

type encoding int

const (
	identity encoding = iota
	gzipEnc
	brEnc
)

var encodingNames = [...]string{identity: "", gzipEnc: "gzip", brEnc: "br"}

var (
	gzipWriters = sync.Pool{New: func() any {
		w, _ := gzip.NewWriterLevel(io.Discard, gzipLevel)
		return w
	}}
	brotliWriters = sync.Pool{New: func() any { return brotli.NewWriterLevel(io.Discard, brotliLevel) }}
	compressors   = sync.Pool{New: func() any { return &compressWriter{buf: make([]byte, 0, minCompressBytes)} }}
)

// compress wraps next so that its responses are compressed as the client's
// Accept-Encoding allows. It never refuses a request: when every coding is
// ruled out, even identity, the response is sent as it is (RFC 9110 lets a
// server do so rather than answer 406).
func compress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		enc := negotiateEncoding(r.Header.Values("Accept-Encoding"))
		if enc == identity || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		cw := compressors.Get().(*compressWriter)
		cw.ResponseWriter, cw.enc = w, enc
		next.ServeHTTP(cw, r)
		cw.finish()
		cw.reset()
		compressors.Put(cw)
	})
}

// negotiateEncoding picks the coding from Accept-Encoding headers: the
// highest q among br, gzip and identity, br before gzip before identity on
// a tie. A coding not named takes the q of "*" when there is one; identity
// not named is acceptable but wanted least. No header: identity.
func negotiateEncoding(headers []string) encoding {
	if len(headers) == 0 {
		return identity
	}
	q := map[string]float64{}
	for _, h := range headers {
		for _, part := range strings.Split(h, ",") {
			name, params, _ := strings.Cut(part, ";")
			name = strings.ToLower(strings.TrimSpace(name))
			if name == "" {
				continue
			}
			v := 1.0
			for _, p := range strings.Split(params, ";") {
				k, val, ok := strings.Cut(strings.TrimSpace(p), "=")
				if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
					f, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
					if err != nil || f < 0 || f > 1 {
						f = 0 // a q we cannot read does not make a coding wanted
					}
					v = f
				}
			}
			if name == "x-gzip" {
				name = "gzip"
			}
			q[name] = v
		}
	}
	of := func(name string, unnamed float64) float64 {
		if v, ok := q[name]; ok {
			return v
		}
		if v, ok := q["*"]; ok {
			return v
		}
		return unnamed
	}
	// identity is acceptable unless ruled out, but wanted least: a tiny q
	// below any a client can write (three decimals at most).
	br, gz, id := of("br", 0), of("gzip", 0), of("identity", 0.0001)
	switch {
	case br > 0 && br >= gz && br >= id:
		return brEnc
	case gz > 0 && gz >= id:
		return gzipEnc
	}
	return identity
}

// compressible reports whether a Content-Type is worth compressing: text
// and the text-based formats the site serves. Everything else (PDF,
// images, archives, office files, fonts) is already compressed or unknown.
func compressible(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	switch {
	case mt == "text/event-stream":
		return false
	case strings.HasPrefix(mt, "text/"):
		return true
	case strings.HasSuffix(mt, "+xml"), strings.HasSuffix(mt, "+json"):
		return true
	}
	switch mt {
	case "application/json", "application/xml", "application/javascript", "application/x-ndjson", "image/svg+xml":
		return true
	}
	return false
}

// compressWriter holds back the first minCompressBytes of a body to decide,
// then either compresses the body or passes it through as it is.
type compressWriter struct {
	http.ResponseWriter
	enc encoding
	// status is the code the handler wrote, sent once decided; 0: none yet.
	status  int
	buf     []byte
	decided bool
	out     io.WriteCloser // the encoder once compressing; nil: passing through
}

func (w *compressWriter) reset() {
	w.ResponseWriter, w.status, w.buf, w.decided, w.out = nil, 0, w.buf[:0], false, nil
}

func (w *compressWriter) WriteHeader(code int) {
	if w.decided || w.status != 0 {
		w.ResponseWriter.WriteHeader(code) // let net/http report a superfluous call
		return
	}
	if code < 200 {
		w.ResponseWriter.WriteHeader(code) // informational: passes as it is
		return
	}
	w.status = code // sent once decided: at the first flush or past minCompressBytes
}

func (w *compressWriter) Write(b []byte) (int, error) {
	if !w.decided {
		if w.status == 0 {
			w.status = http.StatusOK
		}
		if len(w.buf)+len(b) < minCompressBytes {
			w.buf = append(w.buf, b...)
			return len(b), nil
		}
		w.decide(true)
	}
	if w.out != nil {
		return w.out.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

// Flush sends what is held back: a handler that flushes wants its bytes to
// leave now, so the decision is taken with what there is.
func (w *compressWriter) Flush() {
	if !w.decided {
		if w.status == 0 {
			w.status = http.StatusOK
		}
		w.decide(len(w.buf) > 0)
	}
	if fl, ok := w.out.(interface{ Flush() error }); ok {
		fl.Flush()
	}
	http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap lets http.ResponseController reach the connection (deadlines).
func (w *compressWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// mayCompress reports whether the headers written so far allow compressing.
func (w *compressWriter) mayCompress() bool {
	h := w.ResponseWriter.Header()
	if h.Get("Content-Encoding") != "" || h.Get("Content-Range") != "" {
		return false
	}
	if w.status == http.StatusNoContent || w.status == http.StatusNotModified || w.status == http.StatusPartialContent {
		return false
	}
	if ct, ok := h["Content-Type"]; ok && (len(ct) == 0 || !compressible(ct[0])) {
		return false
	}
	return true
}

// decide starts compressing (when big says the body is worth it and the
// headers allow it) or passes the body through, then sends what is held.
func (w *compressWriter) decide(big bool) {
	h := w.ResponseWriter.Header()
	if _, ok := h["Content-Type"]; !ok && len(w.buf) > 0 {
		// What net/http would sniff, sniffed before it is too late to know.
		h.Set("Content-Type", http.DetectContentType(w.buf))
	}
	if !big || !w.mayCompress() {
		w.passThrough()
		return
	}
	w.decided = true
	h.Set("Content-Encoding", encodingNames[w.enc])
	h.Del("Content-Length")
	h.Del("Accept-Ranges")
	if et := h.Get("ETag"); et != "" && !strings.HasPrefix(et, "W/") {
		h.Set("ETag", "W/"+et) // the bytes differ from the identity ones
	}
	w.ResponseWriter.WriteHeader(w.status)
	switch w.enc {
	case brEnc:
		bw := brotliWriters.Get().(*brotli.Writer)
		bw.Reset(w.ResponseWriter)
		w.out = bw
	default:
		gw := gzipWriters.Get().(*gzip.Writer)
		gw.Reset(w.ResponseWriter)
		w.out = gw
	}
	if len(w.buf) > 0 {
		w.out.Write(w.buf)
	}
}

// passThrough sends the status and what is held back, unencoded.
func (w *compressWriter) passThrough() {
	w.decided = true
	if w.status != 0 {
		w.ResponseWriter.WriteHeader(w.status)
	}
	if len(w.buf) > 0 {
		w.ResponseWriter.Write(w.buf)
	}
}

// finish ends the response once the handler has returned: a body still
// held back was small and leaves as it is; an encoder is closed and pooled.
func (w *compressWriter) finish() {
	if !w.decided {
		if w.status == 0 && len(w.buf) == 0 {
			return // nothing written: net/http answers 200 with no body
		}
		if w.status == 0 {
			w.status = http.StatusOK
		}
		w.decide(false)
		return
	}
	if w.out == nil {
		return
	}
	w.out.Close()
	switch ew := w.out.(type) {
	case *brotli.Writer:
		ew.Reset(io.Discard)
		brotliWriters.Put(ew)
	case *gzip.Writer:
		ew.Reset(io.Discard)
		gzipWriters.Put(ew)
	}
}
