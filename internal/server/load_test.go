package server

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// TestLoad50Sessions puts a team's worth of agents on one server. Each
// session claims, tags, notes and changes the status of random cases of
// its own (so that a refusal or conflict would be a bug, not a lost race),
// and afterwards every acknowledged change must be in the store and the
// counters must equal a recount (store.Check).
//
// Keystrokes through 50 real terminals measure the terminals' rendering as
// much as the server, so the test has three stages:
//
//   - paced, in process: one guard per session making the calls a screen
//     makes for a save (Act at the version shown, then the reads that show
//     the result), each session one save every 500 ms on average (Poisson):
//     a team far busier than a real one. p99 from key to acknowledged
//     write must stay under 100 ms.
//   - saturation, in process: the same with no pause at all, to find the
//     store's ceiling; figures only (every save is a bbolt commit with its
//     fsyncs, one at a time, so here latency is queueing).
//   - real SSH screens driven by keystrokes: ":open" a case, then c
//     (claim), t … enter (tag), n … ctrl+s (note) or s 1/2 (status), each
//     key sent once the screen shows the previous one took, each save
//     timed from its last key to the acknowledgement drawn on that screen.
//     p99 under 100 ms too.
//
// Normal go test: 10 sessions for 5 s (2 s saturated), 4 screens for 3 s,
// on a 3,000-case desk, with a 2 s bound (5 s under -race) that only
// catches stalls.
// CAREDESK_LOAD=1 (run it alone, without -race): 50 sessions for 60 s
// (10 s saturated), then 50 screens for 60 s, on a 100,000-case desk, p99
// under 100 ms; CAREDESK_LOAD_SCREENS, CAREDESK_LOAD_SECONDS (screens),
// CAREDESK_LOAD_PACED_SECONDS and CAREDESK_LOAD_CASES change the sizes;
// CAREDESK_LOAD_SCREENS_CPUPROFILE=FILE profiles the screens stage,
// CAREDESK_LOAD_SATURATED_CPUPROFILE=FILE the in-process saturated one;
// CAREDESK_LOAD_SCREENS_MEMPROFILE=FILE writes the screens stage's
// allocations (FILE, and FILE.base from its start: go tool pprof
// -sample_index=alloc_space -base FILE.base FILE);
// CAREDESK_LOAD_SCREENS_BLOCKPROFILE=FILE its block and mutex profiles,
// CAREDESK_LOAD_STALL_TRACE=FILE the execution trace of the seconds
// before a step that stalled (loadstall_test.go);
// CAREDESK_LOAD_P99=DURATION sets the p99 bound (default 100 ms);
// CAREDESK_LOAD_TEAMS=1 runs it all on a desk with teams (routing, team
// SLA clocks in business hours), to compare with a run without (#15).
//
// The ledger holds a change as acknowledged only once its acknowledgement
// came back (the write's answer in process, the ack drawn on the screen);
// a save whose acknowledgement never came (a step that timed out) may or
// may not have landed, and either is accepted. Anything acknowledged and
// not in the store fails the test.
func TestLoad50Sessions(t *testing.T) {
	defer TuneGC()() // as caredesk serve runs
	// Both sizes save about 100 times a second in the paced stage.
	cfg := loadConfig{cases: 3000, sessions: 10, seconds: 5, think: 100 * time.Millisecond, satSeconds: 2, screens: 4, screenSeconds: 3}
	if os.Getenv("CAREDESK_LOAD") == "1" {
		cfg = loadConfig{cases: 100_000, sessions: 50, seconds: 60, think: 500 * time.Millisecond, satSeconds: 10, screens: 50, screenSeconds: 60}
		if n, err := strconv.Atoi(os.Getenv("CAREDESK_LOAD_CASES")); err == nil {
			cfg.cases = n
		}
		if n, err := strconv.Atoi(os.Getenv("CAREDESK_LOAD_PACED_SECONDS")); err == nil {
			cfg.seconds = n
		}
		if n, err := strconv.Atoi(os.Getenv("CAREDESK_LOAD_SCREENS")); err == nil {
			cfg.screens = n
		}
		if n, err := strconv.Atoi(os.Getenv("CAREDESK_LOAD_SECONDS")); err == nil {
			cfg.screenSeconds = n
		}
	}
	// The 100 ms bound is the load run's: a plain go test shares two cores
	// with whatever else runs (go test ./... runs packages side by side),
	// so there it only catches stalls.
	bound := 2 * time.Second
	switch {
	case raceEnabled:
		bound = 5 * time.Second
	case os.Getenv("CAREDESK_LOAD") == "1":
		bound = 100 * time.Millisecond
		// CAREDESK_LOAD_P99=30ms holds the run to issue #16's bound.
		if d, err := time.ParseDuration(os.Getenv("CAREDESK_LOAD_P99")); err == nil && d > 0 {
			bound = d
		}
	}

	var agents []testAgent
	for i := range max(cfg.sessions, cfg.screens) {
		agents = append(agents, newTestAgent(t, fmt.Sprintf("agent%02d", i), "agent"))
	}
	start := time.Now()
	// Every screen connects from 127.0.0.1 at once: the per-address limit
	// on connections not yet logged in is for strangers, not for this.
	opts := deskOpts{cases: cfg.cases, limits: Limits{PerAddress: len(agents) + 1}}
	if os.Getenv("CAREDESK_LOAD_TEAMS") == "1" {
		opts.routing = loadTeams(t, agents)
	}
	d := startDesk(t, opts, agents...)
	t.Logf("desk of %d cases ready in %s (teams: %v)", cfg.cases, time.Since(start).Round(time.Millisecond), opts.routing != nil)

	// Each stage has its own cases: the first 40%, the next 40%, the rest.
	ledger := newLedger()
	stalls, stopWatch := watchStalls(t)
	ledger.stalls = stalls
	a, b := cfg.cases*4/10, cfg.cases*8/10
	paced := runInProcess(t, d, "in process, paced", agents[:cfg.sessions], 1, a, time.Duration(cfg.seconds)*time.Second, cfg.think, ledger)
	t.Logf("%s; slowest %s", paced, paced.slowest(5))
	stopProfile := profileStage(t, "CAREDESK_LOAD_SATURATED_CPUPROFILE")
	saturated := runInProcess(t, d, "in process, saturated", agents[:cfg.sessions], a+1, b, time.Duration(cfg.satSeconds)*time.Second, 0, ledger)
	stopProfile()
	t.Logf("%s", saturated)
	screens := runScreens(t, d, agents[:cfg.screens], b+1, cfg.cases, time.Duration(cfg.screenSeconds)*time.Second, ledger)
	t.Logf("%s; slowest %s", screens, screens.slowest(8))
	stopWatch()

	lost, unsure, n := ledger.verify(t, d)
	for _, l := range lost[:min(len(lost), 5)] {
		t.Error(l)
	}
	if len(lost) > 0 {
		t.Errorf("%d of %d cases lost acknowledged changes", len(lost), n)
	}
	t.Logf("verified %d cases against the acknowledged changes; %d saves never acknowledged (may or may not have landed)", n, unsure)
	mustCheck(t, d.db)

	for _, st := range []*loadStats{paced, saturated, screens} {
		if st.errors.Load() > 0 {
			t.Errorf("%s: %d errors, first: %s", st.name, st.errors.Load(), st.firstErr())
		}
		if st.ops() == 0 {
			t.Errorf("%s: no operation completed", st.name)
			continue
		}
		if p99 := st.quantile(0.99); st != saturated && p99 > bound {
			t.Errorf("%s: p99 %s from key to acknowledged write, want < %s", st.name, p99, bound)
		}
	}
}

type loadConfig struct {
	cases, sessions, seconds, satSeconds, screens, screenSeconds int
	think                                                        time.Duration
}

// loadStats are one stage's figures.
type loadStats struct {
	name     string
	sessions int
	took     time.Duration
	mu       sync.Mutex
	lat      []time.Duration
	byOp     map[string]int
	errors   atomic.Int64
	errFirst string
	// the store's write transactions in the stage, and the saves they
	// carried (group commit: concurrent saves share one)
	commits, saves uint64
}

// countCommits notes the store's commits since c0.
func (s *loadStats) countCommits(d *desk, c0 store.CommitCounts) {
	c := d.db.CommitCounts()
	s.commits, s.saves = c.Commits-c0.Commits, c.Saves-c0.Saves
}

func newStats(name string, sessions int) *loadStats {
	return &loadStats{name: name, sessions: sessions, byOp: map[string]int{}}
}

func (s *loadStats) add(op string, d time.Duration) {
	s.mu.Lock()
	s.lat = append(s.lat, d)
	s.byOp[op]++
	s.mu.Unlock()
}

func (s *loadStats) fail(format string, args ...any) {
	if s.errors.Add(1) == 1 {
		s.mu.Lock()
		s.errFirst = fmt.Sprintf(format, args...)
		s.mu.Unlock()
	}
}

func (s *loadStats) firstErr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.errFirst
}

func (s *loadStats) ops() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.lat)
}

func (s *loadStats) quantile(q float64) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.lat) == 0 {
		return 0
	}
	l := slices.Clone(s.lat)
	slices.Sort(l)
	return l[min(int(q*float64(len(l))), len(l)-1)]
}

func (s *loadStats) String() string {
	s.mu.Lock()
	n := len(s.lat)
	ops := fmt.Sprint(s.byOp)
	s.mu.Unlock()
	return fmt.Sprintf("%d sessions, %s, %d ops (%.0f/s) %s, %d errors, p50 %s, p95 %s, p99 %s, max %s; %d commits for %d saves (%.2f a save)",
		s.sessions, s.took.Round(time.Millisecond), n, float64(n)/s.took.Seconds(), ops, s.errors.Load(),
		s.quantile(0.5).Round(10*time.Microsecond), s.quantile(0.95).Round(10*time.Microsecond),
		s.quantile(0.99).Round(10*time.Microsecond), s.quantile(1).Round(10*time.Microsecond),
		s.commits, s.saves, float64(s.commits)/float64(max(s.saves, 1)))
}

// ledger is every acknowledged change, per case, to compare with the store.
type ledger struct {
	mu    sync.Mutex
	cases map[model.CaseID]*expect
	// stalls notes the steps that took seconds (loadstall_test.go; may
	// be nil): the ledger goes wherever a step is taken.
	stalls *stallWatch
}

// expect is what the store must show for a case. Each case is worked by
// one session at a time, so only the verification locks.
type expect struct {
	assignee string       // the claim acknowledged
	status   model.Status // the latest status acknowledged
	tags     []string
	notes    []string
	// Saves whose acknowledgement never came: they may have landed
	// (found in the store is fine, and so is not found).
	unsureAssignee string
	unsureStatus   []model.Status
	unsure         int
}

func newLedger() *ledger { return &ledger{cases: map[model.CaseID]*expect{}} }

func (l *ledger) at(id model.CaseID) *expect {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := l.cases[id]
	if e == nil {
		e = &expect{}
		l.cases[id] = e
	}
	return e
}

// saved records an acknowledged save of act by agent (out: the case as
// the write left it, for a claim).
func (e *expect) saved(agent string, act model.Action) {
	switch a := act.(type) {
	case model.Claim:
		e.assignee, e.status = agent, model.StatusOpen
	case model.AddTag:
		e.tags = append(e.tags, a.Tag)
	case model.AddNote:
		e.notes = append(e.notes, a.Text)
	case model.SetStatus:
		e.status = a.To
	}
}

// maybe records a save whose acknowledgement never came.
func (e *expect) maybe(agent string, act model.Action) {
	e.unsure++
	switch a := act.(type) {
	case model.Claim:
		e.unsureAssignee = agent
		e.unsureStatus = append(e.unsureStatus, model.StatusOpen)
	case model.SetStatus:
		e.unsureStatus = append(e.unsureStatus, a.To)
	}
}

// verify compares every case of the ledger with the store: it returns a
// line for each case that lost an acknowledged change, the number of
// saves never acknowledged, and the cases checked.
func (l *ledger) verify(t *testing.T, d *desk) (lost []string, unsure, n int) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	for id, e := range l.cases {
		unsure += e.unsure
		c, err := d.db.Case(id)
		if err != nil {
			t.Fatal(err)
		}
		evs, err := d.db.Events(id)
		if err != nil {
			t.Fatal(err)
		}
		notes := map[string]bool{}
		for _, ev := range evs {
			if ev.Kind == model.EventNote {
				notes[ev.To] = true
			}
		}
		var bad []string
		switch {
		case e.assignee != "" && c.Assignee != e.assignee:
			bad = append(bad, fmt.Sprintf("claimed by %s", e.assignee))
		case e.assignee == "" && c.Assignee != "" && c.Assignee != e.unsureAssignee:
			bad = append(bad, "claimed by nobody")
		}
		if e.status != model.StatusUnset && c.Status != e.status && !slices.Contains(e.unsureStatus, c.Status) {
			bad = append(bad, fmt.Sprintf("status %s", e.status))
		}
		for _, tg := range e.tags {
			if !c.HasTag(tg) {
				bad = append(bad, "tag "+tg)
			}
		}
		for _, nt := range e.notes {
			if !notes[nt] {
				bad = append(bad, fmt.Sprintf("note %q", nt))
			}
		}
		if len(bad) > 0 {
			lost = append(lost, fmt.Sprintf("case %d: acknowledged %s; the store has assignee %q, status %s, tags %v",
				id, strings.Join(bad, ", "), c.Assignee, c.Status, c.Tags))
		}
	}
	slices.Sort(lost)
	return lost, unsure, len(l.cases)
}

// casesPerSession is how many cases each session works on: few enough
// that it claims each once and then works them, spread over the desk.
const casesPerSession = 16

// share picks session i's cases among [first, last], spread over the
// range, none shared with another session.
func share(r *rand.Rand, i, n, first, last int) []int {
	var all []int
	for id := first + i; id <= last; id += n {
		all = append(all, id)
	}
	r.Shuffle(len(all), func(a, b int) { all[a], all[b] = all[b], all[a] })
	return all[:min(casesPerSession, len(all))]
}

// runInProcess drives one guard per session, as the screens' commands do;
// think is the mean pause between saves (0: none).
func runInProcess(t *testing.T, d *desk, name string, agents []testAgent, first, last int, dur, think time.Duration, l *ledger) *loadStats {
	st := newStats(name, len(agents))
	var wg sync.WaitGroup
	c0 := d.db.CommitCounts()
	begin := time.Now()
	end := begin.Add(dur)
	for i, a := range agents {
		r := rand.New(rand.NewPCG(uint64(i), uint64(first)))
		ids := share(r, i, len(agents), first, last)
		g := d.srv.newGuard(Agent{Name: a.name, Role: model.RoleAgent, Key: a.signer.PublicKey()})
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				if think > 0 {
					time.Sleep(time.Duration(r.ExpFloat64() * float64(think)))
				}
				if !time.Now().Before(end) {
					return
				}
				id := model.CaseID(ids[r.IntN(len(ids))])
				c, err := g.Case(id) // on the agent's screen already
				if err != nil {
					st.fail("read %d: %v", id, err)
					continue
				}
				var op string
				var act model.Action
				e := l.at(id)
				switch k := r.IntN(3); {
				case c.Assignee == "":
					op, act = "claim", model.Claim{}
				case k == 0:
					op, act = "tag", model.AddTag{Tag: fmt.Sprintf("load/%s-%d-%d", a.name, first, n)}
				case k == 1:
					op, act = "note", model.AddNote{Text: fmt.Sprintf("%s note %d-%d", a.name, first, n)}
				case c.Status == model.StatusPending:
					op, act = "status", model.SetStatus{To: model.StatusOpen}
				default:
					op, act = "status", model.SetStatus{To: model.StatusPending}
				}
				t0 := time.Now()
				out, err := g.Act(id, c.Version, "", act)
				if err == nil {
					// The write's answer is its acknowledgement, whatever
					// the reads after it say.
					e.saved(a.name, act)
					if _, ok := act.(model.Claim); ok {
						e.assignee, e.status = out.Assignee, out.Status
					}
					// what the screen reads to show the saved case
					if _, err = g.Events(id); err == nil && out.CustomerID != 0 {
						_, err = g.CustomerCases(out.CustomerID)
					}
				}
				lat := time.Since(t0)
				l.stalls.observe(a.name, op, t0)
				if err != nil {
					st.fail("%s %s on %d: %v", a.name, op, id, err)
					continue
				}
				st.add(op, lat)
			}
		}()
	}
	wg.Wait()
	st.took = time.Since(begin)
	st.countCommits(d, c0)
	return st
}

// runScreens drives real SSH screens with keystrokes.
func runScreens(t *testing.T, d *desk, agents []testAgent, first, last int, dur time.Duration, l *ledger) *loadStats {
	st := newStats("ssh screens, keystrokes", len(agents))
	// The keys that save nothing, timed from key to the screen showing
	// it: the screens' own side of an acknowledgement's wait (Update, View,
	// the frame and the SSH round trip), without the store's.
	echo := newStats("ssh screens, keys that save nothing", len(agents))
	heapBefore := heapNow()
	screens := make([]*screen, len(agents))
	var wg sync.WaitGroup
	opened := time.Now()
	for i, a := range agents {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sc, err := d.tryOpen(a, 120, 34)
			if err == nil {
				err = sc.await(0, "All ", waitLong)
			}
			if err != nil {
				st.fail("open %s: %v", a.name, err)
				return
			}
			screens[i] = sc
		}()
	}
	wg.Wait()
	heap := heapNow()
	t.Logf("%d screens open in %s; heap %s, %s a screen", len(agents), time.Since(opened).Round(time.Millisecond),
		mb(heap), mb((heap-heapBefore)/uint64(max(len(agents), 1))))
	defer profileStage(t, "CAREDESK_LOAD_SCREENS_CPUPROFILE")()
	defer blockProfileStage(t, "CAREDESK_LOAD_SCREENS_BLOCKPROFILE")()
	defer memProfileStage(t, "CAREDESK_LOAD_SCREENS_MEMPROFILE")()
	cpuBefore := processCPU()
	gcBefore := gcCount()
	allocBefore, objectsBefore := allocated()
	fo := &d.srv.fanout
	frames0, updates0, views0, kept0 := fo.frames.Load(), fo.updates.Load(), fo.views.Load(), fo.kept.Load()
	written0, bytes0, resyncs0 := fo.written.written.Load(), fo.written.bytes.Load(), fo.resyncs.Load()
	c0 := d.db.CommitCounts()
	recomputes0 := d.srv.index.Recomputes()
	begin := time.Now()
	end := begin.Add(dur)
	for i, sc := range screens {
		if sc == nil {
			continue
		}
		r := rand.New(rand.NewPCG(uint64(i), 11))
		ids := share(r, i, len(agents), first, last)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; time.Now().Before(end) && st.errors.Load() == 0; n++ {
				id := ids[r.IntN(len(ids))]
				if err := screenCycle(sc, d, id, n, st, echo, l); err != nil {
					st.fail("%s on case %d: %v", sc.name, id, err)
					return
				}
				time.Sleep(time.Duration(r.ExpFloat64() * float64(200*time.Millisecond)))
			}
		}()
	}
	wg.Wait()
	st.took = time.Since(begin)
	st.countCommits(d, c0)
	t.Logf("screens: %d keys that save nothing, key to echo p50 %s, p95 %s, p99 %s, max %s", echo.ops(),
		echo.quantile(0.5).Round(10*time.Microsecond), echo.quantile(0.95).Round(10*time.Microsecond),
		echo.quantile(0.99).Round(10*time.Microsecond), echo.quantile(1).Round(10*time.Microsecond))
	// What a save costs the server's CPU per open screen (the screens
	// redraw and re-sort on every change notice): the number that decides
	// how many screens a desk of this size can take.
	if n := st.ops(); n > 0 {
		cpu := processCPU() - cpuBefore
		t.Logf("screens: %.1f s of CPU in %s, %.2f ms per save per open screen",
			cpu, st.took.Round(time.Millisecond), cpu*1000/float64(n)/float64(len(agents)))
		// What each screen did for the others' saves (pacing.go): counts,
		// which do not depend on how busy the machine is.
		per := float64(len(agents)) * st.took.Seconds()
		t.Logf("screens: per screen a second %.1f notice frames, %.1f updates, %.1f views (%.1f the frame before, not written); a notice frame costs %s, the frame for others' changes is %s",
			float64(fo.frames.Load()-frames0)/per, float64(fo.updates.Load()-updates0)/per, float64(fo.views.Load()-views0)/per, float64(fo.kept.Load()-kept0)/per,
			time.Duration(fo.cost.Load()).Round(time.Microsecond), fo.frame().Round(time.Millisecond))
		gc, limit := gcSettings()
		t.Logf("screens: %d collections (%.1f a second), the heap's goal at the end %s (GOGC %d, limit %s)", gcCount()-gcBefore,
			float64(gcCount()-gcBefore)/st.took.Seconds(), mb(heapGoal()), gc, mb(uint64(limit)))
		// Allocation is CPU twice (mallocgc, then the collector's marking):
		// bytes and objects a save, which do not depend on load.
		alloc, objects := allocated()
		t.Logf("screens: allocated %s (%.0f MB/s), %.0f KB and %.0f objects a save",
			mb(alloc-allocBefore), float64(alloc-allocBefore)/(1<<20)/st.took.Seconds(),
			float64(alloc-allocBefore)/1024/float64(n), float64(objects-objectsBefore)/float64(n))
		written := fo.written.written.Load() - written0
		t.Logf("screens: per screen a second %.1f frames written to the terminal, %.0f bytes a frame; %d resyncs (every screen reloads)",
			float64(written)/per, float64(fo.written.bytes.Load()-bytes0)/float64(max(written, 1)), fo.resyncs.Load()-resyncs0)
		// A queue's recompute sorts, filters and counts every case (tens
		// of milliseconds at 100k): the screens show cases, not the
		// queue, so each one is work nobody sees.
		rc := d.srv.index.Recomputes() - recomputes0
		t.Logf("screens: %d queue recomputes (%.2f a screen)", rc, float64(rc)/float64(len(agents)))
	}
	// Hang up, so that the verification runs on a quiet server.
	for _, sc := range screens {
		if sc != nil {
			sc.close()
		}
	}
	return st
}

// screenCycle opens case id on sc and does what is due on it: claim it if
// free, else one of tag, note or status, each timed from its last key to
// its acknowledgement on screen (st); keys that read and save nothing are
// timed to their echo (echo).
func screenCycle(sc *screen, d *desk, id, n int, st, echo *loadStats, l *ledger) error {
	step := func(keys, want string) (time.Duration, error) {
		t0 := time.Now()
		lat, err := sc.step(keys, want)
		l.stalls.observe(sc.name, keys, t0)
		return lat, err
	}
	echoed := func(op, keys, want string) error {
		lat, err := step(keys, want)
		if err == nil {
			echo.add(op, lat)
		}
		return err
	}
	sc.forget() // the last cycle's text is not looked at again
	ext := fmt.Sprintf("T-%06d", id)
	// The renderer redraws only lines that changed: the case shown already
	// would not draw its title again.
	if sc.shown != id {
		if err := echoed("command line", ":", "enter run"); err != nil {
			return err
		}
		if err := echoed("typed", "open "+ext, "open "+ext); err != nil {
			return err
		}
		// "(T-…)" is the case pane's title, drawn once the case is loaded.
		if _, err := step("\r", "("+ext+")"); err != nil {
			return err
		}
		sc.shown = id
	}
	cid := model.CaseID(id)
	c, err := d.db.Case(cid)
	if err != nil {
		return err
	}
	e := l.at(cid)
	ack := fmt.Sprintf("#%d: ", id)
	// timed sends the key that saves act and waits for its
	// acknowledgement on the screen: only then is act in the ledger as
	// saved; if it never shows, act may or may not have landed.
	timed := func(op, keys, want string, act model.Action) error {
		lat, err := step(keys, ack+want)
		if err != nil {
			e.maybe(sc.name, act)
			return err
		}
		e.saved(sc.name, act)
		st.add(op, lat)
		return nil
	}
	if c.Assignee == "" {
		return timed("claim", "c", "claimed", model.Claim{})
	}
	switch n % 3 {
	case 0:
		tag := newTagFor(sc.name, n)
		if _, err := step("t", "tag, e.g."); err != nil {
			return err
		}
		if _, err := step(tag, tag); err != nil {
			return err
		}
		// a tag the taxonomy does not know takes a second enter
		if _, err := step("\r", "enter again to create"); err != nil {
			return err
		}
		if err := timed("tag", "\r", "tag "+tag+" added", model.AddTag{Tag: tag}); err != nil {
			return err
		}
		return echoed("esc", "\x1b", "c claim")
	case 1:
		note := fmt.Sprintf("%s checked %d", sc.name, n)
		if err := echoed("note", "n", "save note"); err != nil {
			return err
		}
		if err := echoed("typed", note, note); err != nil {
			return err
		}
		return timed("note", "\x13", "note saved", model.AddNote{Text: note})
	}
	to, key := model.StatusPending, "2"
	if c.Status == model.StatusPending {
		to, key = model.StatusOpen, "1"
	}
	if err := echoed("status", "s", "waiting for the customer"); err != nil {
		return err
	}
	return timed("status", key, "status → "+to.String(), model.SetStatus{To: to})
}

func (s *loadStats) slowest(n int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := slices.Clone(s.lat)
	slices.Sort(l)
	l = l[max(len(l)-n, 0):]
	return fmt.Sprint(l)
}

// processCPU is the CPU time this process has had (user and system), in
// seconds: the kernel's count. (runtime/metrics' cpu classes are
// estimates from GOMAXPROCS × wall time less idle time, which on a busy
// machine counts the time the process waited for a core as its own.)
func processCPU() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// memProfileStage writes the allocation profile at a stage's start into
// FILE.base and at its end into FILE, the file the environment variable
// env names; it returns what writes the second.
func memProfileStage(t *testing.T, env string) (stop func()) {
	path := os.Getenv(env)
	if path == "" {
		return func() {}
	}
	write := func(path string) {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		// The profile holds what was allocated up to the last collection:
		// without one here it would miss the stage's end.
		runtime.GC()
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			t.Fatal(err)
		}
	}
	write(path + ".base")
	return func() { write(path) }
}

// gcCount is how many collections the process has made.
func gcCount() uint64 {
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// allocated is how many bytes and objects the process has allocated on
// the heap since it started.
func allocated() (bytes, objects uint64) {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}, {Name: "/gc/heap/allocs:objects"}}
	metrics.Read(s)
	return s[0].Value.Uint64(), s[1].Value.Uint64()
}

// heapGoal is the heap size at which the next collection starts.
func heapGoal() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/goal:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// heapNow is the live heap after a collection.
// profileStage starts a CPU profile of one stage alone into the file the
// environment variable env names (not with go test's -cpuprofile, which
// holds the one profiler, and would take in the desk's import); it
// returns what stops it.
func profileStage(t *testing.T, env string) (stop func()) {
	path := os.Getenv(env)
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		t.Fatal(err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

func heapNow() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

func mb(b uint64) string { return fmt.Sprintf("%.0f MB", float64(b)/(1<<20)) }

// loadTeams are teams for the load test's desk (CAREDESK_LOAD_TEAMS=1):
// every area of its cases and tags owned, business hours with a holiday
// and first-response targets, every agent a member of each team (so a
// retag hands the case to another team without taking it from its
// agent), and no auto-assignment (the cases wait to be claimed).
func loadTeams(t testing.TB, agents []testAgent) *model.Routing {
	t.Helper()
	hours, err := model.ParseHours("Mon-Fri 09:00-17:30", "Europe/Berlin", []string{"2026-12-25"})
	if err != nil {
		t.Fatal(err)
	}
	sla := model.TeamSLA{FirstResponse: model.SLAPolicy{Urgent: 30 * time.Minute, High: time.Hour, Normal: 4 * time.Hour, Low: 8 * time.Hour}, Hours: hours}
	var members []string
	for _, a := range agents {
		members = append(members, a.name)
	}
	r, err := model.NewRouting([]model.Team{
		{Name: "billing", Members: members, Areas: []string{"billing", "card"}, SLA: sla},
		{Name: "shipping", Members: members, Areas: []string{"shipping", "load"}, SLA: sla},
		{Name: "accounts", Members: members, Areas: []string{"account", "screen"}, SLA: sla},
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// newTagFor is the new tag screen name types in its nth cycle. Every one
// has the same length, so none is a fuzzy match (a subsequence) of
// another: screen/agent17-5 is one of screen/agent175-15, which the tag
// picker rightly highlights, so enter added that tag and the screen never
// asked "enter again to create" — at 200 screens that stopped ~20 of them
// for 15 s each, in the figures as step timeouts.
func newTagFor(name string, n int) string {
	const width = 12
	return fmt.Sprintf("screen/%s%s-%06d", strings.Repeat("x", max(width-len(name), 0)), name, n)
}
