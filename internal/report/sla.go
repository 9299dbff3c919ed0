package report

import (
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/caredesk/caredesk/model"
)

// SLARow is one issue tag's or one team's SLA attainment: of the cases in
// scope, how many had a target measured and how many met it.
type SLARow struct {
	Kind        string // "tag", "team", "period" or "all"
	Group       string // the tag, team or period (2026-W47); "(no team)", "(untagged)"
	Cases       int
	FirstMeas   int // cases with a first-response target, decided (met or missed)
	FirstMet    int
	ResolveMeas int // cases whose resolution target is decided
	ResolveMet  int
}

// FirstShare and ResolveShare are the met shares in percent (0 when
// nothing was measured).
func (r SLARow) FirstShare() float64   { return pct(r.FirstMet, r.FirstMeas) }
func (r SLARow) ResolveShare() float64 { return pct(r.ResolveMet, r.ResolveMeas) }

// SLAMiss is a case that missed a target: the drill-down behind a share.
type SLAMiss struct {
	ID         model.CaseID
	ExternalID string
	Team       string
	Tags       []string
	Clock      string    // "first reply" or "resolution"
	Due        time.Time // when the target ended
	At         time.Time // when it was met after all; zero: not yet
}

// SLAReport is `caredesk report --metric sla`: per issue tag and per team,
// the share of cases that met their first-response and resolution
// targets, and every case that did not.
type SLAReport struct {
	From, To model.Day // creation days covered, half-open; zero: unbounded
	Now      time.Time
	Total    SLARow
	By       model.Granularity
	Tags     []SLARow // by tag name
	Teams    []SLARow // by team name
	Periods  []SLARow // by the period the cases came in, oldest first (--by)
	Missed   []SLAMiss
}

// eventScanner walks every case with its timeline (store.DB.EachCaseFull).
type eventScanner interface {
	EachCaseFull(events bool, fn func(model.Case, model.Customer, []model.Event) error) error
}

// BuildSLA measures the cases of spec's scope (days, filter, tag prefix)
// against spec.SLA, the desk's policy with its teams'. It reads whole
// cases with their timelines: a finish is when a case last went resolved
// or closed.
func BuildSLA(src BriefSource, spec Spec) (*SLAReport, error) {
	full, ok := src.(eventScanner)
	if !ok {
		return nil, model.Errorf(model.EINVALID, "the SLA report needs the cases' timelines, which this source does not give")
	}
	// The filter's words and extra fields select cases too: without this
	// a filter of words measured every case of the desk.
	if err := spec.searchText(src); err != nil {
		return nil, err
	}
	custs, err := customersFor(src, spec.Query)
	if err != nil {
		return nil, err
	}
	rf := newRowFilter(&spec)
	rep := &SLAReport{Now: spec.Now, From: spec.From, To: spec.To, By: spec.G, Total: SLARow{Kind: "all", Group: "all cases"}}
	tags, teams, periods := map[string]*SLARow{}, map[string]*SLARow{}, map[string]*SLARow{}
	row := func(m map[string]*SLARow, kind, group string) *SLARow {
		r := m[group]
		if r == nil {
			r = &SLARow{Kind: kind, Group: group}
			m[group] = r
		}
		return r
	}
	err = full.EachCaseFull(true, func(c model.Case, _ model.Customer, evs []model.Event) error {
		s := c.Summary()
		if in, _ := spec.scope(&s, custs, &rf); !in {
			return nil
		}
		fr, res := spec.SLA.Attainment(&s, model.ResolvedAt(evs), spec.Now)
		rows := []*SLARow{&rep.Total, row(teams, "team", orNone(s.Team, "(no team)")),
			row(periods, "period", model.PeriodOf(spec.G, model.DayOf(s.CreatedAt)).Label())}
		if len(s.Tags) == 0 {
			rows = append(rows, row(tags, "tag", "(untagged)"))
		}
		for _, t := range s.Tags {
			if rf.allows(t) {
				rows = append(rows, row(tags, "tag", t))
			}
		}
		for _, r := range rows {
			r.Cases++
			count(&r.FirstMeas, &r.FirstMet, fr)
			count(&r.ResolveMeas, &r.ResolveMet, res)
		}
		if fr == model.SLAMissed {
			due := spec.SLA.Hours(s.Team).Add(s.CreatedAt, spec.SLA.FirstResponse(s.Team, s.Priority))
			rep.Missed = append(rep.Missed, SLAMiss{ID: s.ID, ExternalID: s.ExternalID, Team: s.Team, Tags: s.Tags,
				Clock: "first reply", Due: due, At: s.FirstReply})
		}
		if res == model.SLAMissed {
			due := spec.SLA.Hours(s.Team).Add(s.CreatedAt, spec.SLA.Resolution(s.Team, s.Priority))
			rep.Missed = append(rep.Missed, SLAMiss{ID: s.ID, ExternalID: s.ExternalID, Team: s.Team, Tags: s.Tags,
				Clock: "resolution", Due: due, At: model.ResolvedAt(evs)})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	rep.Tags, rep.Teams, rep.Periods = sortedRows(tags), sortedRows(teams), sortedRows(periods) // labels sort by time
	slices.SortFunc(rep.Missed, func(a, b SLAMiss) int {
		return cmp.Or(cmp.Compare(a.Clock, b.Clock), a.Due.Compare(b.Due), cmp.Compare(a.ID, b.ID))
	})
	return rep, nil
}

func sortedRows(m map[string]*SLARow) []SLARow {
	out := make([]SLARow, 0, len(m))
	for _, r := range m {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b SLARow) int { return cmp.Compare(a.Group, b.Group) })
	return out
}

func count(meas, met *int, o model.SLAOutcome) {
	switch o {
	case model.SLAMet:
		*meas++
		*met++
	case model.SLAMissed:
		*meas++
	}
}

func orNone(s, none string) string {
	if s == "" {
		return none
	}
	return s
}

// WriteSLA writes the report as csv (one line per row: kind, group,
// cases, measured, met and share of each target), json (everything,
// drill-down included), md or html (tables, then the cases that missed).
func WriteSLA(w io.Writer, r *SLAReport, format string) error {
	switch format {
	case "csv":
		return writeSLACSV(w, r)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(slaJSON(r))
	case "md":
		return writeSLAMarkdown(w, r)
	}
	return writeSLAHTML(w, r)
}

func (r *SLAReport) rows() []SLARow {
	out := append([]SLARow{r.Total}, r.Teams...)
	return append(append(out, r.Tags...), r.Periods...)
}

// maxMissShown caps the cases that missed in md and html, as the brief
// caps its tables: a busy desk's year is tens of thousands of rows, a
// page nobody reads. json lists every one.
const maxMissShown = 50

// shownMisses are the misses md and html list, and how many they leave out.
func (r *SLAReport) shownMisses() ([]SLAMiss, int) {
	if len(r.Missed) <= maxMissShown {
		return r.Missed, 0
	}
	return r.Missed[:maxMissShown], len(r.Missed) - maxMissShown
}

// periodsTitle names the period table by --by: "Weeks".
func (r *SLAReport) periodsTitle() string {
	return map[model.Granularity]string{model.ByDay: "Days", model.ByWeek: "Weeks", model.ByMonth: "Months"}[r.By]
}

// leftOutText says how many misses md and html left out and what lists
// them all.
func leftOutText(n int) string {
	return fmt.Sprintf("%d more left out: caredesk report --metric sla --format json lists every one (with the same flags).", n)
}

func share(met, meas int) string {
	if meas == 0 {
		return ""
	}
	return strconv.FormatFloat(pct(met, meas), 'f', 1, 64)
}

func writeSLACSV(w io.Writer, r *SLAReport) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"kind", "group", "cases", "first_response_measured", "first_response_met", "first_response_pct",
		"resolution_measured", "resolution_met", "resolution_pct"})
	for _, row := range r.rows() {
		cw.Write([]string{row.Kind, row.Group, strconv.Itoa(row.Cases), strconv.Itoa(row.FirstMeas), strconv.Itoa(row.FirstMet),
			share(row.FirstMet, row.FirstMeas), strconv.Itoa(row.ResolveMeas), strconv.Itoa(row.ResolveMet), share(row.ResolveMet, row.ResolveMeas)})
	}
	cw.Flush()
	return cw.Error()
}

type slaRowJSON struct {
	Kind               string   `json:"kind"`
	Group              string   `json:"group"`
	Cases              int      `json:"cases"`
	FirstMeasured      int      `json:"first_response_measured"`
	FirstMet           int      `json:"first_response_met"`
	FirstPct           *float64 `json:"first_response_pct"`
	ResolutionMeasured int      `json:"resolution_measured"`
	ResolutionMet      int      `json:"resolution_met"`
	ResolutionPct      *float64 `json:"resolution_pct"`
}

type slaMissJSON struct {
	Case       model.CaseID `json:"case"`
	ExternalID string       `json:"external_id"`
	Team       string       `json:"team"`
	Tags       []string     `json:"tags"`
	Clock      string       `json:"clock"`
	Due        time.Time    `json:"due"`
	At         *time.Time   `json:"at"`
}

func slaJSON(r *SLAReport) any {
	var rows []slaRowJSON
	for _, row := range r.rows() {
		j := slaRowJSON{Kind: row.Kind, Group: row.Group, Cases: row.Cases, FirstMeasured: row.FirstMeas, FirstMet: row.FirstMet,
			ResolutionMeasured: row.ResolveMeas, ResolutionMet: row.ResolveMet}
		if row.FirstMeas > 0 {
			v := row.FirstShare()
			j.FirstPct = &v
		}
		if row.ResolveMeas > 0 {
			v := row.ResolveShare()
			j.ResolutionPct = &v
		}
		rows = append(rows, j)
	}
	var missed []slaMissJSON
	for _, m := range r.Missed {
		j := slaMissJSON{Case: m.ID, ExternalID: m.ExternalID, Team: m.Team, Tags: m.Tags, Clock: m.Clock, Due: m.Due.UTC()}
		if !m.At.IsZero() {
			at := m.At.UTC()
			j.At = &at
		}
		missed = append(missed, j)
	}
	return map[string]any{"generated": r.Now.UTC(), "rows": rows, "missed": missed}
}

func writeSLAMarkdown(w io.Writer, r *SLAReport) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# SLA attainment\n\nGenerated %s. A share is of the cases whose target is decided: met, or missed (a target still open counts once its time has passed).\n\n", r.Now.UTC().Format("2006-01-02 15:04 MST"))
	table := func(title string, rows []SLARow) {
		fmt.Fprintf(&b, "## %s\n\n| %s | cases | first response met | resolution met |\n|---|---:|---:|---:|\n", title, strings.ToLower(title[:len(title)-1]))
		for _, row := range rows {
			fmt.Fprintf(&b, "| %s | %d | %s | %s |\n", mdText(row.Group), row.Cases, shareText(row.FirstMet, row.FirstMeas), shareText(row.ResolveMet, row.ResolveMeas))
		}
		b.WriteString("\n")
	}
	table("Teams", append([]SLARow{r.Total}, r.Teams...))
	table("Tags", r.Tags)
	table(r.periodsTitle(), r.Periods)
	fmt.Fprintf(&b, "## Cases that missed a target (%d)\n\n", len(r.Missed))
	shown, left := r.shownMisses()
	if len(shown) > 0 {
		b.WriteString("| case | external id | team | clock | due | met at |\n|---:|---|---|---|---|---|\n")
		for _, m := range shown {
			at := "not yet"
			if !m.At.IsZero() {
				at = m.At.UTC().Format("2006-01-02 15:04")
			}
			fmt.Fprintf(&b, "| %d | %s | %s | %s | %s | %s |\n", m.ID, mdText(m.ExternalID), mdText(orNone(m.Team, "—")), m.Clock, m.Due.UTC().Format("2006-01-02 15:04"), at)
		}
	}
	if left > 0 {
		fmt.Fprintf(&b, "\n%s\n", strings.Replace(leftOutText(left), "caredesk report --metric sla --format json", "`caredesk report --metric sla --format json`", 1))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func shareText(met, meas int) string {
	if meas == 0 {
		return "—"
	}
	return fmt.Sprintf("%s%% (%d of %d)", share(met, meas), met, meas)
}

var slaPage = template.Must(template.New("sla").Funcs(template.FuncMap{"share": shareText, "when": func(t time.Time) string {
	if t.IsZero() {
		return "not yet"
	}
	return t.UTC().Format("2006-01-02 15:04")
}, "or": orNone, "leftOut": leftOutText}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SLA attainment</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#111}table{border-collapse:collapse;margin:1em 0}
th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}td.n{text-align:right}</style></head><body>
<h1>SLA attainment</h1>
<p>Generated {{when .Now}}. A share is of the cases whose target is decided: met, or missed (a target still open counts once its time has passed).</p>
<h2>Teams</h2><table><tr><th>team</th><th>cases</th><th>first response met</th><th>resolution met</th></tr>
<tr><td>{{.Total.Group}}</td><td class="n">{{.Total.Cases}}</td><td>{{share .Total.FirstMet .Total.FirstMeas}}</td><td>{{share .Total.ResolveMet .Total.ResolveMeas}}</td></tr>
{{range .Teams}}<tr><td>{{.Group}}</td><td class="n">{{.Cases}}</td><td>{{share .FirstMet .FirstMeas}}</td><td>{{share .ResolveMet .ResolveMeas}}</td></tr>
{{end}}</table>
<h2>Tags</h2><table><tr><th>tag</th><th>cases</th><th>first response met</th><th>resolution met</th></tr>
{{range .Tags}}<tr><td>{{.Group}}</td><td class="n">{{.Cases}}</td><td>{{share .FirstMet .FirstMeas}}</td><td>{{share .ResolveMet .ResolveMeas}}</td></tr>
{{end}}</table>
<h2>{{.Title}}</h2><table><tr><th>period</th><th>cases</th><th>first response met</th><th>resolution met</th></tr>
{{range .Periods}}<tr><td>{{.Group}}</td><td class="n">{{.Cases}}</td><td>{{share .FirstMet .FirstMeas}}</td><td>{{share .ResolveMet .ResolveMeas}}</td></tr>
{{end}}</table>
<h2>Cases that missed a target ({{len .Missed}})</h2>
{{if .Shown}}<table><tr><th>case</th><th>external id</th><th>team</th><th>clock</th><th>due</th><th>met at</th></tr>
{{range .Shown}}<tr><td class="n">{{.ID}}</td><td>{{.ExternalID}}</td><td>{{or .Team "—"}}</td><td>{{.Clock}}</td><td>{{when .Due}}</td><td>{{when .At}}</td></tr>
{{end}}</table>{{end}}
{{if .Left}}<p>{{leftOut .Left}}</p>{{end}}
</body></html>
`))

func writeSLAHTML(w io.Writer, r *SLAReport) error {
	shown, left := r.shownMisses()
	return slaPage.Execute(w, struct {
		*SLAReport
		Title string
		Shown []SLAMiss
		Left  int
	}{r, r.periodsTitle(), shown, left})
}
