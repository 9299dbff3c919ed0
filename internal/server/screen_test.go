package server

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/caredesk/caredesk/internal/csvio"
	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// Two screens on one store: a tag added in bo's screen shows in ana's,
// with no polling (the store's change notice through ana's relay), and
// each sees who else is on the case.
func TestTagInOneScreenShowsInTheOther(t *testing.T) {
	ana, bo := newTestAgent(t, "ana", "lead"), newTestAgent(t, "bo", "agent")
	d := startDesk(t, deskOpts{cases: 40}, ana, bo)
	sa := d.open(ana, 120, 32)
	sb := d.open(bo, 100, 30) // its own window size

	ma := sa.mark()
	sa.openCase("T-000007")
	sb.openCase("T-000007")
	sa.waitFor(ma, "bo is viewing")

	ma = sa.mark()
	sb.mustStep("t", "tag, e.g.") // the picker is open
	sb.mustStep("shipping/lost", "shipping/lost")
	sb.mustStep("\r", "new tag shipping/lost — enter again to create")
	sb.mustStep("\r", "tag shipping/lost added")
	sa.waitFor(ma, "#shipping/lost")

	// bo starts a note: ana is warned that someone is typing on the case.
	ma = sa.mark()
	sb.mustStep("\x1b", "c claim")
	sb.mustStep("n", "save note")
	sa.waitFor(ma, "bo is typing a note")

	c := d.caseByExt("T-000007")
	if !c.HasTag("shipping/lost") {
		t.Fatalf("tags in the store: %v", c.Tags)
	}
	evs, err := d.db.Events(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := evs[len(evs)-1]
	if last.Kind != model.EventTagAdded || last.Author != "bo" {
		t.Fatalf("last event %+v, want bo's tag", last)
	}
}

// An agent cannot take a lead's case: the refusal (EDENIED) is shown in
// the status line and the store is unchanged. A lead can.
func TestAgentCannotReassignLeadsCase(t *testing.T) {
	ana, bo := newTestAgent(t, "ana", "lead"), newTestAgent(t, "bo", "agent")
	// chen is on the agents file: a case goes only to an agent of the desk
	d := startDesk(t, deskOpts{cases: 20}, ana, bo, newTestAgent(t, "chen", "agent"))
	c := d.caseByExt("T-000003")
	if _, err := d.db.Act(c.ID, 0, "ana", model.Claim{}); err != nil {
		t.Fatal(err)
	}
	sb := d.open(bo, 110, 30)
	sb.openCase("T-000003")
	m := sb.command("assign bo")
	sb.waitFor(m, "only a lead can reassign ana's case")

	// A follow-up on ana's case is refused too; an internal note and a
	// tag are allowed (notes on any case: issue #14).
	m = sb.command("followup +2d")
	sb.waitFor(m, "only ana or a lead can set follow-u")
	m = sb.command("note looked at it")
	sb.waitFor(m, "noted case")
	m = sb.command("tag billing/fee")
	sb.waitFor(m, "is a new tag")
	m = sb.command("tag billing/fee") // a new tag: the second :tag creates it
	sb.waitFor(m, "tagged case")

	if got := d.caseByExt("T-000003"); got.Assignee != "ana" || !got.HasTag("billing/fee") {
		t.Fatalf("case now assigned to %q with tags %v", got.Assignee, got.Tags)
	}

	// The lead hands bo's own case to someone else.
	c5 := d.caseByExt("T-000005")
	if _, err := d.db.Act(c5.ID, 0, "bo", model.Claim{}); err != nil {
		t.Fatal(err)
	}
	sa := d.open(ana, 110, 30)
	sa.openCase("T-000005")
	m = sa.command("assign chen")
	sa.waitFor(m, "assigned case")
	if got := d.caseByExt("T-000005"); got.Assignee != "chen" {
		t.Fatalf("lead's reassignment: assignee %q", got.Assignee)
	}
	// A name not on the agents file is refused at once, and again when
	// repeated: the screen knows the agents file (issue #14). The guard's
	// own refusal is TestGuardAssignsOnlyToAgentsOfTheDesk's.
	m = sa.command("assign zz")
	sa.waitFor(m, "zz is not an agent of this desk (agents: ana, bo, chen)")
	m = sa.command("assign zz")
	sa.waitFor(m, "zz is not an agent of this desk (agents: ana, bo, chen)")
	if got := d.caseByExt("T-000005"); got.Assignee != "chen" {
		t.Fatalf("assign zz on the team server: assignee %q", got.Assignee)
	}
}

// Two agents claim the same case at once: one wins, the other is told and
// shows the winner.
func TestSimultaneousClaimOneWins(t *testing.T) {
	bo, chen := newTestAgent(t, "bo", "agent"), newTestAgent(t, "chen", "agent")
	d := startDesk(t, deskOpts{cases: 20}, bo, chen)
	sb, sc := d.open(bo, 110, 30), d.open(chen, 110, 30)
	sb.openCase("T-000009")
	sc.openCase("T-000009")
	mb, mc := sb.mark(), sc.mark()
	var wg sync.WaitGroup
	for _, s := range []*screen{sb, sc} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.in.Write([]byte("c"))
		}()
	}
	wg.Wait()
	c := d.caseByExt("T-000009")
	deadline := time.Now().Add(waitLong)
	for c.Assignee == "" && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		c = d.caseByExt("T-000009")
	}
	winner, loser, lm := sb, sc, mc
	if c.Assignee == "chen" {
		winner, loser, lm = sc, sb, mb
	}
	if c.Assignee != winner.name {
		t.Fatalf("assignee %q", c.Assignee)
	}
	winner.waitFor(map[*screen]int{sb: mb, sc: mc}[winner], "claimed")
	// The loser either lost the race in the store (a conflict, reloaded)
	// or saw the winner's change first; both end showing the winner.
	loser.waitFor(lm, "@"+winner.name)
	loser.waitForAny(lm, "changed by "+winner.name+" meanwhile", "changed since you opened it (by "+winner.name+")",
		"is assigned to "+winner.name, "updated by "+winner.name)
	mustNotContain(t, loser.text(lm), ": claimed")
}

func mustNotContain(t *testing.T, s, bad string) {
	t.Helper()
	if strings.Contains(s, bad) {
		t.Fatalf("unexpected %q in:\n%s", bad, tail(s, 800))
	}
}

// An unknown key gets no session, so no screen: the SSH handshake itself
// fails. A known key under another agent's name is refused too. The agents
// file is re-read when it changes: a line added lets the agent in, a line
// removed keeps them out, without a restart.
func TestUnknownKeyIsRefused(t *testing.T) {
	ana, eve := newTestAgent(t, "ana", "lead"), newTestAgent(t, "eve", "agent")
	d := startDesk(t, deskOpts{cases: 5}, ana)

	_, err := d.tryOpen(eve, 80, 24)
	if err == nil || !strings.Contains(err.Error(), "unable to authenticate") {
		t.Fatalf("unknown key: %v, want an authentication failure", err)
	}
	impostor := testAgent{name: "ana", role: "lead", signer: eve.signer}
	if _, err := d.tryOpen(impostor, 80, 24); err == nil {
		t.Fatal("eve's key was accepted as ana")
	}
	wrongName := testAgent{name: "bo", role: "lead", signer: ana.signer}
	if _, err := d.tryOpen(wrongName, 80, 24); err == nil {
		t.Fatal("ana's key was accepted as bo")
	}

	writeAgents(t, filepath.Join(d.dir, "agents"), ana, eve)
	se := d.open(eve, 80, 24)
	se.keys("q")
	if err := se.waitEnd(); err != nil {
		t.Fatalf("eve's session: %v", err)
	}

	writeAgents(t, filepath.Join(d.dir, "agents"), ana)
	if _, err := d.tryOpen(eve, 80, 24); err == nil {
		t.Fatal("eve still accepted after her line was removed")
	}
	if !strings.Contains(d.logBuf.String(), "key refused") {
		t.Fatalf("refusals are not logged:\n%s", d.logBuf.String())
	}
}

// import over SSH goes through the import pipeline into the shared store,
// and a connected screen sees the new cases; report prints a report;
// agents cannot import; an unknown command is an error.
func TestImportOverSSHReachesScreen(t *testing.T) {
	ana, bo := newTestAgent(t, "ana", "lead"), newTestAgent(t, "bo", "agent")
	d := startDesk(t, deskOpts{cases: 40}, ana, bo)
	sb := d.open(bo, 120, 30)
	m := sb.mark()

	var csv bytes.Buffer
	cw := csvio.NewCSVWriter(&csv, nil)
	for _, r := range testRows(900, 3, "Imported over ssh") {
		if err := cw.Write(r.Case, r.Customer); err != nil {
			t.Fatal(err)
		}
	}
	if err := cw.Flush(); err != nil {
		t.Fatal(err)
	}
	out, errs, code := d.run(ana, "import", bytes.NewReader(csv.Bytes()))
	if code != 0 || !strings.Contains(out, "imported 3, updated 0, unchanged 0, rejected 0") {
		t.Fatalf("import: exit %d, out %q, err %q", code, out, errs)
	}
	sb.waitFor(m, "All 43")

	// A mail history (mbox) too, told apart by its first line as caredesk
	// import does (new-user finding: it was read as a CSV and refused).
	mbox := "From x@y Mon Dec  7 09:00:00 2026\nFrom: cy@example.com\nSubject: old mail\nMessage-ID: <old@x>\n\nhi\n"
	out, errs, code = d.run(ana, "import", strings.NewReader(mbox))
	if code != 0 || !strings.Contains(out, "stdin: ") || !strings.Contains(out, "new cases 1") {
		t.Fatalf("mbox import: exit %d, out %q, err %q", code, out, errs)
	}
	sb.waitFor(m, "All 44")

	// A bad row is reported on stderr with its line, the rest imported.
	bad := csv.String() + "\"unterminated\n"
	out, errs, code = d.run(ana, "import", strings.NewReader(bad))
	if code != 1 || !strings.Contains(out, "unchanged 3") || !strings.Contains(errs, "line") {
		t.Fatalf("import with a bad row: exit %d, out %q, err %q", code, out, errs)
	}

	_, errs, code = d.run(bo, "import", bytes.NewReader(csv.Bytes()))
	if code != 1 || !strings.Contains(errs, "only a lead can import cases") {
		t.Fatalf("agent's import: exit %d, err %q", code, errs)
	}

	out, errs, code = d.run(bo, "report --format csv --by day", nil)
	if code != 0 || !strings.HasPrefix(out, "tag,period,count\n") || !strings.Contains(out, "billing/refund,") {
		t.Fatalf("report: exit %d, out %q, err %q", code, out, errs)
	}
	_, errs, code = d.run(bo, "report --format pdf", nil)
	if code != 1 || !strings.Contains(errs, "unknown format") {
		t.Fatalf("report with a bad format: exit %d, err %q", code, errs)
	}
	_, errs, code = d.run(bo, "drop-tables", nil)
	if code != 1 || !strings.Contains(errs, `unknown command "drop-tables"`) {
		t.Fatalf("unknown command: exit %d, err %q", code, errs)
	}
}

// Shutdown loses nothing: every write a screen acknowledged is in the
// database after a SIGTERM-like shutdown, which tells the screens, and the
// closed file checks clean.
func TestShutdownLosesNothing(t *testing.T) {
	ana, bo := newTestAgent(t, "ana", "lead"), newTestAgent(t, "bo", "agent")
	d := startDesk(t, deskOpts{cases: 30}, ana, bo)
	sa, sb := d.open(ana, 120, 32), d.open(bo, 120, 32)

	sb.openCase("T-000011")
	sb.mustStep("c", "claimed")
	sb.mustStep("n", "save note")
	sb.mustStep("checked the carrier", "checked the carrier")
	sb.mustStep("\x13", "note saved") // ctrl+s

	sa.openCase("T-000012")
	m := sa.command("tag shipping/lost")
	sa.waitFor(m, "is a new tag")
	m = sa.command("tag shipping/lost") // a new tag: the second :tag creates it
	sa.waitFor(m, "tagged case")

	// A write stuck in flight when shutdown starts still lands: hold one
	// in the guard's gate from outside and release it after Shutdown has
	// begun.
	g := d.srv.newGuard(Agent{Name: "ana", Role: model.RoleLead, Key: ana.signer.PublicKey()})
	c13 := d.caseByExt("T-000013")
	if err := d.srv.gate.enter(); err != nil {
		t.Fatal(err)
	}
	shutdownDone := make(chan struct{})
	ma, mb := sa.mark(), sb.mark()
	go func() {
		defer close(shutdownDone)
		d.shutdown()
	}()
	waitUntil(t, d.srv.gate.isClosed)
	if _, err := g.Act(c13.ID, 0, "", model.AddTag{Tag: "late"}); model.ErrorCode(err) != model.ELOCKED {
		t.Fatalf("a write after shutdown began: %v, want refused", err)
	}
	// the held write, on the raw store as if it had passed the gate first
	if _, err := d.db.Act(c13.ID, 0, "ana", model.AddTag{Tag: "in-flight"}); err != nil {
		t.Fatal(err)
	}
	d.srv.gate.exit()

	sa.waitFor(ma, "server shutting down")
	sb.waitFor(mb, "server shutting down")
	for _, s := range []*screen{sa, sb} {
		if err := s.waitEnd(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
	}
	<-shutdownDone
	if _, err := d.tryOpen(ana, 80, 24); err == nil {
		t.Fatal("a connection was accepted after shutdown")
	}

	db, err := store.Open(d.dbPath, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mustCheck(t, db)
	c11, _ := db.CaseByExternalID("T-000011")
	evs, _ := db.Events(c11.ID)
	noted := false
	for _, ev := range evs {
		noted = noted || ev.Kind == model.EventNote && ev.To == "checked the carrier" && ev.Author == "bo"
	}
	if c11.Assignee != "bo" || !noted {
		t.Fatalf("bo's claim and note: assignee %q, events %+v", c11.Assignee, evs)
	}
	if c12, _ := db.CaseByExternalID("T-000012"); !c12.HasTag("shipping/lost") {
		t.Fatalf("ana's tag: %v", c12.Tags)
	}
	if c13, _ := db.CaseByExternalID("T-000013"); !c13.HasTag("in-flight") {
		t.Fatalf("the write in flight: %v", c13.Tags)
	}
}

// A screen without a key for the idle timeout is told and closed.
func TestIdleScreenTimesOut(t *testing.T) {
	ana := newTestAgent(t, "ana", "lead")
	d := startDesk(t, deskOpts{cases: 5, idle: 600 * time.Millisecond}, ana)
	sa := d.open(ana, 100, 30)
	m := sa.mark()
	if err := sa.await(m, "no key for", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := sa.waitEnd(); err != nil {
		var ee *gossh.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("idle session: %v", err)
		}
	}
	if !strings.Contains(sa.text(0), "disconnected after") {
		t.Fatalf("no farewell line:\n%s", tail(sa.text(0), 400))
	}
}

// A session without a terminal and without a command is told how to
// connect.
func TestNoTerminalNoCommand(t *testing.T) {
	ana := newTestAgent(t, "ana", "lead")
	d := startDesk(t, deskOpts{cases: 1}, ana)
	_, s := d.session(ana)
	var errb bytes.Buffer
	s.Stderr = &errb
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	err := s.Wait()
	var ee *gossh.ExitError
	if !errors.As(err, &ee) || ee.ExitStatus() != 1 || !strings.Contains(errb.String(), "needs a terminal") {
		t.Fatalf("got %v, stderr %q", err, errb.String())
	}
}

// The host key is created once, private, and reused.
func TestHostKeyCreatedOnceAndReused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys", "host")
	k1, created, err := HostKey(path)
	if err != nil || !created {
		t.Fatalf("first start: created %v, %v", created, err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", st.Mode().Perm())
	}
	s, err := gossh.ParsePrivateKey(k1)
	if err != nil || s.PublicKey().Type() != gossh.KeyAlgoED25519 {
		t.Fatalf("key type: %v", err)
	}
	k2, created, err := HostKey(path)
	if err != nil || created || !bytes.Equal(k1, k2) {
		t.Fatalf("second start: created %v, same %v, %v", created, bytes.Equal(k1, k2), err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := HostKey(path); err == nil || !strings.Contains(err.Error(), "readable by others") {
		t.Fatalf("world-readable key: %v", err)
	}
}

func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatal("condition not met in time")
		case <-time.After(5 * time.Millisecond):
		}
	}
}
