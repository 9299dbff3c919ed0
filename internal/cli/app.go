package cli

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/caredesk/caredesk/internal/localfiles"
	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
	"github.com/caredesk/caredesk/ui"
	"github.com/charmbracelet/x/term"
)

func runApp(stdio IO, args []string) error {
	fs := newFlags(stdio, "caredesk", "caredesk [--db PATH] [--config PATH] [--agent NAME] [--read-only]")
	db := dbFlag(fs)
	cfgPath := configFlag(fs)
	agent := fs.String("agent", defaultAgent(), "agent `NAME` written on every change")
	readOnly := fs.Bool("read-only", false, "open the database as a viewer (no writes)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q (run 'caredesk --help')", fs.Arg(0))}
	}
	// A broken config is said before the screen opens, not in it.
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	if err := checkDeskAgent(cfg, fs, *agent); err != nil {
		return err
	}
	if err := checkTerminal(); err != nil {
		return err
	}
	if !*readOnly {
		if err := ensureDir(*db); err != nil {
			return err
		}
	}
	s, err := store.Open(*db, storeOptions(cfg, store.Options{ReadOnly: *readOnly}))
	if err != nil {
		return err
	}
	defer s.Close()
	// The app's file abilities, handed in here and nowhere else (a team
	// server's sessions get none).
	files := localfiles.Files{DB: *db, Source: s, Desk: s, Addr: mailIdentity(cfg).Address}
	opts := uiOptions(cfg, ui.Options{Agent: *agent, ReadOnly: *readOnly, Files: files, Backups: files,
		Mail: mailIdentity(cfg), Editor: editorCmd{}})
	if *readOnly {
		return runUI(s, opts)
	}
	// Drafts a team server kept on this database (its agent now working
	// on it alone) are named at start and restored in their cases.
	opts.TakeDraft = func(id model.CaseID) (model.EditorDraft, bool, error) { return s.TakeDraft(*agent, id) }
	opts.Drafts = func() ([]model.EditorDraft, error) { return s.Drafts(*agent) }
	opts.KeepDrafts = func(ds []model.EditorDraft) error {
		if err := s.SaveDrafts(ds); err != nil {
			return err
		}
		fmt.Fprintf(stdio.Err, "kept what you were writing as a draft (%s): it comes back when you open the case, :drafts names it\n", draftsNamed(ds))
		return nil
	}
	// The desk's mail runs while the app does: fetching, and sending what
	// the agents queue; its state is in the header.
	runner, stopMail, err := startAppMail(cfg, s)
	if err != nil {
		return err
	}
	defer stopMail()
	opts.MailRunner = runner
	waitBackup := startAutoBackup(s, *db, time.Now)
	err = runUI(s, opts)
	// The screen is gone by now, so a failed copy can be said plainly.
	if berr := waitBackup(); berr != nil {
		fmt.Fprintf(stdio.Err, "caredesk: %s\n", model.ErrorMessage(berr))
	}
	return err
}

// checkTerminal refuses to draw a screen where there is none: piped output
// or a terminal that cannot move the cursor.
func checkTerminal() error {
	if !term.IsTerminal(os.Stdout.Fd()) || !term.IsTerminal(os.Stdin.Fd()) {
		return fmt.Errorf("the app needs a terminal (standard input and output are not one); for scripts use 'caredesk import', 'export' or 'report'")
	}
	if t := os.Getenv("TERM"); t == "dumb" || strings.TrimSpace(t) == "" && os.Getenv("WT_SESSION") == "" {
		return fmt.Errorf("the app needs a terminal that can move the cursor (TERM=%q); set TERM=xterm-256color or use 'caredesk import', 'export' or 'report'", t)
	}
	return nil
}

// The app's file abilities are localfiles'.
var (
	_ ui.Files   = localfiles.Files{}
	_ ui.Backups = localfiles.Files{}
)

// draftsNamed says which drafts were kept: "note on #4".
func draftsNamed(ds []model.EditorDraft) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = fmt.Sprintf("%s on #%d", d.Kind, d.Case)
	}
	return strings.Join(parts, ", ")
}
