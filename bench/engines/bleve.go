package engines

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"roundtable/bench/corpus"
)

// bleveEngine is Bleve as a developer uses it out of the box: the default
// mapping (standard analyzer, dynamic fields, _all), the text in one
// field, query-string queries.
type bleveEngine struct {
	bi bleve.Index
}

// bleveDoc is the simple struct indexed. Filter values are plain strings
// that the default mapping analyses with the standard analyzer
// (lower-cased), so the term queries below lower-case them too.
type bleveDoc struct {
	Title      string
	Text       string
	Language   string
	Edition    string
	Session    string
	Delegation string
	Visibility string
	Concepts   []string
	Date       time.Time
}

func openBleve(dir string, create bool) (Engine, error) {
	var bi bleve.Index
	var err error
	if create {
		bi, err = bleve.New(dir, bleve.NewIndexMapping())
	} else {
		bi, err = bleve.Open(dir)
	}
	if err != nil {
		return nil, err
	}
	return &bleveEngine{bi: bi}, nil
}

func (e *bleveEngine) Add(batch []corpus.Statement) error {
	b := e.bi.NewBatch()
	for _, s := range batch {
		if err := b.Index(s.ID, bleveDoc{
			Title: s.Title, Text: s.Text, Language: s.Language,
			Edition: strconv.FormatInt(s.Edition, 10), Session: strconv.FormatInt(s.Session, 10),
			Delegation: s.Delegation, Visibility: s.Visibility, Concepts: s.Concepts, Date: s.Date,
		}); err != nil {
			return err
		}
	}
	return e.bi.Batch(b)
}

func (e *bleveEngine) Settle() error { return SettleBleve(e.bi) }

// SettleBleve waits until a scorch index has persisted its in-memory
// segments and its merger is idle: no merge in progress (as many zap
// merges ended as began) and the file-segment count unchanged for 3 s. A
// long merge of large segments keeps the count still while it runs, hence
// the in-progress check.
func SettleBleve(bi bleve.Index) error {
	stable := 0
	last := uint64(1 << 62)
	deadline := time.Now().Add(60 * time.Minute)
	for time.Now().Before(deadline) {
		m, ok := bi.StatsMap()["index"].(map[string]interface{})
		if !ok {
			return errors.New("bleve: no index stats")
		}
		mem, _ := m["num_root_memorysegments"].(uint64)
		files, _ := m["num_root_filesegments"].(uint64)
		beg, _ := m["TotFileMergeZapBeg"].(uint64)
		end, _ := m["TotFileMergeZapEnd"].(uint64)
		if mem == 0 && beg == end && files == last {
			stable++
			if stable >= 6 {
				return nil
			}
		} else {
			stable = 0
		}
		last = files
		time.Sleep(500 * time.Millisecond)
	}
	return errors.New("bleve: merges did not settle")
}

func (e *bleveEngine) Query(q corpus.Query) (int, error) {
	var what query.Query
	if len(q.Phrase) > 0 {
		what = bleve.NewMatchPhraseQuery(strings.Join(q.Phrase, " "))
	} else {
		// "+a +b": every word required, as in the other engines.
		parts := make([]string, len(q.Words))
		for i, w := range q.Words {
			parts[i] = "+" + w
		}
		what = bleve.NewQueryStringQuery(strings.Join(parts, " "))
	}
	if q.Edition != 0 || q.Delegation != "" {
		ed := bleve.NewTermQuery(strconv.FormatInt(q.Edition, 10))
		ed.SetField("Edition")
		del := bleve.NewTermQuery(strings.ToLower(q.Delegation))
		del.SetField("Delegation")
		what = bleve.NewConjunctionQuery(what, ed, del)
	}
	req := bleve.NewSearchRequestOptions(what, 20, 0, false)
	res, err := e.bi.Search(req)
	if err != nil {
		return 0, err
	}
	return int(res.Total), nil
}

func (e *bleveEngine) Close() error { return e.bi.Close() }
