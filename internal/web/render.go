package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/errs"
	"roundtable/internal/i18n"
)

//go:embed templates
var templateFiles embed.FS

// templates holds one parsed template set per page, each with the layout.
type templates struct {
	pages map[string]*template.Template
}

func parseTemplates(cat *i18n.Catalog) (*templates, error) {
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	funcs := template.FuncMap{
		"date": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
		"int":  func(n uint64) int { return int(n) },
		// invalid marks the field a form error is about, so that screen
		// readers announce it and tie it to the banner (id form-error):
		// <input name="email" {{invalid .ErrorField "email"}}>.
		"invalid": func(errField, name string) template.HTMLAttr {
			if errField == "" || errField != name {
				return ""
			}
			return `aria-invalid="true" aria-describedby="form-error"`
		},
		"has": func(xs []string, x string) bool {
			for _, y := range xs {
				if y == x {
					return true
				}
			}
			return false
		},
	}
	ts := &templates{pages: map[string]*template.Template{}}
	for _, n := range names {
		base := strings.TrimPrefix(n, "templates/")
		if base == "layout.html" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", base, err)
		}
		ts.pages[base] = t
	}
	return ts, nil
}

// layout is what every page shows around its content; each page struct
// embeds it, so templates call {{.T "key"}} in the reader's language.
type layout struct {
	Lang      i18n.Lang
	Langs     []i18n.Lang
	TitleKey  string
	User      *account.User
	CSRF      string
	Here      string // this page's URI, to come back to after switching language
	Flash     string // a catalog key
	catalog   *i18n.Catalog
	IsAdmin   bool
	SignedIn  bool
	NavActive string
	// DemoNotice says the site's content is invented for a demonstration
	// (shown once, atop every page); "" on any other site.
	DemoNotice string
}

// T translates key into the page's language.
func (l layout) T(key string, args ...any) string { return l.catalog.T(l.Lang, key, args...) }

// N translates a plural message for n.
func (l layout) N(key string, n int, args ...any) string { return l.catalog.N(l.Lang, key, n, args...) }

// RoleName is the translated name of a role.
func (l layout) RoleName(r account.Role) string { return l.T("role." + string(r)) }

// Name picks a name in the page's language from a map of names.
func (l layout) Name(names map[string]string) string {
	if n := names[string(l.Lang)]; n != "" {
		return n
	}
	return names["en"]
}

func (s *Server) layout(w http.ResponseWriter, r *http.Request, titleKey, nav string) layout {
	st := stateOf(r)
	return layout{
		Lang: st.lang, Langs: i18n.Supported, TitleKey: titleKey, User: st.user, CSRF: st.csrf,
		Here: r.URL.RequestURI(), Flash: s.takeFlash(w, r), catalog: s.catalog,
		SignedIn: st.user != nil, IsAdmin: st.user != nil && st.user.Role == account.Administrator,
		NavActive: nav, DemoNotice: s.demoNotice(string(st.lang)),
	}
}

// render executes a page into a buffer first, so a template error becomes a
// clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, status int, name string, page any) error {
	t, ok := s.pages.pages[name]
	if !ok {
		return fmt.Errorf("no template %s", name)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, page); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

type errorPage struct {
	layout
	Message string
	Status  int
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	p := errorPage{layout: s.layout(w, r, "error.title", ""), Message: msg, Status: status}
	if err := s.render(w, status, "error.html", p); err != nil {
		s.log.Error("render error page", "err", err)
		http.Error(w, msg, status)
	}
}

// LangName is a language code's own name ("Português" for pt).
func (l layout) LangName(code string) string {
	if x, ok := i18n.Parse(code); ok {
		return x.NativeName()
	}
	return code
}

// LangTag is the BCP 47 tag for a text's lang attribute.
func (l layout) LangTag(code string) string {
	if x, ok := i18n.Parse(code); ok {
		return x.Tag()
	}
	return code
}

// Text picks a multilingual text in the page's language.
func (l layout) Text(t map[string]string) string { return dialogueTexts(t).In(string(l.Lang)) }

// Sep separates the items of an inline list: "、" in Chinese, ", " elsewhere.
func (l layout) Sep() string {
	if l.Lang == i18n.Zh {
		return "、"
	}
	return ", "
}

// formFailure is the error banner of a form page: the message in the
// reader's language and the field at fault.
type formFailure struct {
	Error      string
	ErrorField string
}

// explain turns an error a person can fix (of one of kinds; Invalid when
// none are given) into a form's banner; any other error is returned for
// the error adapter.
func (s *Server) explain(lang i18n.Lang, err error, kinds ...errs.Kind) (formFailure, error) {
	if err == nil {
		return formFailure{}, nil
	}
	if len(kinds) == 0 {
		kinds = []errs.Kind{errs.Invalid}
	}
	e := errs.As(err)
	for _, k := range kinds {
		if e.Kind == k {
			return formFailure{s.fieldMessage(lang, e), e.Field}, nil
		}
	}
	return formFailure{}, err
}

// fieldMessage is an error's message, led by the name of the field it is
// about when the catalog names that field ("E-mail address: …"), so the
// reader knows where to look.
func (s *Server) fieldMessage(lang i18n.Lang, e *errs.Error) string {
	msg := s.catalog.T(lang, e.Key, e.Args...)
	if e.Field == "" || !s.catalog.Has(lang, "field."+e.Field) {
		return msg
	}
	return s.catalog.T(lang, "form.field_error", "field", s.catalog.T(lang, "field."+e.Field), "message", msg)
}
