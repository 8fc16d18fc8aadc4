package render_test

import (
	"bytes"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"roundtable/internal/outcome/render"
)

var (
	englishWords = strings.Fields("the States parties reaffirm their commitment to promote and protect all human rights " +
		"including the right to development through dialogue cooperation and mutual respect while recognizing " +
		"national circumstances and the importance of education health poverty reduction and sustainable growth")
	chineseWords = []string{"各国", "重申", "承诺", "促进", "保护", "一切", "人权", "包括", "发展", "权利",
		"通过", "对话", "合作", "相互", "尊重", "同时", "认识到", "国情", "教育", "卫生", "减贫", "可持续", "增长", "重要性"}
)

// longDocument is n paragraphs of 120 words each (a tenth preambular), in
// English or Chinese, as big as an outcome text gets.
func longDocument(lang string, n int) render.Document {
	r := rand.New(rand.NewPCG(1, uint64(n)))
	d := adoptedEN()
	d.Lang = lang
	d.Annex = nil
	if lang == "zh" {
		d = adoptedZH()
		d.Annex = nil
	}
	d.Paragraphs = nil
	for i := 0; i < n; i++ {
		var b strings.Builder
		for w := 0; w < 120; w++ {
			if lang == "zh" {
				b.WriteString(chineseWords[r.IntN(len(chineseWords))])
				if w%12 == 11 {
					b.WriteString("，")
				}
				continue
			}
			if w > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(englishWords[r.IntN(len(englishWords))])
			if w%15 == 14 {
				b.WriteByte(',')
			}
		}
		kind, label := render.Operative, "OP"+strconv.Itoa(i+1-n/10)
		if i < n/10 {
			kind, label = render.Preambular, "PP"+strconv.Itoa(i+1)
		}
		end := ";"
		if lang == "zh" {
			end = "；"
		}
		d.Paragraphs = append(d.Paragraphs, render.Paragraph{Label: label, Kind: kind, Text: b.String() + end})
	}
	return d
}

// p99 reports the 99th percentile of the iterations' durations beside
// ns/op, as the target is stated on p99.
func timed(b *testing.B, run func() error) {
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if err := run(); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)*99/100].Nanoseconds()), "p99-ns")
}

func BenchmarkAKN(b *testing.B) {
	for _, lang := range []string{"en", "zh"} {
		d := longDocument(lang, 300)
		b.Run(lang, func(b *testing.B) {
			var size int
			timed(b, func() error {
				var buf bytes.Buffer
				err := render.AKN(&buf, d)
				size = buf.Len()
				return err
			})
			b.ReportMetric(float64(size), "bytes")
		})
	}
}

func BenchmarkPDF(b *testing.B) {
	for _, lang := range []string{"en", "zh"} {
		d := longDocument(lang, 300)
		b.Run(lang, func(b *testing.B) {
			if err := render.PDF(io.Discard, d); err != nil { // fonts decompressed outside the timing
				b.Fatal(err)
			}
			var size int
			timed(b, func() error {
				var buf bytes.Buffer
				err := render.PDF(&buf, d)
				size = buf.Len()
				return err
			})
			b.ReportMetric(float64(size), "bytes")
		})
	}
}

func BenchmarkHTML(b *testing.B) {
	d := longDocument("zh", 300)
	timed(b, func() error { return render.HTML(io.Discard, d, false) })
}
