package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/ingest"
	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// crashBudget is how long the kill -9 loops run in all:
// CAREDESK_CRASH_SECONDS for a long soak, about 20 s by default, 4 s with
// -short.
func crashBudget() time.Duration {
	if s := os.Getenv("CAREDESK_CRASH_SECONDS"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			return time.Duration(n) * time.Second
		}
	}
	if testing.Short() {
		return 4 * time.Second
	}
	return 20 * time.Second
}

// crashSeed is CAREDESK_CRASH_SEED, to replay a failure, or a fresh one.
func crashSeed(t *testing.T) uint64 {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("CAREDESK_CRASH_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("seed %d (CAREDESK_CRASH_SEED=%d replays it)", seed, seed)
	return seed
}

// runHelper is the test binary working as a helper process for a test:
// "hold" keeps a database open for writing until stdin closes, "view"
// read-only; "edit" works cases until it is killed; "rename" renames a
// tag in small steps (crash_retag_test.go).
func runHelper(mode string) int {
	path := os.Getenv("CAREDESK_HELPER_DB")
	s, err := store.Open(path, store.Options{ReadOnly: mode == "view"})
	if err != nil {
		fmt.Println("error", err)
		return 1
	}
	switch mode {
	case "hold", "view":
		fmt.Println("held")
		bufio.NewReader(os.Stdin).ReadString('\n')
	case "edit":
		seed, _ := strconv.ParseUint(os.Getenv("CAREDESK_HELPER_SEED"), 10, 64)
		cases, _ := strconv.Atoi(os.Getenv("CAREDESK_HELPER_CASES"))
		editForever(s, seed, cases)
	case "rename":
		renameInSteps(s, os.Getenv("CAREDESK_HELPER_FROM"), os.Getenv("CAREDESK_HELPER_TO"))
	}
	s.Close()
	return 0
}

// editForever is an agent at full speed: each change is a note with a
// unique text plus a claim, a tag, a status or an unassign, and after each
// commit it says "saved" — what the screen would show.
func editForever(s *store.DB, seed uint64, cases int) {
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	for seq := 0; ; seq++ {
		id := model.CaseID(1 + rng.IntN(cases))
		note := fmt.Sprintf("crash-note-%d-%d", seed, seq)
		acts := []model.Action{model.AddNote{Text: note}}
		switch rng.IntN(4) {
		case 0:
			acts = append(acts, model.Claim{})
		case 1:
			acts = append(acts, model.AddTag{Tag: fmt.Sprintf("crash/t%02d", rng.IntN(40))})
		case 2:
			acts = append(acts, model.SetStatus{To: model.Statuses[rng.IntN(len(model.Statuses))]})
		case 3:
			acts = append(acts, model.Assign{To: ""})
		}
		c, err := s.Act(id, 0, "crash", acts...)
		if err != nil && model.ErrorCode(err) != model.EINTERNAL {
			c, err = s.Act(id, 0, "crash", acts[0]) // a refused claim or transition: the note alone
		}
		if err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		// One write per line, unbuffered: a line in the pipe is a change
		// the agent was told is saved.
		os.Stdout.WriteString(savedLine(c, note))
	}
}

func savedLine(c model.Case, note string) string {
	return fmt.Sprintf("saved %d %d %s %s %q %s\n", c.ID, c.Version, note, c.Status, c.Assignee, strings.Join(c.Tags, ","))
}

// ---- kill -9 during import ----

// importedPrefix checks the database a killed import left and returns
// how many cases it holds. `caredesk check` (store.Check: the file,
// every case readable, indexes ↔ cases, counters = recount, customers'
// case lists = recount) must be clean, and the cases must be whole and in
// file order: the first k rows, k a whole number of batches of size batch
// (or all rows). whole also compares every case with its row and wants its
// one "created" event.
func importedPrefix(t *testing.T, path string, rows []model.ImportRow, batch int, whole bool) int {
	t.Helper()
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
		return 0 // killed before bbolt wrote its first pages
	}
	r := run(t, nil, "check", "--db", path)
	if strings.Contains(r.stderr, "needs upgrading") {
		// Killed between bbolt creating the file and the schema's first
		// commit: an empty file the next writer initialises. Do that, as
		// the next import would, and check it.
		s, err := store.Open(path, store.Options{})
		if err != nil {
			t.Fatalf("a file killed before its first commit does not open: %v", err)
		}
		s.Close()
		r = run(t, nil, "check", "--db", path)
	}
	if r.code != 0 {
		t.Fatalf("check after kill -9:\n%s", r)
	}
	s, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("the database a killed import left does not open: %v", err)
	}
	defer s.Close()
	n := 0
	if whole {
		err = s.EachCaseFull(true, func(c model.Case, cu model.Customer, evs []model.Event) error {
			if n >= len(rows) {
				return fmt.Errorf("case %d: more cases than rows", c.ID)
			}
			want := rows[n]
			n++
			switch {
			case c.ID != model.CaseID(n) || c.ExternalID != want.Case.ExternalID:
				return fmt.Errorf("case %d is %s, row %d is %s: not a prefix of the file", c.ID, c.ExternalID, n, want.Case.ExternalID)
			case c.Subject != want.Case.Subject || c.Body != want.Case.Body || !c.CreatedAt.Equal(want.Case.CreatedAt):
				return fmt.Errorf("case %s differs from its row", c.ExternalID)
			case !slices.Equal(c.Tags, normTags(want.Case.Tags)):
				return fmt.Errorf("case %s has tags %v, its row %v", c.ExternalID, c.Tags, want.Case.Tags)
			case cu.Email != want.Customer.Email:
				return fmt.Errorf("case %s has customer %q, its row %q", c.ExternalID, cu.Email, want.Customer.Email)
			case len(evs) != 1 || evs[0].Kind != model.EventCreated:
				return fmt.Errorf("case %s has %d events", c.ExternalID, len(evs))
			}
			return nil
		})
	} else {
		err = s.EachSummary(func(c model.Summary) error {
			if n >= len(rows) || c.ID != model.CaseID(n+1) || c.ExternalID != rows[n].Case.ExternalID {
				return fmt.Errorf("case %d (%s) is not row %d of the file: not a prefix", c.ID, c.ExternalID, n+1)
			}
			n++
			return nil
		})
	}
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := s.Stats(); st.Cases != n {
		t.Fatalf("stats say %d cases, the file holds %d", st.Cases, n)
	}
	if n%batch != 0 && n != len(rows) {
		t.Fatalf("%d cases: not a whole number of %d-row batches", n, batch)
	}
	return n
}

func normTags(in []string) []string {
	var out []string
	for _, t := range in {
		if n, err := model.NormalizeTag(t); err == nil {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// killAfter starts cmd, kills it with SIGKILL after d and reports whether
// it had already finished on its own.
func killAfter(t *testing.T, cmd *exec.Cmd, d time.Duration) (finished bool) {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		return true
	case <-time.After(d):
	}
	cmd.Process.Signal(syscall.SIGKILL)
	<-done
	return false
}

// exportedPrefix checks the database a killed import left, with the
// product binary (the race detector would make it the slowest part of a
// cycle): `caredesk check` must be clean, and its JSON lines export must be
// the first k lines of the complete import's export, byte for byte — the
// same cases, customers and events, in file order, each whole. It returns
// k. k is no longer a whole number of batches: the store writes a batch in
// chunks of its own choosing (store/importchunk.go, so that agents' saves
// go between them), and a kill keeps every chunk committed before it.
func exportedPrefix(t *testing.T, db string, want []byte) int {
	t.Helper()
	if fi, err := os.Stat(db); err != nil || fi.Size() == 0 {
		return 0 // killed before bbolt wrote its first pages
	}
	r := run(t, nil, "check", "--db", db)
	if strings.Contains(r.stderr, "needs upgrading") {
		// Killed between bbolt creating the file and the schema's first
		// commit: the next writer initialises it, as the next import does.
		s, err := store.Open(db, store.Options{})
		if err != nil {
			t.Fatalf("a file killed before its first commit does not open: %v", err)
		}
		s.Close()
		r = run(t, nil, "check", "--db", db)
	}
	if r.code != 0 {
		t.Fatalf("check after kill -9:\n%s", r)
	}
	got := run(t, nil, "export", "--db", db, "--format", "jsonl")
	wantExit(t, got, 0)
	if !bytes.HasPrefix(want, []byte(got.stdout)) {
		t.Fatalf("after kill -9 the cases are not the file's first rows as imported:\n%s", firstDiff(want, []byte(got.stdout)))
	}
	k := strings.Count(got.stdout, "\n")
	if !strings.Contains(r.stdout, fmt.Sprintf(": %d cases,", k)) {
		t.Fatalf("check counts other than the %d cases exported:\n%s", k, r)
	}
	return k
}

func TestCrashKillImport(t *testing.T) {
	const n = 40000 // several batches, each a commit to kill around
	dir := t.TempDir()
	csv := filepath.Join(dir, "cases.csv")
	wantExit(t, run(t, nil, "generate", "-n", strconv.Itoa(n), "--seed", "11", "-o", csv), 0)
	// A whole import is the reference, and its time sets the window to
	// kill in.
	ref := filepath.Join(dir, "reference.db")
	start := time.Now()
	wantExit(t, run(t, nil, "import", "--db", ref, csv), 0)
	full := time.Since(start)
	want := []byte(run(t, nil, "export", "--db", ref, "--format", "jsonl").stdout)
	if c := bytes.Count(want, []byte("\n")); c != n {
		t.Fatalf("reference export has %d cases", c)
	}
	rng := rand.New(rand.NewPCG(crashSeed(t), 1))
	deadline := time.Now().Add(crashBudget() * 6 / 10)
	db := filepath.Join(dir, "crash.db")
	var cycles, finished, fresh int
	var killing, checking time.Duration
	found := map[int]int{} // cases found after a kill → how often
	have := 0
	for cycles < 3 || time.Now().Before(deadline) {
		// Mostly go on from what the last kill left (an import resumed
		// over a partial one), sometimes start over.
		if have == n || rng.IntN(4) == 0 {
			os.Remove(db)
			have, fresh = 0, fresh+1
		}
		cmd := exec.Command(binary, "import", "--db", db, csv)
		cmd.Env = testEnv(t)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		// Kill anywhere in a whole import's time: a resumed one reads
		// past the rows it already has, then commits the rest.
		window := full
		t0 := time.Now()
		if killAfter(t, cmd, time.Duration(rng.Int64N(int64(window)))) {
			finished++
			if !strings.Contains(out.String(), "rejected 0") {
				t.Fatalf("import finished badly: %s", out.String())
			}
		}
		killing += time.Since(t0)
		noPanic(t, result{stdout: out.String()})
		t0 = time.Now()
		got := exportedPrefix(t, db, want)
		checking += time.Since(t0)
		if got < have {
			t.Fatalf("cycle %d: %d cases before the kill, %d after: committed cases were lost", cycles, have, got)
		}
		have = got
		found[got]++
		cycles++
	}
	// The last import runs to the end: every case once, nothing rejected.
	r := run(t, nil, "import", "--db", db, csv)
	wantExit(t, r, 0)
	if w := fmt.Sprintf("imported %d, updated 0, unchanged %d, rejected 0\n", n-have, have); r.stdout != w {
		t.Fatalf("completing import: want %q\n%s", w, r)
	}
	if got := exportedPrefix(t, db, want); got != n {
		t.Fatalf("%d cases after the completing import, want %d", got, n)
	}
	var dist []string
	for _, k := range slices.Sorted(maps.Keys(found)) {
		dist = append(dist, fmt.Sprintf("%d cases ×%d", k, found[k]))
	}
	t.Logf("crash-kill import: %d cycles of a %d-row import (%v uninterrupted), %d fresh databases, %d finished before the kill; found after kill: %s; all checks clean, every export a prefix of whole rows (%v importing, %v checking)",
		cycles, n, full.Round(time.Millisecond), fresh, finished, strings.Join(dist, ", "), killing.Round(time.Millisecond), checking.Round(time.Millisecond))
}

// ---- kill -9 during edits ----

type savedChange struct {
	id       model.CaseID
	version  uint64
	note     string
	status   string
	assignee string
	tags     string
}

func parseSaved(t *testing.T, line string) savedChange {
	var s savedChange
	var quoted string
	k, err := fmt.Sscanf(line, "saved %d %d %s %s %s", &s.id, &s.version, &s.note, &s.status, &quoted)
	if err != nil || k != 5 {
		t.Fatalf("helper said %q", line)
	}
	s.assignee, _ = strconv.Unquote(quoted)
	if f := strings.Fields(line); len(f) == 7 {
		s.tags = f[6]
	}
	return s
}

func TestCrashKillEdits(t *testing.T) {
	const cases = 300
	dir := t.TempDir()
	db := importDemo(t, dir, cases)
	versions := caseVersions(t, db)
	rng := rand.New(rand.NewPCG(crashSeed(t), 2))
	deadline := time.Now().Add(crashBudget() * 4 / 10)
	var cycles, saves, inflight int
	for cycles < 3 || time.Now().Before(deadline) {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), helperEnv+"=edit", "CAREDESK_HELPER_DB="+db,
			fmt.Sprintf("CAREDESK_HELPER_SEED=%d", rng.Uint64()), fmt.Sprintf("CAREDESK_HELPER_CASES=%d", cases))
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				lines = append(lines, sc.Text())
			}
		}()
		// Killed anywhere from opening the file to deep in the work.
		if killAfter(t, cmd, time.Duration(20+rng.IntN(600))*time.Millisecond) {
			wg.Wait()
			t.Fatalf("edit helper stopped on its own: %v", lines)
		}
		wg.Wait() // every line that reached the pipe before the kill
		var saved []savedChange
		for _, l := range lines {
			if !strings.HasPrefix(l, "saved ") {
				t.Fatalf("helper: %s", l)
			}
			saved = append(saved, parseSaved(t, l))
		}
		inflight += checkSaved(t, db, versions, saved)
		saves += len(saved)
		cycles++
	}
	t.Logf("crash-kill edits: %d cycles, %d changes reported saved, all found after the kill; %d commits made but not yet reported when killed; all checks clean",
		cycles, saves, inflight)
}

func caseVersions(t *testing.T, db string) map[model.CaseID]uint64 {
	s, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	v := map[model.CaseID]uint64{}
	s.EachSummary(func(c model.Summary) error { v[c.ID] = c.Version; return nil })
	return v
}

// checkSaved holds the database to what the helper said: every saved
// change is there (its note in the timeline, and the case as the last
// saved line left it), and at most one commit beyond them — the one made
// but not yet reported when the kill came. versions is updated to the
// database's; it returns how many unreported commits it found (0 or 1).
func checkSaved(t *testing.T, db string, versions map[model.CaseID]uint64, saved []savedChange) int {
	t.Helper()
	mustCheck(t, db)
	s, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	last := map[model.CaseID]savedChange{}
	notes := map[model.CaseID][]string{}
	for _, c := range saved {
		last[c.id] = c
		notes[c.id] = append(notes[c.id], c.note)
	}
	for id, want := range notes {
		evs, err := s.Events(id)
		if err != nil {
			t.Fatal(err)
		}
		have := map[string]bool{}
		for _, e := range evs {
			if e.Kind == model.EventNote {
				have[e.To] = true
			}
		}
		for _, n := range want {
			if !have[n] {
				t.Fatalf("case %d: note %s was reported saved but is not in the database", id, n)
			}
		}
	}
	extra := 0
	for id, before := range versions {
		c, err := s.Case(id)
		if err != nil {
			t.Fatal(err)
		}
		want := before
		if l, ok := last[id]; ok {
			want = l.version
			if c.Version == want && (c.Status.String() != l.status || c.Assignee != l.assignee || strings.Join(c.Tags, ",") != l.tags) {
				t.Fatalf("case %d at version %d is %s %q %v; saved as %+v", id, c.Version, c.Status, c.Assignee, c.Tags, l)
			}
		}
		switch c.Version {
		case want:
		case want + 1:
			extra++
		default:
			t.Fatalf("case %d is at version %d; the last saved version was %d", id, c.Version, want)
		}
		versions[id] = c.Version
	}
	if extra > 1 {
		t.Fatalf("%d cases have an unreported commit; one process makes one change at a time", extra)
	}
	return extra
}

// ---- failing writes ----

func TestWriteFailureLeavesDatabaseUnchanged(t *testing.T) {
	dir := t.TempDir()
	db := importDemo(t, dir, 300)
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	snapshot := func() string {
		var b bytes.Buffer
		if err := exportTo(s, &b, "jsonl"); err != nil {
			t.Fatal(err)
		}
		st, _ := s.Stats()
		tags, _ := s.Tags()
		replies, _ := s.Replies()
		return fmt.Sprintf("%s\n%+v\n%+v\n%+v", b.String(), st, tags, replies)
	}
	before := snapshot()
	changes, stop := s.Subscribe()
	defer stop()

	boom := errors.New("write /care.db: no space left on device (simulated)")
	s.SetBeforeCommit(func() error { return boom })
	c5, _ := s.Case(5)
	_, err = s.Act(5, c5.Version, "ana", model.AddTag{Tag: "vip/failed-write"}, model.AddNote{Text: "lost?"}, model.SetStatus{To: model.StatusPending})
	if !errors.Is(err, boom) {
		t.Fatalf("Act: %v, want the disk's error", err)
	}
	newRows := readRows(t, writeDemoCSV(t, dir, 40, 77))
	for i := range newRows {
		newRows[i].Case.ExternalID = "NEW-" + newRows[i].Case.ExternalID // demo ids repeat across seeds
	}
	if _, err := s.Import(newRows); !errors.Is(err, boom) {
		t.Fatalf("Import: %v", err)
	}
	changed := readRows(t, writeDemoCSV(t, dir, 300, 3))[:20]
	for i := range changed {
		changed[i].Case.Subject += " (edited)"
	}
	if _, err := s.Import(changed); !errors.Is(err, boom) {
		t.Fatalf("Import of changed rows: %v", err)
	}
	tags, _ := s.Tags()
	if _, err := s.RenameTag(tags[0].Tag, "renamed/failed", "ana"); !errors.Is(err, boom) {
		t.Fatalf("RenameTag: %v", err)
	}
	if err := s.RetireTag(tags[0].Tag, true, "ana"); !errors.Is(err, boom) {
		t.Fatalf("RetireTag: %v", err)
	}
	if _, _, err := s.RenameArea(model.TagArea(tags[0].Tag), "renamed", "ana"); !errors.Is(err, boom) {
		t.Fatalf("RenameArea: %v", err)
	}
	if err := s.SetTagLabel(tags[0].Tag, "A label", "ana"); !errors.Is(err, boom) {
		t.Fatalf("SetTagLabel: %v", err)
	}
	if _, err := s.SaveReply(model.Reply{Name: "failed", Text: "x"}); !errors.Is(err, boom) {
		t.Fatalf("SaveReply: %v", err)
	}
	f, _ := os.Open(writeDemoCSV(t, dir, 12000, 78))
	res, err := ingest.File(s, "big.csv", f, ingest.Options{})
	f.Close()
	if !errors.Is(err, boom) || res.Imported != 0 {
		t.Fatalf("ingest: %+v %v", res, err)
	}
	if err := s.Repair(); err != nil {
		// Repair does not go through the hook; it must simply work.
		t.Fatalf("Repair: %v", err)
	}
	s.SetBeforeCommit(nil)
	if after := snapshot(); after != before {
		t.Fatalf("failed writes changed the database:\n%s", firstDiff([]byte(before), []byte(after)))
	}
	select {
	case ch := <-changes:
		if !ch.Resync { // Repair's notice is expected
			t.Fatalf("a failed write was announced as a change: %+v", ch)
		}
	default:
	}
	// The next write must not carry anything of the failed ones.
	if _, err := s.Act(5, 0, "ana", model.AddNote{Text: "after the disk was freed"}); err != nil {
		t.Fatal(err)
	}
	c, _ := s.Case(5)
	if c.HasTag("vip/failed-write") || c.Status == model.StatusPending && c5.Status != model.StatusPending {
		t.Fatalf("a failed change surfaced with the next write: %+v", c)
	}
	evs, _ := s.Events(5)
	for _, e := range evs {
		if e.To == "lost?" {
			t.Fatal("the failed note surfaced with the next write")
		}
	}
	if _, err := s.CaseByExternalID(newRows[0].Case.ExternalID); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("a failed import surfaced: %v", err)
	}
	probs, err := s.Check()
	if err != nil || len(probs) > 0 {
		t.Fatalf("%v %v", err, probs)
	}
}

func TestWriteFailureMidImportKeepsWholeBatches(t *testing.T) {
	dir := t.TempDir()
	csv := writeDemoCSV(t, dir, 12000, 21)
	rows := readRows(t, csv)
	db := filepath.Join(dir, "care.db")
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// One transaction a batch, so that the third commit fails the third
	// batch (the store may otherwise end a chunk early).
	s.SetImportBound(1000, time.Hour, time.Hour)
	commits := 0
	boom := errors.New("I/O error (simulated)")
	s.SetBeforeCommit(func() error {
		if commits++; commits == 3 {
			return boom
		}
		return nil
	})
	f, _ := os.Open(csv)
	res, err := ingest.File(s, csv, f, ingest.Options{BatchSize: 1000})
	f.Close()
	// The schema's commit happened at Open, before the hook: commits 1 and
	// 2 are the first two batches.
	if !errors.Is(err, boom) || res.Imported != 2000 || !strings.Contains(err.Error(), "line") {
		t.Fatalf("%+v %v", res, err)
	}
	s.Close()
	if got := importedPrefix(t, db, rows, 1000, true); got != 2000 {
		t.Fatalf("%d cases after the failed batch, want the 2000 committed", got)
	}
}

// TestImportOntoFullDisk fills a tiny tmpfs. It needs root and a kernel
// that lets the test mount; elsewhere it is skipped.
func TestImportOntoFullDisk(t *testing.T) {
	dir := t.TempDir()
	mnt := filepath.Join(dir, "small")
	os.Mkdir(mnt, 0o700)
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=10m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small tmpfs here: %v %s", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() { exec.Command("umount", mnt).Run() })
	const n = 20000
	csv := filepath.Join(dir, "cases.csv")
	wantExit(t, run(t, nil, "generate", "-n", strconv.Itoa(n), "--seed", "31", "-o", csv), 0)
	ref := filepath.Join(dir, "reference.db")
	wantExit(t, run(t, nil, "import", "--db", ref, csv), 0)
	want := []byte(run(t, nil, "export", "--db", ref, "--format", "jsonl").stdout)
	db := filepath.Join(mnt, "care.db")
	r := run(t, nil, "import", "--db", db, csv)
	wantExit(t, r, 1)
	oneLine(t, r, "no space left on device")
	got := exportedPrefix(t, db, want)
	t.Logf("full disk: %q; %d whole cases kept, check clean", strings.TrimSpace(r.stderr), got)
	if !strings.Contains(r.stdout, fmt.Sprintf("imported %d,", got)) {
		t.Fatalf("the summary does not say what was kept (%d):\n%s", got, r)
	}
	// Backups onto the full disk fail cleanly and leave nothing behind.
	r = run(t, nil, "backup", "--db", db, filepath.Join(mnt, "copy.db"))
	wantExit(t, r, 1)
	oneLine(t, r, "no space left on device")
	if left, _ := filepath.Glob(filepath.Join(mnt, "*copy*")); len(left) > 0 {
		t.Fatalf("a failed backup left %v", left)
	}
}
