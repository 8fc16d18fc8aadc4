package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"roundtable/internal/commitment"
	"roundtable/internal/country"
	"roundtable/internal/errs"
)

// The tracker's filters are one set of query parameters for the page's
// GET form, its exports and the API, so a link copied from one works in
// the others: country (an owner, ISO alpha-3), concept (a theme), target
// (an SDG target, 3.2), edition (its number in the database), status (the
// latest published status of any owner, or none), due (overdue, soon).

// sdgTarget is how an SDG target is written: goal, dot, target number or
// letter (3.2, 16.10, 6.a).
var sdgTarget = regexp.MustCompile(`^(1[0-7]|[1-9])\.([1-9][0-9]?|[a-z])$`)

// maxConceptParam bounds ?concept=: a concept id is a short slug.
const maxConceptParam = 200

// trackerFilter reads the filters of a tracker request; a value that no
// form would send is an Invalid error naming its parameter, in the
// reader's language.
func (s *Server) trackerFilter(ctx context.Context, q url.Values) (commitment.Filter, error) {
	var f commitment.Filter
	if v := strings.TrimSpace(q.Get("country")); v != "" {
		code := strings.ToUpper(v)
		if len(code) != 3 || strings.IndexFunc(code, func(r rune) bool { return r < 'A' || r > 'Z' }) >= 0 {
			return f, errs.Field("country", "tracker_bad_country", "tracker.error.country", "code", v)
		}
		if _, err := country.Get(ctx, s.db.Reader(), code); err != nil {
			if errs.Is(err, errs.NotFound) {
				return f, errs.Field("country", "tracker_bad_country", "tracker.error.country", "code", v)
			}
			return f, err
		}
		f.Country = code
	}
	if v := strings.TrimSpace(q.Get("concept")); v != "" {
		if len(v) > maxConceptParam || strings.IndexFunc(v, unicode.IsControl) >= 0 {
			return f, errs.Field("concept", "tracker_bad_concept", "tracker.error.concept")
		}
		f.Concept = v
	}
	if v := strings.TrimSpace(q.Get("target")); v != "" {
		if !sdgTarget.MatchString(v) {
			return f, errs.Field("target", "tracker_bad_target", "tracker.error.target", "target", v)
		}
		f.Target = v
	}
	if v := strings.TrimSpace(q.Get("edition")); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 1 {
			return f, errs.Field("edition", "tracker_bad_edition", "tracker.error.edition")
		}
		f.EditionID = id
	}
	if v := strings.TrimSpace(q.Get("status")); v != "" {
		st := commitment.Status(v)
		if st != commitment.NoReport && !commitment.ValidStatus(st) {
			return f, errs.Field("status", "tracker_bad_status", "tracker.error.status")
		}
		f.Status = st
	}
	if v := strings.TrimSpace(q.Get("due")); v != "" {
		if v != commitment.DueOverdue && v != commitment.DueSoon {
			return f, errs.Field("due", "tracker_bad_due", "tracker.error.due")
		}
		f.Due = v
	}
	return f, nil
}

// trackerValues is a filter as query parameters (paging left out), for
// the links to the exports and between pages.
func trackerValues(f commitment.Filter) url.Values {
	q := url.Values{}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set("country", f.Country)
	set("concept", f.Concept)
	set("target", f.Target)
	if f.EditionID != 0 {
		q.Set("edition", strconv.FormatInt(f.EditionID, 10))
	}
	set("status", string(f.Status))
	set("due", f.Due)
	return q
}

// trackerPaging reads ?limit= and ?offset= of the page and the API.
func trackerPaging(r *http.Request, f *commitment.Filter) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = p.Limit, p.Offset
	return nil
}
