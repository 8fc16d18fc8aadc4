package demo

import (
	"context"
	"fmt"
	"time"

	"roundtable/internal/dialogue"
)

// loaded is what the common ground of the demo edition refers to.
type loaded struct {
	EditionID  int64
	Statements []int64 // ids, in the order of the content file
}

// loadEdition writes the demo forum and edition through the dialogue
// service, as the secretariat v would: every write is audited and announced
// to the search outbox. The edition is built unpublished and published last,
// as a real secretariat would, which also re-indexes the whole record.
func loadEdition(ctx context.Context, svc *dialogue.Service, v dialogue.Viewer, c *content) (loaded, error) {
	var out loaded
	forum, err := svc.CreateForum(ctx, v, dialogue.Forum{Slug: c.Forum.Slug, Names: c.Forum.Names})
	if err != nil {
		return out, fmt.Errorf("forum %q: %w", c.Forum.Slug, err)
	}
	ce := c.Edition
	e, err := svc.CreateEdition(ctx, v, dialogue.Edition{
		ForumID: forum.ID, Number: ce.Number, Titles: ce.Titles, StartsOn: ce.StartsOn, EndsOn: ce.EndsOn,
		VenueCity: ce.VenueCity, VenueCountry: ce.VenueCountry, Host: ce.Host, TimeZone: ce.TimeZone, Languages: ce.Languages,
		Status: dialogue.Open,
	})
	if err != nil {
		return out, fmt.Errorf("edition %d: %w", ce.Number, err)
	}
	out.EditionID = e.ID

	sessions := map[string]int64{}
	for i, s := range c.Sessions {
		// Checked by parseContent.
		from, _ := time.Parse(time.RFC3339, s.StartsAt)
		to, _ := time.Parse(time.RFC3339, s.EndsAt)
		x, err := svc.SaveSession(ctx, v, dialogue.Session{
			EditionID: e.ID, Position: i + 1, Titles: s.Titles, Themes: s.Themes,
			StartsAt: from, EndsAt: to, Chair: s.Chair, Room: s.Room,
		})
		if err != nil {
			return out, fmt.Errorf("session %q: %w", s.Key, err)
		}
		sessions[s.Key] = x.ID
	}

	type delegation struct {
		id       int64
		speakers map[string]string // member key → "Name, Title"
	}
	delegations := map[string]delegation{}
	for _, dd := range c.Delegations {
		d, err := svc.AddDelegation(ctx, v, dialogue.Delegation{EditionID: e.ID, Kind: dd.Kind, Code: dd.Code, Names: dd.Names})
		if err != nil {
			return out, fmt.Errorf("delegation %q: %w", dd.Code, err)
		}
		if err := svc.Accredit(ctx, v, d.ID, true); err != nil {
			return out, fmt.Errorf("delegation %q: accredit: %w", dd.Code, err)
		}
		speakers := map[string]string{}
		for _, m := range dd.Members {
			if _, err := svc.AddMember(ctx, v, d.ID, dialogue.Member{Name: m.Name, Title: m.Title, Role: m.Role}); err != nil {
				return out, fmt.Errorf("delegation %q member %q: %w", dd.Code, m.Key, err)
			}
			speakers[m.Key] = m.Name
			if m.Title != "" {
				speakers[m.Key] += ", " + m.Title
			}
		}
		delegations[dd.Code] = delegation{id: d.ID, speakers: speakers}
	}

	for i, s := range c.Statements {
		d := delegations[s.Delegation]
		st, err := svc.SaveStatement(ctx, v, dialogue.Statement{
			EditionID: e.ID, SessionID: sessions[s.Session], DelegationID: d.id,
			Speaker: d.speakers[s.Speaker], OnBehalfOf: s.OnBehalfOf, Language: s.Language,
			Title: s.Title, Body: s.Text, DeliveredOn: deliveredOn(c, s.Session),
			Source: c.StatementSource, Visibility: dialogue.Public,
		})
		if err != nil {
			return out, fmt.Errorf("statement %d (%s in session %q): %w", i+1, s.Delegation, s.Session, err)
		}
		out.Statements = append(out.Statements, st.ID)
		for _, t := range s.Translations {
			if _, err := svc.SetTranslation(ctx, v, st.ID, dialogue.Translation{Language: t.Language, Body: t.Text, Origin: t.Origin, Review: t.Review}); err != nil {
				return out, fmt.Errorf("statement %d (%s in session %q) translation %q: %w", i+1, s.Delegation, s.Session, t.Language, err)
			}
		}
	}

	e.Status, e.Published = ce.Status, ce.Published
	if _, err := svc.UpdateEdition(ctx, v, e); err != nil {
		return out, fmt.Errorf("edition %d: publish: %w", ce.Number, err)
	}
	return out, nil
}

// deliveredOn is the day, at the venue, of the session a statement was
// made in.
func deliveredOn(c *content, session string) string {
	for _, s := range c.Sessions {
		if s.Key == session {
			return s.StartsAt[:len(time.DateOnly)]
		}
	}
	return ""
}
