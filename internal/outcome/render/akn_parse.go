package render

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// ParseAKN reads an Akoma Ntoso document as AKN writes it: title, kind,
// language, forum, edition, revision, place, date, adoption, hash and the
// paragraphs with their labels, kinds and texts. Annex entries and labels
// are not in the file. An error names the line of the input where reading
// stopped. When the file carries the hash of its own text and the text no
// longer matches it, ParseAKN says so rather than return an altered text.
func ParseAKN(r io.Reader) (Document, error) {
	p := &aknParser{dec: xml.NewDecoder(r)}
	if err := p.run(); err != nil {
		return Document{}, err
	}
	return p.finish()
}

type aknParser struct {
	dec   *xml.Decoder
	d     Document
	stack []string // local names from the root down

	sawRoot, sawDoc bool
	langAttr        string // rt:outcome lang, exact; FRBRlanguage maps codes
	frbrLang        string
	exprHash        string

	para     *Paragraph // the recital or paragraph being read
	paraLine int
	inNum    bool
	lines    []string // <p> texts of the paragraph
	buf      strings.Builder
	capture  bool // collecting character data into buf
}

func (p *aknParser) line() int {
	line, _ := p.dec.InputPos()
	return line
}

func (p *aknParser) errorf(format string, args ...any) error {
	return fmt.Errorf("akn line %d: %s", p.line(), fmt.Sprintf(format, args...))
}

func (p *aknParser) run() error {
	for {
		tok, err := p.dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			var syn *xml.SyntaxError
			if errors.As(err, &syn) {
				return fmt.Errorf("akn line %d: %s", syn.Line, syn.Msg)
			}
			return p.errorf("%v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := p.start(t); err != nil {
				return err
			}
			p.stack = append(p.stack, t.Name.Local)
		case xml.EndElement:
			p.stack = p.stack[:len(p.stack)-1]
			if err := p.end(t); err != nil {
				return err
			}
		case xml.CharData:
			if p.capture {
				p.buf.Write(t)
			}
		}
	}
}

func (p *aknParser) parent() string {
	if len(p.stack) == 0 {
		return ""
	}
	return p.stack[len(p.stack)-1]
}

func (p *aknParser) within(name string) bool {
	for _, s := range p.stack {
		if s == name {
			return true
		}
	}
	return false
}

func attrOf(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

func (p *aknParser) start(t xml.StartElement) error {
	name := t.Name
	if !p.sawRoot {
		if name.Space != aknNS || name.Local != "akomaNtoso" {
			return p.errorf("the root element is <%s>, not Akoma Ntoso 3.0's <akomaNtoso>", name.Local)
		}
		p.sawRoot = true
		return nil
	}
	if len(p.stack) == 1 {
		if p.sawDoc {
			return p.errorf("more than one document in the file")
		}
		if name.Local != "statement" && name.Local != "doc" {
			return p.errorf("<%s> is not a statement or doc", name.Local)
		}
		p.sawDoc = true
		p.d.Kind = attrOf(t, "name")
		return nil
	}
	if name.Space == rtNS {
		return p.proprietary(t)
	}
	if name.Space != aknNS {
		return nil
	}
	switch name.Local {
	case "FRBRuri":
		if p.parent() == "FRBRWork" {
			p.d.WorkURI = attrOf(t, "value")
		}
	case "FRBRlanguage":
		p.frbrLang = attrOf(t, "language")
	case "FRBRdate":
		if p.parent() == "FRBRExpression" && p.d.Date.IsZero() {
			if d, err := time.Parse(isoDate, attrOf(t, "date")); err == nil {
				p.d.Date = d
			}
		}
	case "docDate":
		if d, err := time.Parse(isoDate, attrOf(t, "date")); err == nil {
			p.d.Date = d
		}
	case "docTitle", "docAuthority", "session", "docStage", "location":
		if p.within("preface") {
			p.collect()
		}
	case "recital", "paragraph":
		if p.para != nil {
			return p.errorf("<%s> inside paragraph %s: nested paragraphs are not supported", name.Local, p.para.Label)
		}
		kind := Operative
		if name.Local == "recital" {
			kind = Preambular
		}
		p.para = &Paragraph{Kind: kind}
		p.paraLine = p.line()
		p.lines = p.lines[:0]
	case "num":
		if p.para != nil && p.parent() != "p" {
			p.inNum = true
			p.collect()
		}
	case "p":
		if p.para != nil && !p.capture {
			p.collect()
		}
	}
	return nil
}

func (p *aknParser) collect() {
	p.capture = true
	p.buf.Reset()
}

func (p *aknParser) taken() string {
	p.capture = false
	return p.buf.String()
}

func (p *aknParser) end(t xml.EndElement) error {
	if t.Name.Space == rtNS && p.capture {
		switch t.Name.Local {
		case "contentHash":
			p.d.Hash = strings.TrimSpace(p.taken())
		case "expressionHash":
			p.exprHash = strings.TrimSpace(p.taken())
		}
	}
	if t.Name.Space != aknNS {
		return nil
	}
	switch t.Name.Local {
	case "docTitle", "docAuthority", "session", "docStage", "location":
		if !p.capture || !p.within("preface") {
			return nil
		}
		s := p.taken()
		switch t.Name.Local {
		case "docTitle":
			p.d.Title = s
		case "docAuthority":
			p.d.Forum = s
		case "session":
			p.d.Edition = s
		case "docStage":
			p.d.Revision = s
		case "location":
			p.d.Place = s
		}
	case "num":
		if p.inNum {
			p.inNum = false
			p.para.Label = p.taken()
		}
	case "p":
		// Only the paragraph's own <p>, not one nested in an inline.
		if p.para != nil && p.capture && !p.inNum && !p.within("p") {
			p.lines = append(p.lines, p.taken())
		}
	case "recital", "paragraph":
		if p.para == nil {
			return nil
		}
		if p.para.Label == "" {
			return fmt.Errorf("akn line %d: a %s without <num>, so without a label", p.paraLine, t.Name.Local)
		}
		p.para.Text = strings.Join(p.lines, "\n")
		p.d.Paragraphs = append(p.d.Paragraphs, *p.para)
		p.para = nil
	}
	return nil
}

func (p *aknParser) proprietary(t xml.StartElement) error {
	switch t.Name.Local {
	case "outcome":
		p.langAttr = attrOf(t, "lang")
		p.d.Revision = attrOf(t, "revision")
		p.d.Method = attrOf(t, "method")
		p.d.Adopted = attrOf(t, "adopted") == "true"
		p.d.Illustrative = attrOf(t, "illustrative") == "true"
		if at := attrOf(t, "adoptedAt"); at != "" {
			tm, err := time.Parse(time.RFC3339, at)
			if err != nil {
				return p.errorf("adoptedAt %q is not an RFC 3339 time", at)
			}
			p.d.AdoptedAt = tm
		}
	case "contentHash", "expressionHash":
		p.collect()
	}
	return nil
}

func (p *aknParser) finish() (Document, error) {
	if !p.sawRoot {
		return Document{}, errors.New("akn: empty input, no <akomaNtoso> element")
	}
	if !p.sawDoc {
		return Document{}, errors.New("akn: no <statement> or <doc> inside <akomaNtoso>")
	}
	p.d.Lang = p.langAttr
	if p.d.Lang == "" {
		p.d.Lang = lang2(p.frbrLang)
	}
	if p.exprHash != "" {
		if got := Hash(p.d); got != p.exprHash {
			return Document{}, fmt.Errorf("akn: the text does not match the hash it carries (expression hash %s, text hashes to %s): it was altered after export", p.exprHash, got)
		}
	}
	return p.d, nil
}
