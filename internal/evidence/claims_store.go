package evidence

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/authz"
	"roundtable/internal/errs"
	"roundtable/internal/store"
)

// Statements says which statements a person may read (the dialogue
// service). Claims are shown with their statement, so they follow its rule;
// this package never reads statements itself.
type Statements interface {
	Readable(ctx context.Context, v *account.User, ids []int64) (map[int64]bool, error)
}

// Claim is a figure quoted in a statement with its check. Answer is
// recomputed from the data whenever the claim is read (a re-import may
// change it); Problem is the code of the error that kept it from being
// answered (claim_no_data ...), with its message key.
type Claim struct {
	ID          int64     `json:"id"`
	StatementID int64     `json:"statement_id"`
	Quote       string    `json:"quote"`
	Spec        ClaimSpec `json:"spec"`
	Stated      *float64  `json:"stated,omitempty"`
	CreatedBy   int64     `json:"created_by,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	Answer      *Answer   `json:"answer,omitempty"`
	Problem     string    `json:"problem,omitempty"`
	ProblemKey  string    `json:"-"`
}

// ClaimBook keeps the claim checks of statements.
type ClaimBook struct {
	Checker
	Statements Statements
}

// MaxQuote is the longest quote a claim keeps, in characters.
const MaxQuote = 1000

// AddClaim checks a figure quoted in a statement and keeps the check. The
// actor must be allowed to check claims and able to read the statement;
// the spec must be answerable from the data now.
func (b ClaimBook) AddClaim(ctx context.Context, actor *account.User, statementID int64, quote string, spec ClaimSpec, stated *float64) (Claim, error) {
	if actor == nil || !authz.Allowed(actor.Role, authz.CheckClaims) {
		return Claim{}, errs.ErrForbidden
	}
	if err := b.readable(ctx, actor, statementID); err != nil {
		return Claim{}, err
	}
	quote = strings.TrimSpace(quote)
	switch {
	case quote == "":
		return Claim{}, claimField("quote", "quote_required")
	case utf8.RuneCountInString(quote) > MaxQuote:
		return Claim{}, claimField("quote", "quote_too_long", "max", MaxQuote)
	case stated != nil && (math.IsNaN(*stated) || math.IsInf(*stated, 0)):
		return Claim{}, claimField("stated", "invalid_stated")
	}
	answer, err := b.Check(ctx, spec)
	if err != nil {
		return Claim{}, err
	}
	_ = spec.normalise() // Check accepted it; keep the clean form
	specJSON, err := json.Marshal(spec)
	if err != nil {
		return Claim{}, err
	}
	c := Claim{StatementID: statementID, Quote: quote, Spec: spec, Stated: stated, CreatedBy: actor.ID, CreatedAt: store.Now()}
	var st sql.NullFloat64
	if stated != nil {
		st = sql.NullFloat64{Float64: *stated, Valid: true}
	}
	err = b.Evidence.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO evidence_claims (statement_id, quote, spec, stated, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, statementID, quote, string(specJSON), st, actor.ID, c.CreatedAt).Scan(&c.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Actor: account.ActorOf(actor), Action: "evidence_claim.add",
			EntityType: "evidence_claim", EntityID: strconv.FormatInt(c.ID, 10), Change: c})
	})
	if err != nil {
		return Claim{}, err
	}
	answer.Judge(stated)
	c.Answer = &answer
	return c, nil
}

// Claims returns the claim checks of a statement the viewer may read
// (nil: the public), oldest first, each answered from the data as it is
// now. A statement the viewer may not read is not found.
func (b ClaimBook) Claims(ctx context.Context, viewer *account.User, statementID int64) ([]Claim, error) {
	if err := b.readable(ctx, viewer, statementID); err != nil {
		return nil, err
	}
	list, err := store.QueryAll(ctx, b.Evidence.db.Reader(), scanClaim,
		"SELECT "+claimColumns+" FROM evidence_claims WHERE statement_id = ? ORDER BY id", statementID)
	if err != nil {
		return nil, err
	}
	for i := range list {
		if err := b.answer(ctx, &list[i]); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// DeleteClaim removes a claim check; the actor must be allowed to check
// claims and able to read its statement.
func (b ClaimBook) DeleteClaim(ctx context.Context, actor *account.User, id int64) error {
	if actor == nil || !authz.Allowed(actor.Role, authz.CheckClaims) {
		return errs.ErrForbidden
	}
	notFound := errs.New(errs.NotFound, "claim_not_found", "evidence_claims.error.claim_not_found")
	c, err := scanClaim(b.Evidence.db.Reader().QueryRow(ctx, "SELECT "+claimColumns+" FROM evidence_claims WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return notFound
	}
	if err != nil {
		return err
	}
	if err := b.readable(ctx, actor, c.StatementID); err != nil {
		return notFound
	}
	return b.Evidence.db.Write(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, "DELETE FROM evidence_claims WHERE id = ?", id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errors.Join(err, notFound)
		}
		return audit.Record(ctx, tx, audit.Event{Actor: account.ActorOf(actor), Action: "evidence_claim.delete",
			EntityType: "evidence_claim", EntityID: strconv.FormatInt(id, 10), Change: c})
	})
}

// answer fills a claim's answer, or the problem that keeps the data from
// giving one.
func (b ClaimBook) answer(ctx context.Context, c *Claim) error {
	a, err := b.Check(ctx, c.Spec)
	if err != nil {
		e := errs.As(err)
		if e.Kind == errs.Internal {
			return err
		}
		c.Problem, c.ProblemKey = e.Code, e.Key
		return nil
	}
	a.Judge(c.Stated)
	c.Answer = &a
	return nil
}

func (b ClaimBook) readable(ctx context.Context, v *account.User, statementID int64) error {
	ok, err := b.Statements.Readable(ctx, v, []int64{statementID})
	if err != nil {
		return err
	}
	if !ok[statementID] {
		return errs.New(errs.NotFound, "statement_not_found", "evidence_claims.error.statement_not_found")
	}
	return nil
}

const claimColumns = "id, statement_id, quote, spec, stated, COALESCE(created_by, 0), created_at"

func scanClaim(r store.Scanner) (Claim, error) {
	var c Claim
	var spec string
	var stated sql.NullFloat64
	if err := r.Scan(&c.ID, &c.StatementID, &c.Quote, &spec, &stated, &c.CreatedBy, &c.CreatedAt); err != nil {
		return c, err
	}
	if stated.Valid {
		c.Stated = &stated.Float64
	}
	return c, json.Unmarshal([]byte(spec), &c.Spec)
}
