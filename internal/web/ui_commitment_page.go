package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"roundtable/internal/account"
	"roundtable/internal/authz"
	"roundtable/internal/commitment"
	"roundtable/internal/errs"
	"roundtable/internal/outcome"
)

// commitmentPage is /commitments/{id}: the commitment, per owner what it
// reported beside what the data show, the published reports with civil
// society's comments, the history, and what the reader may do.
type commitmentPage struct {
	layout
	formFailure
	// FailedForm names the form the banner is about ("validate-12",
	// "comment-12"); Values are what it sent.
	FailedForm string
	Values     url.Values
	Names      *commitmentNames
	C          commitment.Commitment
	Source     sourceRef
	Owners     []ownerView
	Published  []reportView
	// Drafts are the reader's own state's reports not yet published
	// (draft, returned or submitted); Pending those waiting for the
	// reader to validate them.
	Drafts, Pending []commitment.Report
	History         []commitment.Event
	ReportCount     int
	CanManage       bool
	CanFile         bool
	CanValidate     bool
	CanComment      bool
	// CommentsOpen: the forum lets civil society comment.
	CommentsOpen bool
	Statuses     []commitment.Status
}

// sourceRef is where a commitment comes from, as a link.
type sourceRef struct {
	Kind  commitment.Source
	URL   string
	Label string // the paragraph's label, the statement's title
	Text  string // the paragraph's text, when known
}

// ownerView is one owner state's column: what it reported and what its
// indicators show.
type ownerView struct {
	commitment.Owner
	Name     string
	Reported commitment.Status // "" without a published report
	Report   *commitment.Report
	Progress []commitment.Progress
	// Disagrees: some indicator's data contradict the reported status.
	Disagrees bool
}

// reportView is a published report with its comments.
type reportView struct {
	commitment.Report
	Comments []commitment.Comment
}

// Num formats a figure in the reader's way.
func (p commitmentPage) Num(x float64) string { return cmNum(p.Lang, x) }

// Value formats a figure that may be missing.
func (p commitmentPage) Value(x *float64) string {
	if x == nil {
		return "–"
	}
	return cmNum(p.Lang, *x)
}

// Share formats a share of the way (0..1) as a percentage.
func (p commitmentPage) Share(x *float64) string {
	if x == nil {
		return "–"
	}
	return percentText(p.layout, *x)
}

// Val is what a failed form sent for name, or def.
func (p commitmentPage) Val(form, name, def string) string {
	if p.FailedForm == form && p.Values != nil {
		return p.Values.Get(name)
	}
	return def
}

// Failed reports whether the banner is about form.
func (p commitmentPage) Failed(form string) bool { return p.Error != "" && p.FailedForm == form }

func (s *Server) commitmentPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.renderCommitment(w, r, id, http.StatusOK, "", nil, nil)
}

// renderCommitment draws a commitment's page; a refused form (failed,
// with its values) is drawn again with the error beside it.
func (s *Server) renderCommitment(w http.ResponseWriter, r *http.Request, id int64, status int, failed string, values url.Values, ferr error) error {
	ctx, st := r.Context(), stateOf(r)
	c, err := s.commitments.Get(ctx, st.user, id)
	if err != nil {
		return err
	}
	p := commitmentPage{layout: s.layout(w, r, "commitment_web.title", "commitments"), C: c, FailedForm: failed, Values: values,
		Statuses: commitment.Statuses}
	if ferr != nil {
		if p.formFailure, err = s.explain(st.lang, ferr, errs.Invalid, errs.Conflict, errs.Forbidden); err != nil {
			return err
		}
	}
	if p.Names, err = s.commitmentNames(ctx, st.lang); err != nil {
		return err
	}
	p.Source = s.commitmentSource(ctx, st.user, c)
	if err := s.commitmentReports(ctx, st.user, &p); err != nil {
		return err
	}
	progress, err := s.commitments.DataProgress(ctx, st.user, id)
	if err != nil {
		return err
	}
	p.Owners = ownerViews(c, p.Names, p.Published, progress)
	if p.History, err = s.commitments.History(ctx, st.user, id); err != nil {
		return err
	}
	p.CanManage = cmMay(st.user, authz.ManageAction)
	p.CanFile = ownsCommitment(st.user, c)
	p.CanValidate = cmMay(st.user, authz.ValidateReport) && len(p.Pending) > 0
	if p.CommentsOpen, err = s.commentsOpen(ctx, st.user, c); err != nil {
		return err
	}
	p.CanComment = p.CommentsOpen && cmMay(st.user, authz.CommentReport)
	return s.render(w, status, "commitment.html", p)
}

// commitmentReports sorts the reports the reader may read into the
// published ones (with their comments), the reader's own unpublished ones
// and those waiting for the reader's validation.
func (s *Server) commitmentReports(ctx context.Context, u *account.User, p *commitmentPage) error {
	reports, err := s.commitments.Reports(ctx, u, p.C.ID)
	if err != nil {
		return err
	}
	for _, rep := range reports {
		switch {
		case rep.State == commitment.ReportPublished:
			cs, err := s.commitments.Comments(ctx, u, rep.ID)
			if err != nil {
				return err
			}
			p.Published = append(p.Published, reportView{Report: rep, Comments: cs})
		case rep.State == commitment.ReportSubmitted && (cmMay(u, authz.ValidateReport) || cmMay(u, authz.ManageAction)):
			p.Pending = append(p.Pending, rep)
		case u != nil && u.Delegation == rep.Country && cmMay(u, authz.FileReport):
			p.Drafts = append(p.Drafts, rep)
		case cmMay(u, authz.ManageAction):
			p.Drafts = append(p.Drafts, rep)
		}
	}
	p.ReportCount = len(p.Published)
	return nil
}

// ownerViews puts, for each owner, its latest published report beside its
// indicators' progress.
func ownerViews(c commitment.Commitment, n *commitmentNames, published []reportView, progress []commitment.Progress) []ownerView {
	var out []ownerView
	for _, o := range c.Owners {
		v := ownerView{Owner: o, Name: n.Country(o.Country), Reported: c.Latest[o.Country]}
		for i := range published {
			rep := &published[i].Report
			if rep.Country == o.Country && (v.Report == nil || rep.ReportedOn > v.Report.ReportedOn) {
				v.Report = rep
			}
		}
		if v.Reported == "" && v.Report != nil {
			v.Reported = v.Report.Status
		}
		for _, pr := range progress {
			if pr.Country == o.Country {
				v.Progress = append(v.Progress, pr)
				v.Disagrees = v.Disagrees || pr.Disagrees
			}
		}
		out = append(out, v)
	}
	return out
}

// commitmentSource links to what the commitment came from: the adopted
// outcome's paragraph (found among its edition's documents), the
// statement, or the UN recommendation.
func (s *Server) commitmentSource(ctx context.Context, u *account.User, c commitment.Commitment) sourceRef {
	ref := sourceRef{Kind: c.Source}
	switch c.Source {
	case commitment.SourceParagraph:
		if doc, para, ok := s.findParagraph(ctx, u, c.EditionID, c.ParagraphID); ok {
			ref.URL = "/outcomes/" + strconv.FormatInt(doc.ID, 10) + "/paragraphs/" + url.PathEscape(para.Label)
			ref.Label, ref.Text = doc.Title+", "+para.Label, para.Text
		} else if c.EditionID != 0 {
			ref.URL = "/editions/" + strconv.FormatInt(c.EditionID, 10) + "/outcomes"
		}
	case commitment.SourceStatement:
		ref.URL = "/statements/" + strconv.FormatInt(c.StatementID, 10)
		if stmt, err := s.dialogue.Statement(ctx, u, c.StatementID); err == nil {
			ref.Label = stmt.Title
		}
	case commitment.SourceRecommendation:
		ref.URL = "/recommendations/" + strconv.FormatInt(c.RecommendationID, 10)
	}
	return ref
}

// findParagraph finds an outcome paragraph by id among the documents of
// an edition the reader may read (the outcome service reads paragraphs by
// document and label only).
func (s *Server) findParagraph(ctx context.Context, u *account.User, editionID, paragraphID int64) (outcome.Document, outcome.Paragraph, bool) {
	if editionID == 0 || paragraphID == 0 {
		return outcome.Document{}, outcome.Paragraph{}, false
	}
	docs, err := s.outcome.Documents(ctx, u, editionID)
	if err != nil {
		return outcome.Document{}, outcome.Paragraph{}, false
	}
	for _, d := range docs {
		paras, err := s.outcome.Paragraphs(ctx, u, d.ID)
		if err != nil {
			continue
		}
		if i := slices.IndexFunc(paras, func(p outcome.Paragraph) bool { return p.ID == paragraphID }); i >= 0 {
			return d, paras[i], true
		}
	}
	return outcome.Document{}, outcome.Paragraph{}, false
}

// commentsOpen reports whether the forum of c's edition lets civil
// society comment on its reports (a commitment of no edition: no).
func (s *Server) commentsOpen(ctx context.Context, u *account.User, c commitment.Commitment) (bool, error) {
	if c.EditionID == 0 {
		return false, nil
	}
	e, err := s.dialogue.Edition(ctx, u, c.EditionID)
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			return false, nil
		}
		return false, err
	}
	return s.commitments.CommentsAllowed(ctx, e.ForumID)
}
