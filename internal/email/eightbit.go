package email

import (
	"io"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/charset"
)

// Old mailers and some relays send headers as raw 8-bit bytes in the
// message's charset ("Subject: caf\xe9", Content-Type: text/plain;
// charset=iso-8859-1) instead of encoded words. Thunderbird and mutt read
// them in that charset; so does the desk, for the headers it shows, where
// they are not UTF-8 already. A multipart message declares no charset at
// its top: the first text part's is taken, the one its mailer wrote the
// body in (walker.charset). A message that declares none keeps them as
// they are: clean makes them valid UTF-8 with U+FFFD.

// eightBitHeaders are the headers read in the message's charset.
var eightBitHeaders = []string{"Subject", "From", "To", "Cc", "Reply-To"}

// readEightBit rewrites those headers of h (the parsed copy; the raw mail
// is kept as sent) from the charset h's Content-Type declares, else from
// firstText, the charset of the message's first text part.
func readEightBit(h *message.Header, firstText string) {
	cs := firstText
	if _, params, err := h.ContentType(); err == nil && params["charset"] != "" {
		cs = params["charset"]
	}
	cs = strings.ToLower(strings.TrimSpace(cs))
	if cs == "" || cs == "utf-8" || cs == "us-ascii" {
		return
	}
	for _, k := range eightBitHeaders {
		v := h.Get(k)
		if utf8.ValidString(v) {
			continue
		}
		r, err := charset.Reader(cs, strings.NewReader(v))
		if err != nil {
			return // a charset go-message does not know
		}
		// a charset maps a byte to at most a few UTF-8 bytes
		b, err := io.ReadAll(io.LimitReader(r, int64(4*len(v)+16)))
		if err == nil && utf8.Valid(b) {
			h.Set(k, string(b))
		}
	}
}
