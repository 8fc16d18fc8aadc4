package discovery

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/commitment"
	"roundtable/internal/dialogue"
	"roundtable/internal/ground"
	"roundtable/internal/outbox"
	"roundtable/internal/practice"
	"roundtable/internal/reference"
	"roundtable/internal/search"
	"roundtable/internal/store"
	"roundtable/internal/thesaurus"
	"roundtable/internal/translate"
	"roundtable/internal/visibility"
)

// Service searches the record. One per server instance: each instance keeps
// its own index in its data folder and follows the shared outbox.
type Service struct {
	DB    *store.DB
	Index *search.Index
	Log   *slog.Logger
	// Translator turns a query into the other working languages where the
	// thesaurus does not reach (PlanQuery); nil: no query translation.
	Translator translate.QueryTranslator

	mu       sync.Mutex
	th       *thesaurus.Thesaurus
	loadedAt time.Time
}

// thesaurusTTL bounds how stale an instance's copy of the thesaurus may be
// after the secretariat edits it on another instance.
const thesaurusTTL = 5 * time.Second

// Open opens (or creates) the index in dir, rebuilding it from the database
// when it was made by another version of the mapping, when it has missed
// changes the search outbox no longer holds (an instance stopped for
// longer than the outbox is kept, or a new one after pruning), or when it
// holds changes the database does not (a database restored from an older
// backup).
func Open(ctx context.Context, db *store.DB, dir string, log *slog.Logger) (*Service, error) {
	if log == nil {
		log = slog.Default()
	}
	s := &Service{DB: db, Log: log}
	ix, err := search.Open(dir)
	if err == nil {
		if serr := s.checkProgress(ctx, ix); serr != nil {
			if cerr := ix.Close(); cerr != nil {
				return nil, cerr
			}
			ix, err = nil, serr
		}
	}
	if errors.Is(err, search.ErrIndexOutdated) || errors.Is(err, search.ErrIndexBehind) || errors.Is(err, search.ErrIndexAhead) {
		log.Info("search index cannot catch up; rebuilding", "dir", dir, "reason", err)
		if err := s.rebuild(ctx, dir); err != nil {
			return nil, err
		}
		ix, err = search.Open(dir)
	}
	if err != nil {
		return nil, err
	}
	ix.Warm()
	s.Index = ix
	return s, nil
}

// checkProgress says whether ix can catch up by following the outbox:
// search.ErrIndexBehind if rows it needs were pruned, search.ErrIndexAhead
// if its progress is past the outbox's head, which only a database
// restored from an older backup (or another database) explains.
func (s *Service) checkProgress(ctx context.Context, ix *search.Index) error {
	progress, err := ix.Progress()
	if err != nil {
		return err
	}
	head, err := outbox.Head(ctx, s.DB.Reader(), "search_outbox")
	if err != nil {
		return err
	}
	if progress > head {
		return fmt.Errorf("search index at seq %d, outbox head %d: %w", progress, head, search.ErrIndexAhead)
	}
	behind, err := search.NewIndexer(ix, s.DB.Reader(), s.Load).Behind(ctx)
	if err != nil {
		return err
	}
	if behind {
		return search.ErrIndexBehind
	}
	return nil
}

// IndexDir is where an instance keeps its index inside the data folder.
func IndexDir(dataDir string) string { return filepath.Join(dataDir, "search-index") }

// Close closes the index.
func (s *Service) Close() error { return s.Index.Close() }

// thesaurus returns a recent snapshot of the thesaurus (nil if it cannot
// be read: search then works without concepts rather than failing).
func (s *Service) thesaurus(ctx context.Context) *thesaurus.Thesaurus {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.th != nil && time.Since(s.loadedAt) < thesaurusTTL {
		return s.th
	}
	th, err := thesaurus.Load(ctx, s.DB.Reader())
	if err != nil {
		s.Log.Warn("thesaurus unavailable to search", "err", err)
		return s.th
	}
	s.th, s.loadedAt = th, time.Now()
	return th
}

// Thesaurus is the current snapshot, for labels on result pages.
func (s *Service) Thesaurus(ctx context.Context) *thesaurus.Thesaurus { return s.thesaurus(ctx) }

// CatchUp applies every outbox entry not yet in the index.
func (s *Service) CatchUp(ctx context.Context) (int, error) {
	return search.NewIndexer(s.Index, s.DB.Reader(), s.Load).CatchUp(ctx)
}

// How long the search outbox keeps its rows, and how often an instance
// prunes it. An instance stopped for longer rebuilds its index at start.
const (
	keepSearchOutbox  = 7 * 24 * time.Hour
	pruneSearchOutbox = time.Hour
)

// Run keeps the index following the outbox until ctx ends, and prunes the
// outbox of rows older than a week.
func (s *Service) Run(ctx context.Context) {
	go func() {
		t := time.NewTicker(pruneSearchOutbox)
		defer t.Stop()
		for {
			if n, err := outbox.PruneSearch(ctx, s.DB, keepSearchOutbox); err != nil && ctx.Err() == nil {
				s.Log.Warn("search outbox: cannot prune", "err", err)
			} else if n > 0 {
				s.Log.Info("search outbox: pruned", "rows", n)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	search.NewIndexer(s.Index, s.DB.Reader(), s.Load).Run(ctx, 200*time.Millisecond)
}

// Rebuild rebuilds the index in dir from the database (the index must not
// be open).
func Rebuild(ctx context.Context, db *store.DB, dir string, log *slog.Logger) error {
	s := &Service{DB: db, Log: log}
	if s.Log == nil {
		s.Log = slog.Default()
	}
	return s.rebuild(ctx, dir)
}

func (s *Service) rebuild(ctx context.Context, dir string) error {
	head, err := outbox.Head(ctx, s.DB.Reader(), "search_outbox")
	if err != nil {
		return err
	}
	return search.Rebuild(ctx, dir, s.all, head)
}

// all yields every searchable document in the database: the record's, as
// the dialogue service lists them, common ground's, commitments and their
// reports, practices, and the Declaration's articles.
func (s *Service) all(ctx context.Context, yield func(search.Document) error) error {
	var ids []string
	seen := map[string]bool{}
	collect := func(id string) error {
		// A translation's or a version's id names its document's.
		if id = docID(id); !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
		return nil
	}
	record := &dialogue.Service{DB: s.DB}
	if err := record.SearchDocIDs(ctx, collect); err != nil {
		return err
	}
	if err := (&ground.Service{DB: s.DB, Dialogue: record}).SearchDocIDs(ctx, collect); err != nil {
		return err
	}
	if err := (&commitment.Service{DB: s.DB}).SearchDocIDs(ctx, collect); err != nil {
		return err
	}
	if err := (&practice.Service{DB: s.DB}).SearchDocIDs(ctx, collect); err != nil {
		return err
	}
	if err := reference.All(ctx, s.DB.Reader(), func(a reference.Article) error {
		if a.Doc == "udhr" {
			return collect(a.DocID())
		}
		return nil
	}); err != nil {
		return err
	}
	for start := 0; start < len(ids); start += 500 {
		docs, _, err := s.loadDocs(ctx, ids[start:min(start+500, len(ids))])
		if err != nil {
			return err
		}
		for _, d := range docs {
			if err := yield(d); err != nil {
				return err
			}
		}
	}
	return nil
}

// Request is a search as a person or program asks it.
type Request struct {
	Text string
	// Lang is the reader's language: hits show their version in it where
	// they have one.
	Lang          string
	Filters       search.Filters
	Limit, Offset int
}

// Response is a page of results with the concepts the query named and the
// translations it was also searched in.
type Response struct {
	search.Result
	Concepts     []string
	Alternatives []search.Alternative
}

// Search runs a query for viewer v (nil: the public), planned as
// PlanQuery plans it.
func (s *Service) Search(ctx context.Context, v *account.User, r Request) (Response, error) {
	var out Response
	if _, _, err := search.ParseQuery(r.Text); err != nil && r.Text != "" {
		return out, err
	}
	var th *thesaurus.Thesaurus
	if r.Text != "" {
		th = s.thesaurus(ctx)
	}
	q := PlanQuery(ctx, th, s.Translator, r.Text, r.Lang)
	q.Filters, q.Viewer, q.Limit, q.Offset = r.Filters, viewer(v), r.Limit, r.Offset
	out.Concepts, out.Alternatives = q.Concepts, q.Alternatives
	res, err := s.Index.Search(ctx, q)
	out.Result = res
	return out, err
}

// viewer is what an account may find: the visibility rule's reader.
func viewer(u *account.User) search.Viewer { return visibility.Of(u) }

// ConceptChanged re-indexes what a thesaurus edit may retag: the articles
// of the Declaration the concept links to, before and after the edit.
// Statements are retagged by dialogue.Service.RetagAll, which the
// concept editor calls next: the tagger reads the edited thesaurus then.
func (s *Service) ConceptChanged(ctx context.Context, before, after thesaurus.Concept) error {
	s.mu.Lock()
	s.th = nil // read the edited thesaurus on next use
	s.mu.Unlock()
	arts := map[int]bool{}
	for _, c := range []thesaurus.Concept{before, after} {
		for _, n := range c.UDHR {
			arts[n] = true
		}
	}
	var ids []string
	for n := range arts {
		ids = append(ids, "udhr:"+strconv.Itoa(n))
	}
	return s.DB.Write(ctx, func(tx *store.Tx) error { return outbox.Search(ctx, tx, ids...) })
}
