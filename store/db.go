package store

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/caredesk/caredesk/model"
)

var _ model.CaseService = (*DB)(nil)

// Options tune Open.
type Options struct {
	ReadOnly bool
	// Timeout is how long to wait for another process's lock (default 1s).
	Timeout time.Duration
	// Now is the clock (default time.Now).
	Now model.Clock
	// SLA is the policy a new database starts with (default model.DefaultSLA).
	SLA *model.SLAPolicy
	// Routing is the desk's teams (from the config); nil: no teams, no
	// routing, every SLA counted around the clock.
	Routing *model.Routing
	// Damaged opens a caredesk file with buckets missing, for check
	// (which says so) and Repair (which recreates them); every other
	// opener is refused with a message rather than crashing on them.
	Damaged bool
	// AsFound opens a file of an older schema as it is, without upgrading
	// it (with ReadOnly only): for what copies or checks the file as bbolt
	// pages — a backup taken before the upgrade, a backup being restored —
	// and nothing that reads cases, whose buckets may not be there yet.
	AsFound bool
}

// DB is a caredesk database file.
type DB struct {
	bolt     *bolt.DB
	path     string
	readOnly bool
	schema   uint64 // the file's schema version: SchemaVersion unless opened AsFound
	now      model.Clock
	sla      model.SLAPolicy // the file's policy with the teams' added
	routing  *model.Routing
	// canAct, when set, says who may be given a case (RouteOnlyTo).
	canAct func(agent string) bool

	subMu sync.Mutex
	subs  map[*subscriber]struct{}

	// scratch holds the write set's buffers between writes; bbolt lets one
	// write run at a time, so they are never shared.
	scratch map[string]*pendingBucket

	// lastWriter is the import session whose batch was the last write
	// (nil: another write): a session trusts its customer cache only when
	// it wrote last. Only read and set inside write transactions, under
	// bbolt's writer lock.
	lastWriter *ImportSession

	routeIndexes routeIndexes // importroutes.go

	group committer // groupcommit.go
	// casesRead counts findCase's decodes (CasesRead).
	casesRead atomic.Uint64
	// taxonomy is the tags every screen shares (taxonomy.go).
	taxonomy taxonomyCache
	// importTx bounds import transactions; zero: the defaults
	// (importchunk.go).
	importTx importBound
	// retagMu runs one retag (rename, merge, area move) at a time (retag.go).
	retagMu sync.Mutex

	// beforeCommit, when set, runs just before each write commits; its error
	// rolls the write back. Tests use it to simulate a failing disk.
	beforeCommit func() error
}

// Open opens or creates the database at path.
func Open(path string, opt Options) (*DB, error) {
	if opt.Timeout <= 0 {
		opt.Timeout = time.Second
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if fi, err := os.Stat(path); err == nil && (fi.Size() > 0 || opt.ReadOnly) {
		// Refuse an empty (for readers) or truncated file before bbolt maps
		// it: a read past its end is a SIGBUS no recover catches.
		if err := CheckPages(path); err != nil {
			return nil, err
		}
	} else if opt.ReadOnly {
		return nil, model.Errorf(model.ENOTFOUND, "%s: no such database", path)
	}
	bdb, err := openBolt(path, &opt)
	if err != nil {
		return nil, err
	}
	schema, err := migrate(bdb, path, &opt)
	if err != nil {
		bdb.Close()
		return nil, err
	}
	if schema < SchemaVersion { // AsFound: only bbolt's pages are read
		return &DB{bolt: bdb, path: path, readOnly: true, schema: schema, now: opt.Now}, nil
	}
	missing, err := missingBuckets(bdb)
	if err == nil && len(missing) > 0 && !opt.Damaged {
		err = model.Errorf(model.EINVALID, "%s is damaged: bucket %s is missing; 'caredesk check --repair' recreates it (back the file up first)",
			path, strings.Join(missing, ", "))
	}
	if err != nil {
		bdb.Close()
		return nil, err
	}
	db := &DB{bolt: bdb, path: path, readOnly: opt.ReadOnly, schema: schema, now: opt.Now, subs: map[*subscriber]struct{}{},
		scratch: map[string]*pendingBucket{}, routing: opt.Routing}
	err = bdb.View(func(tx *bolt.Tx) error {
		var err error
		var v []byte
		if b := tx.Bucket(bucketMeta); b != nil {
			v = b.Get(metaSLA)
		}
		db.sla, err = decodeSLA(v)
		return err
	})
	if err != nil {
		bdb.Close()
		return nil, model.Errorf(model.EINVALID, "%s: the SLA policy record is damaged: %v", path, err)
	}
	db.sla = opt.Routing.SLA(db.sla)
	if !opt.ReadOnly && len(missing) == 0 {
		if err := db.requeueForTeams(); err != nil {
			bdb.Close()
			return nil, err
		}
		// A retag a kill stopped half-way is finished before anyone
		// works on the desk (retag.go).
		if err := db.finishRetag(); err != nil {
			bdb.Close()
			return nil, err
		}
	}
	return db, nil
}

// missingBuckets lists the schema's buckets the file lacks.
func missingBuckets(bdb *bolt.DB) (missing []string, err error) {
	err = bdb.View(func(tx *bolt.Tx) error {
		for _, name := range allBuckets {
			if tx.Bucket(name) == nil {
				missing = append(missing, string(name))
			}
		}
		return nil
	})
	return missing, err
}

// initialMmap is address space, not memory: mapping 1 GB up front spares a
// growing file the remaps (each copies every live node) that cost an import
// a fifth of its time.
const initialMmap = 1 << 30

func openBolt(path string, opt *Options) (db *bolt.DB, err error) {
	// bbolt panics on some damaged files instead of returning an error.
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, model.Errorf(model.EINVALID, "%s is not a caredesk database or is damaged: %v", path, r)
		}
	}()
	db, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: opt.Timeout, ReadOnly: opt.ReadOnly,
		FreelistType: bolt.FreelistMapType, InitialMmapSize: initialMmap})
	switch {
	case err == nil:
		return db, nil
	case errors.Is(err, berrors.ErrTimeout):
		return nil, model.Errorf(model.ELOCKED, "%s is in use by another caredesk process (one writer at a time): close the other one, or open this file with --read-only when none is writing", path)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrChecksum):
		return nil, model.Errorf(model.EINVALID, "%s is not a caredesk database or is damaged: %v", path, err)
	case errors.Is(err, os.ErrPermission):
		return nil, model.Errorf(model.EDENIED, "%s: %v", path, err)
	}
	return nil, fmt.Errorf("open %s: %w", path, err)
}

// Close ends every subscription and closes the file.
func (db *DB) Close() error {
	db.subMu.Lock()
	subs := db.subs
	db.subs = map[*subscriber]struct{}{}
	db.subMu.Unlock()
	for s := range subs {
		s.stop()
	}
	return db.bolt.Close()
}

// Path is the database file.
func (db *DB) Path() string { return db.path }

// ReadOnly reports whether writes are refused.
func (db *DB) ReadOnly() bool { return db.readOnly }

// MayAct: a local desk has no roles (its agent owns the file); only a
// database opened read-only refuses.
func (db *DB) MayAct(model.Case, string, ...model.Action) error {
	if db.readOnly {
		return model.Errorf(model.EDENIED, "read-only: %s is open as a viewer", db.path)
	}
	return nil
}

// SLA is the database's SLA policy.
func (db *DB) SLA() model.SLAPolicy { return db.sla }

// view runs fn in a read transaction.
func (db *DB) view(fn func(tx *bolt.Tx) error) error { return db.bolt.View(fn) }

func (db *DB) mustBucket(tx *bolt.Tx, name []byte) (*bolt.Bucket, error) {
	b := tx.Bucket(name)
	if b == nil {
		return nil, model.Errorf(model.EINTERNAL, "%s: bucket %s is missing", db.path, name)
	}
	return b, nil
}

// corrupt wraps a decode failure with where it happened.
func (db *DB) corrupt(what string, key []byte, err error) error {
	return model.Errorf(model.EINTERNAL, "%s: %s %x cannot be read (%v): run caredesk check", db.path, what, key, err)
}
