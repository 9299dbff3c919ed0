package model

import "time"

// EventKind says what happened to a case.
type EventKind uint8

const (
	EventCreated EventKind = iota + 1
	EventNote
	EventStatus
	EventAssigned
	EventPriority
	EventTagAdded
	EventTagRemoved
	EventFollowUp
	EventRecovery
	EventReply    // a canned reply logged as given to the customer
	EventImported // an import changed the case's source fields
	EventTagRenamed
	EventRouted     // the case moved to a team; see RouteEvent
	EventMailReply  // an e-mail reply queued to the customer: From the recipients, To the text
	EventDelivery   // an outbound mail's delivery changed: From its Message-ID, To "sent" or "failed: why"
	EventMailNotice // a mail was recognised and not taken as a contact: To says what (auto-reply, bounce, loop)
	EventUndone     // an agent took an action back (Undo): To says what the action did
)

var eventNames = map[EventKind]string{
	EventCreated: "created", EventNote: "note", EventStatus: "status", EventAssigned: "assigned",
	EventPriority: "priority", EventTagAdded: "tag added", EventTagRemoved: "tag removed",
	EventFollowUp: "follow-up", EventRecovery: "recovery", EventReply: "reply",
	EventImported: "imported", EventTagRenamed: "tag renamed", EventRouted: "routed",
	EventMailReply: "email reply", EventDelivery: "delivery", EventMailNotice: "mail recognised",
	EventUndone: "undone",
}

func (k EventKind) String() string {
	if n, ok := eventNames[k]; ok {
		return n
	}
	return "event"
}

// ParseEventKind is the inverse of String, for JSON lines import.
func ParseEventKind(s string) (EventKind, bool) {
	for k, n := range eventNames {
		if n == s {
			return k, true
		}
	}
	return 0, false
}

// Event is one entry of a case's timeline. From and To hold the old and new
// value of what changed; a note or reply keeps its text in To.
type Event struct {
	CaseID CaseID
	At     time.Time
	Author string
	Kind   EventKind
	From   string
	To     string
}
