package store

import (
	"strings"
	"testing"

	"github.com/caredesk/caredesk/model"
)

// The store keeps one canned reply of each name, ignoring case, whoever
// saves it: a screen's own check reads a list that another lead's save
// may have outdated (NUT9: "Apology and refund" saved three times).
func TestReplyNamesUniqueIgnoringCase(t *testing.T) {
	db, _ := openTest(t)
	seeded, err := db.Replies()
	if err != nil || len(seeded) != 4 || seeded[0].Name != "Apology and refund" {
		t.Fatalf("fixture: %v %+v", err, seeded)
	}
	r := seeded[0]
	for _, name := range []string{"Apology and refund", "apology AND refund", "  Apology and refund "} {
		_, err := db.SaveReply(model.Reply{Name: name, Text: "overwrite?"})
		if model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), "a template named Apology and refund exists") {
			t.Fatalf("a second %q: %v", name, err)
		}
	}
	other := seeded[1]
	other.Name = "APOLOGY and refund"
	if _, err := db.SaveReply(other); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("renaming another template onto the name: %v", err)
	}
	// a template keeps its own name, in another case too
	r.Name, r.Text = "apology and refund", "Sorry, {{customer}}."
	if _, err := db.SaveReply(r); err != nil {
		t.Fatalf("editing a template under its own name: %v", err)
	}
	if rs, _ := db.Replies(); len(rs) != 4 {
		t.Fatalf("%d templates: %+v", len(rs), rs)
	}
}
