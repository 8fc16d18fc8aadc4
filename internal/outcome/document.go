package outcome

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// Document is one outcome document of an edition.
type Document struct {
	ID           int64    `json:"id"`
	EditionID    int64    `json:"edition_id"`
	Kind         string   `json:"kind"`
	Title        string   `json:"title"`
	Language     string   `json:"language"` // the negotiating language
	Facilitators []string `json:"facilitators"`
	OpensOn      string   `json:"opens_on"`
	ClosesOn     string   `json:"closes_on"`
	Status       string   `json:"status"`
	SingleText   bool     `json:"single_text"`
	// Version moves on with every write to the document, its paragraphs,
	// amendments, positions, silence or adoption.
	Version        int64      `json:"version"`
	AdoptedAt      *time.Time `json:"adopted_at,omitempty"`
	AdoptedNumber  *int       `json:"adopted_revision,omitempty"` // the revision adopted
	AdoptionMethod string     `json:"adoption_method,omitempty"`
	AdoptionHash   string     `json:"adoption_hash,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

// Level is the document's visibility level: the negotiation stays in the
// room; the adopted text is for everyone.
func (d Document) Level() visibility.Level {
	if d.Status == Adopted {
		return visibility.Adopted
	}
	return visibility.Participants
}

// DocumentInput is what the API, the form and the demo send to create or
// change a document.
type DocumentInput struct {
	Kind         string   `json:"kind"`
	Title        string   `json:"title"`
	Language     string   `json:"language"`
	Facilitators []string `json:"facilitators"`
	OpensOn      string   `json:"opens_on"`
	ClosesOn     string   `json:"closes_on"`
	SingleText   bool     `json:"single_text"`
}

const documentColumns = `d.id, d.edition_id, d.kind, d.title, d.language, d.facilitators, d.opens_on, d.closes_on,
	d.status, d.single_text, d.version, d.adopted_at, r.number, d.adoption_method, d.adoption_hash, d.created_at, d.updated_at`

const documentFrom = ` FROM outcome_documents d LEFT JOIN outcome_revisions r ON r.id = d.adopted_revision`

func scanDocument(sc store.Scanner) (Document, error) {
	var d Document
	var facilitators string
	var adoptedAt sql.NullTime
	var adoptedNumber sql.NullInt64
	err := sc.Scan(&d.ID, &d.EditionID, &d.Kind, &d.Title, &d.Language, &facilitators, &d.OpensOn, &d.ClosesOn,
		&d.Status, &d.SingleText, &d.Version, &adoptedAt, &adoptedNumber, &d.AdoptionMethod, &d.AdoptionHash, &d.CreatedAt, &d.UpdatedAt)
	if err != nil {
		return d, err
	}
	d.AdoptedAt, d.AdoptedNumber = timePtr(adoptedAt), intPtr(adoptedNumber)
	if err := json.Unmarshal([]byte(facilitators), &d.Facilitators); err != nil {
		return d, err
	}
	if d.Facilitators == nil {
		d.Facilitators = []string{}
	}
	return d, nil
}

// checkDocument validates in against its edition.
func checkDocument(in *DocumentInput, e dialogue.Edition) error {
	var err error
	if !contains(Kinds, in.Kind) {
		return errKind
	}
	if in.Title, err = dialogue.CheckText("title", in.Title, maxTitle, true); err != nil {
		return err
	}
	if err := dialogue.CheckLang("language", in.Language); err != nil {
		return err
	}
	if !contains(e.Languages, in.Language) {
		return errNegotiatingLang
	}
	if len(in.Facilitators) > 10 {
		return errs.Field("facilitators", "too_many", "outcome.error.facilitators")
	}
	clean := []string{}
	for _, f := range in.Facilitators {
		f, err := dialogue.CheckText("facilitators", f, 200, false)
		if err != nil {
			return err
		}
		if f != "" {
			clean = append(clean, f)
		}
	}
	in.Facilitators = clean
	if in.OpensOn == "" {
		in.OpensOn = e.StartsOn
	}
	if in.ClosesOn == "" {
		in.ClosesOn = e.EndsOn
	}
	opens, err1 := time.Parse(time.DateOnly, in.OpensOn)
	closes, err2 := time.Parse(time.DateOnly, in.ClosesOn)
	if err1 != nil {
		return errs.Field("opens_on", "invalid_date", "outcome.error.date")
	}
	if err2 != nil || closes.Before(opens) {
		return errs.Field("closes_on", "invalid_date", "outcome.error.date")
	}
	return nil
}

// CreateDocument opens an outcome document of an edition. The chair and
// the secretariat create documents.
func (s *Service) CreateDocument(ctx context.Context, v Viewer, editionID int64, in DocumentInput) (Document, error) {
	if !presides(v) {
		return Document{}, errChairOnly
	}
	e, err := s.Dialogue.Edition(ctx, v, editionID)
	if err != nil {
		return Document{}, err
	}
	if err := checkDocument(&in, e); err != nil {
		return Document{}, err
	}
	var id int64
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		var err error
		if id, err = insertDocument(ctx, tx, v, editionID, in); err != nil {
			return err
		}
		return touch(ctx, tx, v, id, "outcome.create", "outcome_document", id, in)
	})
	if err != nil {
		return Document{}, err
	}
	return s.Document(ctx, v, id)
}

// insertDocument writes a new document of an edition from checked input
// inside tx, within the edition's limit of documents.
func insertDocument(ctx context.Context, tx *store.Tx, v Viewer, editionID int64, in DocumentInput) (int64, error) {
	var n int
	if err := tx.QueryRow(ctx, "SELECT count(*) FROM outcome_documents WHERE edition_id = ?", editionID).Scan(&n); err != nil {
		return 0, err
	}
	if n >= maxDocuments {
		return 0, errTooManyDocuments
	}
	facilitators, _ := json.Marshal(in.Facilitators)
	now := store.Now()
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO outcome_documents (edition_id, kind, title, language, facilitators, opens_on, closes_on, status, single_text, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		editionID, in.Kind, in.Title, in.Language, string(facilitators), in.OpensOn, in.ClosesOn, Drafting, in.SingleText, userID(v), now, now).Scan(&id)
	return id, err
}

// UpdateDocument changes a document's title, kind, facilitators,
// timeline and single-text mode. The negotiating language stays: every
// paragraph's text is written in it.
func (s *Service) UpdateDocument(ctx context.Context, v Viewer, id int64, in DocumentInput) (Document, error) {
	if !presides(v) {
		return Document{}, errChairOnly
	}
	d, err := s.Document(ctx, v, id)
	if err != nil {
		return Document{}, err
	}
	e, err := s.Dialogue.Edition(ctx, v, d.EditionID)
	if err != nil {
		return Document{}, err
	}
	if in.Language == "" {
		in.Language = d.Language
	}
	if in.Language != d.Language {
		return Document{}, errNegotiatingLang
	}
	if err := checkDocument(&in, e); err != nil {
		return Document{}, err
	}
	facilitators, _ := json.Marshal(in.Facilitators)
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := lockOpen(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE outcome_documents SET kind = ?, title = ?, facilitators = ?, opens_on = ?, closes_on = ?, single_text = ? WHERE id = ?`,
			in.Kind, in.Title, string(facilitators), in.OpensOn, in.ClosesOn, in.SingleText, id); err != nil {
			return err
		}
		return touch(ctx, tx, v, id, "outcome.update", "outcome_document", id, in)
	})
	if err != nil {
		return Document{}, err
	}
	return s.Document(ctx, v, id)
}

// Document reads one document, if v may read it.
func (s *Service) Document(ctx context.Context, v Viewer, id int64) (Document, error) {
	d, err := loadDocument(ctx, s.DB.Reader(), id)
	if err != nil {
		return Document{}, err
	}
	if _, err := s.edition(ctx, v, d); err != nil {
		return Document{}, err
	}
	return d, nil
}

// edition reads d's edition and checks v may read d.
func (s *Service) edition(ctx context.Context, v Viewer, d Document) (dialogue.Edition, error) {
	e, err := s.Dialogue.Edition(ctx, v, d.EditionID)
	if err != nil {
		return e, err
	}
	if !visibility.Of(v).Sees(visibility.Text{Level: d.Level(), Published: e.Published}) {
		return e, errs.ErrNotFound
	}
	return e, nil
}

// Documents lists an edition's documents v may read, oldest first.
func (s *Service) Documents(ctx context.Context, v Viewer, editionID int64) ([]Document, error) {
	e, err := s.Dialogue.Edition(ctx, v, editionID)
	if err != nil {
		return nil, err
	}
	all, err := store.QueryAll(ctx, s.DB.Reader(), scanDocument, "SELECT "+documentColumns+documentFrom+" WHERE d.edition_id = ? ORDER BY d.id", editionID)
	if err != nil {
		return nil, err
	}
	r := visibility.Of(v)
	out := []Document{}
	for _, d := range all {
		if r.Sees(visibility.Text{Level: d.Level(), Published: e.Published}) {
			out = append(out, d)
		}
	}
	return out, nil
}

func loadDocument(ctx context.Context, q store.Querier, id int64) (Document, error) {
	d, err := scanDocument(q.QueryRow(ctx, "SELECT "+documentColumns+documentFrom+" WHERE d.id = ?", id))
	return d, notFound(err)
}

// lockOpen takes the document's row lock inside a write (an update that
// changes nothing) and refuses once it is adopted: any write to an
// adopted document is a conflict, whichever committed first.
func lockOpen(ctx context.Context, tx *store.Tx, id int64) (Document, error) {
	if _, err := tx.Exec(ctx, "UPDATE outcome_documents SET version = version WHERE id = ?", id); err != nil {
		return Document{}, err
	}
	d, err := loadDocument(ctx, tx, id)
	if err != nil {
		return d, err
	}
	if d.Status == Adopted {
		return d, errAdopted
	}
	return d, nil
}

// lockDrafting is lockOpen for changes to the text itself, which wait
// while a revision is under silence.
func lockDrafting(ctx context.Context, tx *store.Tx, id int64) (Document, error) {
	d, err := lockOpen(ctx, tx, id)
	if err == nil && d.Status == Silence {
		err = errUnderSilence
	}
	return d, err
}

// Version is the document's version as v may know it (0 when v may not
// read the document): live streams send it when it moves.
func (s *Service) Version(ctx context.Context, v Viewer, id int64) (int64, error) {
	d, err := s.Document(ctx, v, id)
	if err != nil {
		return 0, err
	}
	return d.Version, nil
}
