package model

import (
	"net/mail"
	"slices"
	"strings"
)

// The desk's own addresses — its [mail] address and the teams' mailboxes —
// are never where a reply goes: a Reply-To naming one (a forwarded mail, a
// misconfigured client) would mail the answer to the desk itself, the loop
// guard would drop it on the way back, and the customer would never get
// it while the case said "reply sent".

// DeskAddresses is the desk's own addresses, bare and lower case: address
// (the [mail] address, "" for none) and every team's mailboxes.
func DeskAddresses(address string, r *Routing) []string {
	var out []string
	if a := bareAddress(address); a != "" {
		out = append(out, a)
	}
	if r != nil {
		for _, t := range r.Teams {
			for _, mb := range t.Mailboxes {
				if a := bareAddress(mb); a != "" && !slices.Contains(out, a) {
					out = append(out, a)
				}
			}
		}
	}
	return out
}

// IsDeskAddress reports whether addr ("Name <a@b>" or bare) is one of
// desk (DeskAddresses).
func IsDeskAddress(addr string, desk []string) bool {
	a := bareAddress(addr)
	return a != "" && slices.Contains(desk, a)
}

// bareAddress is addr's address alone, lower case; "" when it is none.
func bareAddress(addr string) string {
	if a, err := mail.ParseAddress(strings.TrimSpace(addr)); err == nil {
		return strings.ToLower(a.Address)
	}
	return ""
}

// CheckNotDesk refuses a reply to any of the desk's own addresses.
func CheckNotDesk(addrs, desk []string) error {
	for _, a := range addrs {
		if IsDeskAddress(a, desk) {
			return Errorf(EINVALID, "%s is the desk's own address: the reply would come back to the desk, not reach the customer", OneLine(a))
		}
	}
	return nil
}
