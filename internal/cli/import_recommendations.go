package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"roundtable/internal/audit"
	"roundtable/internal/commitment"
	"roundtable/internal/dialogue"
	"roundtable/internal/i18n"
	"roundtable/internal/thesaurus"
)

const importRecommendationsUsage = "usage: roundtable import recommendations FILE…"

// importRecommendations imports UN (Universal Periodic Review)
// recommendation files, each all or nothing; a faulty file prints each
// faulty line as FILE:LINE: message and stores nothing.
func importRecommendations(e *env) error {
	files := e.args[1:]
	if len(files) == 0 {
		return usageError{importRecommendationsUsage}
	}
	db, err := e.open()
	if err != nil {
		return err
	}
	defer db.Close()
	th, err := thesaurus.Load(e.ctx, db.Reader())
	if err != nil {
		return err
	}
	svc := &commitment.Service{DB: db, Thesaurus: knownThesaurus{th}}
	cat, err := i18n.Load()
	if err != nil {
		return err
	}
	failed := 0
	for _, name := range files {
		res, err := importRecommendationFile(e, svc, name)
		if err != nil {
			failed++
			var lines dialogue.ImportErrors
			if errors.As(err, &lines) {
				for _, l := range lines {
					fmt.Fprintf(e.stderr, "%s:%d: %s: %s\n", name, l.Line, l.Code, cat.T(i18n.En, l.Key, l.Args...))
				}
				continue
			}
			fmt.Fprintln(e.stderr, describeImportError(name, err))
			continue
		}
		fmt.Fprintf(e.stdout, "%s: %d lines, %d recommendations, %d new\n", name, res.Rows, res.Recommendations, res.Added)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files not imported; nothing was stored from them", failed, len(files))
	}
	return nil
}

func importRecommendationFile(e *env, svc *commitment.Service, name string) (commitment.ImportResult, error) {
	f, err := os.Open(name)
	if err != nil {
		return commitment.ImportResult{}, err
	}
	defer f.Close()
	return svc.ImportRecommendationsAs(e.ctx, audit.System("cli"), filepath.Base(name), f)
}

// knownThesaurus is the thesaurus as the commitment service asks it.
type knownThesaurus struct{ *thesaurus.Thesaurus }

func (t knownThesaurus) Known(id string) bool {
	_, ok := t.Concept(id)
	return ok
}
