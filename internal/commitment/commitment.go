// Package commitment is the follow-up of what states undertook: commitments
// (from an operative paragraph of an adopted outcome, a pledge in a
// statement, or a UN recommendation a state supported) with their owner
// states, themes, SDG targets, dates, milestones and indicators; progress
// reports filed by the owner's focal points and published only once the
// state's validator approves them; civil society's moderated comments;
// progress computed from the data beside the self-reported status;
// reminders of reports coming due; and the Universal Periodic Review
// recommendations they may come from. Who reads what is the visibility
// rule's; this package only describes each text to it.
package commitment

import (
	"roundtable/internal/dialogue"
	"roundtable/internal/evidence"
	"roundtable/internal/outcome"
	"roundtable/internal/store"
)

// Viewer is who reads or writes: nil for the public.
type Viewer = dialogue.Viewer

// Thesaurus tags texts with concepts and knows which concepts exist
// (package thesaurus, through discovery, provides it).
type Thesaurus interface {
	Tag(lang, text string) []string
	Known(id string) bool
}

// Service runs commitments and their follow-up on a database.
type Service struct {
	DB       *store.DB
	Dialogue *dialogue.Service
	// Outcome gives the adopted paragraph a commitment comes from.
	Outcome *outcome.Service
	// Evidence gives the indicators' latest values for progress from data.
	Evidence *evidence.Service
	// Thesaurus tags commitments and recommendations; nil tags nothing and
	// accepts no concept given by hand.
	Thesaurus Thesaurus
}
