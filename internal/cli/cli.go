// Package cli is caredesk's command line: it parses each subcommand's
// flags, opens the database and hands over to the store, the importer, the
// exporters and the user interface. main.go only calls Main.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// Version is set at build time with -ldflags "-X …/internal/cli.Version=…".
var Version = "dev"

// IO is where a command reads and writes; tests pass buffers.
type IO struct {
	In       io.Reader
	Out, Err io.Writer
}

type command struct {
	name    string
	summary string
	run     func(io IO, args []string) error
}

func commands() []command {
	return []command{
		{"demo", "open the app on a fresh demo database (nothing to set up)", runDemo},
		{"import", "import CSV or JSON lines files, an mbox file or a Maildir ('-' reads standard input)", runImport},
		{"export", "export every case as CSV or JSON lines", runExport},
		{"report", "write the issue heatmap (csv, json) or the voice-of-the-customer brief (md, html)", runReport},
		{"check", "verify the database (file, indexes, counters); --repair rebuilds them", runCheck},
		{"backup", "write a checked copy of the database (while the app is closed)", runBackup},
		{"upgrade", "bring a database written by an older caredesk up to this one's schema", runUpgrade},
		{"restore", "replace the database with a checked backup, keeping the old one aside", runRestore},
		{"generate", "write a generated workload as caredesk CSV (for benchmarks)", runGenerate},
		{"config", "check the config file (config check) or print a commented example (config example)", runConfig},
		{"serve", "serve the app to a team over SSH on one shared database", runServe},
		{"mail", "take in mail (fetch), send the outbox (send), show the outbox (status)", runMail},
		{"version", "print the version", runVersion},
	}
}

// usageError is a mistake in how a command was called: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// Main runs caredesk with args (without the program name) and returns the
// exit status. Errors are one line on stderr, never a stack trace.
func Main(args []string, stdio IO) int {
	err := dispatch(args, stdio)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errRejected):
		return 1
	}
	// err.Error() keeps the context ("import x.csv line 3: …") that
	// model.ErrorMessage would drop.
	fmt.Fprintf(stdio.Err, "caredesk: %s\n", err.Error())
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

func dispatch(args []string, stdio IO) error {
	if len(args) > 0 {
		switch args[0] {
		case "help", "-h", "-help", "--help":
			printUsage(stdio.Out)
			return nil
		case "-v", "-version", "--version":
			return runVersion(stdio, nil)
		}
		for _, c := range commands() {
			if c.name == args[0] {
				return c.run(stdio, args[1:])
			}
		}
		if !strings.HasPrefix(args[0], "-") {
			return usageError{fmt.Sprintf("unknown command %q (run 'caredesk --help' for the list)", args[0])}
		}
	}
	return runApp(stdio, args)
}

func printUsage(w io.Writer) {
	fmt.Fprintf(w, `caredesk — a keyboard-driven care desk in the terminal

Usage:
  caredesk [--db PATH] [--config PATH] [--agent NAME] [--read-only]   open the app
  caredesk COMMAND [flags]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, `
Flags go after the command, before or after its files ("backup OUT --force");
'caredesk COMMAND --help' describes them.
The database is --db, else $CAREDESK_DB, else $XDG_DATA_HOME/caredesk/caredesk.db
(~/.local/share/caredesk/caredesk.db). The agent is --agent, else $CAREDESK_AGENT,
else your user name.
`)
}

// newFlags makes a flag set that reports errors instead of exiting and
// prints its usage to stdout on --help.
func newFlags(stdio IO, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(stdio.Out, "Usage: %s\n\nFlags:\n", synopsis)
		fs.SetOutput(stdio.Out)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// parse parses flags; --help prints usage and ends the command. The flag
// package prints the usage on every mistake too; here a mistake is one
// line on stderr instead, so the usage is held back while parsing.
func parse(fs *flag.FlagSet, args []string) error {
	usage := fs.Usage
	fs.Usage = func() {}
	err := parseInterspersed(fs, args)
	fs.Usage = usage
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage()
			return flag.ErrHelp
		}
		if fs.Name() == "caredesk" {
			return usageError{err.Error()} // Main writes "caredesk: " once
		}
		return usageError{fmt.Sprintf("%s: %v", fs.Name(), err)}
	}
	return nil
}

// parseInterspersed lets flags come after the positional arguments too
// ("backup OUT --force", as a newcomer reads "flags go after the
// command"): Go's flag package stops at the first non-flag, so parsing
// resumes after each one. A "--" still ends the flags; everything after
// it is positional. fs.Args() holds the positional arguments in order.
func parseInterspersed(fs *flag.FlagSet, args []string) error {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		rest := fs.Args()
		if ended := len(args) - len(rest); ended > 0 && args[ended-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		if len(rest) == 0 {
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	return fs.Parse(append([]string{"--"}, positional...))
}

func runVersion(stdio IO, args []string) error {
	fs := newFlags(stdio, "version", "caredesk version")
	if err := parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintf(stdio.Out, "caredesk %s\n", Version)
	return nil
}

// stdIO is the process's own standard streams.
func stdIO() IO { return IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr} }
