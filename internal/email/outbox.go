package email

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/caredesk/caredesk/model"
)

// Outbox is what sending needs of the store (store.DB).
type Outbox interface {
	DueReplies(now time.Time) ([]model.Message, error)
	StartSending(id model.CaseID, seq uint64) (model.Message, error)
	ReplySent(id model.CaseID, seq uint64, raw []byte, note string) error
	ReplyDeferred(id model.CaseID, seq uint64, note string, next time.Time) error
	ReplyFailed(id model.CaseID, seq uint64, note string) error
	RecoverInterrupted() (int, error)
}

// SendResult counts what a flush of the outbox did.
type SendResult struct {
	Sent     []model.Message
	Failed   []model.Message // refused for good; DeliveryNote says why
	Deferred []model.Message // will be tried again; DeliveryNote says why
	// Trouble is "SMTP login refused" when the server refused the
	// desk's login (Trouble): every due reply waits for the config.
	Trouble string
}

// String is the line `caredesk mail send` ends with.
func (r SendResult) String() string {
	return fmt.Sprintf("sent %d, failed %d, waiting %d", len(r.Sent), len(r.Failed), len(r.Deferred))
}

// loginRetry is the wait after a refused login: no customer's address is
// at fault, so the replies go within a minute of the config being fixed
// (password_cmd is run again on each try), not after an hour's backoff.
const loginRetry = time.Minute

// backoff is the wait before try n+1: 1, 2, 4 … minutes, at most an hour.
func backoff(attempts int) time.Duration {
	if attempts < 1 {
		attempts = 1
	}
	d := time.Minute << min(attempts-1, 6)
	return min(d, time.Hour)
}

// Flush sends every due reply once. A reply is marked sending just before
// its data goes and sent when the server accepts it; a temporary failure
// puts it back with a later try, a permanent one marks it failed on its
// case. When the server cannot be reached at all, the rest wait too
// (offline), untried.
func Flush(ctx context.Context, ob Outbox, t Transport, now func() time.Time) (SendResult, error) {
	var res SendResult
	due, err := ob.DueReplies(now())
	if err != nil {
		return res, err
	}
	offline := ""
	for _, m := range due {
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		if offline != "" {
			m.DeliveryNote = offline
			next := now().Add(backoff(m.Attempts + 1))
			if res.Trouble != "" {
				next = now().Add(loginRetry)
			}
			if err := ob.ReplyDeferred(m.CaseID, m.Seq, offline, next); err != nil {
				return res, err
			}
			res.Deferred = append(res.Deferred, m)
			continue
		}
		sent, note, err := sendOne(ctx, ob, t, m)
		m.DeliveryNote = note
		var se *SendError
		switch {
		case errors.Is(err, errTaken):
			continue
		case err != nil && !errors.As(err, &se):
			return res, err // the store failed
		case err != nil && se.Login != nil:
			// The desk's login was refused before anything was sent: the
			// reply and every other due one wait for the config, never
			// failed on the customer's case, never sent twice.
			note = "waiting: " + se.Login.Waiting()
			m.DeliveryNote = note
			if derr := ob.ReplyDeferred(m.CaseID, m.Seq, note, now().Add(loginRetry)); derr != nil {
				return res, derr
			}
			res.Deferred = append(res.Deferred, m)
			res.Trouble, offline = Trouble(err), note
		case err != nil && sent && !se.Answered:
			// The data went and no answer came: it may have been taken.
			// Sending it again unasked could send it twice.
			note = "interrupted while the server was taking it (" + note + "): it may or may not have gone; check with the customer, then send it again"
			m.DeliveryNote = note
			if ferr := ob.ReplyFailed(m.CaseID, m.Seq, note); ferr != nil {
				return res, ferr
			}
			res.Failed = append(res.Failed, m)
		case err != nil && se.Permanent:
			if ferr := ob.ReplyFailed(m.CaseID, m.Seq, note); ferr != nil {
				return res, ferr
			}
			res.Failed = append(res.Failed, m)
		case err != nil:
			if derr := ob.ReplyDeferred(m.CaseID, m.Seq, note, now().Add(backoff(m.Attempts+1))); derr != nil {
				return res, derr
			}
			res.Deferred = append(res.Deferred, m)
			if !sent {
				offline = "waiting: " + note
			}
		default:
			res.Sent = append(res.Sent, m)
		}
	}
	return res, nil
}

// errTaken: another sender has the reply (it was not queued any more).
var errTaken = errors.New("reply taken by another sender")

// sendOne composes and hands one reply over. handed says whether the
// server got as far as the data (a failure after that is not "offline").
func sendOne(ctx context.Context, ob Outbox, t Transport, m model.Message) (handed bool, note string, err error) {
	raw, err := Compose(m)
	if err != nil {
		return false, "cannot be written as mail: " + err.Error(), &SendError{Permanent: true, Msg: err.Error()}
	}
	to, err := Recipients(m)
	if err != nil {
		return false, err.Error(), &SendError{Permanent: true, Msg: err.Error()}
	}
	from, err := envelopeFrom(m)
	if err != nil {
		return false, err.Error(), &SendError{Permanent: true, Msg: err.Error()}
	}
	var storeErr error
	accepted, err := t.Send(ctx, from, to, raw, func() error {
		handed = true
		_, storeErr = ob.StartSending(m.CaseID, m.Seq)
		return storeErr
	})
	if storeErr != nil {
		if model.ErrorCode(storeErr) == model.ECONFLICT {
			return false, "", errTaken
		}
		return false, "", storeErr
	}
	if err != nil {
		return handed, err.Error(), err
	}
	if err := ob.ReplySent(m.CaseID, m.Seq, raw, accepted); err != nil {
		return true, accepted, err
	}
	return true, accepted, nil
}
