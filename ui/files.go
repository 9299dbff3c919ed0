package ui

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/caredesk/caredesk/internal/cells"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Files is the app's reach into the machine's files: open a file to
// import, write a backup or a report, complete a path. The command line
// (internal/cli) hands one in for a local app; a team server hands in
// none, so a session has no :import, :report or :backup FILE, no i key,
// and completes no path. That holds by construction: the ui package
// itself opens, writes and lists no file.
type Files interface {
	// OpenImport opens a file to import: its name for messages and its
	// size for the progress bar.
	OpenImport(path string) (r io.ReadCloser, name string, size int64, err error)
	// Write writes a whole file with write and returns the path it wrote.
	// It refuses the open database (or a link to it), folders, devices
	// and other non-regular files; an existing file is replaced only when
	// replace is set, else the error wraps fs.ErrExist.
	Write(path string, replace bool, write func(io.Writer) error) (string, error)
	// Complete lists the paths that begin with prefix: folders end in
	// "/", files are those an import reads.
	Complete(prefix string) []string
}

// MailImporter is a Files that also takes in a desk's mail history, as
// caredesk import does: a Maildir folder or an mbox file. ok is false for
// anything else, which imports as CSV or JSON lines.
type MailImporter interface {
	// MailImport returns the import of the mail at path, to run off the
	// update loop: its one-line summary and the mails it refused.
	MailImport(path string) (run func() (summary string, refused []string, err error), ok bool)
}

// Backups takes a backup of the open database now, where the owner of the
// database chooses (next to it in a local app, the server's backup folder
// on a team server, leads only), and says where it went.
type Backups interface {
	BackupNow() (string, error)
}

// fitFileAbilities leaves out the commands the app was given no ability
// for (the queue leaves out its import key itself).
func (a *app) fitFileAbilities() {
	a.cmd.cmds = fileCommands(a.cmd.cmds, a.e.files, a.e.backups)
}

// fileCommands keeps the commands that reach files only when the app was
// given the ability: :import, :rejected (the import's) and :report need Files; :backup needs Backups
// and, to take a FILE, Files.
func fileCommands(cmds []command, files Files, backups Backups) []command {
	out := cmds[:0]
	for _, c := range cmds {
		switch c.name {
		case "import", "report", "rejected", "export":
			if files == nil {
				continue
			}
		case "backup":
			if backups == nil && files == nil {
				continue
			}
			if files == nil {
				c.args, c.about, c.complete = "", "ask the server for a backup now (leads)", nil
			}
		}
		out = append(out, c)
	}
	return out
}

// throughSSH answers :report, :import and :export in an app with no Files (a team
// server's session): they are the server's ssh commands, named as this
// agent runs them there.
func (a *app) throughSSH(name string) (string, bool) {
	if a.e.files != nil {
		return "", false
	}
	var what, example string
	switch strings.ToLower(name) {
	case "report":
		what, example = "reports", "report --format md > brief.md"
	case "import":
		what, example = "imports (leads)", "import < cases.csv"
	case "export":
		id := "CASE"
		if a.opened != 0 {
			id = strconv.FormatUint(uint64(a.opened), 10)
		}
		what, example = "whole case texts", "text "+id+" > case.txt"
	default:
		return "", false
	}
	if a.e.sshCommand == "" {
		return fmt.Sprintf("%s go through ssh … %s", what, strings.Fields(example)[0]), true
	}
	// the command first, whole: at 80 columns it is what the agent needs,
	// and a long host name must not be cut in its middle
	text := fmt.Sprintf("%s: %s %s", what, Clean(a.e.sshCommand), example)
	if note := " (run it on your own machine)"; a.w <= 0 || cells.Width(text+note) <= a.w {
		text += note
	}
	return text, true
}

// completeFiles completes a path through the app's Files: none without.
func completeFiles(a *app, arg string) []string {
	if a.e.files == nil {
		return nil
	}
	return a.e.files.Complete(arg)
}

// cmdBackup writes a consistent copy of the open database (bbolt's
// tx.WriteTo inside a read transaction, so agents keep working): without
// FILE where the database's owner chooses, else to FILE.
func cmdBackup(a *app, arg string) tea.Cmd {
	path := strings.TrimSpace(arg)
	if path == "" {
		b := a.e.backups
		if b == nil {
			return statusMsg{text: "backup: name a FILE to write the copy to", err: true}.cmd()
		}
		return func() tea.Msg {
			start := time.Now()
			where, err := b.BackupNow()
			if err != nil {
				return statusMsg{text: "backup failed: " + errText(err), err: true}
			}
			return statusMsg{text: fmt.Sprintf("backup written to %s (%s)", Clean(where), time.Since(start).Round(time.Millisecond))}
		}
	}
	if a.e.files == nil {
		return statusMsg{text: "backup: the server chooses where its backups go: run :backup alone", err: true}.cmd()
	}
	svc := a.e.svc
	return writeFile(a.e.files, "backup", path, false, func(w io.Writer) error {
		_, err := svc.Backup(w)
		return err
	})
}

// writeFile writes path through files in a command. A file already there
// is replaced only after a y/n.
func writeFile(files Files, what, path string, replace bool, write func(io.Writer) error) tea.Cmd {
	return func() tea.Msg {
		start := time.Now()
		where, err := files.Write(path, replace, write)
		switch {
		case errors.Is(err, fs.ErrExist) && !replace:
			return askMsg{question: fmt.Sprintf("%s exists: replace it?", Clean(path)),
				yes: writeFile(files, what, path, true, write)}
		case err != nil:
			return statusMsg{text: what + " failed: " + errText(err), err: true}
		}
		return statusMsg{text: fmt.Sprintf("%s written to %s (%s)", what, Clean(where), time.Since(start).Round(time.Millisecond))}
	}
}

// askMsg puts a y/n question in the status line: y runs yes, any other
// key leaves things as they were.
type askMsg struct {
	question string
	yes      tea.Cmd
}

func (a *app) ask(m askMsg) tea.Cmd {
	a.asking = &m
	a.statusText, a.statusErr = m.question+" y/n", true
	a.statusSeq++
	return nil
}

// answer takes the key that answers the question asked.
func (a *app) answer(m tea.KeyMsg) tea.Cmd {
	q := a.asking
	a.asking = nil
	a.clearStatus()
	if key.Matches(m, key.NewBinding(key.WithKeys("y", "Y"))) {
		return q.yes
	}
	return statusMsg{text: "left as it was"}.cmd()
}
