package web

import (
	"net/http"
	"strconv"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/errs"
	"roundtable/internal/outcome"
)

// The chair's forms on the status view. Each names itself in a hidden
// field "form" ("status-OP3", "add" …) so that a refused one is drawn
// again filled in; each lands back on the paragraph it changed.

func outcomeSettings(s *Server, r *http.Request, v *account.User, id int64) (string, string, error) {
	_, err := s.outcome.UpdateDocument(r.Context(), v, id, documentInput(r))
	return "outcome.settings_saved", "settings", err
}

func outcomeIssue(s *Server, r *http.Request, v *account.User, id int64) (string, string, error) {
	f := r.PostForm
	_, err := s.outcome.IssueRevision(r.Context(), v, id, outcome.RevisionInput{Kind: f.Get("kind"), Note: f.Get("note")})
	return "outcome.revision_issued", "", err
}

func outcomeFromGround(s *Server, r *http.Request, v *account.User, id int64) (string, string, error) {
	var ids []int64
	for _, x := range r.PostForm["proposition"] {
		n, err := strconv.ParseInt(x, 10, 64)
		if err != nil || n <= 0 {
			return "", "", errs.Field("propositions", "invalid_number", "error.invalid")
		}
		ids = append(ids, n)
	}
	_, err := s.outcome.ZeroDraftFromGround(r.Context(), v, id, ids)
	return "outcome.drafted_from_ground", "paragraphs", err
}

// outcomeAdd appends a paragraph, inserts one after another, or adds an
// alternative to one, as the form's "where" says.
func outcomeAdd(s *Server, r *http.Request, v *account.User, id int64) (string, string, error) {
	f := r.PostForm
	in := outcome.ParagraphInput{Kind: f.Get("kind"), Text: f.Get("text")}
	switch f.Get("where") {
	case "after":
		in.After = f.Get("anchor")
	case "alternative":
		in.AltOf = f.Get("anchor")
	case "end", "":
	default:
		return "", "", errs.Field("where", "invalid", "error.invalid")
	}
	if (in.After == "" && in.AltOf == "") && f.Get("where") != "end" && f.Get("where") != "" {
		return "", "", errs.Field("anchor", "required", "validation.required")
	}
	p, err := s.outcome.AddParagraph(r.Context(), v, id, in)
	return "outcome.paragraph_added", "para-" + p.Label, err
}

// outcomeEdit changes a paragraph's wording, against the text version the
// form was drawn with.
func outcomeEdit(s *Server, r *http.Request, v *account.User, id int64) (string, string, error) {
	label := r.PathValue("label")
	version, err := strconv.Atoi(r.PostForm.Get("text_version"))
	if err != nil || version <= 0 {
		return "", "", errs.Field("text_version", "invalid_number", "error.invalid")
	}
	_, err = s.outcome.EditParagraph(r.Context(), v, id, label, outcome.EditInput{Text: r.PostForm.Get("text"), TextVersion: version})
	return "outcome.paragraph_saved", "para-" + label, err
}

// outcomeStatus moves a paragraph to a status: bracketed with its reason,
// agreed ad ref with the capital's deadline (UTC), agreed with the
// paragraphs of its package ticked to go along.
func outcomeStatus(s *Server, r *http.Request, v *account.User, id int64) (string, string, error) {
	f, label := r.PostForm, r.PathValue("label")
	in := outcome.StatusInput{Status: f.Get("status"), Reason: f.Get("reason"), Together: f["together"]}
	if in.Status == outcome.AgreedAdRef && f.Get("until") != "" {
		t, err := time.ParseInLocation("2006-01-02T15:04", f.Get("until"), time.UTC)
		if err != nil {
			return "", "", errs.Field("until", "invalid_date", "outcome.error.ad_ref_deadline")
		}
		in.Until = &t
	}
	_, err := s.outcome.SetStatus(r.Context(), v, id, label, in)
	return "outcome.status_saved", "para-" + label, err
}

// outcomePackage links a paragraph with the ones ticked (none: untied).
func outcomePackage(s *Server, r *http.Request, v *account.User, id int64) (string, string, error) {
	label := r.PathValue("label")
	_, err := s.outcome.SetPackage(r.Context(), v, id, label, r.PostForm["linked"])
	return "outcome.package_saved", "para-" + label, err
}

// outcomeDelete takes a paragraph out of the text, once the chair has
// confirmed it on the status view (?delete=OP3).
func outcomeDelete(s *Server, r *http.Request, v *account.User, id int64) (string, string, error) {
	if r.PostForm.Get("confirm") != "yes" {
		return "", "", errs.Field("confirm", "required", "outcome.error.confirm_delete")
	}
	return "outcome.paragraph_deleted", "paragraphs", s.outcome.DeleteParagraph(r.Context(), v, id, r.PathValue("label"))
}
