package web

import (
	"encoding/base64"
	"encoding/hex"
	"io"
	"mime"
	"net/http"
	"strconv"

	"roundtable/internal/errs"
	"roundtable/internal/upload"
)

// uploadHolders are the texts that may hold an upload: progress reports
// (their evidence) and practices (their documents). Whoever reads one of
// them reads the file.
func (s *Server) uploadHolders() []upload.Holder {
	return []upload.Holder{s.commitments.UploadReadable, s.practices.HoldsUpload}
}

// uploadFile serves a stored file to whoever may read it (upload.Readable):
// with the type recognised when it was stored, never sniffed again
// (nosniff); as an attachment, or inline only for images and PDF; in a
// sandbox that runs no script and loads nothing, should a browser render
// it anyway. An upload the reader may not read is not found. The ETag is
// the file's SHA-256, which never changes.
func (s *Server) uploadFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	meta, err := upload.Meta(ctx, s.db.Reader(), id)
	if err != nil {
		return err
	}
	ok, err := upload.Readable(ctx, stateOf(r).user, meta, s.uploadHolders()...)
	if err != nil {
		return err
	}
	if !ok {
		return errs.ErrNotFound
	}
	h := w.Header()
	etag := `"` + meta.SHA256 + `"`
	h.Set("ETag", etag)
	h.Set("Cache-Control", "private, no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	f, err := upload.Get(ctx, s.db.Reader(), id)
	if err != nil {
		return err
	}
	disposition := "attachment"
	if upload.Inline(f.MediaType) {
		disposition = "inline"
	}
	h.Set("Content-Type", f.MediaType)
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": f.FileName}))
	h.Set("Content-Length", strconv.FormatInt(int64(len(f.Content)), 10))
	if sum, err := hex.DecodeString(f.SHA256); err == nil {
		h.Set("Content-Digest", "sha-256=:"+base64.StdEncoding.EncodeToString(sum)+":")
	}
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return nil
	}
	_, err = w.Write(f.Content)
	return err
}

// apiUpload stores the request's body as a file (?name= gives its name)
// and answers its description, 201; a report or a practice then names it
// by id. The type is recognised from the content; HTML, SVG, programs and
// anything unrecognised are refused (upload_type), as is a file over the
// limit (upload_too_large, 413).
func (s *Server) apiUpload(w http.ResponseWriter, r *http.Request) error {
	content, err := io.ReadAll(http.MaxBytesReader(w, r.Body, upload.MaxBytes))
	if err != nil {
		if tooLarge(err) {
			return errs.New(errs.TooLarge, "upload_too_large", "upload.error.too_large", "max", upload.MaxBytes>>20)
		}
		return err
	}
	u, err := upload.Store(r.Context(), s.db, stateOf(r).user.Actor(), r.URL.Query().Get("name"), content)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/uploads/"+strconv.FormatInt(u.ID, 10))
	return writeJSON(w, http.StatusCreated, u)
}
