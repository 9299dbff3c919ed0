package server

import (
	"strings"
	"testing"
)

// One key on two lines of the agents file, under two names, would let its
// holder log in as both and act under either name (new-user finding:
// chen's key copied onto a "dee" line let chen work as dee). The server
// leaves the later line out, as it does a repeated name with another
// role, and logs which line and why.
func TestServerLeavesOutAKeyAlreadyOnAnEarlierLine(t *testing.T) {
	chen := newTestAgent(t, "chen", "agent")
	dee := testAgent{name: "dee", role: "agent", signer: chen.signer}
	d := startDesk(t, deskOpts{cases: 3}, chen, dee)
	if out, errOut, code := d.run(chen, "report", nil); code != 0 || !strings.Contains(out, "tag,period,count") {
		t.Fatalf("chen, the key's first line: exit %d\n%s%s", code, out, errOut)
	}
	if cl, err := d.dial(dee); err == nil {
		cl.Close()
		t.Fatal("chen's key logged in as dee")
	}
	log := d.logBuf.String()
	if !strings.Contains(log, `msg="agents file: line left out"`) || !strings.Contains(log, "line=4 ") ||
		!strings.Contains(log, `problem="dee: the public key is chen's, on line 3: one key is one agent's`) {
		t.Fatalf("no log line says why dee was left out:\n%s", log)
	}
}
