package server

import (
	"math/rand/v2"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestScreenTextStripsAsAWhole: the text taken in read by read, split
// anywhere (inside a sequence, inside a character), is ansi.Strip of the
// whole output, and what stays after leaving the alternate screen is the
// raw output from the last leave.
func TestScreenTextStripsAsAWhole(t *testing.T) {
	out := "\x1b[?1049h\x1b[c\x1b[1;1H\x1b[38;5;12mcase 12\x1b[m — é 漢 🙂\x1b]11;?\x07\r\n" +
		"\x1b[2K\x1b[1mclaimed\x1b[0m \xff\xfe tail\x1b[?1049lbye 1" +
		"\x1b[?1049h more \x1b[?1049l\x1b[2Kbye 2\r\n"
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		var st screenText
		for rest := []byte(out); len(rest) > 0; {
			n := 1 + r.IntN(min(len(rest), 9))
			st.take(rest[:n])
			rest = rest[n:]
		}
		if got, want := string(st.plain), ansi.Strip(out); got != want {
			t.Fatalf("stripped %q, want %q", got, want)
		}
		if got, want := string(st.afterLeave), "\x1b[?1049l\x1b[2Kbye 2\r\n"; got != want {
			t.Fatalf("after leaving %q, want %q", got, want)
		}
		if !st.asked {
			t.Fatal("the device attributes request was not seen")
		}
	}
	var st screenText
	st.take([]byte("no leave \x1b[1mhere"))
	if st.afterLeave != nil || st.asked {
		t.Fatalf("after leaving %q, asked %v: want nothing", st.afterLeave, st.asked)
	}
}
