package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/config"
	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
	"github.com/caredesk/caredesk/ui"
)

// The example is a working file: it passes config check as printed.
func TestConfigExampleChecks(t *testing.T) {
	r := run(t, nil, "config", "example")
	if r.code != 0 || !strings.Contains(r.stdout, "[[team]]") || !strings.Contains(r.stdout, "[keys]") ||
		!strings.Contains(r.stdout, "# [mail]") || !strings.Contains(r.stdout, "# [mail.smtp]") ||
		!strings.Contains(r.stdout, "[mail.imap]") || !strings.Contains(r.stdout, "sendmail = ") {
		t.Fatalf("%s", r)
	}
	path := filepath.Join(t.TempDir(), "c.toml")
	os.WriteFile(path, []byte(r.stdout), 0o600)
	r = run(t, nil, "config", "check", "--config", path)
	if r.code != 0 || !strings.Contains(r.stdout, "ok (2 teams, 2 views, 1 keys remapped, theme)") {
		t.Fatalf("%s", r)
	}
}

// [mail] that takes mail in with no way to send passes config check with
// one warning line naming the file and what is missing; the app and the
// team server then log replies instead of queueing them (one rule).
func TestConfigCheckWarnsOfMailThatCannotSend(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.toml")
	for _, sub := range []string{"new", "cur", "tmp"} { // a Maildir: no warning of its own
		os.Mkdir(filepath.Join(dir, sub), 0o700)
	}
	intake := "[mail]\naddress = \"care@desk.test\"\n[mail.maildir]\npath = \"" + dir + "\"\n"
	sends := strings.Replace(intake, "[mail.maildir]", "sendmail = \"/usr/sbin/sendmail -t\"\n[mail.maildir]", 1)
	os.WriteFile(path, []byte(intake), 0o600)
	r := run(t, nil, "config", "check", "--config", path)
	want := "caredesk: config " + path + ": warning: [mail] takes mail in but has no [mail.smtp] or sendmail: replies are logged, never sent\n"
	if r.code != 0 || !strings.Contains(r.stdout, "ok (") || r.stderr != want {
		t.Fatalf("%s", r)
	}
	cfg, err := config.Parse(path, []byte(intake))
	if err != nil || mailIdentity(cfg).Sends {
		t.Fatalf("an intake-only [mail] reached the composer as sending: %v", err)
	}
	os.WriteFile(path, []byte(sends), 0o600)
	if r := run(t, nil, "config", "check", "--config", path); r.code != 0 || r.stderr != "" {
		t.Fatalf("with sendmail: %s", r)
	}
}

// A [mail.maildir] path that is no Maildir passes config check with a
// warning naming the line and key: the first fetch would otherwise be the
// first to say so (new-user finding).
func TestConfigCheckWarnsOfAPathThatIsNoMaildir(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.toml")
	md := filepath.Join(dir, "Mail", "care")
	os.WriteFile(path, []byte("[mail]\naddress = \"care@desk.test\"\nsendmail = \"/usr/sbin/sendmail -t\"\n[mail.maildir]\npath = \""+md+"\"\n"), 0o600)
	r := run(t, nil, "config", "check", "--config", path)
	want := "caredesk: config " + path + ":5: mail.maildir.path: warning: " + md + " is not a Maildir (no new/ folder): mail fetch fails until it is one\n"
	if r.code != 0 || !strings.Contains(r.stdout, "ok (") || r.stderr != want {
		t.Fatalf("%s\nwant stderr %q", r, want)
	}
	for _, sub := range []string{"new", "cur", "tmp"} {
		if err := os.MkdirAll(filepath.Join(md, sub), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if r := run(t, nil, "config", "check", "--config", path); r.code != 0 || r.stderr != "" {
		t.Fatalf("a Maildir: %s", r)
	}
}

// config check --db warns of a view whose tag: names no tag of the
// database's taxonomy, naming the rename that emptied it (new-user
// finding: a tag rename emptied the demo's "refunds" view on every screen
// while config check said ok).
func TestConfigCheckWarnsOfAViewNamingNoTag(t *testing.T) {
	dir := t.TempDir()
	dbPath, path := filepath.Join(dir, "desk.db"), filepath.Join(dir, "c.toml")
	db, err := store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	if _, err := db.Import([]model.ImportRow{{Line: 2, Case: model.Case{ExternalID: "R-1", CreatedAt: at, Tags: []string{"billing/refund-request"}}}}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	os.WriteFile(path, []byte("[[view]]\nname = \"refunds\"\nquery = \"tag:billing/refund-request status:active\"\n"), 0o600)
	if r := run(t, nil, "config", "check", "--config", path, "--db", dbPath); r.code != 0 || r.stderr != "" {
		t.Fatalf("before the rename: %s", r)
	}
	if db, err = store.Open(dbPath, store.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RenameTag("billing/refund-request", "billing/refund", "ana"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	r := run(t, nil, "config", "check", "--config", path, "--db", dbPath)
	want := "caredesk: config " + path + ":3: view[1].query: warning: tag:billing/refund-request names no tag of the desk's taxonomy: " +
		"view \"refunds\" counts 0 until its query is edited (the tag was renamed to billing/refund)\n"
	if r.code != 0 || r.stderr != want || !strings.Contains(r.stdout, "ok (") {
		t.Fatalf("%s\nwant stderr %q", r, want)
	}
}

// A clash in [keys] is one line naming the file, line and key, for
// config check and for the app alike, before any screen opens.
func TestConfigKeyClashIsOneLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.toml")
	os.WriteFile(path, []byte("# keys\n[keys]\nclaim = \"C\"\nmark = \"j\"\n"), 0o600)
	want := "caredesk: config " + path + ":4: keys.mark: \"j\" is already down (queue)"
	for _, args := range [][]string{{"config", "check", "--config", path}, {"--config", path}, {"import", "--config", path, "-"}} {
		r := run(t, strings.NewReader(""), args...)
		if r.code != 1 || !strings.HasPrefix(r.stderr, want) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%v: %s", args, r)
		}
	}
}

// With [keys] and a [[view]] both wrong, the one on the earlier line is
// reported, whichever section is checked first (new-user finding: line
// 6's view came before line 2's key clash).
func TestConfigCheckReportsTheFirstMistakeByLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.toml")
	os.WriteFile(path, []byte("[keys]\nclaim = \"j\"\n\n[[view]]\nname = \"x\"\nquery = \"status:bogus\"\n"), 0o600)
	r := run(t, nil, "config", "check", "--config", path)
	if r.code != 1 || !strings.HasPrefix(r.stderr, "caredesk: config "+path+":2: keys.claim: \"j\" is already down (queue)") {
		t.Errorf("%s", r)
	}
	os.WriteFile(path, []byte("[[view]]\nname = \"x\"\nquery = \"status:bogus\"\n\n[keys]\nclaim = \"j\"\n"), 0o600)
	r = run(t, nil, "config", "check", "--config", path)
	if r.code != 1 || !strings.HasPrefix(r.stderr, "caredesk: config "+path+":3: view[1].query: status:bogus") {
		t.Errorf("%s", r)
	}
}

// caredesk import routes the new open cases to the config's teams, and
// the closed history to nobody.
func TestImportRoutesByConfig(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "c.toml")
	os.WriteFile(cfg, []byte("[[team]]\nname = \"billing\"\nmembers = [\"ana\", \"bo\"]\nareas = [\"billing\"]\nassign = \"round-robin\"\n"), 0o600)
	csv := "external_id,created_at,status,tags\n" +
		"A-1,2026-11-24T09:30:00Z,new,billing/refund\n" +
		"A-2,2026-11-24T09:31:00Z,open,billing/refund\n" +
		"A-3,2026-11-20T09:31:00Z,closed,billing/refund\n"
	db := filepath.Join(dir, "d.db")
	if r := run(t, strings.NewReader(csv), "import", "--db", db, "--config", cfg, "-"); r.code != 0 {
		t.Fatalf("%s", r)
	}
	r := run(t, nil, "export", "--db", db)
	for _, want := range []string{"A-1,", "ana", "A-2,", "bo"} {
		if !strings.Contains(r.stdout, want) {
			t.Fatalf("export lacks %q:\n%s", want, r.stdout)
		}
	}
	if lines := strings.Split(r.stdout, "\n"); !strings.Contains(lines[3], "A-3") || strings.Contains(lines[3], "ana") || strings.Contains(lines[3], "bo") {
		t.Errorf("closed history was assigned: %q", lines[3])
	}
	if r := run(t, nil, "check", "--db", db, "--config", cfg); r.code != 0 {
		t.Errorf("%s", r)
	}
}

// The config's [[agent]]s and team members reach the app as its agents
// list, which assign keeps to (issue #14); without them there is none.
func TestConfigAgentsReachTheApp(t *testing.T) {
	cfg, err := config.Parse("c.toml", []byte("[[agent]]\nname = \"dee\"\n\n[[team]]\nname = \"billing\"\nmembers = [\"ana\", \"bo\"]\nareas = [\"billing\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	opt := uiOptions(cfg, ui.Options{})
	if opt.Agents == nil || strings.Join(opt.Agents(), " ") != "ana bo dee" {
		t.Fatal("the configured agents did not reach the app as ana, bo, dee")
	}
	if opt := uiOptions(&config.Config{}, ui.Options{}); opt.Agents != nil {
		t.Fatalf("no agents configured, yet a list: %v", opt.Agents())
	}
}

// An [[agent]] may add views, keys and colours of their own over the
// desk's; the server's are everyone's. A clash in an agent's keys is one
// line naming the agent's section, like the desk's.
func TestAgentsOwnLookFromConfig(t *testing.T) {
	text := "[[view]]\nname = \"parcels\"\nquery = \"parcel\"\n\n[keys]\nmark = \"m\"\n\n" +
		"[[agent]]\nname = \"ana\"\nkeys = { claim = \"C\" }\ntheme = { accent = \"#5A3FC0\" }\n\n" +
		"[[agent.view]]\nname = \"my new\"\nquery = \"status:new\"\n"
	cfg, err := config.Parse("c.toml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	ana, bo := agentLook(cfg)("ana"), agentLook(cfg)("bo")
	if len(ana.Views) != 2 || ana.Views[1].Name != "my new" || ana.Keys["claim"] != "C" || ana.Keys["mark"] != "m" || ana.Colours["accent"][0] != "#5A3FC0" {
		t.Errorf("ana's look: %+v", ana)
	}
	if len(bo.Views) != 1 || bo.Keys["claim"] != "" || bo.Keys["mark"] != "m" || len(bo.Colours) != 0 {
		t.Errorf("bo's look: %+v", bo)
	}
	if opt := uiOptions(cfg, ui.Options{Agent: "ana"}); len(opt.Views) != 2 || opt.Keys["claim"] != "C" || opt.Styles == nil {
		t.Errorf("the local app as ana: %+v", opt)
	}

	path := filepath.Join(t.TempDir(), "c.toml")
	os.WriteFile(path, []byte("[[agent]]\nname = \"ana\"\nkeys = { claim = \"j\" }\n"), 0o600)
	r := run(t, nil, "config", "check", "--config", path)
	if r.code != 1 || !strings.Contains(r.stderr, "agent[1].keys.claim: \"j\" is already down") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("%s", r)
	}
	os.WriteFile(path, []byte(text+"\n[[agent.view]]\nname = \"parcels\"\nquery = \"x\"\n"), 0o600)
	if r := run(t, nil, "config", "check", "--config", path); r.code != 1 || !strings.Contains(r.stderr, "view \"parcels\" is defined twice") {
		t.Errorf("an agent's view named like the desk's: %s", r)
	}
}

// A [[view]] may not take a built-in view's name: `:view All` opened the
// config's and the built-in All was reachable only with v (new-user
// finding); config check names the clash, for an agent's own view too.
func TestConfigCheckRefusesABuiltinViewsName(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k1.toml")
	for _, text := range []string{"[[view]]\nname = \"All\"\nquery = \"status:open\"\n",
		"[[agent]]\nname = \"ana\"\n\n[[agent.view]]\nname = \"my team\"\nquery = \"x\"\n"} {
		os.WriteFile(path, []byte(text), 0o600)
		r := run(t, nil, "config", "check", "--config", path)
		if r.code != 1 || !strings.Contains(r.stderr, "is a built-in view's name") || !strings.Contains(r.stderr, "k1.toml:") {
			t.Errorf("%q: %s", text, r)
		}
	}
}

// report --filter names the desk's teams for a team it does not have, as
// the search line does (new-user finding: team:nosuch counted 0 cases).
func TestReportFilterNamesTheTeams(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "d.db")
	if r := run(t, nil, "import", "--db", db, "--config", "demo_config.toml", writeDemoCSV(t, dir, 50, 3)); r.code != 0 {
		t.Fatalf("%s", r)
	}
	r := run(t, nil, "report", "--db", db, "--config", "demo_config.toml", "--filter", "team:nosuch refund")
	wantExit(t, r, 2)
	oneLine(t, r, "report: team:nosuch: unknown team (billing, delivery, product, none)")
	if r := run(t, nil, "report", "--db", db, "--config", "demo_config.toml", "--filter", "team:delivery", "--format", "md"); r.code != 0 {
		t.Fatalf("a team of the desk: %s", r)
	}
}

// On the team server an agent reads times in their team's zone, not the
// host's: a Berlin team on a UTC host read a first reply "due Mon 08:30"
// that its 09:00 opening made due at 09:30 Berlin time (new-user
// finding). The first of the agent's teams with hours gives the zone; the
// local app keeps the machine's own.
func TestTeamServerShowsTimesInTheTeamsZone(t *testing.T) {
	text := "[[team]]\nname = \"billing\"\nmembers = [\"ana\", \"bo\"]\nareas = [\"billing\"]\nhours = \"Mon-Fri 09:00-17:30\"\nzone = \"Europe/Berlin\"\n\n" +
		"[[team]]\nname = \"delivery\"\nmembers = [\"bo\", \"eli\"]\nareas = [\"delivery\"]\nhours = \"Mon-Fri 08:00-16:00\"\nzone = \"America/New_York\"\n\n" +
		"[[team]]\nname = \"product\"\nmembers = [\"chen\"]\nareas = [\"product\"]\n"
	cfg, err := config.Parse("c.toml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	look := agentLook(cfg)
	for agent, want := range map[string]string{"ana": "Europe/Berlin", "bo": "Europe/Berlin", "eli": "America/New_York", "chen": "", "dee": ""} {
		got := ""
		if z := look(agent).Zone; z != nil {
			got = z.String()
		}
		if got != want {
			t.Errorf("%s reads times in %q, want %q", agent, got, want)
		}
	}
	if opt := uiOptions(cfg, ui.Options{Agent: "eli"}); opt.Location != nil {
		t.Errorf("the local app's zone became %v; it is the machine's own", opt.Location)
	}
}
