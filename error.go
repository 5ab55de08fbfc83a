package armsflow

import (
	"errors"
	"fmt"
)

// Application error codes. The HTTP layer maps them to status codes; the CLI
// prints the message (and, for EINTERNAL, the cause) and exits with status 1
// whatever the code (2 is for usage errors).
const (
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	ECONFLICT     = "conflict"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	EINTERNAL     = "internal"
	// ENOTCOVERED: no dataset covers the years asked. The CLI exits 1, the
	// API answers 422; the message names each dataset's coverage and the
	// ways out.
	ENOTCOVERED = "not_covered"
)

// Error is an application error: a code, and a message meant for the user.
// Details that are not for the user belong in a wrapped error, which is only
// logged.
type Error struct {
	Code    string
	Message string
	Err     error // optional cause, logged but never shown to an API client
}

// Error returns the message, with the cause when there is one.
func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an application error with code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first application error in err's chain,
// EINTERNAL for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err: the application
// error's message, or a generic one for internal errors.
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	}
	return "internal error"
}
