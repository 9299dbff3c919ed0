package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/caredesk/caredesk/model"
)

// Team is one [[team]]: who is in it, which issue areas (and untagged
// channels or mailboxes) it owns, how it hands out cases, and its SLA.
type Team struct {
	Name      string   `toml:"name"`
	Members   []string `toml:"members"`
	Areas     []string `toml:"areas"`
	Channels  []string `toml:"channels"`
	Mailboxes []string `toml:"mailboxes"`
	Assign    string   `toml:"assign"`   // round-robin | least-open | none
	MaxOpen   int      `toml:"max_open"` // 0: no cap
	Hours     string   `toml:"hours"`    // "Mon-Fri 09:00-17:30"; empty: around the clock
	Zone      string   `toml:"zone"`
	Holidays  []string `toml:"holidays"`

	FirstResponse *Targets `toml:"first_response"`
	Resolution    *Targets `toml:"resolution"`

	routing model.Team // built by check
}

// Targets are SLA targets by priority, in the team's business time:
// "30m", "4h", "2d" (a day is 24 hours of business time).
type Targets struct {
	Urgent Target `toml:"urgent"`
	High   Target `toml:"high"`
	Normal Target `toml:"normal"`
	Low    Target `toml:"low"`
}

// Target is a duration with days allowed.
type Target struct{ time.Duration }

// UnmarshalText reads "90m", "4h" or "2d".
func (t *Target) UnmarshalText(b []byte) error {
	s := strings.TrimSpace(string(b))
	if n, ok := strings.CutSuffix(s, "d"); ok {
		d, err := strconv.Atoi(n)
		if err != nil || d < 0 || d > 3650 {
			return fmt.Errorf("%q is not a target like \"30m\", \"4h\" or \"2d\"", b)
		}
		t.Duration = time.Duration(d) * 24 * time.Hour
		return t.notZero(b)
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		return fmt.Errorf("%q is not a target like \"30m\", \"4h\" or \"2d\"", b)
	}
	t.Duration = v
	return t.notZero(b)
}

// notZero refuses a target of nothing: every case would be late the
// moment it comes in.
func (t *Target) notZero(b []byte) error {
	if t.Duration == 0 {
		return fmt.Errorf("%q is no target: every case would be late as it comes in (as \"30m\", \"4h\" or \"2d\")", b)
	}
	return nil
}

func (t *Targets) policy() model.SLAPolicy {
	if t == nil {
		return model.SLAPolicy{}
	}
	return model.SLAPolicy{Urgent: t.Urgent.Duration, High: t.High.Duration, Normal: t.Normal.Duration, Low: t.Low.Duration}
}

// checkTeams validates every [[team]] and that they fit together (one owner
// per area, channel and mailbox).
func (cfg *Config) checkTeams(c *checker) {
	var teams []model.Team
	before := c.problems()
	for i := range cfg.Teams {
		t := &cfg.Teams[i]
		tc := c.nth("team", i)
		t.check(tc)
		teams = append(teams, t.routing)
	}
	if c.problems() > before || len(teams) == 0 {
		return
	}
	if _, err := model.NewRouting(teams); err != nil {
		key := "areas"
		if strings.Contains(err.Error(), "channel") {
			key = "channels"
		} else if strings.Contains(err.Error(), "mailbox") {
			key = "mailboxes"
		} else if strings.Contains(err.Error(), "twice") {
			key = "name"
		}
		// Point at the last team named in the message: the one that
		// clashed with an earlier one.
		last := 0
		for i, t := range cfg.Teams {
			if strings.Contains(err.Error(), " "+t.Name) || strings.HasSuffix(err.Error(), t.Name) {
				last = i
			}
		}
		c.nth("team", last).failf(key, "%s", model.ErrorMessage(err))
	}
}

// check records every mistake of the team, each under its own key: the
// checker reports the first in file order, whichever key it is.
func (t *Team) check(c *checker) {
	if !model.ValidTeamName(t.Name) {
		c.failf("name", "%q: a team name is lower-case letters, digits, '-' and '_'", t.Name)
	}
	rt := model.Team{Name: t.Name, Members: t.Members, MaxOpen: t.MaxOpen, Mailboxes: t.Mailboxes}
	seen := map[string]bool{}
	for i, m := range t.Members {
		t.Members[i] = norm.NFC.String(m) // as the agents file keeps names
		if strings.TrimSpace(m) == "" || strings.ContainsAny(m, " \t") {
			c.failf("members", "%q is not an agent name", m)
			break
		}
		if seen[t.Members[i]] {
			c.failf("members", "%q is listed twice: they would get two turns of round-robin", m)
			break
		}
		seen[t.Members[i]] = true
	}
	for _, a := range t.Areas {
		if n, err := model.NormalizeTag(a); err != nil || strings.Contains(n, "/") {
			c.failf("areas", "%q is not an issue area (the part of a tag before '/', as billing)", a)
			break
		}
		rt.Areas = append(rt.Areas, strings.ToLower(strings.TrimSpace(a)))
	}
	for _, ch := range t.Channels {
		if !model.ValidChannel(ch) {
			c.failf("channels", "%q is not a channel (%s)", ch, channelList())
			break
		}
		rt.Channels = append(rt.Channels, model.ParseChannel(ch))
	}
	var err error
	if rt.Assign, err = model.ParseAssignRule(t.Assign); err != nil {
		c.failf("assign", "%s", model.ErrorMessage(err))
	} else if rt.Assign != model.AssignNone && len(t.Members) == 0 {
		c.failf("assign", "%s with no members: the team can never be given a case (members = [\"ana\", …], or assign = \"none\")", rt.Assign)
	}
	if t.MaxOpen < 0 {
		c.failf("max_open", "cannot be negative (0: no cap)")
	}
	rt.SLA.Hours = t.checkHours(c)
	rt.SLA.FirstResponse, rt.SLA.Resolution = t.FirstResponse.policy(), t.Resolution.policy()
	t.routing = rt
}

// checkHours reads the team's business hours; hours, zone and holidays
// are checked each on its own, so a bad zone does not hide bad hours
// written above it.
func (t *Team) checkHours(c *checker) *model.BusinessHours {
	if t.Hours == "" {
		if t.Zone != "" || len(t.Holidays) > 0 {
			c.failf("hours", "zone and holidays need hours (as \"Mon-Fri 09:00-17:30\")")
		}
		return nil
	}
	if _, err := model.ParseZone(t.Zone); err != nil {
		c.failf("zone", "%s", model.ErrorMessage(err))
	}
	if _, err := model.ParseHours(t.Hours, "", nil); err != nil {
		c.failf("hours", "%s", model.ErrorMessage(err))
		return nil
	}
	if _, err := model.ParseHours(t.Hours, "", t.Holidays); err != nil {
		c.failf("holidays", "%s", model.ErrorMessage(err))
		return nil
	}
	h, _ := model.ParseHours(t.Hours, t.Zone, t.Holidays)
	return h
}

func channelList() string {
	var names []string
	for _, ch := range model.Channels {
		names = append(names, string(ch))
	}
	return strings.Join(names, ", ")
}

// Routing is the desk's teams from the file; nil when it has none.
func (cfg *Config) Routing() *model.Routing {
	if cfg == nil || len(cfg.Teams) == 0 {
		return nil
	}
	var teams []model.Team
	for _, t := range cfg.Teams {
		teams = append(teams, t.routing)
	}
	r, err := model.NewRouting(teams)
	if err != nil { // Parse checked this
		return nil
	}
	return r
}

// nth is the checker of the i-th (0-based) [[name]] table, whose keys are
// found under that table's own header.
func (c *checker) nth(name string, i int) *checker {
	n := c.in(name)
	n.index = i + 1
	return n
}

// lineOfNth finds key in the n-th (1-based) [[table]] block of data.
func lineOfNth(data []byte, table string, n int, key string) int {
	seen, in, header := 0, false, 0
	for i, line := range strings.Split(string(data), "\n") {
		s := strings.TrimSpace(line)
		if strings.HasPrefix(s, "[") {
			h := strings.TrimSpace(strings.SplitN(s, "#", 2)[0])
			in = false
			if h == "[["+table+"]]" {
				seen++
				if seen == n {
					in, header = true, i+1
				}
			}
			continue
		}
		if !in {
			continue
		}
		name, _, ok := strings.Cut(s, "=")
		if ok && strings.Trim(strings.TrimSpace(name), `"`) == key {
			return i + 1
		}
	}
	return header
}

// TeamError is a problem with key of the i-th (0-based) [[team]] found
// after Parse ('config check --agents' names members the agents file
// lacks): file, line and key, on one line.
func (cfg *Config) TeamError(i int, key, format string, args ...any) *Error {
	return &Error{File: cfg.Path, Line: lineOfNth(cfg.data, "team", i+1, key), Key: fmt.Sprintf("team[%d].%s", i+1, key),
		Msg: fmt.Sprintf(format, args...)}
}
