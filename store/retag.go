package store

import (
	"bytes"
	"encoding/json"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// A rename, merge or area move (a retag) rewrites every case of its tags,
// and bbolt has one writer: in one transaction a rename of 11,673 cases
// held every agent's save on a team server for 5 s, and an area move on a
// million-case desk would have held it for minutes. A retag is written in
// chunks now, bounded as an import's are (importchunk.go), so that the
// saves waiting for the writer commit between two of them.
//
// It stays one change. Its first chunk notes the whole of it in meta
// (metaRetag: who, and each tag's move with whether it is a merge), every
// chunk moves the note on, the chunk that moves a tag's last case also
// moves the tag's record and logs the change, and the last chunk removes
// the note. A retag stopped between chunks (kill -9, a full disk) is
// carried on by the next writer to open the file (the app, serve, import,
// check --repair), from the cases that still carry the old names; check
// says it is under way. Each chunk keeps every index, counter and the
// word index equal to a recount: readers see cases move over in steps,
// none lost or counted twice.

// metaRetag is the retag under way (a retagJob as JSON); absent when none
// is.
var metaRetag = []byte("retag")

// retagJob is a retag's note: the tags still to move, in order.
type retagJob struct {
	Author string    `json:"author"`
	Moves  []tagMove `json:"moves"`
}

// tagMove moves every case of tag From to tag To.
type tagMove struct {
	From string `json:"from"`
	To   string `json:"to"`
	// Merge: To was a tag already when the retag began (the case moves
	// that follow create it otherwise).
	Merge bool `json:"merge"`
}

// afterRetagChunk, when set, runs after each chunk of a retag has
// committed: tests stop the retag there.
var afterRetagChunk func() error

// retag finishes a retag an earlier call left under way, then notes the
// one begin returns and writes it chunk after chunk; it returns the
// distinct cases it moved. One retag at a time: a second lead's waits.
func (db *DB) retag(author string, begin func(w *wtx) (*retagJob, error)) (int, error) {
	db.retagMu.Lock()
	defer db.retagMu.Unlock()
	if err := db.finishRetag(); err != nil {
		return 0, err
	}
	return db.retagChunks(author, begin)
}

// finishRetag carries on the retag noted in the file, if any.
func (db *DB) finishRetag() error {
	var job *retagJob
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		job, err = db.noted(rtx{tx})
		return err
	})
	if err != nil || job == nil {
		return err
	}
	_, err = db.retagChunks(job.Author, nil)
	return err
}

// retagChunks commits the chunks of the noted retag (begin's, noted in the
// first chunk's transaction) until it is done.
func (db *DB) retagChunks(author string, begin func(w *wtx) (*retagJob, error)) (int, error) {
	moved := map[model.CaseID]struct{}{}
	defer db.dropMapped() // the cases were all over the file
	for {
		var ids []model.CaseID
		more := false
		err := db.updateAlone(author, func(w *wtx) error {
			ids, more = nil, false
			var job *retagJob
			var err error
			if begin != nil {
				job, err = begin(w)
			} else {
				job, err = w.db.noted(w)
			}
			if err != nil || job == nil {
				return err
			}
			ids, more, err = w.retagChunk(job)
			return err
		})
		if err != nil {
			return len(moved), err
		}
		begin = nil
		for _, id := range ids {
			moved[id] = struct{}{}
		}
		if !more {
			return len(moved), nil
		}
		if afterRetagChunk != nil {
			if err := afterRetagChunk(); err != nil {
				return len(moved), err
			}
		}
	}
}

// noted reads the retag under way, nil when none is.
func (db *DB) noted(g getter) (*retagJob, error) {
	v := g.get(bucketMeta, metaRetag)
	if v == nil {
		return nil, nil
	}
	var job retagJob
	if err := json.Unmarshal(v, &job); err != nil {
		return nil, db.corrupt("retag note", metaRetag, err)
	}
	return &job, nil
}

// retagChunk moves cases of job's tags, as many as a chunk's bounds let
// it, finishing each tag whose last case it moved; it notes what is left
// of job (or that it is done) and says whether more is.
func (w *wtx) retagChunk(job *retagJob) (ids []model.CaseID, more bool, err error) {
	chunk := newChunkClock(w.db, w.db.importBound())
	w.retagging = true
	defer func() { w.retagging = false }()
	w.taxonomy = true // the tags' counts move with every chunk
	for len(job.Moves) > 0 {
		m := job.Moves[0]
		room := chunk.bound.rows - len(ids)
		if room <= 0 {
			break
		}
		batch, all := w.casesCarrying(m.From, room)
		for i, id := range batch {
			if err := w.retagCase(id, m, job.Author); err != nil {
				return nil, false, err
			}
			ids = append(ids, id)
			if (len(ids))%dropEvery == 0 {
				w.db.dropMapped()
			}
			if i+1 < len(batch) && chunk.full(len(ids)) {
				all = false // the chunk ends part-way through the batch
				break
			}
		}
		if !all {
			break
		}
		if err := w.finishMove(m, job.Author); err != nil {
			return nil, false, err
		}
		job.Moves = job.Moves[1:]
		if chunk.full(len(ids)) {
			break
		}
	}
	if len(job.Moves) == 0 {
		w.del(bucketMeta, metaRetag)
		return ids, false, nil
	}
	v, err := json.Marshal(job)
	if err != nil {
		return nil, false, err
	}
	w.put(bucketMeta, metaRetag, v)
	return ids, true, nil
}

// casesCarrying lists up to limit cases carrying tag, as committed (the
// tag index is written at flush); all says they are every one.
func (w *wtx) casesCarrying(tag string, limit int) (ids []model.CaseID, all bool) {
	prefix := tagPrefix(tag)
	c := w.bucket(bucketTagIdx).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if len(k) != len(prefix)+8 {
			continue
		}
		if len(ids) == limit {
			return ids, false
		}
		ids = append(ids, idOf(k))
	}
	return ids, true
}

// retagCase moves case id from tag m.From to m.To, with its "tag renamed"
// event.
func (w *wtx) retagCase(id model.CaseID, m tagMove, author string) error {
	cs, err := findCase(w.db, w, id)
	if err != nil {
		return err
	}
	old := cs.Clone()
	cs.Tags = slices.DeleteFunc(cs.Tags, func(t string) bool { return t == m.From })
	if i, found := slices.BinarySearch(cs.Tags, m.To); !found {
		cs.Tags = slices.Insert(cs.Tags, i, m.To)
	}
	// the case's last update stays: a lead's taxonomy care is no work on
	// it, and "updated 1m ago" on every idle case carrying the tag put
	// them on top of "last update" (its event keeps it in the timeline)
	cs.Version++
	w.writeCase(&old, &cs)
	ev := model.Event{CaseID: id, At: w.now, Author: author, Kind: model.EventTagRenamed, From: m.From, To: m.To}
	if err := w.appendEvents([]model.Event{ev}); err != nil {
		return err
	}
	return w.maybeFlush()
}

// finishMove ends a tag's move once no case carries From: the tag's
// history of use and its label move to To (its case count followed the
// cases through writeCase's deltas), its record goes, and the taxonomy's
// history says it was renamed or merged.
func (w *wtx) finishMove(m tagMove, author string) error {
	fromRec, err := w.tagRecord(m.From)
	if err != nil {
		return err
	}
	toRec, err := w.tagRecord(m.To)
	if err != nil {
		return err
	}
	toRec.Uses += fromRec.Uses
	toRec.LastAdded = max(toRec.LastAdded, fromRec.LastAdded)
	toRec.added(fromRec.First)
	toRec.added(fromRec.Last)
	if toRec.Label == "" {
		toRec.Label = fromRec.Label
	}
	if !m.Merge {
		toRec.Retired = fromRec.Retired
	}
	w.putTag(m.To, &toRec)
	w.del(bucketTags, []byte(m.From))
	delete(w.tagCases, m.From) // its record is gone, not at zero
	delete(w.tagAdded, m.From)
	kind := "rename"
	if m.Merge {
		kind = "merge"
	}
	return w.logTagChange(TagChange{At: w.now, Author: author, Kind: kind, From: m.From, To: m.To})
}

// checkRetag says when a retag is under way: the file is whole, but the
// change is not yet.
func (db *DB) checkRetag(tx *bolt.Tx, p *problems) {
	job, err := db.noted(rtx{tx})
	if err != nil {
		p.addf("%s", model.ErrorMessage(err))
		return
	}
	if job == nil || len(job.Moves) == 0 {
		return
	}
	m, what := job.Moves[0], "a rename of tag %s to %s"
	if m.Merge {
		what = "a merge of tag %s into %s"
	}
	p.addf(what+" by %s stopped half-way (%d of its tags to go): opening the file in caredesk to write (the app, serve, import, check --repair) finishes it",
		m.From, m.To, job.Author, len(job.Moves))
}
