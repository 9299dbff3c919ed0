package server

import (
	"strings"
	"testing"
	"time"
)

// An agent on the team server was walked through retire's question and
// told "only a lead can retire tags" after answering y (a new-user
// finding); README says what an agent may not do is refused before they
// start. The tags pane's keys and :rename refuse at once; a lead is asked.
func TestAgentIsRefusedTaxonomyCareAtTheKey(t *testing.T) {
	ana, bo := newTestAgent(t, "ana", "lead"), newTestAgent(t, "bo", "agent")
	d := startDesk(t, deskOpts{cases: 20}, ana, bo)
	const refusal = "only a lead can rename, merge, move, label or retire tags"

	// A screen each: the same refusal twice in a row is not drawn again.
	for _, k := range []string{"x", "r", "m", "A", "l"} {
		sc := d.open(bo, 140, 30)
		sc.mustStep("4", "TAG")
		m := sc.mark()
		sc.keys(k)
		sc.waitFor(m, refusal)
		time.Sleep(100 * time.Millisecond)
		if out := sc.text(m); strings.Contains(out, "y/n") || strings.Contains(out, " to: ") || strings.Contains(out, "into: ") {
			t.Errorf("bo: %s opened a question or an input: %q", k, tail(out, 300))
		}
		sc.close()
	}
	sc := d.open(bo, 140, 30)
	sc.waitFor(sc.command("rename account/* goods/*"), refusal)
	sc.close()

	sc = d.open(ana, 140, 30)
	sc.mustStep("4", "TAG")
	m := sc.mark()
	sc.keys("x")
	sc.waitFor(m, "y/n")
	sc.keys("n")
	sc.close()
}
