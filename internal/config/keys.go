package config

import (
	"fmt"
	"strings"
)

// checkKeys checks [keys], and each [[agent]]'s keys over them, with the
// app's check: a clash or an unknown action names the file, line and key.
func (cfg *Config) checkKeys(c *checker, check KeyCheck) {
	if action, msg := check(cfg.Keys); msg != "" {
		c.in("keys").failf(action, "%s", msg)
	}
	for i, a := range cfg.Agents {
		if len(a.Keys) == 0 {
			continue
		}
		// an agent's keys over the desk's must not clash either
		_, keys, _ := cfg.ForAgent(strings.TrimSpace(a.Name))
		if action, msg := check(keys); msg != "" {
			c.add(&Error{File: c.file, Line: lineOfNth(c.data, "agent", i+1, "keys"),
				Key: fmt.Sprintf("agent[%d].keys.%s", i+1, action), Msg: msg})
		}
	}
}
