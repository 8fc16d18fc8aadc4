package dialogue

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"roundtable/internal/errs"
	"roundtable/internal/i18n"
)

// Rules of the record that every surface (the pages, the API, the import)
// meets through the service: a statement is in one of its edition's working
// languages, and a tag given by hand names a concept of the thesaurus.

// checkWorkingLanguage refuses a statement whose language is not one of
// its edition's working languages; the message lists them, each by its own
// name ("English, Español"), which reads in any language.
func (s *Service) checkWorkingLanguage(ctx context.Context, editionID int64, lang string) error {
	var langs string
	err := s.DB.Reader().QueryRow(ctx, "SELECT languages FROM editions WHERE id = ?", editionID).Scan(&langs)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.Field("edition_id", "not_found", "error.not_found")
	}
	if err != nil {
		return err
	}
	working := strings.Split(langs, ",")
	if contains(working, lang) {
		return nil
	}
	names := make([]string, len(working))
	for i, l := range working {
		names[i] = i18n.Lang(l).NativeName()
	}
	return errs.Field("language", "language_not_working", "manage.validation.language_not_working", "languages", strings.Join(names, ", "))
}

// conceptKnower is a Tagger that also knows which concepts the thesaurus
// holds (the server's does; see internal/cli).
type conceptKnower interface{ Known(id string) bool }

// knownConcept reports whether a concept is in the thesaurus; nil when the
// service has no thesaurus to ask (a service without a Tagger that knows),
// which then takes tags as they are.
func (s *Service) knownConcept() func(string) bool {
	if k, ok := s.Tagger.(conceptKnower); ok {
		return k.Known
	}
	return nil
}

// checkConcepts refuses a tag given by hand that names no concept of the
// thesaurus, naming the tag.
func (s *Service) checkConcepts(ids []string) error {
	known := s.knownConcept()
	for _, c := range ids {
		if strings.TrimSpace(c) == "" || len(c) > maxShort || (known != nil && !known(c)) {
			return errs.Field("concepts", "unknown_concept", "manage.validation.unknown_concept", "concept", c)
		}
	}
	return nil
}

// MaxStatementText is the longest text of a statement, in characters
// (Unicode code points): the form counts against it before sending.
const MaxStatementText = maxBody
