package report

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// The first reply that reached the customer stops each case's
// first-response clock: the JSON report lists every answered case in
// scope with its wait, and the brief gives the median. A reply the server
// refused answers no one (case c), nor does one only queued.
func TestFirstResponseInReports(t *testing.T) {
	clock := testNow.Add(-10 * 24 * time.Hour)
	s, err := store.Open(filepath.Join(t.TempDir(), "t.db"), store.Options{Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var rows []model.ImportRow
	for i, ext := range []string{"a", "b", "c"} {
		rows = append(rows, model.ImportRow{Case: model.Case{ExternalID: ext, CreatedAt: clock.Add(time.Duration(i) * time.Hour), Subject: ext, Body: "help"},
			Customer: model.Customer{Email: ext + "@example.com"}})
	}
	if _, err := s.Import(rows); err != nil {
		t.Fatal(err)
	}
	reply := func(id model.CaseID, at time.Time, act model.Action) {
		clock = at
		if _, err := s.Act(id, 0, "ana", act); err != nil {
			t.Fatal(err)
		}
	}
	draft := model.Draft{From: "care@desk.test", To: []string{"a@example.com"}, Text: "on it"}
	// deliver hands the reply just queued to the server, which answers at
	// the clock's time: ok, or a refusal.
	deliver := func(id model.CaseID, at time.Time, ok bool) {
		out, _ := s.Outbox()
		m := out[len(out)-1]
		clock = at
		s.StartSending(id, m.Seq)
		if ok {
			s.ReplySent(id, m.Seq, []byte("sent"), "250 ok")
		} else {
			s.ReplyFailed(id, m.Seq, "550 no such user")
		}
	}
	reply(1, rows[0].Case.CreatedAt.Add(80*time.Minute), model.SendReply{Draft: draft}) // queued: counts once accepted
	deliver(1, rows[0].Case.CreatedAt.Add(90*time.Minute), true)
	reply(1, rows[0].Case.CreatedAt.Add(5*time.Hour), model.SendReply{Draft: draft}) // only the first counts
	deliver(1, rows[0].Case.CreatedAt.Add(5*time.Hour), true)
	reply(2, rows[1].Case.CreatedAt.Add(30*time.Minute), model.LogReply{Text: "called back"})
	reply(3, rows[2].Case.CreatedAt.Add(20*time.Minute), model.SendReply{Draft: draft})
	deliver(3, rows[2].Case.CreatedAt.Add(20*time.Minute), false)
	spec := Spec{G: model.ByWeek, Metric: Cases, Now: testNow, SLA: model.DefaultSLA}

	var buf bytes.Buffer
	if err := Write(&buf, s, spec, "json", BriefOptions{}); err != nil {
		t.Fatal(err)
	}
	var j JSONMatrix
	if err := json.Unmarshal(buf.Bytes(), &j); err != nil {
		t.Fatal(err)
	}
	fr := j.FirstResponse
	if fr == nil || fr.Answered != 2 || len(fr.Cases) != 2 || fr.Cases[0].Minutes != 90 || fr.Cases[1].Minutes != 30 || fr.MedianMinutes != 60 {
		t.Fatalf("first_response = %+v", fr)
	}
	for _, format := range []string{"md", "html"} {
		buf.Reset()
		if err := Write(&buf, s, spec, format, BriefOptions{}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), "1 h 0 min (median of 2 answered cases)") {
			t.Errorf("the %s brief lacks the first response:\n%s", format, buf.String())
		}
	}
	// Out of scope by date: nothing.
	spec.From = model.DayOf(testNow)
	buf.Reset()
	Write(&buf, s, spec, "json", BriefOptions{})
	if strings.Contains(buf.String(), "first_response") {
		t.Fatalf("cases out of range were reported")
	}
}
