package store

import (
	"path/filepath"
	"testing"

	"github.com/caredesk/caredesk/model"
)

// The drafts a store keeps: one per agent and case, the later replacing
// the earlier, taken once.
func TestStoreDraftsTakenOnce(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "d.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ds := []model.EditorDraft{{Agent: "bo", Case: 7, Kind: model.DraftNote, Text: "first"},
		{Agent: "bo", Case: 7, Kind: model.DraftReply, Text: "second", To: "a@example.com", Subject: "Re: x"},
		{Agent: "ana", Case: 7, Kind: model.DraftNote, Text: "ana's"}}
	if err := db.SaveDrafts(ds); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveDrafts([]model.EditorDraft{{Agent: "a|b", Case: 1}}); err == nil {
		t.Fatal("an agent name with the key's separator was kept")
	}
	d, ok, err := db.TakeDraft("bo", 7)
	if !ok || err != nil || d.Kind != model.DraftReply || d.Text != "second" || d.To != "a@example.com" {
		t.Fatalf("%+v %v %v", d, ok, err)
	}
	if _, ok, _ := db.TakeDraft("bo", 7); ok {
		t.Fatal("taken twice")
	}
	if d, ok, _ := db.TakeDraft("ana", 7); !ok || d.Text != "ana's" {
		t.Fatalf("ana's: %+v", d)
	}
	if probs, err := db.Check(); err != nil || len(probs) > 0 {
		t.Fatalf("check: %v %v", probs, err)
	}
}
