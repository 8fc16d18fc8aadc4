package ground

import (
	"context"
	"regexp"
	"slices"
	"strings"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/store"
)

// Bloc is a group of an edition's delegations that the secretariat
// declares (China; South America; …). A delegation may be in several.
type Bloc struct {
	ID        int64          `json:"id"`
	EditionID int64          `json:"edition_id"`
	Code      string         `json:"code"`
	Names     dialogue.Texts `json:"names"`
	Position  int            `json:"position"`
	// Members are the codes of the member delegations, in code order.
	Members []string `json:"members"`
	// memberIDs are the same delegations by id.
	memberIDs []int64
}

// BlocInput is what the API, the form and the demo send to declare or
// change a bloc.
type BlocInput struct {
	Code     string         `json:"code"`
	Names    dialogue.Texts `json:"names"`
	Position int            `json:"position"`
	Members  []string       `json:"members"` // delegation codes of the edition
}

var blocCode = regexp.MustCompile(`^[A-Z0-9][A-Z0-9_-]{0,19}$`)

var (
	errBlocCode   = errs.Field("code", "invalid_code", "ground.error.bloc_code")
	errBlocTaken  = errs.Field("code", "bloc_exists", "ground.error.bloc_exists")
	errTooMany    = errs.Field("code", "too_many_blocs", "ground.error.too_many_blocs", "max", maxBlocs)
	errNoMembers  = errs.Field("members", "required", "validation.required")
	errManageBloc = errs.New(errs.Forbidden, "secretariat_only", "ground.error.secretariat_only")
)

// Blocs lists an edition's blocs, in their order.
func (s *Service) Blocs(ctx context.Context, v Viewer, editionID int64) ([]Bloc, error) {
	if _, err := s.Dialogue.Edition(ctx, v, editionID); err != nil {
		return nil, err
	}
	return s.blocs(ctx, s.DB.Reader(), editionID)
}

func (s *Service) blocs(ctx context.Context, q store.Querier, editionID int64) ([]Bloc, error) {
	list, err := store.QueryAll(ctx, q, func(sc store.Scanner) (Bloc, error) {
		var b Bloc
		var names string
		if err := sc.Scan(&b.ID, &b.EditionID, &b.Code, &names, &b.Position); err != nil {
			return b, err
		}
		var err error
		b.Names, err = dialogue.ParseTexts(names)
		b.Members = []string{}
		return b, err
	}, "SELECT id, edition_id, code, names, position FROM blocs WHERE edition_id = ? ORDER BY position, code", editionID)
	if err != nil {
		return nil, err
	}
	type member struct {
		bloc, delegation int64
		code             string
	}
	ms, err := store.QueryAll(ctx, q, func(sc store.Scanner) (member, error) {
		var m member
		return m, sc.Scan(&m.bloc, &m.delegation, &m.code)
	}, `SELECT m.bloc_id, m.delegation_id, d.code FROM bloc_members m JOIN blocs b ON b.id = m.bloc_id
		JOIN delegations d ON d.id = m.delegation_id WHERE b.edition_id = ? ORDER BY d.code`, editionID)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		i := slices.IndexFunc(list, func(b Bloc) bool { return b.ID == m.bloc })
		list[i].Members = append(list[i].Members, m.code)
		list[i].memberIDs = append(list[i].memberIDs, m.delegation)
	}
	return list, nil
}

// checkBloc validates in against the edition's delegations and returns
// the member ids.
func (s *Service) checkBloc(ctx context.Context, v Viewer, editionID int64, in *BlocInput) ([]int64, error) {
	if !isSecretariat(v) {
		return nil, errManageBloc
	}
	in.Code = strings.ToUpper(strings.TrimSpace(in.Code))
	if !blocCode.MatchString(in.Code) {
		return nil, errBlocCode
	}
	var err error
	if in.Names, err = dialogue.CheckTexts("names", in.Names, 200); err != nil {
		return nil, err
	}
	if len(in.Members) == 0 {
		return nil, errNoMembers
	}
	dels, err := s.Dialogue.Delegations(ctx, v, editionID)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, code := range in.Members {
		code = strings.ToUpper(strings.TrimSpace(code))
		i := slices.IndexFunc(dels, func(d dialogue.Delegation) bool { return d.Code == code })
		if i < 0 {
			return nil, errs.Field("members", "unknown_delegation", "ground.error.unknown_delegation", "code", code)
		}
		if !slices.Contains(ids, dels[i].ID) {
			ids = append(ids, dels[i].ID)
		}
	}
	return ids, nil
}

// CreateBloc declares a bloc (the secretariat).
func (s *Service) CreateBloc(ctx context.Context, v Viewer, editionID int64, in BlocInput) (Bloc, error) {
	if _, err := s.Dialogue.Edition(ctx, v, editionID); err != nil {
		return Bloc{}, err
	}
	ids, err := s.checkBloc(ctx, v, editionID, &in)
	if err != nil {
		return Bloc{}, err
	}
	var id int64
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, "SELECT count(*) FROM blocs WHERE edition_id = ?", editionID).Scan(&n); err != nil {
			return err
		}
		if n >= maxBlocs {
			return errTooMany
		}
		now := store.Now()
		err := tx.QueryRow(ctx, "INSERT INTO blocs (edition_id, code, names, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
			editionID, in.Code, in.Names.JSON(), in.Position, now, now).Scan(&id)
		if store.IsUniqueViolation(err) {
			return errBlocTaken
		}
		if err != nil {
			return err
		}
		return s.writeMembers(ctx, tx, v, editionID, id, ids, in, "bloc.create")
	})
	if err != nil {
		return Bloc{}, err
	}
	return s.bloc(ctx, editionID, id)
}

// UpdateBloc replaces a bloc's code, names, order and members.
func (s *Service) UpdateBloc(ctx context.Context, v Viewer, id int64, in BlocInput) (Bloc, error) {
	editionID, err := s.blocEdition(ctx, v, id)
	if err != nil {
		return Bloc{}, err
	}
	ids, err := s.checkBloc(ctx, v, editionID, &in)
	if err != nil {
		return Bloc{}, err
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, "UPDATE blocs SET code = ?, names = ?, position = ?, updated_at = ? WHERE id = ?",
			in.Code, in.Names.JSON(), in.Position, store.Now(), id)
		if store.IsUniqueViolation(err) {
			return errBlocTaken
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM bloc_members WHERE bloc_id = ?", id); err != nil {
			return err
		}
		return s.writeMembers(ctx, tx, v, editionID, id, ids, in, "bloc.update")
	})
	if err != nil {
		return Bloc{}, err
	}
	return s.bloc(ctx, editionID, id)
}

// DeleteBloc removes a bloc; the delegations and their positions stay.
func (s *Service) DeleteBloc(ctx context.Context, v Viewer, id int64) error {
	editionID, err := s.blocEdition(ctx, v, id)
	if err != nil {
		return err
	}
	if !isSecretariat(v) {
		return errManageBloc
	}
	return s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM bloc_members WHERE bloc_id = ?", id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM blocs WHERE id = ?", id); err != nil {
			return err
		}
		if err := announce(ctx, tx, editionID); err != nil {
			return err
		}
		return record(ctx, tx, v, "bloc.delete", "bloc", id, nil)
	})
}

func (s *Service) writeMembers(ctx context.Context, tx *store.Tx, v Viewer, editionID, id int64, ids []int64, in BlocInput, action string) error {
	for _, d := range ids {
		if _, err := tx.Exec(ctx, "INSERT INTO bloc_members (bloc_id, delegation_id) VALUES (?, ?)", id, d); err != nil {
			return err
		}
	}
	if err := announce(ctx, tx, editionID); err != nil {
		return err
	}
	return record(ctx, tx, v, action, "bloc", id, in)
}

// blocEdition is the edition of a bloc the viewer may see.
func (s *Service) blocEdition(ctx context.Context, v Viewer, id int64) (int64, error) {
	var editionID int64
	if err := s.DB.Reader().QueryRow(ctx, "SELECT edition_id FROM blocs WHERE id = ?", id).Scan(&editionID); err != nil {
		return 0, notFound(err)
	}
	if _, err := s.Dialogue.Edition(ctx, v, editionID); err != nil {
		return 0, err
	}
	return editionID, nil
}

func (s *Service) bloc(ctx context.Context, editionID, id int64) (Bloc, error) {
	list, err := s.blocs(ctx, s.DB.Reader(), editionID)
	if err != nil {
		return Bloc{}, err
	}
	for _, b := range list {
		if b.ID == id {
			return b, nil
		}
	}
	return Bloc{}, errs.ErrNotFound
}
