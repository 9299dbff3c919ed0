package cli

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/caredesk/caredesk/internal/config"
	"github.com/caredesk/caredesk/internal/textsafe"
	"github.com/caredesk/caredesk/model"
)

// checkDeskAgent refuses to open a desk whose config lists its agents (its
// [[agent]]s and teams' members) as a name it does not list: every change
// is written under that name, and a case it claims vanishes from every
// colleague's "My cases" — the typo assign refuses ("zed is not an agent
// of this desk"). A config that lists nobody takes any name.
func checkDeskAgent(cfg *config.Config, fs *flag.FlagSet, agent string) error {
	names := cfg.AgentNames()
	if len(names) == 0 || slices.Contains(names, agent) {
		return nil
	}
	if nfc, ok := model.AgentName(agent); ok && slices.Contains(names, nfc) {
		return nil
	}
	return usageError{fmt.Sprintf("%s is not an agent of this desk (agents: %s): start with --agent NAME, or add them to the config's [[agent]]s or a team's members",
		agentSource(fs, textsafe.Line(agent)), textsafe.Line(strings.Join(names, ", ")))}
}

// agentSource says where the agent's name came from, for a refusal: the
// flag, $CAREDESK_AGENT, or the login (defaultAgent's order).
func agentSource(fs *flag.FlagSet, name string) string {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == "agent" })
	switch {
	case set:
		return "--agent " + name
	case os.Getenv("CAREDESK_AGENT") != "":
		return "$CAREDESK_AGENT " + name
	}
	return name + " (the login name; no --agent or $CAREDESK_AGENT)"
}
