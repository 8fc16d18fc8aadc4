package cli

import (
	"roundtable/internal/outbox"
	"roundtable/internal/practice"
)

// registerTranslationSources gives the translator each area's side of
// machine translation: statements, propositions, outcome paragraphs and
// practices, under the job kinds their writes queue.
func (a *app) registerTranslationSources() {
	a.translator.Register(outbox.TranslateStatement, a.dialogue.TranslationSource())
	a.translator.Register(outbox.TranslateProposition, a.ground.TranslationSource())
	a.translator.Register(outbox.TranslateParagraph, a.outcome.TranslationSource())
	a.translator.Register(practice.TranslateKind, a.practices.TranslationSource())
}
