package practice

import (
	"context"
	"strings"
	"time"

	"roundtable/internal/errs"
	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// askVisibility is where the rule finds an ask's level and owner: one for
// participants is read by the room, a public one by everyone; its state's
// delegation reads it always.
var askVisibility = visibility.Columns{
	Level:     "a.level",
	Owner:     "a.country",
	Embargo:   "CAST(NULL AS TIMESTAMP)",
	Published: "TRUE",
}

func askText(a Ask) visibility.Text {
	return visibility.Text{Level: a.Level, Owner: a.Country, Published: true}
}

const askColumns = `a.id, a.kind, a.country, a.title, a.body, a.language, a.indicator_code, a.level, a.state, COALESCE(a.author_id, 0), a.created_at, a.updated_at`

func scanAsk(r store.Scanner) (Ask, error) {
	var a Ask
	var level string
	err := r.Scan(&a.ID, &a.Kind, &a.Country, &a.Title, &a.Body, &a.Language, &a.IndicatorCode, &level, &a.State, &a.AuthorID, &a.CreatedAt, &a.UpdatedAt)
	a.Level, a.Concepts = visibility.Level(level), []string{}
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	return a, err
}

// askChecked is an ask's input once validated, with its concepts.
type askChecked struct {
	AskInput
	concepts []string
}

func (s *Service) checkAsk(ctx context.Context, v Viewer, in AskInput) (askChecked, error) {
	c := askChecked{AskInput: in}
	if in.Kind != Request && in.Kind != Offer {
		return c, errs.Field("kind", "bad_kind", "practice.error.kind")
	}
	c.Country = strings.ToUpper(strings.TrimSpace(in.Country))
	if err := s.checkCountry(ctx, v, c.Country); err != nil {
		return c, err
	}
	if err := checkLang("language", in.Language); err != nil {
		return c, err
	}
	var err error
	if c.Title, err = checkText("title", in.Title, maxTitle, true); err != nil {
		return c, err
	}
	if c.Body, err = checkText("body", in.Body, maxBody, false); err != nil {
		return c, err
	}
	switch in.Level {
	case "":
		c.Level = string(visibility.Participants)
	case string(visibility.Participants), string(visibility.Public):
	default:
		return c, errs.Field("level", "bad_level", "practice.error.level")
	}
	c.IndicatorCode = strings.TrimSpace(in.IndicatorCode)
	if c.IndicatorCode != "" {
		codes, err := s.checkIndicators(ctx, []string{c.IndicatorCode})
		if err != nil {
			e := errs.As(err)
			if e.Field == "indicators" {
				e = errs.Field("indicator_code", e.Code, e.Key, e.Args...)
			}
			return c, e
		}
		c.IndicatorCode = codes[0]
	}
	c.concepts, err = s.tag(in.Language, c.Title+"\n"+c.Body, in.Concepts)
	return c, err
}

// CreateAsk writes an open request or offer: a delegate for their own
// state, the secretariat for any.
func (s *Service) CreateAsk(ctx context.Context, v Viewer, in AskInput) (Ask, error) {
	c, err := s.checkAsk(ctx, v, in)
	if err != nil {
		return Ask{}, err
	}
	var id int64
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		now := store.Now()
		if err := tx.QueryRow(ctx, `INSERT INTO exchange_asks (kind, country, title, body, language, indicator_code, level, state, author_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.Kind, c.Country, c.Title, c.Body, c.Language, c.IndicatorCode, c.Level, Open,
			userID(v), now, now).Scan(&id); err != nil {
			return err
		}
		if err := writeAskConcepts(ctx, tx, id, c.concepts); err != nil {
			return err
		}
		return record(ctx, tx, v, "exchange.ask_create", "exchange_ask", id, c.AskInput)
	})
	if err != nil {
		return Ask{}, err
	}
	return s.Ask(ctx, v, id)
}

// UpdateAsk rewrites an open ask (its state's delegates, the secretariat).
// Its kind and its country are fixed: in.Kind and in.Country are ignored.
func (s *Service) UpdateAsk(ctx context.Context, v Viewer, id int64, in AskInput) (Ask, error) {
	old, err := s.Ask(ctx, v, id)
	if err != nil {
		return old, err
	}
	if err := canWrite(v, old.Country); err != nil {
		return old, err
	}
	in.Kind, in.Country = old.Kind, old.Country
	c, err := s.checkAsk(ctx, v, in)
	if err != nil {
		return old, err
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		var st string
		if err := tx.QueryRow(ctx, "SELECT state FROM exchange_asks WHERE id = ?", id).Scan(&st); err != nil {
			return notFound(err)
		}
		if st != Open {
			return errAskClosed
		}
		if _, err := tx.Exec(ctx, `UPDATE exchange_asks SET title = ?, body = ?, language = ?, indicator_code = ?, level = ?, updated_at = ? WHERE id = ?`,
			c.Title, c.Body, c.Language, c.IndicatorCode, c.Level, store.Now(), id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM exchange_ask_concepts WHERE ask_id = ?", id); err != nil {
			return err
		}
		if err := writeAskConcepts(ctx, tx, id, c.concepts); err != nil {
			return err
		}
		return record(ctx, tx, v, "exchange.ask_update", "exchange_ask", id, c.AskInput)
	})
	if err != nil {
		return Ask{}, err
	}
	return s.Ask(ctx, v, id)
}

// CloseAsk closes an open ask (its state's delegates, the secretariat):
// it is no longer suggested, and a closed request has no suggestions.
func (s *Service) CloseAsk(ctx context.Context, v Viewer, id int64) (Ask, error) {
	a, err := s.Ask(ctx, v, id)
	if err != nil {
		return a, err
	}
	if err := canWrite(v, a.Country); err != nil {
		return a, err
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, "UPDATE exchange_asks SET state = ?, updated_at = ? WHERE id = ? AND state = ?", Closed, store.Now(), id, Open)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errAskClosed
		}
		return record(ctx, tx, v, "exchange.ask_close", "exchange_ask", id, nil)
	})
	if err != nil {
		return Ask{}, err
	}
	return s.Ask(ctx, v, id)
}

func writeAskConcepts(ctx context.Context, tx *store.Tx, id int64, concepts []string) error {
	for _, c := range concepts {
		if _, err := tx.Exec(ctx, "INSERT INTO exchange_ask_concepts (ask_id, concept_id) VALUES (?, ?)", id, c); err != nil {
			return err
		}
	}
	return nil
}

// Ask reads one request or offer; not found when the reader may not read
// it.
func (s *Service) Ask(ctx context.Context, v Viewer, id int64) (Ask, error) {
	q := s.DB.Reader()
	a, err := scanAsk(q.QueryRow(ctx, "SELECT "+askColumns+" FROM exchange_asks a WHERE a.id = ?", id))
	if err != nil {
		return Ask{}, notFound(err)
	}
	if !visibility.Of(v).Sees(askText(a)) {
		return Ask{}, errs.ErrNotFound
	}
	list := []Ask{a}
	err = attachAskConcepts(ctx, q, list)
	return list[0], err
}

// Asks pages the requests and offers the reader may read, newest first.
func (s *Service) Asks(ctx context.Context, v Viewer, f AskFilter) (AskPage, error) {
	limit, offset := page(f.Limit, f.Offset)
	out := AskPage{Items: []Ask{}, Limit: limit, Offset: offset}
	cond, args := visibility.Of(v).Where(askVisibility, time.Now())
	where := []string{cond}
	for _, c := range []struct{ col, v string }{{"a.kind", f.Kind}, {"a.country", strings.ToUpper(f.Country)}, {"a.state", f.State}} {
		if c.v != "" {
			where, args = append(where, c.col+" = ?"), append(args, c.v)
		}
	}
	if f.Concept != "" {
		where, args = append(where, "a.id IN (SELECT ask_id FROM exchange_ask_concepts WHERE concept_id = ?)"), append(args, f.Concept)
	}
	q := s.DB.Reader()
	w := " FROM exchange_asks a WHERE " + strings.Join(where, " AND ")
	if err := q.QueryRow(ctx, "SELECT COUNT(*)"+w, args...).Scan(&out.Total); err != nil {
		return out, err
	}
	if out.Total == 0 || offset >= out.Total {
		return out, nil
	}
	items, err := store.QueryAll(ctx, q, scanAsk, "SELECT "+askColumns+w+" ORDER BY a.created_at DESC, a.id DESC LIMIT ? OFFSET ?", append(args, limit, offset)...)
	if err != nil {
		return out, err
	}
	if err := attachAskConcepts(ctx, q, items); err != nil {
		return out, err
	}
	out.Items = items
	return out, nil
}

func attachAskConcepts(ctx context.Context, q store.Querier, list []Ask) error {
	if len(list) == 0 {
		return nil
	}
	at := map[int64]*Ask{}
	args := make([]any, len(list))
	for i := range list {
		at[list[i].ID], args[i] = &list[i], list[i].ID
	}
	return pairs(ctx, q, "SELECT ask_id, concept_id FROM exchange_ask_concepts WHERE ask_id IN ("+placeholders(len(list))+") ORDER BY concept_id", args,
		func(id int64, c string) { at[id].Concepts = append(at[id].Concepts, c) })
}
