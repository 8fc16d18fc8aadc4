package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"roundtable/internal/errs"
	"roundtable/internal/i18n"
	"roundtable/internal/practice"
)

// practiceForm is a practice as its form holds it: the fields as typed,
// so a refused form comes back as it was sent.
type practiceForm struct {
	practice.Input
	PeriodFrom, PeriodTo string
	TargetsText          string
	formFailure
}

// Has reports whether a concept or an indicator is chosen.
func (f practiceForm) Has(list, code string) bool {
	xs := f.Concepts
	if list == "indicators" {
		xs = f.Indicators
	}
	for _, x := range xs {
		if x == code {
			return true
		}
	}
	return false
}

// splitPracticeList reads a list typed with commas, semicolons or spaces.
func splitPracticeList(s string) []string {
	out := []string{}
	for _, x := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t' }) {
		out = append(out, x)
	}
	return out
}

// listOf reads a multiple select, or a list typed in one field.
func listOf(v url.Values, name string) []string {
	out := []string{}
	for _, x := range v[name] {
		out = append(out, splitPracticeList(x)...)
	}
	return out
}

func practiceFromForm(v url.Values) (practiceForm, error) {
	f := practiceForm{Input: practice.Input{Country: strings.ToUpper(strings.TrimSpace(v.Get("country"))), Language: v.Get("language"),
		Title: v.Get("title"), Context: v.Get("context"), Actions: v.Get("actions"), Results: v.Get("results"),
		Challenges: v.Get("challenges"), Lessons: v.Get("lessons"), Transfer: v.Get("transfer"),
		Institutions: v.Get("institutions"), Costs: v.Get("costs"), Contact: v.Get("contact"),
		Concepts: listOf(v, "concepts"), Targets: listOf(v, "targets"), Indicators: listOf(v, "indicators")},
		PeriodFrom: strings.TrimSpace(v.Get("period_from")), PeriodTo: strings.TrimSpace(v.Get("period_to")),
		TargetsText: v.Get("targets")}
	for _, y := range []struct {
		field, text string
		to          *int
	}{{"period_from", f.PeriodFrom, &f.Input.PeriodFrom}, {"period_to", f.PeriodTo, &f.Input.PeriodTo}} {
		if y.text == "" {
			continue
		}
		n, err := strconv.Atoi(y.text)
		if err != nil {
			return f, errs.Field(y.field, "invalid_year", "practice_web.error.invalid_year")
		}
		*y.to = n
	}
	return f, nil
}

// formOfPractice fills the form with a practice's facts and its original
// text.
func formOfPractice(p practice.Practice) practiceForm {
	t := p.Texts[p.Language]
	f := practiceForm{Input: practice.Input{Country: p.Country, Language: p.Language, Title: t.Title, Context: t.Context,
		Actions: t.Actions, Results: t.Results, Challenges: t.Challenges, Lessons: t.Lessons, Transfer: t.Transfer,
		PeriodFrom: p.PeriodFrom, PeriodTo: p.PeriodTo, Institutions: p.Institutions, Costs: p.Costs, Contact: p.Contact,
		Concepts: p.Concepts, Targets: p.Targets, Indicators: p.Indicators, Documents: p.Documents},
		TargetsText: strings.Join(p.Targets, ", ")}
	if p.PeriodFrom != 0 {
		f.PeriodFrom = strconv.Itoa(p.PeriodFrom)
	}
	if p.PeriodTo != 0 {
		f.PeriodTo = strconv.Itoa(p.PeriodTo)
	}
	return f
}

// practiceFormPage is /practices/new and /practices/{id}/edit.
type practiceFormPage struct {
	layout
	ID   int64 // 0 for a new practice
	Form practiceForm
	// ChooseCountry: the secretariat writes for any state; a delegate for
	// its own, which the form names.
	ChooseCountry                   bool
	CountryName                     string
	Countries, Concepts, Indicators []claimOption
	Languages                       []i18n.Lang
}

func (s *Server) renderPracticeForm(w http.ResponseWriter, r *http.Request, status int, id int64, f practiceForm) error {
	ctx, st := r.Context(), stateOf(r)
	names, err := s.practiceNames(ctx, st.lang)
	if err != nil {
		return err
	}
	title := "practice_web.new_title"
	if id != 0 {
		title = "practice_web.edit_title"
	}
	p := practiceFormPage{layout: s.layout(w, r, title, "practices"), ID: id, Form: f, ChooseCountry: mayManageAction(st.user),
		Countries: names.countryOptions(), Concepts: names.conceptOptions(), Indicators: names.indicatorOptions(), Languages: i18n.Supported}
	if !p.ChooseCountry && st.user != nil {
		p.Form.Country = st.user.Delegation
	}
	p.CountryName = names.Country(p.Form.Country)
	return s.render(w, status, "practice_form.html", p)
}

func (s *Server) practiceNew(w http.ResponseWriter, r *http.Request) error {
	return s.renderPracticeForm(w, r, http.StatusOK, 0, practiceForm{Input: practice.Input{Language: string(stateOf(r).lang)}})
}

// practiceFormFailed shows a refused form again with its error in the
// reader's language; an error no field explains goes to the adapter.
func (s *Server) practiceFormFailed(w http.ResponseWriter, r *http.Request, id int64, f practiceForm, err error) error {
	status := errs.As(err).Kind.Status()
	if errs.Is(err, errs.NotFound) || errs.Is(err, errs.Forbidden) {
		return err
	}
	if f.formFailure, err = s.explain(stateOf(r).lang, err, errs.Invalid, errs.Conflict, errs.TooLarge); err != nil {
		return err
	}
	return s.renderPracticeForm(w, r, status, id, f)
}

func (s *Server) practiceCreate(w http.ResponseWriter, r *http.Request) error {
	st := stateOf(r)
	f, err := practiceFromForm(r.PostForm)
	if !mayManageAction(st.user) && st.user != nil && f.Country == "" {
		f.Country = st.user.Delegation
	}
	if err == nil {
		f.Documents, err = s.practiceUploads(r)
	}
	var p practice.Practice
	if err == nil {
		p, err = s.practices.Create(r.Context(), st.user, f.Input)
	}
	if err != nil {
		return s.practiceFormFailed(w, r, 0, f, err)
	}
	s.flash(w, "practice_web.saved")
	http.Redirect(w, r, "/practices/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) practiceEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.practices.Get(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	if !ownsPractice(stateOf(r).user, p.Country) {
		return errs.ErrForbidden
	}
	return s.renderPracticeForm(w, r, http.StatusOK, id, formOfPractice(p))
}

func (s *Server) practiceUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st := stateOf(r)
	old, err := s.practices.Get(r.Context(), st.user, id)
	if err != nil {
		return err
	}
	f, err := practiceFromForm(r.PostForm)
	if f.Country == "" {
		f.Country = old.Country
	}
	f.Documents = old.Documents
	if err == nil {
		var added []practice.Document
		if added, err = s.practiceUploads(r); err == nil {
			f.Documents = append(f.Documents, added...)
		}
	}
	if err == nil {
		_, err = s.practices.Update(r.Context(), st.user, id, f.Input)
	}
	if err != nil {
		return s.practiceFormFailed(w, r, id, f, err)
	}
	s.flash(w, "practice_web.saved")
	http.Redirect(w, r, "/practices/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// practiceDone sends the reader back to the practice with a note.
func (s *Server) practiceDone(w http.ResponseWriter, r *http.Request, id int64, flash string) error {
	s.flash(w, flash)
	http.Redirect(w, r, "/practices/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) practiceSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.practices.Submit(r.Context(), stateOf(r).user, id); err != nil {
		return err
	}
	return s.practiceDone(w, r, id, "practice_web.submitted")
}

func (s *Server) practicePublish(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.practices.Publish(r.Context(), stateOf(r).user, id); err != nil {
		return err
	}
	return s.practiceDone(w, r, id, "practice_web.published")
}

func (s *Server) practiceReturn(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.practices.Return(r.Context(), stateOf(r).user, id, r.PostForm.Get("note")); err != nil {
		return err
	}
	return s.practiceDone(w, r, id, "practice_web.returned")
}

// practiceTranslatePage is /practices/{id}/translations/{lang}: a
// person's translation of the practice's text into one language, with the
// original beside each field.
type practiceTranslatePage struct {
	layout
	P        practiceView
	Original practice.Text
	// Target is the language translated into.
	Target      string
	LangLabelOf string
	Form        practice.Text
	Reviewed    bool
	formFailure
}

func (s *Server) practiceTranslation(r *http.Request) (practice.Practice, string, error) {
	id, err := pathID(r)
	if err != nil {
		return practice.Practice{}, "", err
	}
	l, ok := i18n.Parse(r.PathValue("lang"))
	if !ok || string(l) != r.PathValue("lang") {
		return practice.Practice{}, "", errs.ErrNotFound
	}
	p, err := s.practices.Get(r.Context(), stateOf(r).user, id)
	return p, string(l), err
}

func (s *Server) renderPracticeTranslate(w http.ResponseWriter, r *http.Request, status int, p practice.Practice, lang string, form practice.Text, reviewed bool, ff formFailure) error {
	st := stateOf(r)
	names, err := s.practiceNames(r.Context(), st.lang)
	if err != nil {
		return err
	}
	pg := practiceTranslatePage{layout: s.layout(w, r, "practice_web.translate_title", "practices"), Original: p.Texts[p.Language],
		Target: lang, Form: form, Reviewed: reviewed, formFailure: ff}
	pg.LangLabelOf = pg.layout.LangName(lang)
	pg.P = viewPractice(pg.layout, names, p, p.Language)
	return s.render(w, status, "practice_translate.html", pg)
}

func (s *Server) practiceTranslateForm(w http.ResponseWriter, r *http.Request) error {
	p, lang, err := s.practiceTranslation(r)
	if err != nil {
		return err
	}
	if !ownsPractice(stateOf(r).user, p.Country) {
		return errs.ErrForbidden
	}
	t, ok := p.Texts[lang]
	if !ok {
		t = practice.Text{Language: lang}
	}
	return s.renderPracticeTranslate(w, r, http.StatusOK, p, lang, t, t.Review == practice.ReviewReviewed, formFailure{})
}

func (s *Server) practiceTranslate(w http.ResponseWriter, r *http.Request) error {
	p, lang, err := s.practiceTranslation(r)
	if err != nil {
		return err
	}
	v := r.PostForm
	t := practice.Text{Language: lang, Title: v.Get("title"), Context: v.Get("context"), Actions: v.Get("actions"), Results: v.Get("results"),
		Challenges: v.Get("challenges"), Lessons: v.Get("lessons"), Transfer: v.Get("transfer"), Origin: practice.OriginHuman, Review: practice.ReviewPending}
	reviewed := v.Get("reviewed") != ""
	if reviewed {
		t.Review = practice.ReviewReviewed
	}
	if _, err := s.practices.SetText(r.Context(), stateOf(r).user, p.ID, lang, t); err != nil {
		if errs.Is(err, errs.NotFound) || errs.Is(err, errs.Forbidden) {
			return err
		}
		status := errs.As(err).Kind.Status()
		ff, err := s.explain(stateOf(r).lang, err, errs.Invalid, errs.Conflict)
		if err != nil {
			return err
		}
		return s.renderPracticeTranslate(w, r, status, p, lang, t, reviewed, ff)
	}
	s.flash(w, "practice_web.translation_saved")
	http.Redirect(w, r, "/practices/"+strconv.FormatInt(p.ID, 10)+"?lang="+lang, http.StatusSeeOther)
	return nil
}

// translateField is one field of the translation form, with the original
// beside it.
type translateField struct {
	Name, Label, Original, Value string
}

// Fields are the text's fields in the order of the practice page.
func (p practiceTranslatePage) Fields() []translateField {
	o, f := p.Original, p.Form
	return []translateField{
		{"title", "practice_web.title_field", o.Title, f.Title},
		{"context", "practice_web.context", o.Context, f.Context},
		{"actions", "practice_web.actions", o.Actions, f.Actions},
		{"results", "practice_web.results", o.Results, f.Results},
		{"challenges", "practice_web.challenges", o.Challenges, f.Challenges},
		{"lessons", "practice_web.lessons", o.Lessons, f.Lessons},
		{"transfer", "practice_web.transfer", o.Transfer, f.Transfer},
	}
}
