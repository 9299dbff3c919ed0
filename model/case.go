package model

import (
	"slices"
	"time"
)

// CaseID identifies a case inside one database. IDs come from a sequence and
// are never reused.
type CaseID uint64

// CustomerID identifies a customer; zero means the case has no known customer
// (CFPB data is anonymous).
type CustomerID uint64

// Field is one extra source column kept with a case, in the source's order.
type Field struct {
	Key   string
	Value string
}

// Recovery is what was done for the customer to put things right.
type Recovery struct {
	Kind string // refund, replacement, callback, apology, credit, other
	Text string
}

// RecoveryKinds lists the usual recovery actions, offered first by the UI.
var RecoveryKinds = []string{"refund", "replacement", "callback", "apology", "credit", "other"}

// IsZero reports whether no recovery action is recorded.
func (r Recovery) IsZero() bool { return r.Kind == "" && r.Text == "" }

// Case is one customer contact and its handling.
type Case struct {
	ID         CaseID
	ExternalID string // the source's id, unique in the database
	CreatedAt  time.Time
	UpdatedAt  time.Time
	Channel    Channel
	CustomerID CustomerID
	Subject    string
	Body       string
	Priority   Priority
	Status     Status
	Assignee   string
	Tags       []string  // normalised, sorted, no duplicates
	FollowUp   time.Time // zero: none
	Recovery   Recovery
	Fields     []Field
	Reopens    uint32    // how many times a finished case was reopened
	Version    uint64    // bumped by every write; the base of optimistic concurrency
	Team       string    // the team that owns it now ("" none); see Routing
	FirstReply time.Time // the first reply to the customer; zero: none yet
	Handoffs   uint32    // how many times it moved from one team to another
	// Awaiting is when the customer wrote again after the desk had replied
	// and before its next reply: the next-reply clock (sla.go). Zero: none.
	Awaiting time.Time
}

// HasTag reports whether the case carries tag t.
func (c *Case) HasTag(t string) bool {
	_, ok := slices.BinarySearch(c.Tags, t)
	return ok
}

// Field returns the value of the extra field named key.
func (c *Case) Field(key string) (string, bool) {
	for _, f := range c.Fields {
		if f.Key == key {
			return f.Value, true
		}
	}
	return "", false
}

// Clone returns a deep copy, so a caller can change it without touching the
// original's slices.
func (c Case) Clone() Case {
	c.Tags = slices.Clone(c.Tags)
	c.Fields = slices.Clone(c.Fields)
	return c
}

// Summary is the part of a case that the queue and the search need: small
// enough to hold a million of them in memory.
type Summary struct {
	ID         CaseID
	ExternalID string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	Channel    Channel
	CustomerID CustomerID
	Subject    string
	Priority   Priority
	Status     Status
	Assignee   string
	Tags       []string
	FollowUp   time.Time
	Version    uint64
	Team       string
	FirstReply time.Time
	Handoffs   uint32
	// Reopens is the case's count of reopenings (Case.Reopens): the case
	// pane's card warns of a customer's reopened case from the summaries
	// it has, without reading each case (it sits in Handoffs' padding).
	Reopens  uint32
	Awaiting time.Time
}

// Summary returns the case's summary.
func (c *Case) Summary() Summary {
	return Summary{ID: c.ID, ExternalID: c.ExternalID, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
		Channel: c.Channel, CustomerID: c.CustomerID, Subject: c.Subject, Priority: c.Priority,
		Status: c.Status, Assignee: c.Assignee, Tags: c.Tags, FollowUp: c.FollowUp, Version: c.Version,
		Team: c.Team, FirstReply: c.FirstReply, Handoffs: c.Handoffs, Reopens: c.Reopens, Awaiting: c.Awaiting}
}
