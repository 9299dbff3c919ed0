package server

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/charmbracelet/ssh"

	"github.com/caredesk/caredesk/internal/csvio"
	"github.com/caredesk/caredesk/internal/email"
	"github.com/caredesk/caredesk/internal/ingest"
	"github.com/caredesk/caredesk/internal/report"
	"github.com/caredesk/caredesk/internal/textsafe"
	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// Commands a session can run without a screen: ssh -p PORT NAME@HOST COMMAND.
// Each returns the exit status; output goes to the session's stdout and
// messages to its stderr.
var commandNames = []string{"import", "report", "text"}

func (s *Server) command(sess ssh.Session, a Agent, args []string) int {
	switch args[0] {
	case "import":
		return s.cmdImport(sess, a, args[1:])
	case "report":
		return s.cmdReport(sess, a, args[1:])
	case "text":
		return s.cmdText(sess, a, args[1:])
	}
	fmt.Fprintf(sess.Stderr(), "caredesk: unknown command %q: the server runs %s, or the app when no command is given (ssh -t)\n",
		args[0], strings.Join(commandNames, ", "))
	return 1
}

// sshCommand is how this agent runs the server's commands, by the address
// their connection reached: "ssh -p 2323 ana@127.0.0.1". A screen names it
// for :report and :import, which a session has not.
func sshCommand(sess ssh.Session, a Agent) string {
	host, port, err := net.SplitHostPort(sess.LocalAddr().String())
	if err != nil {
		return ""
	}
	return fmt.Sprintf("ssh -p %s %s@%s", port, a.Name, host)
}

// serverWarning is an import warning worded for a team server: a session
// has no :export, the server's text command writes a case whole.
func serverWarning(sess ssh.Session, a Agent, w string) string {
	return strings.Replace(w, store.ExportHint, sshCommand(sess, a)+" text CASE > case.txt writes it whole", 1)
}

// cmdImport imports a CSV or JSON lines file read from the session's input
// (ssh … import < cases.csv) through the same pipeline as caredesk import,
// into the shared store: connected screens see the new cases through the
// store's change notices. Leads only.
func (s *Server) cmdImport(sess ssh.Session, a Agent, args []string) int {
	errw := sess.Stderr()
	if len(args) > 1 || len(args) == 1 && args[0] != "-" {
		fmt.Fprintln(errw, "caredesk: import reads the file from standard input: ssh … import < cases.csv")
		return 1
	}
	g := s.newGuard(a)
	if err := g.lead("import cases"); err != nil {
		fmt.Fprintf(errw, "caredesk: %s\n", model.ErrorMessage(err))
		return 1
	}
	// Told apart by the first line, as caredesk import does: a mail
	// history (mbox) goes to the store's mail intake, which threads and
	// routes it as fetched mail.
	in := bufio.NewReaderSize(sess, 64<<10)
	if head, _ := in.Peek(5); email.IsMbox(head) {
		return s.importMbox(sess, a, in)
	}
	// The session's context ends with its connection: an import the lead
	// interrupted stops at its next transaction instead of going on for
	// seconds with the rows already sent (those saved stay: a re-run of
	// the file completes it).
	res, err := ingest.File(g, "stdin", in, ingest.Options{Reject: func(e *csvio.RowError) {
		fmt.Fprintf(errw, "%s\n", textsafe.ID(e.Error())) // it may quote a customer's name: never raw
	}, Warn: func(w string) { fmt.Fprintf(errw, "warning: %s\n", textsafe.ID(serverWarning(sess, a, w))) }, Stop: sess.Context()})
	if errors.Is(err, model.ErrImportStopped) {
		saved := res.Imported + res.Updated + res.Unchanged
		s.log.Warn(fmt.Sprintf("import cut off by the client after %d rows", saved), "agent", a.Name, "imported", res.Imported,
			"updated", res.Updated, "unchanged", res.Unchanged, "rejected", res.Rejected)
		return 1
	}
	fmt.Fprintln(sess, res)
	s.log.Info("import", "agent", a.Name, "imported", res.Imported, "updated", res.Updated,
		"unchanged", res.Unchanged, "rejected", res.Rejected, "err", err)
	if err != nil {
		// err.Error() keeps the "import stdin line N:" context.
		fmt.Fprintf(errw, "caredesk: %s\n", err.Error())
		return 1
	}
	if res.Rejected > 0 {
		return 1
	}
	return 0
}

// importMbox imports an mbox read from the session (a lead's, checked).
func (s *Server) importMbox(sess ssh.Session, a Agent, in io.Reader) int {
	errw := sess.Stderr()
	desk, ok := s.store.(email.Desk)
	if !ok {
		fmt.Fprintln(errw, "caredesk: this server's store takes no mail history")
		return 1
	}
	res, err := email.ImportMbox(desk, in, "stdin", s.mail.Address)
	for _, r := range res.Refused {
		fmt.Fprintln(errw, r)
	}
	fmt.Fprintf(sess, "stdin: %s\n", res)
	ir, rejected := res.AsImport()
	fmt.Fprintln(sess, ingest.Result{ImportResult: ir, Rejected: rejected}) // the last line of every import
	s.log.Info("import", "agent", a.Name, "mbox", true, "new", res.New, "threaded", res.Threaded, "refused", len(res.Refused), "err", err)
	if err != nil {
		fmt.Fprintf(errw, "caredesk: %s\n", err.Error())
		return 1
	}
	if len(res.Refused) > 0 {
		return 1
	}
	return 0
}

// cmdReport writes a report of the shared store to the session's output,
// with caredesk report's flags less --db and -o (the output is the
// session's); @me in --filter is the connected agent.
func (s *Server) cmdReport(sess ssh.Session, a Agent, args []string) int {
	errw := sess.Stderr()
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	rf := report.Flags{Agent: a.Name} // @me is the connected agent
	rf.Register(fs)
	if err := fs.Parse(joinFilterWords(fs, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(sess, "Usage: ssh … report [--by day|week|month] [--from DATE] [--to DATE] [--tag PREFIX] [--filter QUERY] [--metric M] [--format csv|json|md|html]")
			fs.SetOutput(sess)
			fs.PrintDefaults()
			return 0
		}
		fmt.Fprintf(errw, "caredesk: report: %v\n", err)
		return 1
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(errw, "caredesk: report: unexpected argument %q\n", fs.Arg(0))
		return 1
	}
	spec, err := rf.Spec()
	if err == nil {
		err = spec.Query.CheckTeams(s.store.Routing())
	}
	if err == nil {
		_, err = report.ParseFormat(rf.Format)
	}
	if err != nil {
		fmt.Fprintf(errw, "caredesk: report: %s\n", model.ErrorMessage(err))
		return 1
	}
	spec.SLA = s.store.SLA()
	spec.Now = s.now()
	// The store itself, not the guard: a report only reads, and the store
	// has the one-pass walk over whole cases that the brief uses.
	if err := report.Write(sess, s.store, spec, rf.Format, report.BriefOptions{}); err != nil {
		fmt.Fprintf(errw, "caredesk: report: %s\n", model.ErrorMessage(err))
		return 1
	}
	return 0
}
