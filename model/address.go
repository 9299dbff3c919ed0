package model

import "strings"

// FormatAddress writes an address for people to read and for the desk to
// keep: `Name <addr>`, the name decoded (never RFC 2047 encoded words —
// the mail library encodes when a header is written). A name holding
// RFC 5322 specials is quoted so the text still parses as one address.
func FormatAddress(name, addr string) string {
	name = strings.TrimSpace(OneLine(name))
	addr = strings.TrimSpace(OneLine(addr))
	if name == "" {
		return addr
	}
	if strings.ContainsAny(name, "()<>[]:;@\\,.\"") {
		name = `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(name) + `"`
	}
	if addr == "" {
		return name
	}
	return name + " <" + addr + ">"
}
