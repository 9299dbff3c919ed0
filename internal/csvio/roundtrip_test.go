package csvio

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// hostile pieces of text that a round trip must carry byte for byte.
var hostile = []string{"", "a", "Zoë", "\x00", "\x1b[31m", "\x1b]8;;https://evil.example\x07", "\x1b[2J\x1b[H",
	"\r\n", "\r", "\n", "\n\r", `"`, `""`, ",", ";", " ", "\t", "😀", "👩🏽‍💻", "\u202e", "\u2066", "\u200b", "\u2028",
	"\ufeff", "\u00a0", "\x7f", "\x01", "=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\\", "<b>&amp;</b>",
	"{\"k\":1}", "  padded  ", "XXXX", "日本語"}

func hostileText(r *rand.Rand, maxPieces int) string {
	var b strings.Builder
	for range r.IntN(maxPieces + 1) {
		b.WriteString(hostile[r.IntN(len(hostile))])
	}
	return b.String()
}

func randomTime(r *rand.Rand) time.Time {
	return time.Unix(r.Int64N(7e9), r.Int64N(1e9)).UTC() // 1970 .. 2191, inside model.CheckCreated
}

func optionalTime(r *rand.Rand) time.Time {
	if r.IntN(3) == 0 {
		return time.Time{}
	}
	return randomTime(r)
}

// csvKeys are the extra columns of the property test's CSV export: hostile
// names, an empty one and a repeated one.
var csvKeys = []string{"Region", "Ticket Source", "note,with \"quotes\"", "é\r\n", " padded ", "", "dup", "dup", "=1+1",
	"Tags", " Subject ", "field:x", "field:field:", "field:"}

type testCase struct {
	c   model.Case
	cu  model.Customer
	evs []model.Event
}

// randomCase makes a case; forCSV keeps to what CSV can hold (fields in
// column order with values, tags without ';', no reopens or events).
func randomCase(r *rand.Rand, i int, forCSV bool) testCase {
	c := model.Case{
		ID: model.CaseID(i + 1), Version: uint64(r.IntN(9)), CustomerID: model.CustomerID(r.IntN(3)),
		ExternalID: hostileText(r, 3) + "#" + strings.Repeat("x", i%5) + string(rune('A'+i%26)),
		CreatedAt:  randomTime(r), UpdatedAt: optionalTime(r), FollowUp: optionalTime(r),
		Channel: model.Channels[r.IntN(len(model.Channels))],
		Subject: hostileText(r, 6), Body: hostileText(r, 40), Assignee: hostileText(r, 2),
		Priority: model.Priorities[r.IntN(len(model.Priorities))],
		Status:   model.Statuses[r.IntN(len(model.Statuses))],
		Recovery: model.Recovery{Kind: hostileText(r, 1), Text: hostileText(r, 5)},
	}
	for range r.IntN(4) {
		t, err := model.NormalizeTag(hostileText(r, 4) + "/" + hostileText(r, 3))
		if err != nil || (forCSV && strings.Contains(t, ";")) {
			continue
		}
		c.Tags = append(c.Tags, t)
	}
	c.Tags = sortTags(c.Tags)
	if forCSV {
		for _, k := range csvKeys {
			if v := hostileText(r, 4); v != "" && r.IntN(2) == 0 {
				c.Fields = append(c.Fields, model.Field{Key: k, Value: v})
			}
		}
	} else {
		for range r.IntN(5) {
			c.Fields = append(c.Fields, model.Field{Key: hostileText(r, 2), Value: hostileText(r, 4)})
		}
		c.Reopens = uint32(r.IntN(3))
	}
	var cu model.Customer
	if r.IntN(4) > 0 {
		cu = model.Customer{ID: model.CustomerID(r.IntN(9) + 1), Name: hostileText(r, 3), Email: hostileText(r, 2), Phone: hostileText(r, 2)}
		if !forCSV {
			cu.FirstContact = optionalTime(r)
		}
	}
	tc := testCase{c: c, cu: cu}
	if !forCSV {
		// JSON lines holds a history to the desk's rules (checkEvent): an
		// author or assignee is an agent name, a status, priority or
		// assignment event goes between such values; the rest is hostile.
		tc.c.Assignee = agentNames[r.IntN(len(agentNames))]
		for range r.IntN(4) {
			e := model.Event{At: randomTime(r), Author: agentNames[r.IntN(len(agentNames))],
				Kind: model.EventKind(r.IntN(12) + 1), From: hostileText(r, 3), To: hostileText(r, 8)}
			switch e.Kind {
			case model.EventStatus:
				e.From, e.To = model.Statuses[r.IntN(len(model.Statuses))].String(), model.Statuses[r.IntN(len(model.Statuses))].String()
			case model.EventPriority:
				e.From, e.To = model.Priorities[r.IntN(len(model.Priorities))].String(), model.Priorities[r.IntN(len(model.Priorities))].String()
			case model.EventAssigned:
				e.From, e.To = agentNames[r.IntN(len(agentNames))], agentNames[r.IntN(len(agentNames))]
			}
			tc.evs = append(tc.evs, e)
		}
	}
	return tc
}

// agentNames are names an agents file takes, and none.
var agentNames = []string{"", "bo", "ana.k", "Zoë", "Søren", "Łukasz", "nguyễn_2", "x-1"}

// wantRow is what reading back tc must give: its source data, without the
// ids and version that belong to the database that wrote it.
func wantRow(tc testCase, csv bool) (model.Case, model.Customer, []model.Event) {
	c := tc.c.Clone()
	c.ID, c.CustomerID = 0, 0
	cu := tc.cu
	cu.ID = 0
	if csv {
		// JSON lines carries the version (a new case keeps it on import,
		// so the round trip is exact); CSV has no column for it.
		c.Version, c.Reopens = 0, 0
		cu.FirstContact = time.Time{}
		return c, cu, nil
	}
	var evs []model.Event
	for _, e := range tc.evs {
		e.CaseID = 0
		evs = append(evs, e)
	}
	return c, cu, evs
}

func roundTrip(t *testing.T, cases []testCase, csv bool) {
	t.Helper()
	var buf bytes.Buffer
	if csv {
		w := NewCSVWriter(&buf, csvKeys)
		for _, tc := range cases {
			if err := w.Write(tc.c, tc.cu); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
	} else {
		w := NewJSONLWriter(&buf)
		for _, tc := range cases {
			if err := w.Write(tc.c, tc.cu, tc.evs); err != nil {
				t.Fatal(err)
			}
		}
	}
	data := buf.Bytes()
	rd, err := NewReader("export", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if f := rd.Format(); (f == FormatCSV) != csv || (f == FormatJSONL) == csv {
		t.Fatalf("read back as %v", f)
	}
	for i, tc := range cases {
		row, err := rd.Read()
		if err != nil {
			t.Fatalf("case %d: %v\n%q", i, err, data)
		}
		wc, wcu, wevs := wantRow(tc, csv)
		if !reflect.DeepEqual(row.Case, wc) {
			t.Fatalf("case %d: case\n got %#v\nwant %#v", i, row.Case, wc)
		}
		if row.Customer != wcu {
			t.Fatalf("case %d: customer\n got %#v\nwant %#v", i, row.Customer, wcu)
		}
		if !reflect.DeepEqual(row.Events, wevs) {
			t.Fatalf("case %d: events\n got %#v\nwant %#v", i, row.Events, wevs)
		}
	}
	if _, err := rd.Read(); err != io.EOF {
		t.Fatalf("after the last case: %v", err)
	}
	if rd.BytesRead() != int64(len(data)) {
		t.Fatalf("BytesRead %d of %d", rd.BytesRead(), len(data))
	}
}

func TestRoundTripTable(t *testing.T) {
	at := time.Date(2024, 5, 1, 9, 30, 0, 123456789, time.UTC)
	everything := strings.Join(hostile, "")
	cases := []testCase{
		{c: model.Case{ExternalID: "min", CreatedAt: at, Channel: model.ChannelEmail, Priority: model.PriorityNormal, Status: model.StatusNew}},
		{c: model.Case{ExternalID: "x" + everything, CreatedAt: at, UpdatedAt: at.Add(time.Second), FollowUp: at.Add(time.Hour),
			Channel: model.ChannelChat, Subject: everything, Body: strings.Repeat(everything, 50), Assignee: everything,
			Priority: model.PriorityUrgent, Status: model.StatusPending, Tags: []string{"a", `b"c,d`, "é/😀"},
			Recovery: model.Recovery{Kind: "refund", Text: everything},
			Fields:   []model.Field{{Key: "Region", Value: everything}, {Key: "", Value: "nameless"}, {Key: "dup", Value: "1"}, {Key: "dup", Value: "2"}}},
			cu: model.Customer{Name: everything, Email: "ana@example.com", Phone: "+1 (555) 010"}},
		{c: model.Case{ExternalID: "=cmd|' /C calc'!A0", CreatedAt: time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), Channel: model.ChannelOther,
			Subject: "-1+2", Body: "@SUM(A1:A9)", Priority: model.PriorityLow, Status: model.StatusClosed}},
		{c: model.Case{ExternalID: "lines", CreatedAt: at, Channel: model.ChannelWeb, Subject: "\r", Body: "\r\n\r\n\n\r",
			Priority: model.PriorityHigh, Status: model.StatusResolved, Assignee: "\n"}},
	}
	t.Run("csv", func(t *testing.T) { roundTrip(t, cases, true) })
	cases[1].c.Tags = append(cases[1].c.Tags, "x/with,comma")
	cases[1].c.Tags = sortTags(cases[1].c.Tags)
	cases[1].c.Reopens = 2
	cases[1].c.Assignee, cases[3].c.Assignee = "Zoë", "" // an assignee is an agent name (checkEvent)
	cases[1].evs = []model.Event{{At: at, Author: "bo", Kind: model.EventNote, To: everything},
		{At: at, Kind: model.EventStatus, From: "new", To: "open"}}
	t.Run("jsonl", func(t *testing.T) { roundTrip(t, cases, false) })
}

func TestRoundTripProperty(t *testing.T) {
	n := 400
	if testing.Short() {
		n = 50
	}
	for seed := range uint64(5) {
		r := rand.New(rand.NewPCG(seed, 2024))
		var csvCases, jsonCases []testCase
		for i := range n {
			csvCases = append(csvCases, randomCase(r, i, true))
			jsonCases = append(jsonCases, randomCase(r, i, false))
		}
		roundTrip(t, csvCases, true)
		roundTrip(t, jsonCases, false)
	}
}

// The export format itself, byte for byte.
func TestCSVWriterGolden(t *testing.T) {
	var buf bytes.Buffer
	w := NewCSVWriter(&buf, []string{"Region", "a,b", "Tags"})
	c := model.Case{ExternalID: "A-1", CreatedAt: time.Date(2024, 5, 1, 9, 30, 0, 500, time.FixedZone("", 7200)),
		Channel: model.ChannelEmail, Subject: "Refund \"now\"", Body: "line 1\r\nline 2", Priority: model.PriorityHigh,
		Status: model.StatusOpen, Tags: []string{"billing", "vip"}, Fields: []model.Field{{Key: "a,b", Value: " x"}},
		Team: "billing"}
	mail := []model.MailRecord{
		{Message: model.Message{Dir: model.DirInbound, At: time.Date(2024, 5, 1, 7, 30, 0, 0, time.UTC),
			From: "Ana <ana@example.com>", To: []string{"desk@example.org"}, Subject: "Refund", Text: "Where is it?\n--- Ana"}},
		{Message: model.Message{Dir: model.DirOutbound, At: time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC), Author: "bo",
			From: "desk@example.org", To: []string{"ana@example.com"}, Subject: "Re: Refund", Text: "On its way.", Delivery: model.DeliverySent}},
	}
	if err := w.WriteMail(c, model.Customer{Name: "Ana", Email: "ana@example.com"}, mail); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "external_id,created_at,updated_at,channel,customer_name,customer_email,customer_phone,subject,body,priority,status,assignee,tags,follow_up,recovery_kind,recovery_text,team,conversation,Region,\"a,b\",field:Tags\n" +
		"A-1,2024-05-01T07:30:00.0000005Z,,email,Ana,ana@example.com,,\"Refund \"\"now\"\"\",\"line 1\r\nline 2\",high,open,,billing;vip,,,,billing," +
		"\"--- inbound 2024-05-01T07:30:00Z\nFrom: Ana <ana@example.com>\nTo: desk@example.org\nSubject: Refund\n\nWhere is it?\n\\--- Ana\n" +
		"--- outbound 2024-05-01T08:00:00Z\nAuthor: bo\nFrom: desk@example.org\nTo: ana@example.com\nSubject: Re: Refund\nDelivery: sent\n\nOn its way.\"" +
		",,\" x\",\n"
	if buf.String() != want {
		t.Fatalf("got\n%q\nwant\n%q", buf.String(), want)
	}
}

func TestJSONLWriterGolden(t *testing.T) {
	var buf bytes.Buffer
	w := NewJSONLWriter(&buf)
	at := time.Date(2024, 5, 1, 9, 30, 0, 0, time.UTC)
	c := model.Case{ID: 7, ExternalID: "A-1", CreatedAt: at, Channel: model.ChannelEmail, Subject: "<b>&\x00",
		Priority: model.PriorityHigh, Status: model.StatusOpen, Version: 3, Fields: []model.Field{{Key: "k", Value: "v"}}}
	if err := w.Write(c, model.Customer{}, []model.Event{{At: at, Author: "bo", Kind: model.EventCreated}}); err != nil {
		t.Fatal(err)
	}
	want := `{"id":7,"external_id":"A-1","created_at":"2024-05-01T09:30:00Z","updated_at":"","channel":"email","customer":null,` +
		`"subject":"<b>&\u0000","body":"","priority":"high","status":"open","assignee":"","tags":[],"follow_up":"",` +
		`"recovery":{"kind":"","text":""},"fields":[{"key":"k","value":"v"}],"reopens":0,"version":3,` +
		`"events":[{"kind":"created","at":"2024-05-01T09:30:00Z","author":"bo","from":"","to":""}]}` + "\n"
	if buf.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestWriterRefuses(t *testing.T) {
	at := time.Date(2024, 5, 1, 9, 30, 0, 0, time.UTC)
	ok := model.Case{ExternalID: "ok", CreatedAt: at}
	for _, tc := range []struct {
		name      string
		c         model.Case
		cu        model.Customer
		csv, json string // the error, "" for none
	}{
		{"no external id", model.Case{ID: 4, CreatedAt: at}, model.Customer{}, "case 4: no external id", "case 4: no external id"},
		{"invalid utf-8", model.Case{ExternalID: "x", CreatedAt: at, Body: "\xff"}, model.Customer{}, "case x: text is not valid UTF-8", "case x: text is not valid UTF-8"},
		{"customer invalid utf-8", ok, model.Customer{Name: "\xc3"}, "case ok: text is not valid UTF-8", "case ok: text is not valid UTF-8"},
		{"tag with ;", model.Case{ExternalID: "x", CreatedAt: at, Tags: []string{"a;b"}}, model.Customer{}, `case x: tag "a;b" holds ';', the CSV tag separator`, ""},
		{"field without column", model.Case{ExternalID: "x", CreatedAt: at, Fields: []model.Field{{Key: "nope", Value: "1"}}}, model.Customer{}, `case x: field "nope" has no free column in this export (collect the columns with ExtraKeys)`, ""},
		{"field twice", model.Case{ExternalID: "x", CreatedAt: at, Fields: []model.Field{{Key: "k", Value: "1"}, {Key: "k", Value: "2"}}}, model.Customer{}, `case x: field "k" has no free column in this export (collect the columns with ExtraKeys)`, ""},
		{"year 10000", model.Case{ExternalID: "x", CreatedAt: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}, model.Customer{}, "case x: time 10000-01-01 00:00:00 +0000 UTC is outside years 0-9999", "case x: time 10000-01-01 00:00:00 +0000 UTC is outside years 0-9999"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			cw := NewCSVWriter(&buf, []string{"k"})
			errString := func(err error) string {
				if err == nil {
					return ""
				}
				return err.Error()
			}
			if got := errString(cw.Write(tc.c, tc.cu)); got != tc.csv {
				t.Errorf("csv: got %q, want %q", got, tc.csv)
			}
			if err := cw.Write(ok, model.Customer{}); err != nil { // the writer stays usable
				t.Errorf("csv after a refused case: %v", err)
			}
			jw := NewJSONLWriter(&buf)
			if got := errString(jw.Write(tc.c, tc.cu, nil)); got != tc.json {
				t.Errorf("json: got %q, want %q", got, tc.json)
			}
		})
	}
	var buf bytes.Buffer
	cw := NewCSVWriter(&buf, []string{"Region", "bell\a"})
	if err := cw.Write(ok, model.Customer{}); err == nil || err.Error() != `export: extra field key "bell\a" is not text a CSV header can hold` {
		t.Errorf("binary key: %v", err)
	}
	jw := NewJSONLWriter(&buf)
	if err := jw.Write(ok, model.Customer{}, []model.Event{{At: at, To: "\xff"}}); err == nil {
		t.Error("event with invalid UTF-8 written")
	}
}

func TestWriteError(t *testing.T) {
	boom := errors.New("disk full")
	ok := model.Case{ExternalID: "ok", CreatedAt: time.Date(2024, 5, 1, 9, 30, 0, 0, time.UTC), Body: strings.Repeat("x", 70<<10)}
	cw := NewCSVWriter(failWriter{boom}, nil)
	if err := cw.Write(ok, model.Customer{}); !errors.Is(err, boom) {
		t.Fatalf("csv: %v", err)
	}
	if err := cw.Flush(); !errors.Is(err, boom) {
		t.Fatalf("csv flush: %v", err)
	}
	jw := NewJSONLWriter(failWriter{boom})
	if err := jw.Write(ok, model.Customer{}, nil); !errors.Is(err, boom) {
		t.Fatalf("json: %v", err)
	}
	if err := jw.Write(ok, model.Customer{}, nil); !errors.Is(err, boom) {
		t.Fatalf("json again: %v", err)
	}
}

type failWriter struct{ err error }

func (w failWriter) Write([]byte) (int, error) { return 0, w.err }

func TestExtraKeys(t *testing.T) {
	fields := func(keys ...string) []model.Field {
		var fs []model.Field
		for _, k := range keys {
			fs = append(fs, model.Field{Key: k, Value: "v"})
		}
		return fs
	}
	var keys []string
	for _, tc := range []struct {
		fields []model.Field
		want   string
	}{
		{fields("a", "b", "d"), "a b d"},
		{fields("b", "c", "d"), "a b c d"}, // c goes after b, not at the end
		{fields("a", "a"), "a a b c d"},    // a second column for the second a
		{fields("d", "a"), "a a b c d a"},  // out of order: a column after d
		{fields("x"), "x a a b c d a"},     // first field, first column
		{fields("a", "b", "c", "d"), "x a a b c d a"},
	} {
		keys = ExtraKeys(keys, tc.fields)
		if got := strings.Join(keys, " "); got != tc.want {
			t.Fatalf("after %v: %q, want %q", tc.fields, got, tc.want)
		}
	}
}

// Cases whose fields come in different orders and repeat keys still read
// back byte for byte when the export collects its columns with ExtraKeys.
func TestRoundTripFieldOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	names := []string{"Tags", "a", "b", "c", "", "field:d"}
	var cases []testCase
	var keys []string
	for i := range 300 {
		c := model.Case{ExternalID: fmt.Sprint("c", i), CreatedAt: time.Unix(int64(i), 0).UTC(), Channel: model.ChannelWeb,
			Priority: model.PriorityNormal, Status: model.StatusNew}
		for range r.IntN(6) {
			c.Fields = append(c.Fields, model.Field{Key: names[r.IntN(len(names))], Value: hostileText(r, 3) + "."})
		}
		keys = ExtraKeys(keys, c.Fields)
		cases = append(cases, testCase{c: c})
	}
	var buf bytes.Buffer
	w := NewCSVWriter(&buf, keys)
	for _, tc := range cases {
		if err := w.Write(tc.c, tc.cu); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	rows, bad, err := readAll(t, "x.csv", &buf)
	if err != nil || len(bad) > 0 || len(rows) != len(cases) {
		t.Fatal(err, bad, len(rows))
	}
	for i, tc := range cases {
		if !reflect.DeepEqual(rows[i].Case.Fields, tc.c.Fields) {
			t.Fatalf("case %d: fields\n got %q\nwant %q", i, rows[i].Case.Fields, tc.c.Fields)
		}
	}
	t.Logf("%d columns for %d cases", len(keys), len(cases))
}

// isNormalTag is a shortcut past model.NormalizeTag; it must never disagree.
func TestIsNormalTag(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	pieces := append([]string{"A", "/", "//", "-", "a", "z", "~", "!", " ", "\x7f", strings.Repeat("x", 60)}, hostile...)
	for range 200_000 {
		var b strings.Builder
		for range r.IntN(6) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		if !isNormalTag(s) {
			continue
		}
		if n, err := model.NormalizeTag(s); err != nil || n != s {
			t.Fatalf("isNormalTag(%q) but NormalizeTag gives %q, %v", s, n, err)
		}
	}
	for _, s := range []string{"billing", "billing/double-charge", "a/b/c", "x!~"} {
		if !isNormalTag(s) {
			t.Errorf("%q is normal", s)
		}
	}
}
