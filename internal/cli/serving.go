package cli

import (
	"fmt"
	"net"
	"os"
	"strings"
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
