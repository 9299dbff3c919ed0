package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/caredesk/caredesk/internal/csvio"
	"github.com/caredesk/caredesk/internal/demo"
	"github.com/caredesk/caredesk/model"
)

func runGenerate(stdio IO, args []string) error {
	fs := newFlags(stdio, "generate", "caredesk generate [-n N] [--seed S] [-o FILE [--force]]")
	n := fs.Int("n", 100000, "how many `N` cases")
	seed := fs.Int64("seed", 1, "random `seed`: the same seed writes the same file")
	weeks := fs.Int("weeks", 26, "spread the cases over this many `weeks` up to now")
	out := fs.String("o", "-", "write to `FILE` instead of standard output")
	force := fs.Bool("force", false, "replace FILE if it exists")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *n < 0 {
		return usageError{"generate: -n must not be negative"}
	}
	if err := checkOutput("generate", *out, *force, ""); err != nil {
		return err
	}
	return writeOutput(stdio.Out, "generate", *out, *force, "", func(w io.Writer) error {
		return generateCSV(w, demo.Config{Cases: *n, Weeks: *weeks, Seed: *seed, Now: time.Now()})
	})
}

// generateCSV writes generated cases as caredesk CSV, their external ids
// GEN<seed>-000001…: apart from the demo database's DEMO-… and from
// another seed's, so generated files and a kept demo desk add up.
func generateCSV(w io.Writer, cfg demo.Config) error {
	cfg.IDPrefix = fmt.Sprintf("GEN%d-", cfg.Seed)
	cw := csvio.NewCSVWriter(w, demo.FieldKeys)
	err := demo.Generate(cfg, func(r model.ImportRow) error {
		return cw.Write(r.Case, r.Customer)
	})
	if err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	return cw.Flush()
}
