package server

import (
	"bufio"
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/text/unicode/norm"

	"github.com/caredesk/caredesk/model"
)

// Agent is one line of the agents file: who may connect, as what, with
// which key.
type Agent struct {
	Name string
	Role model.Role
	Key  gossh.PublicKey
}

// AgentsProblem is a line of the agents file that is left out, and why.
type AgentsProblem struct {
	Line int
	Msg  string
}

func (p AgentsProblem) String() string { return fmt.Sprintf("line %d: %s", p.Line, p.Msg) }

// ParseAgents reads an agents file: one agent per line, NAME ROLE
// PUBLIC-KEY, the key as in authorized_keys ("ssh-ed25519 AAAA… comment");
// '#' starts a comment line; blank lines are skipped. An agent may have
// several lines (one per key) with the same role. A key is one agent's:
// on a later line, under whatever name, it is a problem, or whoever holds
// it could log in as each name it is on. Bad lines are returned as
// problems and left out; the good ones still count, so one typo does not
// lock the whole team out.
func ParseAgents(data []byte) (agents []Agent, problems []AgentsProblem) {
	type first struct {
		line int
		name string
		role model.Role
	}
	names := map[string]first{}
	keys := map[string]first{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	n := 1
	for ; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		a, err := parseAgentLine(line)
		if err == nil {
			if f, ok := names[a.Name]; ok && f.role != a.Role {
				err = fmt.Errorf("%s is %s on line %d", a.Name, f.role, f.line)
			} else if f, ok := keys[string(a.Key.Marshal())]; ok && f.name != a.Name {
				err = fmt.Errorf("%s: the public key is %s's, on line %d: one key is one agent's, or its holder could log in as both", a.Name, f.name, f.line)
			} else if ok {
				err = fmt.Errorf("%s: the public key is on line %d already", a.Name, f.line)
			}
		}
		if err != nil {
			problems = append(problems, AgentsProblem{n, err.Error()})
			continue
		}
		if _, ok := names[a.Name]; !ok {
			names[a.Name] = first{n, a.Name, a.Role}
		}
		keys[string(a.Key.Marshal())] = first{n, a.Name, a.Role}
		agents = append(agents, a)
	}
	if err := sc.Err(); err != nil {
		problems = append(problems, AgentsProblem{n, err.Error()})
	}
	return agents, problems
}

func parseAgentLine(line string) (Agent, error) {
	name, rest, _ := strings.Cut(line, " ")
	rest = strings.TrimSpace(rest)
	roleText, keyText, _ := strings.Cut(rest, " ")
	keyText = strings.TrimSpace(keyText)
	// It is written on every change and typed as the SSH user: no spaces,
	// nothing a terminal would interpret, no look-alike of another name.
	n, ok := model.AgentName(name)
	if !ok {
		return Agent{}, fmt.Errorf("%q is not an agent name (%s)", name, model.AgentNameRule)
	}
	name = n
	role, err := model.ParseRole(roleText)
	if err != nil {
		return Agent{}, fmt.Errorf("%s: %s", name, model.ErrorMessage(err))
	}
	if keyText == "" {
		return Agent{}, fmt.Errorf("%s: no public key (NAME ROLE ssh-ed25519 AAAA…)", name)
	}
	key, _, options, _, err := gossh.ParseAuthorizedKey([]byte(keyText))
	if err != nil {
		return Agent{}, fmt.Errorf("%s: the public key cannot be read: %v", name, err)
	}
	if len(options) > 0 {
		// from="…", no-pty and the like would be silently ignored: refuse
		// them rather than pretend to honour them.
		return Agent{}, fmt.Errorf("%s: authorized_keys options (%s) are not supported", name, strings.Join(options, ","))
	}
	return Agent{Name: name, Role: role, Key: key}, nil
}

// agentsFile is the agents file, re-read when it changes. Each
// authentication (and each write, to see a removed agent or a changed
// role) stats the file and re-reads it when its size, modification time or
// inode differ. A stat is a microsecond, needs no watcher goroutine and,
// unlike fsnotify, sees an editor's save-by-rename and files on network
// mounts alike; fsnotify would only buy instant reloads for nobody to use.
type agentsFile struct {
	path string
	log  *slog.Logger
	// teams are the desk's teams (nil: none): each load names the
	// members missing from the file, whom routing skips.
	teams *model.Routing

	mu     sync.Mutex
	stat   os.FileInfo
	agents []Agent
	// current is stat and agents as last read, for fresh to read
	// without the lock.
	current atomic.Pointer[agentList]
	// missingSince is when the file went missing or unreadable (zero:
	// it is there). Logins are refused at once; open screens are ended
	// only once it has stayed away for missingGrace.
	missingSince time.Time
	// reloaded holds a value after the list changed: the server ends a
	// removed agent's screens at once, rather than at its next check,
	// when an authentication or a write read the new file first.
	reloaded chan struct{}
}

// changed tells the server the list may have lost someone.
func (f *agentsFile) changed() {
	select {
	case f.reloaded <- struct{}{}:
	default: // already told
	}
}

func loadAgentsFile(path string, log *slog.Logger, teams *model.Routing) (*agentsFile, error) {
	f := &agentsFile{path: path, log: log, teams: teams, reloaded: make(chan struct{}, 1)}
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("no agents file at %s: create it with one line per agent, NAME ROLE PUBLIC-KEY, e.g.\n  ana lead ssh-ed25519 AAAAC3Nza… ana@laptop", path)
	}
	if st.Mode().Perm()&0o022 != 0 {
		return nil, fmt.Errorf("agents file %s is writable by others (mode %04o): whoever can write it can make themselves a lead; chmod 644 it", path, st.Mode().Perm())
	}
	f.mu.Lock()
	f.refreshLocked(os.Stat(path))
	n := len(f.agents)
	f.mu.Unlock()
	if n == 0 {
		log.Warn("the agents file lists no agent yet: nobody can connect until a line is added", "file", path)
	}
	return f, nil
}

// missingGrace is how long the agents file may be missing or unreadable
// before the open screens go with it: editors and sync tools that save by
// moving the old file away first leave a gap of a moment, and a lead who
// removes the file to lock everyone out still does within seconds.
const missingGrace = 5 * time.Second

// fresh returns the agents, re-reading the file first when it changed.
// Every save of every screen asks (guard.currentRole), and they queued on
// the lock for each other's stat (a sixth of a team server's lock wait):
// the stat is made first, and while the file is as the list last read
// says, the list is read without the lock. A stat older than the list
// held only costs a needless re-read: the list is never older than the
// stat it is kept with, so no change is missed.
func (f *agentsFile) fresh() []Agent {
	st, err := os.Stat(f.path)
	if l := f.current.Load(); err == nil && l != nil && unchanged(st, l.stat) {
		return l.agents
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.refreshLocked(st, err)
	return f.agents
}

// agentList is a list read from the file with the stat it was read at.
type agentList struct {
	stat   os.FileInfo
	agents []Agent
}

// unchanged says whether st is the file that old was taken of, as it was.
func unchanged(st, old os.FileInfo) bool {
	return old != nil && os.SameFile(st, old) && st.Size() == old.Size() && st.ModTime().Equal(old.ModTime()) && st.Mode() == old.Mode()
}

// refreshLocked re-reads the file when st, the result of a stat of it,
// says it changed. A missing or unreadable file means no agents: removing
// the file locks everyone out rather than keeping the last list alive.
func (f *agentsFile) refreshLocked(st os.FileInfo, err error) {
	defer func() { f.current.Store(&agentList{f.stat, f.agents}) }()
	if err != nil {
		f.goneLocked(err)
		return
	}
	if unchanged(st, f.stat) {
		return
	}
	if st.Mode().Perm()&0o022 != 0 {
		// Whoever can write the file can make themselves a lead.
		f.log.Error("agents file is writable by others: refusing everyone until it is chmod 644 or stricter",
			"file", f.path, "mode", fmt.Sprintf("%04o", st.Mode().Perm()))
		f.stat, f.agents = st, nil
		f.changed()
		return
	}
	data, err := os.ReadFile(f.path)
	if err != nil {
		f.goneLocked(err)
		return
	}
	f.missingSince = time.Time{}
	agents, problems := ParseAgents(data)
	for _, p := range problems {
		f.log.Warn("agents file: line left out", "file", f.path, "line", p.Line, "problem", p.Msg)
	}
	f.stat, f.agents = st, agents
	f.changed()
	f.log.Info("agents file loaded", "file", f.path, "agents", len(agents))
	f.warnMissingMembersLocked()
}

// goneLocked is the file missing or unreadable: nobody gets in.
func (f *agentsFile) goneLocked(err error) {
	if f.stat != nil || f.agents != nil {
		f.log.Error("agents file unreadable: refusing everyone until it is back; open screens end if it stays away",
			"file", f.path, "grace", missingGrace, "err", err)
	}
	if f.missingSince.IsZero() {
		f.missingSince = time.Now()
	}
	f.stat, f.agents = nil, nil
	f.changed()
}

// missingFor is how long the file has been missing or unreadable (0: it
// is there).
func (f *agentsFile) missingFor() time.Duration {
	st, err := os.Stat(f.path)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.refreshLocked(st, err)
	if f.missingSince.IsZero() {
		return 0
	}
	return time.Since(f.missingSince)
}

// warnMissingMembersLocked names each team's members who are not in the
// agents file: they can never log in to act, so routing gives them no
// case (store.RouteOnlyTo) — a lead should add them or drop them from
// the team.
func (f *agentsFile) warnMissingMembersLocked() {
	if f.teams == nil {
		return
	}
	for _, t := range f.teams.Teams {
		var missing []string
		for _, m := range t.Members {
			if !f.hasLocked(m) {
				missing = append(missing, m)
			}
		}
		if len(missing) > 0 {
			f.log.Warn("team members not in the agents file: routing gives them no case until they are added",
				"file", f.path, "team", t.Name, "missing", strings.Join(missing, ", "))
		}
	}
}

func (f *agentsFile) hasLocked(name string) bool { return has(f.agents, name) }

func has(agents []Agent, name string) bool {
	for _, a := range agents {
		if a.Name == name {
			return true
		}
	}
	return false
}

// Lookup finds the agent named user with key, reading the file again if it
// changed since the last look.
func (f *agentsFile) Lookup(user string, key gossh.PublicKey) (Agent, bool) {
	if key == nil {
		return Agent{}, false
	}
	// The file's names are NFC; a terminal may send Zoë decomposed.
	user = norm.NFC.String(user)
	want := key.Marshal()
	for _, a := range f.fresh() {
		if a.Name == user && bytes.Equal(a.Key.Marshal(), want) {
			return a, true
		}
	}
	return Agent{}, false
}

// Has reports whether name is an agent of this desk: only they may be
// assigned cases.
func (f *agentsFile) Has(name string) bool { return has(f.fresh(), norm.NFC.String(name)) }

// Names are the desk's agents, each once, in the file's order: whom a
// case may be assigned to.
func (f *agentsFile) Names() []string {
	var out []string
	for _, a := range f.fresh() {
		if !slices.Contains(out, a.Name) {
			out = append(out, a.Name)
		}
	}
	return out
}
