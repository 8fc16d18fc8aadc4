package cli

import "roundtable/internal/outbox"

// registerTranslationSources gives the translator each area's side of
// machine translation: statements, propositions and outcome paragraphs,
// under the job kinds their writes queue.
func (a *app) registerTranslationSources() {
	a.translator.Register(outbox.TranslateStatement, a.dialogue.TranslationSource())
	a.translator.Register(outbox.TranslateProposition, a.ground.TranslationSource())
	a.translator.Register(outbox.TranslateParagraph, a.outcome.TranslationSource())
}
