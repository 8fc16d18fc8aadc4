package web

import "strings"

// Machine translations are labelled wherever a page shows one: "Machine
// translation (Apertium) — not authoritative" in the reader's language,
// set apart by machine.css, so nobody quotes an engine's wording as a
// delegation's.

// MachineLabel is the label of a machine version by engine ("" when the
// engine is not known, as for one imported or typed in as machine).
func (l layout) MachineLabel(engine string) string {
	if engine == "" {
		return l.T("machine.label")
	}
	return l.T("machine.label_engine", "engine", EngineName(engine))
}

// EngineName is an engine's name as people write it.
func EngineName(engine string) string {
	switch strings.ToLower(engine) {
	case "apertium":
		return "Apertium"
	case "libretranslate":
		return "LibreTranslate"
	}
	return engine
}
