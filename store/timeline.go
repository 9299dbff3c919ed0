package store

import (
	"bytes"
	"slices"
	"time"

	"github.com/caredesk/caredesk/model"
)

// A case imported without history used to get a stored "created" event
// (author "import", at its creation time): one put and ~50 bytes per case,
// an eighth of an import's writes. It is now synthesised when the timeline
// is read: a case none of whose stored events is a created event starts with
// createdEvent. Events, EachCaseFull (export) and lastAuthor all read
// timelines through here, so they agree, and an export re-imported stores
// the same timeline back (import skips an explicit created event that is
// exactly the synthesised one).

// importAuthor is the author of the synthesised created event.
const importAuthor = "import"

// createdEvent is the event a case without a stored created event starts
// with.
func createdEvent(id model.CaseID, created time.Time) model.Event {
	return model.Event{CaseID: id, At: created, Author: importAuthor, Kind: model.EventCreated}
}

// withCreated returns the timeline of case id from its stored events, the
// synthesised created event first when none of them is one.
func withCreated(evs []model.Event, id model.CaseID, created time.Time) []model.Event {
	for i := range evs {
		if evs[i].Kind == model.EventCreated {
			return evs
		}
	}
	return slices.Insert(evs, 0, createdEvent(id, created))
}

// isSynthCreated reports whether ev is exactly the event withCreated would
// put first for a case created at created.
func isSynthCreated(ev *model.Event, created time.Time) bool {
	return ev.Kind == model.EventCreated && ev.Author == importAuthor && ev.From == "" && ev.To == "" &&
		ev.At.Equal(created)
}

// storedEvents trims an imported row's history to what needs storing: a
// leading created event equal to the synthesised one is left out when no
// other created event follows (it would then stop the synthesis).
func storedEvents(evs []model.Event, created time.Time) []model.Event {
	if len(evs) == 0 || !isSynthCreated(&evs[0], created) {
		return evs
	}
	for i := 1; i < len(evs); i++ {
		if evs[i].Kind == model.EventCreated {
			return evs
		}
	}
	return evs[1:]
}

// hasCreatedEvent reports whether case id has a stored created event,
// written by this transaction or before it.
func (w *wtx) hasCreatedEvent(id model.CaseID) bool {
	if w.createdEv[id] {
		return true
	}
	b := w.bucket(bucketEvents)
	if b == nil {
		return false
	}
	prefix := caseKey(id)
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if ev, err := decodeEvent(id, v); err == nil && ev.Kind == model.EventCreated {
			return true
		}
	}
	return false
}

// keepCreated stores case id's synthesised created event before its
// creation time changes from created, so the timeline keeps the time the
// case was first imported with. Sequence 0 sorts before every appended
// event (sequences start at 1).
func (w *wtx) keepCreated(id model.CaseID, created time.Time) {
	if w.hasCreatedEvent(id) {
		return
	}
	ev := createdEvent(id, created)
	w.put(bucketEvents, eventKey(id, 0), encodeEvent(&ev))
	w.markCreated(id)
}

func (w *wtx) markCreated(id model.CaseID) {
	if w.createdEv == nil {
		w.createdEv = map[model.CaseID]bool{}
	}
	w.createdEv[id] = true
}
