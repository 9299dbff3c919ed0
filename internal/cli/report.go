package cli

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/caredesk/caredesk/internal/config"
	"github.com/caredesk/caredesk/internal/report"
	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

func runReport(stdio IO, args []string) error {
	fs := newFlags(stdio, "report", "caredesk report [--db PATH] [--config PATH] [--agent NAME] [--by day|week|month] [--from DATE] [--to DATE] [--tag PREFIX] [--filter QUERY] [--metric cases|customers|repeat|overdue|handoffs|sla] [--format csv|json|md|html] [-o FILE [--force]]")
	db := dbFlag(fs)
	cfgPath := configFlag(fs)
	var rf report.Flags
	rf.Register(fs)
	fs.StringVar(&rf.Agent, "agent", defaultAgent(), "agent `NAME` for @me and is:mine in --filter")
	out := fs.String("o", "-", "write to `FILE` instead of standard output")
	force := fs.Bool("force", false, "replace FILE if it exists")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("report: unexpected argument %q", fs.Arg(0))}
	}
	spec, err := rf.Spec()
	if err != nil {
		return usageError{"report: " + model.ErrorMessage(err)}
	}
	if _, err := report.ParseFormat(rf.Format); err != nil {
		return usageError{"report: " + model.ErrorMessage(err)}
	}
	if _, err := os.Stat(*db); err != nil {
		return fmt.Errorf("report: no database at %s", *db)
	}
	if err := checkOutput("report", *out, *force, *db); err != nil {
		return err
	}
	cfg, err := loadConfig(*cfgPath) // its teams' SLA policies
	if err != nil {
		return err
	}
	s, err := store.Open(*db, storeOptions(cfg, store.Options{ReadOnly: true}))
	if model.ErrorCode(err) == model.ELOCKED {
		// The app holds the file while it writes; it writes reports too,
		// and a team server answers `report` over SSH.
		if addr := servedAt(*db); addr != "" {
			return fmt.Errorf("report: %s is held by caredesk serve on %s: ask it with %s (the same flags)", *db, addr, sshHint(addr, "report"))
		}
		return fmt.Errorf("report: %s is in use: use :report FILE inside the app", *db)
	}
	if err != nil {
		return err
	}
	defer s.Close()
	if err := spec.Query.CheckTeams(s.Routing()); err != nil {
		return usageError{"report: " + model.ErrorMessage(err)}
	}
	spec.SLA = s.SLA()
	spec.Now = time.Now()
	err = writeOutput(stdio.Out, "report", *out, *force, *db, func(w io.Writer) error {
		return report.Write(w, s, spec, rf.Format, report.BriefOptions{})
	})
	if err == nil && s.QueueTimedElsewhere() {
		fmt.Fprintln(stdio.Err, reportNote(cfg))
	}
	return err
}

// reportNote says that the team cases were measured without their teams'
// SLA policies (the config in use is not the desk's): due times, overdue
// and attainment then follow the around-the-clock defaults.
func reportNote(cfg *config.Config) string {
	const what = "note: team cases were measured against the desk's around-the-clock defaults, not their teams' SLA policies: "
	if len(cfg.Teams) == 0 {
		return what + "no config gave them ('caredesk report --config FILE' measures them)"
	}
	return what + "the desk's cases were timed under other teams than " + cfg.Path + "'s"
}
