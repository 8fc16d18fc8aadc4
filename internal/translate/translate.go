// Package translate gives Roundtable's texts machine versions in the
// working languages they lack. An Engine turns text from one language into
// another (Apertium on the machine, or a LibreTranslate-compatible service);
// a Source is an area's side of it (statements, propositions, outcome
// paragraphs): what to translate, and where a machine version may be
// written without ever replacing a human one. Jobs come from the
// translation_jobs outbox, queued in the transaction of each write
// (outbox.Translate).
package translate

import (
	"context"
	"errors"
)

// Engine translates text between two of the working languages ("en",
// "es", "pt", "zh", "fr").
type Engine interface {
	// Name identifies the engine on pages and in stored versions, e.g.
	// "apertium" or "libretranslate".
	Name() string
	// Supports reports whether the engine can translate from → to,
	// directly or through a pivot language.
	Supports(from, to string) bool
	// Translate returns texts translated from → to, one result per input,
	// in order. An engine that is down, slow or answers garbage returns an
	// error; the caller retries later.
	Translate(ctx context.Context, from, to string, texts []string) ([]string, error)
}

// Item is the text of one thing to translate, as its area holds it now.
type Item struct {
	// Lang is the language the text was written in.
	Lang string
	// Texts are the parts to translate (a title and a body, say), in the
	// order Save receives their translations.
	Texts []string
	// Human lists the languages that already have a version written or
	// reviewed by a person: never overwritten, never retranslated.
	Human []string
}

// Source is one area's side of machine translation, registered with the
// translator under a job kind (outbox.TranslateStatement …).
type Source interface {
	// Load returns the item's current text. ErrGone when it no longer
	// exists (deleted since it was queued): the job is dropped.
	Load(ctx context.Context, ref int64) (Item, error)
	// Save writes machine versions (language → translated parts, in the
	// order of Item.Texts) in one transaction, skipping any language that
	// has a human version by then, and announces what changed to the
	// search outbox. from is the language translated from; engine names
	// who translated.
	Save(ctx context.Context, ref int64, from string, versions map[string][]string, engine string) error
}

// ErrGone is what Source.Load returns for an item that no longer exists.
var ErrGone = errors.New("translate: item no longer exists")

// Alternative is a query as it is also searched in another working
// language, and how it got there ("dictionary" for CC-CEDICT, or an
// engine's name).
type Alternative struct {
	Lang, Text, By string
}

// QueryTranslator turns a search query into the other working languages.
// hint is the reader's language, used when the query's own language is
// unclear (short Latin-script queries). It returns nothing it could not
// translate; it never fails a search, and answers within a few
// milliseconds (cached or in-process), since every search may ask it.
type QueryTranslator interface {
	Alternatives(ctx context.Context, text, hint string) []Alternative
}
