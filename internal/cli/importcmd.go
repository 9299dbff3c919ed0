package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/caredesk/caredesk/internal/csvio"
	"github.com/caredesk/caredesk/internal/ingest"
	"github.com/caredesk/caredesk/store"
	"github.com/caredesk/caredesk/ui"
	"github.com/charmbracelet/x/term"
)

// errRejected ends an import that rejected rows with status 1; the rows
// were already reported one by one.
var errRejected = errors.New("some rows were rejected")

func runImport(stdio IO, args []string) error {
	fs := newFlags(stdio, "import", "caredesk import [--db PATH] [--config PATH] FILE... ('-' reads standard input)")
	db := dbFlag(fs)
	cfgPath := configFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"import: name at least one FILE ('-' reads standard input)"}
	}
	// Open every file first: a typo in the third name should not leave
	// two files imported and a confusing half-done state.
	type input struct {
		name string
		r    io.Reader
		size int64
	}
	var inputs []input
	for _, name := range fs.Args() {
		if name == "-" {
			inputs = append(inputs, input{name: "stdin", r: stdio.In})
			continue
		}
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		if st.IsDir() {
			return fmt.Errorf("import: %s is a folder, not a file", name)
		}
		inputs = append(inputs, input{name: name, r: f, size: st.Size()})
	}
	cfg, err := loadConfig(*cfgPath) // its teams route the new cases
	if err != nil {
		return err
	}
	if err := ensureDir(*db); err != nil {
		return err
	}
	s, err := store.Open(*db, storeOptions(cfg, store.Options{}))
	if err != nil {
		return err
	}
	defer s.Close()

	showProgress := isTerminal(stdio.Err)
	var total ingest.Result
	for _, in := range inputs {
		opt := ingest.Options{Reject: func(e *csvio.RowError) { fmt.Fprintf(stdio.Err, "%s\n", e) }}
		var bar *ui.ProgressLine
		if showProgress && in.size > 0 {
			bar = ui.NewProgressLine(stdio.Err, in.name, in.size)
			opt.Progress = bar.Set
		}
		res, err := ingest.File(s, in.name, in.r, opt)
		if bar != nil {
			bar.Done()
		}
		total = total.Add(res)
		if err != nil {
			fmt.Fprintln(stdio.Out, total)
			return err
		}
	}
	fmt.Fprintln(stdio.Out, total)
	if total.Rejected > 0 {
		return errRejected
	}
	return nil
}

// isTerminal reports whether w is a terminal, for progress bars.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}
