package data

import (
	"embed"
	"io/fs"
)

// The development indicators that ship with Roundtable (World Bank WDI and
// Gapminder, CC BY 4.0; see indicators/SOURCES.md): the observation files
// compressed, the catalogue of indicators, the areas they name and the
// manifest that says which source and release each file is.
//
//go:embed indicators/*.csv.gz indicators/catalogue.json indicators/areas.json indicators/shipped.json
var indicatorFiles embed.FS

// Indicators returns the shipped indicator files, rooted at the indicators
// directory ("shipped.json", "wdi_all_areas.csv.gz", ...).
func Indicators() fs.FS {
	sub, err := fs.Sub(indicatorFiles, "indicators")
	if err != nil {
		panic(err) // the directory is embedded above
	}
	return sub
}
