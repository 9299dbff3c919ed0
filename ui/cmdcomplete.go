package ui

import (
	"slices"
	"strings"

	"github.com/caredesk/caredesk/internal/caseindex"
	"github.com/caredesk/caredesk/model"
)

// The command line's completers: what tab offers for each command's
// argument (cmdline.go lists the commands).

func prefixed(cands []string, arg string) []string {
	arg = strings.ToLower(arg)
	var out []string
	for _, c := range cands {
		if strings.HasPrefix(strings.ToLower(c), arg) {
			out = append(out, c)
		}
	}
	return out
}

func completeViews(a *app, arg string) []string {
	return prefixed(append(viewCmdNames(), a.orders.savedNames()...), arg)
}

func completeSorts(_ *app, arg string) []string {
	var names []string
	for s := range caseindex.NumSorts {
		names = append(names, s.Command())
	}
	return prefixed(names, arg)
}

func completeStatuses(_ *app, arg string) []string {
	var names []string
	for _, s := range model.Statuses {
		names = append(names, s.String())
	}
	return prefixed(names, arg)
}

func completePriorities(_ *app, arg string) []string {
	var names []string
	for _, p := range model.Priorities {
		names = append(names, p.String())
	}
	return prefixed(names, arg)
}

func completeAgents(a *app, arg string) []string {
	names := []string{"none"}
	if a.e.agent != "" {
		names = append(names, a.e.agent)
	}
	if a.e.agents != nil {
		for _, w := range a.e.agents() {
			if !slices.Contains(names, w) {
				names = append(names, w)
			}
		}
	}
	// Names already in the data are offered only while the desk lists no
	// agents: once it does, an old typo ("zz") is not suggested again.
	if s := a.orders.snapshot(); s != nil && a.e.agents == nil {
		for _, w := range s.Assignees() {
			if !slices.Contains(names, w) {
				names = append(names, w)
			}
		}
	}
	slices.Sort(names[1:])
	return prefixed(names, arg)
}

// notAnAgent refuses an assignee off the desk's agents list, naming them.
func notAnAgent(name string, agents []string) string {
	return Clean(name) + " is not an agent of this desk (agents: " + Clean(strings.Join(agents, ", ")) + "): nothing was assigned"
}

func completeTags(a *app, arg string) []string {
	seen := map[string]bool{}
	var names []string
	if s := a.orders.snapshot(); s != nil {
		for _, ts := range s.TagSets() {
			for _, t := range ts {
				if !seen[t] {
					seen[t] = true
					names = append(names, t)
				}
			}
		}
	}
	slices.Sort(names)
	out := prefixed(names, arg)
	if len(out) > 50 {
		out = out[:50]
	}
	return out
}

func completeFollowUp(_ *app, arg string) []string {
	return prefixed([]string{"tomorrow 9:00", "today 17:00", "+1h", "+2d", "+1w", "mon 9:00", "none"}, arg)
}

func completeRecovery(_ *app, arg string) []string {
	if strings.Contains(arg, " ") {
		return nil
	}
	var out []string
	for _, k := range prefixed(model.RecoveryKinds, arg) {
		out = append(out, k+" ")
	}
	return out
}
