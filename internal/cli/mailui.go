package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/caredesk/caredesk/internal/config"
	"github.com/caredesk/caredesk/ui"
)

// The mail channel's abilities a local app gets and a team server's
// sessions do not: writing an attachment into a folder the agent names,
// and writing a reply in $EDITOR.

// mailIdentity is the desk's identity from [mail]; zero without it.
func mailIdentity(cfg *config.Config) ui.MailIdentity {
	if cfg == nil || cfg.Mail == nil {
		return ui.MailIdentity{}
	}
	return ui.MailIdentity{Address: cfg.Mail.Address, Name: cfg.Mail.Name, Signature: cfg.Mail.Signature}
}

// localFiles writes attachments on the agent's machine. It never replaces
// a file unless asked, and never writes through a link or into anything
// but an existing folder.
type localFiles struct{}

var _ ui.FileWriter = localFiles{}

func (localFiles) Write(path string, replace bool, write func(io.Writer) error) (string, error) {
	path = expandHome(path)
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return "", fmt.Errorf("%s is not a folder", dir)
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if replace {
		if st, err := os.Lstat(path); err == nil && !st.Mode().IsRegular() {
			return "", fmt.Errorf("%s is not a regular file: not replaced", path)
		}
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return "", &fs.PathError{Op: "write", Path: path, Err: fs.ErrExist}
	}
	if err != nil {
		return "", err
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path) // nothing half written stays
		return "", fmt.Errorf("writing %s: %w", path, err)
	}
	return path, nil
}

func expandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, p[1:])
		}
	}
	return p
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
