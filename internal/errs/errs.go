// Package errs defines the small set of error kinds Roundtable reports to
// people and programs. Every surface (web page, JSON API, command line) maps a
// kind to one status through the same table, so a handler only says what went
// wrong, never how to show it.
package errs

import (
	"errors"
	"fmt"
	"net/http"
)

// Kind classifies an error for the people who read it.
type Kind int

const (
	// Internal is anything unexpected; its detail is logged, never shown.
	Internal Kind = iota
	Invalid
	NotFound
	Conflict
	Forbidden
	Unauthenticated
	TooMany
	TooLarge
	// WrongMethod is a known address asked with a method it does not
	// take.
	WrongMethod
	// Unavailable is a part of the service that is down or not set up
	// on this server; the request may succeed later or elsewhere.
	Unavailable
)

// Error is an error a user can be told about. Code is stable (API clients
// match on it); Key is the translation key of the message; Field names the
// input at fault, if any; Args fill the message's placeholders.
type Error struct {
	Kind  Kind
	Code  string
	Key   string
	Field string
	Args  []any
	Err   error // wrapped cause, for logs only
}

func (e *Error) Error() string {
	msg := e.Code
	if e.Field != "" {
		msg += " (" + e.Field + ")"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error of the given kind with a stable code and message key.
func New(kind Kind, code, key string, args ...any) *Error {
	return &Error{Kind: kind, Code: code, Key: key, Args: args}
}

// Field returns a validation error about one input field.
func Field(field, code, key string, args ...any) *Error {
	return &Error{Kind: Invalid, Code: code, Key: key, Field: field, Args: args}
}

// Common errors, shared by every surface.
var (
	ErrNotFound        = New(NotFound, "not_found", "error.not_found")
	ErrWrongMethod     = New(WrongMethod, "method_not_allowed", "error.method_not_allowed")
	ErrForbidden       = New(Forbidden, "forbidden", "error.forbidden")
	ErrUnauthenticated = New(Unauthenticated, "unauthenticated", "error.unauthenticated")
	ErrCSRF            = New(Forbidden, "csrf_failed", "error.csrf")
	ErrTooLarge        = New(TooLarge, "body_too_large", "error.too_large")
	ErrTooMany         = New(TooMany, "too_many_requests", "error.too_many")
	ErrConflict        = New(Conflict, "conflict", "error.conflict")
)

// As returns the user-facing error inside err, or an internal one.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Kind: Internal, Code: "internal", Key: "error.internal", Err: err}
}

// Is reports whether err is a user-facing error of kind k.
func Is(err error, k Kind) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == k
}

// Status is the one table from kind to HTTP status.
func (k Kind) Status() int {
	switch k {
	case Invalid:
		return http.StatusBadRequest
	case NotFound:
		return http.StatusNotFound
	case Conflict:
		return http.StatusConflict
	case Forbidden:
		return http.StatusForbidden
	case Unauthenticated:
		return http.StatusUnauthorized
	case TooMany:
		return http.StatusTooManyRequests
	case TooLarge:
		return http.StatusRequestEntityTooLarge
	case WrongMethod:
		return http.StatusMethodNotAllowed
	case Unavailable:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// Wrap adds context to an internal error without hiding a user-facing one.
func Wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
