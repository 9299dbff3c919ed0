package ui

import (
	"strings"
	"testing"
)

// TestNewDatabaseSaysHowToFillIt: an empty desk says how to import a file
// or try the demo, at 80 columns too.
func TestNewDatabaseSaysHowToFillIt(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {200, 50}} {
		h := newHarnessOn(t, hmOpenStore(t), hmNow, size[0], size[1])
		v := h.view()
		flat := strings.Join(strings.Fields(v), " ")
		for _, want := range []string{"No cases yet.", "Press i (or :import FILE) to import a CSV or JSON lines file, an mbox file or a Maildir;", "or try the demo: caredesk demo."} {
			if !strings.Contains(flat, want) {
				t.Errorf("%dx%d: the empty desk does not say %q:\n%s", size[0], size[1], want, v)
			}
		}
		checkFrame(t, v, size[0], size[1])
	}
}
