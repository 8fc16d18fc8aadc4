package web_test

import "testing"

// outcomeAccessMatrix holds the access matrix's rows for the joint
// outcome's routes (see accessMatrix for what the columns mean).
var outcomeAccessMatrix = []accessRow{}

// outcomeFixture adds to the matrix's site the outcome documents the rows
// above name.
func (fx *accessFixture) outcomeFixture(t *testing.T) {
	t.Helper()
}
