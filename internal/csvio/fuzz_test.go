package csvio

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/caredesk/caredesk/model"
)

// Seeds live in testdata/fuzz/<FuzzName>/; these few keep the targets
// meaningful when that directory is missing.
const (
	caredeskHeader = "external_id,created_at,updated_at,channel,customer_name,customer_email,customer_phone,subject,body," +
		"priority,status,assignee,tags,follow_up,recovery_kind,recovery_text,Region\n"
	cfpbHeader = "Date received,Product,Sub-product,Issue,Sub-issue,Consumer complaint narrative,Company public response," +
		"Company,State,ZIP code,Tags,Consumer consent provided?,Submitted via,Date sent to company," +
		"Company response to consumer,Timely response?,Consumer disputed?,Complaint ID\n"
	jsonlFirst = `{"external_id":"J-0","created_at":"2024-05-01T09:30:00Z"}` + "\n"
)

// fuzzRead reads in as a whole file and checks every row: valid UTF-8, an
// external id, lines that only go forward, a reader that ends. It returns
// the rows and the reader's header.
func fuzzRead(t *testing.T, in []byte) ([]model.ImportRow, *Reader) {
	rd, err := NewReader("fuzz", bytes.NewReader(in))
	if err != nil {
		if model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("header error without a code: %v", err)
		}
		return nil, nil
	}
	var rows []model.ImportRow
	lines := bytes.Count(in, []byte{'\n'}) + 1
	last, lastBytes := 0, int64(0)
	for i := 0; ; i++ {
		if i > len(in)+2 {
			t.Fatal("more reads than bytes: the reader does not end")
		}
		row, err := rd.Read()
		if n := rd.BytesRead(); n < lastBytes || n > int64(len(in)) {
			t.Fatalf("BytesRead %d after %d, input %d", n, lastBytes, len(in))
		} else {
			lastBytes = n
		}
		var re *RowError
		switch {
		case err == io.EOF:
			return rows, rd
		case errors.As(err, &re):
			if re.Line < 1 || re.Line > lines || re.Reason == "" {
				t.Fatalf("row error on line %d of %d: %v", re.Line, lines, re)
			}
			continue
		case err != nil:
			t.Fatalf("read error from a bytes.Reader: %v", err)
		}
		checkRow(t, row)
		if rd.Format() != FormatJSONL {
			for _, f := range row.Case.Fields {
				if f.Value == "" {
					t.Fatalf("line %d: empty field %q stored", row.Line, f.Key)
				}
			}
		}
		if row.Line <= last || row.Line > lines {
			t.Fatalf("row on line %d after line %d (%d lines)", row.Line, last, lines)
		}
		last = row.Line
		rows = append(rows, row)
	}
}

// rewrite writes rows back out in their own format and reads them again:
// every row must come back as it was.
func rewrite(t *testing.T, rows []model.ImportRow, rd *Reader) {
	var buf bytes.Buffer
	var keys []string
	if rd.Format() == FormatCSV {
		for _, h := range rd.Header() {
			if columnIndex(h) < 0 {
				keys = append(keys, strings.TrimPrefix(h, fieldPrefix))
			}
		}
		w := NewCSVWriter(&buf, keys)
		for _, r := range rows {
			if err := w.WriteMail(r.Case, r.Customer, r.Mail); err != nil {
				t.Fatalf("line %d: %v", r.Line, err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
	} else {
		w := NewJSONLWriter(&buf)
		for _, r := range rows {
			if err := w.Write(r.Case, r.Customer, r.Events); err != nil {
				t.Fatalf("line %d: %v", r.Line, err)
			}
		}
	}
	again, _ := fuzzRead(t, buf.Bytes())
	if len(again) != len(rows) {
		t.Fatalf("%d rows written, %d read back from\n%q", len(rows), len(again), buf.Bytes())
	}
	for i := range rows {
		a, b := rows[i], again[i]
		a.Source, a.Line, b.Source, b.Line = "", 0, "", 0
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("row %d changed on a round trip:\n got %#v\nwant %#v", i, b, a)
		}
	}
}

func FuzzReadCaredesk(f *testing.F) {
	f.Add([]byte("A,2024-05-01T09:30:00Z,,email,Ana,,,\"a\r\nb\",body,high,open,bo,x;y,,,,EU\n"))
	f.Add([]byte(caredeskHeader))
	f.Add([]byte("external_id,created_at,team,conversation\nA,2024-05-01T09:30:00Z,billing,\"--- inbound 2024-05-01T09:30:00Z\nFrom: a\\nb\nTo: x\nTo: y\n\nhi\n\\--- no\n--- outbound 2024-05-01T10:00:00+02:00\nDelivery: queued\n\n\"\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		defer watchdog(in)()
		fuzzRead(t, in) // the input as a whole file, header and all
		whole := append([]byte(caredeskHeader), in...)
		if rows, rd := fuzzRead(t, whole); rd != nil {
			rewrite(t, rows, rd)
		}
	})
}

func FuzzReadCFPB(f *testing.F) {
	f.Add([]byte(`2023-08-23,"Credit reporting, credit repair services",Credit reporting,Problem,Sub,"He said ""no""` + "\n" +
		`twice",,"EQUIFAX, INC.",GA,30034,,,Web,2023-08-23,In progress,Yes,N/A,7446803` + "\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		defer watchdog(in)()
		fuzzRead(t, in)
		fuzzRead(t, append([]byte(cfpbHeader), in...))
	})
}

func FuzzReadJSONL(f *testing.F) {
	f.Add([]byte(`{"external_id":"A","created_at":"2024-05-01T09:30:00Z","tags":["x"],"fields":[{"key":"k","value":""}],` +
		`"events":[{"kind":"note","at":"2024-05-01T09:30:00Z","to":"hi"}]}` + "\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		defer watchdog(in)()
		if rows, rd := fuzzRead(t, in); rd != nil && rd.Format() == FormatJSONL {
			rewrite(t, rows, rd)
		}
		if rows, rd := fuzzRead(t, append([]byte(jsonlFirst), in...)); rd != nil {
			rewrite(t, rows, rd)
		}
	})
}

// The fuzz corpora hold files like these; keep them parseable by the
// current code so a format change shows up here first.
func TestFuzzSeedsAreRealFiles(t *testing.T) {
	rows, bad, err := readString(t, caredeskHeader+"A,2024-05-01T09:30:00Z,,email,Ana,,,s,b,high,open,bo,x;y,,,,EU\n")
	if err != nil || len(bad) != 0 || len(rows) != 1 || !strings.EqualFold(rows[0].Case.Fields[0].Key, "region") {
		t.Fatal(rows, bad, err)
	}
	rows, bad, err = readString(t, jsonlFirst)
	if err != nil || len(bad) != 0 || len(rows) != 1 {
		t.Fatal(rows, bad, err)
	}
}
