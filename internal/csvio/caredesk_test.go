package csvio

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/caredesk/caredesk/model"
)

func TestReadCaredesk(t *testing.T) {
	in := "\ufeff Created_At ,External_ID,Ticket Source,subject,body,customer_name,customer_email,customer_phone," +
		"priority,status,assignee,tags,follow_up,recovery_kind,recovery_text,updated_at,channel,Region\r\n" +
		"2024-05-01T09:30:00.5+02:00,A-1,,  spaced  ,\"line 1\r\nline \"\"2\"\"\",Ana,ana@example.com,+1 555,high,pending,bo," +
		"Billing / Double Charge;billing/double-charge; ;vip,2024-05-02T00:00:00Z,refund,\"$5, sorry\",2024-05-01T10:00:00Z,Postal mail,EU\n"
	rows, bad, err := readString(t, in)
	if err != nil || len(bad) != 0 || len(rows) != 1 {
		t.Fatalf("rows %v, bad %v, err %v", rows, bad, err)
	}
	got := rows[0]
	want := model.ImportRow{Source: "t.csv", Line: 2,
		Case: model.Case{ExternalID: "A-1", CreatedAt: time.Date(2024, 5, 1, 7, 30, 0, 5e8, time.UTC),
			UpdatedAt: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), Channel: model.ChannelLetter,
			Subject: "  spaced  ", Body: "line 1\r\nline \"2\"", Priority: model.PriorityHigh, Status: model.StatusPending,
			Assignee: "bo", Tags: []string{"billing/double-charge", "vip"}, FollowUp: time.Date(2024, 5, 2, 0, 0, 0, 0, time.UTC),
			Recovery: model.Recovery{Kind: "refund", Text: "$5, sorry"},
			Fields:   []model.Field{{Key: "Region", Value: "EU"}}}, // "Ticket Source" is empty: not stored
		Customer: model.Customer{Name: "Ana", Email: "ana@example.com", Phone: "+1 555"}, OnlyGiven: true}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("\n got %+v\nwant %+v", got, want)
	}
}

func TestReadCaredeskDefaults(t *testing.T) {
	rows, bad, err := readString(t, "external_id,created_at\nX,2024-01-01T00:00:00Z\n")
	if err != nil || len(bad) != 0 || len(rows) != 1 {
		t.Fatal(rows, bad, err)
	}
	// No channel column: the channel is "" (not given), which the store
	// files as other on a new case and leaves as it is on a known one.
	c := rows[0].Case
	if c.Priority != model.PriorityNormal || c.Status != model.StatusNew || c.Channel != "" || !rows[0].OnlyGiven ||
		c.Tags != nil || c.Fields != nil || rows[0].Customer != (model.Customer{}) {
		t.Fatalf("%+v", rows[0])
	}
}

func TestBadRows(t *testing.T) {
	long := strings.Repeat("t", model.MaxTagLen+1)
	in := strings.Join([]string{
		"external_id,created_at,priority,status,subject,tags,follow_up", // 1
		"A1,2024-05-01T09:30:00Z,high,open,ok,billing,",                 // 2
		"A2,2024-05-01,high,open,x,,",                                   // 3
		"A3,2024-05-01T09:30:00.123456789+02:00,,,x,,",                  // 4
		",2024-05-01T09:30:00Z,,,x,,",                                   // 5
		"A5,,,,x,,",                                                     // 6
		"A6,2024-05-01T09:30:00Z,asap,,x,,",                             // 7
		"A7,2024-05-01T09:30:00Z,,done,x,,",                             // 8
		"A8,2024-05-01T09:30:00Z,,,x",                                   // 9
		"A9,2024-05-01T09:30:00Z,,,\"two\r\nlines\",,",                  // 10-11
		"A10,2024-05-01T09:30:00Z,,,\xff,,",                             // 12
		"A11,2024-05-01T09:30:00Z,,,x,,tomorrow",                        // 13
		"A12,2024-05-01T09:30:00Z,,,a\"b,,",                             // 14
		"A13,2024-05-01T09:30:00Z,,,x," + long + ",",                    // 15
		"\t ,2024-05-01T09:30:00Z,,,x,,",                                // 16
		"A15,2024-05-01T09:30:00Z,,,x,,",                                // 17
		"A16,2024-05-01T09:30:00Z,,,\"never closed,,",                   // 18
		"A17,2024-05-01T09:30:00Z,,,x,,",                                // 19: lost to line 18's quote
		"",
	}, "\n")
	rows, bad, err := readString(t, in)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r.Case.ExternalID+"@"+strconv.Itoa(r.Line))
	}
	if want := []string{"A1@2", "A3@4", "A9@10", "A15@17"}; !reflect.DeepEqual(got, want) {
		t.Errorf("rows %q, want %q", got, want)
	}
	if c := rows[1].Case.CreatedAt; !c.Equal(time.Date(2024, 5, 1, 7, 30, 0, 123456789, time.UTC)) || c.Location() != time.UTC {
		t.Errorf("A3 created_at %v", c)
	}
	wantBad := []string{
		`t.csv:3: bad created_at "2024-05-01": want an RFC 3339 time like 2024-05-01T09:30:00Z`,
		`t.csv:5: missing external_id`,
		`t.csv:6: missing created_at`,
		`t.csv:7: bad priority: unknown priority "asap" (urgent, high, normal, low)`,
		`t.csv:8: bad status: unknown status "done" (new, open, pending, resolved, closed)`,
		`t.csv:9: 5 fields, but the header has 7 columns`,
		`t.csv:12: invalid UTF-8 in column "subject" (the file must be UTF-8)`,
		`t.csv:13: bad follow_up "tomorrow": want an RFC 3339 time like 2024-05-01T09:30:00Z`,
		`t.csv:14: bare " in an unquoted field (quote the whole field and double the quote)`,
		`t.csv:15: bad tag "` + long[:57] + `...": tag is longer than 200 bytes`,
		`t.csv:16: missing external_id`,
		`t.csv:18: unterminated quoted field: the quote opened on this line is never closed, so the rest of the file was read into it and is lost (lines 18-19)`,
	}
	var gotBad []string
	for _, b := range bad {
		gotBad = append(gotBad, b.Error())
	}
	if !reflect.DeepEqual(gotBad, wantBad) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(gotBad, "\n"), strings.Join(wantBad, "\n"))
	}
}

func TestHeaderErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", "t.csv: the file is empty"},
		{"only blank lines", "\n\r\n\n", "t.csv: the file is empty (no header row)"},
		{"bom only", "\ufeff", "t.csv: the file is empty"},
		{"no caredesk or CFPB columns", "subject,body\nx,y\n", `t.csv:1: no external_id and created_at columns: a caredesk CSV needs both, and a CFPB export needs "Complaint ID" and "Date received"`},
		{"no created_at", "external_id,subject\n", "t.csv:1: no created_at column (a caredesk CSV needs external_id and created_at)"},
		{"no external_id", "\n\nsubject,created_at\n", "t.csv:3: no external_id column (a caredesk CSV needs external_id and created_at)"},
		{"twice", "external_id,created_at,EXTERNAL_ID\n", "t.csv:1: column external_id appears twice (columns 1 and 3)"},
		{"binary", "\x00\x01\x02PK\x03\x04,\n", "t.csv:1: not a CSV file: the first row holds binary data, not column names"},
		{"bad utf-8", "external_id,cr\xe9ated_at\n", "t.csv:1: not a CSV file: the first row holds binary data, not column names"},
		{"broken", "external_id,\"created_at\n", "t.csv:1: not a CSV file: the header row is broken: unterminated quoted field: the quote opened on this line is never closed, so the rest of the file was read into it and is lost"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewReader("t.csv", strings.NewReader(tc.in))
			if err == nil || err.Error() != tc.want {
				t.Fatalf("got %v\nwant %s", err, tc.want)
			}
			if model.ErrorCode(err) != model.EINVALID {
				t.Errorf("code %q", model.ErrorCode(err))
			}
		})
	}
}

func TestHeaderOnly(t *testing.T) {
	for _, in := range []string{"external_id,created_at\n", "external_id,created_at", "Complaint ID,Date received\r\n\r\n",
		"external_id,created_at\n\n\n"} {
		rows, bad, err := readString(t, in)
		if err != nil || len(rows)+len(bad) != 0 {
			t.Errorf("%q: rows %v bad %v err %v", in, rows, bad, err)
		}
	}
}

// hostile is a file no one should send us, and what reading it must give.
func TestHostileFiles(t *testing.T) {
	const h = "external_id,created_at,subject,body\n"
	const ts = "2024-05-01T09:30:00Z"
	bigBody := strings.Repeat("0123456789abcdef\r\n\"\"", 10<<20/20)
	wide := func() string {
		var b strings.Builder
		b.WriteString("external_id,created_at")
		for i := 3; i <= 10_000; i++ {
			b.WriteString(",c" + strings.Repeat("x", i%7))
		}
		b.WriteString("\nW," + ts)
		for i := 3; i <= 10_000; i++ {
			b.WriteString(",v")
		}
		b.WriteString("\n")
		return b.String()
	}()
	for _, tc := range []struct {
		name  string
		in    string
		check func(t *testing.T, rows []model.ImportRow, bad []*RowError)
	}{
		{"bom", "\ufeff" + h + "A," + ts + ",s,b\n", func(t *testing.T, rows []model.ImportRow, bad []*RowError) {
			if len(rows) != 1 || rows[0].Case.Subject != "s" {
				t.Fatal(rows, bad)
			}
		}},
		{"crlf and lf mixed", "external_id,created_at,subject,body\r\nA," + ts + ",\"a\r\nb\nc\r\",x\nB," + ts + ",s,\"\n\"\r\n",
			func(t *testing.T, rows []model.ImportRow, bad []*RowError) {
				if len(rows) != 2 || rows[0].Case.Subject != "a\r\nb\nc\r" || rows[0].Case.Body != "x" ||
					rows[1].Line != 5 || rows[1].Case.Body != "\n" {
					t.Fatalf("%+v %v", rows, bad)
				}
			}},
		{"nul and escapes", h + "A," + ts + ",\x00\x1b[2J\x1b]8;;http://x\x07,\"\u202e\x00\"\n",
			func(t *testing.T, rows []model.ImportRow, bad []*RowError) {
				if len(rows) != 1 || rows[0].Case.Subject != "\x00\x1b[2J\x1b]8;;http://x\x07" || rows[0].Case.Body != "\u202e\x00" {
					t.Fatalf("%+v %v", rows, bad)
				}
			}},
		{"10 MB field", h + "A," + ts + ",s,\"" + strings.ReplaceAll(bigBody, `"`, `""`) + "\"\nB," + ts + ",s,b\n",
			func(t *testing.T, rows []model.ImportRow, bad []*RowError) {
				if len(rows) != 2 || rows[0].Case.Body != bigBody || rows[1].Line != 3+strings.Count(bigBody, "\n") {
					t.Fatalf("%d rows, %v", len(rows), bad)
				}
			}},
		{"10,000 columns", wide, func(t *testing.T, rows []model.ImportRow, bad []*RowError) {
			if len(rows) != 1 || len(rows[0].Case.Fields) != 9998 || rows[0].Case.Fields[9997] != (model.Field{Key: "c" + strings.Repeat("x", 10000%7), Value: "v"}) {
				t.Fatalf("%d rows, %v", len(rows), bad)
			}
		}},
		{"a character split across fields", h + "A," + ts + ",\xcf,\xb5\nB," + ts + ",\xcf\xb5,\n", func(t *testing.T, rows []model.ImportRow, bad []*RowError) {
			// found by FuzzReadCaredesk: each half is invalid, the record as a whole is not
			if len(rows) != 1 || rows[0].Case.Subject != "ϵ" || len(bad) != 1 || bad[0].Error() != `t.csv:2: invalid UTF-8 in column "subject" (the file must be UTF-8)` {
				t.Fatalf("%+v %v", rows, bad)
			}
		}},
		{"binary after the header", h + string(randomBytes(1, 1<<20)), func(t *testing.T, rows []model.ImportRow, bad []*RowError) {
			if len(bad) == 0 {
				t.Fatal("binary junk read without complaint")
			}
			for _, r := range rows {
				checkRow(t, r)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, bad, err := readString(t, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, rows, bad)
		})
	}
}

// Binary files are refused at the header, whatever their bytes.
func TestBinaryRefused(t *testing.T) {
	for seed := range uint64(50) {
		b := randomBytes(seed, 64<<10)
		if b[0] == '{' || b[0] == 0xEF {
			continue
		}
		if _, err := NewReader("x.bin", bytes.NewReader(b)); err == nil {
			t.Errorf("seed %d: random bytes taken for CSV", seed)
		}
	}
}

func randomBytes(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, 99))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// checkRow is what every row must satisfy, whatever the input.
func checkRow(t testing.TB, r model.ImportRow) {
	t.Helper()
	c := r.Case
	if isBlank(c.ExternalID) {
		t.Fatalf("line %d: row without external id", r.Line)
	}
	if c.CreatedAt.IsZero() && r.Line == 0 {
		t.Fatalf("row without line")
	}
	all := []string{c.ExternalID, string(c.Channel), c.Subject, c.Body, c.Assignee, c.Recovery.Kind, c.Recovery.Text,
		r.Customer.Name, r.Customer.Email, r.Customer.Phone}
	all = append(all, c.Tags...)
	for _, f := range c.Fields {
		all = append(all, f.Key, f.Value)
	}
	for _, e := range r.Events {
		all = append(all, e.Author, e.From, e.To)
	}
	if !validText(all...) {
		t.Fatalf("line %d: invalid UTF-8 in a row: %q", r.Line, all)
	}
}

func TestReadError(t *testing.T) {
	in := "external_id,created_at\nA,2024-05-01T09:30:00Z\nB,2024-05-01T09:30:00Z\n"
	boom := errors.New("disk on fire")
	rd, err := NewReader("t.csv", io.MultiReader(strings.NewReader(in), iotest.ErrReader(boom)))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if _, err := rd.Read(); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 2; i++ {
		if _, err := rd.Read(); !errors.Is(err, boom) {
			t.Fatalf("got %v, want the read error", err)
		}
	}
}

// A reader that returns 0, nil for ever is reported, not waited on.
func TestStuckReader(t *testing.T) {
	_, err := NewReader("t.csv", stuck{})
	if !errors.Is(err, io.ErrNoProgress) {
		t.Fatalf("got %v", err)
	}
}

type stuck struct{}

func (stuck) Read([]byte) (int, error) { return 0, nil }
