package server

import (
	"context"
	"io"
	"sync"
	"time"

	"github.com/caredesk/caredesk/model"
)

// guard is one session's view of the shared store: reads pass through,
// writes are checked against the agent's role (model.Authorize) on the
// case as it is now, written with the session's agent as the author, and
// counted by the server's gate so that shutdown waits for them.
//
// It embeds only the reads: every other method of model.CaseService is
// written out below with its rule, so a write added to the service later
// does not compile here until its rule is decided (fail closed).
type guard struct {
	model.CaseReader              // the shared store's reads
	store            checkedStore // the shared store, for the writes below

	agent string
	// role is the agent's current role from the agents file, so a role
	// changed or an agent removed while connected takes effect at the next
	// write; ok false means the agent is no longer on the desk.
	role func() (model.Role, bool)
	// isAgent tells whether a name is on the agents file: a case assigned
	// to anyone else would vanish from every "My cases". Nil: no check.
	isAgent func(name string) bool
	gate    *gate
	now     model.Clock
}

var _ model.CaseService = (*guard)(nil)

// checkedStore is the store a team server writes to: a CaseService whose
// Act takes the caller's rule and checks it inside the write (store.DB).
type checkedStore interface {
	model.CaseService
	ActChecked(id model.CaseID, version uint64, author string, check func(model.Case) error, acts ...model.Action) (model.Case, error)
}

func (g *guard) currentRole() (model.Role, error) {
	r, ok := g.role()
	if !ok {
		return model.RoleNone, model.Errorf(model.EDENIED, "%s is no longer on this desk's agents list: nothing was saved", g.agent)
	}
	return r, nil
}

// ReadOnly is false: refusals come per write, with a reason.
func (g *guard) ReadOnly() bool { return false }

// Act checks every action against the case as the write finds it, inside
// the write (the store's ActChecked), so the check cannot be overtaken by
// another agent's write and needs no read before it. A caller's version
// other than the current one is the store's ECONFLICT ("changed since you
// opened it, by bo"), checked before the role, so a lost race reads as a
// conflict and the screen reloads instead of reporting a rule about a
// state the agent never saw. A note or a reply conflicts with nothing: it
// is checked and written on the case as it is (the store takes an append
// at any version the case has passed). author is ignored: the session's
// agent is the author of every change.
func (g *guard) Act(id model.CaseID, version uint64, _ string, acts ...model.Action) (model.Case, error) {
	if err := g.gate.enter(); err != nil {
		return model.Case{}, err
	}
	defer g.gate.exit()
	role, err := g.currentRole()
	if err != nil {
		return model.Case{}, err
	}
	// The agents file is read here, not inside the write, which every
	// other save waits for.
	known := g.assignees(acts)
	return g.store.ActChecked(id, version, g.agent, func(c model.Case) error {
		return authorize(role, g.agent, g.now, c, acts, known)
	}, acts...)
}

// assignees looks up, in the agents file, everyone acts assign a case to.
func (g *guard) assignees(acts []model.Action) map[string]bool {
	var known map[string]bool
	for _, a := range acts {
		if as, ok := a.(model.Assign); ok && as.To != "" {
			if known == nil {
				known = map[string]bool{}
			}
			known[as.To] = g.isAgent == nil || g.isAgent(as.To)
		}
	}
	return known
}

// authorize checks acts in order, each against the case as the earlier
// ones leave it ("claim, then set pending" on a free case is allowed);
// known says who is in the agents file (guard.assignees).
func authorize(role model.Role, agent string, now model.Clock, c model.Case, acts []model.Action, known map[string]bool) error {
	work := c.Clone()
	for _, a := range acts {
		if as, ok := a.(model.Assign); ok && as.To != "" && !known[as.To] {
			return model.Errorf(model.EINVALID, "%s is not an agent of this desk (not in the agents file): nothing was saved", as.To)
		}
		if err := model.Authorize(role, agent, work, a); err != nil {
			return err
		}
		if _, err := model.Apply(&work, agent, now(), a); err != nil {
			return nil // the store refuses the whole write with this error
		}
	}
	return nil
}

// MayAct answers before a write by the rules Act applies: the agent's
// current role and model.Authorize on c as given, and the agents file
// for an assignee.
func (g *guard) MayAct(c model.Case, _ string, acts ...model.Action) error {
	role, err := g.currentRole()
	if err != nil {
		return err
	}
	return authorize(role, g.agent, g.now, c, acts, g.assignees(acts))
}

// Import adds cases: a lead's job.
func (g *guard) Import(rows []model.ImportRow) (model.ImportResult, error) {
	if err := g.lead("import cases"); err != nil {
		return model.ImportResult{}, err
	}
	if err := g.gate.enter(); err != nil {
		return model.ImportResult{}, err
	}
	defer g.gate.exit()
	return g.store.Import(rows)
}

var (
	_ model.SessionImporter = (*guard)(nil)
	_ model.ImportStopper   = (*guardImport)(nil)
)

// BeginImport starts an import session on the store when it has them;
// each batch is still checked and counted as Import.
func (g *guard) BeginImport() model.ImportSession {
	s := &guardImport{g: g}
	if si, ok := g.store.(model.SessionImporter); ok {
		s.store = si.BeginImport()
	}
	return s
}

type guardImport struct {
	g     *guard
	store model.ImportSession // nil: the store imports batch by batch
}

func (s *guardImport) Import(rows []model.ImportRow) (model.ImportResult, error) {
	if s.store == nil {
		return s.g.Import(rows)
	}
	if err := s.g.lead("import cases"); err != nil {
		return model.ImportResult{}, err
	}
	if err := s.g.gate.enter(); err != nil {
		return model.ImportResult{}, err
	}
	defer s.g.gate.exit()
	return s.store.Import(rows)
}

// StopOn passes the stop on to the store's session (model.ImportStopper).
func (s *guardImport) StopOn(done <-chan struct{}) {
	if st, ok := s.store.(model.ImportStopper); ok {
		st.StopOn(done)
	}
}

func (s *guardImport) Close() {
	if s.store != nil {
		s.store.Close()
	}
}

// RenameTag renames or merges a tag on every case: taxonomy care, a lead's.
func (g *guard) RenameTag(from, to, _ string) (int, error) {
	if err := g.lead("rename or merge tags"); err != nil {
		return 0, err
	}
	if err := g.gate.enter(); err != nil {
		return 0, err
	}
	defer g.gate.exit()
	return g.store.RenameTag(from, to, g.agent)
}

// RenameArea renames or merges a whole area: taxonomy care, a lead's.
func (g *guard) RenameArea(from, to, _ string) (int, int, error) {
	if err := g.lead("rename or move tag areas"); err != nil {
		return 0, 0, err
	}
	if err := g.gate.enter(); err != nil {
		return 0, 0, err
	}
	defer g.gate.exit()
	return g.store.RenameArea(from, to, g.agent)
}

// SetTagLabel names a tag readably: taxonomy care, a lead's.
func (g *guard) SetTagLabel(tag, label, _ string) error {
	if err := g.lead("label tags"); err != nil {
		return err
	}
	if err := g.gate.enter(); err != nil {
		return err
	}
	defer g.gate.exit()
	return g.store.SetTagLabel(tag, label, g.agent)
}

// RetireTag retires or restores a tag: taxonomy care, a lead's.
func (g *guard) RetireTag(tag string, retired bool, _ string) error {
	what := "retire tags"
	if !retired {
		what = "restore retired tags"
	}
	if err := g.lead(what); err != nil {
		return err
	}
	if err := g.gate.enter(); err != nil {
		return err
	}
	defer g.gate.exit()
	return g.store.RetireTag(tag, retired, g.agent)
}

// careReplies is what a lead alone may do to the canned replies: every
// agent sends them to customers, so one agent's edit (a wrong link, a
// refund promise) or delete would reach the whole desk.
const careReplies = "create, change or delete the desk's canned replies"

// SaveReply and DeleteReply change the desk's shared canned replies: a
// lead's (agents use them).
func (g *guard) SaveReply(r model.Reply) (model.Reply, error) {
	if err := g.lead(careReplies); err != nil {
		return model.Reply{}, err
	}
	if err := g.gate.enter(); err != nil {
		return model.Reply{}, err
	}
	defer g.gate.exit()
	return g.store.SaveReply(r)
}

// SetAway: an agent says only for themselves that they are away or back;
// a lead may say it for anyone (someone who went home without :away).
func (g *guard) SetAway(agent string, away bool) error {
	role, err := g.currentRole()
	if err != nil {
		return err
	}
	if agent != g.agent && role != model.RoleLead {
		return model.Errorf(model.EDENIED, "only a lead can mark %s away or back", orName(agent))
	}
	if agent != g.agent && g.isAgent != nil && !g.isAgent(agent) {
		// A typo would mark nobody away and say it had.
		return model.Errorf(model.EINVALID, "%s is not an agent of this desk (not in the agents file): nobody was marked", agent)
	}
	if err := g.gate.enter(); err != nil {
		return err
	}
	defer g.gate.exit()
	return g.store.SetAway(agent, away)
}

func orName(s string) string {
	if s == "" {
		return "another agent"
	}
	return s
}

func (g *guard) DeleteReply(id uint64) error {
	if err := g.lead(careReplies); err != nil {
		return err
	}
	if err := g.gate.enter(); err != nil {
		return err
	}
	defer g.gate.exit()
	return g.store.DeleteReply(id)
}

// Backup copies the whole database, customers and all: a lead's.
func (g *guard) Backup(w io.Writer) (int64, error) {
	if err := g.lead("take a backup"); err != nil {
		return 0, err
	}
	if err := g.gate.enter(); err != nil {
		return 0, err
	}
	defer g.gate.exit()
	return g.store.Backup(w)
}

// Subscribe passes the store's change notices on: every agent on the desk
// sees the same queue. An agent no longer on the desk gets none (a closed
// channel).
func (g *guard) Subscribe() (<-chan model.Change, func()) {
	if _, err := g.currentRole(); err != nil {
		ch := make(chan model.Change)
		close(ch)
		return ch, func() {}
	}
	return g.store.Subscribe()
}

func (g *guard) lead(what string) error {
	role, err := g.currentRole()
	if err != nil {
		return err
	}
	return model.RequireLead(role, what)
}

// errShuttingDown refuses a write that arrives once shutdown has begun:
// it is not saved, and the agent is told so.
var errShuttingDown = model.Errorf(model.ELOCKED, "the server is shutting down: this change was not saved")

// gate counts the writes in flight so that shutdown can stop new ones and
// wait for the rest before the database is closed.
type gate struct {
	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

func (g *gate) enter() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return errShuttingDown
	}
	g.wg.Add(1) // under mu, so never concurrent with close's Wait at zero
	return nil
}

func (g *gate) exit() { g.wg.Done() }

// close refuses new writes and waits for those in flight, or for ctx.
func (g *gate) close(ctx context.Context) error {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
	return waitCtx(ctx, &g.wg)
}

func (g *gate) isClosed() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.closed
}

// clock defaults a nil clock to time.Now.
func clock(c model.Clock) model.Clock {
	if c == nil {
		return time.Now
	}
	return c
}
