package demo

import (
	"context"
	"fmt"

	"roundtable/internal/commitment"
	"roundtable/internal/dialogue"
	"roundtable/internal/outcome"
	"roundtable/internal/practice"
	"roundtable/internal/visibility"
)

// loadCommunique has the chair draft the demo edition's joint communiqué
// with its versions in the other working languages, issue it and adopt it
// by consensus; the edition's declaration stays in negotiation beside it.
// A communiqué adopted by an earlier, interrupted start is used as it is.
func loadCommunique(ctx context.Context, svc *outcome.Service, w actionCast, c *communiqueSpec) (int64, error) {
	edition, err := demoEdition(ctx, svc.Dialogue, w)
	if err != nil {
		return 0, err
	}
	docs, err := svc.Documents(ctx, w.chair, edition)
	if err != nil {
		return 0, err
	}
	for _, d := range docs {
		if d.Title == c.Title && d.Status == outcome.Adopted {
			return d.ID, nil
		}
	}
	d, err := svc.CreateDocument(ctx, w.chair, edition, outcome.DocumentInput{
		Kind: c.Kind, Title: c.Title, Language: c.Language, Facilitators: c.Facilitators,
	})
	if err != nil {
		return 0, err
	}
	for _, p := range c.Paragraphs {
		got, err := svc.AddParagraph(ctx, w.chair, d.ID, outcome.ParagraphInput{Kind: p.Kind, Text: p.Text})
		if err != nil {
			return 0, fmt.Errorf("paragraph %s: %w", p.Label, err)
		}
		if got.Label != p.Label {
			return 0, fmt.Errorf("paragraph %s: the service labelled it %s", p.Label, got.Label)
		}
		if err := translate(ctx, svc, w.cast, d.ID, p.Label, p.Translations); err != nil {
			return 0, err
		}
	}
	rev, err := svc.IssueRevision(ctx, w.chair, d.ID, outcome.RevisionInput{Note: c.RevisionNote})
	if err != nil {
		return 0, fmt.Errorf("revision: %w", err)
	}
	adopted, err := svc.Adopt(ctx, w.chair, d.ID, outcome.AdoptInput{Method: outcome.MethodConsensus, Revision: rev.Number})
	if err != nil {
		return 0, fmt.Errorf("adoption: %w", err)
	}
	if !adopted.Adopted {
		return 0, fmt.Errorf("adoption by consensus left it %+v", adopted)
	}
	return d.ID, nil
}

// demoEdition is the id of the demo edition (Load's, from ContentFile).
func demoEdition(ctx context.Context, records *dialogue.Service, w actionCast) (int64, error) {
	c, err := loadContent()
	if err != nil {
		return 0, err
	}
	eds, err := records.Editions(ctx, w.admin)
	if err != nil {
		return 0, err
	}
	for _, e := range eds {
		if e.Number == c.Edition.Number && e.Titles["en"] == c.Edition.Titles["en"] {
			return e.ID, nil
		}
	}
	return 0, fmt.Errorf("no demo edition %q (run the demo's Load first)", c.Edition.Titles["en"])
}

// loadCommitment has the secretariat record the commitment from the
// communiqué's paragraph, mark the milestones done that are, and each
// owner's focal point file its report; the validator publishes the ones
// the file says are published.
func loadCommitment(ctx context.Context, a Action, w actionCast, c *actionContent, out *ActionLoaded) error {
	cs := c.Commitment
	p, err := a.Outcome.Paragraph(ctx, w.admin, out.Communique, cs.Paragraph)
	if err != nil {
		return fmt.Errorf("paragraph %s: %w", cs.Paragraph, err)
	}
	milestones := make([]commitment.Milestone, len(cs.Milestones))
	for i, m := range cs.Milestones {
		milestones[i] = commitment.Milestone{Title: m.Title, DueOn: m.DueOn}
	}
	got, err := a.Commitments.FromParagraph(ctx, w.admin, p.ID, commitment.Input{
		Title: cs.Title, Level: visibility.Level(cs.Level), StartsOn: cs.StartsOn, DueOn: cs.DueOn,
		ReportEvery: cs.ReportEvery, Owners: cs.Owners, Concepts: cs.Concepts, Targets: cs.Targets,
		Milestones: milestones, Indicators: cs.Indicators,
	})
	if err != nil {
		return err
	}
	out.Commitment = got.ID
	for i, m := range cs.Milestones {
		if m.DoneOn == "" {
			continue
		}
		if i >= len(got.Milestones) {
			return fmt.Errorf("milestone %q: the service kept %d milestones", m.Title, len(got.Milestones))
		}
		if _, err := a.Commitments.SetMilestoneDone(ctx, w.admin, got.ID, got.Milestones[i].ID, m.DoneOn); err != nil {
			return fmt.Errorf("milestone %q: %w", m.Title, err)
		}
	}
	for _, r := range c.Reports {
		r.Narrative = illustrative(r.Narrative, r.Language, c)
		id, err := fileReport(ctx, a.Commitments, w, got.ID, r)
		if err != nil {
			return fmt.Errorf("report of %s: %w", r.Country, err)
		}
		out.Reports = append(out.Reports, id)
	}
	return nil
}

// fileReport has the owner's delegate file a report and, if it is to be
// published, submit it for the validator to approve.
func fileReport(ctx context.Context, svc *commitment.Service, w actionCast, commitmentID int64, r reportSpec) (int64, error) {
	focal := w.delegates[r.Country]
	rep, err := svc.FileReport(ctx, focal, commitmentID, commitment.ReportInput{
		Country: r.Country, ReportedOn: r.ReportedOn, Status: r.Status, Narrative: r.Narrative,
		Language: r.Language, Evidence: r.Evidence,
	})
	if err != nil || !r.Publish {
		return rep.ID, err
	}
	if _, err := svc.SubmitReport(ctx, focal, rep.ID); err != nil {
		return rep.ID, fmt.Errorf("submitting: %w", err)
	}
	if _, err := svc.Validate(ctx, w.validator, rep.ID, true, ""); err != nil {
		return rep.ID, fmt.Errorf("validating: %w", err)
	}
	return rep.ID, nil
}

// loadPractice has the practice's state's delegate write it in its
// original language with its translations and submit it, the secretariat
// publish it; then each state's delegate posts its request or offer.
func loadPractice(ctx context.Context, svc *practice.Service, w actionCast, c *actionContent, out *ActionLoaded) error {
	ps := c.Practice
	by := w.delegates[ps.Country]
	orig := ps.Texts[0]
	p, err := svc.Create(ctx, by, practice.Input{
		Country: ps.Country, Language: ps.Language, Title: orig.Title, Context: orig.Context, Actions: orig.Actions,
		Results: orig.Results, Challenges: orig.Challenges, Lessons: orig.Lessons, Transfer: orig.Transfer,
		PeriodFrom: ps.PeriodFrom, PeriodTo: ps.PeriodTo, Institutions: ps.Institutions, Costs: ps.Costs,
		Contact: ps.Contact, Concepts: ps.Concepts, Targets: ps.Targets, Indicators: ps.Indicators,
	})
	if err != nil {
		return err
	}
	out.Practice = p.ID
	for _, t := range ps.Texts[1:] {
		t.Review = practice.ReviewReviewed
		if _, err := svc.SetText(ctx, by, p.ID, t.Language, t); err != nil {
			return fmt.Errorf("text in %s: %w", t.Language, err)
		}
	}
	if _, err := svc.Submit(ctx, by, p.ID); err != nil {
		return fmt.Errorf("submitting: %w", err)
	}
	if _, err := svc.Publish(ctx, w.admin, p.ID); err != nil {
		return fmt.Errorf("publishing: %w", err)
	}
	for _, x := range c.Asks {
		ask, err := svc.CreateAsk(ctx, w.delegates[x.Country], practice.AskInput{
			Kind: x.Kind, Country: x.Country, Title: x.Title, Body: illustrative(x.Body, x.Language, c), Language: x.Language,
			IndicatorCode: x.IndicatorCode, Level: x.Level, Concepts: x.Concepts,
		})
		if err != nil {
			return fmt.Errorf("%s of %s: %w", x.Kind, x.Country, err)
		}
		switch x.Kind {
		case practice.Request:
			out.Request = ask.ID
		case practice.Offer:
			out.Offer = ask.ID
		}
	}
	return nil
}

// illustrative ends a text of the demo with the notice, in its language,
// that it was written for the demo: reports and asks are shown outside
// the demo edition's pages, which carry the edition's notice.
func illustrative(text, lang string, c *actionContent) string {
	return text + "\n\n" + c.Notice[lang]
}
