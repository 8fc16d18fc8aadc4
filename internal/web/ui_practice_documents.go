package web

import (
	"net/http"

	"roundtable/internal/practice"
)

// practiceUploads stores the files sent with a practice's form (field
// "documents") and returns them as documents titled with their file
// names; the service then checks the uploader may attach each. A refused
// file (type, size, empty) is a form error on field "documents".
func (s *Server) practiceUploads(r *http.Request) ([]practice.Document, error) {
	ids, err := s.saveUploads(r, "documents")
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	files := r.MultipartForm.File["documents"]
	docs := make([]practice.Document, 0, len(ids))
	for i, id := range ids {
		docs = append(docs, practice.Document{UploadID: id, Title: files[i].Filename})
	}
	return docs, nil
}
