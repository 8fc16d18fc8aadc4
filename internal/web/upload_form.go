package web

import (
	"errors"
	"io"
	"net/http"

	"roundtable/internal/errs"
	"roundtable/internal/upload"
)

// Form handlers that take files (a progress report's documents, a
// practice's) use these two on the multipart form the page middleware has
// parsed. A route whose files may exceed the middleware's 5 MB bound lists
// its path in bigUploads with upload.MaxBytes and some room for the other
// fields (see maxDocumentFormBytes).

// maxDocumentFormBytes bounds a form carrying a few documents: three
// files at the limit and the form's text.
const maxDocumentFormBytes = 3*upload.MaxBytes + 1<<20

// readUploads reads and checks the files sent in field, without storing
// them: a handler whose service stores them in its own transaction (with
// upload.Save) passes them on. A refused file is the error of its first
// fault (upload_type, upload_empty, upload_too_large on field "file").
func (s *Server) readUploads(r *http.Request, field string) ([]upload.File, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var out []upload.File
	for _, fh := range r.MultipartForm.File[field] {
		if fh.Size > upload.MaxBytes {
			return nil, &errs.Error{Kind: errs.TooLarge, Code: "upload_too_large", Key: "upload.error.too_large", Field: field, Args: []any{"max", upload.MaxBytes >> 20}}
		}
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		content, err := io.ReadAll(io.LimitReader(f, upload.MaxBytes+1))
		f.Close()
		if err != nil {
			return nil, err
		}
		file := upload.File{Name: fh.Filename, Content: content}
		if _, err := file.Check(); err != nil {
			e := *errs.As(err)
			e.Field = field
			return nil, &e
		}
		out = append(out, file)
	}
	return out, nil
}

// saveUploads stores the files sent in field, each in a transaction of its
// own, as the signed-in user's, and returns their ids in order; nothing is
// stored when one is refused. A file stored for a form that then fails is
// kept, readable by its uploader and the secretariat only, until a text
// holds it.
func (s *Server) saveUploads(r *http.Request, field string) ([]int64, error) {
	files, err := s.readUploads(r, field)
	if err != nil {
		return nil, err
	}
	actor := stateOf(r).user.Actor()
	ids := make([]int64, 0, len(files))
	for _, f := range files {
		u, err := upload.Store(r.Context(), s.db, actor, f.Name, f.Content)
		if err != nil {
			return ids, err
		}
		ids = append(ids, u.ID)
	}
	return ids, nil
}

// tooLarge reports whether err is a body over its MaxBytesReader bound.
func tooLarge(err error) bool {
	var tooBig *http.MaxBytesError
	return errors.As(err, &tooBig)
}
