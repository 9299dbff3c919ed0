package model

import "time"

// Draft kinds: what an agent was writing.
const (
	DraftNote  = "note"
	DraftReply = "reply"
)

// EditorDraft is the text of a note or a reply an agent was writing on a
// case when the team server stopped: kept per agent and case, and given
// back when they open the case again (nothing typed is lost to a restart).
type EditorDraft struct {
	Agent string
	Case  CaseID
	Kind  string // DraftNote or DraftReply
	Text  string
	// To, Cc and Subject are a reply's header fields as typed.
	To, Cc, Subject string
	At              time.Time
}
