package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"github.com/caredesk/caredesk/internal/atomicfile"
	"github.com/caredesk/caredesk/internal/csvio"
	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

func runExport(stdio IO, args []string) error {
	fs := newFlags(stdio, "export", "caredesk export [--db PATH] [--format csv|jsonl] [-o FILE]")
	db := dbFlag(fs)
	format := fs.String("format", "csv", "`csv` (the import columns, then the extra fields) or jsonl (everything, history included)")
	out := fs.String("o", "-", "write to `FILE` instead of standard output")
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
	s, err := store.Open(*db, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	return writeFileAtomically(stdio.Out, *out, func(w io.Writer) error {
		return exportTo(s, w, *format)
	})
}

func exportTo(s *store.DB, w io.Writer, format string) error {
	if format == "jsonl" {
		jw := csvio.NewJSONLWriter(w)
		return s.EachCaseFull(true, func(c model.Case, cu model.Customer, evs []model.Event) error {
			return jw.Write(c, cu, evs)
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
	if err := s.EachCaseFull(false, func(c model.Case, cu model.Customer, _ []model.Event) error {
		return cw.Write(c, cu)
	}); err != nil {
		return err
	}
	return cw.Flush()
}

// writeFileAtomically runs write against standard output ("-") or a
// temporary file next to path that replaces path only when everything was
// written: a failed export never leaves half a file behind. Files are 0600
// because they hold customer data.
func writeFileAtomically(stdout io.Writer, path string, write func(io.Writer) error) error {
	if path == "-" || path == "" {
		bw := bufio.NewWriterSize(stdout, 256<<10)
		if err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	return atomicfile.Write(path, write)
}
