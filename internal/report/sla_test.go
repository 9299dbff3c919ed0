package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// slaDesk is a real store with two teams: cases come in over two weeks, and
// a clock walks through them replying to some and resolving some, at times
// inside and outside the targets.
func slaDesk(t *testing.T) (*store.DB, model.SLAPolicy, time.Time) {
	t.Helper()
	hours, err := model.ParseHours("Mon-Fri 09:00-17:00", "Europe/Berlin", []string{"2026-11-19"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := model.NewRouting([]model.Team{
		{Name: "billing", Members: []string{"ana", "bo"}, Areas: []string{"billing"}, Assign: model.AssignRoundRobin,
			SLA: model.TeamSLA{FirstResponse: model.SLAPolicy{Urgent: time.Hour, High: 2 * time.Hour, Normal: 4 * time.Hour, Low: 8 * time.Hour},
				Resolution: model.SLAPolicy{Urgent: 8 * time.Hour, High: 16 * time.Hour, Normal: 24 * time.Hour, Low: 40 * time.Hour}, Hours: hours}},
		{Name: "delivery", Members: []string{"chen"}, Areas: []string{"delivery"}, Assign: model.AssignLeastOpen},
	})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 9, 0, 0, 0, 0, time.UTC)
	now := start
	s, err := store.Open(filepath.Join(t.TempDir(), "sla.db"), store.Options{Now: func() time.Time { return now }, Routing: r})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	rng := rand.New(rand.NewPCG(15, 15))
	tags := []string{"billing/refund", "billing/fee", "delivery/late", "product/recall"}
	var rows []model.ImportRow
	for i := range 300 {
		c := model.Case{ExternalID: fmt.Sprintf("S-%d", i), CreatedAt: start.Add(time.Duration(rng.IntN(14*24*60)) * time.Minute),
			Priority: model.Priorities[rng.IntN(4)], Tags: []string{tags[rng.IntN(len(tags))]}}
		if i%10 == 0 {
			c.Status = model.StatusClosed // history: no finish on record
		}
		if i%13 == 0 {
			c.Tags = nil
		}
		rows = append(rows, model.ImportRow{Source: "t", Line: i + 2, Case: c})
	}
	if _, err := s.Import(rows); err != nil {
		t.Fatal(err)
	}
	// Work the cases in creation order: a reply after 0-10 hours, a finish
	// after 0-5 days, some never.
	for i := range rows {
		c, err := s.CaseByExternalID(rows[i].Case.ExternalID)
		if err != nil || !c.Status.Active() {
			continue
		}
		if rng.IntN(4) > 0 {
			now = c.CreatedAt.Add(time.Duration(rng.IntN(600)) * time.Minute)
			if c, err = s.Act(c.ID, 0, "ana", model.LogReply{Text: "on it"}); err != nil {
				t.Fatal(err)
			}
		}
		if rng.IntN(3) > 0 {
			now = c.CreatedAt.Add(time.Duration(rng.IntN(5*24*60)) * time.Minute)
			if _, err = s.Act(c.ID, 0, "ana", model.SetStatus{To: model.StatusResolved}); err != nil {
				t.Fatal(err)
			}
		}
	}
	now = start.Add(20 * 24 * time.Hour)
	return s, s.SLA(), now
}

type recount struct{ cases, frMeas, frMet, resMeas, resMet int }

// TestSLAReportAgainstRecount counts met and missed targets again from the
// raw timelines, stepping through the business minutes itself.
func TestSLAReportAgainstRecount(t *testing.T) {
	s, sla, now := slaDesk(t)
	rep, err := BuildSLA(s, Spec{Now: now, SLA: sla})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]*recount{}
	missed := 0
	add := func(k string) *recount {
		if want[k] == nil {
			want[k] = &recount{}
		}
		return want[k]
	}
	err = s.EachCaseFull(true, func(c model.Case, _ model.Customer, evs []model.Event) error {
		var firstReply, finished time.Time
		for _, ev := range evs {
			if ev.Kind == model.EventReply && firstReply.IsZero() {
				firstReply = ev.At
			}
			if ev.Kind == model.EventStatus && ev.To == "resolved" {
				finished = ev.At
			}
		}
		keys := []string{"all", "team " + orNone(c.Team, "(no team)"), "period " + model.PeriodOf(model.ByDay, model.DayOf(c.CreatedAt)).Label()}
		for _, tg := range c.Tags {
			keys = append(keys, "tag "+tg)
		}
		if len(c.Tags) == 0 {
			keys = append(keys, "tag (untagged)")
		}
		hours := sla.Hours(c.Team)
		frDue := time.Time{}
		if fr := sla.FirstResponse(c.Team, c.Priority); fr > 0 {
			frDue = stepBusiness(hours, c.CreatedAt, fr)
		}
		resDue := stepBusiness(hours, c.CreatedAt, sla.Resolution(c.Team, c.Priority))
		for _, k := range keys {
			r := add(k)
			r.cases++
			// Closed history imported without a timeline is not measured.
			history := !c.Status.Active() && finished.IsZero()
			if !frDue.IsZero() && (!firstReply.IsZero() || now.After(frDue) && !history) {
				r.frMeas++
				if !firstReply.IsZero() && !firstReply.After(frDue) {
					r.frMet++
				} else if k == "all" {
					missed++
				}
			}
			if !finished.IsZero() || (c.Status.Active() && now.After(resDue)) {
				r.resMeas++
				if !finished.IsZero() && !finished.After(resDue) {
					r.resMet++
				} else if k == "all" {
					missed++
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rep.rows() {
		k := row.Kind + " " + row.Group
		if row.Kind == "all" {
			k = "all"
		}
		w := want[k]
		got := recount{row.Cases, row.FirstMeas, row.FirstMet, row.ResolveMeas, row.ResolveMet}
		if w == nil || got != *w {
			t.Errorf("%s: report %+v, recount %+v", k, got, w)
		}
		delete(want, k)
	}
	if len(want) > 0 {
		t.Errorf("rows the report lacks: %v", want)
	}
	if len(rep.Missed) != missed || missed == 0 {
		t.Errorf("drill-down lists %d misses, recount says %d", len(rep.Missed), missed)
	}
	if rep.Total.FirstMet == 0 || rep.Total.FirstMet == rep.Total.FirstMeas {
		t.Errorf("the fixture should both meet and miss first replies: %+v", rep.Total)
	}
}

// stepBusiness walks minute by minute until d of business time passed: the
// recount's own due time (nil hours: around the clock).
func stepBusiness(h *model.BusinessHours, start time.Time, d time.Duration) time.Time {
	if h == nil {
		return start.Add(d)
	}
	need := int(d / time.Minute)
	t := start.Truncate(time.Minute)
	if !t.Equal(start) {
		return h.Add(start, d) // the fixture's times are whole minutes
	}
	for ; need > 0; t = t.Add(time.Minute) {
		if h.Open(t) {
			need--
		}
	}
	return t
}

func TestSLAReportFormats(t *testing.T) {
	s, sla, now := slaDesk(t)
	spec := Spec{Now: now, SLA: sla, Metric: SLA}
	var b bytes.Buffer
	if err := Write(&b, s, spec, "csv", BriefOptions{}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil || len(recs) < 4 || recs[0][0] != "kind" || recs[1][0] != "all" {
		t.Fatalf("%v %v", err, recs)
	}
	if n, _ := strconv.Atoi(recs[1][2]); n != 300 {
		t.Errorf("all cases = %s", recs[1][2])
	}
	for _, f := range []string{"md", "html", "json"} {
		b.Reset()
		if err := Write(&b, s, spec, f, BriefOptions{}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "billing") || !strings.Contains(b.String(), "S-") {
			t.Errorf("%s lacks the teams or the drill-down:\n%.500s", f, b.String())
		}
	}
	// The brief of a desk with teams carries the attainment and handoffs.
	b.Reset()
	spec.Metric = Cases
	if err := Write(&b, s, spec, "md", BriefOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "## SLA attainment") || !strings.Contains(b.String(), "Handoffs between teams") {
		t.Errorf("brief without SLA:\n%s", b.String())
	}
}

// Handoffs count how often cases moved between teams; the drill-down
// query finds the cases behind the count.
func TestHandoffsMetric(t *testing.T) {
	s, sla, now := slaDesk(t)
	moved := 0
	s.EachSummary(func(sum model.Summary) error {
		if moved < 3 && sum.Team == "billing" && sum.Status.Active() {
			for _, tg := range sum.Tags {
				if _, err := s.Act(sum.ID, 0, "ana", model.RemoveTag{Tag: tg}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := s.Act(sum.ID, 0, "ana", model.AddTag{Tag: "delivery/late"}); err != nil {
				t.Fatal(err)
			}
			moved++
		}
		return nil
	})
	m, err := Build(s, Spec{G: model.ByWeek, Now: now, SLA: sla, Metric: Handoffs})
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, r := range m.Rows {
		total += r.Total
		if r.Tag == "delivery/late" && (r.Total != 3 || !strings.Contains(m.DrillQuery(r.Tag, -1, model.Query{}), "is:handedoff")) {
			t.Errorf("delivery/late: %d handoffs, drill %q", r.Total, m.DrillQuery(r.Tag, -1, model.Query{}))
		}
	}
	if total != 3 {
		t.Errorf("%d handoffs in the heatmap, want 3", total)
	}
}

// The SLA report measures the cases of the whole filter: its words and
// extra fields too, as the other metrics do. It measured every case of the
// desk for a filter of words.
func TestSLAReportFollowsTheFiltersWords(t *testing.T) {
	s, sla, now := slaDesk(t)
	at := now.Add(-48 * time.Hour)
	rows := []model.ImportRow{
		{Source: "w", Line: 2, Case: model.Case{ExternalID: "W-1", CreatedAt: at, Subject: "where is my parcel", Tags: []string{"delivery/late"}}},
		{Source: "w", Line: 3, Case: model.Case{ExternalID: "W-2", CreatedAt: at, Subject: "Where is my refund?", Tags: []string{"billing/refund"},
			Fields: []model.Field{{Key: "state", Value: "CA"}}}},
	}
	if _, err := s.Import(rows); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		filter string
		cases  int
	}{{`"where is my"`, 2}, {"escrowzz", 0}, {"state:ca", 1}, {`"where is my" tag:billing/`, 1}} {
		q, err := model.ParseQuery(c.filter)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := BuildSLA(s, Spec{Now: now, SLA: sla, Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Total.Cases != c.cases {
			t.Errorf("--filter %s: %d cases measured, want %d", c.filter, rep.Total.Cases, c.cases)
		}
	}
}

// Closed history imported without a timeline is not measured against its
// first-response target either, as against its resolution target: its
// first reply is not on record, and counting each such case a miss made
// a desk's imported history wreck its first-response attainment (a
// new-user finding: 2.8% after 30,000 rows). A case the desk resolved
// without a reply still misses it (TestSLAReportAgainstRecount).
func TestSLAReportLeavesImportedClosedHistoryUnmeasured(t *testing.T) {
	s, sla, now := slaDesk(t)
	rep, err := BuildSLA(s, Spec{Now: now, SLA: sla})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range rep.Missed {
		var n int
		if _, err := fmt.Sscanf(m.ExternalID, "S-%d", &n); err == nil && n%10 == 0 {
			t.Errorf("imported closed history %s counted a %s miss", m.ExternalID, m.Clock)
		}
	}
}

// --by gives the attainment period by period (the case's creation period),
// in every format: a lead asking "is first response getting better?"
// got one total without a word (new-user finding "--metric sla ignores
// --by").
func TestSLAReportByPeriod(t *testing.T) {
	s, sla, now := slaDesk(t)
	spec := Spec{Now: now, SLA: sla, Metric: SLA, G: model.ByWeek}
	rep, err := BuildSLA(s, spec)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Periods) < 2 {
		t.Fatalf("periods %+v", rep.Periods)
	}
	cases := 0
	for _, p := range rep.Periods {
		if p.Kind != "period" || !strings.Contains(p.Group, "-W") {
			t.Errorf("row %+v", p)
		}
		cases += p.Cases
	}
	if cases != rep.Total.Cases {
		t.Errorf("the periods hold %d cases, the total %d", cases, rep.Total.Cases)
	}
	var b bytes.Buffer
	if err := Write(&b, s, spec, "csv", BriefOptions{}); err != nil {
		t.Fatal(err)
	}
	if want := "period," + rep.Periods[0].Group + "," + strconv.Itoa(rep.Periods[0].Cases) + ","; !strings.Contains(b.String(), want) {
		t.Errorf("csv lacks %q:\n%s", want, b.String())
	}
	for _, f := range []string{"md", "html"} {
		b.Reset()
		if err := Write(&b, s, spec, f, BriefOptions{}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "Weeks") || !strings.Contains(b.String(), rep.Periods[0].Group) {
			t.Errorf("%s lacks the weeks:\n%.800s", f, b.String())
		}
	}
}

// md and html list at most maxMissShown cases that missed, say how many
// were left out and which command lists them all (new-user finding: a
// 13.6 MB page of 102,754 rows).
func TestSLAMissedListIsCapped(t *testing.T) {
	s, sla, now := slaDesk(t)
	spec := Spec{Now: now, SLA: sla, Metric: SLA}
	rep, err := BuildSLA(s, spec)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Missed) <= maxMissShown {
		t.Fatalf("the fixture misses %d targets: the test proves little", len(rep.Missed))
	}
	left := fmt.Sprintf("%d more left out", len(rep.Missed)-maxMissShown)
	for f, row := range map[string]string{"md": " | S-", "html": "<tr><td class=\"n\">"} {
		var b bytes.Buffer
		if err := Write(&b, s, spec, f, BriefOptions{}); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		miss := out[strings.Index(out, "missed a target"):]
		if n := strings.Count(miss, row); n != maxMissShown {
			t.Errorf("%s lists %d misses, want %d", f, n, maxMissShown)
		}
		if !strings.Contains(out, left) || !strings.Contains(out, "report --metric sla --format json") {
			t.Errorf("%s does not say %q and how to list them all:\n%s", f, left, miss[len(miss)-600:])
		}
	}
}
