package email

import (
	netmail "net/mail"
	"strings"

	"github.com/caredesk/caredesk/model"
)

// A Reply-To list with one address that does not parse ("Broken" <not an
// address>) fails whole in net/mail; mutt still replies to the rest. So
// does the desk: the list is split at its top-level commas (not inside a
// quoted name, a comment or angle brackets) and each piece parsed alone.
// A piece that does not parse is left out whole — nothing of it is kept
// as text — so a folded "Bcc:" inside a Reply-To never becomes an address.

// maxReplyToPieces bounds the pieces read of one hostile list.
const maxReplyToPieces = 4 * model.MaxReplyTo

// eachAddress is the addresses of list's pieces that parse, in order.
func eachAddress(list string) []string {
	var out []string
	for i, piece := range splitAddressList(list) {
		if i == maxReplyToPieces {
			break
		}
		if a, err := netmail.ParseAddress(strings.TrimSpace(piece)); err == nil {
			out = append(out, a.Address)
		}
	}
	return out
}

// splitAddressList splits an address list at its top-level commas.
func splitAddressList(s string) []string {
	var pieces []string
	quoted, escaped := false, false
	angle, comment, start := 0, 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case escaped:
			escaped = false
		case quoted || comment > 0:
			switch {
			case c == '\\':
				escaped = true
			case quoted:
				quoted = c != '"'
			case c == '(':
				comment++
			case c == ')':
				comment--
			}
		case c == '"':
			quoted = true
		case c == '(':
			comment++
		case c == '<':
			angle++
		case c == '>' && angle > 0:
			angle--
		case c == ',' && angle == 0:
			pieces = append(pieces, s[start:i])
			start = i + 1
		}
	}
	return append(pieces, s[start:])
}
