package cli

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/caredesk/caredesk/internal/config"
	"github.com/caredesk/caredesk/internal/server"
	"github.com/caredesk/caredesk/model"
)

// checkAgentsFile is 'config check --agents FILE': the agents file the
// team server will use, read as the server reads it, against the config's
// teams. A line the server would leave out, a file it would refuse, and a
// team member missing from the file (routing never gives them a case:
// store.RouteOnlyTo) are errors; an agent in no team is a warning — they
// can work any case, but routing gives them none and they have no My
// team view. Leads in no team are usual (they see every team's view).
// Each finding is one line naming the file and line; it returns how many
// were errors.
func checkAgentsFile(stdio IO, cfg *config.Config, path string) (errs int, agents int, err error) {
	st, err := os.Stat(path)
	if err != nil {
		return 0, 0, fmt.Errorf("no agents file at %s", path)
	}
	if st.Mode().Perm()&0o022 != 0 {
		return 0, 0, fmt.Errorf("agents %s is writable by others (mode %04o): the server refuses everyone until it is chmod 644", path, st.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, fmt.Errorf("agents %s: %v", path, err)
	}
	list, problems := server.ParseAgents(data)
	for _, p := range problems {
		fmt.Fprintf(stdio.Err, "caredesk: agents %s:%d: %s (the server leaves this line out)\n", path, p.Line, p.Msg)
		errs++
	}
	names := map[string]model.Role{}
	for _, a := range list {
		names[a.Name] = a.Role
	}
	inTeam := map[string]bool{}
	for i, t := range cfg.Teams {
		for _, m := range t.Members {
			inTeam[m] = true
			if _, ok := names[m]; !ok {
				fmt.Fprintf(stdio.Err, "caredesk: %s\n", cfg.TeamError(i, "members",
					"%q is not in the agents file %s: routing gives them no case until they are added", m, path))
				errs++
			}
		}
	}
	if len(cfg.Teams) > 0 {
		var alone []string
		for name, role := range names {
			if role == model.RoleAgent && !inTeam[name] {
				alone = append(alone, name)
			}
		}
		slices.Sort(alone)
		for _, name := range alone {
			fmt.Fprintf(stdio.Err, "caredesk: agents %s:%d: warning: %s is in no team: routing gives them no case and they have no My team view\n",
				path, agentLine(data, name), name)
		}
	}
	return errs, len(names), nil
}

// agentLine is the line of the agents file where name's first key is.
func agentLine(data []byte, name string) int {
	for i, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == name {
			return i + 1
		}
	}
	return 0
}

// checkAgents runs checkAgentsFile when --agents was given: the ok line
// to print once the config is ok too, or exit status 1 after the findings.
func checkAgents(stdio IO, cfg *config.Config, path string) (ok string, err error) {
	if path == "" {
		return "", nil
	}
	errs, n, err := checkAgentsFile(stdio, cfg, path)
	if err != nil {
		return "", err
	}
	if errs > 0 {
		fmt.Fprintf(stdio.Err, "caredesk: agents %s: %d %s\n", path, errs, plural(errs, "problem", "problems"))
		return "", errRejected
	}
	return fmt.Sprintf("agents %s: ok (%d agents, %d teams)", path, n, len(cfg.Teams)), nil
}
