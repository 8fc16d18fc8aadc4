package cli

import (
	"context"

	"roundtable/internal/translate"
)

// queryTranslator is what search asks for a query's other working
// languages where the thesaurus does not reach (discovery.PlanQuery): the
// shipped CC-CEDICT dictionary between Chinese and English and, when one
// was found, the machine-translation engine (nil: the dictionary alone).
// The dictionary loads and the engine warms in the background, so no
// search waits for them: until then queries get fewer alternatives.
func queryTranslator(ctx context.Context, engines *translate.Engines) *translate.Queries {
	var engine translate.Engine
	if engines != nil && len(engines.List()) > 0 {
		engine = engines
	}
	q := translate.NewQueries(engine)
	go func() {
		if q.Load() == nil {
			q.WarmEngine(ctx)
		}
	}()
	return q
}
