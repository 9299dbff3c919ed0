package ui

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/caredesk/caredesk/model"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// defaultSaveFolder is offered until the agent names another.
const defaultSaveFolder = "~/Downloads"

// fileName makes an attachment's name, which the sender chose, safe as
// the last part of a path: no folders, no control or invisible
// characters, no leading dots (a hidden or "..") file, at most 120 bytes.
func fileName(name string, seq uint64, i int) string {
	name = Clean(name)
	name = strings.Map(func(r rune) rune {
		switch {
		case r == '/' || r == '\\' || r == ':' || r == 0:
			return '_'
		case r >= 0x2400 && r <= 0x2426: // Clean's control pictures
			return '_'
		case !unicode.IsPrint(r) && r != ' ':
			return -1
		}
		return r
	}, name)
	name = strings.TrimLeft(strings.TrimSpace(name), ". ")
	if len(name) > 120 {
		ext := filepath.Ext(name)
		if len(ext) > 16 {
			ext = ""
		}
		name = strings.ToValidUTF8(name[:120-len(ext)], "") + ext
	}
	if name == "" {
		return fmt.Sprintf("attachment-%d-%d", seq, i+1)
	}
	return name
}

// saveAttachment reads attachment f of case id and writes it into folder,
// as "name (2).ext" and so on when the name is taken: it never replaces a
// file.
func saveAttachment(svc model.CaseReader, w Files, id model.CaseID, f convFile, folder string) tea.Cmd {
	return func() tea.Msg {
		_, data, err := svc.Attachment(id, f.seq, f.i)
		if err != nil {
			return statusMsg{text: "attachment not saved: " + errText(err), err: true}
		}
		name := fileName(f.a.Name, f.seq, f.i)
		ext := filepath.Ext(name)
		base := strings.TrimSuffix(name, ext)
		for n := 1; n <= 100; n++ {
			try := name
			if n > 1 {
				try = fmt.Sprintf("%s (%d)%s", base, n, ext)
			}
			path, err := w.Write(filepath.Join(folder, try), false, func(out io.Writer) error {
				_, err := out.Write(data)
				return err
			})
			if errors.Is(err, fs.ErrExist) {
				continue
			}
			if err != nil {
				return statusMsg{text: "attachment not saved: " + errText(err), err: true}
			}
			return statusMsg{text: "attachment saved to " + Clean(path)}
		}
		return statusMsg{text: fmt.Sprintf("attachment not saved: %s holds 100 files named like %s", Clean(folder), Clean(name)), err: true}
	}
}

// saveEditor asks for the folder to save the selected attachment in.
type saveEditor struct {
	edBase
	f      convFile
	folder textinput.Model
	svc    model.CaseReader
	files  Files
	last   *string // the pane's last folder, offered next time
}

func (p *casePane) openSave() tea.Cmd {
	f, ok := p.conv.selected()
	if !ok {
		if !p.conv.step(+1) {
			return nil
		}
		p.relayout()
		f, _ = p.conv.selected()
	}
	if p.e.files == nil {
		return statusMsg{text: "attachments are saved from a local app: the team server writes no files", err: true}.cmd()
	}
	se := &saveEditor{edBase: p.edBase(), f: f, folder: newInput("folder", p.lay.caseW),
		svc: p.e.svc, files: p.e.files, last: &p.saveFolder}
	se.folder.Prompt = "save to folder > "
	// The suggestion is a placeholder, not text: what the agent types
	// replaces it ("/tmp/x" after a pre-filled "~/Downloads" was
	// "~/Downloads/tmp/x"); a bare enter takes it, tab edits it.
	se.folder.Placeholder = orText(p.saveFolder, defaultSaveFolder)
	p.openEditor(se)
	return nil
}

func (se *saveEditor) title() string { return "Save attachment · " + Clean(se.f.a.Name) }
func (se *saveEditor) want(int) int  { return 3 }

func (se *saveEditor) help() []key.Binding {
	k := newEditKeys()
	return []key.Binding{withHelp(k.Submit, "enter", "save here"), withHelp(key.NewBinding(key.WithKeys("tab")), "tab", "edit the suggestion"),
		withHelp(k.Cancel, "esc", "cancel")}
}

func (se *saveEditor) update(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyMsg); ok {
		switch km.String() {
		case "esc":
			return se.close("")
		case "tab":
			if se.folder.Value() == "" {
				se.folder.SetValue(se.folder.Placeholder)
				se.folder.CursorEnd()
			}
			return nil
		case "enter":
			folder := strings.TrimSpace(orText(se.folder.Value(), se.folder.Placeholder))
			if folder == "" {
				se.err = "name a folder"
				return nil
			}
			*se.last = folder
			return tea.Batch(se.close(""), saveAttachment(se.svc, se.files, se.id, se.f, folder))
		}
	}
	var cmd tea.Cmd
	se.folder, cmd = se.folder.Update(msg)
	return cmd
}

func (se *saveEditor) view() []string {
	st := se.st
	last := st.Muted.Render(Truncate(fmt.Sprintf("%s · %s — enter saves, esc cancels", sizeText(se.f.a.Size), Clean(orText(se.f.a.Type, "unknown type"))), se.w))
	if se.err != "" {
		last = se.errLine(st)
	}
	return []string{inputView(se.folder, se.w, st), last}
}
