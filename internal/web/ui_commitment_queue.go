package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"roundtable/internal/account"
	"roundtable/internal/authz"
	"roundtable/internal/commitment"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
)

// validationPage is /reports/validation: the reports waiting for the
// reader's approval (a validator: its state's; the secretariat: all).
type validationPage struct {
	layout
	formFailure
	FailedForm  string
	Values      url.Values
	Names       *commitmentNames
	Items       []queuedReport
	CanValidate bool
}

// queuedReport is a report with the commitment it is on.
type queuedReport struct {
	commitment.Report
	Title string
}

// Val is what a failed form sent for name, or def.
func (p validationPage) Val(form, name, def string) string {
	if p.FailedForm == form && p.Values != nil {
		return p.Values.Get(name)
	}
	return def
}

// Failed reports whether the banner is about form.
func (p validationPage) Failed(form string) bool { return p.Error != "" && p.FailedForm == form }

// Value formats a figure that may be missing.
func (p validationPage) Value(x *float64) string {
	if x == nil {
		return "–"
	}
	return cmNum(p.Lang, *x)
}

// validates reports whether u may see a queue of reports to validate:
// validators and the secretariat, as the policy names them.
func cmValidates(u *account.User) bool {
	return cmMay(u, authz.ValidateReport) || cmMay(u, authz.ManageAction)
}

func (s *Server) validationQueue(w http.ResponseWriter, r *http.Request) error {
	if stateOf(r).user == nil {
		http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return nil
	}
	return s.renderValidationQueue(w, r, http.StatusOK, "", nil, nil)
}

func (s *Server) renderValidationQueue(w http.ResponseWriter, r *http.Request, status int, failed string, values url.Values, ferr error) error {
	ctx, st := r.Context(), stateOf(r)
	if !cmValidates(st.user) {
		return errs.ErrForbidden
	}
	p := validationPage{layout: s.layout(w, r, "commitment_web.validation_title", "commitments"), FailedForm: failed, Values: values,
		CanValidate: cmMay(st.user, authz.ValidateReport)}
	var err error
	if p.formFailure, err = s.explain(st.lang, ferr, errs.Invalid, errs.Conflict); err != nil {
		return err
	}
	if p.Names, err = s.commitmentNames(ctx, st.lang); err != nil {
		return err
	}
	reports, err := s.commitments.AwaitingValidation(ctx, st.user)
	if err != nil {
		return err
	}
	titles := s.commitmentTitles(ctx, st.user)
	for _, rep := range reports {
		p.Items = append(p.Items, queuedReport{Report: rep, Title: titles(rep.CommitmentID)})
	}
	return s.render(w, status, "report_validation.html", p)
}

// commitmentTitles names commitments by id, reading each once.
func (s *Server) commitmentTitles(ctx context.Context, u *account.User) func(id int64) string {
	seen := map[int64]string{}
	return func(id int64) string {
		if t, ok := seen[id]; ok {
			return t
		}
		t := "#" + strconv.FormatInt(id, 10)
		if c, err := s.commitments.Get(ctx, u, id); err == nil {
			t = c.Title
		}
		seen[id] = t
		return t
	}
}

// moderationPage is /comments/moderation: civil society's comments
// waiting for the secretariat, and each forum's switch that lets civil
// society comment.
type moderationPage struct {
	layout
	Items  []pendingComment
	Forums []forumSwitch
}

type pendingComment struct {
	commitment.Comment
	Report commitment.Report
	Title  string
}

type forumSwitch struct {
	Forum   dialogue.Forum
	Allowed bool
}

func (s *Server) moderationPage(w http.ResponseWriter, r *http.Request) error {
	ctx, st := r.Context(), stateOf(r)
	p := moderationPage{layout: s.layout(w, r, "commitment_web.moderation_title", "commitments")}
	pending, err := s.commitments.PendingComments(ctx, st.user)
	if err != nil {
		return err
	}
	titles := s.commitmentTitles(ctx, st.user)
	for _, c := range pending {
		rep, err := s.commitments.Report(ctx, st.user, c.ReportID)
		if err != nil {
			return err
		}
		p.Items = append(p.Items, pendingComment{Comment: c, Report: rep, Title: titles(rep.CommitmentID)})
	}
	forums, err := s.dialogue.Forums(ctx)
	if err != nil {
		return err
	}
	for _, f := range forums {
		allowed, err := s.commitments.CommentsAllowed(ctx, f.ID)
		if err != nil {
			return err
		}
		p.Forums = append(p.Forums, forumSwitch{Forum: f, Allowed: allowed})
	}
	return s.render(w, http.StatusOK, "commitment_moderation.html", p)
}

// commentAdd is an observer's comment on a published report; it waits
// for moderation.
func (s *Server) commentAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx, st := r.Context(), stateOf(r)
	rep, err := s.commitments.Report(ctx, st.user, id)
	if err != nil {
		return err
	}
	if _, err := s.commitments.AddComment(ctx, st.user, id, r.PostForm.Get("language"), r.PostForm.Get("body")); err != nil {
		if errs.As(err).Kind != errs.Invalid {
			return err
		}
		return s.renderCommitment(w, r, rep.CommitmentID, http.StatusBadRequest, "comment-"+strconv.FormatInt(id, 10), r.PostForm, err)
	}
	s.flash(w, "commitment_web.comment_waiting")
	http.Redirect(w, r, reportURL(rep), http.StatusSeeOther)
	return nil
}

// commentModerate approves (decision=approve) or rejects a comment.
func (s *Server) commentModerate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var approve bool
	switch r.PostForm.Get("decision") {
	case "approve":
		approve = true
	case "reject":
	default:
		return errs.Field("decision", "invalid_decision", "commitment_web.invalid_decision")
	}
	if _, err := s.commitments.Moderate(r.Context(), stateOf(r).user, id, approve); err != nil {
		return err
	}
	if approve {
		s.flash(w, "commitment_web.comment_approved")
	} else {
		s.flash(w, "commitment_web.comment_rejected")
	}
	http.Redirect(w, r, "/comments/moderation", http.StatusSeeOther)
	return nil
}

// commentSettings opens or closes a forum's reports to civil society's
// comments.
func (s *Server) commentSettings(w http.ResponseWriter, r *http.Request) error {
	forum, err := formID(r, "forum_id")
	if err != nil {
		return err
	}
	if forum == 0 {
		return errs.Field("forum_id", "required", "validation.required")
	}
	allowed := r.PostForm.Get("allowed") == "true"
	if err := s.commitments.SetCommentsAllowed(r.Context(), stateOf(r).user, forum, allowed); err != nil {
		return err
	}
	s.flash(w, "commitment_web.settings_saved")
	http.Redirect(w, r, "/comments/moderation#forums", http.StatusSeeOther)
	return nil
}
