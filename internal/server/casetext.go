package server

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/ssh"

	"github.com/caredesk/caredesk/internal/textsafe"
	"github.com/caredesk/caredesk/model"
)

// cmdText writes a case's text whole (ssh … text 4482 > case.txt), as
// :export FILE does in a local app: its conversation — the description,
// mails, replies and notes — each under a line saying who and when
// (model.WriteTranscript). A screen shows the first 64 KB of each text,
// and on a team server the agent has no file of its own to :export to.
// The server cannot tell a pipe from the agent's terminal, so control
// characters are shown as symbols (ESC as ␛), as caredesk export does on
// a terminal.
func (s *Server) cmdText(sess ssh.Session, a Agent, args []string) int {
	errw := sess.Stderr()
	if len(args) != 1 {
		fmt.Fprintln(errw, "caredesk: text takes one case number: ssh … text 4482 > case.txt")
		return 1
	}
	n, err := strconv.ParseUint(strings.TrimPrefix(args[0], "#"), 10, 64)
	if err != nil || n == 0 {
		fmt.Fprintf(errw, "caredesk: text: %q is not a case number\n", textsafe.Line(args[0]))
		return 1
	}
	msgs, err := s.newGuard(a).Conversation(model.CaseID(n))
	if err != nil {
		fmt.Fprintf(errw, "caredesk: text: %s\n", model.ErrorMessage(err))
		return 1
	}
	tw := textsafe.NewTerminalWriter(sess)
	if err := model.WriteTranscript(tw, msgs); err == nil {
		err = tw.Flush()
	}
	if err != nil {
		return 1
	}
	s.log.Info("text", "agent", a.Name, "case", n, "messages", len(msgs))
	return 0
}
