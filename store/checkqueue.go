package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// queueCheck is how Check compares idx_queue with the cases. A team case's
// place in the queue is timed by its team's SLA policy, which lives in the
// config, not in the file. When the file was timed under other teams'
// policies than the ones this DB was opened with (another config, or none
// given to check), Check cannot recompute those due times: it still
// checks that every team case has exactly one entry, with its status,
// priority and id, and leaves the time alone — a healthy desk checked
// without its config is not called damaged.
type queueCheck struct {
	loose  bool                    // team cases' due times are not compared
	queued map[model.CaseID][]byte // loose: each case's idx_queue key
}

func (db *DB) newQueueCheck(tx *bolt.Tx, p *problems) *queueCheck {
	q := &queueCheck{loose: !db.queueTimedHere(tx)}
	if !q.loose {
		return q
	}
	q.queued = map[model.CaseID][]byte{}
	tx.Bucket(bucketQueue).ForEach(func(k, _ []byte) error {
		id := idOf(k)
		if _, twice := q.queued[id]; twice {
			p.addf("case %d: more than one entry in %s", id, bucketQueue)
		}
		q.queued[id] = k
		return nil
	})
	return q
}

// queueTimedHere reports whether idx_queue's due times were set under the
// teams' SLA policies this DB was opened with.
func (db *DB) queueTimedHere(tx *bolt.Tx) bool {
	var have []byte
	if b := tx.Bucket(bucketMeta); b != nil {
		have = b.Get(metaTeamSLA)
	}
	return string(have) == db.sla.TeamsFingerprint()
}

// skips reports whether e is an idx_queue entry of c that the loose check
// compares by hand.
func (q *queueCheck) skips(c *model.Case, e entry) bool {
	return q.loose && c.Team != "" && bytes.Equal(e.bucket, bucketQueue)
}

// has reports whether c's idx_queue entry is there, whatever its due time.
func (q *queueCheck) has(c *model.Case, e entry) bool {
	return sameQueued(q.queued[c.ID], e.key)
}

// sameQueued: the same status, priority and case, at whatever due time.
func sameQueued(a, b []byte) bool {
	return len(a) == len(b) && len(a) > 10 && bytes.Equal(a[:2], b[:2]) && bytes.Equal(a[len(a)-8:], b[len(b)-8:])
}

// QueueTimedElsewhere reports whether idx_queue's due times of team cases
// were set under other teams' SLA policies than this DB was opened with,
// so Check compared everything but them. A writer re-times them as it
// opens; a reader (check, backup, restore) cannot.
func (db *DB) QueueTimedElsewhere() bool {
	here := true
	db.view(func(tx *bolt.Tx) error {
		here = db.queueTimedHere(tx)
		return nil
	})
	return !here
}
