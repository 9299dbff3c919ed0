package email

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/caredesk/caredesk/internal/config"
	"github.com/caredesk/caredesk/model"
)

// Store is everything the mail channel needs of the database: store.DB.
type Store interface {
	Desk
	Outbox
	Outboxer
	Subscribe() (<-chan model.Change, func())
}

// Outboxer lists the outbox (store.DB.Outbox), for the state line.
type Outboxer interface {
	Outbox() ([]model.Message, error)
}

// Source is where mail comes in from: a Maildir or an IMAP folder.
type Source interface {
	// Watch fetches now and then whenever mail may have arrived (IMAP
	// IDLE, or every poll) until ctx ends, reporting each fetch.
	Watch(ctx context.Context, desk Desk, poll time.Duration, report func(FetchResult, error))
	// FetchOnce fetches once.
	FetchOnce(ctx context.Context, desk Desk) (FetchResult, error)
}

// FetchOnce implements Source.
func (m IMAP) FetchOnce(ctx context.Context, desk Desk) (FetchResult, error) {
	return m.Fetch(ctx, desk)
}

// FetchOnce implements Source.
func (md Maildir) FetchOnce(_ context.Context, desk Desk) (FetchResult, error) { return md.Fetch(desk) }

// Watch implements Source: a Maildir is polled (its syncing program
// writes it; a poll is one directory read).
func (md Maildir) Watch(ctx context.Context, desk Desk, poll time.Duration, report func(FetchResult, error)) {
	for {
		report(md.Fetch(desk))
		select {
		case <-ctx.Done():
			return
		case <-time.After(poll):
		}
	}
}

// Channel is a desk's configured mail: where it comes in, how it goes out.
type Channel struct {
	Cfg       *config.Mail
	Source    Source    // nil: no intake configured
	Transport Transport // nil: no sending configured
}

// FromConfig builds the channel a [mail] section describes.
func FromConfig(cfg *config.Mail) (*Channel, error) {
	if cfg == nil {
		return nil, fmt.Errorf("mail is not configured: add a [mail] section to the config file")
	}
	ch := &Channel{Cfg: cfg}
	switch {
	case cfg.IMAP != nil:
		ch.Source = IMAP{Cfg: cfg.IMAP, Addr: cfg.Address}
	case cfg.Maildir != nil:
		ch.Source = Maildir{Path: cfg.Maildir.Path, Addr: cfg.Address}
	}
	switch {
	case cfg.SMTP != nil:
		ch.Transport = SMTP{Cfg: cfg.SMTP, File: cfg.File}
	case cfg.Sendmail != "":
		ch.Transport = Sendmail{Command: cfg.Sendmail}
	}
	return ch, nil
}

// From is the From of the desk's replies: "Name <address>".
func (ch *Channel) From() string {
	if ch.Cfg.Name == "" {
		return ch.Cfg.Address
	}
	return fmt.Sprintf("%q <%s>", ch.Cfg.Name, ch.Cfg.Address)
}

// State is the mail channel's state for a header line.
type State struct {
	LastFetch time.Time // last fetch that worked
	FetchErr  error     // the last fetch's error, nil when it worked
	SendErr   string    // why replies are waiting, "" when the last flush reached the server
	// SendTrouble is "SMTP login refused" while the server refuses the
	// desk's login (Trouble): the header names it rather than "offline".
	SendTrouble string
	Queued      int  // replies waiting in the outbox
	Failed      int  // replies refused, waiting for an agent
	NoSending   bool // no [mail.smtp] or sendmail: queued replies wait for one
	// Stopped: the runner ended on an error (Run's, in FetchErr): nothing
	// is fetched or sent until the app or server starts again. Any other
	// failure is tried again on its own.
	Stopped bool
	// Refused is the last fetch's refused mail, one "where: why" line each
	// (a mail over the size limit, one that cannot be read). Such mail
	// stays at its source and is refused again on every fetch, so the
	// state keeps saying so until someone deals with it.
	Refused []string
}

// Runner runs a desk's mail in the background: it takes mail in (IDLE or
// polling), and sends the outbox whenever the store changes (so a reply
// goes the moment it is queued) and every poll (retries). The app and
// `caredesk serve` start one; State feeds the header.
type Runner struct {
	Store   Store
	Channel *Channel
	Now     func() time.Time
	// OnState, when set, is called (from the runner's goroutines) after
	// every fetch and flush with the new state.
	OnState func(State)
	// OnError, when set, is told of what is worth a WARN line in the
	// team server's log: failures, and sending working again after one.
	OnError func(error)

	mu    sync.Mutex
	state State
	// logged is the refusals already told to OnError: each is logged once
	// while it lasts, not on every poll; sendFailing likewise that replies
	// wait ("SMTP login refused", or "offline" for any other failure that
	// is tried again), "" while sending works.
	logged      map[string]bool
	sendFailing string
}

// State returns the current state.
func (r *Runner) State() State {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.state
}

func (r *Runner) update(fn func(*State)) {
	r.mu.Lock()
	fn(&r.state)
	st := r.state
	r.mu.Unlock()
	if r.OnState != nil {
		r.OnState(st)
	}
}

func (r *Runner) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// Run works until ctx ends. Replies left "sending" by a process that
// stopped mid-send are marked failed first (never sent twice unasked).
func (r *Runner) Run(ctx context.Context) error {
	if _, err := r.Store.RecoverInterrupted(); err != nil {
		return err
	}
	if r.Channel.Transport == nil {
		r.update(func(s *State) { s.NoSending = true })
	}
	poll := r.Channel.Cfg.Poll.Duration
	if poll <= 0 {
		poll = time.Minute
	}
	var wg sync.WaitGroup
	if r.Channel.Source != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.Channel.Source.Watch(ctx, r.Store, poll, func(res FetchResult, err error) {
				if err != nil && r.OnError != nil {
					r.OnError(fmt.Errorf("mail fetch: %w", err))
				}
				r.logRefused(res.Refused)
				r.logBounced(res.Bounced)
				r.update(func(s *State) {
					s.FetchErr = err
					s.Refused = slices.Clone(res.Refused)
					if err == nil {
						s.LastFetch = r.now()
					}
				})
			})
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		r.sendLoop(ctx, poll)
	}()
	wg.Wait()
	return nil
}

// sendLoop flushes the outbox on every store change (a queued reply goes
// at once), when the earliest deferred reply is due, and every poll.
// Without a transport it only counts the outbox, so replies left waiting
// (queued before sending was taken out of the config) still show.
func (r *Runner) sendLoop(ctx context.Context, poll time.Duration) {
	changes, stop := r.Store.Subscribe()
	defer stop()
	wait := time.Duration(0)
	for {
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case _, ok := <-changes:
			timer.Stop()
			if !ok {
				return
			}
			for len(changes) > 0 { // one flush for a burst of changes
				<-changes
			}
		case <-timer.C:
		}
		var res SendResult
		if r.Channel.Transport != nil {
			var err error
			res, err = Flush(ctx, r.Store, r.Channel.Transport, r.now)
			if err != nil && ctx.Err() == nil && r.OnError != nil {
				r.OnError(fmt.Errorf("mail send: %w", err))
			}
		}
		r.logSend(res)
		r.refreshOutbox(res)
		wait = poll
		if len(res.Deferred) > 0 {
			wait = min(poll, backoff(1))
		}
	}
}

// refreshOutbox counts the outbox for the state line.
func (r *Runner) refreshOutbox(res SendResult) {
	out, err := r.Store.Outbox()
	if err != nil {
		return
	}
	queued, failed := 0, 0
	for _, m := range out {
		if m.Delivery == model.DeliveryFailed {
			failed++
		} else {
			queued++
		}
	}
	r.update(func(s *State) {
		s.Queued, s.Failed = queued, failed
		switch {
		case len(res.Deferred) > 0:
			s.SendErr, s.SendTrouble = res.Deferred[0].DeliveryNote, res.Trouble
		case len(res.Sent) > 0 || len(res.Failed) > 0 || queued == 0:
			s.SendErr, s.SendTrouble = "", ""
		}
	})
}

// logSend tells OnError, for whoever runs the desk (a desk with no screen
// open at night has no header to read): once when replies start to wait
// — a refused login, or a failure they are tried again after — and again
// should the failure change; once when sending works again; and each
// reply refused for good, by its case.
func (r *Runner) logSend(res SendResult) {
	if r.OnError == nil {
		return
	}
	for _, m := range res.Failed {
		r.OnError(fmt.Errorf("mail send: case #%d: reply to %s failed, not sent (an agent must check it): %s", m.CaseID, strings.Join(m.To, ", "), m.DeliveryNote))
	}
	switch {
	case len(res.Deferred) > 0:
		failing := res.Trouble
		if failing == "" {
			failing = "offline"
		}
		if failing == r.sendFailing {
			return
		}
		r.sendFailing = failing
		note := strings.TrimPrefix(res.Deferred[0].DeliveryNote, "waiting: ")
		if res.Trouble != "" {
			r.OnError(fmt.Errorf("mail send: replies waiting: %s", note))
			return
		}
		r.OnError(fmt.Errorf("mail send: replies wait, tried again on their own (1, 2, 4 … 60 minutes): %s", note))
	case r.sendFailing != "" && (len(res.Sent) > 0 || len(res.Failed) > 0):
		r.sendFailing = ""
		if len(res.Sent) == 0 { // it answered, refusing: not "taking" them
			r.OnError(fmt.Errorf("mail send: the server answers again (%d refused)", len(res.Failed)))
			return
		}
		r.OnError(fmt.Errorf("mail send: the server takes replies again (%d sent)", len(res.Sent)))
	}
}

// logBounced tells OnError of each reply a bounce marked failed, by its
// case.
func (r *Runner) logBounced(bounced []string) {
	for _, line := range bounced {
		if r.OnError != nil {
			r.OnError(fmt.Errorf("mail fetch: %s", line))
		}
	}
}

// logRefused tells OnError of each refusal not told yet; one that is gone
// from the source is forgotten, so it is told again should it come back.
func (r *Runner) logRefused(refused []string) {
	now := make(map[string]bool, len(refused))
	for _, line := range refused {
		now[line] = true
		if !r.logged[line] && r.OnError != nil {
			r.OnError(fmt.Errorf("mail refused, not taken in (answer the customer another way): %s", line))
		}
	}
	r.logged = now
}
