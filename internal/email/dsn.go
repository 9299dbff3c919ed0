package email

import (
	"net/mail"
	"strings"
)

// failedRecipients reads a delivery status report (RFC 3464): the
// recipients whose per-recipient fields say "Action: failed", bare
// addresses in lower case. A report for one recipient of a reply sent to
// several fails that recipient only: the others got it. Fields that cannot
// be read name nobody (the whole reply is then taken as failed).
func failedRecipients(status string) []string {
	status = strings.ReplaceAll(status, "\r\n", "\n")
	var out []string
	for _, group := range strings.Split(status, "\n\n") {
		var final, original, action string
		for _, line := range strings.Split(group, "\n") {
			name, value, ok := strings.Cut(line, ":")
			if !ok {
				continue
			}
			value = strings.TrimSpace(value)
			switch strings.ToLower(strings.TrimSpace(name)) {
			case "final-recipient":
				final = value
			case "original-recipient":
				original = value
			case "action":
				action = strings.ToLower(value)
			}
		}
		if action != "failed" {
			continue
		}
		for _, r := range []string{final, original} {
			if a := dsnAddress(r); a != "" {
				out = append(out, a)
				break
			}
		}
	}
	return out
}

// dsnAddress is the address of a recipient field ("rfc822; a@example.com").
func dsnAddress(field string) string {
	typ, addr, ok := strings.Cut(field, ";")
	if !ok || !strings.EqualFold(strings.TrimSpace(typ), "rfc822") {
		return ""
	}
	a, err := mail.ParseAddress(strings.TrimSpace(addr))
	if err != nil {
		return ""
	}
	return strings.ToLower(a.Address)
}
