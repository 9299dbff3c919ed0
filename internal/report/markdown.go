package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/caredesk/caredesk/internal/textsafe"
)

// WriteMarkdown writes the brief as Markdown for e-mail, wikis and tickets.
func WriteMarkdown(w io.Writer, b *Brief) error {
	var s strings.Builder
	m := b.Matrix
	p := func(format string, args ...any) { fmt.Fprintf(&s, format, args...) }

	p("# Voice of the customer: %s\n\n", covered(m))
	scope := "all cases"
	if b.Filter != "" {
		scope = "cases matching `" + codeSpan(b.Filter) + "`"
	}
	if b.TagPrefix != "" {
		scope += " tagged under `" + codeSpan(b.TagPrefix) + "`"
	}
	p("By %s, %s; counting %s. Every total is for %s. Generated %s UTC by caredesk.\n\n", m.G, scope, m.Metric.Title(), dates(m), b.Generated.UTC().Format("2006-01-02 15:04"))

	p("## In numbers\n\n| | |\n|---|---:|\n")
	p("| Cases | %s |\n", thousands(b.Cases))
	p("| Customers | %s |\n", thousands(b.Customers))
	p("| Tagged cases | %s (%s) |\n", thousands(b.TaggedCases), percent(b.TaggedShare()))
	p("| Repeat-contact customers (2+ cases within 30 days) | %s |\n", thousands(b.RepeatCustomers))
	if l := b.FirstResponseLine(); l != "" {
		p("| First response | %s |\n", l)
	}
	if b.SLA != nil {
		p("| Handoffs between teams | %s (%s cases) |\n", thousands(b.Handoffs), thousands(b.HandedOff))
		p("| First response met | %s |\n| Resolution met | %s |\n", shareText(b.SLA.Total.FirstMet, b.SLA.Total.FirstMeas),
			shareText(b.SLA.Total.ResolveMet, b.SLA.Total.ResolveMeas))
	}
	p("| Overdue now | %s |\n\n", thousands(b.Overdue))

	p("## Top issues\n\n")
	if len(b.Top) == 0 {
		p("No tagged cases.\n\n")
	} else {
		p("A case with several tags counts under each, so shares can add up to more than 100%%.\n\n")
		p("| # | Issue | %s | Share | Trend (%s) | Queue query |\n|---:|---|---:|---:|---|---|\n", title(m.Metric.Title()), trendWindow(m))
		for i, is := range b.Top {
			p("| %d | %s | %s | %s | %s | `%s` |\n", i+1, mdText(is.Name()), thousands(is.Count), percent(is.Share), trendText(is.Trend), codeSpan(is.Query))
		}
		p("\n")
	}

	p("## Rising issues\n\n")
	if len(b.Rising) == 0 {
		p("Nothing rose by %d or more (%s).\n\n", minRise, trendWindow(m))
	}
	for _, is := range b.Rising {
		p("- **%s**: %s\n", mdText(is.Name()), trendText(is.Trend))
	}
	if len(b.Rising) > 0 {
		p("\n")
	}

	p("## Repeat contacts\n\n")
	p("%s of %s customers contacted us two or more times within 30 days.", thousands(b.RepeatCustomers), thousands(b.Customers))
	if len(b.TopRepeat) > 0 {
		p(" The most frequent:\n\n| Customer | Cases |\n|---|---:|\n")
		for _, r := range b.TopRepeat {
			p("| %s | %s |\n", mdText(r.Label()), thousands(r.Cases))
		}
	}
	p("\n\n")

	p("## Recovery actions by issue\n\n")
	for _, is := range b.Top {
		p("- **%s**: %s\n", mdText(is.Name()), recoveryText(is))
	}
	p("\n## In their words\n\n")
	for _, is := range b.Top {
		p("### %s (%s)\n\n", mdText(is.Name()), countOf(is.Count, m.Metric))
		if len(is.Quotes) == 0 {
			p("No quotes.\n\n")
		}
		for _, q := range is.Quotes {
			p("> %s\n>\n> — %s, %s\n\n", mdText(q.Text), mdText(q.ExternalID), q.Created)
		}
	}

	rows, first := heatRows(m)
	if len(rows) > 0 && len(m.Periods) > 0 {
		p("## Heatmap\n\n| Issue |")
		for i := first; i < len(m.Periods); i++ {
			p(" %s |", periodHead(m, i))
		}
		p(" Total |\n|---|%s---:|\n", strings.Repeat("---:|", len(m.Periods)-first))
		for _, r := range rows {
			name := mdText(m.Label(r.Tag))
			if r.Tag == "" {
				name = "*untagged*"
			}
			p("| %s |", name)
			for _, c := range r.Counts[first:] {
				p(" %d |", c)
			}
			p(" %d |\n", r.Total)
		}
		p("\n")
		if note := heatNote(m); note != "" {
			p("%s\n\n", note)
		}
	}
	if b.SLA != nil {
		p("## SLA attainment\n\n| team or tag | cases | first response met | resolution met |\n|---|---:|---:|---:|\n")
		for _, r := range append(b.SLA.Teams, b.SLA.Tags...) {
			p("| %s %s | %d | %s | %s |\n", r.Kind, mdText(r.Group), r.Cases, shareText(r.FirstMet, r.FirstMeas), shareText(r.ResolveMet, r.ResolveMeas))
		}
		p("\n%d cases missed a target: `caredesk report --metric sla --format md` lists them.\n\n", len(b.SLA.Missed))
	}
	p("Every number can be checked: open caredesk and search the queue for the issue's query; add `created:PERIOD` for one cell.\n")
	_, err := io.WriteString(w, s.String())
	return err
}

func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// mdText escapes what Markdown would read as markup or raw HTML; customer
// words must reach the reader as words.
func mdText(s string) string {
	s = textsafe.Plain(s)
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>|#~!&", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// codeSpan makes s safe inside a single-backtick code span.
func codeSpan(s string) string {
	return strings.NewReplacer("`", "'", "|", `\|`).Replace(textsafe.Plain(s))
}
