package email

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"sync/atomic"
	"time"

	"github.com/emersion/go-imap"
	"github.com/emersion/go-imap/client"

	"github.com/caredesk/caredesk/internal/config"
	"github.com/caredesk/caredesk/model"
)

// IMAP takes mail in from an IMAP folder (go-imap v1). Unhandled mail is
// what is in the folder (when handled mail moves to Done) or what is not
// yet \Seen (when it does not). A batch is fetched with BODY.PEEK (nothing
// is marked by reading), filed, and only then moved or flagged, so a crash
// at any moment leaves the rest for the next fetch, which the store
// dedupes.
type IMAP struct {
	Cfg  *config.IMAP
	Addr string // the desk's own address
	// TLS, when set, replaces the default TLS settings (tests trust their
	// own certificate with it).
	TLS *tls.Config
}

// dialTimeout bounds connecting and logging in.
const dialTimeout = 30 * time.Second

// connect dials, secures and logs in, then selects the folder.
func (m IMAP) connect(ctx context.Context) (*client.Client, error) {
	cfg := m.Cfg
	tc := m.TLS
	if tc == nil {
		tc = &tls.Config{ServerName: cfg.Host}
	}
	dialer := &net.Dialer{Timeout: dialTimeout}
	if dl, ok := ctx.Deadline(); ok {
		// go-imap waits this long for the server's greeting too
		dialer.Deadline, dialer.Timeout = dl, min(dialTimeout, time.Until(dl))
	}
	var c *client.Client
	var err error
	switch cfg.TLS {
	case config.TLSImplicit:
		c, err = client.DialWithDialerTLS(dialer, cfg.Addr(), tc)
	default:
		c, err = client.DialWithDialer(dialer, cfg.Addr())
	}
	if err != nil {
		return nil, fmt.Errorf("imap %s: %w", cfg.Addr(), err)
	}
	c.Timeout = 5 * time.Minute
	// ctx ending (a check's timeout, a shutdown) cuts a login that hangs
	stop := context.AfterFunc(ctx, func() { c.Terminate() })
	defer stop()
	fail := func(err error) (*client.Client, error) {
		c.Logout()
		return nil, fmt.Errorf("imap %s: %w", cfg.Addr(), err)
	}
	if cfg.TLS == config.TLSStart {
		if err := c.StartTLS(tc); err != nil {
			return fail(fmt.Errorf("starttls: %w", err))
		}
	}
	if cfg.User != "" {
		pw, err := cfg.Secret(ctx)
		if err != nil {
			return fail(err)
		}
		if err := c.Login(cfg.User, pw); err != nil {
			if answered(err) {
				c.Logout()
				return nil, &LoginRefused{Protocol: "IMAP", Server: cfg.Addr(), User: cfg.User, Reply: oneLine(err.Error())}
			}
			return fail(fmt.Errorf("login as %s: %w", cfg.User, err))
		}
	}
	if _, err := c.Select(cfg.Folder, false); err != nil {
		return fail(fmt.Errorf("select %s: %w", cfg.Folder, err))
	}
	return c, nil
}

// imapBatch is how many UIDs a fetch asks for at once.
const imapBatch = 200

// UID windows: a fetch searches the folder a range of UIDs at a time, so
// the answer it holds (a SEARCH reply is one line, parsed whole) is a
// window's, not the folder's. A window that finds little doubles, up to
// imapMaxWindow, so a folder of long-handled mail is walked in few steps.
var ( // vars: tests narrow them
	imapWindow    = uint32(2048)
	imapMaxWindow = uint32(32768)
)

// Fetch takes in the folder's unhandled mail.
func (m IMAP) Fetch(ctx context.Context, desk Desk) (FetchResult, error) {
	c, err := m.connect(ctx)
	if err != nil {
		return FetchResult{}, err
	}
	defer c.Logout()
	return m.fetchWith(ctx, c, desk)
}

func (m IMAP) fetchWith(ctx context.Context, c *client.Client, desk Desk) (FetchResult, error) {
	var total FetchResult
	lo, top, err := m.uidSpan(c)
	if err != nil || lo == 0 {
		return total, err
	}
	win := imapWindow
	for {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		// The last window is open-ended (lo:*): mail that came after the
		// span was read is taken in too.
		hi := uint32(0)
		if top >= lo && top-lo >= win {
			hi = lo + win - 1
		}
		uids, err := m.searchUIDs(c, lo, hi)
		if err != nil {
			return total, err
		}
		found := len(uids)
		for len(uids) > 0 {
			if err := ctx.Err(); err != nil {
				return total, err
			}
			n := min(imapBatch, len(uids))
			res, err := m.fetchBatch(c, desk, uids[:n])
			total.add(res)
			if err != nil {
				return total, err
			}
			uids = uids[n:]
		}
		if hi == 0 {
			return total, nil
		}
		lo = hi + 1
		if win < imapMaxWindow && uint32(found) < imapWindow/4 {
			win *= 2
		}
	}
}

// uidSpan is the UIDs a fetch walks: from the folder's first message's
// to the last one's (0, 0 for an empty folder).
func (m IMAP) uidSpan(c *client.Client) (lo, top uint32, err error) {
	mbox := c.Mailbox()
	if mbox == nil || mbox.Messages == 0 {
		return 0, 0, nil
	}
	set, _ := imap.ParseSeqSet("1,*")
	msgs := make(chan *imap.Message, 2)
	done := make(chan error, 1)
	go func() { done <- c.Fetch(set, []imap.FetchItem{imap.FetchUid}, msgs) }()
	lo = ^uint32(0)
	for msg := range msgs {
		lo, top = min(lo, msg.Uid), max(top, msg.Uid)
	}
	if err := <-done; err != nil {
		return 0, 0, fmt.Errorf("imap fetch uid: %w", err)
	}
	if top == 0 {
		return 0, 0, nil
	}
	return lo, top, nil
}

// searchUIDs is the unhandled mail with UIDs lo..hi (hi 0: lo..*), in order.
func (m IMAP) searchUIDs(c *client.Client, lo, hi uint32) ([]uint32, error) {
	crit := imap.NewSearchCriteria()
	crit.Uid = new(imap.SeqSet)
	crit.Uid.AddRange(lo, hi)
	crit.WithoutFlags = []string{imap.DeletedFlag}
	if m.Cfg.Done == "" {
		crit.WithoutFlags = append(crit.WithoutFlags, imap.SeenFlag)
	}
	uids, err := c.UidSearch(crit)
	if err != nil {
		return nil, fmt.Errorf("imap search: %w", err)
	}
	// lo:* names the last message even when its UID is below lo.
	uids = slices.DeleteFunc(uids, func(u uint32) bool { return u < lo })
	slices.Sort(uids)
	return uids, nil
}

// fetchBatch fetches, files and marks one batch of UIDs. Sizes come first
// so a message over the limit is refused without downloading it.
func (m IMAP) fetchBatch(c *client.Client, desk Desk, uids []uint32) (FetchResult, error) {
	var res FetchResult
	sizes, err := m.sizes(c, uids)
	if err != nil {
		return res, err
	}
	var want, big []uint32
	for _, u := range uids {
		if s, ok := sizes[u]; ok && int64(s) > model.MaxMessageSize {
			big = append(big, u)
			continue
		}
		want = append(want, u)
	}
	if len(big) > 0 {
		heads, err := m.heads(c, big)
		if err != nil {
			return res, err
		}
		for _, u := range big {
			res.Fetched++
			res.Refused = append(res.Refused, refusal(fmt.Sprintf("%s UID %d", m.Cfg.Folder, u), heads[u], model.ErrTooLarge(int64(sizes[u]))))
		}
	}
	if len(want) == 0 {
		return res, nil
	}
	var filed []uint32
	b := &batch{desk: desk, addr: m.Addr, onFiled: func(where []string) error {
		for _, w := range where {
			var u uint32
			fmt.Sscan(w, &u)
			filed = append(filed, u)
		}
		return nil
	}}
	b.res = res
	section := &imap.BodySectionName{Peek: true}
	set := new(imap.SeqSet)
	set.AddNum(want...)
	msgs := make(chan *imap.Message, 16)
	done := make(chan error, 1)
	go func() { done <- c.UidFetch(set, []imap.FetchItem{imap.FetchUid, section.FetchItem()}, msgs) }()
	var addErr error
	for msg := range msgs {
		if addErr != nil {
			continue // drain
		}
		lit := msg.GetBody(section)
		if lit == nil {
			continue
		}
		raw, err := io.ReadAll(io.LimitReader(lit, model.MaxMessageSize+1))
		if err != nil {
			addErr = err
			continue
		}
		// b.flush may run here, filing what came so far; the marks wait
		// until the fetch command is over.
		addErr = b.add(raw, fmt.Sprint(msg.Uid))
	}
	if err := <-done; err != nil {
		return b.res, fmt.Errorf("imap fetch: %w", err)
	}
	if addErr != nil {
		return b.res, addErr
	}
	if err := b.flush(); err != nil {
		return b.res, err
	}
	return b.res, m.markDone(c, filed)
}

func (m IMAP) sizes(c *client.Client, uids []uint32) (map[uint32]uint32, error) {
	set := new(imap.SeqSet)
	set.AddNum(uids...)
	msgs := make(chan *imap.Message, 64)
	done := make(chan error, 1)
	go func() { done <- c.UidFetch(set, []imap.FetchItem{imap.FetchUid, imap.FetchRFC822Size}, msgs) }()
	out := make(map[uint32]uint32, len(uids))
	for msg := range msgs {
		out[msg.Uid] = msg.Size
	}
	if err := <-done; err != nil {
		return nil, fmt.Errorf("imap fetch sizes: %w", err)
	}
	return out, nil
}

// heads fetches the From and Subject of mails refused unread, to name
// them (refusedmail.go); a few hundred bytes each, nothing marked seen.
func (m IMAP) heads(c *client.Client, uids []uint32) (map[uint32][]byte, error) {
	section := &imap.BodySectionName{Peek: true, BodyPartName: imap.BodyPartName{Specifier: imap.HeaderSpecifier, Fields: []string{"FROM", "SUBJECT"}}}
	set := new(imap.SeqSet)
	set.AddNum(uids...)
	msgs := make(chan *imap.Message, 16)
	done := make(chan error, 1)
	go func() { done <- c.UidFetch(set, []imap.FetchItem{imap.FetchUid, section.FetchItem()}, msgs) }()
	out := make(map[uint32][]byte, len(uids))
	for msg := range msgs {
		if lit := msg.GetBody(section); lit != nil {
			out[msg.Uid], _ = io.ReadAll(io.LimitReader(lit, refusedHeadBytes))
		}
	}
	if err := <-done; err != nil {
		return nil, fmt.Errorf("imap fetch headers: %w", err)
	}
	return out, nil
}

// markDone moves filed mail to the done folder, or flags it \Seen.
func (m IMAP) markDone(c *client.Client, uids []uint32) error {
	if len(uids) == 0 {
		return nil
	}
	set := new(imap.SeqSet)
	set.AddNum(uids...)
	if m.Cfg.Done != "" {
		if err := c.UidMove(set, m.Cfg.Done); err != nil {
			return fmt.Errorf("imap move to %s: %w", m.Cfg.Done, err)
		}
		return nil
	}
	flags := []interface{}{imap.SeenFlag}
	if err := c.UidStore(set, imap.FormatFlagsOp(imap.AddFlags, true), flags, nil); err != nil {
		return fmt.Errorf("imap flag \\Seen: %w", err)
	}
	return nil
}

// Watch fetches, then waits for new mail with IDLE where the server offers
// it (else polls every poll), fetching again on each arrival, until ctx
// ends. Each fetch's result or error goes to report. A broken connection
// is made again after a pause.
func (m IMAP) Watch(ctx context.Context, desk Desk, poll time.Duration, report func(FetchResult, error)) {
	for ctx.Err() == nil {
		err := m.watchOnce(ctx, desk, poll, report)
		if err != nil {
			report(FetchResult{}, err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(poll):
		}
	}
}

func (m IMAP) watchOnce(ctx context.Context, desk Desk, poll time.Duration, report func(FetchResult, error)) error {
	c, err := m.connect(ctx)
	if err != nil {
		return err
	}
	// The client blocks on Updates, so a goroutine reads them all the
	// time (fetches and flag changes send them too) and passes on only
	// "new mail" as a one-slot signal.
	updates := make(chan client.Update, 64)
	arrived := make(chan struct{}, 1)
	quit := make(chan struct{})
	// expunged: mail left the folder (our own move to Done, or another
	// client). go-imap v1 counts EXISTS but not EXPUNGE, so the folder's
	// message count it keeps is too high from then on, and the next
	// fetch's "FETCH 1,*" on an emptied folder was refused ("Invalid
	// messageset"): the header said offline until the next poll.
	var expunged atomic.Bool
	c.Updates = updates
	go func() {
		for {
			select {
			case u := <-updates:
				switch u.(type) {
				case *client.MailboxUpdate:
					select {
					case arrived <- struct{}{}:
					default:
					}
				case *client.ExpungeUpdate:
					expunged.Store(true)
				}
			case <-quit:
				return
			}
		}
	}()
	defer close(quit)
	defer c.Logout()
	for {
		select {
		case <-arrived: // this fetch takes it in
		default:
		}
		if expunged.Swap(false) {
			// SELECT again: its EXISTS is the true count.
			if _, err := c.Select(m.Cfg.Folder, false); err != nil {
				return fmt.Errorf("imap select %s: %w", m.Cfg.Folder, err)
			}
		}
		res, err := m.fetchWith(ctx, c, desk)
		report(res, err)
		if err != nil {
			return nil // reported; reconnect after a pause
		}
		stop := make(chan struct{})
		idled := make(chan error, 1)
		go func() { idled <- c.Idle(stop, &client.IdleOptions{PollInterval: poll}) }()
		timer := time.NewTimer(poll)
	wait:
		for {
			select {
			case <-ctx.Done():
				close(stop)
				<-idled
				timer.Stop()
				return nil
			case <-arrived:
				break wait
			case <-timer.C:
				break wait // fetch now and then even under IDLE: a missed notice costs at most poll
			case err := <-idled:
				timer.Stop()
				if err == nil {
					err = errors.New("idle ended")
				}
				return err
			}
		}
		timer.Stop()
		close(stop)
		if err := <-idled; err != nil {
			return err
		}
	}
}
