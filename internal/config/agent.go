package config

import (
	"github.com/caredesk/caredesk/model"

	"slices"
	"strings"
)

// Agent is one [[agent]]: a name the desk's cases may be assigned to. The
// agents of a desk are these and every [[team]]'s members; when there are
// any, the app offers only them for assign and refuses any other name
// (a case assigned to a typo vanishes from every "My cases").
//
// An agent may have views, keys and colours of their own, over the desk's:
// on the team server the server's [[view]]s, [keys] and [theme] are
// everyone's, and an agent's [[agent]] section adds their own. They live
// here, in the file the server checks at start, rather than in the
// database: a clash or a bad query is then one line naming the file and
// key before any screen opens, and the desk's lead reviews one file.
type Agent struct {
	Name  string            `toml:"name"`
	Views []View            `toml:"view"`  // after the desk's [[view]]s
	Keys  map[string]string `toml:"keys"`  // over the desk's [keys]
	Theme *Theme            `toml:"theme"` // over the desk's [theme]
}

func (a *Agent) check(c *checker, desk []View, r *model.Routing) {
	if strings.TrimSpace(a.Name) == "" || strings.ContainsAny(a.Name, " \t") {
		c.failf("name", "%q is not an agent name (one word, as on the agents file)", a.Name)
	}
	checkViewList(c, append(slices.Clip(desk), a.Views...), len(desk), r)
	if a.Theme != nil {
		a.Theme.check(c.in("theme"))
	}
}

func (cfg *Config) checkAgents(c *checker) {
	first := map[string]int{} // name → its first [[agent]], 1-based
	for i := range cfg.Agents {
		ac := c.nth("agent", i)
		cfg.Agents[i].check(ac, cfg.Views, cfg.Routing())
		// two sections of one agent: which views and keys they get would
		// be left to the order of the file
		name := strings.TrimSpace(cfg.Agents[i].Name)
		if j, ok := first[name]; ok && name != "" {
			ac.failf("name", "agent %s is defined twice (line %d)", name, lineOfNth(c.data, "agent", j, "name"))
		} else if !ok {
			first[name] = i + 1
		}
	}
}

// ForAgent is what an agent works with: the desk's views then the agent's
// own, the desk's keys and colours with the agent's over them.
func (cfg *Config) ForAgent(name string) (views []View, keys map[string]string, theme Theme) {
	views = slices.Clip(cfg.Views)
	keys, theme = map[string]string{}, Theme{}
	for k, v := range cfg.Keys {
		keys[k] = v
	}
	if cfg.Theme != nil {
		for k, v := range *cfg.Theme {
			theme[k] = v
		}
	}
	for _, a := range cfg.Agents {
		if strings.TrimSpace(a.Name) != name {
			continue
		}
		views = append(views, a.Views...)
		for k, v := range a.Keys {
			keys[k] = v
		}
		if a.Theme != nil {
			for k, v := range *a.Theme {
				theme[k] = v
			}
		}
	}
	return views, keys, theme
}

// AgentNames is the desk's agents, sorted: [[agent]] names and [[team]]
// members. Nil when the file names none: the desk then has no list.
func (cfg *Config) AgentNames() []string {
	if cfg == nil {
		return nil
	}
	var out []string
	for _, a := range cfg.Agents {
		out = append(out, strings.TrimSpace(a.Name))
	}
	for _, t := range cfg.Teams {
		out = append(out, t.Members...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
