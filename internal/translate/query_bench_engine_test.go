package translate_test

import (
	"testing"

	"roundtable/internal/translate"
)

// benchEngine is the engine the latency benchmark measures. It is the
// tests' process-per-text Apertium until the engine with persistent
// pipelines (translate.FindApertium) is on main; that one is what a server
// runs and what the figures in the report were measured with.
func benchEngine(b *testing.B) translate.Engine { return queryEngine(b) }
