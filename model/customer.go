package model

import (
	"slices"
	"strings"
	"time"
	"unicode"
)

// Customer is a person or business who contacts us. Identity is by e-mail,
// else phone, else name: two imports that name the same e-mail are the same
// customer.
type Customer struct {
	ID           CustomerID
	Name         string
	Email        string
	Phone        string
	FirstContact time.Time
}

// IdentityKey returns the key that identifies the customer, or "" when the
// customer has nothing to be known by.
func (c Customer) IdentityKey() string {
	if e := strings.ToLower(strings.TrimSpace(c.Email)); e != "" {
		return "e:" + e
	}
	if p := phoneDigits(c.Phone); p != "" {
		return "p:" + p
	}
	if n := strings.Join(strings.Fields(strings.ToLower(c.Name)), " "); n != "" {
		return "n:" + n
	}
	return ""
}

// DisplayName is the name to show: the name, else the e-mail, else the phone.
func (c Customer) DisplayName() string {
	switch {
	case strings.TrimSpace(c.Name) != "":
		return c.Name
	case c.Email != "":
		return c.Email
	}
	return c.Phone
}

func phoneDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// RepeatWindow and RepeatContacts define a customer at risk: this many
// contacts within this window, or any reopened case.
const (
	RepeatWindow   = 30 * 24 * time.Hour
	RepeatContacts = 3
)

// AtRisk reports whether a customer is a repeat-contact risk: RepeatContacts
// or more contacts (case creation times) within any RepeatWindow, or a
// reopened case.
func AtRisk(contacts []time.Time, reopened bool) bool {
	if reopened {
		return true
	}
	ts := slices.Clone(contacts)
	slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
	for i := 0; i+RepeatContacts-1 < len(ts); i++ {
		if ts[i+RepeatContacts-1].Sub(ts[i]) <= RepeatWindow {
			return true
		}
	}
	return false
}
