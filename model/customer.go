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
	for _, k := range identityKeys {
		if v := k(c); v != "" {
			return v
		}
	}
	return ""
}

// identityKeys are the ways a customer is known, strongest first.
var identityKeys = []func(Customer) string{
	func(c Customer) string { return keyed("e:", strings.ToLower(strings.TrimSpace(c.Email))) },
	func(c Customer) string { return keyed("p:", phoneDigits(c.Phone)) },
	func(c Customer) string {
		return keyed("n:", strings.Join(strings.Fields(strings.ToLower(c.Name)), " "))
	},
}

func keyed(kind, v string) string {
	if v == "" {
		return ""
	}
	return kind + v
}

// Contradicts reports whether o is someone else than c: they differ on the
// strongest identity both have (e-mail, else phone, else name). A side
// that says less (a name where the record has an e-mail too) does not
// contradict: it may be the same person, told about in fewer words.
func (c Customer) Contradicts(o Customer) bool {
	for _, k := range identityKeys {
		if a, b := k(c), k(o); a != "" && b != "" {
			return a != b
		}
	}
	return false
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

// RepeatWindow defines a repeat contact, once for the whole desk: a
// customer made one when two of their cases came in within RepeatWindow of
// each other. The case card, the heatmap's repeat metric and the brief all
// count by this rule (RepeatContact, RepeatPair), and `?` shows RepeatRule.
const RepeatWindow = 30 * 24 * time.Hour

// RepeatRule says the rule in words, for help screens and reports.
const RepeatRule = "repeat contact: a customer with 2 or more cases within 30 days of each other"

// RepeatPair reports whether two contacts, a no later than b, are a repeat
// contact.
func RepeatPair(a, b time.Time) bool { return b.Sub(a) <= RepeatWindow }

// RepeatContact reports whether contacts (case creation times, in any
// order) hold a repeat contact.
func RepeatContact(contacts []time.Time) bool {
	ts := slices.Clone(contacts)
	slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
	for i := 1; i < len(ts); i++ {
		if RepeatPair(ts[i-1], ts[i]) {
			return true
		}
	}
	return false
}

// AtRisk reports whether a customer needs care: a repeat contact, or a
// case of theirs was reopened.
func AtRisk(contacts []time.Time, reopened bool) bool {
	return reopened || RepeatContact(contacts)
}
