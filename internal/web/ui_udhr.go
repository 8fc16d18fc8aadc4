package web

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"roundtable/internal/errs"
	"roundtable/internal/reference"
)

// The Universal Declaration: an index of its thirty articles in the
// reader's language, and a page per article in every working language.

// udhrArticles is how many articles the Declaration has.
const udhrArticles = 30

type udhrPage struct {
	layout
	Number   int
	Articles []reference.Article
	Concepts []conceptLink
	Prev     int
	Next     int
}

// ArticleTitle is an article's title as the official text in lang heads
// it ("Article premier", "第一条"), the same on the index and the pages.
func (p udhrPage) ArticleTitle(lang string, n int) string { return udhrArticleTitle(lang, n) }

// udhrPage shows one article of the Declaration in every working language.
func (s *Server) udhrPage(w http.ResponseWriter, r *http.Request) error {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 || n > udhrArticles {
		return errs.ErrNotFound
	}
	arts, err := reference.Articles(r.Context(), s.db.Reader(), reference.UDHR, n)
	if err != nil {
		return err
	}
	p := udhrPage{layout: s.layout(w, r, "udhr.title", "udhr"), Number: n, Articles: arts, Prev: n - 1}
	if n < udhrArticles {
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

type udhrIndexPage struct {
	layout
	Articles []udhrEntry
}

// udhrEntry is an article on the index: its number, title and first words.
type udhrEntry struct {
	Number  int
	Title   string
	Opening string
}

// udhrIndex lists the thirty articles in the reader's language, each with
// its first words.
func (s *Server) udhrIndex(w http.ResponseWriter, r *http.Request) error {
	p := udhrIndexPage{layout: s.layout(w, r, "udhr.title", "udhr")}
	lang := string(p.Lang)
	err := reference.All(r.Context(), s.db.Reader(), func(a reference.Article) error {
		if a.Doc == reference.UDHR && a.Language == lang {
			p.Articles = append(p.Articles, udhrEntry{Number: a.Number, Title: udhrArticleTitle(lang, a.Number), Opening: opening(a.Body, lang)})
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(p.Articles) == 0 {
		return errs.ErrNotFound
	}
	return s.render(w, http.StatusOK, "udhr_index.html", p)
}

// udhrArticleTitle heads article n as the official text in lang does:
// "Article 1", "Artículo 1", "Artigo 1", "第一条", and "Article premier"
// for the French first article. (The shipped Portuguese text heads its
// articles "Artigo I."; the pages use the form the other texts share.)
func udhrArticleTitle(lang string, n int) string {
	num := strconv.Itoa(n)
	switch lang {
	case "es":
		return "Artículo " + num
	case "pt":
		return "Artigo " + num
	case "zh":
		return "第" + chineseNumber(n) + "条"
	case "fr":
		if n == 1 {
			return "Article premier"
		}
	}
	return "Article " + num
}

// chineseNumber writes 1 to 99 in Chinese numerals (十一, 二十, 三十).
func chineseNumber(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	if n < 1 || n > 99 {
		return strconv.Itoa(n)
	}
	if n < 10 {
		return digits[n]
	}
	tens := ""
	if n >= 20 {
		tens = digits[n/10]
	}
	return tens + "十" + digits[n%10]
}

// opening is the first words of an article's text: its first paragraph,
// cut at a word (in Chinese, at a character) with an ellipsis when longer
// than a line of the index.
func opening(body, lang string) string {
	first, _, _ := strings.Cut(strings.TrimSpace(body), "\n")
	limit := 110
	if lang == "zh" {
		limit = 40
	}
	if utf8.RuneCountInString(first) <= limit {
		return first
	}
	cut := string([]rune(first)[:limit])
	if lang != "zh" {
		if i := strings.LastIndexByte(cut, ' '); i > limit/2 {
			cut = cut[:i]
		}
	}
	return strings.TrimRight(cut, " ,;:，、；") + "…"
}
