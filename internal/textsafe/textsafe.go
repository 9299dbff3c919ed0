// Package textsafe makes customer text safe to show, on the agent's screen
// and in the management brief. Customer text is hostile input: it may
// carry escape sequences (OSC 52 clipboard writes, OSC 8 links, title
// changes, screen clears), C1 controls such as U+009B (a one-byte CSI),
// bidi overrides that reorder what the reader sees, zero-width characters
// that hide text, and invalid UTF-8. ansi.Strip alone is not enough: it
// keeps BEL, CR, backspace, NUL, U+009B, bidi and zero-width characters.
//
// Every string from a case or customer passes through Line or Block before
// it reaches the screen: they make controls visible (ESC shows as ␛, a
// whole escape sequence as one ␛, so no "[31m" is left to read as text),
// which suits an agent who should see that something odd was sent. Plain is for
// the brief: it removes them, escape sequences whole. One table of
// invisible characters (Invisible) serves both.
package textsafe

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Line makes s safe to show on one line: control characters become visible
// control pictures (ESC shows as ␛, and so does a whole escape sequence), newlines and tabs become spaces, bidi
// and other invisible format characters are dropped, invalid UTF-8 becomes
// U+FFFD.
func Line(s string) string { return sanitize(s, false) }

// Block is Line for multi-line text such as a case body: it keeps line
// breaks (CR LF, CR, U+2028 and U+2029 become LF) and expands tabs to spaces.
func Block(s string) string { return sanitize(s, true) }

// tabWidth is how many spaces a tab becomes in a block.
const tabWidth = 4

func sanitize(s string, block bool) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(utf8.RuneError)
		case r == 0x1b:
			// A whole escape sequence shows as one ␛: its tail ("[2J",
			// "]0;title") would read as the customer's text.
			b.WriteRune('␛')
			i += escapeTail(s[i-1:])
		case r == '\n' || r == '\u2028' || r == '\u2029':
			writeBreak(&b, block)
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				i++
			}
			writeBreak(&b, block)
		case r == '\t':
			if block {
				b.WriteString(strings.Repeat(" ", tabWidth))
			} else {
				b.WriteByte(' ')
			}
		case r < 0x20:
			b.WriteRune(0x2400 + r) // control pictures: ␀ … ␟, ESC is ␛
		case r == 0x7f:
			b.WriteRune('␡')
		case r >= 0x80 && r < 0xa0:
			b.WriteRune(utf8.RuneError) // C1 controls, U+009B among them
		case Invisible(r):
			// dropped: bidi controls, zero-width characters, variation
			// selectors and other format characters
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func writeBreak(b *strings.Builder, block bool) {
	if block {
		b.WriteByte('\n')
	} else {
		b.WriteByte(' ')
	}
}

// isPlain reports whether s is printable ASCII, the common case, which needs
// no copy.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// Invisible reports characters that change how text around them is shown
// without being seen: bidi embeddings, overrides, isolates and marks,
// zero-width spaces and joiners, the BOM, tag characters (all in Unicode's
// Cf category), and variation selectors and emoji skin-tone modifiers,
// whose width terminals disagree on (tmux 3.3 draws 👍🏽 in 4 cells, most
// terminals in 2; ❤️ in 1 or 2).
func Invisible(r rune) bool {
	if unicode.Is(unicode.Cf, r) {
		return true
	}
	return (r >= 0xfe00 && r <= 0xfe0f) || (r >= 0xe0100 && r <= 0xe01ef) || r == 0x034f ||
		(r >= 0x1f3fb && r <= 0x1f3ff)
}

// Plain returns s on one line without control, escape, bidi or other
// invisible characters, for a text meant to be read rather than inspected
// (the brief): escape sequences go whole (charmbracelet/x/ansi finds where
// each ends), other controls and invisible characters go, runs of white
// space become one space and invalid UTF-8 becomes U+FFFD.
func Plain(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == 0x1b { // ESC: drop the whole sequence, not just the ESC
			i += 1 + escapeTail(s[i:])
			continue
		}
		i += n
		switch {
		case r == utf8.RuneError && n <= 1:
			r = utf8.RuneError
		case unicode.IsSpace(r) || r == '\u2028' || r == '\u2029':
			space = b.Len() > 0
			continue
		case r < 0x20 || (r >= 0x7f && r < 0xa0):
			continue // C0, DEL and C1 controls (U+009B is a one-byte CSI)
		case Invisible(r):
			continue // bidi controls, zero-width characters, variation selectors
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// escapeTail is how many bytes after the ESC at the start of s belong to
// its sequence (charmbracelet/x/ansi finds where each ends). Only the
// sequences whose tails read as text are taken whole: CSI (ESC [ 2 J),
// OSC (ESC ] 0 ; title BEL) and the other string sequences (ESC P, X, ^,
// _). 0 for any other ESC, whose next character may be the customer's
// ("ESC t" would otherwise hide the t), and for a sequence that never
// ends, whose "tail" would otherwise swallow the rest of the text.
func escapeTail(s string) int {
	if len(s) < 2 || !strings.ContainsRune("[]PX^_", rune(s[1])) {
		return 0
	}
	_, _, n, state := ansi.DecodeSequence(s, ansi.NormalState, nil)
	if state != ansi.NormalState || n <= 1 {
		return 0
	}
	return n - 1
}

// DropEscapes removes escape sequences from s, each whole (ESC [ 31 m,
// an OSC up to its terminator; charmbracelet/x/ansi finds where each
// ends), and nothing else: for text that is about to be normalised, where
// dropping only the ESC would leave "[31m" behind as if it were text.
func DropEscapes(s string) string {
	if strings.IndexByte(s, 0x1b) < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if s[i] == 0x1b {
			i += 1 + escapeTail(s[i:])
			continue
		}
		j := strings.IndexByte(s[i:], 0x1b)
		if j < 0 {
			j = len(s) - i
		}
		b.WriteString(s[i : i+j])
		i += j
	}
	return b.String()
}

// ID shows an identifier exactly enough to tell two apart: like Line, but
// an invisible character is shown as ⟨U+200B⟩ instead of dropped, so two
// external ids that differ only by one never look the same.
func ID(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if Invisible(r) || (r >= 0x80 && r < 0xa0) {
			fmt.Fprintf(&b, "⟨U+%04X⟩", r)
			continue
		}
		b.WriteString(Line(string(r)))
	}
	return b.String()
}

// TerminalWriter passes text on to a terminal with every control
// character visible: C0 controls other than line feed and tab as control
// pictures (ESC shows as ␛, CR as ␍), DEL as ␡, C1 controls and invisible
// characters as ⟨U+009B⟩, invalid UTF-8 as U+FFFD. Nothing a customer
// wrote can then set the title, write the clipboard or move the cursor.
// Call Flush at the end (a character split across writes is held back).
type TerminalWriter struct {
	w     io.Writer
	carry []byte
	buf   []byte
}

func NewTerminalWriter(w io.Writer) *TerminalWriter { return &TerminalWriter{w: w} }

func (t *TerminalWriter) Write(p []byte) (int, error) {
	data := p
	if len(t.carry) > 0 {
		data = append(t.carry, p...)
		t.carry = nil
	}
	out := t.buf[:0]
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n' || c == '\t':
				out = append(out, c)
			case c < 0x20:
				out = utf8.AppendRune(out, 0x2400+rune(c))
			case c == 0x7f:
				out = utf8.AppendRune(out, '␡')
			default:
				out = append(out, c)
			}
			i++
			continue
		}
		if !utf8.FullRune(data[i:]) {
			t.carry = append([]byte(nil), data[i:]...)
			break
		}
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			out = utf8.AppendRune(out, utf8.RuneError)
		case Invisible(r) || r < 0xa0:
			out = fmt.Appendf(out, "⟨U+%04X⟩", r)
		default:
			out = append(out, data[i:i+size]...)
		}
		i += size
	}
	t.buf = out
	if _, err := t.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes a character left incomplete at the end, as U+FFFD.
func (t *TerminalWriter) Flush() error {
	if len(t.carry) == 0 {
		return nil
	}
	t.carry = nil
	_, err := t.w.Write([]byte(string(utf8.RuneError)))
	return err
}
