package report

import (
	"html/template"
	"io"

	"github.com/caredesk/caredesk/internal/textsafe"
)

// palette is a sequential scale (ColorBrewer Blues, 8 steps); level 0 is
// an empty cell. Dark steps take white text so numbers stay legible, and
// every cell prints its number, so the table reads in black and white too.
var palette = []string{"#ffffff", "#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c"}

type htmlCell struct {
	N     int
	Color string
	Dark  bool
}

type htmlRow struct {
	Tag   string
	Cells []htmlCell
	Total int
}

type htmlLegend struct {
	Color, Label string
	Dark         bool
}

type htmlView struct {
	*Brief
	Covered, Window, MetricTitle, Generated, Scope string
	HeatNote                                       string // what the heatmap leaves out
	Dates                                          string // the range every total is for
	Periods                                        []string
	Heat                                           []htmlRow
	Legend                                         []htmlLegend
}

// WriteHTML writes the brief as one self-contained HTML file: inline CSS,
// no scripts, no external assets, the heatmap as a coloured table with a
// legend. html/template escapes every customer string.
func WriteHTML(w io.Writer, b *Brief) error {
	m := b.Matrix
	v := htmlView{Brief: b, Covered: covered(m), Window: trendWindow(m), MetricTitle: m.Metric.Title(),
		Generated: b.Generated.UTC().Format("2006-01-02 15:04")}
	v.Scope = "all cases"
	if b.Filter != "" {
		v.Scope = "cases matching " + b.Filter
	}
	if b.TagPrefix != "" {
		v.Scope += " tagged under " + b.TagPrefix
	}
	rows, first := heatRows(m)
	v.HeatNote = heatNote(m)
	v.Dates = dates(m)
	hi := 0
	for _, r := range rows {
		for _, c := range r.Counts[first:] {
			hi = max(hi, c)
		}
	}
	levels := len(palette) - 1
	level := func(n int) int {
		if n <= 0 || hi == 0 {
			return 0
		}
		return max(1, (n*levels+hi-1)/hi)
	}
	for i := first; i < len(m.Periods); i++ {
		v.Periods = append(v.Periods, periodHead(m, i))
	}
	for _, r := range rows {
		hr := htmlRow{Tag: textsafe.Plain(m.Label(r.Tag)), Total: r.Total}
		if r.Tag == "" {
			hr.Tag = "(untagged)"
		}
		for _, c := range r.Counts[first:] {
			l := level(c)
			hr.Cells = append(hr.Cells, htmlCell{N: c, Color: palette[l], Dark: l >= 6})
		}
		v.Heat = append(v.Heat, hr)
	}
	// The legend gives each colour's range of counts.
	for l := 1; l <= levels && hi > 0; l++ {
		lo, up := (l-1)*hi/levels+1, l*hi/levels
		if up < lo {
			continue
		}
		lab := thousands(lo) + "–" + thousands(up)
		if lo == up {
			lab = thousands(lo)
		}
		v.Legend = append(v.Legend, htmlLegend{Color: palette[l], Label: lab, Dark: l >= 6})
	}
	return briefTemplate.Execute(w, v)
}

var briefTemplate = template.Must(template.New("brief").Funcs(template.FuncMap{
	"slashare": shareText,
	"n":        thousands,
	"pct":      percent,
	"trend":    trendText,
	"recovery": recoveryText,
	"css":      func(s string) template.CSS { return template.CSS(s) },
	"inc":      func(i int) int { return i + 1 },
	"count":    countOf,
}).Parse(briefHTML))

const briefHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Voice of the customer: {{.Covered}}</title>
<style>
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; max-width: 1100px; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 1.8em; }
h3 { font-size: 1em; margin-bottom: 0.3em; }
.meta { color: #555; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.scroll { overflow-x: auto; max-width: 100%; }
table.heat { font-size: 12px; }
table.heat th, table.heat td { padding: 0.2em 0.35em; }
table.heat td.num { min-width: 2em; }
table.heat tr > th:first-child { position: sticky; left: 0; background: #fff; max-width: 14em; }
td.dark { color: #fff; }
code { font: 12px ui-monospace, Menlo, Consolas, monospace; background: #f3f3f3; padding: 0 0.2em; }
blockquote { margin: 0.4em 0 0.8em 0; padding: 0.2em 0.8em; border-left: 3px solid #4292c6; background: #f7fbff; }
blockquote .src { color: #555; font-size: 0.9em; }
.legend span { display: inline-block; padding: 0.1em 0.6em; border: 1px solid #ccc; margin-right: 0.2em; font-size: 0.9em; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media print { body { margin: 0; max-width: none; font-size: 11px; } .scroll { overflow: visible; } h2 { break-after: avoid; } table, blockquote { break-inside: avoid; } }
</style>
</head>
<body>
<h1>Voice of the customer</h1>
<p class="meta">{{.Covered}} · by {{.Matrix.G}} · {{.Scope}} · counting {{.MetricTitle}} · every total is for {{.Dates}} · generated {{.Generated}} UTC by caredesk</p>

<h2>In numbers</h2>
<table class="totals">
<tr><th>Cases</th><td class="num">{{n .Cases}}</td></tr>
<tr><th>Customers</th><td class="num">{{n .Customers}}</td></tr>
<tr><th>Tagged cases</th><td class="num">{{n .TaggedCases}} ({{pct .TaggedShare}})</td></tr>
<tr><th>Repeat-contact customers (2+ cases within 30 days)</th><td class="num">{{n .RepeatCustomers}}</td></tr>
{{with .FirstResponseLine}}<tr><th>First response</th><td class="num">{{.}}</td></tr>
{{end}}{{if .SLA}}<tr><th>Handoffs between teams</th><td class="num">{{n .Handoffs}} ({{n .HandedOff}} cases)</td></tr>
<tr><th>First response met</th><td class="num">{{slashare .SLA.Total.FirstMet .SLA.Total.FirstMeas}}</td></tr>
<tr><th>Resolution met</th><td class="num">{{slashare .SLA.Total.ResolveMet .SLA.Total.ResolveMeas}}</td></tr>
{{end}}<tr><th>Overdue now</th><td class="num">{{n .Overdue}}</td></tr>
</table>

<h2>Top issues</h2>
{{if .Top}}<p>A case with several tags counts under each, so shares can add up to more than 100%.</p>
<table class="top">
<tr><th class="num">#</th><th>Issue</th><th class="num">{{.MetricTitle}}</th><th class="num">Share</th><th>Trend ({{.Window}})</th><th>Queue query</th></tr>
{{range $i, $t := .Top}}<tr><td class="num">{{inc $i}}</td><td>{{$t.Name}}</td><td class="num">{{n $t.Count}}</td><td class="num">{{pct $t.Share}}</td><td>{{trend $t.Trend}}</td><td><code>{{$t.Query}}</code></td></tr>
{{end}}</table>{{else}}<p>No tagged cases.</p>{{end}}

<h2>Rising issues</h2>
{{if .Rising}}<ul>
{{range .Rising}}<li><strong>{{.Name}}</strong>: {{trend .Trend}}</li>
{{end}}</ul>{{else}}<p>Nothing rose markedly ({{.Window}}).</p>{{end}}

<h2>Heatmap</h2>
{{if .Heat}}<div class="scroll"><table class="heat">
<tr><th>Issue</th>{{range .Periods}}<th class="num">{{.}}</th>{{end}}<th class="num">Total</th></tr>
{{range .Heat}}<tr><th>{{.Tag}}</th>{{range .Cells}}<td class="num{{if .Dark}} dark{{end}}" style="background-color: {{css .Color}}">{{.N}}</td>{{end}}<td class="num">{{n .Total}}</td></tr>
{{end}}</table></div>
{{if .HeatNote}}<p>{{.HeatNote}}</p>{{end}}
<p class="legend">{{range .Legend}}<span class="{{if .Dark}}dark{{end}}" style="background-color: {{css .Color}}{{if .Dark}}; color: #fff{{end}}">{{.Label}}</span>{{end}}</p>{{else}}<p>No cases.</p>{{end}}

<h2>Repeat contacts</h2>
<p>{{n .RepeatCustomers}} of {{n .Customers}} customers contacted us two or more times within 30 days.</p>
{{if .TopRepeat}}<table class="repeat">
<tr><th>Customer</th><th class="num">Cases</th></tr>
{{range .TopRepeat}}<tr><td>{{.Label}}</td><td class="num">{{n .Cases}}</td></tr>
{{end}}</table>{{end}}

<h2>Recovery actions by issue</h2>
<ul>
{{range .Top}}<li><strong>{{.Name}}</strong>: {{recovery .}}</li>
{{end}}</ul>

<h2>In their words</h2>
{{range .Top}}<h3>{{.Name}} ({{count .Count $.Matrix.Metric}})</h3>
{{range .Quotes}}<blockquote><p>{{.Text}}</p><p class="src">— {{.ExternalID}}, {{.Created}}</p></blockquote>
{{else}}<p>No quotes.</p>
{{end}}{{end}}
{{with .SLA}}<h2>SLA attainment</h2>
<table class="top"><tr><th>Team or tag</th><th class="num">Cases</th><th class="num">First response met</th><th class="num">Resolution met</th></tr>
{{range .Teams}}<tr><td>team {{.Group}}</td><td class="num">{{.Cases}}</td><td class="num">{{slashare .FirstMet .FirstMeas}}</td><td class="num">{{slashare .ResolveMet .ResolveMeas}}</td></tr>
{{end}}{{range .Tags}}<tr><td>{{.Group}}</td><td class="num">{{.Cases}}</td><td class="num">{{slashare .FirstMet .FirstMeas}}</td><td class="num">{{slashare .ResolveMet .ResolveMeas}}</td></tr>
{{end}}</table>
<p>{{len .Missed}} cases missed a target: caredesk report --metric sla lists them.</p>
{{end}}<p class="meta">Every number can be checked: open caredesk and search the queue for the issue's query; add created:PERIOD for one cell.</p>
</body>
</html>
`
