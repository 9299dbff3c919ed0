package config

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

const teamsFile = `[[team]]
name     = "billing"
members  = ["ana", "bo"]
areas    = ["billing", "account"]
assign   = "round-robin"
max_open = 25
hours    = "Mon-Fri 09:00-17:30"
zone     = "Europe/Berlin"
holidays = ["2026-12-25", "2026-12-26"]
first_response = { normal = "4h", urgent = "30m" }

[[team]]
name     = "delivery"
members  = ["chen"]
areas    = ["delivery"]
channels = ["phone"]
assign   = "least-open"
resolution = { low = "2d" }

[[view]]
name  = "refunds"
query = "tag:billing/refund is:overdue"

[keys]
claim = "C"

[theme]
accent = "#5A3FC0/#9D8CFF"
ok = "#1E7F3C"
`

func TestParseTeamsViewsTheme(t *testing.T) {
	cfg, err := Parse("c.toml", []byte(teamsFile))
	if err != nil {
		t.Fatal(err)
	}
	r := cfg.Routing()
	billing, ok := r.Team("billing")
	if !ok || billing.Assign != model.AssignRoundRobin || billing.MaxOpen != 25 || billing.SLA.Hours == nil ||
		billing.SLA.FirstResponse.Normal != 4*time.Hour || billing.SLA.FirstResponse.Urgent != 30*time.Minute {
		t.Fatalf("billing %+v", billing)
	}
	if team, rule := r.Route(&model.Case{Channel: model.ChannelPhone}); team != "delivery" || rule != "channel phone" {
		t.Errorf("route %q %q", team, rule)
	}
	if d, _ := r.Team("delivery"); d.SLA.Resolution.Low != 48*time.Hour || d.SLA.Hours != nil {
		t.Errorf("delivery %+v", d.SLA)
	}
	if len(cfg.Views) != 1 || cfg.Views[0].Name != "refunds" || cfg.Keys["claim"] != "C" {
		t.Errorf("views %+v keys %v", cfg.Views, cfg.Keys)
	}
	if l, d, _ := cfg.Theme.Colour("accent"); l != "#5A3FC0" || d != "#9D8CFF" {
		t.Errorf("accent %s %s", l, d)
	}
	if l, d, _ := cfg.Theme.Colour("ok"); l != d {
		t.Errorf("one colour is both: %s %s", l, d)
	}
}

// Every mistake is one line: file, line, the key, what is wrong.
func TestTeamErrorsNameFileLineAndKey(t *testing.T) {
	for _, tc := range []struct {
		edit, want string
	}{
		{`hours    = "Mon-Fri 09:00-17:30"`, ""},
		{`zone     = "Europe/Berlin"` + "→" + `zone = "Mars/Base"`, `c.toml:8: team[1].zone: unknown time zone "Mars/Base"`},
		{`hours    = "Mon-Fri 09:00-17:30"` + "→" + `hours = "Mon-Fri 9-5"`, `c.toml:7: team[1].hours: business hours "Mon-Fri 9-5"`},
		{`assign   = "least-open"` + "→" + `assign = "fastest"`, `c.toml:17: team[2].assign: unknown assign rule "fastest"`},
		{`areas    = ["delivery"]` + "→" + `areas = ["billing"]`, `c.toml:15: team[2].areas: area billing is owned by both billing and delivery`},
		{`channels = ["phone"]` + "→" + `channels = ["pigeon"]`, `c.toml:16: team[2].channels: "pigeon" is not a channel`},
		{`name     = "delivery"` + "→" + `name = "Delivery Team"`, `c.toml:13: team[2].name: "Delivery Team"`},
		{`holidays = ["2026-12-25", "2026-12-26"]` + "→" + `holidays = ["Christmas"]`, `c.toml:9: team[1].holidays: holiday "Christmas"`},
		{`first_response = { normal = "4h", urgent = "30m" }` + "→" + `first_response = { normal = "soon" }`, `c.toml:10: team[1].first_response.normal: "soon"`},
		// A zero target makes every case late the moment it comes in.
		{`first_response = { normal = "4h", urgent = "30m" }` + "→" + `first_response = { normal = "4h", urgent = "0m" }`,
			`c.toml:10: team[1].first_response.urgent: "0m" is no target: every case would be late as it comes in`},
		{`resolution = { low = "2d" }` + "→" + `resolution = { low = "0d" }`, `c.toml:18: team[2].resolution.low: "0d" is no target`},
		{`query = "tag:billing/refund is:overdue"` + "→" + `query = ""`, `c.toml:22: view[1].query: view "refunds" needs a query`},
		// A team the desk does not have counted 0 on every screen, in silence.
		{`query = "tag:billing/refund is:overdue"` + "→" + `query = "team:biling status:active"`,
			`c.toml:22: view[1].query: team:biling: unknown team (billing, delivery, none)`},
		{`query = "tag:billing/refund is:overdue"` + "→" + `query = "team:delivery status:active"`, ""},
		{`ok = "#1E7F3C"` + "→" + `ok = "green"`, `c.toml:29: theme.ok: "green" is not a colour`},
		{`ok = "#1E7F3C"` + "→" + `okay = "#1E7F3C"`, `theme.okay: unknown colour`},
		{`max_open = 25` + "→" + `max_open = 25` + "\nmax_opne = 3", `c.toml:7: team[1].max_opne: unknown key`},
	} {
		old, repl, _ := strings.Cut(tc.edit, "→")
		text := teamsFile
		if repl != "" {
			text = strings.Replace(teamsFile, old, repl, 1)
		}
		_, err := Parse("c.toml", []byte(text))
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.edit, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s:\n got %v\nwant …%s…", repl, err, tc.want)
		case err != nil && strings.Contains(err.Error(), "\n"):
			t.Errorf("more than one line: %q", err)
		}
	}
}

// Within one team too, the mistake reported is the first by line: a bad
// zone below bad hours was reported first, and a bad assign rule hid a bad
// members list above it.
func TestTeamsFirstMistakeByLine(t *testing.T) {
	for _, tc := range []struct{ edits, want string }{
		{`hours    = "Mon-Fri 09:00-17:30"→hours = "Mon-Fri 17:00-09:00"|zone     = "Europe/Berlin"→zone = "Mars/Olympus"`,
			`c.toml:7: team[1].hours: business hours "Mon-Fri 17:00-09:00"`},
		{`members  = ["ana", "bo"]→members = ["ana", "b o"]|assign   = "round-robin"→assign = "fastest"`,
			`c.toml:3: team[1].members: "b o" is not an agent name`},
		{`members  = ["ana", "bo"]→members = ["ana", "ana"]`,
			`c.toml:3: team[1].members: "ana" is listed twice`},
		{`members  = ["ana", "bo"]→members = []`,
			`team[1].assign: round-robin with no members: the team can never be given a case`},
		{`zone     = "Europe/Berlin"→zone = "Mars/Olympus"|holidays = ["2026-12-25", "2026-12-26"]→holidays = ["Christmas"]`,
			`c.toml:8: team[1].zone: unknown time zone "Mars/Olympus"`},
	} {
		text := teamsFile
		for _, e := range strings.Split(tc.edits, "|") {
			old, repl, _ := strings.Cut(e, "→")
			text = strings.Replace(text, old, repl, 1)
		}
		if _, err := Parse("c.toml", []byte(text)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s:\n got %v\nwant …%s…", tc.edits, err, tc.want)
		}
	}
}

func TestKeyErrorNamesTheLine(t *testing.T) {
	claim := func(keys map[string]string) (string, string) {
		if keys["claim"] != "" {
			return "claim", "x"
		}
		return "", ""
	}
	_, err := ParseChecked("c.toml", []byte(teamsFile), claim)
	if err == nil || err.Error() != "config c.toml:25: keys.claim: x" {
		t.Errorf("%v", err)
	}
}

// The first mistake reported is the first by line, whichever section
// holds it (new-user finding: a bad [[view]] on line 6 was reported
// before a [keys] clash on line 2).
func TestFirstMistakeByLine(t *testing.T) {
	claim := func(keys map[string]string) (string, string) {
		if keys["claim"] == "j" {
			return "claim", `"j" is already down`
		}
		return "", ""
	}
	keys := "[keys]\nclaim = \"j\"\n"
	view := "[[view]]\nname = \"x\"\nquery = \"status:bogus\"\n"
	team := "[[team]]\nname = \"Billing\"\n"
	for _, tc := range []struct{ file, want string }{
		{"\n" + keys + "\n\n" + view, `config c.toml:3: keys.claim: "j" is already down`},
		{view + "\n" + keys, `config c.toml:3: view[1].query: status:bogus`},
		{view + team + keys, `config c.toml:3: view[1].query: status:bogus`},
		{keys + team + view, `config c.toml:2: keys.claim:`},
		{keys[:7] + team + view, `config c.toml:3: team[1].name:`},
	} {
		_, err := ParseChecked("c.toml", []byte(tc.file), claim)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant %s…", tc.file, err, tc.want)
		}
	}
}

// A member's name is kept as the agents file keeps it (NFC): Zoë typed
// decomposed by an editor is still the agents file's Zoë.
func TestTeamMembersAreNFC(t *testing.T) {
	text := strings.Replace(teamsFile, `members  = ["ana", "bo"]`, `members  = ["ana", "Zoe`+"\u0308"+`"]`, 1)
	cfg, err := Parse("c.toml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if names := cfg.AgentNames(); !slices.Contains(names, "Zoë") {
		t.Fatalf("agents %q", names)
	}
}
