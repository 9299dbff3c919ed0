package server

import (
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// ssh … text CASE writes a case's whole text, as :export FILE does in a
// local app (a screen shows the first 64 KB of each text); a customer's
// escape sequence is shown, not sent to the agent's terminal.
func TestTextCommandWritesTheWholeCase(t *testing.T) {
	bo := newTestAgent(t, "bo", "agent")
	d := startDesk(t, deskOpts{}, bo)
	body := "Start.\x1b]0;owned\x07 " + strings.Repeat("the parcel never arrived ", 8000) + "End."
	_, err := d.db.Import([]model.ImportRow{{Line: 2, Case: model.Case{ExternalID: "BIG-1", CreatedAt: time.Now().Add(-time.Hour),
		Subject: "big", Body: body, Status: model.StatusOpen}}})
	if err != nil {
		t.Fatal(err)
	}
	out, errOut, code := d.run(bo, "text 1", nil)
	if code != 0 || !strings.HasPrefix(out, "--- inbound · ") || !strings.Contains(out, "Start.␛]0;owned") ||
		!strings.HasSuffix(out, "End.\n\n") || len(out) < len(body) || strings.Contains(out, "\x1b") {
		t.Fatalf("text 1: exit %d, %d bytes starting %q\n%s", code, len(out), out[:min(len(out), 80)], errOut)
	}
	if _, errOut, code := d.run(bo, "text 99", nil); code != 1 || !strings.Contains(errOut, "caredesk: text: ") {
		t.Fatalf("text 99: exit %d, %q", code, errOut)
	}
	if _, errOut, code := d.run(bo, "text x", nil); code != 1 || !strings.Contains(errOut, `"x" is not a case number`) {
		t.Fatalf("text x: exit %d, %q", code, errOut)
	}
}

// ssh … import of a description far past what a person writes warns that
// a screen shows its start, naming the way a session gets it whole — the
// server's text command, not :export, which a session has not.
func TestImportWarningOverSSHNamesTextCommand(t *testing.T) {
	ana := newTestAgent(t, "ana", "lead")
	d := startDesk(t, deskOpts{cases: 1}, ana)
	csv := "external_id,created_at,subject,body\nBIG-1,2026-01-02T03:04:05Z,big," + strings.Repeat("x", 3<<20) + "\n"
	_, errs, code := d.run(ana, "import", strings.NewReader(csv))
	if code != 0 || !strings.Contains(errs, "far past what a person writes") {
		t.Fatalf("import: exit %d, err %q", code, errs)
	}
	if !strings.Contains(errs, "(ssh -p ") || !strings.Contains(errs, " ana@127.0.0.1 text CASE > case.txt writes it whole)") || strings.Contains(errs, ":export") {
		t.Fatalf("the warning names no ssh text command, or :export: %q", errs)
	}
}

// ssh … import's rejected-row line quotes the case's stored customer: a
// bidi override in their name is shown as ⟨U+202E⟩, never sent raw to the
// lead's terminal (where it would draw the rest of the line reversed).
func TestImportRejectShowsABidiOverride(t *testing.T) {
	ana := newTestAgent(t, "ana", "lead")
	d := startDesk(t, deskOpts{cases: 1}, ana)
	head := "external_id,created_at,customer_name,customer_email,subject\n"
	if _, errs, code := d.run(ana, "import", strings.NewReader(head+"N-1,2026-01-02T03:04:05Z,Evil \u202eReversed\u202c Name,evil@example.org,x\n")); code != 0 {
		t.Fatalf("first import: exit %d, %q", code, errs)
	}
	_, errs, code := d.run(ana, "import", strings.NewReader(head+"N-1,2026-01-02T03:04:05Z,Somebody Else,else@example.org,x\n"))
	if code != 1 || !strings.Contains(errs, "Evil ⟨U+202E⟩Reversed⟨U+202C⟩ Name") || strings.ContainsRune(errs, '\u202e') {
		t.Fatalf("reject: exit %d, %q", code, errs)
	}
}
