package textsafe

import (
	"bytes"
	"strings"
	"testing"
)

// What reaches a terminal from TerminalWriter has no control character
// left, whatever the write boundaries; plain text and line ends pass.
func TestTerminalWriter(t *testing.T) {
	in := "id,body\n1,\x1b]0;pwned\x07title\n2,\x1b]52;c;ZXZpbA==\x07clip\r\n3,\u009b2J\u202eevil\u200b é 漢字\xff\n"
	want := "id,body\n1,␛]0;pwned␇title\n2,␛]52;c;ZXZpbA==␇clip␍\n3,⟨U+009B⟩2J⟨U+202E⟩evil⟨U+200B⟩ é 漢字\uFFFD\n"
	for _, chunk := range []int{1, 2, 3, 7, len(in)} {
		var b bytes.Buffer
		tw := NewTerminalWriter(&b)
		for i := 0; i < len(in); i += chunk {
			if _, err := tw.Write([]byte(in[i:min(i+chunk, len(in))])); err != nil {
				t.Fatal(err)
			}
		}
		if err := tw.Flush(); err != nil {
			t.Fatal(err)
		}
		if b.String() != want {
			t.Fatalf("chunks of %d:\n%q\nwant\n%q", chunk, b.String(), want)
		}
		if strings.ContainsAny(b.String(), "\x1b\x07\r\u009b\u202e") {
			t.Fatal("a control character got through")
		}
	}
}

// An id that differs from another only by an invisible character shows it.
func TestIDShowsInvisibles(t *testing.T) {
	if got := ID("A-1\u200b"); got != "A-1⟨U+200B⟩" {
		t.Fatalf("%q", got)
	}
	if got := ID("A-\x1b1"); got != "A-␛1" {
		t.Fatalf("%q", got)
	}
	if ID("A-1") != "A-1" {
		t.Fatal("a plain id changed")
	}
}
