package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
)

func helpText(groups [][]key.Binding) string {
	var b strings.Builder
	for _, g := range groups {
		for _, k := range g {
			b.WriteString(k.Help().Key + " " + k.Help().Desc + "\n")
		}
	}
	return b.String()
}

// The tags pane promises nothing a merge cannot do: there is no undo, and
// R only swaps a near-duplicate pair before it is merged.
func TestTaxonomyHelpMatchesKeys(t *testing.T) {
	hmAscii(t)
	p := taxOpen(t, taxStore(t), 100, 20)
	list := helpText(p.FullHelp())
	if strings.Contains(list, "R ") || strings.Contains(list, "reverse") {
		t.Errorf("the list's help offers R, which does nothing there:\n%s", list)
	}
	hmKeys(p, "d")
	dups := helpText(p.FullHelp())
	if !strings.Contains(dups, "R swap") || strings.Contains(dups, "reverse the merge") {
		t.Errorf("near duplicates help:\n%s", dups)
	}
}
