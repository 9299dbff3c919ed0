package server

import (
	"strings"
	"testing"

	"github.com/caredesk/caredesk/model"
)

// An agent's real name is taken (new-user finding: "zoë" was refused by a
// message that said letters were allowed): Zoë logs in, also when her
// terminal sends the name decomposed, works under it and is assigned
// cases; a Cyrillic look-alike of ana's name is left out, and the log says
// which letters a name may have.
func TestServerTakesAnAgentsRealName(t *testing.T) {
	zoe := newTestAgent(t, "Zoë", "agent")
	ana := newTestAgent(t, "ana", "lead")
	fake := newTestAgent(t, "\u0430na", "lead")
	d := startDesk(t, deskOpts{cases: 3}, zoe, ana, fake)

	typed := zoe
	typed.name = "Zoe\u0308"
	sc := d.open(typed, 100, 30)
	sc.waitFor(0, "@Zoë")
	sc.openCase("T-000001")
	m := sc.command("claim")
	sc.waitFor(m, "claimed")
	if got := d.caseByExt("T-000001").Assignee; got != "Zoë" {
		t.Fatalf("Zoë claimed, assignee %q", got)
	}
	// ana assigns to her by her name as the file spells it.
	sa := d.open(ana, 100, 30)
	sa.openCase("T-000002")
	m = sa.command("assign Zoë")
	sa.waitFor(m, "assigned to Zoë") // not "unassigned" of a redraw before the save
	if got := d.caseByExt("T-000002").Assignee; got != "Zoë" {
		t.Fatalf("ana assigned to Zoë, assignee %q", got)
	}
	if cl, err := d.dial(fake); err == nil {
		cl.Close()
		t.Fatal("a look-alike of ana logged in")
	}
	if log := d.logBuf.String(); !strings.Contains(log, model.AgentNameRule) {
		t.Fatalf("no log line says why the look-alike was left out:\n%s", log)
	}
}
