package web_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"roundtable/internal/outcome/render"
)

// The Akoma Ntoso schema kept beside the renderer (the OASIS one).
const aknSchema = "../outcome/render/testdata/akn/akomantoso30.xsd"

// xmllint finds xmllint: without it the test skips on a workstation and
// fails in CI (CI set).
func xmllint(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set and xmllint is not installed (apt-get install libxml2-utils)")
		}
		t.Skip("skipping the schema check of the Akoma Ntoso download: xmllint is not installed (apt-get install libxml2-utils)")
	}
	return bin
}

// browser is a client signed in on the site as email: downloads are
// pages, which take a session, not a token. "" is the public.
func (f *outcomeAPIFixture) browser(email string) *client {
	c := f.s.client()
	if email != "" {
		c.signIn(email)
	}
	return c
}

// download fetches a file with c and checks its status, type and name.
func (f *outcomeAPIFixture) download(t *testing.T, path string, c *client, contentType, disposition string) []byte {
	t.Helper()
	res := c.get(path)
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", path, res.StatusCode, body)
	}
	if got := res.Header.Get("Content-Type"); got != contentType {
		t.Errorf("GET %s: Content-Type %q, want %q", path, got, contentType)
	}
	if got := res.Header.Get("Content-Disposition"); got != disposition {
		t.Errorf("GET %s: Content-Disposition %q, want %q", path, got, disposition)
	}
	return body
}

// The adopted text downloads in every format: Akoma Ntoso valid against
// the OASIS schema and carrying the hash, a PDF with its fonts inside, a
// printable page and Markdown; the public gets them as the room does.
func TestOutcomeDownloadsOfTheAdoptedText(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newOutcomeAPIFixture(t, s)
		f.draft(t)
		hash := f.adopt(t)["hash"].(string)
		f.call(t, "POST", f.out("/annex"), f.chn, `{"kind": "reservation", "paragraphs": ["OP1"], "text": "China reserves its position on OP1.", "language": "en"}`, 201)
		base := fmt.Sprintf("/outcomes/%d/", f.doc)
		name := fmt.Sprintf("outcome-%d-adopted-en", f.doc)
		public, obs := f.browser(""), f.browser("obs@example.org")

		akn := f.download(t, base+"text.akn.xml", public, "application/akn+xml; charset=utf-8", `attachment; filename="`+name+`.akn.xml"`)
		file := filepath.Join(t.TempDir(), "text.akn.xml")
		if err := os.WriteFile(file, akn, 0o600); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(xmllint(t), "--noout", "--schema", aknSchema, file).CombinedOutput(); err != nil {
			t.Fatalf("the Akoma Ntoso download does not validate: %v\n%s", err, out)
		}
		d, err := render.ParseAKN(bytes.NewReader(akn))
		if err != nil {
			t.Fatal(err)
		}
		var labels []string
		for _, p := range d.Paragraphs {
			labels = append(labels, p.Kind+" "+p.Label+" "+p.Text)
		}
		want := []string{"preambular PP1 Recalling the Universal Declaration of Human Rights,",
			"operative OP1 Agree to cooperate on the right to development;", "operative OP2 Decide to meet again in 2026."}
		if !d.Adopted || d.Method != "consensus" || d.Hash != hash || d.Title != "Brasília Declaration on the Right to Development" || fmt.Sprint(labels) != fmt.Sprint(want) {
			t.Errorf("the Akoma Ntoso download reads back as adopted %v by %q, hash %q, %q, %q", d.Adopted, d.Method, d.Hash, d.Title, labels)
		}

		pdf := f.download(t, base+"text.pdf", public, "application/pdf", `attachment; filename="`+name+`.pdf"`)
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf, []byte("/FontFile2")) || !bytes.Contains(pdf, []byte("/BaseFont /utf8")) {
			t.Errorf("the PDF download is not a PDF with its TrueType fonts embedded (%d bytes)", len(pdf))
		}

		res := public.get(base + "text.html")
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "style-src 'unsafe-inline'") || !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("the printable page's policy: %q", csp)
		}
		if got := res.Header.Get("Content-Disposition"); got != `inline; filename="`+name+`.html"` {
			t.Errorf("the printable page's disposition: %q", got)
		}
		page := doc(t, res)
		if text(one(t, page, "h1")) != "Brasília Declaration on the Right to Development" {
			t.Errorf("title %q", text(one(t, page, "h1")))
		}
		var paras []string
		for _, n := range find(page, "div") {
			if strings.HasPrefix(attr(n, "class"), "para") {
				paras = append(paras, attr(n, "id"))
			}
		}
		if text(one(t, page, "code")) != hash || fmt.Sprint(paras) != "[rec_PP1 para_OP1 para_OP2]" {
			t.Errorf("the printable page: hash %q, paragraphs %v", text(one(t, page, "code")), paras)
		}
		if got := text(one(t, page, "article")); !strings.Contains(got, "China reserves its position on OP1.") {
			t.Errorf("the annex on the printable page: %q", got)
		}

		md := string(f.download(t, base+"text.md", obs, "text/markdown; charset=utf-8", `attachment; filename="`+name+`.md"`))
		if !strings.Contains(md, "Brasília Declaration on the Right to Development") || !strings.Contains(md, "Decide to meet again in 2026.") || !strings.Contains(md, hash) {
			t.Errorf("the Markdown download:\n%s", md)
		}

		// The positions stay in the room once the text is public.
		if res := obs.get(base + "positions.csv"); res.StatusCode != 403 || res.Header.Get("Content-Disposition") != "" {
			t.Errorf("an observer gets the positions on the adopted text: %d %q", res.StatusCode, res.Header.Get("Content-Disposition"))
		}

		annex := doc(t, public.get(base+"annex.html"))
		if n := len(find(annex, "article")); n != 1 || len(find(annex, "section", "class", "operative")) != 0 {
			t.Errorf("the annex page has %d statements and the text besides", n)
		}
	})
}

// A text adopted, downloaded as Akoma Ntoso and imported again is the
// same text: the zero draft of the imported document has the adopted
// text's hash, and its paragraphs keep their labels.
func TestOutcomeImportedAgainHashesAsAdopted(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newOutcomeAPIFixture(t, s)
		f.draft(t)
		f.call(t, "POST", f.out("/paragraphs"), f.chair, `{"after": "OP1", "text": "Encourage exchanges between experts, académicos and 专家;"}`, 201)
		f.call(t, "POST", f.out("/revisions"), f.chair, `{}`, 201)
		hash := f.adopt(t)["hash"].(string)
		akn := f.download(t, fmt.Sprintf("/outcomes/%d/text.akn.xml", f.doc), f.browser("chair@example.org"), "application/akn+xml; charset=utf-8",
			fmt.Sprintf(`attachment; filename="outcome-%d-adopted-en.akn.xml"`, f.doc))

		h := f.chair.Clone()
		h.Set("Content-Type", "application/xml")
		res := f.c.do("POST", f.edition("/outcomes/import"), bytes.NewReader(akn), h)
		if res.StatusCode != 201 {
			t.Fatalf("import: %d %+v", res.StatusCode, decode[apiErr](t, res).Error)
		}
		got := decode[struct {
			Document struct {
				ID     int64
				Status string
			}
			ZeroDraft struct {
				Number int
				Hash   string
			} `json:"zero_draft"`
		}](t, res)
		if got.ZeroDraft.Hash != hash || got.ZeroDraft.Number != 0 || got.Document.Status != "drafting" {
			t.Errorf("imported: %+v, want a zero draft hashing %s", got, hash)
		}
		paras := decode[struct {
			Items []struct{ Label, Status string }
		}](t, f.c.do("GET", fmt.Sprintf("/api/v1/outcomes/%d/paragraphs", got.Document.ID), nil, f.chair))
		if fmt.Sprint(paras.Items) != "[{PP1 proposed} {OP1 proposed} {OP1bis proposed} {OP2 proposed}]" {
			t.Errorf("imported paragraphs: %v", paras.Items)
		}

		// A file altered after export is refused, and so is one that is
		// not Akoma Ntoso at all.
		altered := bytes.Replace(akn, []byte("meet again in 2026"), []byte("meet again in 2027"), 1)
		for _, body := range [][]byte{altered, []byte("<html></html>")} {
			wantError(t, f.c.do("POST", f.edition("/outcomes/import"), bytes.NewReader(body), h), 400, "invalid_akn", "")
		}
		wantError(t, f.c.do("POST", f.edition("/outcomes/import"), bytes.NewReader(akn), f.bra1), 403, "forbidden", "")
	})
}
