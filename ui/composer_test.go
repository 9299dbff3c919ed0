package ui

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"net/mail"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/muesli/termenv"
)

// The conversation and the composer are tested on a real database: mail
// taken in with store.Receive, replies queued by the store's SendReply.

var mailNow = time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)

var deskMail = MailIdentity{Address: "care@example.com", Name: "Example Care", Signature: "— Example Care team", Sends: true}

const customerText = "Hello,\n\nI was charged twice for my kettle. Statement attached.\n\n" +
	"On Mon, 2 Mar 2026, Kettle Shop wrote:\n> Your order 5521 has shipped.\n>\n> Thank you for shopping with us."

// mailDB opens a database with one customer's mail (a case with an
// attachment and a quoted reply) and returns the case.
func mailDB(t testing.TB) (*store.DB, model.CaseID) {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "mail.db"), store.Options{Now: func() time.Time { return mailNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	res := receive(t, db, "<m1@example.com>", "", "Charged twice", customerText, mailNow.Add(-3*time.Hour),
		model.Attachment{Name: "statement.pdf", Type: "application/pdf", Size: 7})
	return db, res.Case
}

func receive(t testing.TB, db *store.DB, id, inReplyTo, subject, text string, at time.Time, files ...model.Attachment) model.Received {
	t.Helper()
	raw := []byte("Message-ID: " + id + "\r\nSubject: " + subject + "\r\n\r\n" + text)
	sum := sha256.Sum256(raw)
	var bytes [][]byte
	for range files {
		bytes = append(bytes, []byte("%PDF-1."))
	}
	res, err := db.Receive(model.Inbound{
		Message: model.Message{From: "Jane Doe <jane@example.com>", To: []string{"care@example.com"}, Subject: subject,
			MessageID: id, InReplyTo: inReplyTo, At: at, Text: text, Attachments: files},
		Raw: raw, Files: bytes, Sender: model.Customer{Name: "Jane Doe", Email: "jane@example.com"},
		Hash: hex.EncodeToString(sum[:]),
	})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// fakeRunner counts the flushes it was asked for.
type fakeRunner struct {
	mu      sync.Mutex
	flushes int
	states  chan MailState
}

func (r *fakeRunner) States() (<-chan MailState, func()) {
	return r.states, func() {}
}
func (r *fakeRunner) Flush() {
	r.mu.Lock()
	r.flushes++
	r.mu.Unlock()
}

func newMailHarness(t *testing.T, w, h int, mail MailIdentity) (*cpHarness, *store.DB, model.CaseID) {
	t.Helper()
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	db, id := mailDB(t)
	return mailPane(t, db, mail, id, w, h), db, id
}

// mailPane is a w×h case pane on db at mailNow, with the desk's mail
// identity, showing case id.
func mailPane(t *testing.T, db *store.DB, mail MailIdentity, id model.CaseID, w, h int) *cpHarness {
	t.Helper()
	e := cpEnv(db)
	e.now = func() time.Time { return mailNow }
	e.mail = mail
	p := newCasePane(e)
	p.SetSize(w, h)
	return (&cpHarness{t: t, p: p}).open(id)
}

func TestConversationShowsMailFoldedWithAttachments(t *testing.T) {
	h, db, id := newMailHarness(t, 100, 34, deskMail)
	h.mustShow("customer · Jane Doe <jane@example.com>", "charged twice for my kettle",
		"┆ 4 lines quoted · z shows them", "▫ statement.pdf · application/pdf · 7 B")
	if strings.Contains(h.view(), "has shipped") {
		t.Fatal("quoted text shown before z")
	}
	h.keys("z")
	h.mustShow("> Your order 5521 has shipped.")
	h.keys("z")

	// a reply queued by another agent, then its failure, show on the case
	if _, err := db.Act(id, 0, "bo", model.SendReply{Draft: model.Draft{From: deskMail.from(), To: []string{"jane@example.com"}, Text: "We refunded it."}}); err != nil {
		t.Fatal(err)
	}
	h.send(caseChange(t, db, id, "bo"))
	h.mustShow("Conversation · 2 mails, newest last", "▸ reply · bo → jane@example.com", "… queued", "We refunded it.")
	out, _ := db.Outbox()
	if err := db.ReplyFailed(id, out[0].Seq, "550 5.1.1 no such user"); err != nil {
		t.Fatal(err)
	}
	h.send(caseChange(t, db, id, "mail"))
	h.mustShow("✗ failed: 550 5.1.1 no such user")
}

// caseChange is the notice the store sends after a write to case id.
func caseChange(t *testing.T, db *store.DB, id model.CaseID, by string) changeMsg {
	c, err := db.Case(id)
	if err != nil {
		t.Fatal(err)
	}
	return changeMsg{Cases: []model.Summary{c.Summary()}, Author: by}
}

func TestComposerRepliesAndQueues(t *testing.T) {
	h, db, id := newMailHarness(t, 100, 34, deskMail)
	r := &fakeRunner{states: make(chan MailState)}
	h.p.e.mailRunner = r
	h.keys("r")
	h.mustShow("Reply to the customer", "To      jane@example.com", "Subject Re: Charged twice [#1]",
		"— Example Care team", "> I was charged twice")
	// the cursor is at the top of the body, above the signature and quote
	c := h.p.ed.(*composer)
	if c.on != fieldBody || c.body.Line() != 0 {
		t.Fatalf("cursor in field %d line %d, want the body's first line", c.on, c.body.Line())
	}
	h.keys("ctrl+s")
	h.mustShow("✗ the reply is empty: write above the quoted mail")
	h.keys("Hi Jane, the second charge is refunded.", "tab", "tab", "bo@example.com", "ctrl+s")
	if h.p.Capturing() {
		t.Fatalf("the composer stayed open: %s", h.view())
	}
	out, err := db.Outbox()
	if err != nil || len(out) != 1 {
		t.Fatalf("outbox %v %v", out, err)
	}
	m := out[0]
	from, err := mail.ParseAddress(m.From) // the store may write it quoted or not
	if err != nil || from.Name != "Example Care" || from.Address != "care@example.com" ||
		m.Delivery != model.DeliveryQueued ||
		strings.Join(m.To, ",") != "jane@example.com" || strings.Join(m.Cc, ",") != "bo@example.com" ||
		m.Subject != "Re: Charged twice [#1]" || m.InReplyTo != "<m1@example.com>" || m.Author != cpAgent ||
		!strings.HasPrefix(m.Text, "Hi Jane, the second charge is refunded.\n\n— Example Care team\n\nOn ") {
		t.Fatalf("queued %+v", m)
	}
	if r.flushes != 1 {
		t.Fatalf("runner flushed %d times, want once after the commit", r.flushes)
	}
	h.mustShow("▸ reply · sam → jane@example.com", "… queued", "Hi Jane, the second charge is refunded.")
	if s := h.lastStatus(); !strings.Contains(s.text, "reply queued") {
		t.Fatalf("status %+v", s)
	}
	// The background sender's news is the reply's, not "updated by mail"
	// (which reads like a customer's mail came in).
	if _, err := db.StartSending(id, m.Seq); err != nil {
		t.Fatal(err)
	}
	if err := db.ReplySent(id, m.Seq, []byte("x"), "250 ok"); err != nil {
		t.Fatal(err)
	}
	h.send(caseChange(t, db, id, "mail"))
	if s := h.lastStatus(); s.text != "case #1: reply sent" {
		t.Fatalf("status after the send %+v, want \"case #1: reply sent\"", s)
	}
}

// Header injection typed or pasted by the agent: a line break never
// reaches a header. The input turns a pasted CR/LF into a space; what it
// lets through (NEL, the Unicode line separators) the composer refuses.
func TestComposerRefusesLineBreaksInHeaders(t *testing.T) {
	for _, tc := range []struct {
		name, field, value string
		refused            bool
	}{
		{"subject LF", "subject", "Re: hi\nBcc: evil@x.com", false},
		{"subject CR", "subject", "Re: hi\rBcc: evil@x.com", false},
		{"subject LS", "subject", "Re: hi\u2028Bcc: evil@x.com", true},
		{"cc CRLF", "cc", "a@b.com\r\nBcc: evil@x.com", true}, // not an address list once one line
		{"to NEL", "to", "jane@example.com\u0085Bcc: evil@x.com", true},
		{"cc bad address", "cc", "not an address", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, db, _ := newMailHarness(t, 100, 34, deskMail)
			h.keys("r", "Thanks!")
			field := map[string]int{"to": fieldTo, "cc": fieldCc, "subject": fieldSubject}[tc.field]
			for h.p.ed.(*composer).on != field {
				h.keys("tab")
			}
			h.keys("ctrl+u")
			h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(tc.value), Paste: true})
			h.keys("ctrl+s")
			out, _ := db.Outbox()
			c, _ := h.p.ed.(*composer)
			if tc.refused {
				if len(out) != 0 || c == nil || c.err == "" {
					t.Fatalf("%q in %s not refused: outbox %+v\n%s", tc.value, tc.field, out, h.view())
				}
				return
			}
			if len(out) != 1 {
				t.Fatalf("outbox %+v\n%s", out, h.view())
			}
			m := out[0]
			for _, hv := range append(append([]string{m.Subject, m.From}, m.To...), m.Cc...) {
				if strings.ContainsFunc(hv, isHeaderBreak) {
					t.Fatalf("header value %q carries a line break", hv)
				}
			}
		})
	}
}

// A pasted line separator shows in the field as a space or nothing, so
// the refusal at ctrl+s names it and the text before it, with the cursor
// just after it: backspace deletes it (a new-user finding: "U+2028").
func TestComposerNamesTheRefusedLineSeparator(t *testing.T) {
	h, db, _ := newMailHarness(t, 120, 34, deskMail)
	h.keys("r", "Thanks!")
	for h.p.ed.(*composer).on != fieldSubject {
		h.keys("tab")
	}
	h.keys("ctrl+u")
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("Hello\r\nBcc: evil@example.com\u2028x\u0085y"), Paste: true})
	h.keys("ctrl+s")
	h.mustShow(`Subject: U+2028 (line separator) after "@example.com" — backspace deletes it`)
	h.keys("backspace", "ctrl+s") // the input itself dropped the U+0085
	out, _ := db.Outbox()
	if len(out) != 1 || out[0].Subject != "Re: Hello Bcc: evil@example.comxy [#1]" {
		t.Fatalf("outbox %+v\n%s", out, h.view())
	}

	h.keys("r", "Thanks!")
	for h.p.ed.(*composer).on != fieldCc {
		h.keys("tab")
	}
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("\u2028bo@example.com"), Paste: true})
	h.keys("ctrl+s")
	h.mustShow("Cc: U+2028 (line separator) at the start")
}

func TestComposerEscAsksBeforeDropping(t *testing.T) {
	h, _, _ := newMailHarness(t, 100, 34, deskMail)
	h.keys("r", "esc")
	if h.p.Capturing() {
		t.Fatal("esc on an untouched reply asked")
	}
	h.keys("r", "draft", "esc")
	h.mustShow("drop this reply? y/n")
	h.keys("n")
	c := h.p.ed.(*composer)
	if !strings.HasPrefix(c.body.Value(), "draft") {
		t.Fatalf("n lost the text: %q", c.body.Value())
	}
	h.keys("esc", "y")
	if h.p.Capturing() {
		t.Fatal("y did not drop the reply")
	}
}

func TestCannedReplyOpensTheComposer(t *testing.T) {
	h, db, _ := newMailHarness(t, 100, 34, deskMail)
	if _, err := db.SaveReply(model.Reply{Name: "Refunded", Text: "Hello {{customer}}, we refunded case {{case}}. {{agent}}"}); err != nil {
		t.Fatal(err)
	}
	h.keys("R")
	h.keys("Refunded", "enter")
	h.mustShow("Reply to the customer", "Hello Jane Doe, we refunded case #1. sam", "> I was charged twice")
	h.keys("ctrl+s") // a canned reply may go as it is
	if out, _ := db.Outbox(); len(out) != 1 || !strings.HasPrefix(out[0].Text, "Hello Jane Doe, we refunded case #1. sam\n\n— Example Care team") {
		t.Fatalf("outbox %+v", out)
	}
}

// memWriter is Files writing into a map, refusing to replace as the real
// one does.
type memWriter struct{ files map[string]string }

func (w *memWriter) OpenImport(string) (io.ReadCloser, string, int64, error) {
	return nil, "", 0, fs.ErrNotExist
}
func (w *memWriter) Complete(string) []string { return nil }

func (w *memWriter) Write(path string, replace bool, write func(io.Writer) error) (string, error) {
	if _, ok := w.files[path]; ok && !replace {
		return "", &fs.PathError{Op: "write", Path: path, Err: fs.ErrExist}
	}
	var b strings.Builder
	if err := write(&b); err != nil {
		return "", err
	}
	w.files[path] = b.String()
	return path, nil
}

func TestSaveAttachment(t *testing.T) {
	h, _, _ := newMailHarness(t, 100, 34, deskMail)
	h.keys("}", "enter")
	if s := h.lastStatus(); !s.err || !strings.Contains(s.text, "team server writes no files") {
		t.Fatalf("without a writer: %+v", s)
	}
	w := &memWriter{files: map[string]string{"/tmp/in/statement.pdf": "older"}}
	h.p.e.files = w
	h.keys("enter")
	h.mustShow("Save attachment · statement.pdf", "save to folder > ~/Downloads")
	h.keys("ctrl+u", "/tmp/in", "enter")
	if got := w.files["/tmp/in/statement (2).pdf"]; got != "%PDF-1." || w.files["/tmp/in/statement.pdf"] != "older" {
		t.Fatalf("files %v", w.files)
	}
	if s := h.lastStatus(); s.err || !strings.Contains(s.text, "statement (2).pdf") {
		t.Fatalf("status %+v", s)
	}
}

// A team server's session saves no attachment, so nothing offers it: the
// selected attachment said "enter saves" and ? listed "enter save it",
// then enter was refused (a new-user finding).
func TestAttachmentSaveOfferedOnlyWhereItSaves(t *testing.T) {
	h, _, _ := newMailHarness(t, 80, 24, deskMail)
	h.keys("}")
	if v := h.view(); !strings.Contains(v, "▫ statement.pdf") || strings.Contains(v, "enter saves") {
		t.Fatalf("on a team server:\n%s", v)
	}
	for _, g := range h.p.FullHelp() {
		for _, b := range g {
			if b.Help().Desc == "save it" {
				t.Fatal("? lists saving an attachment on a team server")
			}
		}
	}
	h, _, _ = newMailHarness(t, 80, 24, deskMail)
	h.p.e.files = &memWriter{files: map[string]string{}}
	h.keys("}")
	if v := h.view(); !strings.Contains(v, "enter saves") {
		t.Fatalf("in the local app:\n%s", v)
	}
}

// The folder prompt's suggestion is replaced by what the agent types, not
// added to (a new-user finding: typing /tmp/n7/att after the pre-filled
// "~/Downloads" tried "~/Downloads/tmp/n7/att"); a bare enter takes the
// suggestion, which is the last folder used once there is one, and tab
// puts it in the line to edit.
func TestSaveFolderTypedReplacesTheSuggestion(t *testing.T) {
	h, _, _ := newMailHarness(t, 80, 24, deskMail)
	w := &memWriter{files: map[string]string{}}
	h.p.e.files = w
	h.keys("}", "enter")
	h.mustShow("save to folder > ~/Downloads")
	h.keys("/tmp/in", "enter")
	if _, ok := w.files["/tmp/in/statement.pdf"]; !ok {
		t.Fatalf("typed /tmp/in, files %v", w.files)
	}
	h.keys("enter")
	h.mustShow("save to folder > /tmp/in")
	h.keys("/srv/out", "enter")
	if _, ok := w.files["/srv/out/statement.pdf"]; !ok {
		t.Fatalf("typed /srv/out after /tmp/in, files %v", w.files)
	}
	h.keys("enter", "enter")
	if _, ok := w.files["/srv/out/statement (2).pdf"]; !ok {
		t.Fatalf("a bare enter did not take the suggestion: files %v", w.files)
	}
	h.keys("enter", "tab", "/x", "enter")
	if _, ok := w.files["/srv/out/x/statement.pdf"]; !ok {
		t.Fatalf("tab then /x: files %v", w.files)
	}
}

func TestFileNameIsNeverAPath(t *testing.T) {
	for in, want := range map[string]string{
		"../../etc/passwd":             "_.._etc_passwd",
		"../../etc/pa\x1b[31msswd.txt": "_.._etc_pa_sswd.txt",
		"/abs/x.pdf":                   "_abs_x.pdf",
		"..":                           "attachment-7-2",
		".bashrc":                      "bashrc",
		"a\x1b[2Jb\r\n.txt":            "a_b .txt", // the escape sequence goes whole
		"evil\u202etxt.exe":            "eviltxt.exe",
		"C:\\Windows\\x.dll":           "C__Windows_x.dll",
		strings.Repeat("x", 300):       strings.Repeat("x", 120),
	} {
		if got := fileName(in, 7, 1); got != want {
			t.Errorf("fileName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestComposerGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h int
	}{{"composer_80x24", 80, 24}, {"composer_200x50", 200, 50}} {
		t.Run(tc.name, func(t *testing.T) {
			h, _, _ := newMailHarness(t, tc.w, tc.h, deskMail)
			h.keys("r", "Hi Jane,", "enter", "enter", "the second charge is refunded.")
			checkLines(t, h.view(), tc.w, tc.h)
			golden.RequireEqual(t, []byte(h.view()))
		})
	}
}

func TestComposerFitsEverySize(t *testing.T) {
	h, _, _ := newMailHarness(t, 80, 24, deskMail)
	h.keys("r", strings.Repeat("word ", 200))
	for w := 1; w <= 220; w += 9 {
		for _, hh := range []int{1, 3, 5, 8, 12, 24, 50} {
			h.p.SetSize(w, hh)
			checkLines(t, h.view(), w, hh)
		}
	}
	h.p.SetSize(80, 24)
	checkLines(t, h.view(), 80, 24)
	if help := helpText([][]key.Binding{h.p.ShortHelp()}); !strings.Contains(help, "ctrl+s") {
		t.Fatalf("the footer's keys lack ctrl+s: %s", help)
	}
}

type fakeEditor struct{ text string }

func (f *fakeEditor) Edit(text string) (*exec.Cmd, func() (string, error), error) {
	f.text = text
	return exec.Command("true"), func() (string, error) { return "written in vim\n", nil }, nil
}

func TestComposerExternalEditor(t *testing.T) {
	h, _, _ := newMailHarness(t, 100, 34, deskMail)
	h.keys("r", "ctrl+e")
	h.mustShow("no external editor here")
	h.keys("esc")
	fe := &fakeEditor{}
	h.p.e.editor = fe
	h.keys("r")
	if cmd := h.p.Update(tea.KeyMsg{Type: tea.KeyCtrlE}); cmd == nil {
		t.Fatal("ctrl+e ran nothing")
	}
	if !strings.Contains(fe.text, "> I was charged twice") {
		t.Fatalf("the editor got %q", fe.text)
	}
	h.send(editorDoneMsg{text: "written in vim\n"})
	c := h.p.ed.(*composer)
	if c.body.Value() != "written in vim\n" || c.on != fieldBody || c.err != "" {
		t.Fatalf("body %q field %d err %q", c.body.Value(), c.on, c.err)
	}
	h.send(editorDoneMsg{err: io.ErrUnexpectedEOF})
	if c.body.Value() != "written in vim\n" {
		t.Fatal("a failed editor changed the body")
	}
	h.mustShow("the editor failed, the reply is as it was")
}

// Customer text stays untrusted on screen: a mail's sender, subject, text
// and attachment names reach the conversation and the composer (its
// quote, its To) only as visible, inert characters.
func TestConversationHostileMail(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	db, _ := mailDB(t)
	raw := []byte("hostile")
	sum := sha256.Sum256(raw)
	res, err := db.Receive(model.Inbound{
		Message: model.Message{From: "\x1b]8;;https://evil\x1b\\Eve\x1b]8;;\x1b\\ <eve@example.com>", To: []string{"care@example.com"},
			Subject: "pwn\x1b]52;c;ZWNobyBwd25lZA==\x07\u202eed", MessageID: "<evil@example.com>", At: mailNow.Add(-time.Hour),
			Text:        "line\r\n\x1b[2J\x1b[Hcleared?\x07\u200bzero\x00nul\n> quoted \x1b[31mred",
			Attachments: []model.Attachment{{Name: "inv\x1b[5moice\u202efdp.exe", Type: "application/\x1b[31mpdf", Size: 3}}},
		Raw: raw, Files: [][]byte{[]byte("abc")}, Sender: model.Customer{Email: "eve@example.com"}, Hash: hex.EncodeToString(sum[:]),
	})
	if err != nil {
		t.Fatal(err)
	}
	e := cpEnv(db)
	e.now, e.mail = func() time.Time { return mailNow }, deskMail
	h := &cpHarness{t: t, p: newCasePane(e)}
	h.p.SetSize(200, 50)
	h.open(res.Case)
	for _, keys := range [][]string{nil, {"z"}, {"}"}, {"r"}} {
		h.keys(keys...)
		v := h.view()
		for _, r := range v {
			if r == 0x1b || r == 0x07 || (r >= 0x80 && r < 0xa0) || r == '\r' || r == 0x202e || r == 0x200b || r == 0 {
				t.Fatalf("after %v the view carries %U:\n%q", keys, r, v)
			}
		}
		if len(keys) == 1 && keys[0] == "}" {
			h.mustShow("␛␛cleared?␇zero␀nul", "inv␛oicefdp.exe")
		}
		if keys == nil { // the subject shows its escape as the body does, not a space
			h.mustShow("pwn␛ed")
		}
	}
	// the quote in the reply is the cleaned text, never the raw bytes
	if body := h.p.ed.(*composer).body.Value(); strings.ContainsAny(body, "\x1b\x07\x00\r") {
		t.Fatalf("the composer quotes raw control characters: %q", body)
	}
	// the reply's subject drops the escape sequence whole: no ␛ marks,
	// no tail, go out to the customer
	if subj := h.p.ed.(*composer).subject.Value(); subj != "Re: pwned [#"+fmt.Sprint(res.Case)+"]" {
		t.Fatalf("reply subject %q", subj)
	}
}

// Golden screens of a conversation: the customer's mail with its quote
// folded and an attachment selected, a reply that failed and one queued.
func TestConversationGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h int
	}{{"conversation_80x24", 80, 24}, {"conversation_200x50", 200, 50}} {
		t.Run(tc.name, func(t *testing.T) {
			h, db, id := newMailHarness(t, tc.w, tc.h, deskMail)
			for _, text := range []string{"We are looking into it.", "The second charge is refunded."} {
				if _, err := db.Act(id, 0, "bo", model.SendReply{Draft: model.Draft{From: deskMail.from(), To: []string{"jane@example.com"}, Text: text}}); err != nil {
					t.Fatal(err)
				}
			}
			out, _ := db.Outbox()
			if err := db.ReplyFailed(id, out[0].Seq, "550 5.1.1 no such user"); err != nil {
				t.Fatal(err)
			}
			h.send(caseChange(t, db, id, "bo"))
			h.p.e.files = &memWriter{files: map[string]string{}} // the local app, which saves attachments
			h.keys("g", "}")
			checkLines(t, h.view(), tc.w, tc.h)
			golden.RequireEqual(t, []byte(h.view()))
		})
	}
}

// A customer's Reply-To is where the reply goes; the case stays hers (the
// From), and the queued reply is addressed to the Reply-To only.
func TestComposerRepliesToReplyTo(t *testing.T) {
	h, db, id := newMailHarness(t, 100, 34, deskMail)
	raw := []byte("Message-ID: <m2@example.com>\r\nReply-To: office@example.com\r\n\r\nto my office please")
	sum := sha256.Sum256(raw)
	if _, err := db.Receive(model.Inbound{
		Message: model.Message{From: "Jane Doe <jane@example.com>", To: []string{"care@example.com"}, ReplyTo: []string{"office@example.com", "boss@example.com"},
			Subject: "Re: Charged twice", MessageID: "<m2@example.com>", InReplyTo: "<m1@example.com>", At: mailNow.Add(-time.Hour), Text: "to my office please"},
		Raw: raw, Sender: model.Customer{Name: "Jane Doe", Email: "jane@example.com"}, Hash: hex.EncodeToString(sum[:]),
	}); err != nil {
		t.Fatal(err)
	}
	h.send(caseChange(t, db, id, "mail"))
	h.keys("r")
	h.mustShow("To      office@example.com, boss@example.com")
	h.keys("Done.", "ctrl+s")
	out, _ := db.Outbox()
	if len(out) != 1 || strings.Join(out[0].To, ",") != "office@example.com,boss@example.com" {
		t.Fatalf("queued %+v", out)
	}
	c, _ := db.Case(id)
	if cu, _ := db.Customer(c.CustomerID); cu.Email != "jane@example.com" {
		t.Fatalf("the case's customer became %+v", cu)
	}
}

// A customer mail of one very long line without spaces wraps into many
// rows of the quote: the cursor still starts above it, so what the agent
// types opens the reply (a new user's first reply went into the quote).
func TestComposerCursorAboveALongUnbrokenQuote(t *testing.T) {
	h, db, id := newMailHarness(t, 80, 24, deskMail)
	receive(t, db, "<long@example.com>", "<m1@example.com>", "Re: Charged twice", strings.Repeat("x", 20000), mailNow.Add(-time.Minute))
	h.send(caseChange(t, db, id, "mail"))
	h.keys("r")
	c := h.p.ed.(*composer)
	if c.body.Line() != 0 || c.body.LineInfo().RowOffset != 0 {
		t.Fatalf("cursor on line %d row %d, want the body's first row", c.body.Line(), c.body.LineInfo().RowOffset)
	}
	h.keys("Hello")
	if v := c.body.Value(); !strings.HasPrefix(v, "Hello") {
		t.Fatalf("typed text went elsewhere: %.80q", v)
	}
}

// In the app at 80×24 the composer's keys are shown once, in the footer,
// and the four that matter fit there (a new user saw the hint twice: the
// composer's own line and the footer).
func TestComposerKeysShownOnceInTheApp(t *testing.T) {
	db, id := mailDB(t)
	// the local app, where $EDITOR may start
	h := newHarnessWith(t, db, mailNow, 80, 24, Options{Agent: "ana", Mail: deskMail, Editor: &fakeEditor{}})
	h.keys("enter")
	h.keys("r")
	v := h.view()
	if !strings.Contains(v, "Reply to the customer") {
		t.Fatalf("the composer did not open on case %d:\n%s", id, v)
	}
	if n := strings.Count(v, "next field"); n != 1 {
		t.Fatalf("the composer's keys are shown %d times:\n%s", n, v)
	}
	for _, want := range []string{"ctrl+s send", "ctrl+e $EDITOR", "esc cancel"} {
		if !strings.Contains(strings.ReplaceAll(v, " • ", " "), want) {
			t.Errorf("the footer lacks %q:\n%s", want, v)
		}
	}
}

// Without [mail] a reply is logged as given: the composer opens as a mail
// reply does (the customer's mail quoted, the cursor above it), and the
// case says logged, never sent, with the reply in the conversation.
func TestComposerWithoutMailLogsTheReply(t *testing.T) {
	h, db, id := newMailHarness(t, 100, 40, MailIdentity{})
	h.keys("r")
	h.mustShow("mail is not set up", "> I was charged twice")
	c := h.p.ed.(*composer)
	if c.on != fieldBody || c.body.Line() != 0 {
		t.Fatalf("cursor in field %d line %d, want the body's first line", c.on, c.body.Line())
	}
	h.keys("Hi Jane, refunded.", "ctrl+s")
	if h.p.Capturing() {
		t.Fatalf("the composer stayed open: %s", h.view())
	}
	if s := h.lastStatus(); !strings.Contains(s.text, "reply logged") {
		t.Fatalf("status %+v", s)
	}
	h.mustShow("▸ reply logged · sam", "not sent", "Hi Jane, refunded.")
	evs, err := db.Events(id)
	if err != nil {
		t.Fatal(err)
	}
	last := evs[len(evs)-2] // then the new case opened by the reply
	if got := eventText(last, time.UTC); last.Kind != model.EventReply || got != "reply logged (not sent): Hi Jane, refunded." || evs[len(evs)-1].To != "open" {
		t.Fatalf("timeline %q for %+v", got, last)
	}
	if out, _ := db.Outbox(); len(out) != 0 {
		t.Fatalf("a logged reply reached the outbox: %+v", out)
	}
}

// [mail] that takes mail in but has no way to send it: the same rule as
// without [mail] (the reply is logged, nothing waits in an outbox that
// nothing sends), the words naming what is missing.
func TestComposerWithIntakeOnlyLogsTheReply(t *testing.T) {
	intakeOnly := deskMail
	intakeOnly.Sends = false
	h, db, _ := newMailHarness(t, 100, 40, intakeOnly)
	h.keys("r")
	h.mustShow("Reply · sending is not set up: ctrl+s logs it as the reply given", "— Example Care team", "> I was charged twice")
	h.keys("Hi Jane, refunded.", "ctrl+s")
	if s := h.lastStatus(); !strings.Contains(s.text, "reply logged (sending is not set up, nothing sent)") {
		t.Fatalf("status %+v", s)
	}
	h.mustShow("▸ reply logged · sam", "not sent", "Hi Jane, refunded.")
	if out, _ := db.Outbox(); len(out) != 0 {
		t.Fatalf("a reply went to an outbox nothing sends: %+v", out)
	}
}

// esc asks whenever anything was changed, a header as much as the body.
func TestComposerEscAsksAfterAHeaderEdit(t *testing.T) {
	for _, field := range []int{fieldTo, fieldCc, fieldSubject} {
		h, _, _ := newMailHarness(t, 100, 34, deskMail)
		h.keys("r")
		c := h.p.ed.(*composer)
		h.run(c.focus(field))
		h.keys("x", "esc")
		h.mustShow("drop this reply? y/n")
	}
}

// Where no $EDITOR may start (the team server), the footer does not
// offer one.
func TestComposerHidesTheEditorKeyWithoutOne(t *testing.T) {
	h, _, _ := newMailHarness(t, 100, 34, deskMail)
	h.keys("r")
	c := h.p.ed.(*composer)
	c.ext = nil
	for _, b := range c.help() {
		if b.Help().Key == "ctrl+e" {
			t.Fatalf("footer offers %q with no editor", b.Help().Desc)
		}
	}
	c.ext = &fakeEditor{}
	found := false
	for _, b := range c.help() {
		found = found || b.Help().Key == "ctrl+e"
	}
	if !found {
		t.Fatal("footer lost ctrl+e where an editor may start")
	}
}
