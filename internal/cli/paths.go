package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
)

// defaultDBPath is $CAREDESK_DB, else $XDG_DATA_HOME/caredesk/caredesk.db,
// else ~/.local/share/caredesk/caredesk.db.
func defaultDBPath() string {
	if p := os.Getenv("CAREDESK_DB"); p != "" {
		return p
	}
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			home = "."
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "caredesk", "caredesk.db")
}

// defaultAgent is $CAREDESK_AGENT, else the operating-system user.
func defaultAgent() string {
	if a := os.Getenv("CAREDESK_AGENT"); a != "" {
		return a
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "agent"
}

// dbFlag adds --db to a flag set.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", defaultDBPath(), "database `PATH`")
}

// ensureDir creates the database's folder (0700: it holds customer data).
func ensureDir(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("cannot create %s: %w", dir, errors.Unwrap(err))
	}
	return nil
}

// configFlag adds --config to a flag set; "" means $CAREDESK_CONFIG, else
// $XDG_CONFIG_HOME/caredesk/config.toml (see internal/config).
func configFlag(fs *flag.FlagSet) *string {
	return fs.String("config", "", "config `PATH` (default $CAREDESK_CONFIG, else $XDG_CONFIG_HOME/caredesk/config.toml)")
}
