package main

import (
	"bytes"
	"html/template"
	"os"
	"path/filepath"
	"time"
)

// indexPage is what index.html shows: a row per page, a column per
// language, the desktop and phone shots side by side in each cell.
type indexPage struct {
	Taken  string
	Langs  []string
	Widths []width
	Rows   []indexRow
}

type indexRow struct {
	Page  page
	Cells []indexCell // one per language
}

type indexCell struct {
	Lang  string
	Shots []shot // one per width, in the order of Widths
}

var indexTemplate = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Roundtable screenshots</title>
<style>
body { font-family: system-ui, "Noto Sans", "Noto Sans CJK SC", sans-serif; margin: 1rem; color: #1a1a1a; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: .4rem; vertical-align: top; text-align: left; }
thead th { position: sticky; top: 0; background: #f4f4f4; }
th[scope=row] { white-space: nowrap; }
th[scope=row] code { display: block; font-weight: normal; color: #555; }
.shots { display: flex; gap: .4rem; align-items: flex-start; }
figure { margin: 0; }
figcaption { font-size: .75rem; color: #555; }
img { display: block; border: 1px solid #999; background: #fff; }
img.desktop { width: 240px; }
img.phone { width: 80px; }
</style>
</head>
<body>
<h1>Roundtable screenshots</h1>
<p>The main pages of the demo in every language, at a desktop width (1366 × 900) and a phone width (390 × 844), whole pages. Taken {{.Taken}}. Select a picture to see it at full size.</p>
<table>
<thead><tr><th scope="col">Page</th>{{range .Langs}}<th scope="col">{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr>
<th scope="row">{{.Page.Name}}<code>{{.Page.Path}}</code><small>{{.Page.As}}</small></th>
{{range .Cells}}<td><div class="shots">{{range .Shots}}<figure><a href="{{.File}}"><img class="{{.Width.Name}}" src="{{.File}}" alt="{{.Page}} in {{.Lang}}, {{.Width.Name}}" loading="lazy"></a><figcaption>{{.Width.Name}}</figcaption></figure>{{end}}</div></td>
{{end}}</tr>
{{end}}</tbody>
</table>
</body>
</html>
`))

// writeIndex writes index.html beside the screenshots.
func writeIndex(dir string, shots []shot, pages []page, langs []string, ws []width) error {
	taken := map[string]shot{}
	for _, s := range shots {
		taken[s.Page+"\x00"+s.Lang+"\x00"+s.Width.Name] = s
	}
	ip := indexPage{Taken: time.Now().UTC().Format("2006-01-02 15:04 UTC"), Langs: langs, Widths: ws}
	for _, p := range pages {
		row := indexRow{Page: p}
		for _, l := range langs {
			cell := indexCell{Lang: l}
			for _, w := range ws {
				if s, ok := taken[p.Name+"\x00"+l+"\x00"+w.Name]; ok {
					cell.Shots = append(cell.Shots, s)
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		ip.Rows = append(ip.Rows, row)
	}
	var b bytes.Buffer
	if err := indexTemplate.Execute(&b, ip); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "index.html"), b.Bytes(), 0o644)
}
