package render_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"roundtable/internal/outcome/render"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var (
	revDate   = time.Date(2025, 7, 24, 0, 0, 0, 0, time.UTC)
	adoptedAt = time.Date(2025, 7, 25, 16, 30, 0, 0, time.UTC)
)

// adoptedEN is an invented joint declaration, adopted, with an annex.
func adoptedEN() render.Document {
	return render.Document{
		Title:   "Joint Declaration of Buenos Aires on Human Rights and Development",
		Kind:    render.KindDeclaration,
		Lang:    "en",
		Forum:   "China–Latin America and Caribbean Roundtable on Human Rights",
		Edition: "Second Roundtable",
		Place:   "Buenos Aires", Date: adoptedAt,
		Adopted: true, AdoptedAt: adoptedAt, Method: "consensus",
		Hash:         "5f0c6a3e1d2b4c5a69788796a5b4c3d2e1f00112233445566778899aabbccddee",
		WorkURI:      "/akn/un/statement/declaration/2025-07-25/china-lac-2",
		Illustrative: true,
		Paragraphs: []render.Paragraph{
			{Label: "PP1", Kind: render.Preambular, Text: "Recalling the Universal Declaration of Human Rights and the Declaration on the Right to Development,"},
			{Label: "PP2", Kind: render.Preambular, Text: "Reaffirming that all human rights are universal, indivisible, interdependent and interrelated,"},
			{Label: "PP3", Kind: render.Preambular, Text: "Noting the effects of unilateral coercive measures on the enjoyment of economic, social and cultural rights,"},
			{Label: "OP1", Kind: render.Operative, Text: "Commit to continue the dialogue among our States on the basis of equality and mutual respect;"},
			{Label: "OP2", Kind: render.Operative, Text: "Encourage cooperation in poverty reduction, education & public health, including the sharing of *good practice*;"},
			{Label: "OP2bis", Kind: render.Operative, Text: "Agree that the Roundtable will hold its third session in 2026;\nthe venue to be decided by consultation."},
			{Label: "OP3", Kind: render.Operative, Text: `Request the secretariat to publish this text, its translations and the "record" of positions <online>;`},
		},
		Annex: []render.AnnexEntry{
			{Delegation: "Chile", Kind: "explanation_after", KindLabel: "Explanation of position after adoption",
				Paragraphs: []string{"OP2bis"}, Lang: "en", At: adoptedAt,
				Text: "Chile joins the consensus and offers to host the consultations on the venue."},
			{Delegation: "Brazil", Kind: "dissociation", KindLabel: "Dissociation",
				Paragraphs: []string{"PP3"}, Lang: "pt", At: adoptedAt,
				Text: "O Brasil junta-se ao consenso, mas dissocia-se do parágrafo PP3."},
		},
		Words: render.Labels{
			Preamble: "Preamble", Operative: "Operative paragraphs", Annex: "Annex: statements of position",
			Hash: "Content hash (SHA-256)", AdoptedOn: "Adopted on", Method: "by consensus",
			Revision: "Revision", Illustrative: "Illustrative: invented for the demonstration",
			Inserted: "inserted", Deleted: "deleted", Page: "Page", Outdated: "translation outdated",
			Status: "Status", Concerns: "Paragraphs",
		},
	}
}

// adoptedZH is the same declaration in Chinese.
func adoptedZH() render.Document {
	d := adoptedEN()
	d.Lang = "zh"
	d.Title = "关于人权与发展的布宜诺斯艾利斯联合宣言"
	d.Forum = "中国—拉丁美洲和加勒比人权圆桌会议"
	d.Edition = "第二届圆桌会议"
	d.Place = "布宜诺斯艾利斯"
	texts := []string{
		"回顾《世界人权宣言》和《发展权利宣言》，",
		"重申一切人权都是普遍、不可分割、相互依存和相互关联的，",
		"注意到单方面强制性措施对享有经济、社会和文化权利的影响，",
		"承诺在平等和相互尊重的基础上继续我们各国之间的对话；",
		"鼓励在减贫、教育和公共卫生领域开展合作，包括分享良好做法；",
		"同意圆桌会议于2026年举行第三届会议；\n会议地点通过协商决定。",
		"请秘书处在网上公布本案文、其译文和立场记录（record）；",
	}
	d.Paragraphs = append([]render.Paragraph(nil), d.Paragraphs...)
	for i := range d.Paragraphs {
		d.Paragraphs[i].Text = texts[i]
	}
	d.Annex = append([]render.AnnexEntry(nil), d.Annex...)
	d.Annex[0].KindLabel = "通过后的立场解释"
	d.Annex[1].KindLabel = "不参与"
	d.Words = render.Labels{
		Preamble: "序言", Operative: "执行部分", Annex: "附件：立场声明",
		Hash: "内容哈希值（SHA-256）", AdoptedOn: "通过日期", Method: "协商一致",
		Revision: "修订", Illustrative: "示例：为演示而虚构",
		Inserted: "插入", Deleted: "删除", Page: "页", Outdated: "译文已过时",
		Status: "状态", Concerns: "段落",
	}
	return d
}

// draftEN is Rev.2 under negotiation, with the changes from Rev.1 marked.
func draftEN() render.Document {
	d := adoptedEN()
	d.Adopted, d.AdoptedAt, d.Method, d.Hash = false, time.Time{}, "", ""
	d.Date = revDate
	d.Revision = "Rev.2"
	d.Annex = nil
	d.Paragraphs = []render.Paragraph{
		{Label: "PP1", Kind: render.Preambular, Status: "agreed", StatusLabel: "Agreed",
			Text: "Recalling the Universal Declaration of Human Rights and the Declaration on the Right to Development,"},
		{Label: "PP3", Kind: render.Preambular, Status: "bracketed", StatusLabel: "Bracketed",
			Text: "Noting [with concern] the effects of unilateral coercive measures,",
			Marks: []render.Mark{
				{Kind: "equal", Text: "Noting "},
				{Kind: "insert", Text: "[with concern] "},
				{Kind: "equal", Text: "the effects of unilateral coercive measures,"},
			}},
		{Label: "OP2", Kind: render.Operative, Status: "agreed_ad_ref", StatusLabel: "Agreed ad ref",
			Text: "Encourage cooperation in poverty reduction, education and public health;",
			Marks: []render.Mark{
				{Kind: "equal", Text: "Encourage "},
				{Kind: "delete", Text: "closer "},
				{Kind: "equal", Text: "cooperation in "},
				{Kind: "insert", Text: "poverty reduction, "},
				{Kind: "equal", Text: "education and public health;"},
			}},
		{Label: "OP2bis", Kind: render.Operative, Status: "proposed", StatusLabel: "Proposed", Outdated: true,
			Text:  "Agree to meet again in 2026;",
			Marks: []render.Mark{{Kind: "insert", Text: "Agree to meet again in 2026;"}}},
	}
	return d
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; if the change is meant, run go test -update and review the diff.\ngot:\n%s", name, got)
	}
}
