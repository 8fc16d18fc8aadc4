// Package build turns the shared country extracts into the JSON files that
// ship in data/countries. It is a package rather than part of the gen command
// so that a test can prove the committed files are exactly what it produces.
//
// Every country name is copied from a source column; nothing is typed by hand
// except the group names (groups table below), which no source file carries.
package build

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Source files, relative to the shared countries folder.
const (
	CountriesCSV = "celac_china_countries.csv"
	MembersCSV   = "celac_members.csv"
)

// Langs are the UI languages, in the order they are written out.
var Langs = []string{"en", "es", "pt", "zh", "fr"}

// Columns per language. pt is Brazilian and zh is Simplified, the variants
// the product targets.
var (
	isoNameCol  = map[string]string{"en": "isocodes_name_en", "es": "isocodes_name_es", "pt": "isocodes_name_pt_BR", "zh": "isocodes_name_zh_Hans", "fr": "isocodes_name_fr"}
	officialCol = map[string]string{"en": "isocodes_official_name_en", "es": "isocodes_official_name_es", "pt": "isocodes_official_name_pt_BR", "zh": "isocodes_official_name_zh_Hans", "fr": "isocodes_official_name_fr"}
	i18nNameCol = map[string]string{"en": "i18n_name_en", "es": "i18n_name_es", "pt": "i18n_name_pt", "zh": "i18n_name_zh", "fr": "i18n_name_fr"}
)

// preferI18n lists names where the iso-codes translation is unfit for a UI
// list and the i18n-iso-countries name is used instead (lang -> iso3 -> why).
var preferI18n = map[string]map[string]string{
	"zh": {
		"BOL": "iso-codes has 玻利维亚共和国 (the pre-2009 'Republic of Bolivia')",
		"VEN": "iso-codes has the full official name",
		"GTM": "iso-codes has 瓜地马拉, not the PRC standard 危地马拉",
		"LCA": "iso-codes has 圣路西亚, not the PRC standard 圣卢西亚",
		"TTO": "iso-codes has 特里尼达, not the PRC standard 特立尼达",
	},
	"es": {"SUR": "iso-codes has the non-standard accented 'Surinám'"},
	"pt": {"DMA": "iso-codes has 'Domínica'; Brazilian usage is 'Dominica'"},
}

// dropOfficial lists iso-codes official names left out because they are wrong.
var dropOfficial = map[string]map[string]string{
	"zh": {
		"DMA": "米尼克共和国 is truncated and Dominica is not a republic",
		"BOL": "玻利维亚共和国 is the pre-2009 name",
		"GTM": "瓜地马拉共和国 uses the non-PRC transliteration",
		"TTO": "特里尼达和多巴哥共和国 uses the non-PRC transliteration",
	},
}

// group is one entry of groups.json.
type group struct {
	Code       string `json:"code"`
	Kind       string `json:"kind"`
	Names      names  `json:"names"`
	ShortNames *names `json:"short_names,omitempty"`
	Source     string `json:"source"`
	wbName     string // World Bank English label that maps to this group
}

// names is a struct, not a map, so the JSON keeps the product's language order.
type names struct {
	En string `json:"en,omitempty"`
	Es string `json:"es,omitempty"`
	Pt string `json:"pt,omitempty"`
	Zh string `json:"zh,omitempty"`
	Fr string `json:"fr,omitempty"`
}

func (n *names) set(lang, v string) {
	switch lang {
	case "en":
		n.En = v
	case "es":
		n.Es = v
	case "pt":
		n.Pt = v
	case "zh":
		n.Zh = v
	case "fr":
		n.Fr = v
	}
}

const celac = "CELAC"

// groups holds every group the generator knows, in output order; only those
// that some country belongs to are written. Codes are the World Bank API ids
// (region EAS/LCN, income HIC/UMC/LMC/LIC/INX) with a WB- prefix. The
// translations follow the World Bank's own terms in each language.
var groups = []group{
	{Code: celac, Kind: "bloc",
		Names:      names{"Community of Latin American and Caribbean States", "Comunidad de Estados Latinoamericanos y Caribeños", "Comunidade de Estados Latino-Americanos e Caribenhos", "拉丁美洲和加勒比国家共同体", "Communauté des États latino-américains et caraïbes"},
		ShortNames: &names{"CELAC", "CELAC", "CELAC", "拉共体", "CELAC"}},
	{Code: "WB-EAS", Kind: "wb_region", wbName: "East Asia and Pacific",
		Names: names{"East Asia and Pacific", "Asia oriental y el Pacífico", "Leste Asiático e Pacífico", "东亚与太平洋地区", "Asie de l'Est et Pacifique"}},
	{Code: "WB-LCN", Kind: "wb_region", wbName: "Latin America and Caribbean",
		Names: names{"Latin America and Caribbean", "América Latina y el Caribe", "América Latina e Caribe", "拉丁美洲与加勒比地区", "Amérique latine et Caraïbes"}},
	{Code: "WB-HIC", Kind: "wb_income", wbName: "High income",
		Names: names{"High income", "Ingreso alto", "Renda alta", "高收入", "Revenu élevé"}},
	{Code: "WB-UMC", Kind: "wb_income", wbName: "Upper middle income",
		Names: names{"Upper middle income", "Ingreso mediano alto", "Renda média alta", "中等偏上收入", "Revenu intermédiaire, tranche supérieure"}},
	{Code: "WB-LMC", Kind: "wb_income", wbName: "Lower middle income",
		Names: names{"Lower middle income", "Ingreso mediano bajo", "Renda média baixa", "中等偏下收入", "Revenu intermédiaire, tranche inférieure"}},
	{Code: "WB-LIC", Kind: "wb_income", wbName: "Low income",
		Names: names{"Low income", "Ingreso bajo", "Renda baixa", "低收入", "Faible revenu"}},
	{Code: "WB-INX", Kind: "wb_income", wbName: "Not classified",
		Names: names{"Not classified", "Sin clasificar", "Não classificado", "未分类", "Non classé"}},
}

type country struct {
	ISO3          string   `json:"iso3"`
	ISO2          string   `json:"iso2"`
	Numeric       string   `json:"numeric"`
	Names         names    `json:"names"`
	OfficialNames *names   `json:"official_names,omitempty"`
	Groups        []string `json:"groups"`
}

// Build reads the shared folder and returns countries.json and groups.json.
func Build(sharedDir string) (countriesJSON, groupsJSON []byte, err error) {
	rows, err := readCSV(filepath.Join(sharedDir, CountriesCSV))
	if err != nil {
		return nil, nil, err
	}
	members, err := readCSV(filepath.Join(sharedDir, MembersCSV))
	if err != nil {
		return nil, nil, err
	}
	inCELAC := map[string]bool{}
	for _, m := range members {
		inCELAC[m["iso3"]] = true
	}
	if len(inCELAC) != 33 {
		return nil, nil, fmt.Errorf("%s: %d distinct members, want 33", MembersCSV, len(inCELAC))
	}

	var out []country
	used := map[string]bool{}
	asOf := map[string]bool{}
	for _, r := range rows {
		c, err := buildCountry(r, inCELAC[r["iso3"]])
		if err != nil {
			return nil, nil, err
		}
		for _, g := range c.Groups {
			used[g] = true
		}
		asOf[r["wb_classification_as_of"]] = true
		delete(inCELAC, c.ISO3)
		out = append(out, c)
	}
	if len(inCELAC) > 0 {
		return nil, nil, fmt.Errorf("%s lists members missing from %s: %v", MembersCSV, CountriesCSV, slices.Sorted(maps.Keys(inCELAC)))
	}
	if len(asOf) != 1 {
		return nil, nil, fmt.Errorf("World Bank classification dates differ between rows: %v", slices.Sorted(maps.Keys(asOf)))
	}
	slices.SortFunc(out, func(a, b country) int { return strings.Compare(a.ISO3, b.ISO3) })

	var gs []group
	for _, g := range groups {
		if !used[g.Code] {
			continue
		}
		switch g.Kind {
		case "bloc":
			g.Source = "Membership: " + MembersCSV + " (33 members, per the Government of Trinidad and Tobago Ministry of Energy CELAC page, cross-checked with Wikipedia). Names: set by the project."
		case "wb_region", "wb_income":
			g.Source = "World Bank country classification as of " + slices.Collect(maps.Keys(asOf))[0] +
				", via github.com/jpazvd/wbopendata @ a8ed91f54e4d4fc602324bba00fd12a442b8aa03 (src/w/wbopendata_{region,incomelevel}.sthlp). Names: World Bank terms in each language."
		}
		gs = append(gs, g)
	}

	if countriesJSON, err = marshal(out); err != nil {
		return nil, nil, err
	}
	if groupsJSON, err = marshal(gs); err != nil {
		return nil, nil, err
	}
	return countriesJSON, groupsJSON, nil
}

func buildCountry(r map[string]string, member bool) (country, error) {
	c := country{ISO3: r["iso3"], ISO2: r["iso2"], Numeric: r["iso_numeric"]}
	fail := func(format string, a ...any) (country, error) {
		return country{}, fmt.Errorf("%s %s: %s", CountriesCSV, c.ISO3, fmt.Sprintf(format, a...))
	}
	if (r["celac_member"] == "True") != member {
		return fail("celac_member=%s disagrees with %s", r["celac_member"], MembersCSV)
	}
	if r["wb_code"] != c.ISO3 {
		return fail("wb_code %q differs from iso3", r["wb_code"])
	}
	var official names
	hasOfficial := false
	for _, lang := range Langs {
		name := strings.TrimSpace(r[isoNameCol[lang]])
		if lang == "en" && strings.TrimSpace(r["isocodes_common_name_en"]) != "" {
			name = strings.TrimSpace(r["isocodes_common_name_en"])
		}
		// "Bolivia, Plurinational State of" style names are index forms, not UI names.
		if _, ok := preferI18n[lang][c.ISO3]; ok || strings.Contains(name, ", ") {
			name = strings.TrimSpace(r[i18nNameCol[lang]])
		}
		if name == "" {
			return fail("no %s name", lang)
		}
		c.Names.set(lang, name)
		if _, drop := dropOfficial[lang][c.ISO3]; !drop {
			if v := strings.TrimSpace(r[officialCol[lang]]); v != "" {
				official.set(lang, v)
				hasOfficial = true
			}
		}
	}
	if hasOfficial {
		c.OfficialNames = &official
	}
	if member {
		c.Groups = append(c.Groups, celac)
	}
	for _, col := range []string{"wb_region", "wb_income_group"} {
		code := ""
		for _, g := range groups {
			if g.wbName != "" && g.wbName == r[col] {
				code = g.Code
			}
		}
		if code == "" {
			return fail("%s %q has no group in build.groups; add it", col, r[col])
		}
		c.Groups = append(c.Groups, code)
	}
	return c, nil
}

// readCSV returns the rows of a headed CSV file as column->value maps.
func readCSV(path string) ([]map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(recs) < 2 {
		return nil, fmt.Errorf("%s: no data rows", path)
	}
	var rows []map[string]string
	for _, rec := range recs[1:] {
		m := make(map[string]string, len(rec))
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		rows = append(rows, m)
	}
	return rows, nil
}

// marshal writes 2-space indented JSON without HTML escaping, newline-terminated.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
