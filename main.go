// Command caredesk is a keyboard-driven care desk in the terminal: agents
// work a live queue of customer cases and tag the issues they raise; team
// leads read the issue heatmap and export the voice-of-the-customer brief.
// Everything lives in one bbolt file. See README.md.
package main

import (
	"os"

	"github.com/caredesk/caredesk/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}))
}
