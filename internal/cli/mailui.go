package cli

import (
	"os"
	"os/exec"
	"strings"

	"github.com/caredesk/caredesk/internal/config"
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
	return ui.MailIdentity{Address: cfg.Mail.Address, Name: cfg.Mail.Name, Signature: cfg.Mail.Signature}
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
