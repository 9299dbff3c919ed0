package cli

import (
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"sync"

	"github.com/caredesk/caredesk/internal/config"
	"github.com/caredesk/caredesk/internal/email"
	"github.com/caredesk/caredesk/store"
	"github.com/caredesk/caredesk/ui"
)

// The mail channel's abilities a local app gets and a team server's
// sessions do not: writing a reply in $EDITOR. (Attachments are saved
// through localfiles.Files, the app's file abilities.)

// mailIdentity is the desk's identity from [mail]; zero without it.
func mailIdentity(cfg *config.Config) ui.MailIdentity {
	if cfg == nil || cfg.Mail == nil {
		return ui.MailIdentity{}
	}
	return ui.MailIdentity{Address: cfg.Mail.Address, Name: cfg.Mail.Name, Signature: cfg.Mail.Signature,
		Sends: cfg.Mail.SMTP != nil || cfg.Mail.Sendmail != ""}
}

// editorCmd runs $VISUAL, else $EDITOR, else vi, on a private temporary
// file holding the text.
type editorCmd struct{}

var _ ui.ExternalEditor = editorCmd{}

func (editorCmd) Edit(text string) (*exec.Cmd, func() (string, error), error) {
	f, err := os.CreateTemp("", "caredesk-reply-*.txt")
	if err != nil {
		return nil, nil, err
	}
	path := f.Name()
	_, err = f.WriteString(text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return nil, nil, err
	}
	editor := os.Getenv("VISUAL")
	if strings.TrimSpace(editor) == "" {
		editor = os.Getenv("EDITOR")
	}
	if strings.TrimSpace(editor) == "" {
		editor = "vi"
	}
	// The editor line may carry flags ("code -w"); the file is passed as
	// an argument, never spliced into the line.
	cmd := exec.Command("sh", "-c", editor+` "$1"`, "sh", path)
	result := func() (string, error) {
		defer os.Remove(path)
		b, err := os.ReadFile(path)
		return string(b), err
	}
	return cmd, result, nil
}

// appMail is the mail runner as the app sees it (ui.MailRunner): the
// runner's states, latest only, for the header.
type appMail struct {
	states chan ui.MailState
	once   sync.Once
	done   chan struct{}
}

var _ ui.MailRunner = (*appMail)(nil)

func (m *appMail) States() (<-chan ui.MailState, func()) {
	return m.states, func() { m.once.Do(func() { close(m.done) }) }
}

// Flush does nothing: the runner sends the outbox on the store's change
// notice of every commit, a queued reply included.
func (m *appMail) Flush() {}

// publish hands the header the newest state without ever blocking the
// runner: a state the app has not taken yet is replaced.
func (m *appMail) publish(s email.State) {
	st := headerState(s)
	select {
	case <-m.done:
		return
	default:
	}
	for {
		select {
		case m.states <- st:
			return
		default:
			select {
			case <-m.states: // drop the stale one
			default:
			}
		}
	}
}

// headerState is the runner's state as a header shows it.
func headerState(s email.State) ui.MailState {
	st := ui.MailState{Online: s.FetchErr == nil && s.SendErr == "", LastFetch: s.LastFetch,
		Queued: s.Queued, Failed: s.Failed, Err: s.SendErr, NoSending: s.NoSending, Refused: s.Refused,
		Stopped: s.Stopped, SendWaits: s.FetchErr == nil && s.SendErr != ""}
	if s.FetchErr != nil {
		st.Err, st.Trouble = s.FetchErr.Error(), email.Trouble(s.FetchErr)
	}
	if st.Trouble == "" {
		st.Trouble = s.SendTrouble // the SMTP server refused the desk's login
	}
	return st
}

// startAppMail runs the desk's mail in the background of the app when
// [mail] is configured. Its errors show in the header (offline), not on
// stderr under the screen. stop waits for it, before the database closes.
func startAppMail(cfg *config.Config, s *store.DB) (ui.MailRunner, func(), error) {
	if cfg == nil || cfg.Mail == nil {
		return nil, func() {}, nil
	}
	m := &appMail{states: make(chan ui.MailState, 1), done: make(chan struct{})}
	// Nothing is logged under the screen: the header says it all.
	stop, err := startMail(cfg.Mail, s, slog.New(slog.DiscardHandler), m.publish)
	if err != nil {
		return nil, nil, err
	}
	return m, func() {
		stop()
		m.once.Do(func() { close(m.done) })
		close(m.states)
	}, nil
}
