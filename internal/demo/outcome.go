package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"sync"
	"time"

	"roundtable/data"
	"roundtable/internal/ground"
	"roundtable/internal/outcome"
)

// OutcomeFile is the demo edition's outcome document inside the embedded
// data: a declaration in negotiation, with its zero draft, the amendments
// of a first reading, Rev.1, statuses, positions and one amendment still
// waiting for the chair.
const OutcomeFile = "demo/china-lac-2-outcome.json"

// outcomeContent is OutcomeFile as written. Paragraphs are named by the
// labels the service gives them, which the loader checks.
type outcomeContent struct {
	Kind          string          `json:"kind"`
	Title         string          `json:"title"`
	Language      string          `json:"language"`
	Facilitators  []string        `json:"facilitators"`
	ZeroDraftNote string          `json:"zero_draft_note"`
	Paragraphs    []paragraphSpec `json:"paragraphs"`
	Amendments    []amendmentSpec `json:"amendments"`
	Rev1Note      string          `json:"rev1_note"`
	Statuses      []statusSpec    `json:"statuses"`
	Packages      []packageSpec   `json:"packages"`
	Positions     struct {
		Default    ground.Stance `json:"default"`
		Exceptions []stanceSpec  `json:"exceptions"`
	} `json:"positions"`
	Comments []commentSpec `json:"comments"`
}

type paragraphSpec struct {
	Label        string            `json:"label"`
	Kind         string            `json:"kind"`
	Text         string            `json:"text"`
	Translations []outcomeLangSpec `json:"translations"`
}

type outcomeLangSpec struct {
	Language string `json:"language"`
	Text     string `json:"text"`
	Status   string `json:"status"`
}

type amendmentSpec struct {
	By         string   `json:"by"` // the proposing delegation's code
	Cosponsors []string `json:"cosponsors"`
	Kind       string   `json:"kind"`
	Paragraph  string   `json:"paragraph"`
	Text       string   `json:"text"`
	Rationale  string   `json:"rationale"`
	// Decision is accepted or rejected (at the first reading, before
	// Rev.1) or pending (proposed against Rev.1, waiting for the chair).
	Decision     string            `json:"decision"`
	Note         string            `json:"note,omitempty"`
	Translations []outcomeLangSpec `json:"translations,omitempty"`
}

type statusSpec struct {
	Paragraph string `json:"paragraph"`
	Status    string `json:"status"`
	Reason    string `json:"reason,omitempty"`
	UntilDays int    `json:"until_days,omitempty"` // agreed ad ref: days from loading
}

type packageSpec struct {
	Paragraph string   `json:"paragraph"`
	Linked    []string `json:"linked"`
}

type stanceSpec struct {
	Paragraph  string        `json:"paragraph"`
	Delegation string        `json:"delegation"`
	Stance     ground.Stance `json:"stance"`
	Reason     string        `json:"reason,omitempty"`
}

type commentSpec struct {
	Paragraph  string `json:"paragraph"`
	Delegation string `json:"delegation"`
	Text       string `json:"text"`
}

// loadOutcomeContent reads the embedded outcome file once, strictly.
var loadOutcomeContent = sync.OnceValues(func() (*outcomeContent, error) {
	b, err := fs.ReadFile(data.FS(), OutcomeFile)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var c outcomeContent
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("data/%s: %w", OutcomeFile, err)
	}
	for _, a := range c.Amendments {
		if !slices.Contains([]string{"accepted", "rejected", "pending"}, a.Decision) {
			return nil, fmt.Errorf("data/%s: amendment of %s on %s: decision %q", OutcomeFile, a.By, a.Paragraph, a.Decision)
		}
	}
	return &c, nil
})

// loadOutcome writes the demo's outcome document through the outcome
// service as a roundtable would: the chair drafts the zero draft with its
// versions in the other working languages; delegations amend at the first
// reading, the chair accepts or rejects; statuses and a package are set;
// Rev.1 is issued; each state delegation takes its positions on Rev.1;
// one amendment arrives afterwards and waits for the chair.
func loadOutcome(ctx context.Context, svc *outcome.Service, w cast, ed loaded, c *outcomeContent) error {
	d, err := svc.CreateDocument(ctx, w.chair, ed.EditionID, outcome.DocumentInput{
		Kind: c.Kind, Title: c.Title, Language: c.Language, Facilitators: c.Facilitators,
	})
	if err != nil {
		return err
	}
	for _, p := range c.Paragraphs {
		got, err := svc.AddParagraph(ctx, w.chair, d.ID, outcome.ParagraphInput{Kind: p.Kind, Text: p.Text})
		if err != nil {
			return fmt.Errorf("paragraph %s: %w", p.Label, err)
		}
		if got.Label != p.Label {
			return fmt.Errorf("paragraph %s: the service labelled it %s", p.Label, got.Label)
		}
		if err := translate(ctx, svc, w, d.ID, p.Label, p.Translations); err != nil {
			return err
		}
	}
	if _, err := svc.IssueRevision(ctx, w.chair, d.ID, outcome.RevisionInput{Note: c.ZeroDraftNote}); err != nil {
		return fmt.Errorf("zero draft: %w", err)
	}
	var pending []amendmentSpec
	for _, a := range c.Amendments {
		if a.Decision == "pending" {
			pending = append(pending, a)
			continue
		}
		if err := amend(ctx, svc, w, d.ID, a); err != nil {
			return err
		}
	}
	for _, st := range c.Statuses {
		in := outcome.StatusInput{Status: st.Status, Reason: st.Reason}
		if st.UntilDays > 0 {
			until := time.Now().UTC().AddDate(0, 0, st.UntilDays).Truncate(time.Hour)
			in.Until = &until
		}
		if _, err := svc.SetStatus(ctx, w.chair, d.ID, st.Paragraph, in); err != nil {
			return fmt.Errorf("status of %s: %w", st.Paragraph, err)
		}
	}
	for _, k := range c.Packages {
		if _, err := svc.SetPackage(ctx, w.chair, d.ID, k.Paragraph, k.Linked); err != nil {
			return fmt.Errorf("package of %s: %w", k.Paragraph, err)
		}
	}
	if _, err := svc.IssueRevision(ctx, w.chair, d.ID, outcome.RevisionInput{Note: c.Rev1Note}); err != nil {
		return fmt.Errorf("Rev.1: %w", err)
	}
	if err := takePositions(ctx, svc, w, d.ID, c); err != nil {
		return err
	}
	for _, a := range pending {
		if err := amend(ctx, svc, w, d.ID, a); err != nil {
			return err
		}
	}
	for _, x := range c.Comments {
		if _, err := svc.AddComment(ctx, w.delegates[x.Delegation], d.ID, x.Paragraph, x.Text); err != nil {
			return fmt.Errorf("comment of %s on %s: %w", x.Delegation, x.Paragraph, err)
		}
	}
	return nil
}

// amend has a delegation propose an amendment and the chair decide it.
func amend(ctx context.Context, svc *outcome.Service, w cast, docID int64, a amendmentSpec) error {
	by := w.delegates[a.By]
	if by == nil {
		return fmt.Errorf("amendment of %s: no delegate of %s", a.Paragraph, a.By)
	}
	am, err := svc.ProposeAmendment(ctx, by, docID, outcome.AmendmentInput{
		Kind: a.Kind, Paragraph: a.Paragraph, Text: a.Text, Rationale: a.Rationale, Sponsors: a.Cosponsors,
	})
	if err != nil {
		return fmt.Errorf("amendment of %s on %s: %w", a.By, a.Paragraph, err)
	}
	switch a.Decision {
	case "accepted":
		if am, err = svc.AcceptAmendment(ctx, w.chair, am.ID, a.Note); err != nil {
			return fmt.Errorf("accepting the amendment of %s on %s: %w", a.By, a.Paragraph, err)
		}
		return translate(ctx, svc, w, docID, am.Result, a.Translations)
	case "rejected":
		if _, err := svc.RejectAmendment(ctx, w.chair, am.ID, a.Note); err != nil {
			return fmt.Errorf("rejecting the amendment of %s on %s: %w", a.By, a.Paragraph, err)
		}
	}
	return nil
}

// translate sets a paragraph's versions in other languages, as the chair.
func translate(ctx context.Context, svc *outcome.Service, w cast, docID int64, label string, list []outcomeLangSpec) error {
	for _, t := range list {
		if _, err := svc.SetTranslation(ctx, w.chair, docID, label, t.Language, outcome.TranslationInput{Text: t.Text, Status: t.Status}); err != nil {
			return fmt.Errorf("%s in %s: %w", label, t.Language, err)
		}
	}
	return nil
}

// takePositions has each state delegation's delegate take a position on
// every paragraph of Rev.1: the file's default, or its exception.
func takePositions(ctx context.Context, svc *outcome.Service, w cast, docID int64, c *outcomeContent) error {
	paras, err := svc.Paragraphs(ctx, w.chair, docID)
	if err != nil {
		return err
	}
	except := map[[2]string]stanceSpec{}
	for _, x := range c.Positions.Exceptions {
		except[[2]string{x.Paragraph, x.Delegation}] = x
	}
	codes := make([]string, 0, len(w.delegates))
	for code := range w.delegates {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	for _, p := range paras {
		for _, code := range codes {
			in := outcome.PositionInput{Stance: c.Positions.Default, TextVersion: p.TextVersion}
			if x, ok := except[[2]string{p.Label, code}]; ok {
				in.Stance, in.Reason = x.Stance, x.Reason
			}
			if _, err := svc.SetPosition(ctx, w.delegates[code], docID, p.Label, in); err != nil {
				return fmt.Errorf("position of %s on %s: %w", code, p.Label, err)
			}
		}
	}
	return nil
}
