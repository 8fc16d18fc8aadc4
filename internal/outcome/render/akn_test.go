package render_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"roundtable/internal/outcome/render"
)

// The OASIS schema, kept in testdata (see testdata/akn/README.md).
const aknSchema = "testdata/akn/akomantoso30.xsd"

// xmllint finds xmllint. Without it the test skips on a workstation and
// fails in CI (CI set), where .ci/run installs it.
func xmllint(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set and xmllint is not installed (apt-get install libxml2-utils)")
		}
		t.Skip("skipping schema validation: xmllint is not installed (apt-get install libxml2-utils)")
	}
	return bin
}

func TestAKNValidatesAgainstTheSchema(t *testing.T) {
	bin := xmllint(t)
	hostile := adoptedEN()
	hostile.Title = "A \"title\" with <tags> & 'quotes'\x01 and ]]> in it"
	hostile.Place = `Port-of-Spain & "Kingstown"`
	hostile.Paragraphs = []render.Paragraph{
		{Label: "OP 7 bis", Kind: render.Operative, Text: "\x00\x1f\ufffe text"},
		{Label: "OP-7-bis", Kind: render.Operative, Text: "same eId once cleaned"},
		{Label: "OP 7 bis", Kind: render.Operative, Text: "a label given twice"},
	}
	noPreamble := adoptedZH()
	noPreamble.Paragraphs = noPreamble.Paragraphs[3:]
	nothing := draftEN()
	nothing.Paragraphs = nil
	nothing.Place = ""
	docs := map[string]render.Document{
		"adopted-en": adoptedEN(), "adopted-zh": adoptedZH(), "draft-en": draftEN(),
		"hostile": hostile, "no-preamble": noPreamble, "empty": nothing,
	}
	// One xmllint for all files: reading the schema is most of its time.
	dir := t.TempDir()
	args := []string{"--noout", "--schema", aknSchema}
	for name, d := range docs {
		var b bytes.Buffer
		if err := render.AKN(&b, d); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		path := filepath.Join(dir, name+".xml")
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, path)
	}
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Errorf("xmllint: %v\n%s", err, out)
	}
	for name := range docs {
		if !strings.Contains(string(out), filepath.Join(dir, name+".xml")+" validates") {
			t.Errorf("%s does not validate", name)
		}
	}
}

// aknFile is the part of an Akoma Ntoso file a reader of the export looks at.
type aknFile struct {
	Statement struct {
		Name  string `xml:"name,attr"`
		Langs []struct {
			Language string `xml:"language,attr"`
		} `xml:"meta>identification>FRBRExpression>FRBRlanguage"`
		WorkURI struct {
			Value string `xml:"value,attr"`
		} `xml:"meta>identification>FRBRWork>FRBRuri"`
		Author struct {
			Href string `xml:"href,attr"`
		} `xml:"meta>identification>FRBRWork>FRBRauthor"`
		ContentHash string   `xml:"meta>proprietary>outcome>contentHash"`
		Title       string   `xml:"preface>p>docTitle"`
		Recitals    []aknPar `xml:"preamble>recitals>recital"`
		Paragraphs  []aknPar `xml:"mainBody>paragraph"`
	} `xml:"statement"`
}

type aknPar struct {
	EID   string   `xml:"eId,attr"`
	Num   string   `xml:"num"`
	Lines []string `xml:"p"`
	Body  []string `xml:"content>p"`
}

func TestAKNHasTheTextWhereAReaderLooks(t *testing.T) {
	var b bytes.Buffer
	if err := render.AKN(&b, adoptedZH()); err != nil {
		t.Fatal(err)
	}
	var f aknFile
	if err := xml.Unmarshal(b.Bytes(), &f); err != nil {
		t.Fatal(err)
	}
	s := f.Statement
	if s.Name != "declaration" {
		t.Errorf("statement name %q, want declaration", s.Name)
	}
	if len(s.Langs) != 1 || s.Langs[0].Language != "zho" {
		t.Errorf("expression languages %v, want zho", s.Langs)
	}
	if s.WorkURI.Value != "/akn/un/statement/declaration/2025-07-25/china-lac-2" || s.Author.Href != "#roundtable" {
		t.Errorf("work %q by %q", s.WorkURI.Value, s.Author.Href)
	}
	if s.ContentHash != "5f0c6a3e1d2b4c5a69788796a5b4c3d2e1f00112233445566778899aabbccddee" {
		t.Errorf("content hash %q", s.ContentHash)
	}
	if s.Title != "关于人权与发展的布宜诺斯艾利斯联合宣言" {
		t.Errorf("title %q", s.Title)
	}
	if len(s.Recitals) != 3 || s.Recitals[1].Num != "PP2" || s.Recitals[1].EID != "recs_1__rec_PP2" ||
		strings.Join(s.Recitals[1].Lines, "") != "重申一切人权都是普遍、不可分割、相互依存和相互关联的，" {
		t.Errorf("recitals %+v", s.Recitals)
	}
	if len(s.Paragraphs) != 4 {
		t.Fatalf("%d operative paragraphs, want 4", len(s.Paragraphs))
	}
	op := s.Paragraphs[2]
	if op.EID != "para_OP2bis" || op.Num != "OP2bis" ||
		len(op.Body) != 2 || op.Body[0] != "同意圆桌会议于2026年举行第三届会议；" || op.Body[1] != "会议地点通过协商决定。" {
		t.Errorf("OP2bis is %+v", op)
	}
}

func TestAKNRefusesWhatItCannotWrite(t *testing.T) {
	for name, change := range map[string]func(*render.Document){
		"no work IRI":    func(d *render.Document) { d.WorkURI = "" },
		"IRI not clean":  func(d *render.Document) { d.WorkURI = "/akn/un/\x00" },
		"relative IRI":   func(d *render.Document) { d.WorkURI = "akn/un/x" },
		"unknown kind":   func(d *render.Document) { d.Kind = "resolution" },
		"PP after OP":    func(d *render.Document) { d.Paragraphs[4].Kind = render.Preambular },
		"paragraph kind": func(d *render.Document) { d.Paragraphs[0].Kind = "annex" },
	} {
		d := adoptedEN()
		d.Paragraphs = append([]render.Paragraph(nil), d.Paragraphs...)
		change(&d)
		if err := render.AKN(&bytes.Buffer{}, d); err == nil {
			t.Errorf("%s: AKN wrote the file", name)
		}
	}
}

func TestParseAKNReadsBackTheDocument(t *testing.T) {
	for _, d := range []render.Document{adoptedEN(), adoptedZH(), draftEN()} {
		var b bytes.Buffer
		if err := render.AKN(&b, d); err != nil {
			t.Fatal(err)
		}
		got, err := render.ParseAKN(&b)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != d.Title || got.Kind != d.Kind || got.Lang != d.Lang || got.Forum != d.Forum ||
			got.Edition != d.Edition || got.Place != d.Place || got.WorkURI != d.WorkURI ||
			got.Adopted != d.Adopted || !got.AdoptedAt.Equal(d.AdoptedAt) || got.Method != d.Method ||
			got.Hash != d.Hash || got.Illustrative != d.Illustrative {
			t.Errorf("read back\n%+v\nwrote\n%+v", got, d)
		}
		if got.Revision != d.Revision {
			t.Errorf("revision %q, want %q", got.Revision, d.Revision)
		}
		if got.Date.Format("2006-01-02") != d.Date.Format("2006-01-02") {
			t.Errorf("date %v, want %v", got.Date, d.Date)
		}
		if len(got.Paragraphs) != len(d.Paragraphs) {
			t.Fatalf("%d paragraphs, want %d", len(got.Paragraphs), len(d.Paragraphs))
		}
		for i, p := range got.Paragraphs {
			w := d.Paragraphs[i]
			if p.Label != w.Label || p.Kind != w.Kind || p.Text != w.Text {
				t.Errorf("paragraph %d: %q %q %q, want %q %q %q", i, p.Label, p.Kind, p.Text, w.Label, w.Kind, w.Text)
			}
		}
	}
}

func TestParseAKNSaysWhereTheInputIsWrong(t *testing.T) {
	var good bytes.Buffer
	if err := render.AKN(&good, adoptedEN()); err != nil {
		t.Fatal(err)
	}
	file := good.String()
	lineOf := func(s string) string {
		i := strings.Index(file, s)
		return "line " + strconv.Itoa(strings.Count(file[:i], "\n")+1)
	}
	cases := []struct {
		name, input, want string
	}{
		{"not XML", "<?xml version=\"1.0\"?>\n<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\">\n<statement name=\"x\">\n</akomaNtoso>", "line 4"},
		{"other root", "<html>\n</html>", "line 1"},
		{"AKN 2.0", `<akomaNtoso xmlns="http://www.akomantoso.org/2.0"><doc name="x"/></akomaNtoso>`, "Akoma Ntoso 3.0"},
		{"empty", "", "no <akomaNtoso>"},
		{"paragraph without num", strings.Replace(file, "<num>OP2bis</num>", "", 1), lineOf("para_OP2bis")},
		{"text altered", strings.Replace(file, "mutual respect", "mutual interest", 1), "altered"},
		{"a character XML forbids", strings.Replace(file, "mutual respect", "mutual\x01respect", 1), lineOf("mutual respect")},
	}
	for _, c := range cases {
		_, err := render.ParseAKN(strings.NewReader(c.input))
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q does not say %q", c.name, err, c.want)
		}
	}
	if _, err := render.ParseAKN(errReader{}); err == nil || !errors.Is(err, errBroken) && !strings.Contains(err.Error(), errBroken.Error()) {
		t.Errorf("a failing reader gives %v", err)
	}
}

var errBroken = errors.New("connection reset")

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errBroken }
