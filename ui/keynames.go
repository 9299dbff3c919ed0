package ui

import (
	"strings"
	"unicode"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
)

// A [keys] entry must be a key Bubble Tea reports, or it is advertised in
// the footer and help and never does anything ("F2", "ab"). The names are
// Bubble Tea's own (tea.Key's String), read from it rather than copied.

// teaKeyNames are the names Bubble Tea gives keys that are not a rune.
var teaKeyNames = func() map[string]bool {
	names := map[string]bool{}
	for t := tea.KeyType(-200); t < 200; t++ {
		if n := (tea.Key{Type: t}).String(); n != "" && n != "runes" && n != " " {
			names[n] = true
		}
	}
	return names
}()

// spaceName is how [keys] spells the space bar: Bubble Tea reports it as
// " ", which a config cannot hold (and help cannot show).
const spaceName = "space"

// pressedAs is the string Bubble Tea reports for the key named k ("space"
// is " "), and whether some key is ever reported so.
func pressedAs(k string) (string, bool) {
	alt, rest := "", k
	if r, ok := strings.CutPrefix(k, "alt+"); ok && r != "" {
		alt, rest = "alt+", r
	}
	if rest == spaceName {
		return alt + " ", true
	}
	if teaKeyNames[rest] {
		return k, true
	}
	r, n := utf8.DecodeRuneInString(rest)
	return k, n == len(rest) && r != utf8.RuneError && unicode.IsGraphic(r) && !unicode.IsSpace(r)
}

// keyNameHint says how to spell a key that is never pressed, as the one
// Bubble Tea reports when only its case is wrong ("F2" → "f2").
func keyNameHint(k string) string {
	if l := strings.ToLower(k); l != k {
		if _, ok := pressedAs(l); ok {
			return "write " + `"` + l + `"`
		}
	}
	return `a key is one character ("C"), a name ("f2", "enter", "space", "pgdown") or ctrl+/alt+ and one ("ctrl+o")`
}
