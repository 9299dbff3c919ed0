package cli

import (
	"fmt"
	"os"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// runUpgrade brings a file written by an older caredesk to this one's
// schema. The app, import and serve do it too when they open the file to
// write; report, export and check only read, so they name this command.
func runUpgrade(stdio IO, args []string) error {
	fs := newFlags(stdio, "upgrade", "caredesk upgrade [--db PATH] [--config PATH]")
	db := dbFlag(fs)
	cfgPath := configFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("upgrade: unexpected argument %q", fs.Arg(0))}
	}
	if _, err := os.Stat(*db); err != nil {
		return fmt.Errorf("upgrade: no database at %s", *db)
	}
	old, err := store.Open(*db, store.Options{ReadOnly: true, AsFound: true})
	if err != nil {
		return err
	}
	from := old.Schema()
	old.Close()
	if from == store.SchemaVersion {
		fmt.Fprintf(stdio.Out, "%s is up to date (schema %d)\n", *db, from)
		return nil
	}
	cfg, err := loadConfig(*cfgPath) // its teams' SLA policies time idx_queue
	if err != nil {
		return err
	}
	s, err := store.Open(*db, storeOptions(cfg, store.Options{}))
	if err != nil {
		return fmt.Errorf("upgrade %s: %s", *db, model.ErrorMessage(err))
	}
	defer s.Close()
	fmt.Fprintf(stdio.Out, "upgraded %s from schema %d to %d\n", *db, from, store.SchemaVersion)
	return printSummary(stdio, s)
}
