package handlers

import (
	"errors"
	"fmt"
)

// Error codes. Transports map them to responses in one place
// (exit codes in cmd/frontdoor, replies in bot).
const (
	EInvalid     = "invalid"     // the request cannot be understood or is not allowed as written
	ENotFound    = "not_found"   // a named thing does not exist
	EAmbiguous   = "ambiguous"   // a name matches more than one thing equally well
	EConflict    = "conflict"    // the change conflicts with the record (e.g. done on a deleted action)
	EForbidden   = "forbidden"   // the person may not make this change
	EUnavailable = "unavailable" // the database is busy or cannot be written now; try again
	EInternal    = "internal"    // anything unexpected
)

// Error is an error with a machine code and a message that is safe to show a user.
type Error struct {
	Code    string
	Message string
	// Hint is an optional next step ("Try: who funds care leavers in Liverpool").
	Hint string
	// Candidates lists the names a user may have meant.
	Candidates []string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EInternal for errors that are not *Error, "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	}
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the user-safe message of err; unexpected errors get a
// generic sentence (the detail belongs in the log, under a reference).
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	}
	if errors.As(err, &e) {
		return e.Message
	}
	return "Something went wrong."
}

// Sentinel errors that stores return (wrapped) so handlers can tell cases apart.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict")
	ErrBusy     = errors.New("database busy")
	// ErrUnwritable: the disk refused a write (full, read-only or failing),
	// so nothing was saved; unlike ErrBusy, waiting a minute will not help.
	ErrUnwritable = errors.New("database cannot be written")
)

// storeError maps store errors to user errors.
func StoreError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrBusy):
		e := Errorf(EUnavailable, "The record is busy right now and nothing was saved. Please try again in a moment.")
		return &wrappedError{e, err}
	case errors.Is(err, ErrUnwritable):
		e := Errorf(EUnavailable, "Nothing was saved: the record cannot be written to right now. Please try again later, and tell whoever runs Frontdoor if it goes on.")
		return &wrappedError{e, err}
	case errors.Is(err, ErrNotFound):
		return &wrappedError{Errorf(ENotFound, "Not found."), err}
	}
	return err
}

// Wrap returns user as the error a person sees, keeping cause for logs and errors.Is.
func Wrap(user *Error, cause error) error { return &wrappedError{user, cause} }

// wrappedError is a user *Error that keeps the underlying cause for logs and errors.Is.
type wrappedError struct {
	user  *Error
	cause error
}

func (w *wrappedError) Error() string { return w.user.Message }

func (w *wrappedError) As(target any) bool {
	if t, ok := target.(**Error); ok {
		*t = w.user
		return true
	}
	return false
}

func (w *wrappedError) Unwrap() error { return w.cause }
