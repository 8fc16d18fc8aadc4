package render_test

import (
	"bytes"
	"encoding/xml"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"roundtable/internal/outcome/render"
)

func writePDF(t *testing.T, d render.Document) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := render.PDF(&b, d); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.20q", b.Bytes())
	}
	return b.Bytes()
}

// pdfText is the text pdftotext reads from the PDF, or ok=false when
// pdftotext is not installed on a workstation; in CI it must be there.
func pdfText(t *testing.T, pdf []byte) (text string, ok bool) {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set and pdftotext is not installed (apt-get install poppler-utils)")
		}
		t.Log("pdftotext is not installed (apt-get install poppler-utils): not reading the text back")
		return "", false
	}
	cmd := exec.Command(bin, "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out), true
}

func TestPDFShowsChineseInEmbeddedFonts(t *testing.T) {
	pdf := writePDF(t, adoptedZH())
	// Both fonts travel inside the file (fpdf names them utf8<family>).
	for _, want := range []string{"/BaseFont /utf8droidsansfallback", "/BaseFont /utf8notosans", "/FontFile2"} {
		if !bytes.Contains(pdf, []byte(want)) {
			t.Errorf("the PDF lacks %s", want)
		}
	}
	text, ok := pdfText(t, pdf)
	if !ok {
		return
	}
	for _, want := range []string{
		"示例：为演示而虚构",
		"关于人权与发展的布宜诺斯艾利斯联合宣言",
		"OP1",
		"承诺在平等和相互尊重的基础上继续我们各国之间的对话；",
		"同意圆桌会议于2026年举行第三届会议；",
		"请秘书处在网上公布本案文、其译文和立场记录（record）；",
		"Brazil — 不参与",
		"O Brasil junta-se ao consenso, mas dissocia-se do parágrafo PP3.",
		"5f0c6a3e1d2b4c5a69788796a5b4c3d2e1f00112233445566778899aabbccddee",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext does not find %q in:\n%s", want, text)
		}
	}
	// pdftotext drops the narrow spaces of a line it takes for Chinese.
	if !strings.Contains(strings.ReplaceAll(text, " ", ""), "页1/1") {
		t.Error("no page number in the reader's words")
	}
}

// pdfRun is a stretch of text in one font, as pdftohtml -xml reports it.
type pdfRun struct {
	Font string
	Text string
}

var markup = regexp.MustCompile(`<[^>]*>`)

// pdfRuns reads the runs of a PDF with pdftohtml (poppler-utils), or
// ok=false on a workstation without it; in CI it must be there.
func pdfRuns(t *testing.T, pdf []byte) (runs []pdfRun, ok bool) {
	t.Helper()
	bin, err := exec.LookPath("pdftohtml")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set and pdftohtml is not installed (apt-get install poppler-utils)")
		}
		t.Log("pdftohtml is not installed (apt-get install poppler-utils): not checking fonts per run")
		return nil, false
	}
	path := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-xml", "-stdout", "-i", "-q", path).Output()
	if err != nil {
		t.Fatalf("pdftohtml: %v", err)
	}
	var doc struct {
		Pages []struct {
			Fonts []struct {
				ID     string `xml:"id,attr"`
				Family string `xml:"family,attr"`
			} `xml:"fontspec"`
			Texts []struct {
				Font string `xml:"font,attr"`
				Text string `xml:",innerxml"`
			} `xml:"text"`
		} `xml:"page"`
	}
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = false // pdf2xml.dtd is not at hand
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("pdftohtml output: %v", err)
	}
	family := map[string]string{} // font ids run on across pages
	for _, p := range doc.Pages {
		for _, f := range p.Fonts {
			family[f.ID] = f.Family
		}
		for _, x := range p.Texts {
			text := html.UnescapeString(markup.ReplaceAllString(x.Text, "")) // <b> around bold runs
			runs = append(runs, pdfRun{Font: family[x.Font], Text: text})
		}
	}
	return runs, true
}

// Chinese is set in the CJK font and Latin in Noto Sans, within one line:
// a reader sees glyphs, not empty boxes.
func TestPDFSetsEachScriptInItsFont(t *testing.T) {
	runs, ok := pdfRuns(t, writePDF(t, adoptedZH()))
	if !ok {
		return
	}
	want := map[string]string{
		"承诺在平等和相互尊重的基础上继续我们各国之间的对话；": "utf8droidsansfallback",
		"同意圆桌会议于":   "utf8droidsansfallback",
		"2026":      "utf8notosans",
		"年举行第三届会议；": "utf8droidsansfallback",
		"O Brasil junta-se ao consenso, mas dissocia-se do parágrafo PP3.": "utf8notosans",
		"OP2bis": "utf8notosansB",
	}
	for _, r := range runs {
		if font, ok := want[r.Text]; ok {
			if r.Font != font {
				t.Errorf("%q is set in %s, want %s", r.Text, r.Font, font)
			}
			delete(want, r.Text)
		}
	}
	for text := range want {
		t.Errorf("no run %q in %v", text, runs)
	}
}

func TestPDFNumbersPagesAndRepeatsTheNotice(t *testing.T) {
	d := longDocument("en", 40)
	d.Illustrative = true
	d.Hash = strings.Repeat("ab", 32)
	pdf := writePDF(t, d)
	text, ok := pdfText(t, pdf)
	if !ok {
		return
	}
	pages := strings.Count(text, "\f")
	if pages < 3 {
		t.Fatalf("40 paragraphs of 120 words fill %d pages", pages)
	}
	n := strconv.Itoa(pages)
	for i := 1; i <= pages; i++ {
		if want := "Page " + strconv.Itoa(i) + " / " + n; !strings.Contains(text, want) {
			t.Errorf("no %q", want)
		}
	}
	// In the footer of every page, and once at the top.
	if got := strings.Count(text, "Illustrative: invented for the demonstration"); got != pages+1 {
		t.Errorf("the notice shows %d times on %d pages", got, pages)
	}
	if got := strings.Count(text, d.Hash); got != pages+1 {
		t.Errorf("the hash shows %d times on %d pages", got, pages)
	}
	for _, label := range []string{"PP4", "OP1", "OP20", "OP36"} {
		if !strings.Contains(text, label+"\n") {
			t.Errorf("label %s is not in the margin", label)
		}
	}
}

func TestPDFOfARealTextSaysNothingOfIllustration(t *testing.T) {
	d := adoptedEN()
	d.Illustrative = false
	text, ok := pdfText(t, writePDF(t, d))
	if ok && strings.Contains(text, "Illustrative") {
		t.Error("a real text is called illustrative")
	}
}

// Fonts are shared by PDFs written at the same time (go test -race).
func TestPDFsWrittenConcurrently(t *testing.T) {
	var wg sync.WaitGroup
	out := make([][]byte, 4)
	for i := range out {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := adoptedZH()
			if i%2 == 1 {
				d = adoptedEN()
			}
			var b bytes.Buffer
			if err := render.PDF(&b, d); err != nil {
				t.Error(err)
			}
			out[i] = b.Bytes()
		}()
	}
	wg.Wait()
	// The same text gives the same file.
	if !bytes.Equal(out[0], out[2]) || !bytes.Equal(out[1], out[3]) {
		t.Error("the same document gave different PDFs")
	}
}
