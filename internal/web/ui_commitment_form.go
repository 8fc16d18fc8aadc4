package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"roundtable/internal/commitment"
	"roundtable/internal/errs"
	"roundtable/internal/i18n"
	"roundtable/internal/visibility"
)

// commitmentFormPage is /commitments/new and /commitments/{id}/edit: the
// secretariat records a commitment from an adopted paragraph, a pledge or
// a recommendation, or changes one.
type commitmentFormPage struct {
	layout
	formFailure
	F         commitmentForm
	Countries []claimOption
	Indicator []claimOption
	Statuses  []commitment.Status
	Levels    []visibility.Level
	// SourceText is the paragraph or statement the commitment comes from,
	// shown above the form.
	SourceText string
}

// commitmentForm is the form's values as typed; rows of owners,
// milestones and indicators are repeated fields, blank rows ignored.
type commitmentForm struct {
	ID                                                  int64 // 0: a new commitment
	Source                                              commitment.Source
	ParagraphID, StatementID, RecommendationID, Edition string
	Title, Text, Language, Level                        string
	StartsOn, DueOn, ReportEvery                        string
	Concepts, Targets                                   string
	Owners                                              []cmOwnerRow
	Milestones                                          []cmMilestoneRow
	Indicators                                          []cmIndicatorRow
}

type cmOwnerRow struct{ Country, Institution string }

type cmMilestoneRow struct{ ID, Title, DueOn, DoneOn string }

type cmIndicatorRow struct{ Code, Country, BaselineYear, Baseline, TargetYear, Target string }

// Action is where the form posts.
func (f commitmentForm) Action() string {
	if f.ID != 0 {
		return commitmentURL(f.ID)
	}
	return "/commitments"
}

// blank rows added to a form's lists, so that one more of each can be
// written without a script.
const (
	cmBlankOwners     = 2
	cmBlankMilestones = 3
	cmBlankIndicators = 2
)

// padded adds the blank rows.
func (f commitmentForm) padded() commitmentForm {
	for range cmBlankOwners {
		f.Owners = append(f.Owners, cmOwnerRow{})
	}
	for range cmBlankMilestones {
		f.Milestones = append(f.Milestones, cmMilestoneRow{})
	}
	for range cmBlankIndicators {
		f.Indicators = append(f.Indicators, cmIndicatorRow{})
	}
	return f
}

// formOfCommitment fills the form with a saved commitment.
func formOfCommitment(c commitment.Commitment) commitmentForm {
	f := commitmentForm{ID: c.ID, Source: c.Source, Title: c.Title, Text: c.Text, Language: c.Language, Level: string(c.Level),
		StartsOn: c.StartsOn, DueOn: c.DueOn, ReportEvery: strconv.Itoa(c.ReportEvery),
		Concepts: strings.Join(c.Concepts, ", "), Targets: strings.Join(c.Targets, ", ")}
	for _, o := range c.Owners {
		f.Owners = append(f.Owners, cmOwnerRow{o.Country, o.Institution})
	}
	for _, m := range c.Milestones {
		f.Milestones = append(f.Milestones, cmMilestoneRow{strconv.FormatInt(m.ID, 10), m.Title, m.DueOn, m.DoneOn})
	}
	for _, in := range c.Indicators {
		f.Indicators = append(f.Indicators, cmIndicatorRow{in.Code, in.Country, strconv.Itoa(in.BaselineYear), strconv.FormatFloat(in.Baseline, 'f', -1, 64),
			strconv.Itoa(in.TargetYear), strconv.FormatFloat(in.Target, 'f', -1, 64)})
	}
	return f
}

// formOfPost reads the form as sent.
func formOfPost(v url.Values) commitmentForm {
	f := commitmentForm{Source: commitment.Source(v.Get("source")), ParagraphID: v.Get("paragraph_id"), StatementID: v.Get("statement_id"),
		RecommendationID: v.Get("recommendation_id"), Edition: v.Get("edition_id"),
		Title: v.Get("title"), Text: v.Get("text"), Language: v.Get("language"), Level: v.Get("level"),
		StartsOn: v.Get("starts_on"), DueOn: v.Get("due_on"), ReportEvery: v.Get("report_every"),
		Concepts: v.Get("concepts"), Targets: v.Get("targets")}
	at := func(name string, i int) string {
		if xs := v[name]; i < len(xs) {
			return strings.TrimSpace(xs[i])
		}
		return ""
	}
	for i := range v["owner_country"] {
		f.Owners = append(f.Owners, cmOwnerRow{at("owner_country", i), at("owner_institution", i)})
	}
	for i := range v["milestone_title"] {
		f.Milestones = append(f.Milestones, cmMilestoneRow{at("milestone_id", i), at("milestone_title", i), at("milestone_due", i), at("milestone_done", i)})
	}
	for i := range v["indicator_code"] {
		f.Indicators = append(f.Indicators, cmIndicatorRow{at("indicator_code", i), at("indicator_country", i), at("baseline_year", i),
			at("baseline", i), at("target_year", i), at("target", i)})
	}
	return f
}

// input turns the form into the service's input; a figure that is not a
// number is refused here, naming its field.
func (f commitmentForm) input() (commitment.Input, error) {
	in := commitment.Input{Title: strings.TrimSpace(f.Title), Text: strings.TrimSpace(f.Text), Language: f.Language,
		Level: visibility.Level(f.Level), StartsOn: f.StartsOn, DueOn: f.DueOn, Concepts: cmSplitList(f.Concepts), Targets: cmSplitList(f.Targets)}
	var err error
	ids := []struct {
		s   string
		dst *int64
		key string
	}{{f.ParagraphID, &in.ParagraphID, "paragraph_id"}, {f.StatementID, &in.StatementID, "statement_id"},
		{f.RecommendationID, &in.RecommendationID, "recommendation_id"}, {f.Edition, &in.EditionID, "edition_id"}}
	for _, x := range ids {
		if *x.dst, err = cmFormInt64(x.key, x.s); err != nil {
			return in, err
		}
	}
	if f.ReportEvery != "" {
		if in.ReportEvery, err = strconv.Atoi(strings.TrimSpace(f.ReportEvery)); err != nil {
			return in, errs.Field("report_every", "invalid_number", "commitment_web.invalid_number")
		}
	}
	for _, o := range f.Owners {
		if o.Country != "" || o.Institution != "" {
			in.Owners = append(in.Owners, commitment.Owner{Country: o.Country, Institution: o.Institution})
		}
	}
	for _, m := range f.Milestones {
		if m.Title == "" && m.DueOn == "" {
			continue
		}
		id, err := cmFormInt64("milestones", m.ID)
		if err != nil {
			return in, err
		}
		in.Milestones = append(in.Milestones, commitment.Milestone{ID: id, Title: m.Title, DueOn: m.DueOn, DoneOn: m.DoneOn})
	}
	for _, x := range f.Indicators {
		if x.Code == "" && x.Country == "" && x.Baseline == "" && x.Target == "" {
			continue
		}
		link := commitment.IndicatorLink{Code: x.Code, Country: x.Country}
		if link.BaselineYear, err = cmFormYear(x.BaselineYear); err == nil {
			if link.Baseline, err = cmFormFloat(x.Baseline); err == nil {
				if link.TargetYear, err = cmFormYear(x.TargetYear); err == nil {
					link.Target, err = cmFormFloat(x.Target)
				}
			}
		}
		if err != nil {
			return in, errs.Field("indicators", "invalid_number", "commitment_web.invalid_number")
		}
		in.Indicators = append(in.Indicators, link)
	}
	return in, nil
}

// cmSplitList splits a list typed with commas, semicolons or spaces.
func cmSplitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t' })
}

func cmFormInt64(field, s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, errs.Field(field, "invalid_id", "error.invalid")
	}
	return n, nil
}

func cmFormYear(s string) (int, error) { return strconv.Atoi(strings.TrimSpace(s)) }

// cmFormFloat reads a figure typed with a decimal point or a decimal comma
// (Spanish, Portuguese, French).
func cmFormFloat(s string) (float64, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "\u202f", "")
	s = strings.ReplaceAll(s, " ", "")
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	return strconv.ParseFloat(s, 64)
}

// commitmentNew is the form to record a commitment, prefilled from
// ?paragraph= (or ?outcome=&label=, as the adopted text links it),
// ?statement= or ?recommendation=.
func (s *Server) commitmentNew(w http.ResponseWriter, r *http.Request) error {
	ctx, st := r.Context(), stateOf(r)
	q := r.URL.Query()
	f := commitmentForm{Level: string(visibility.Public), ReportEvery: "12", Language: string(st.lang)}
	var sourceText string
	switch {
	case q.Has("outcome") && q.Has("label"):
		doc, err := strconv.ParseInt(q.Get("outcome"), 10, 64)
		if err != nil {
			return errs.ErrNotFound
		}
		d, err := s.outcome.Document(ctx, st.user, doc)
		if err != nil {
			return err
		}
		p, err := s.outcome.Paragraph(ctx, st.user, doc, q.Get("label"))
		if err != nil {
			return err
		}
		f.Source, f.ParagraphID, f.Edition = commitment.SourceParagraph, strconv.FormatInt(p.ID, 10), strconv.FormatInt(d.EditionID, 10)
		f.Title, f.Text, f.Language, sourceText = d.Title+", "+p.Label, p.Text, d.Language, p.Text
	case q.Has("paragraph"):
		f.Source, f.ParagraphID = commitment.SourceParagraph, q.Get("paragraph")
	case q.Has("statement"):
		id, err := strconv.ParseInt(q.Get("statement"), 10, 64)
		if err != nil {
			return errs.ErrNotFound
		}
		stmt, err := s.dialogue.Statement(ctx, st.user, id)
		if err != nil {
			return err
		}
		f.Source, f.StatementID, f.Edition = commitment.SourceStatement, strconv.FormatInt(id, 10), strconv.FormatInt(stmt.EditionID, 10)
		f.Title, f.Text, f.Language, sourceText = stmt.Title, stmt.Body, stmt.Language, stmt.Body
		if del, err := s.dialogue.Delegation(ctx, st.user, stmt.DelegationID); err == nil && len(del.Code) == 3 {
			f.Owners = []cmOwnerRow{{Country: del.Code}}
		}
	case q.Has("recommendation"):
		f.Source, f.RecommendationID = commitment.SourceRecommendation, q.Get("recommendation")
	}
	return s.renderCommitmentForm(w, r, http.StatusOK, f, sourceText, nil)
}

func (s *Server) commitmentEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.commitments.Get(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	return s.renderCommitmentForm(w, r, http.StatusOK, formOfCommitment(c), "", nil)
}

// renderCommitmentForm draws the form; ferr, when it is an error the
// person can fix, is its banner.
func (s *Server) renderCommitmentForm(w http.ResponseWriter, r *http.Request, status int, f commitmentForm, sourceText string, ferr error) error {
	ctx, st := r.Context(), stateOf(r)
	title := "commitment_web.new_title"
	if f.ID != 0 {
		title = "commitment_web.edit_title"
	}
	p := commitmentFormPage{layout: s.layout(w, r, title, "commitments"), F: f.padded(), Statuses: commitment.Statuses,
		Levels: []visibility.Level{visibility.Draft, visibility.Participants, visibility.Public}, SourceText: sourceText}
	var err error
	if p.formFailure, err = s.explain(st.lang, ferr, errs.Invalid, errs.NotFound, errs.Conflict); err != nil {
		return err
	}
	names, err := s.commitmentNames(ctx, st.lang)
	if err != nil {
		return err
	}
	p.Countries, p.Indicator = names.countryOptions(), names.indicatorOptions()
	return s.render(w, status, "commitment_form.html", p)
}

func (s *Server) commitmentCreate(w http.ResponseWriter, r *http.Request) error {
	f := formOfPost(r.PostForm)
	in, err := f.input()
	var c commitment.Commitment
	if err == nil {
		c, err = s.commitments.Create(r.Context(), stateOf(r).user, in)
	}
	if err != nil {
		return s.refuseCommitmentForm(w, r, f, err)
	}
	s.flash(w, "commitment_web.created")
	http.Redirect(w, r, commitmentURL(c.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) commitmentUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := formOfPost(r.PostForm)
	f.ID = id
	in, err := f.input()
	if err == nil {
		_, err = s.commitments.Update(r.Context(), stateOf(r).user, id, in)
	}
	if err != nil {
		return s.refuseCommitmentForm(w, r, f, err)
	}
	s.flash(w, "commitment_web.saved")
	http.Redirect(w, r, commitmentURL(id), http.StatusSeeOther)
	return nil
}

// refuseCommitmentForm draws the form again with what was sent and why it
// was refused; a commitment that is not there is a 404 page.
func (s *Server) refuseCommitmentForm(w http.ResponseWriter, r *http.Request, f commitmentForm, err error) error {
	e := errs.As(err)
	if e.Kind == errs.NotFound && f.ID != 0 {
		return err
	}
	return s.renderCommitmentForm(w, r, e.Kind.Status(), f, "", err)
}

// commitmentMilestone marks a milestone done on a day, or open again.
func (s *Server) commitmentMilestone(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := strconv.ParseInt(r.PathValue("milestone"), 10, 64)
	if err != nil || m <= 0 {
		return errs.ErrNotFound
	}
	if _, err := s.commitments.SetMilestoneDone(r.Context(), stateOf(r).user, id, m, r.PostForm.Get("done_on")); err != nil {
		if errs.As(err).Kind != errs.Invalid {
			return err
		}
		return s.renderCommitment(w, r, id, http.StatusBadRequest, "milestone", r.PostForm, err)
	}
	s.flash(w, "commitment_web.saved")
	http.Redirect(w, r, commitmentURL(id)+"#milestones", http.StatusSeeOther)
	return nil
}

// LangOptions are the languages a commitment may be written in.
func (p commitmentFormPage) LangOptions() []i18n.Lang { return i18n.Supported }

// Inc numbers a row from one, for its label.
func (p commitmentFormPage) Inc(i int) int { return i + 1 }
