package practice

import (
	"context"
	"slices"
	"strings"
	"sync"

	"roundtable/data"
	"roundtable/internal/country"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/store"
	"roundtable/internal/upload"
	"roundtable/internal/visibility"
)

// TranslateKind is the translation jobs' kind for practices (the
// translator registers TranslationSource under it).
const TranslateKind = "practice"

// checked is an input once validated: its original text and the concepts
// it is tagged with.
type checked struct {
	Input
	text     Text
	concepts []string
}

// check validates in and tags it. Error fields are the Input's JSON names.
func (s *Service) check(ctx context.Context, v Viewer, in Input) (checked, error) {
	c := checked{Input: in}
	c.Country = strings.ToUpper(strings.TrimSpace(in.Country))
	if err := s.checkCountry(ctx, v, c.Country); err != nil {
		return c, err
	}
	if err := checkLang("language", in.Language); err != nil {
		return c, err
	}
	t, err := checkSections(in.Language, Text{Title: in.Title, Context: in.Context, Actions: in.Actions, Results: in.Results,
		Challenges: in.Challenges, Lessons: in.Lessons, Transfer: in.Transfer})
	if err != nil {
		return c, err
	}
	t.Origin, t.Review = OriginOriginal, ReviewReviewed
	c.text = t
	for _, f := range []struct {
		name string
		v    *string
		max  int
	}{{"institutions", &c.Institutions, maxShort}, {"costs", &c.Costs, maxShort}, {"contact", &c.Contact, maxContact}} {
		if *f.v, err = checkText(f.name, *f.v, f.max, false); err != nil {
			return c, err
		}
	}
	if err := checkPeriod(in.PeriodFrom, in.PeriodTo); err != nil {
		return c, err
	}
	if c.Targets, err = checkTargets(in.Targets); err != nil {
		return c, err
	}
	if c.Indicators, err = s.checkIndicators(ctx, in.Indicators); err != nil {
		return c, err
	}
	if c.concepts, err = s.tag(in.Language, t.Title+"\n"+t.Context+"\n"+t.Actions, in.Concepts); err != nil {
		return c, err
	}
	if len(in.Documents) > maxList {
		return c, errs.Field("documents", "too_many", "practice.error.too_many", "max", maxList)
	}
	c.Documents = nil
	for _, d := range in.Documents {
		d.Title, err = checkText("documents", d.Title, maxTitle, false)
		if err != nil {
			return c, err
		}
		if !slices.ContainsFunc(c.Documents, func(x Document) bool { return x.UploadID == d.UploadID }) {
			c.Documents = append(c.Documents, d)
		}
	}
	return c, nil
}

// checkSections validates a text's parts: a title, and bounded sections.
func checkSections(lang string, t Text) (Text, error) {
	var err error
	if t.Title, err = checkText("title", t.Title, maxTitle, true); err != nil {
		return t, err
	}
	for _, f := range []struct {
		name string
		v    *string
	}{{"context", &t.Context}, {"actions", &t.Actions}, {"results", &t.Results}, {"challenges", &t.Challenges},
		{"lessons", &t.Lessons}, {"transfer", &t.Transfer}} {
		if *f.v, err = checkText(f.name, *f.v, maxSection, false); err != nil {
			return t, err
		}
	}
	t.Language = lang
	return t, nil
}

// checkCountry accepts a known country that takes part in the dialogue
// (has a delegation in an edition), written for by v.
func (s *Service) checkCountry(ctx context.Context, v Viewer, code string) error {
	if code == "" {
		return errs.Field("country", "required", "validation.required")
	}
	if err := canWrite(v, code); err != nil {
		return err
	}
	if _, err := country.Get(ctx, s.DB.Reader(), code); err != nil {
		if errs.Is(err, errs.NotFound) {
			return errs.Field("country", "not_participant", "practice.error.not_participant", "country", code)
		}
		return err
	}
	ok, err := s.participant(ctx, v, code)
	if err != nil {
		return err
	}
	if !ok {
		return errs.Field("country", "not_participant", "practice.error.not_participant", "country", code)
	}
	return nil
}

// participant reports whether a country has a delegation in one of the
// editions v reads, asked of the dialogue service.
func (s *Service) participant(ctx context.Context, v Viewer, code string) (bool, error) {
	if s.Dialogue == nil {
		return false, nil
	}
	eds, err := s.Dialogue.Editions(ctx, v)
	if err != nil {
		return false, err
	}
	for _, e := range eds { // the latest first: the likeliest
		ds, err := s.Dialogue.Delegations(ctx, v, e.ID)
		if err != nil {
			return false, err
		}
		for _, d := range ds {
			if d.Kind == dialogue.KindCountry && d.Code == code {
				return true, nil
			}
		}
	}
	return false, nil
}

func checkPeriod(from, to int) error {
	if from != 0 && (from < firstYear || from > lastYear) {
		return errs.Field("period_from", "bad_year", "practice.error.year", "from", firstYear, "to", lastYear)
	}
	if to != 0 && (to < firstYear || to > lastYear) {
		return errs.Field("period_to", "bad_year", "practice.error.year", "from", firstYear, "to", lastYear)
	}
	if from != 0 && to != 0 && to < from {
		return errs.Field("period_to", "period_order", "practice.error.period_order")
	}
	return nil
}

// sdgTargets is the set of shipped SDG target codes.
var sdgTargets = sync.OnceValues(func() (map[string]bool, error) {
	items, err := data.SDG()
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, it := range items {
		if it.Level == "target" {
			out[it.Code] = true
		}
	}
	return out, nil
})

func checkTargets(in []string) ([]string, error) {
	known, err := sdgTargets()
	if err != nil {
		return nil, err
	}
	return checkList("targets", "unknown_target", "practice.error.target", in, func(t string) (bool, error) { return known[t], nil })
}

func (s *Service) checkIndicators(ctx context.Context, in []string) ([]string, error) {
	return checkList("indicators", "unknown_indicator", "practice.error.indicator", in, func(code string) (bool, error) {
		if s.Evidence == nil {
			return false, nil
		}
		_, err := s.Evidence.Indicator(ctx, code)
		if errs.Is(err, errs.NotFound) {
			return false, nil
		}
		return err == nil, err
	})
}

// checkList trims, deduplicates, sorts and checks each of a list given by
// hand.
func checkList(field, code, key string, in []string, ok func(string) (bool, error)) ([]string, error) {
	if len(in) > maxList {
		return nil, errs.Field(field, "too_many", "practice.error.too_many", "max", maxList)
	}
	out := []string{}
	for _, x := range in {
		x = strings.TrimSpace(x)
		if x == "" || slices.Contains(out, x) {
			continue
		}
		good, err := ok(x)
		if err != nil {
			return nil, err
		}
		if !good {
			return nil, errs.Field(field, code, key, "value", x)
		}
		out = append(out, x)
	}
	slices.Sort(out)
	return out, nil
}

// tag is the concepts the thesaurus finds in text plus those given by
// hand, each of which it must know. Without a thesaurus nothing is tagged
// and no concept is accepted.
func (s *Service) tag(lang, text string, given []string) ([]string, error) {
	known := func(id string) (bool, error) { return s.Thesaurus != nil && s.Thesaurus.Known(id), nil }
	out, err := checkList("concepts", "unknown_concept", "practice.error.concept", given, known)
	if err != nil {
		return nil, err
	}
	if s.Thesaurus != nil {
		for _, c := range s.Thesaurus.Tag(lang, text) {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

// checkDocuments makes sure every document is an upload that v may attach:
// the secretariat any, a delegate the files they uploaded and those the
// practice already holds.
func checkDocuments(ctx context.Context, tx *store.Tx, v Viewer, id int64, docs []Document) error {
	for _, d := range docs {
		u, err := upload.Meta(ctx, tx, d.UploadID)
		if errs.Is(err, errs.NotFound) {
			return errs.Field("documents", "unknown_document", "practice.error.document", "value", itoa(d.UploadID))
		}
		if err != nil {
			return err
		}
		if visibility.Of(v).Secretariat() || (v != nil && u.CreatedBy == v.ID) {
			continue
		}
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM practice_documents WHERE practice_id = ? AND upload_id = ?", id, d.UploadID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return errs.Field("documents", "unknown_document", "practice.error.document", "value", itoa(d.UploadID))
		}
	}
	return nil
}
