package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/caredesk/caredesk/internal/csvio"
	"github.com/caredesk/caredesk/internal/ingest"
	"github.com/charmbracelet/bubbles/progress"
	tea "github.com/charmbracelet/bubbletea"
)

// importPromptMsg asks the root for a file to import (the i key): the
// command line opens with "import " and tab completes paths.
type importPromptMsg struct{}

// importEventMsg is an import's progress, or its end when done is set.
type importEventMsg struct {
	id      int
	read    int64
	done    bool
	res     ingest.Result
	rejects importRejects // the rows left out, for :rejected
	mail    string        // a mail history's summary (fetched N, threaded T, …), instead of res
	err     error
}

// importer runs an import from inside the app: ingest.File in a goroutine
// (csvio reads, batches of ingest.BatchSize rows go to svc.Import), its
// progress drawn in the status line. New cases reach the queue through
// the store's change notices like any other write.
type importer struct {
	running bool
	id      int
	name    string
	size    int64
	read    int64
	events  chan importEventMsg
	bar     progress.Model
	// rejects are the last finished import's rows left out (:rejected).
	rejects importRejects
}

func newImporter() importer {
	return importer{bar: progress.New(progress.WithDefaultGradient(), progress.WithoutPercentage())}
}

// start opens the file and begins the import.
func (im *importer) start(a *app, path string) tea.Cmd {
	if im.running {
		return statusMsg{text: "an import is already running: " + im.name, err: true}.cmd()
	}
	if a.readOnly || a.e.svc.ReadOnly() {
		return statusMsg{text: "read-only: this database is open as a viewer", err: true}.cmd()
	}
	if a.e.files == nil {
		return statusMsg{text: importOverSSH, err: true}.cmd()
	}
	if mi, ok := a.e.files.(MailImporter); ok {
		if run, isMail := mi.MailImport(path); isMail {
			return im.startMail(path, run)
		}
	}
	f, name, size, err := a.e.files.OpenImport(path)
	if err != nil {
		return statusMsg{text: "import: " + errText(err), err: true}.cmd()
	}
	im.id++
	im.running, im.name, im.size, im.read = true, name, size, 0
	// Progress notices are dropped when the app is behind: the bar only
	// needs the latest. The final notice is always delivered.
	ev := make(chan importEventMsg, 1)
	im.events = ev
	id, svc := im.id, a.e.svc
	go func() {
		defer f.Close()
		rejects := importRejects{name: name, path: path}
		last := time.Time{}
		res, err := ingest.File(svc, path, f, ingest.Options{
			Reject: func(e *csvio.RowError) { rejects.add(e.Error()) },
			Warn:   func(w string) { rejects.add("warning: " + w) },
			Progress: func(n int64) {
				if time.Since(last) < 50*time.Millisecond {
					return
				}
				last = time.Now()
				select {
				case ev <- importEventMsg{id: id, read: n}:
				default:
				}
			},
		})
		// Make room for the final notice, then send it.
		select {
		case <-ev:
		default:
		}
		ev <- importEventMsg{id: id, done: true, res: res, rejects: rejects, err: err}
		close(ev)
	}()
	return tea.Batch(statusMsg{text: "importing " + Clean(im.name) + "…"}.cmd(), waitImport(ev))
}

// startMail runs a mail history's import (a Maildir or an mbox file):
// no progress to draw, its summary at the end.
func (im *importer) startMail(path string, run func() (string, []string, error)) tea.Cmd {
	im.id++
	im.running, im.name, im.size, im.read = true, filepath.Base(strings.TrimRight(path, "/")), 0, 0
	ev := make(chan importEventMsg, 1)
	im.events = ev
	id, name := im.id, im.name
	go func() {
		summary, refused, err := run()
		rejects := importRejects{name: name}
		for _, r := range refused {
			rejects.add(r)
		}
		ev <- importEventMsg{id: id, done: true, mail: summary, rejects: rejects, err: err}
		close(ev)
	}()
	return tea.Batch(statusMsg{text: "importing mail from " + Clean(im.name) + "…"}.cmd(), waitImport(ev))
}

func waitImport(ev chan importEventMsg) tea.Cmd {
	return func() tea.Msg {
		m, ok := <-ev
		if !ok {
			return nil
		}
		return m
	}
}

func (im *importer) update(a *app, m importEventMsg) tea.Cmd {
	if m.id != im.id || !im.running {
		return nil
	}
	if !m.done {
		im.read = m.read
		return waitImport(im.events)
	}
	im.running = false
	im.read = im.size
	text := m.res.String()
	if m.mail != "" {
		text = Clean(m.mail)
	}
	im.rejects = m.rejects
	if n := m.rejects.count(); n > 0 {
		// Every one is a key away: the status line has room for no reason.
		them := "them"
		if n == 1 {
			them = "it"
		}
		text += " · :rejected lists " + them
	}
	if m.err != nil {
		return a.setStatus(fmt.Sprintf("import %s stopped: %s; %s", Clean(im.name), errText(m.err), text), true)
	}
	return a.setStatus(text, false)
}

// view draws the progress bar for w cells.
func (im *importer) view(w int) string {
	frac := 0.0
	if im.size > 0 {
		frac = min(float64(im.read)/float64(im.size), 1)
	}
	label := fmt.Sprintf("importing %s %3.0f%% ", Truncate(im.name, 20), frac*100)
	im.bar.Width = max(w, 4)
	return label + im.bar.ViewAs(frac)
}
