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
	model.CaseReader                   // the shared store's reads
	store            model.CaseService // the shared store, for the writes below

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

// actRetries bounds how often a write without a version (the queue's bulk
// actions) is retried when the case changed between the check and the
// write.
const actRetries = 3

// appendRetries bounds the retries of a note or a reply, which busy cases
// (several agents noting one case at once) overtake more often.
const appendRetries = 20

func (g *guard) currentRole() (model.Role, error) {
	r, ok := g.role()
	if !ok {
		return model.RoleNone, model.Errorf(model.EDENIED, "%s is no longer on this desk's agents list: nothing was saved", g.agent)
	}
	return r, nil
}

// ReadOnly is false: refusals come per write, with a reason.
func (g *guard) ReadOnly() bool { return false }

// Act checks every action against the case as it is now and writes at
// exactly the version it checked, so the check cannot be overtaken by
// another agent's write. A caller's version other than the current one is
// the store's ECONFLICT ("changed since you opened it, by bo"), checked
// before the role, so a lost race reads as a conflict and the screen
// reloads instead of reporting a rule about a state the agent never saw.
// The write then goes to the store at the version checked, so a write that
// lands in between makes it fail rather than slip past the check.
// author is ignored: the session's agent is the author of every change.
func (g *guard) Act(id model.CaseID, version uint64, _ string, acts ...model.Action) (model.Case, error) {
	if err := g.gate.enter(); err != nil {
		return model.Case{}, err
	}
	defer g.gate.exit()
	role, err := g.currentRole()
	if err != nil {
		return model.Case{}, err
	}
	// A note or a reply conflicts with nothing: it is checked and written
	// on the case as it is now, like a write at version 0, and retried
	// as long as other writes overtake it (each retry means another save
	// landed, so the desk makes progress).
	// A version ahead of the case was never opened: still a conflict.
	appendOnly, retries := model.AppendOnly(acts...), actRetries
	if appendOnly {
		retries = appendRetries
	}
	for attempt := 0; ; attempt++ {
		c, err := g.store.Case(id)
		if err != nil {
			return model.Case{}, err
		}
		if version != 0 && c.Version != version && !(appendOnly && version < c.Version) {
			return model.Case{}, g.conflict(id)
		}
		if err := g.authorize(role, c, acts); err != nil {
			return model.Case{}, err
		}
		out, err := g.store.Act(id, c.Version, g.agent, acts...)
		if err != nil && (version == 0 || appendOnly) && attempt < retries && model.ErrorCode(err) == model.ECONFLICT {
			if now, cerr := g.store.Case(id); cerr == nil && now.Version != c.Version {
				continue // someone wrote in between: check the new state
			}
		}
		return out, err
	}
}

// conflict is the store's ECONFLICT, built here: handing a stale version
// on to the store would let a write through unchecked if the case reached
// that version in between.
func (g *guard) conflict(id model.CaseID) error {
	by := "someone else"
	if evs, err := g.store.Events(id); err == nil && len(evs) > 0 && evs[len(evs)-1].Author != "" {
		by = evs[len(evs)-1].Author
	}
	return model.Errorf(model.ECONFLICT, "case %d changed since you opened it (by %s): reloaded", id, by)
}

// authorize checks acts in order, each against the case as the earlier
// ones leave it ("claim, then set pending" on a free case is allowed).
func (g *guard) authorize(role model.Role, c model.Case, acts []model.Action) error {
	work := c.Clone()
	for _, a := range acts {
		if as, ok := a.(model.Assign); ok && as.To != "" && g.isAgent != nil && !g.isAgent(as.To) {
			return model.Errorf(model.EINVALID, "%s is not an agent of this desk (not in the agents file): nothing was saved", as.To)
		}
		if err := model.Authorize(role, g.agent, work, a); err != nil {
			return err
		}
		if _, err := model.Apply(&work, g.agent, g.now(), a); err != nil {
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
	return g.authorize(role, c, acts)
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

var _ model.SessionImporter = (*guard)(nil)

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

// SaveReply and DeleteReply change the team's canned replies; every agent
// may, as in a local app.
func (g *guard) SaveReply(r model.Reply) (model.Reply, error) {
	if _, err := g.currentRole(); err != nil {
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
	if _, err := g.currentRole(); err != nil {
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
