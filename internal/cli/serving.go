package cli

import (
	"fmt"
	"net"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/caredesk/caredesk/model"
)

// A running `caredesk serve` holds its database for writing, so `caredesk
// report` on the same file is refused. The server leaves its address next
// to the database while it runs, so that the refusal can say where the
// report can be had instead: over SSH, from the server itself.

// servingPath is the note `serve` keeps next to db while it runs.
func servingPath(db string) string { return db + ".serving" }

// noteServing writes the listen address next to db; the returned function
// removes it.
func noteServing(db, addr string) (func(), error) {
	p := servingPath(db)
	if err := os.WriteFile(p, []byte(addr+"\n"), 0o600); err != nil {
		return func() {}, fmt.Errorf("serve: %w", err)
	}
	return func() { os.Remove(p) }, nil
}

// servedAt returns the address a `caredesk serve` noted for db, or "".
func servedAt(db string) string {
	b, err := os.ReadFile(servingPath(db))
	if err != nil || len(b) > 200 {
		return ""
	}
	addr := strings.TrimSpace(string(b))
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return ""
	}
	return addr
}

// sshHint is how to run cmd on the server at addr: "ssh -p 2323
// NAME@HOST report".
func sshHint(addr, cmd string) string {
	host, port, _ := net.SplitHostPort(addr)
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "HOST"
	}
	return fmt.Sprintf("ssh -p %s NAME@%s %s", port, host, cmd)
}

// servedRefusal is what import, check and mail say when the file they
// could not lock is a running server's: not "close the other one first",
// which would take the desk down for every agent. nil when err is
// anything else.
func servedRefusal(cmd, db string, err error, file string) error {
	addr := servedAt(db)
	if model.ErrorCode(err) != model.ELOCKED || addr == "" {
		return nil
	}
	switch cmd {
	case "import":
		return fmt.Errorf("import: %s is held by caredesk serve on %s: send it with %s < %s (leads)", db, addr, sshHint(addr, "import"), file)
	case "mail fetch", "mail send", "mail status":
		// The server fetches and sends itself, and every screen's :outbox
		// shows what waits.
		return fmt.Errorf("%s: %s is held by caredesk serve on %s, which fetches and sends the mail itself when its config has [mail]: :outbox on a screen of it shows the outbox (%s)", cmd, db, addr, strings.TrimSpace(sshHint(addr, "")))
	}
	return fmt.Errorf("%s: %s is held by caredesk serve on %s: it cannot run while the server serves this file (it checks it alone: stop the server first)", cmd, db, addr)
}

// shellWord is name as it can be typed after "<" in a shell; "FILE" when
// it holds something that cannot be shown as typed.
func shellWord(name string) string {
	plain := func(r rune) bool {
		return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("._/+-,:@", r))
	}
	switch {
	case name == "" || strings.IndexFunc(name, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0:
		return "FILE"
	case strings.IndexFunc(name, func(r rune) bool { return !plain(r) }) < 0:
		return name
	}
	return "'" + strings.ReplaceAll(name, "'", `'\''`) + "'"
}
