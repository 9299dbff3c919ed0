package store

import (
	"bytes"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// Routing runs inside the write transaction that creates or changes a
// case: the turn of a round-robin team and who is away are read and
// written there, so two screens (or the server's sessions) writing at once
// are serialised by bbolt and never give out the same turn twice, and the
// order holds across restarts.

func lastTurnKey(team string) []byte { return []byte("last|" + team) }
func awayKey(agent string) []byte    { return []byte("away|" + agent) }

// openCountKey counts an agent's open cases (new, open or pending), for
// least-open assignment and max_open.
func openCountKey(agent string) string { return "open|" + agent }

// routeKeys are the keys and values routing writes per agent and team,
// made once per write instead of once per case: an import routes
// thousands of cases to a handful of agents.
type routeKeys struct {
	open      string // openCountKey
	openBytes []byte
	away      []byte // awayKey
	last      []byte // lastTurnKey (of a team)
	name      []byte // the agent's name as a value
	assigned  string // "; assigned to NAME", for the route's timeline entry
	// loaded says stored and isAway were read in this write: an import
	// asks an agent's load for every case it routes, and neither changes
	// before the write's counters are flushed (SetAway is a write of its own).
	loaded   bool
	stored   int64 // open cases in the counts bucket
	isAway   bool
	isAbsent bool
	// turn is a round-robin team's last pick, read once per write and put
	// back at flush (putTurns) instead of a get and a put per routed case.
	turn                  string
	turnLoaded, turnDirty bool
}

func (w *wtx) agentKeys(agent string) *routeKeys {
	if k, ok := w.agentKeyCache[agent]; ok {
		return k
	}
	if w.agentKeyCache == nil {
		w.agentKeyCache = map[string]*routeKeys{}
	}
	k := &routeKeys{open: openCountKey(agent), openBytes: []byte(openCountKey(agent)), away: awayKey(agent), name: []byte(agent),
		assigned: "; assigned to " + agent}
	w.agentKeyCache[agent] = k
	return k
}

func (w *wtx) teamKeys(team string) *routeKeys {
	if k, ok := w.teamKeyCache[team]; ok {
		return k
	}
	if w.teamKeyCache == nil {
		w.teamKeyCache = map[string]*routeKeys{}
	}
	k := &routeKeys{last: lastTurnKey(team)}
	w.teamKeyCache[team] = k
	return k
}

// routeNew routes a case being created, and is routing's one entry point
// for new cases: every path that creates a case calls it before writing
// the case — Import (files, the server's import) and the e-mail intake's
// openCase (mail.go) included. A case of an owned
// area, mailbox or channel joins that team; an active one without an
// assignee is given to a member by the team's rule. History that arrives
// resolved or closed joins its team (for the reports) but is assigned to
// nobody and gets no timeline entry.
func (w *wtx) routeNew(c *model.Case, author string) ([]model.Event, error) {
	to := w.routeCase(c)
	if to == "" {
		return nil, nil
	}
	ev := model.Event{Kind: model.EventRouted, To: to}
	return w.stamp(c, author, []model.Event{ev}), nil
}

// routeCase routes new case c (see routeNew) and returns its route's
// timeline text, "" when it was not routed or is history.
func (w *wtx) routeCase(c *model.Case) string {
	r := w.db.routing
	if r == nil {
		return ""
	}
	team, by, what := r.RouteBy(c)
	if team == "" {
		return ""
	}
	c.Team = team
	if !c.Status.Active() {
		return ""
	}
	who := w.handOn(c)
	// The entry's text is built once per team, rule and assignee in a
	// write: an import of thousands of cases has a handful of them.
	k := routeText{team, by, what, who}
	to, ok := w.routeTexts[k]
	if !ok {
		to = team + ": " + by + " " + what + who
		if w.routeTexts == nil {
			w.routeTexts = map[routeText]string{}
		}
		w.routeTexts[k] = to
	}
	return to
}

type routeText struct{ team, by, what, who string }

// rerouteAfter routes a case again after acts changed it: a transfer is
// checked against the teams, and a change of tags moves the case to the
// team that owns its tags now (a case whose tags no team owns stays where
// it is). When the team changed, the case is handed on as a new one.
func (w *wtx) rerouteAfter(c *model.Case, old *model.Case, evs []model.Event, author string) ([]model.Event, error) {
	r := w.db.routing
	transferred, retagged := false, false
	for _, ev := range evs {
		switch ev.Kind {
		case model.EventUndone:
			// An undo puts team, assignee and tags back as they were:
			// routing again would undo the undo.
			return nil, nil
		case model.EventRouted:
			transferred = true
		case model.EventTagAdded, model.EventTagRemoved:
			retagged = true
		}
	}
	if transferred {
		if _, ok := r.Team(c.Team); !ok {
			return nil, model.Errorf(model.EINVALID, "no team %q (%s)", c.Team, teamNames(r))
		}
	}
	var out []model.Event
	if retagged && !transferred && r != nil {
		// A retag moves the case only when it changed where the tags
		// route it, and its team owns none of them (model.RetagRoute).
		if team, rule, ok := r.RetagRoute(old, c); ok {
			out = model.SetTeam(c, team, rule)
		}
	}
	out = w.stamp(c, author, out)
	if c.Team == old.Team || !c.Status.Active() {
		return out, nil
	}
	// The route's one timeline entry says who has the case now.
	for _, evs := range [][]model.Event{out, evs} {
		for i := range evs {
			if evs[i].Kind == model.EventRouted {
				evs[i].To += w.handOn(c)
				return out, nil
			}
		}
	}
	return out, nil
}

func teamNames(r *model.Routing) string {
	if r == nil || len(r.Teams) == 0 {
		return "this desk has no teams: see caredesk config example"
	}
	var names []string
	for _, t := range r.Teams {
		names = append(names, t.Name)
	}
	return "teams: " + strings.Join(names, ", ")
}

// handOn gives an active case of a team to one of its members: an
// assignee from outside the team lets it go, and a member is picked by
// the team's rule (none: the case waits unassigned in the team's queue).
// It returns what to add to the route's timeline entry ("; assigned to
// bo (was ana's)"): one entry per route keeps an import's writes small.
// The status stays as it was: a new case is new until someone opens it.
func (w *wtx) handOn(c *model.Case) string {
	t, ok := w.db.routing.Team(c.Team)
	if !ok || (c.Assignee != "" && slices.Contains(t.Members, c.Assignee)) {
		return ""
	}
	was := ""
	if c.Assignee != "" {
		was = " (was " + c.Assignee + "'s)"
		c.Assignee = ""
	}
	tk := w.teamKeys(t.Name)
	if !tk.turnLoaded {
		tk.turn, tk.turnLoaded = string(w.get(bucketRouting, tk.last)), true
	}
	who, ok := t.Pick(tk.turn, w.agentLoad)
	if !ok {
		why := t.NobodyFree(w.agentLoad)
		switch {
		case was != "" && why != "":
			return "; unassigned" + was + ": " + why
		case was != "":
			return "; unassigned" + was
		case why != "":
			return "; " + why
		}
		return ""
	}
	ak := w.agentKeys(who)
	tk.turn, tk.turnDirty = who, true
	c.Assignee = who
	if was == "" {
		return ak.assigned
	}
	return ak.assigned + was
}

// putTurns writes the teams' last picks made in this write (flush).
func (w *wtx) putTurns() {
	for _, tk := range w.teamKeyCache {
		if tk.turnDirty {
			w.put(bucketRouting, tk.last, w.agentKeys(tk.turn).name)
			tk.turnDirty = false
		}
	}
}

// agentLoad is an agent's open cases (stored count plus this write's
// changes so far) and away state.
func (w *wtx) agentLoad(agent string) model.AgentLoad {
	k := w.agentKeys(agent)
	if !k.loaded {
		k.stored = int64(getU64(w.get(bucketCounts, k.openBytes)))
		k.isAway = w.get(bucketRouting, k.away) != nil
		k.isAbsent = w.db.canAct != nil && !w.db.canAct(agent)
		k.loaded = true
	}
	return model.AgentLoad{Open: int(k.stored + w.counts[k.open]), Away: k.isAway, Absent: k.isAbsent}
}

func (w *wtx) stamp(c *model.Case, author string, evs []model.Event) []model.Event {
	for i := range evs {
		evs[i].CaseID, evs[i].At, evs[i].Author = c.ID, w.now, author
	}
	return evs
}

// Routing is the desk's teams, nil without any.
func (db *DB) Routing() *model.Routing { return db.routing }

// RouteOnlyTo limits routing to the agents canAct accepts: on the team
// server a team member missing from the agents file can never log in to
// act, so routing must not give them cases. Call it before the first
// write (the server does, in New); nil lifts the limit.
func (db *DB) RouteOnlyTo(canAct func(agent string) bool) { db.canAct = canAct }

// SetAway marks agent away (no new cases) or back.
func (db *DB) SetAway(agent string, away bool) error {
	agent = strings.TrimSpace(agent)
	if agent == "" {
		return model.Errorf(model.EINVALID, "away needs an agent name")
	}
	return db.update(agent, func(w *wtx) error {
		if away {
			w.put(bucketRouting, awayKey(agent), []byte{1})
		} else {
			w.del(bucketRouting, awayKey(agent))
		}
		w.teamsChanged = true
		return nil
	})
}

// Away lists the agents who are away, sorted.
func (db *DB) Away() (agents []string, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketRouting).Cursor()
		prefix := []byte("away|")
		for k, _ := c.Seek(prefix); k != nil && strings.HasPrefix(string(k), "away|"); k, _ = c.Next() {
			agents = append(agents, string(k[len(prefix):]))
		}
		return nil
	})
	return agents, err
}

// OpenCounts is how many open cases each agent has, from the counters.
func (db *DB) OpenCounts() (map[string]int, error) {
	out := map[string]int{}
	err := db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketCounts).Cursor()
		for k, v := c.Seek([]byte("open|")); k != nil && strings.HasPrefix(string(k), "open|"); k, v = c.Next() {
			out[string(k[len("open|"):])] = int(getU64(v))
		}
		return nil
	})
	return out, err
}

// requeueForTeams recomputes idx_queue's due times when the teams' SLA
// policies differ from the ones they were computed with (the config
// changed): once per change, not per open.
func (db *DB) requeueForTeams() error {
	want := []byte(db.sla.TeamsFingerprint())
	var have []byte
	db.view(func(tx *bolt.Tx) error {
		have = slices.Clone(tx.Bucket(bucketMeta).Get(metaTeamSLA))
		return nil
	})
	if string(have) == string(want) {
		return nil
	}
	return db.bolt.Update(func(tx *bolt.Tx) error {
		var keys [][]byte
		err := tx.Bucket(bucketCases).ForEach(func(k, v []byte) error {
			c, err := decodeCase(v)
			if err != nil {
				return db.corrupt("case", k, err)
			}
			keys = append(keys, queueKey(c.Status, c.Priority, caseDue(&c, db.sla), c.ID))
			return nil
		})
		if err != nil {
			return err
		}
		if err := tx.DeleteBucket(bucketQueue); err != nil {
			return err
		}
		b, err := tx.CreateBucket(bucketQueue)
		if err != nil {
			return err
		}
		b.FillPercent = 1.0
		slices.SortFunc(keys, bytes.Compare)
		for _, k := range keys {
			if err := b.Put(k, empty); err != nil {
				return err
			}
		}
		return putTeamSLA(tx, db.sla)
	})
}

// putTeamSLA records the teams' SLA policies idx_queue is timed under.
func putTeamSLA(tx *bolt.Tx, sla model.SLAPolicy) error {
	if want := sla.TeamsFingerprint(); want != "" {
		return tx.Bucket(bucketMeta).Put(metaTeamSLA, []byte(want))
	}
	return tx.Bucket(bucketMeta).Delete(metaTeamSLA)
}
