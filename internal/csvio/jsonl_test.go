package csvio

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

func TestJSONLBadLines(t *testing.T) {
	const at = `"created_at":"2024-05-01T09:30:00Z"`
	in := strings.Join([]string{
		`{"external_id":"A",` + at + `,"tags":["Billing / Double Charge","billing/double-charge",""," "]}`, // 1
		``,                    // 2: blank
		`{"external_id":"B"}`, // 3
		`{not json}`,          // 4
		`{"external_id":"C",` + at + `,"bogus":1}`,                                                 // 5
		`{"external_id":"D",` + at + `,"events":[{"kind":"party","at":"2024-05-01T09:30:00Z"}]}`,   // 6
		`{"external_id":"E",` + at + `,"events":[{"kind":"note","at":"yesterday"}]}`,               // 7
		"{\"external_id\":\"\xff\"}",                                                               // 8
		`{"external_id":"F",` + at + `,"priority":"asap"}`,                                         // 9
		`{"external_id":"G",` + at + `}{"external_id":"H"}`,                                        // 10
		`{"external_id":" ",` + at + `}`,                                                           // 11
		`{"external_id":"I",` + at + `,"customer":{"name":"Ana","first_contact":"x"}}`,             // 12
		`  {"external_id":"J","created_at":"2024-05-01T11:30:00+02:00","status":"Solved"}` + "\r",  // 13
		`{"external_id":"K",` + at + `,"tags":["` + strings.Repeat("t", model.MaxTagLen+1) + `"]}`, // 14
	}, "\n")
	rows, bad, err := readString(t, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Line != 1 || rows[1].Line != 13 {
		t.Fatalf("rows %+v", rows)
	}
	if !reflect.DeepEqual(rows[0].Case.Tags, []string{"billing/double-charge"}) {
		t.Errorf("tags %q", rows[0].Case.Tags)
	}
	if j := rows[1].Case; !j.CreatedAt.Equal(time.Date(2024, 5, 1, 9, 30, 0, 0, time.UTC)) || j.CreatedAt.Location() != time.UTC ||
		j.Status != model.StatusResolved || j.Channel != "" /* not given: the store's other */ || j.Priority != model.PriorityNormal {
		t.Errorf("J: %+v", j)
	}
	want := []string{
		"t.csv:3: missing created_at",
		"t.csv:4: not a caredesk JSON case: invalid character 'n' looking for beginning of object key string",
		`t.csv:5: not a caredesk JSON case: json: unknown field "bogus"`,
		`t.csv:6: event 1: unknown kind "party"`,
		`t.csv:7: event 1: bad at "yesterday": want an RFC 3339 time like 2024-05-01T09:30:00Z`,
		"t.csv:8: invalid UTF-8 (the file must be UTF-8)",
		`t.csv:9: bad priority: unknown priority "asap" (urgent, high, normal, low)`,
		"t.csv:10: more than one JSON value on the line",
		"t.csv:11: missing external_id",
		`t.csv:12: bad customer first_contact "x": want an RFC 3339 time like 2024-05-01T09:30:00Z`,
		`t.csv:14: bad tag "` + strings.Repeat("t", 57) + `...": tag is longer than 200 bytes`,
	}
	var got []string
	for _, b := range bad {
		got = append(got, b.Error())
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestJSONLLongLine(t *testing.T) {
	rd, err := NewReader("t.jsonl", strings.NewReader(`{"external_id":"A","created_at":"2024-05-01T09:30:00Z","body":"`+strings.Repeat("x", 300)+`"}`+"\n"+
		`{"external_id":"B","created_at":"2024-05-01T09:30:00Z"}`))
	if err != nil {
		t.Fatal(err)
	}
	rd.jl.maxLine = 100
	if _, err := rd.Read(); err == nil || err.Error() != "t.jsonl:1: line is too long (over 100 bytes); skipped" {
		t.Fatalf("got %v", err)
	}
	if row, err := rd.Read(); err != nil || row.Case.ExternalID != "B" || row.Line != 2 {
		t.Fatalf("got %+v, %v", row, err)
	}
}

func TestFormatNames(t *testing.T) {
	for f, want := range map[Format]string{FormatCSV: "caredesk CSV", FormatCFPB: "CFPB complaints CSV",
		FormatJSONL: "caredesk JSON lines", 0: "unknown format"} {
		if f.String() != want {
			t.Errorf("%d: %q", f, f.String())
		}
	}
	if c := Columns(); len(c) != 18 || c[0] != "external_id" || c[15] != "recovery_text" || c[16] != "team" || c[17] != "conversation" {
		t.Errorf("Columns() = %q", c)
	}
}

// A jsonl case's history is held to the rules the rest of the desk keeps:
// an author or assignee is an agent name (as the agents file takes them),
// a status event goes between statuses, an assignment between agents, a
// priority event between priorities. Anything else is a rejected row
// with its line, not a value no screen or agent file would accept (new-
// user finding "jsonl case's history is taken unchecked").
func TestJSONLHistoryIsChecked(t *testing.T) {
	const at = `"created_at":"2024-05-01T09:30:00Z"`
	ev := func(kind, author, from, to string) string {
		return `{"external_id":"X",` + at + `,"events":[{"kind":"created","at":"2024-05-01T09:30:00Z","author":"import"},` +
			`{"kind":"` + kind + `","at":"2024-05-01T10:30:00Z","author":"` + author + `","from":"` + from + `","to":"` + to + `"}]}`
	}
	in := strings.Join([]string{
		ev("status", "bo", "new", "open"),                       // 1: fine
		ev("note", `bo\u001b]0;pwn\u0007\u202exyz`, "", "hi"),   // 2
		ev("note", strings.Repeat("x", 500), "", "hi"),          // 3
		ev("status", "bo", "resolved", `open\u001b[2J`),         // 4
		ev("assigned", "bo", "", `\u202eoda\u001b[31m`),         // 5
		ev("priority", "bo", "normal", "asap"),                  // 6
		`{"external_id":"Y",` + at + `,"assignee":"\u202eoda"}`, // 7
		ev("assigned", "Zoë", "bo", ""),                         // 8: fine (unassigned)
		`{"external_id":"Z",` + at + `,"assignee":"Søren"}`,     // 9: fine
		ev("status", "bo", "weird", "open"),                     // 10
	}, "\n")
	rows, bad, err := readString(t, in)
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	for _, r := range rows {
		lines = append(lines, r.Line)
	}
	if !reflect.DeepEqual(lines, []int{1, 8, 9}) {
		t.Errorf("rows taken from lines %v, want 1 8 9", lines)
	}
	want := []string{
		`t.csv:2: event 2: author "bo\x1b]0;pwn\a\u202exyz" is not an agent name`,
		`t.csv:3: event 2: author "` + strings.Repeat("x", 57) + `..." is not an agent name`,
		`t.csv:4: event 2: status to "open\x1b[2J" is not a status`,
		`t.csv:5: event 2: assigned to "\u202eoda\x1b[31m" is not an agent name`,
		`t.csv:6: event 2: priority to "asap" is not a priority`,
		`t.csv:7: assignee "\u202eoda" is not an agent name`,
		`t.csv:10: event 2: status from "weird" is not a status`,
	}
	if len(bad) != len(want) {
		t.Fatalf("%d rejected, want %d: %v", len(bad), len(want), bad)
	}
	for i, b := range bad {
		if !strings.HasPrefix(b.Error(), want[i]) {
			t.Errorf("rejected %q\nwant     %q…", b.Error(), want[i])
		}
	}
}
