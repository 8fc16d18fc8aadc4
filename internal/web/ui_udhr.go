package web

import (
	"net/http"
	"strconv"

	"roundtable/internal/errs"
	"roundtable/internal/reference"
)

type udhrPage struct {
	layout
	Number   int
	Articles []reference.Article
	Concepts []conceptLink
	Prev     int
	Next     int
}

// udhrPage shows one article of the Declaration in every working language.
func (s *Server) udhrPage(w http.ResponseWriter, r *http.Request) error {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 || n > 30 {
		return errs.ErrNotFound
	}
	arts, err := reference.Articles(r.Context(), s.db.Reader(), reference.UDHR, n)
	if err != nil {
		return err
	}
	p := udhrPage{layout: s.layout(w, r, "udhr.title", "search"), Number: n, Articles: arts, Prev: n - 1}
	if n < 30 {
		p.Next = n + 1
	}
	if s.search != nil {
		if th := s.search.Thesaurus(r.Context()); th != nil {
			for _, c := range th.All() {
				for _, a := range c.UDHR {
					if a == n {
						p.Concepts = append(p.Concepts, conceptLink{c.ID, th.Label(c.ID, string(p.Lang))})
					}
				}
			}
		}
	}
	return s.render(w, http.StatusOK, "udhr.html", p)
}
