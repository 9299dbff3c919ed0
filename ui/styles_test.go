package ui

import (
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// The styles fix each colour for the session's terminal once; what they
// draw is what lipgloss draws from the adaptive colour.
func TestFixedColoursDrawAsAdaptive(t *testing.T) {
	for _, p := range []termenv.Profile{termenv.TrueColor, termenv.ANSI256, termenv.ANSI, termenv.Ascii} {
		for _, dark := range []bool{true, false} {
			r := lipgloss.NewRenderer(io.Discard)
			r.SetColorProfile(p)
			r.SetHasDarkBackground(dark)
			th := DefaultTheme()
			st := NewStylesFor(r, th)
			want := r.NewStyle().Background(th.HeaderBg).Foreground(th.Accent).Bold(true).Render("caredesk")
			if got := st.HeaderKey.Render("caredesk"); got != want {
				t.Errorf("profile %d, dark %v: %q, want %q", p, dark, got, want)
			}
			want = r.NewStyle().Foreground(th.TagFg).Render("billing/refund")
			if got := st.Tag.Render("billing/refund"); got != want {
				t.Errorf("profile %d, dark %v: %q, want %q", p, dark, got, want)
			}
		}
	}
}

// TestSelectedRowIsReversedOnASessionsTerminal: on a team server the
// selected queue row was reversed only in its styled cells (priority, age,
// tags, SLA): its plain cells (status, customer, subject, the gaps) were
// drawn with lipgloss's default renderer, the server process's own, which
// has no terminal and draws no attributes. The whole row is reversed.
func TestSelectedRowIsReversedOnASessionsTerminal(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256) // lipgloss's own stays Ascii (init)
	a := newRoot(newTestService(20), Options{Agent: "ana", Now: func() time.Time { return testNow }, Location: time.UTC,
		Styles: NewStylesFor(r, DefaultTheme())})
	a.e.timer = noTimer
	hs := &harness{t: t, a: a}
	hs.send(tea_WindowSize(120, 20)) // no preview beside the rows
	hs.run(a.Init())
	var row string
	for _, l := range strings.Split(a.View(), "\n") {
		if strings.HasPrefix(ansi.Strip(l), ">") {
			row = l
		}
	}
	if row == "" {
		t.Fatalf("no selected row:\n%s", ansi.Strip(a.View()))
	}
	if out := notReversed(row); out != "" {
		t.Errorf("the selected row is not reversed in %q:\n%q", out, row)
	}
}

// notReversed is the text of line drawn without the reverse attribute
// (SGR 7).
func notReversed(line string) string {
	var out strings.Builder
	on := false
	for len(line) > 0 {
		if strings.HasPrefix(line, "\x1b[") {
			end := strings.IndexByte(line, 'm')
			if end < 0 {
				break
			}
			params := strings.Split(line[2:end], ";")
			line = line[end+1:]
			for i := 0; i < len(params); i++ {
				switch params[i] {
				case "", "0":
					on = false
				case "7":
					on = true
				case "27":
					on = false
				case "38", "48": // a colour: 5;n or 2;r;g;b
					if i+1 < len(params) && params[i+1] == "5" {
						i += 2
					} else {
						i += 4
					}
				}
			}
			continue
		}
		_, size := utf8.DecodeRuneInString(line)
		if !on {
			out.WriteString(line[:size])
		}
		line = line[size:]
	}
	return out.String()
}
