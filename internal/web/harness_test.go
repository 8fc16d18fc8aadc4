package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/country"
	"roundtable/internal/refdata"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/web"
)

// site is a running Roundtable on a fresh database.
type site struct {
	t        *testing.T
	db       *store.DB
	accounts *account.Service
	srv      *httptest.Server
}

var fastHasher = account.Hasher{Memory: 64, Time: 1, Threads: 1}

func newSite(t *testing.T, db *store.DB) *site {
	t.Helper()
	ctx := context.Background()
	set, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := country.Sync(ctx, db, set); err != nil {
		t.Fatal(err)
	}
	accounts, err := account.NewService(db, fastHasher)
	if err != nil {
		t.Fatal(err)
	}
	return startSite(t, db, accounts)
}

func startSite(t *testing.T, db *store.DB, accounts *account.Service) *site {
	t.Helper()
	s, err := web.New(web.Options{DB: db, Accounts: accounts, Logger: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &site{t: t, db: db, accounts: accounts, srv: srv}
}

const testPassword = "a password long enough"

// user creates an account with the given role.
func (s *site) user(email string, role account.Role) account.User {
	s.t.Helper()
	in := account.NewUser{Email: email, DisplayName: strings.Split(email, "@")[0], Role: role, Password: testPassword}
	if role == account.Delegate {
		in.Delegation = "BRA"
	}
	u, err := s.accounts.Create(context.Background(), audit.System("test"), in)
	if err != nil {
		s.t.Fatal(err)
	}
	return u
}

// client is a browser-like client: it keeps cookies and does not follow
// redirects, so tests see them.
type client struct {
	s    *site
	http *http.Client
	lang string
}

func (s *site) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{s: s, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// signIn opens a session for email through the sign-in form.
func (c *client) signIn(email string) *client {
	c.s.t.Helper()
	res := c.postForm("/signin", url.Values{"email": {email}, "password": {testPassword}})
	if res.StatusCode != http.StatusSeeOther {
		c.s.t.Fatalf("sign-in of %s: status %d", email, res.StatusCode)
	}
	return c
}

func (c *client) do(method, path string, body io.Reader, header http.Header) *http.Response {
	c.s.t.Helper()
	req, err := http.NewRequest(method, c.s.srv.URL+path, body)
	if err != nil {
		c.s.t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if c.lang != "" && req.Header.Get("Accept-Language") == "" {
		req.Header.Set("Accept-Language", c.lang)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.s.t.Fatal(err)
	}
	c.s.t.Cleanup(func() { res.Body.Close() })
	return res
}

func (c *client) get(path string) *http.Response { return c.do("GET", path, nil, nil) }

// csrf returns the visitor's CSRF token, fetching a page to get one.
func (c *client) csrf() string {
	u, _ := url.Parse(c.s.srv.URL)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == "rt_csrf" {
			return ck.Value
		}
	}
	c.get("/signin")
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == "rt_csrf" {
			return ck.Value
		}
	}
	c.s.t.Fatal("no CSRF cookie issued")
	return ""
}

// postForm submits a form the way the site's own pages do, with the token.
func (c *client) postForm(path string, v url.Values) *http.Response {
	if v == nil {
		v = url.Values{}
	}
	v.Set("csrf", c.csrf())
	return c.do("POST", path, strings.NewReader(v.Encode()), http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
}

// doc parses an HTML response.
func doc(t *testing.T, res *http.Response) *html.Node {
	t.Helper()
	n, err := html.Parse(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// find returns the elements with the given tag whose attributes include all
// of attrs ("id", "countries", ...); an empty tag matches any element.
func find(n *html.Node, tag string, attrs ...string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (tag == "" || n.Data == tag) && hasAttrs(n, attrs) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func hasAttrs(n *html.Node, attrs []string) bool {
	for i := 0; i+1 < len(attrs); i += 2 {
		if attr(n, attrs[i]) != attrs[i+1] {
			return false
		}
	}
	return true
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// text is the text content of n, trimmed.
func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}

// one returns the single element matching, failing the test otherwise.
func one(t *testing.T, n *html.Node, tag string, attrs ...string) *html.Node {
	t.Helper()
	found := find(n, tag, attrs...)
	if len(found) != 1 {
		t.Fatalf("found %d <%s %v>, want 1", len(found), tag, attrs)
	}
	return found[0]
}

func each(t *testing.T, fn func(t *testing.T, s *site)) {
	storetest.Each(t, func(t *testing.T, db *store.DB) { fn(t, newSite(t, db)) })
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
