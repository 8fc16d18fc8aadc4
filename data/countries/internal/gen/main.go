// Command gen rebuilds data/countries/countries.json and groups.json from the
// shared extracts, so the shipped reference data can be reproduced and
// reviewed. Run it from the repository root:
//
//	go run ./data/countries/internal/gen
package main

import (
	"flag"
	"log"
	"os"
	"path/filepath"

	"roundtable/data/countries/internal/build"
)

func main() {
	src := flag.String("src", "../shared/data/countries", "folder holding "+build.CountriesCSV+" and "+build.MembersCSV)
	out := flag.String("out", "data/countries", "folder to write countries.json and groups.json to")
	flag.Parse()

	countries, groups, err := build.Build(*src)
	if err != nil {
		log.Fatal(err)
	}
	for name, b := range map[string][]byte{"countries.json": countries, "groups.json": groups} {
		if err := os.WriteFile(filepath.Join(*out, name), b, 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
