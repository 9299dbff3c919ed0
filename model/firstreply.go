package model

import "time"

// The first-response clock runs from a case's creation until the desk's
// first reply reached the customer: a reply the mail server accepted (its
// "sent" delivery event), or a reply logged as given when mail is not set
// up (LogReply). A reply that is only queued, was refused (a 5xx), or was
// interrupted with its fate unknown has not reached anyone, so the clock
// runs on. A bounce that comes back after the server accepted a reply
// takes that reply out again: when it was the only one, the clock runs
// again from the case's creation (the customer is still waiting, and the
// wait was never interrupted); when others reached the customer, the
// earliest of them is the first response. Case.FirstReply is the one
// record of it; the store keeps it up to date as replies are sent and
// bounce.

// FirstReplyOf is when case history evs stopped the clock, counting a
// sent reply's delivery only while stillSent(its Message-ID) says it is
// still sent (not bounced since); zero: the clock runs.
func FirstReplyOf(evs []Event, stillSent func(messageID string) bool) time.Time {
	var first time.Time
	for _, ev := range evs {
		counts := ev.Kind == EventReply ||
			(ev.Kind == EventDelivery && ev.To == DeliverySent.String() && stillSent(ev.From))
		if counts && (first.IsZero() || ev.At.Before(first)) {
			first = ev.At.UTC()
		}
	}
	return first
}
