package config

import (
	"slices"
	"strings"
)

// Agent is one [[agent]]: a name the desk's cases may be assigned to. The
// agents of a desk are these and every [[team]]'s members; when there are
// any, the app offers only them for assign and refuses any other name
// (a case assigned to a typo vanishes from every "My cases").
type Agent struct {
	Name string `toml:"name"`
}

func (a *Agent) check(c *checker) {
	if strings.TrimSpace(a.Name) == "" || strings.ContainsAny(a.Name, " \t") {
		c.failf("name", "%q is not an agent name (one word, as on the agents file)", a.Name)
	}
}

func (cfg *Config) checkAgents(c *checker) {
	for i := range cfg.Agents {
		cfg.Agents[i].check(c.nth("agent", i))
	}
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
