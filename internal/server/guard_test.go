package server

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// The permission rule, case by case. (It lives in model/role.go; its table
// is here because this package is where it is enforced.)
func TestAuthorize(t *testing.T) {
	free := model.Case{ID: 1}
	mine := model.Case{ID: 2, Assignee: "bo"}
	anas := model.Case{ID: 3, Assignee: "ana"}
	for _, tc := range []struct {
		role model.Role
		c    model.Case
		act  model.Action
		deny string // "" allowed, else a piece of the refusal
	}{
		{model.RoleAgent, free, model.Claim{}, ""},
		{model.RoleAgent, mine, model.Claim{}, ""},
		{model.RoleAgent, anas, model.Claim{}, "only a lead can reassign ana's case"},
		{model.RoleAgent, anas, model.Assign{To: "bo"}, "only a lead can reassign ana's case"},
		{model.RoleAgent, free, model.Assign{To: "bo"}, ""},
		{model.RoleAgent, free, model.Assign{To: "chen"}, "only a lead can assign a case to someone else"},
		{model.RoleAgent, mine, model.Assign{To: "chen"}, ""}, // handing over one's own case
		{model.RoleAgent, mine, model.Assign{To: ""}, ""},
		{model.RoleAgent, anas, model.AddTag{Tag: "x"}, ""},
		{model.RoleAgent, anas, model.RemoveTag{Tag: "x"}, ""},
		{model.RoleAgent, free, model.AddTag{Tag: "x"}, ""},
		{model.RoleAgent, mine, model.AddNote{Text: "x"}, ""},
		{model.RoleAgent, mine, model.SetStatus{To: model.StatusPending}, ""},
		// An internal note on any case, as Zendesk allows (issue #14).
		{model.RoleAgent, anas, model.AddNote{Text: "x"}, ""},
		{model.RoleAgent, anas, model.SetStatus{To: model.StatusClosed}, "change the status of"},
		{model.RoleAgent, free, model.AddNote{Text: "x"}, ""},
		{model.RoleAgent, anas, model.SetFollowUp{}, "only ana or a lead can set follow-ups on it"},
		{model.RoleNone, anas, model.AddNote{Text: "x"}, "no role"},
		{model.RoleAgent, free, model.SetPriority{To: model.PriorityUrgent}, "claim case #1 first"},
		{model.RoleLead, anas, model.Assign{To: "bo"}, ""},
		{model.RoleLead, anas, model.AddNote{Text: "x"}, ""},
		{model.RoleLead, free, model.SetStatus{To: model.StatusClosed}, ""},
		{model.RoleNone, free, model.AddTag{Tag: "x"}, "no role"},
		// An e-mail reply speaks for the case's owner: their own cases, or a lead's.
		{model.RoleAgent, mine, model.SendReply{}, ""},
		{model.RoleAgent, anas, model.SendReply{}, "only ana or a lead can reply on it"},
		{model.RoleAgent, free, model.SendReply{}, "claim case #1 first"},
		{model.RoleAgent, anas, model.ResendReply{Seq: 1}, "only ana or a lead can reply on it"},
		{model.RoleLead, anas, model.SendReply{}, ""},
	} {
		err := model.Authorize(tc.role, "bo", tc.c, tc.act)
		switch {
		case tc.deny == "" && err != nil:
			t.Errorf("%s %s on %q's case: refused: %v", tc.role, tc.act.Name(), tc.c.Assignee, err)
		case tc.deny != "" && err == nil:
			t.Errorf("%s %s on %q's case: allowed, want %q", tc.role, tc.act.Name(), tc.c.Assignee, tc.deny)
		case tc.deny != "" && (model.ErrorCode(err) != model.EDENIED || !strings.Contains(err.Error(), tc.deny)):
			t.Errorf("%s %s on %q's case: %v (%s), want EDENIED %q", tc.role, tc.act.Name(), tc.c.Assignee, err, model.ErrorCode(err), tc.deny)
		}
	}
	if err := model.RequireLead(model.RoleAgent, "retire tags"); model.ErrorCode(err) != model.EDENIED || err.Error() != "only a lead can retire tags" {
		t.Errorf("RequireLead: %v", err)
	}
	for _, s := range []string{"agent", "Lead"} {
		if _, err := model.ParseRole(s); err != nil {
			t.Errorf("ParseRole(%q): %v", s, err)
		}
	}
	if _, err := model.ParseRole("admin"); err == nil {
		t.Error("ParseRole(admin) accepted")
	}
}

// guardFixture is a store with cases and a guard per agent, no SSH.
type guardFixture struct {
	db    *store.DB
	gate  *gate
	roles map[string]model.Role
	mu    sync.Mutex
}

func newGuardFixture(t testing.TB, cases int) *guardFixture {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "g.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Import(testRows(1, cases, "Case")); err != nil {
		t.Fatal(err)
	}
	return &guardFixture{db: db, gate: &gate{}, roles: map[string]model.Role{"ana": model.RoleLead, "bo": model.RoleAgent, "chen": model.RoleAgent}}
}

func (f *guardFixture) guard(agent string) *guard {
	return &guard{CaseReader: f.db, store: f.db, agent: agent, gate: f.gate, now: time.Now, role: func() (model.Role, bool) {
		f.mu.Lock()
		defer f.mu.Unlock()
		r, ok := f.roles[agent]
		return r, ok
	}, isAgent: func(name string) bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		_, ok := f.roles[name]
		return ok
	}}
}

func TestGuardWritesAsTheSessionsAgent(t *testing.T) {
	f := newGuardFixture(t, 3)
	bo := f.guard("bo")
	c, err := bo.Act(1, 0, "mallory", model.Claim{}, model.SetStatus{To: model.StatusPending})
	if err != nil {
		t.Fatalf("claim then pending on a free case: %v", err)
	}
	if c.Assignee != "bo" || c.Status != model.StatusPending {
		t.Fatalf("case %+v", c)
	}
	evs, _ := f.db.Events(1)
	for _, ev := range evs[1:] {
		if ev.Author != "bo" {
			t.Fatalf("event by %q, want bo: %+v", ev.Author, ev)
		}
	}
}

// The version the screen showed is honoured: a stale one is a conflict
// naming who changed the case, and nothing is written; a version ahead of
// the case is a conflict too, never a write let through unchecked.
func TestGuardConflicts(t *testing.T) {
	f := newGuardFixture(t, 3)
	bo, chen := f.guard("bo"), f.guard("chen")
	c, _ := f.db.Case(2)
	if _, err := bo.Act(2, c.Version, "", model.Claim{}); err != nil {
		t.Fatal(err)
	}
	_, err := chen.Act(2, c.Version, "", model.Claim{})
	if model.ErrorCode(err) != model.ECONFLICT || !strings.Contains(err.Error(), "by bo") {
		t.Fatalf("chen's stale claim: %v (%s)", err, model.ErrorCode(err))
	}
	now, _ := f.db.Case(2)
	if _, err := bo.Act(2, now.Version+1, "", model.AddNote{Text: "x"}); model.ErrorCode(err) != model.ECONFLICT {
		t.Fatalf("a version from the future: %v", err)
	}
	if after, _ := f.db.Case(2); after.Version != now.Version {
		t.Fatalf("a refused write changed the case: %d → %d", now.Version, after.Version)
	}
	// Without a version (bulk actions), the rule is checked on the latest
	// state: chen may tag bo's case but not claim it.
	if _, err := chen.Act(2, 0, "", model.AddTag{Tag: "fraud"}); err != nil {
		t.Fatal(err)
	}
	if _, err := chen.Act(2, 0, "", model.Claim{}); model.ErrorCode(err) != model.EDENIED {
		t.Fatalf("chen claims bo's case: %v", err)
	}
}

// Many writers race on one case without versions: every write is either
// applied or refused by a rule, never applied against a state it was not
// checked on. Only one agent ends up owning the case.
func TestGuardChecksTheStateItWrites(t *testing.T) {
	f := newGuardFixture(t, 1)
	var wg sync.WaitGroup
	var mu sync.Mutex
	winners := map[string]int{}
	for _, name := range []string{"bo", "chen", "bo", "chen", "bo", "chen"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g := f.guard(name)
			if c, err := g.Act(1, 0, "", model.Claim{}); err == nil && c.Assignee == name {
				mu.Lock()
				winners[name]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	c, _ := f.db.Case(1)
	if len(winners) != 1 || winners[c.Assignee] == 0 {
		t.Fatalf("winners %v, assignee %q", winners, c.Assignee)
	}
	evs, _ := f.db.Events(1)
	assigned := 0
	for _, ev := range evs {
		if ev.Kind == model.EventAssigned {
			assigned++
		}
	}
	if assigned != 1 {
		t.Fatalf("%d assignments recorded, want 1", assigned)
	}
}

func TestGuardLeadOnly(t *testing.T) {
	f := newGuardFixture(t, 5)
	bo, ana := f.guard("bo"), f.guard("ana")
	if _, err := bo.RenameTag("billing/refund", "billing/refunds", ""); model.ErrorCode(err) != model.EDENIED {
		t.Fatalf("agent renames a tag: %v", err)
	}
	if err := bo.RetireTag("shipping/late", true, ""); model.ErrorCode(err) != model.EDENIED {
		t.Fatalf("agent retires a tag: %v", err)
	}
	if _, err := bo.Import(testRows(100, 1, "x")); model.ErrorCode(err) != model.EDENIED {
		t.Fatalf("agent imports: %v", err)
	}
	if _, err := bo.Backup(new(strings.Builder)); model.ErrorCode(err) != model.EDENIED {
		t.Fatalf("agent takes a backup: %v", err)
	}
	if n, err := ana.RenameTag("billing/refund", "billing/refunds", "mallory"); err != nil || n == 0 {
		t.Fatalf("lead renames: %d, %v", n, err)
	}
	if err := ana.RetireTag("shipping/late", true, ""); err != nil {
		t.Fatal(err)
	}
	// The canned replies are the desk's: agents use them, a lead keeps them.
	r, err := ana.SaveReply(model.Reply{Name: "thanks", Text: "Thank you, {{customer}}."})
	if err != nil {
		t.Fatalf("lead saves a reply: %v", err)
	}
	r.Text = "Refund at http://evil.example"
	if _, err := bo.SaveReply(r); model.ErrorCode(err) != model.EDENIED {
		t.Fatalf("agent rewrites a reply: %v", err)
	}
	if err := bo.DeleteReply(r.ID); model.ErrorCode(err) != model.EDENIED || !strings.Contains(err.Error(), "only a lead can create, change or delete the desk's canned replies") {
		t.Fatalf("agent deletes a reply: %v", err)
	}
	rs, _ := f.db.Replies()
	if i := slices.IndexFunc(rs, func(x model.Reply) bool { return x.ID == r.ID }); i < 0 || rs[i].Text != "Thank you, {{customer}}." {
		t.Fatalf("replies after the agent's tries: %+v", rs)
	}
}

// An agent taken off the list (or whose role changes) is held to it at the
// next write, without reconnecting.
func TestGuardFollowsTheAgentsFile(t *testing.T) {
	f := newGuardFixture(t, 3)
	bo := f.guard("bo")
	if _, err := bo.Act(1, 0, "", model.Claim{}); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	delete(f.roles, "bo")
	f.mu.Unlock()
	if _, err := bo.Act(1, 0, "", model.AddNote{Text: "x"}); model.ErrorCode(err) != model.EDENIED || !strings.Contains(err.Error(), "no longer") {
		t.Fatalf("removed agent writes: %v", err)
	}
}

func TestGateWaitsForWritesInFlight(t *testing.T) {
	var g gate
	if err := g.enter(); err != nil {
		t.Fatal(err)
	}
	closed := make(chan error, 1)
	go func() { closed <- g.close(context.Background()) }()
	waitUntil(t, g.isClosed)
	select {
	case <-closed:
		t.Fatal("close returned with a write in flight")
	case <-time.After(30 * time.Millisecond):
	}
	if err := g.enter(); err != errShuttingDown {
		t.Fatalf("a write after close: %v", err)
	}
	g.exit()
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	var stuck gate
	_ = stuck.enter()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := stuck.close(ctx); err == nil {
		t.Fatal("close of a stuck gate did not time out")
	}
}

func TestParseAgents(t *testing.T) {
	ana, bo := newTestAgent(t, "ana", "lead"), newTestAgent(t, "bo", "agent")
	anaLaptop := newTestAgent(t, "ana", "lead")
	text := strings.Join([]string{
		"# the team",
		"",
		ana.line(),
		"   " + bo.line() + "   ",
		anaLaptop.line(),
		"chen boss " + strings.SplitN(bo.line(), " ", 3)[2],
		"dee agent",
		"eli agent ssh-ed25519 not-base64",
		"b@d agent ssh-ed25519 AAAA",
		"fay agent no-pty " + strings.SplitN(bo.line(), " ", 3)[2],
		"ana agent " + strings.SplitN(bo.line(), " ", 3)[2],
		"zoe agent " + strings.SplitN(ana.line(), " ", 3)[2],
		"   " + bo.line(),
	}, "\n")
	agents, problems := ParseAgents([]byte(text))
	if len(agents) != 3 {
		t.Fatalf("agents %+v", agents)
	}
	if agents[0].Name != "ana" || agents[0].Role != model.RoleLead || agents[1].Name != "bo" || agents[1].Role != model.RoleAgent {
		t.Fatalf("agents %+v", agents)
	}
	want := []string{"line 6: chen: unknown role", "line 7: dee: no public key", "line 8: eli: the public key cannot be read",
		"line 9: \"b@d\" is not an agent name", "line 10: fay: authorized_keys options", "line 11: ana is lead on line 3",
		"line 12: zoe: the public key is ana's, on line 3: one key is one agent's", "line 13: bo: the public key is on line 4 already"}
	if len(problems) != len(want) {
		t.Fatalf("problems:\n%v", problems)
	}
	for i, w := range want {
		if !strings.HasPrefix(problems[i].String(), w) {
			t.Errorf("problem %d: %q, want %q…", i, problems[i], w)
		}
	}
}

// Whoever can write the agents file can make themselves a lead: a file
// others may write is refused at start and, if it becomes so, at the next
// look, until it is made private again.
func TestAgentsFileWritableByOthersIsRefused(t *testing.T) {
	bo := newTestAgent(t, "bo", "agent")
	path := filepath.Join(t.TempDir(), "agents")
	writeAgents(t, path, bo)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	f, err := loadAgentsFile(path, log, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := f.Lookup("bo", bo.signer.PublicKey()); !ok {
		t.Fatal("bo refused")
	}
	if err := os.Chmod(path, 0o666); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.Lookup("bo", bo.signer.PublicKey()); ok {
		t.Fatal("bo accepted from a world-writable file")
	}
	if _, err := loadAgentsFile(path, log, nil); err == nil || !strings.Contains(err.Error(), "writable by others") {
		t.Fatalf("start with a world-writable file: %v", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.Lookup("bo", bo.signer.PublicKey()); !ok {
		t.Fatal("bo refused after chmod 600")
	}
}

// :away and :back: an agent for themselves, a lead for anyone.
func TestGuardAwayRule(t *testing.T) {
	f := newGuardFixture(t, 1)
	bo, ana := f.guard("bo"), f.guard("ana")
	if err := bo.SetAway("bo", true); err != nil {
		t.Fatalf("an agent marks themselves away: %v", err)
	}
	if err := bo.SetAway("chen", true); model.ErrorCode(err) != model.EDENIED {
		t.Fatalf("an agent marked a colleague away: %v", err)
	}
	if err := ana.SetAway("chen", true); err != nil {
		t.Fatalf("a lead marks someone away: %v", err)
	}
	if err := ana.SetAway("che", true); model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), "che is not an agent of this desk") {
		t.Fatalf("a lead marked a name off the agents file away: %v", err)
	}
	if away, _ := f.db.Away(); !slices.Equal(away, []string{"bo", "chen"}) {
		t.Fatalf("away %v", away)
	}
}

// On the team server a case goes only to an agent of the agents file: a
// typo ("zz") would make it vanish from every "My cases".
func TestGuardAssignsOnlyToAgentsOfTheDesk(t *testing.T) {
	f := newGuardFixture(t, 3)
	ana := f.guard("ana")
	_, err := ana.Act(1, 0, "", model.Assign{To: "zz"})
	if model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), "zz is not an agent of this desk") {
		t.Fatalf("assign to zz: %v (%s)", err, model.ErrorCode(err))
	}
	if c, _ := f.db.Case(1); c.Assignee != "" {
		t.Fatalf("refused assign saved: %q", c.Assignee)
	}
	if c, err := ana.Act(1, 0, "", model.Assign{To: "bo"}); err != nil || c.Assignee != "bo" {
		t.Fatalf("assign to bo: %+v %v", c.Assignee, err)
	}
	if c, err := ana.Act(1, 0, "", model.Assign{To: ""}); err != nil || c.Assignee != "" {
		t.Fatalf("unassign: %+v %v", c.Assignee, err)
	}
}
