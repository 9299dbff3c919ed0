package model

import "errors"

// ErrImportStopped ends an import whose sender is gone (the lead's ssh …
// import was interrupted): the rows committed before it stay, and since an
// import is idempotent, running the file again completes it.
var ErrImportStopped = errors.New("import stopped: its sender is gone")

// ImportStopper is an ImportSession that stops between two of its
// transactions once done is closed, with ErrImportStopped and what the
// transactions before committed: a batch is written in several, and the
// rest of it must not go on for seconds after nobody waits for it.
type ImportStopper interface {
	StopOn(done <-chan struct{})
}
