package translate_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"roundtable/internal/translate"
)

// loaded is a query translator with its dictionary read, waiting for the
// engine as long as it takes (the tests look at what it gives, not when).
func loaded(t testing.TB, engine translate.Engine) *translate.Queries {
	t.Helper()
	q := translate.NewQueries(engine)
	q.Wait = time.Minute
	q.EngineTimeout = time.Minute
	if err := q.Load(); err != nil {
		t.Fatal(err)
	}
	return q
}

func byLang(alts []translate.Alternative) map[string]translate.Alternative {
	m := map[string]translate.Alternative{}
	for _, a := range alts {
		if _, dup := m[a.Lang]; dup {
			panic("two alternatives in " + a.Lang)
		}
		m[a.Lang] = a
	}
	return m
}

func wantAlt(t *testing.T, alts map[string]translate.Alternative, lang, contains, by string) {
	t.Helper()
	a, ok := alts[lang]
	if !ok {
		t.Errorf("no %s alternative in %v", lang, alts)
		return
	}
	if !strings.Contains(strings.ToLower(a.Text), contains) {
		t.Errorf("%s alternative %q does not contain %q", lang, a.Text, contains)
	}
	if a.By != by {
		t.Errorf("%s alternative %q by %q, want %q", lang, a.Text, a.By, by)
	}
}

// Without an engine the dictionary still carries Chinese and English
// across, and nothing else is claimed.
func TestQueriesDictionaryOnly(t *testing.T) {
	q := loaded(t, nil)
	ctx := context.Background()

	zh := byLang(q.Alternatives(ctx, "受教育权", "zh"))
	wantAlt(t, zh, "en", "education", "dictionary")
	if len(zh) != 1 {
		t.Errorf("受教育权 without an engine: %v, want English only", zh)
	}
	en := byLang(q.Alternatives(ctx, "  asylum ", "en"))
	wantAlt(t, en, "zh", "庇护", "dictionary")
	if len(en) != 1 {
		t.Errorf("asylum without an engine: %v, want Chinese only", en)
	}
	if got := q.Alternatives(ctx, "direito à moradia", "pt"); len(got) != 0 {
		t.Errorf("Portuguese without an engine = %v, want none", got)
	}
	if got := q.Alternatives(ctx, "   ", "en"); got != nil {
		t.Errorf("blank query = %v", got)
	}
}

// Before the dictionary is read, a search gets no alternatives rather
// than waiting for it.
func TestQueriesDoNotWaitForTheDictionary(t *testing.T) {
	q := translate.NewQueries(nil)
	if got := q.Alternatives(context.Background(), "受教育权", "zh"); got != nil {
		t.Errorf("before Load: %v, want none", got)
	}
}

func TestQueriesChineseWithApertium(t *testing.T) {
	q := loaded(t, queryEngine(t))
	alts := byLang(q.Alternatives(context.Background(), "受教育权", "pt"))
	wantAlt(t, alts, "en", "education", "dictionary")
	wantAlt(t, alts, "es", "educación", "dictionary+apertium")
	wantAlt(t, alts, "pt", "educação", "dictionary+apertium")
	wantAlt(t, alts, "fr", "éducation", "dictionary+apertium")
	if _, ok := alts["zh"]; ok {
		t.Errorf("the query's own language among its alternatives: %v", alts)
	}
}

func TestQueriesPortugueseWithApertium(t *testing.T) {
	q := loaded(t, queryEngine(t))
	// The reader reads English, the query is Portuguese.
	alts := byLang(q.Alternatives(context.Background(), "direito à moradia", "en"))
	wantAlt(t, alts, "es", "derecho a la vivienda", "apertium")
	wantAlt(t, alts, "en", "right", "apertium")
	wantAlt(t, alts, "fr", "droit", "apertium")
	wantAlt(t, alts, "zh", "权利", "apertium+dictionary")
	if _, ok := alts["pt"]; ok {
		t.Errorf("the query's own language among its alternatives: %v", alts)
	}
}

func TestQueriesFrenchWithApertium(t *testing.T) {
	q := loaded(t, queryEngine(t))
	alts := byLang(q.Alternatives(context.Background(), "liberté de religion", "es"))
	wantAlt(t, alts, "es", "libertad", "apertium")
	wantAlt(t, alts, "pt", "liberdade", "apertium")
	wantAlt(t, alts, "en", "liberty of religion", "apertium")
	wantAlt(t, alts, "zh", "宗教", "apertium+dictionary")
}

// A word the reader's language does not have is read as the next likely
// language: "tortura" on the English pages is not English.
func TestQueriesWrongHintSingleWordWithApertium(t *testing.T) {
	q := loaded(t, queryEngine(t))
	alts := byLang(q.Alternatives(context.Background(), "tortura", "en"))
	wantAlt(t, alts, "en", "torture", "apertium")
	wantAlt(t, alts, "fr", "torture", "apertium")
}

// brokenEngine fails every translation, as an engine that is down.
type brokenEngine struct{ calls chan string }

func (brokenEngine) Name() string                  { return "broken" }
func (brokenEngine) Supports(from, to string) bool { return from != "zh" && to != "zh" }
func (b brokenEngine) Translate(ctx context.Context, from, to string, texts []string) ([]string, error) {
	b.calls <- from + ">" + to
	return nil, errors.New("engine down")
}

// slowEngine answers after a while, as an engine starting its processes.
type slowEngine struct{ delay time.Duration }

func (slowEngine) Name() string                  { return "slow" }
func (slowEngine) Supports(from, to string) bool { return from != "zh" && to != "zh" }
func (s slowEngine) Translate(ctx context.Context, from, to string, texts []string) ([]string, error) {
	select {
	case <-time.After(s.delay):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	out := make([]string, len(texts))
	for i, t := range texts {
		out[i] = "[" + to + "] " + t
	}
	return out, nil
}

// chineseEngine has Chinese, as a LibreTranslate service: the engine
// translates Chinese itself where it can.
type chineseEngine struct{}

func (chineseEngine) Name() string                  { return "libretranslate" }
func (chineseEngine) Supports(from, to string) bool { return from != to }
func (chineseEngine) Translate(ctx context.Context, from, to string, texts []string) ([]string, error) {
	out := make([]string, len(texts))
	for i, t := range texts {
		out[i] = from + ">" + to + ": " + t
	}
	return out, nil
}

func TestQueriesEngineWithChinese(t *testing.T) {
	q := loaded(t, chineseEngine{})
	ctx := context.Background()
	zh := byLang(q.Alternatives(ctx, "受教育权", "zh"))
	wantAlt(t, zh, "en", "right to receive education", "dictionary")
	wantAlt(t, zh, "es", "zh>es: 受教育权", "libretranslate")
	wantAlt(t, zh, "fr", "zh>fr: 受教育权", "libretranslate")
	pt := byLang(q.Alternatives(ctx, "direito à educação", "pt"))
	wantAlt(t, pt, "zh", "pt>zh: direito à educação", "libretranslate")
	wantAlt(t, pt, "en", "pt>en: direito à educação", "libretranslate")
	en := byLang(q.Alternatives(ctx, "asylum", "en"))
	wantAlt(t, en, "zh", "庇护", "dictionary")
	if len(zh) != 4 || len(pt) != 4 || len(en) != 4 {
		t.Errorf("want four alternatives each: %v, %v, %v", zh, pt, en)
	}
}

// With Apertium and a service that has Chinese chained (as serve builds
// them), each alternative names the engine that made it.
func TestQueriesEngineChainWithApertium(t *testing.T) {
	q := loaded(t, translate.NewEngines(queryEngine(t), chineseEngine{}))
	alts := byLang(q.Alternatives(context.Background(), "direito à moradia", "pt"))
	wantAlt(t, alts, "es", "derecho a la vivienda", "apertium")
	wantAlt(t, alts, "en", "right", "apertium")
	wantAlt(t, alts, "zh", "pt>zh: direito à moradia", "libretranslate")
}

// An engine that is down only takes its languages away: the dictionary's
// alternatives remain and the search goes on.
func TestQueriesEngineDown(t *testing.T) {
	engine := brokenEngine{calls: make(chan string, 100)}
	q := loaded(t, engine)
	q.FailureTTL = 300 * time.Millisecond
	ctx := context.Background()
	alts := byLang(q.Alternatives(ctx, "受教育权", "zh"))
	wantAlt(t, alts, "en", "education", "dictionary")
	if len(alts) != 1 {
		t.Errorf("engine down: %v, want the dictionary's English only", alts)
	}
	asked := len(engine.calls)
	if asked == 0 {
		t.Fatal("the engine was never asked")
	}
	// Searched again at once: the failure is remembered, the engine is
	// left alone; after FailureTTL it is asked again.
	q.Alternatives(ctx, "受教育权", "zh")
	if n := len(engine.calls); n != asked {
		t.Errorf("engine asked %d more times right after failing", n-asked)
	}
	time.Sleep(400 * time.Millisecond)
	q.Alternatives(ctx, "受教育权", "zh")
	if n := len(engine.calls); n == asked {
		t.Error("engine never asked again after FailureTTL")
	}
}

// A slow engine does not hold the search: the first search gets what the
// dictionary gives at once, the engine's work lands in the cache, and the
// same query's next search has it.
func TestQueriesSlowEngineFillsTheCacheLater(t *testing.T) {
	q := translate.NewQueries(slowEngine{delay: 200 * time.Millisecond})
	if err := q.Load(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	first := byLang(q.Alternatives(ctx, "受教育权", "zh"))
	if len(first) != 1 {
		t.Fatalf("first search: %v, want the dictionary's English alone", first)
	}
	wantAlt(t, first, "en", "education", "dictionary")
	deadline := time.Now().Add(30 * time.Second)
	for {
		later := byLang(q.Alternatives(ctx, "受教育权", "zh"))
		if len(later) == 4 {
			wantAlt(t, later, "es", "[es] right to receive education", "dictionary+slow")
			wantAlt(t, later, "fr", "[fr] right to receive education", "dictionary+slow")
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the engine's alternatives never reached the cache: %v", later)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
