package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/caredesk/caredesk/internal/csvio"
	"github.com/caredesk/caredesk/internal/email"
	"github.com/caredesk/caredesk/internal/ingest"
	"github.com/caredesk/caredesk/internal/textsafe"
	"github.com/caredesk/caredesk/store"
	"github.com/caredesk/caredesk/ui"
	"github.com/charmbracelet/x/term"
)

// errRejected ends an import that rejected rows with status 1; the rows
// were already reported one by one.
var errRejected = errors.New("some rows were rejected")

func runImport(stdio IO, args []string) error {
	fs := newFlags(stdio, "import", "caredesk import [--db PATH] [--config PATH] FILE|MAILDIR... ('-' reads standard input)")
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
		mail string // "mbox" or "maildir": a desk's mail history
	}
	var inputs []input
	for _, name := range fs.Args() {
		if name == "-" {
			// Told apart by the first line, as a named file is.
			br := bufio.NewReaderSize(stdio.In, 64<<10)
			inputs = append(inputs, input{name: "stdin", r: br, mail: mailKind(br)})
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
			if !email.IsMaildir(name) {
				return fmt.Errorf("import: %s is a folder, not a file (nor a Maildir with cur/ and new/)", name)
			}
			inputs = append(inputs, input{name: name, mail: "maildir"})
			continue
		}
		br := bufio.NewReaderSize(f, 64<<10)
		inputs = append(inputs, input{name: name, r: br, size: st.Size(), mail: mailKind(br)})
	}
	cfg, err := loadConfig(*cfgPath) // its teams route the new cases
	if err != nil {
		return err
	}
	desk := "" // the desk's own address, so its own mail in a history is a loop
	if cfg.Mail != nil {
		desk = cfg.Mail.Address
	}
	if err := ensureDir(*db); err != nil {
		return err
	}
	s, err := store.Open(*db, storeOptions(cfg, store.Options{}))
	if err != nil {
		file := "FILE" // a Maildir or several files go one file at a time
		if len(inputs) == 1 && inputs[0].mail != "maildir" {
			file = shellWord(inputs[0].name)
		}
		if r := servedRefusal("import", *db, err, file); r != nil {
			return r
		}
		return err
	}
	defer s.Close()

	showProgress := isTerminal(stdio.Err)
	var total ingest.Result
	for _, in := range inputs {
		if in.mail != "" {
			var res email.FetchResult
			var err error
			if in.mail == "maildir" {
				res, err = email.ImportMaildir(s, in.name, desk)
			} else {
				res, err = email.ImportMbox(s, in.r, in.name, desk)
			}
			for _, r := range res.Refused {
				fmt.Fprintf(stdio.Err, "%s\n", textsafe.ID(fmt.Sprint(r)))
			}
			fmt.Fprintf(stdio.Out, "%s: %s\n", in.name, res)
			ir, rejected := res.AsImport()
			total = total.Add(ingest.Result{ImportResult: ir, Rejected: rejected})
			if err != nil {
				fmt.Fprintln(stdio.Out, total)
				return err
			}
			continue
		}
		// A rejected row or warning may quote a customer's stored name or
		// text: shown as textsafe.ID shows it (a bidi override as
		// ⟨U+202E⟩, ESC as ␛), never raw on the terminal.
		opt := ingest.Options{Reject: func(e *csvio.RowError) { fmt.Fprintf(stdio.Err, "%s\n", textsafe.ID(e.Error())) },
			Warn: func(w string) { fmt.Fprintf(stdio.Err, "warning: %s\n", textsafe.ID(w)) }}
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

// mailKind is "mbox" when br begins as an mbox does ("From "), else "":
// a CSV or JSON lines file.
func mailKind(br *bufio.Reader) string {
	if head, _ := br.Peek(5); email.IsMbox(head) {
		return "mbox"
	}
	return ""
}

// isTerminal reports whether w is a terminal, for progress bars.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}
