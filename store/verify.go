package store

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/caredesk/caredesk/model"
)

// verifyTimeout is how long VerifyFile and CheckPages wait for a writer's
// lock: a backup is not supposed to be held by anyone.
const verifyTimeout = 500 * time.Millisecond

// VerifyFile opens the database at path read-only, runs Check and closes
// it: what `caredesk restore` asks of a backup before it replaces anything,
// and what `caredesk backup` asks of the copy it wrote. The problems are
// Check's; the error says why the file could not be checked at all — not a
// caredesk database, truncated, a newer schema than this binary reads, or
// in use by a writer.
//
// Without the desk's teams the due times of team cases in idx_queue are
// not compared (see queueCheck); VerifyFileWithTeams compares them too.
func VerifyFile(path string) (problems []string, err error) {
	return VerifyFileWithTeams(path, nil)
}

// VerifyFileWithTeams is VerifyFile with the desk's teams (its config's),
// whose SLA policies time idx_queue.
func VerifyFileWithTeams(path string, routing *model.Routing) (problems []string, err error) {
	if err := CheckPages(path); err != nil {
		return nil, err
	}
	db, err := Open(path, Options{ReadOnly: true, Timeout: verifyTimeout, Damaged: true, AsFound: true, Routing: routing})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if db.schema < SchemaVersion {
		// An older file (a backup from before an upgrade) is checked as
		// bbolt pages; the full check runs once it is upgraded.
		return db.checkPagesRecovering()
	}
	problems, err = db.checkRecovering()
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", path, err)
	}
	return problems, nil
}

// Schema is the file's schema version: SchemaVersion, or an older one
// when it was opened AsFound.
func (db *DB) Schema() uint64 { return db.schema }

// checkPagesRecovering is bbolt's own check of the file's pages.
func (db *DB) checkPagesRecovering() (problems []string, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			problems, err = nil, model.Errorf(model.EINVALID, "%s is damaged: %v", db.path, r)
		}
	}()
	err = db.bolt.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			problems = append(problems, fmt.Sprintf("file: %v", err))
		}
		return nil
	})
	return problems, err
}

// checkRecovering is Check that turns a crash on a damaged page into an
// error. SetPanicOnFault makes a stray read of unmapped memory a panic
// instead of a fatal fault; bbolt's own tx.Check recovers in its goroutine.
func (db *DB) checkRecovering() (problems []string, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			problems, err = nil, model.Errorf(model.EINVALID, "%s is damaged: %v", db.path, r)
		}
	}()
	return db.Check()
}

// CheckPages refuses, before anything reads it, a file bbolt cannot safely
// map: an empty file, one that is not a bbolt file at all, and one shorter
// than its own pages reach — a truncated copy. bbolt maps the file into
// memory and does not compare its size with the pages its meta page
// claims, so the first read past the end kills the process with SIGBUS,
// which no recover catches. Only the two meta pages are read here.
//
// Open calls it before it maps a file.
func CheckPages(path string) (err error) {
	fi, err := os.Stat(path)
	if err != nil {
		return model.Errorf(model.ENOTFOUND, "%s: no such database", path)
	}
	if !fi.Mode().IsRegular() {
		return model.Errorf(model.EINVALID, "%s is not a file", path)
	}
	if fi.Size() == 0 {
		return model.Errorf(model.EINVALID, "%s is empty: not a caredesk database", path)
	}
	defer func() {
		if r := recover(); r != nil {
			err = model.Errorf(model.EINVALID, "%s is not a caredesk database or is damaged: %v", path, r)
		}
	}()
	b, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: verifyTimeout})
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return model.Errorf(model.ELOCKED, "%s is in use by another caredesk process (one writer at a time): close the other one first", path)
	case errors.Is(err, os.ErrPermission):
		return model.Errorf(model.EDENIED, "%s: %v", path, err)
	case err != nil:
		return model.Errorf(model.EINVALID, "%s is not a caredesk database or is damaged: %v", path, err)
	}
	defer b.Close()
	var need int64
	b.View(func(tx *bolt.Tx) error { need = tx.Size(); return nil }) // the meta's high-water mark
	if need > fi.Size() {
		return model.Errorf(model.EINVALID, "%s is truncated: it is %d bytes but its pages reach %d bytes (an interrupted copy?)", path, fi.Size(), need)
	}
	return nil
}
