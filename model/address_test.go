package model

import (
	"net/mail"
	"testing"
)

func TestFormatAddressKeepsNameDecodedAndParsable(t *testing.T) {
	for _, c := range []struct{ name, addr, want string }{
		{"Jürgen Müller", "jm@example.de", "Jürgen Müller <jm@example.de>"},
		{"", "a@b.c", "a@b.c"},
		{`Smith, "Jo"`, "jo@x.org", `"Smith, \"Jo\"" <jo@x.org>`},
	} {
		got := FormatAddress(c.name, c.addr)
		if got != c.want {
			t.Errorf("FormatAddress(%q, %q) = %q, want %q", c.name, c.addr, got, c.want)
		}
		a, err := mail.ParseAddress(got)
		if err != nil || a.Address != c.addr || a.Name != c.name {
			t.Errorf("%q parses as %+v, %v", got, a, err)
		}
	}
}
