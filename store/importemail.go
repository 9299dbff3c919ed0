package store

import (
	"net/mail"
	"strings"

	"github.com/caredesk/caredesk/model"
)

// customerEmail leaves out a row's customer_email that is not one e-mail
// address ("n/a", "a@b.com, c@d.com", one with a control character) and
// returns the warning that says so (with file:line), "" when it is one.
// Taken as written it was the customer's identity — every row saying
// "n/a" one customer, each case's name the first one's — and a reply's
// To. The customer is then told apart by phone, else name.
func customerEmail(r *model.ImportRow, ext string) string {
	raw := strings.TrimSpace(r.Customer.Email)
	if raw == "" {
		return ""
	}
	_, err := mail.ParseAddress(raw)
	if err == nil && !strings.ContainsFunc(raw, isControl) {
		return "" // kept as written, as before
	}
	r.Customer.Email = ""
	return model.ErrorMessage(rowError(r, "case %s: customer_email %q is not an e-mail address: left out", model.OneLine(ext), raw))
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 }
