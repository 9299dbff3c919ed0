package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/caredesk/caredesk/internal/csvio"
	"github.com/caredesk/caredesk/internal/outfile"
	"github.com/caredesk/caredesk/internal/textsafe"
	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

func runExport(stdio IO, args []string) error {
	fs := newFlags(stdio, "export", "caredesk export [--db PATH] [--format csv|jsonl] [-o FILE [--force]]")
	db := dbFlag(fs)
	format := fs.String("format", "csv", "`csv` (the import columns, team and conversation included, then the extra fields) or jsonl (everything, history included)")
	out := fs.String("o", "-", "write to `FILE` instead of standard output")
	force := fs.Bool("force", false, "replace FILE if it exists")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("export: unexpected argument %q", fs.Arg(0))}
	}
	if *format != "csv" && *format != "jsonl" {
		return usageError{fmt.Sprintf("export: unknown format %q (csv or jsonl)", *format)}
	}
	if _, err := os.Stat(*db); err != nil {
		return fmt.Errorf("export: no database at %s", *db)
	}
	if err := checkOutput("export", *out, *force, *db); err != nil {
		return err
	}
	s, err := store.Open(*db, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	stdout := stdio.Out
	var tw *textsafe.TerminalWriter
	if (*out == "-" || *out == "") && isTerminal(stdio.Out) {
		// Customers' text on the user's own terminal: escapes shown, not
		// run. Files and pipes get the exact bytes.
		tw = textsafe.NewTerminalWriter(stdio.Out)
		stdout = tw
	}
	err = writeOutput(stdout, "export", *out, *force, *db, func(w io.Writer) error {
		return exportTo(s, w, *format)
	})
	if tw != nil && err == nil {
		err = tw.Flush()
	}
	return err
}

func exportTo(s *store.DB, w io.Writer, format string) error {
	if format == "jsonl" {
		jw := csvio.NewJSONLWriter(w)
		return s.EachCaseMail(func(c model.Case, cu model.Customer, evs []model.Event, mail []model.MailRecord) error {
			return jw.WriteMail(c, cu, evs, mail)
		})
	}
	// A first pass collects the extra columns so that every case's fields
	// come back in their own order (csvio.ExtraKeys). Export opens the file
	// read-only, which bbolt's lock allows only while no writer has it, so
	// nothing changes between the passes.
	var keys []string
	if err := s.EachCaseFull(false, func(c model.Case, _ model.Customer, _ []model.Event) error {
		keys = csvio.ExtraKeys(keys, c.Fields)
		return nil
	}); err != nil {
		return err
	}
	cw := csvio.NewCSVWriter(w, keys)
	if err := s.EachCaseMail(func(c model.Case, cu model.Customer, _ []model.Event, mail []model.MailRecord) error {
		return cw.WriteMail(c, cu, mail)
	}); err != nil {
		return err
	}
	return cw.Flush()
}

// writeOutput runs write against standard output ("-") or FILE through
// outfile: never the database (protect) or a link to it, a folder or a
// device; an existing file only with --force (force). The file is written
// atomically, mode 0600 (customer data): a failed write never leaves half
// a file behind.
func writeOutput(stdout io.Writer, cmd, path string, force bool, protect string, write func(io.Writer) error) error {
	if path == "-" || path == "" {
		bw := bufio.NewWriterSize(stdout, 256<<10)
		if err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	var guard []string
	if protect != "" {
		guard = []string{protect}
	}
	return outputError(cmd, path, outfile.Write(path, force, guard, write))
}

// checkOutput refuses a FILE before any work is done for it.
func checkOutput(cmd, path string, force bool, protect string) error {
	if path == "-" || path == "" {
		return nil
	}
	var guard []string
	if protect != "" {
		guard = []string{protect}
	}
	return outputError(cmd, path, outfile.Check(path, force, guard...))
}

func outputError(cmd, path string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrExist):
		return fmt.Errorf("%s: %s exists; name another file or add --force to replace it", cmd, path)
	}
	return fmt.Errorf("%s: %w", cmd, err)
}
