package upload

import (
	"context"

	"roundtable/internal/account"
)

// Holder answers whether v may read a text that holds upload id (a
// progress report giving it as evidence, a practice listing it as a
// document): true when some text v reads holds it. Packages that attach
// uploads provide one; package web lists them.
type Holder func(ctx context.Context, v *account.User, id int64) (bool, error)

// Readable reports whether v may download u: its uploader and the
// secretariat always may (the uploader before the text that holds it is
// saved, the secretariat to moderate); anyone else when a holder says a
// text they read holds it. An upload no text holds is its uploader's and
// the secretariat's alone.
func Readable(ctx context.Context, v *account.User, u Upload, holders ...Holder) (bool, error) {
	if v != nil && (v.Role == account.Administrator || (u.CreatedBy != 0 && v.ID == u.CreatedBy)) {
		return true, nil
	}
	for _, h := range holders {
		ok, err := h(ctx, v, u.ID)
		if err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}
