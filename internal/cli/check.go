package cli

import (
	"fmt"
	"os"

	"github.com/caredesk/caredesk/internal/config"
	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

func runCheck(stdio IO, args []string) error {
	fs := newFlags(stdio, "check", "caredesk check [--db PATH] [--config PATH] [--repair]")
	db := dbFlag(fs)
	cfgPath := configFlag(fs)
	repair := fs.Bool("repair", false, "rebuild every index and counter from the cases, then check again (needs the database to yourself)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("check: unexpected argument %q", fs.Arg(0))}
	}
	if _, err := os.Stat(*db); err != nil {
		return fmt.Errorf("check: no database at %s", *db)
	}
	// Read the config the way the app does (--config, $CAREDESK_CONFIG,
	// XDG): its teams' SLA policies time idx_queue.
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	// VerifyFile refuses a truncated file (bbolt would crash on it) and
	// turns a crash on a damaged page into an error. It only reads, so a
	// plain check runs beside other viewers.
	probs, err := store.VerifyFileWithTeams(*db, cfg.Routing())
	if r := servedRefusal("check", *db, err, ""); r != nil {
		return r
	}
	if err != nil {
		return err
	}
	s, err := store.Open(*db, storeOptions(cfg, store.Options{ReadOnly: !*repair || len(probs) == 0, Damaged: true}))
	if r := servedRefusal("check", *db, err, ""); r != nil {
		return r
	}
	if err != nil {
		return err
	}
	defer s.Close()
	for _, p := range probs {
		fmt.Fprintln(stdio.Out, p)
	}
	if n := store.ProblemCount(probs); n > 0 && !*repair {
		return fmt.Errorf("%s: %d %s; 'caredesk check --repair' rebuilds indexes and counters from the cases (back it up first with 'caredesk backup')",
			*db, n, plural(n, "problem", "problems"))
	}
	if len(probs) > 0 {
		if err := s.Repair(); err != nil {
			return fmt.Errorf("repair %s: %s; restore a backup with 'caredesk restore'", *db, model.ErrorMessage(err))
		}
		if probs, err = s.Check(); err != nil {
			return fmt.Errorf("check %s after repair: %w", *db, err)
		}
		for _, p := range probs {
			fmt.Fprintln(stdio.Out, "after repair:", p)
		}
		if n := store.ProblemCount(probs); n > 0 {
			return fmt.Errorf("%s: repair left %d %s; restore a backup with 'caredesk restore'",
				*db, n, plural(n, "problem", "problems"))
		}
		fmt.Fprintln(stdio.Out, "repaired")
	}
	if s.QueueTimedElsewhere() {
		fmt.Fprintln(stdio.Out, queueNote(cfg))
	}
	return printSummary(stdio, s)
}

// queueNote says what a check without the desk's teams left out: the due
// times of team cases, which only their teams' SLA policies give.
func queueNote(cfg *config.Config) string {
	const what = "note: the due times of team cases in idx_queue were not checked: "
	if len(cfg.Teams) == 0 {
		return what + "the SLA policies of the desk's teams set them, and no config gave them ('caredesk check --config FILE' checks them too)"
	}
	return what + "they were set under other teams' SLA policies than " + cfg.Path + "'s (the app re-times them when it opens the desk with this config)"
}

// printSummary is the one line a clean check ends with.
func printSummary(stdio IO, s *store.DB) error {
	st, err := s.Stats()
	if err != nil {
		return err
	}
	tags, err := s.Tags()
	if err != nil {
		return err
	}
	var size int64
	if fi, err := os.Stat(s.Path()); err == nil {
		size = fi.Size()
	}
	fmt.Fprintf(stdio.Out, "ok: %s: %d cases, %d customers, %d tags, %s\n", s.Path(), st.Cases, st.Customers, len(tags), humanBytes(size))
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// humanBytes writes a file size the way ls -h does.
func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
