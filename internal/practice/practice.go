// Package practice is learning from each other: national practices written
// for transfer (context, what was done, results, costs, challenges, lessons,
// conditions for transfer, a contact for accredited participants only),
// with their languages and translation status, from draft to publication
// by the secretariat; requests to learn and offers of experience; the
// matches the system suggests between them, each with its reasons
// (concepts, practices, indicator peers), which the secretariat brokers
// and follows to a result; and the "different paths" view of several
// countries' practices on one theme. Who reads what is the visibility
// rule's; this package only describes each text to it.
package practice

import (
	"roundtable/internal/dialogue"
	"roundtable/internal/evidence"
	"roundtable/internal/store"
)

// Viewer is who reads or writes: nil for the public.
type Viewer = dialogue.Viewer

// Thesaurus tags texts with concepts and knows which concepts exist.
type Thesaurus interface {
	Tag(lang, text string) []string
	Known(id string) bool
}

// Service runs practices, requests, offers and matches on a database.
type Service struct {
	DB       *store.DB
	Dialogue *dialogue.Service
	// Evidence gives indicator peers for the suggestions.
	Evidence *evidence.Service
	// Thesaurus tags practices and requests; nil tags nothing.
	Thesaurus Thesaurus

	// peerCache keeps indicator peers for the suggestions (suggest.go).
	peerCache peerCache
}
