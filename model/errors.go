package model

import (
	"errors"
	"fmt"
)

// Error codes, after wtf's: the store and the rules return them, the UI turns
// them into words.
const (
	ECONFLICT = "conflict"  // the case changed since the caller read it
	EINTERNAL = "internal"  // a bug or an I/O failure
	EINVALID  = "invalid"   // the request breaks a rule
	ELOCKED   = "locked"    // the database is held by another process
	ENOTFOUND = "not_found" // no such record
	EDENIED   = "denied"    // the agent's role does not allow it
)

// Error is a domain error: a code the program can branch on and a message a
// person can read.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf builds a domain error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first domain error in err's chain, or
// EINTERNAL for any other non-nil error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the human message of a domain error, or the error
// text itself.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}
