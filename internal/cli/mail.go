package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os/signal"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/caredesk/caredesk/internal/config"
	"github.com/caredesk/caredesk/internal/email"
	"github.com/caredesk/caredesk/internal/textsafe"
	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// runMail is `caredesk mail fetch|send|status`.
func runMail(stdio IO, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdio.Out, `Usage: caredesk mail fetch|send|status [--db PATH] [--config PATH]
       caredesk mail send --retry-failed [--db PATH] [--config PATH]

  fetch    take in new mail once (IMAP or Maildir, from the config file) and print
           fetched N, threaded T, new cases C, skipped S (auto-replies/bounces/loops)
  send     send the outbox once and print what was sent and what failed, then how
           many failed replies wait to be sent again
           --retry-failed  queue every failed reply again first (after you checked
                           why it failed: a bounce or 5xx fails the same way again)
  status   show the outbox: replies queued, waiting or failed; then check the
           servers: log in to IMAP and open the folder (its messages counted),
           connect and log in to SMTP (nothing sent), each within 15s, and say
           ok or the server's refusal (exit 1 when one is not ok)
`)
		if len(args) == 0 {
			return usageError{"mail: name fetch, send or status"}
		}
		return nil
	}
	sub, rest := args[0], args[1:]
	usage := "caredesk mail " + sub + " [--db PATH] [--config PATH]"
	if sub == "send" {
		usage += " [--retry-failed]"
	}
	fs := newFlags(stdio, "mail "+sub, usage)
	db := dbFlag(fs)
	cfgPath := configFlag(fs)
	retry := false
	if sub == "send" {
		fs.BoolVar(&retry, "retry-failed", false, "queue every failed reply again, then send")
	}
	if err := parse(fs, rest); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("mail %s: unexpected argument %q", sub, fs.Arg(0))}
	}
	switch sub {
	case "fetch", "send", "status":
	default:
		return usageError{fmt.Sprintf("mail: unknown command %q (fetch, send or status)", sub)}
	}
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		return err
	}
	ch, err := email.FromConfig(cfg.Mail)
	if err != nil && sub != "status" {
		return err
	}
	if err := ensureDir(*db); err != nil {
		return err
	}
	s, err := store.Open(*db, store.Options{ReadOnly: sub == "status"})
	if r := servedRefusal("mail "+sub, *db, err, ""); r != nil {
		return r
	}
	if sub == "status" && model.ErrorCode(err) == model.ELOCKED {
		checkServers(stdio, ch) // the servers answer whoever holds the database
		// bbolt's file lock keeps even a reader out while a writer has the
		// file: say so, and where the outbox can be seen meanwhile.
		return model.Errorf(model.ELOCKED, "%s is open in the caredesk app, which holds it while it runs: the outbox is shown there (:outbox); run mail status when the app is closed", *db)
	}
	if err != nil {
		return err
	}
	defer s.Close()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	switch sub {
	case "fetch":
		if ch.Source == nil {
			return fmt.Errorf("mail fetch: no [mail.imap] or [mail.maildir] in %s", cfg.Path)
		}
		res, err := ch.Source.FetchOnce(ctx, s)
		for _, r := range res.Refused {
			fmt.Fprintf(stdio.Err, "refused %s\n", r)
		}
		fmt.Fprintln(stdio.Out, res)
		if err != nil {
			return err
		}
		if len(res.Refused) > 0 {
			return errRejected
		}
		return nil
	case "send":
		if ch.Transport == nil {
			return fmt.Errorf("mail send: no [mail.smtp] or sendmail in %s", cfg.Path)
		}
		if n, err := s.RecoverInterrupted(); err != nil {
			return err
		} else if n > 0 {
			fmt.Fprintf(stdio.Err, "%d replies were interrupted while sending and are marked failed: check, then send them again from their case\n", n)
		}
		if retry {
			n, err := retryFailed(s)
			fmt.Fprintf(stdio.Out, "queued again %d failed replies\n", n)
			if err != nil {
				return err
			}
		}
		res, err := email.Flush(ctx, s, ch.Transport, time.Now)
		for _, m := range res.Sent {
			fmt.Fprintf(stdio.Out, "sent    case %d to %s: %s\n", m.CaseID, recipients(m), m.DeliveryNote)
		}
		for _, m := range res.Failed {
			fmt.Fprintf(stdio.Out, "failed  case %d to %s: %s\n", m.CaseID, recipients(m), m.DeliveryNote)
		}
		for _, m := range res.Deferred {
			fmt.Fprintf(stdio.Out, "waiting case %d to %s: %s\n", m.CaseID, recipients(m), m.DeliveryNote)
		}
		fmt.Fprintln(stdio.Out, res)
		if err != nil {
			return err
		}
		failed, ferr := failedReplies(s)
		if ferr != nil {
			return ferr
		}
		if len(failed) > 0 {
			// Failed earlier (by the app's sender, a bounce, or a run
			// before) or just now: none is sent again unasked.
			fmt.Fprintf(stdio.Out, "%d failed replies wait to be sent again (cases %s): see `caredesk mail status`, then `caredesk mail send --retry-failed` or `s` in the app's :outbox\n",
				len(failed), caseList(failed))
		}
		if len(res.Failed) > 0 || len(res.Deferred) > 0 || len(failed) > 0 {
			return errRejected
		}
		return nil
	}
	if err := mailStatus(stdio, s); err != nil {
		return err
	}
	if !checkServers(stdio, ch) {
		return errServerCheck
	}
	return nil
}

// errServerCheck ends a `mail status` whose server check was not ok.
var errServerCheck = errors.New("mail status: a mail server did not answer ok (see above)")

// checkServers logs in to the channel's servers and says per server ok or
// the refusal; false when one was not ok. No channel: nothing to check.
func checkServers(stdio IO, ch *email.Channel) bool {
	if ch == nil {
		return true
	}
	ok := true
	for _, c := range ch.Check(context.Background(), email.CheckTimeout) {
		fmt.Fprintln(stdio.Out, textsafe.Line(c.String()))
		ok = ok && c.OK
	}
	return ok
}

func mailStatus(stdio IO, s *store.DB) error {
	out, err := s.Outbox()
	if err != nil {
		return err
	}
	if len(out) == 0 {
		fmt.Fprintln(stdio.Out, "the outbox is empty")
		return nil
	}
	tw := tabwriter.NewWriter(stdio.Out, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "CASE\tSTATE\tQUEUED\tTRIES\tTO\tNOTE")
	for _, m := range out {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\n", m.CaseID, m.Delivery, m.At.Local().Format("2006-01-02 15:04"), m.Attempts,
			model.OneLine(recipients(m)), model.OneLine(m.DeliveryNote))
	}
	return tw.Flush()
}

// recipients is whom a reply goes to: To, then Cc; after a bounce for
// some of them, who it goes to again (the others got it).
func recipients(m model.Message) string {
	s := join(m.To)
	if len(m.Cc) > 0 {
		s += "; cc " + join(m.Cc)
	}
	if len(m.FailedTo) > 0 {
		s += " (again to " + join(m.FailedTo) + " only)"
	}
	return s
}

// failedReplies are the outbox's failed replies, waiting for a person.
func failedReplies(s *store.DB) ([]model.Message, error) {
	out, err := s.Outbox()
	var failed []model.Message
	for _, m := range out {
		if m.Delivery == model.DeliveryFailed {
			failed = append(failed, m)
		}
	}
	return failed, err
}

// retryFailed queues every failed reply again, as `s` in :outbox does.
func retryFailed(s *store.DB) (int, error) {
	failed, err := failedReplies(s)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, m := range failed {
		if _, err := s.Act(m.CaseID, 0, defaultAgent(), model.ResendReply{Seq: m.Seq}); err != nil {
			return n, fmt.Errorf("case %d: %w", m.CaseID, err)
		}
		n++
	}
	return n, nil
}

func caseList(ms []model.Message) string {
	out := ""
	for i, m := range ms {
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprint(m.CaseID)
	}
	return out
}

func join(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}

// startMail runs the desk's mail in the background when [mail] is
// configured: intake (IMAP IDLE or polling, or a Maildir) and the outbox.
// The returned stop waits for it to finish, before the database closes.
// serve and the app both run it; onState feeds their headers.
func startMail(cfg *config.Mail, s *store.DB, log *slog.Logger, onState func(email.State)) (stop func(), err error) {
	if cfg == nil {
		return func() {}, nil
	}
	ch, err := email.FromConfig(cfg)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &email.Runner{Store: s, Channel: ch, OnError: func(err error) { log.Warn(err.Error()) }, OnState: onState}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := r.Run(ctx); err != nil {
			log.Error("mail stopped", "err", err)
			onState(email.State{FetchErr: err, Stopped: true}) // the header says so
		}
	}()
	log.Info("mail", "address", cfg.Address, "intake", ch.Source != nil, "sending", ch.Transport != nil, "poll", cfg.Poll.Duration)
	if w := cfg.Warning(); w != "" {
		log.Warn(w)
	}
	return func() { cancel(); <-done }, nil
}
