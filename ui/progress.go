package ui

import (
	"fmt"
	"io"
	"time"

	"github.com/charmbracelet/bubbles/progress"
)

// ProgressLine draws an import's progress on one terminal line (for the
// command line, outside the app): a bubbles progress bar redrawn in place
// at most ten times a second.
type ProgressLine struct {
	w     io.Writer
	name  string
	total int64
	bar   progress.Model
	last  time.Time
}

// NewProgressLine starts a progress line for a file of total bytes.
func NewProgressLine(w io.Writer, name string, total int64) *ProgressLine {
	bar := progress.New(progress.WithDefaultGradient(), progress.WithWidth(40))
	return &ProgressLine{w: w, name: Truncate(name, 30), total: total, bar: bar}
}

// Set redraws the line for done bytes.
func (p *ProgressLine) Set(done int64) {
	if time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last = time.Now()
	p.draw(done)
}

func (p *ProgressLine) draw(done int64) {
	frac := 0.0
	if p.total > 0 {
		frac = min(float64(done)/float64(p.total), 1)
	}
	fmt.Fprintf(p.w, "\r%s %s ", p.name, p.bar.ViewAs(frac))
}

// Done draws the full bar and ends the line.
func (p *ProgressLine) Done() {
	p.draw(p.total)
	fmt.Fprint(p.w, "\r\x1b[2K")
}
