package ui

import "github.com/charmbracelet/bubbles/key"

// heatmapKeys are the issue heatmap's keys while no input is open. 1–3,
// tab, :, ? and q belong to the root and are not used here.
type heatmapKeys struct {
	Up, Down, Left, Right, PageBack, PageFwd    key.Binding
	Top, Bottom, Earliest, Latest               key.Binding
	Drill, Open, Toggle, ExpandAll, CollapseAll key.Binding
	Days, Weeks, Months                         key.Binding
	Sort, Metric, Filter, From, To              key.Binding
	Reload                                      key.Binding
}

func newHeatmapKeys() heatmapKeys {
	return heatmapKeys{
		Up:          upKey("row up"),
		Down:        downKey("row down"),
		Left:        key.NewBinding(key.WithKeys("h", "left"), key.WithHelp("h/←", "earlier")),
		Right:       key.NewBinding(key.WithKeys("l", "right"), key.WithHelp("l/→", "later")),
		PageBack:    key.NewBinding(key.WithKeys("H", "shift+left"), key.WithHelp("H", "page back in time")),
		PageFwd:     key.NewBinding(key.WithKeys("L", "shift+right"), key.WithHelp("L", "page forward in time")),
		Top:         topKey("first row"),
		Bottom:      bottomKey("last row"),
		Earliest:    key.NewBinding(key.WithKeys("^"), key.WithHelp("^", "earliest period")),
		Latest:      key.NewBinding(key.WithKeys("$"), key.WithHelp("$", "latest period")),
		Drill:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open cases; area: expand")),
		Open:        key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open cases (areas too)")),
		Toggle:      key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "expand/collapse area")),
		ExpandAll:   key.NewBinding(key.WithKeys("E"), key.WithHelp("E", "expand all")),
		CollapseAll: key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "collapse all")),
		Days:        key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "days")),
		Weeks:       key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "weeks")),
		Months:      key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "months")),
		Sort:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort")),
		Metric:      key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "metric")),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		From:        key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "from date")),
		To:          key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "to date")),
		Reload:      key.NewBinding(key.WithKeys("r", "ctrl+r"), key.WithHelp("r", "recompute")),
	}
}

// heatmapInputKeys apply while the filter or a date input is open.
type heatmapInputKeys struct{ Apply, Cancel key.Binding }

func newHeatmapInputKeys() heatmapInputKeys {
	return heatmapInputKeys{
		Apply:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Cancel: cancelKey(),
	}
}
