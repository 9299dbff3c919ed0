package ui

import (
	"strings"
	"testing"

	"github.com/caredesk/caredesk/model"
)

// An agent the desk keeps from changing the shared canned replies (a team
// server's agent, MayCareReplies) uses them: the picker offers no ctrl+n,
// ctrl+e or ctrl+x, and each is refused at the key with no form and no
// y/n, the templates untouched.
func TestCannedRepliesKeptByALead(t *testing.T) {
	h := newCPHarness(t, 100, 34)
	h.p.e.mayCareReplies = func() error {
		return model.RequireLead(model.RoleAgent, "create, change or delete the desk's canned replies")
	}
	h.open(1042)
	h.keys("R")
	h.mustShow("Canned replies", "▸ Refund confirmation", "enter reply with it · esc close")
	if v := h.view(); strings.Contains(v, "ctrl+x") || strings.Contains(v, "ctrl+n") {
		t.Fatalf("an agent is offered the template keys:\n%s", v)
	}
	before, _ := h.svc.Replies()
	for _, k := range []string{"ctrl+x", "ctrl+e", "ctrl+n"} {
		h.keys(k)
		v := h.view()
		if !strings.Contains(v, "only a lead can create, change or delete the desk's canned replies") || strings.Contains(v, "y/n") || strings.Contains(v, "template name") {
			t.Fatalf("%s:\n%s", k, v)
		}
	}
	if after, _ := h.svc.Replies(); len(after) != len(before) {
		t.Fatalf("replies %d, were %d", len(after), len(before))
	}
	// Using one is still theirs.
	h.keys("enter")
	h.mustShow("mail is not set up")
}

// A lead's ctrl+n with the name of a template the desk has (also in
// another case) is refused with the way to change that one; editing a
// template under its own name still saves.
func TestTemplateNameTakenIsRefused(t *testing.T) {
	h := newCPHarness(t, 100, 34).open(1042)
	h.keys("R", "ctrl+n", "Apology", "tab", "Sorry {{customer}}!", "ctrl+s")
	for _, name := range []string{"Apology", "apology"} {
		h.keys("ctrl+n", name, "tab", "overwrite?", "ctrl+s")
		if rs, _ := h.svc.Replies(); len(rs) != 3 {
			t.Fatalf("ctrl+n %q saved a second template of that name: %+v", name, rs)
		}
		h.mustShow("a template named Apology exists: ctrl+e edits it")
		h.keys("esc")
	}
	h.keys("ctrl+e", "tab", " Truly.", "ctrl+s")
	if rs, _ := h.svc.Replies(); len(rs) != 3 || rs[2].Text != "Sorry {{customer}}! Truly." {
		t.Fatalf("editing Apology under its own name: %+v", rs)
	}
}

// R on a case this agent may not reply on is refused at R, as r is: no
// template list is opened to be browsed and refused only at enter.
func TestCannedReplyRefusedAtR(t *testing.T) {
	svc := newTestService(20)
	h := newHarness(t, svc, 120, 30)
	h.keys("enter")
	svc.readOnly = true
	h.keys("R")
	if !h.a.statusErr || !strings.Contains(h.a.statusText, "read-only") {
		t.Fatalf("R on a case no reply may be logged on: status %q", h.a.statusText)
	}
	if v := h.view(); strings.Contains(v, "ctrl+n new") || strings.Contains(v, "enter reply with it") {
		t.Fatalf("R opened the template list:\n%s", v)
	}
}

// A lead deleting the template an agent has highlighted is said in the
// agent's list, with the one now highlighted, not swapped in silence
// (NUT9: bo's enter replied with the next template); the lead's own
// delete says nothing more than "deleted".
func TestDeletedTemplateIsSaidToTheAgentReadingIt(t *testing.T) {
	h := newCPHarness(t, 120, 34).open(1042)
	h.keys("R", "ctrl+n", "Lead test", "tab", "Hello {{customer}}", "ctrl+s")
	h.keys("ctrl+n", "Need more information", "tab", "Could you tell me more?", "ctrl+s")
	h.keys("up")
	h.mustShow("▸ Lead test")
	rs, _ := h.svc.Replies()
	var id uint64
	for _, r := range rs {
		if r.Name == "Lead test" {
			id = r.ID
		}
	}
	if err := h.svc.DeleteReply(id); err != nil { // another lead, on another screen
		t.Fatal(err)
	}
	h.send(changeMsg(model.Change{Replies: true, Author: "ana"}))
	h.mustShow("template Lead test was deleted by a lead; now on ")
	// the lead's own delete
	h.keys("ctrl+x", "y")
	if v := h.view(); strings.Contains(v, "was deleted by a lead") {
		t.Fatalf("the lead's own delete is reported as another's:\n%s", v)
	}
}
