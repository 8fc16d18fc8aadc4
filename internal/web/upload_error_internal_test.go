package web

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"roundtable/internal/errs"
	"roundtable/internal/i18n"
)

// A body past the indicator file limit is "too large", with a message that
// sends the secretariat to the command line; other errors pass unchanged.
func TestUploadErrorTooLarge(t *testing.T) {
	err := uploadError(&http.MaxBytesError{Limit: maxIndicatorFileBytes})
	e := errs.As(err)
	if e.Kind != errs.TooLarge || e.Code != "file_too_large" {
		t.Fatalf("error %+v, want file_too_large", e)
	}
	msg := i18n.MustLoad().T(i18n.Es, e.Key, e.Args...)
	if !strings.Contains(msg, "512") || !strings.Contains(msg, "roundtable import indicators") {
		t.Errorf("message %q", msg)
	}
	other := errors.New("disk full")
	if uploadError(other) != other {
		t.Error("another error was changed")
	}
}
