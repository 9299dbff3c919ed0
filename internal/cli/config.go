package cli

import (
	_ "embed"
	"fmt"
	"os"

	"github.com/caredesk/caredesk/internal/config"
	"github.com/caredesk/caredesk/internal/server"
	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
	"github.com/caredesk/caredesk/ui"
)

// exampleConfig is what 'caredesk config example' prints; a test checks
// that it parses and passes 'config check'.
//
//go:embed config_example.toml
var exampleConfig string

// loadConfig reads the configuration (--config, $CAREDESK_CONFIG, XDG) and
// checks [keys] against the app's actions, so a clash or an unknown action
// is one line naming the file and key, before anything opens.
func loadConfig(path string) (*config.Config, error) {
	return config.LoadChecked(path, ui.CheckKeys)
}

// uiOptions are the app options a configuration implies: keys, views and
// colours. A local app is its own lead: it offers every team's view.
// The agent's own [[agent]] views, keys and colours come over the desk's.
func uiOptions(cfg *config.Config, opt ui.Options) ui.Options {
	look := agentLook(cfg)(opt.Agent)
	opt.Keys, opt.Views, opt.Lead = look.Keys, look.Views, true
	if names := cfg.AgentNames(); len(names) > 0 {
		// assign offers these, and refuses any other name
		opt.Agents = func() []string { return names }
	}
	if len(look.Colours) > 0 {
		opt.Styles = ui.NewStyles(ui.DefaultTheme().WithColours(look.Colours))
	}
	return opt
}

// agentLook is the views, keys and colours of each agent by the config:
// the desk's, with the agent's own [[agent]] ones over them; and the zone
// their team works in, which the team server shows their times in.
func agentLook(cfg *config.Config) func(agent string) server.Look {
	routing := cfg.Routing()
	return func(agent string) server.Look {
		views, keys, theme := cfg.ForAgent(agent)
		look := server.Look{Keys: keys, Colours: map[string][2]string{}, Zone: routing.ZoneOf(agent)}
		for _, v := range views {
			look.Views = append(look.Views, ui.SavedView{Name: v.Name, Query: v.Query})
		}
		for name := range theme {
			light, dark, _ := theme.Colour(name)
			look.Colours[name] = [2]string{light, dark}
		}
		return look
	}
}

// storeOptions are the store options a configuration implies: its teams.
func storeOptions(cfg *config.Config, opt store.Options) store.Options {
	opt.Routing = cfg.Routing()
	return opt
}

func runConfig(stdio IO, args []string) error {
	if len(args) == 0 {
		return usageError{"config: say check or example (caredesk config check [--config PATH] [--agents PATH] [--db PATH])"}
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdio.Out, "Usage: caredesk config check [--config PATH] [--agents PATH] [--db PATH]   validate the config file (file, line and key of the first mistake),\n"+
			"                                      the team server's agents file against its teams, and the views against the database's tags\n"+
			"       caredesk config example                 print a commented example config\n")
		return nil
	case "example":
		if len(args) > 1 {
			return usageError{fmt.Sprintf("config example: unexpected argument %q", args[1])}
		}
		fmt.Fprint(stdio.Out, exampleConfig)
		return nil
	case "check":
		fs := newFlags(stdio, "config check", "caredesk config check [--config PATH] [--agents PATH] [--db PATH]")
		cfgPath := configFlag(fs)
		agentsPath := fs.String("agents", "", "also check the team server's agents `FILE` against the config's teams (members missing from it, agents in no team)")
		dbPath := fs.String("db", "", "also check the views against the taxonomy of the database at `PATH` (a view naming no tag counts 0)")
		if err := parse(fs, args[1:]); err != nil {
			return err
		}
		if fs.NArg() > 0 {
			return usageError{fmt.Sprintf("config check: unexpected argument %q", fs.Arg(0))}
		}
		cfg, err := loadConfig(*cfgPath)
		if err != nil {
			return err
		}
		if cfg.Path == "" {
			fmt.Fprintf(stdio.Out, "no config file at %s: every default applies\n", config.DefaultPath())
		} else if cfg.Mail != nil && cfg.Mail.Warning() != "" {
			fmt.Fprintf(stdio.Err, "caredesk: config %s: warning: %s\n", cfg.Path, cfg.Mail.Warning())
		}
		if w := cfg.MaildirWarning(); w != nil {
			fmt.Fprintf(stdio.Err, "caredesk: %s\n", w)
		}
		if *dbPath != "" {
			if err := checkViewTags(stdio, cfg, *dbPath); err != nil {
				return err
			}
		}
		// The agents file's problems come first: nothing is "ok" then.
		agents, err := checkAgents(stdio, cfg, *agentsPath)
		if err != nil {
			return err
		}
		if cfg.Path != "" {
			fmt.Fprintf(stdio.Out, "config %s: ok (%d teams, %d views, %d keys remapped%s%s)\n", cfg.Path,
				len(cfg.Teams), len(cfg.Views), len(cfg.Keys), ifSet(cfg.Theme != nil, ", theme"), ifSet(cfg.Mail != nil, ", mail"))
		}
		if agents != "" {
			fmt.Fprintln(stdio.Out, agents)
		}
		return nil
	}
	return usageError{fmt.Sprintf("config: unknown subcommand %q (check, example)", args[0])}
}

// checkViewTags warns of each view whose tag: filter names no tag of the
// database's taxonomy, and of the rename that emptied it: the app renames
// tags in the database, never in this file.
func checkViewTags(stdio IO, cfg *config.Config, path string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("config check: no database at %s", path)
	}
	s, err := store.Open(path, store.Options{ReadOnly: true})
	if model.ErrorCode(err) == model.ELOCKED {
		return fmt.Errorf("config check: %s is in use (the app or caredesk serve holds it): check its views while it is closed", path)
	}
	if err != nil {
		return err
	}
	defer s.Close()
	infos, err := s.Tags()
	if err != nil {
		return err
	}
	changes, err := s.TagChanges()
	if err != nil {
		return err
	}
	var tags []string
	for _, t := range infos {
		if t.Cases > 0 || !t.Retired {
			tags = append(tags, t.Tag)
		}
	}
	renamed := map[string]string{}
	for _, c := range changes { // oldest first: a later rename of the new name follows on
		if c.Kind == "rename" || c.Kind == "merge" {
			renamed[c.From] = c.To
			for from, to := range renamed {
				if to == c.From {
					renamed[from] = c.To
				}
			}
		}
	}
	for _, w := range cfg.ViewTagWarnings(tags, renamed) {
		fmt.Fprintf(stdio.Err, "caredesk: %s\n", w)
	}
	return nil
}

func ifSet(ok bool, s string) string {
	if ok {
		return s
	}
	return ""
}
