package dialogue

// The checks below bound every text of the record; the areas built on it
// (common ground, the outcome) call them, so one rule bounds a text
// whichever area keeps it.

// CheckLang refuses anything but a supported two-letter language code.
func CheckLang(field, l string) error { return checkLang(field, l) }

// CheckText trims s and refuses it when required and empty, longer than
// max runes, or not UTF-8.
func CheckText(field, s string, max int, required bool) (string, error) {
	return checkText(field, s, max, required)
}

// CheckTexts requires at least one language and valid, bounded texts.
func CheckTexts(field string, t Texts, max int) (Texts, error) { return checkTexts(field, t, max) }

// JSON is t as stored in a column.
func (t Texts) JSON() string { return t.json() }

// ParseTexts reads texts stored by JSON.
func ParseTexts(s string) (Texts, error) { return parseTexts(s) }

// CheckTranslation checks a translation's language, text, origin and
// review status (original is the language of the text it translates).
func CheckTranslation(t *Translation, original string, max int) error {
	if err := checkLang("language", t.Language); err != nil {
		return err
	}
	if t.Language == original {
		return errsSameLanguage
	}
	var err error
	if t.Body, err = checkText("text", t.Body, max, true); err != nil {
		return err
	}
	if t.Origin == "" {
		t.Origin = "human"
	}
	if t.Review == "" {
		t.Review = "pending"
	}
	if !contains([]string{"human", "machine"}, t.Origin) {
		return errsOrigin
	}
	if !contains([]string{"pending", "reviewed"}, t.Review) {
		return errsReview
	}
	return nil
}
