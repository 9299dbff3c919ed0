package server

import (
	"io"
	"net"
	"testing"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// TestFrameOutSkipsThePtyTranslation: what goes to frameOut reaches the
// terminal as written (no copy through the session's pty emulation, which
// would make a line feed CR LF), while the session's own Write still
// translates.
func TestFrameOutSkipsThePtyTranslation(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	direct := make(chan bool, 1)
	srv := &ssh.Server{Handler: func(s ssh.Session) {
		out := frameOut(s)
		_, isSession := out.(ssh.Session)
		direct <- !isSession
		_, _ = io.WriteString(out, "a\nb|")
		_, _ = io.WriteString(s, "c\nd")
	}}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	cl, err := gossh.Dial("tcp", ln.Addr().String(), &gossh.ClientConfig{User: "ana", HostKeyCallback: gossh.InsecureIgnoreHostKey()})
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	sess, err := cl.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if err := sess.RequestPty("xterm", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	out, err := sess.Output("")
	if err != nil {
		t.Fatal(err)
	}
	if !<-direct {
		t.Error("frameOut gave the session itself, not its channel")
	}
	if got, want := string(out), "a\nb|c\r\nd"; got != want {
		t.Errorf("the terminal got %q, want %q", got, want)
	}
}
