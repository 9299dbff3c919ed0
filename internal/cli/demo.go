package cli

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/caredesk/caredesk/internal/config"
	"github.com/caredesk/caredesk/internal/demo"
	"github.com/caredesk/caredesk/internal/localfiles"
	"github.com/caredesk/caredesk/store"
	"github.com/caredesk/caredesk/ui"
)

// demoCases is the size of the demo: enough to feel like a real desk's
// half year, small enough to seed in well under a second.
const demoCases = 4000

// demoConfig gives the demo desk teams (routing, "My team", SLA clocks in
// business hours) and views, as a config file would.
//
//go:embed demo_config.toml
var demoConfig []byte

func runDemo(stdio IO, args []string) error {
	fs := newFlags(stdio, "demo", "caredesk demo [--agent NAME] [--cases N] [--keep PATH]")
	agent := fs.String("agent", "ana", "agent `NAME` to work as: ana, bo (billing), chen, dee (delivery), eli (product)")
	cases := fs.Int("cases", demoCases, "how many `N` cases to generate")
	keep := fs.String("keep", "", "write the demo database to `PATH` and keep it, instead of a temporary file")
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, err := config.Parse("demo_config.toml", demoConfig)
	if err != nil {
		return err
	}
	if err := checkDeskAgent(cfg, fs, *agent); err != nil {
		return err
	}
	if err := checkTerminal(); err != nil {
		return err
	}
	path := *keep
	if path == "" {
		dir, err := os.MkdirTemp("", "caredesk-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "demo.db")
	} else if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s already exists; the demo writes a fresh database", path)
	}
	s, err := seedDemo(path, *cases, time.Now(), cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	files := localfiles.Files{DB: path, Source: s, Desk: s, Addr: mailIdentity(cfg).Address}
	return runUI(s, uiOptions(cfg, ui.Options{Agent: *agent, Files: files, Backups: files, Editor: editorCmd{}}))
}

// seedDemo creates a database at path filled with n generated cases,
// routed to cfg's teams as they are imported.
func seedDemo(path string, n int, now time.Time, cfg *config.Config) (*store.DB, error) {
	s, err := store.Open(path, store.Options{Routing: cfg.Routing()})
	if err != nil {
		return nil, err
	}
	err = demo.Load(s, demo.Config{Cases: n, Seed: 1, Now: now}, nil)
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("seeding the demo database: %w", err)
	}
	return s, nil
}
