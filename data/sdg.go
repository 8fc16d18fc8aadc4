package data

import (
	"embed"
	"encoding/csv"
	"fmt"
	"io/fs"
	"strings"
)

//go:embed sdg/*.csv
var sdgFiles embed.FS

// SDGFiles returns the Sustainable Development Goals and their 169
// targets in the working languages: "sdg/goals_targets.csv" (code, level,
// lang, title) and "sdg/goal_short_names.csv" (code, lang, title). See
// sdg/SOURCES.md for where each language comes from.
func SDGFiles() fs.FS { return sdgFiles }

// SDGItem is one goal or target with its text in each working language.
type SDGItem struct {
	Code  string            // "1", "1.1", "1.a"
	Level string            // "goal" or "target"
	Title map[string]string // language → official text
	Short map[string]string // goals only: language → short name ("No poverty")
}

// SDG reads the shipped goals and targets, in the order of the file
// (goal 1, its targets, goal 2 …).
func SDG() ([]SDGItem, error) {
	rows, err := readSDGCSV("sdg/goals_targets.csv", 4)
	if err != nil {
		return nil, err
	}
	var items []SDGItem
	at := map[string]int{}
	for _, r := range rows {
		code, level, lang, title := r[0], r[1], r[2], r[3]
		i, ok := at[code]
		if !ok {
			i = len(items)
			at[code] = i
			items = append(items, SDGItem{Code: code, Level: level, Title: map[string]string{}})
		}
		if items[i].Level != level {
			return nil, fmt.Errorf("sdg: %s is both %s and %s", code, items[i].Level, level)
		}
		items[i].Title[lang] = title
	}
	short, err := readSDGCSV("sdg/goal_short_names.csv", 3)
	if err != nil {
		return nil, err
	}
	for _, r := range short {
		i, ok := at[r[0]]
		if !ok || items[i].Level != "goal" {
			return nil, fmt.Errorf("sdg: short name for %q, which is no goal", r[0])
		}
		if items[i].Short == nil {
			items[i].Short = map[string]string{}
		}
		items[i].Short[r[1]] = r[2]
	}
	return items, nil
}

func readSDGCSV(name string, cols int) ([][]string, error) {
	b, err := sdgFiles.ReadFile(name)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(strings.NewReader(string(b)))
	r.FieldsPerRecord = cols
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: empty", name)
	}
	return rows[1:], nil // the header
}
