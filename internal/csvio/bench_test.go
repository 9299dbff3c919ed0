package csvio

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// caredesk100k is a 100,000-case caredesk CSV export of about 28 MB, made
// once per test binary.
var caredesk100k = sync.OnceValue(func() []byte {
	var buf bytes.Buffer
	w := NewCSVWriter(&buf, []string{"Region", "Plan"})
	at := time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC)
	for i := range 100_000 {
		c := model.Case{ExternalID: fmt.Sprintf("T-%06d", i), CreatedAt: at.Add(time.Duration(i) * 97 * time.Second),
			Channel: model.Channels[i%len(model.Channels)], Subject: fmt.Sprintf("Order %d arrived damaged, box crushed", i),
			Body:     "The parcel came today with the box crushed and the mug inside broken. Please send a new one.",
			Priority: model.Priorities[i%4], Status: model.Statuses[i%5], Assignee: "bo",
			Tags: []string{"delivery/damaged", "vip"}, Fields: []model.Field{{Key: "Region", Value: "EU-west"}, {Key: "Plan", Value: "pro"}}}
		if i%10 == 0 { // some multi-line, quoted bodies
			c.Body = "Line one, with a comma\r\nLine two with \"quotes\"\r\n" + c.Body
			c.FollowUp = c.CreatedAt.Add(48 * time.Hour)
		}
		cu := model.Customer{Name: "Ana Souza", Email: fmt.Sprintf("ana%d@example.com", i%5000), Phone: "+55 11 5555 0100"}
		if err := w.Write(c, cu); err != nil {
			panic(err)
		}
	}
	if err := w.Flush(); err != nil {
		panic(err)
	}
	return buf.Bytes()
})

func cfpbBoth(b *testing.B) []byte {
	dir := datasets(b)
	var all []byte
	for _, f := range []string{"cfpb-complaints-2015-2020.csv", "cfpb-complaints-2023.csv"} {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			b.Fatal(err)
		}
		if all != nil { // one header
			data = data[bytes.IndexByte(data, '\n')+1:]
		}
		all = append(all, data...)
	}
	return all
}

func BenchmarkReadCaredesk100k(b *testing.B) { benchmarkRead(b, caredesk100k(), 100_000) }

func BenchmarkReadCFPB(b *testing.B) { benchmarkRead(b, cfpbBoth(b), 8690) }

// benchmarkRead compares our reader with encoding/csv on the same bytes:
// records only, and records turned into import rows by the same mapper.
func benchmarkRead(b *testing.B, data []byte, rows int) {
	b.Run("csvio/rows", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			rd, err := NewReader("bench", bytes.NewReader(data))
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for {
				_, err := rd.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				n++
			}
			if n != rows {
				b.Fatalf("%d rows", n)
			}
		}
	})
	b.Run("csvio/records", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			sc := newScanner(newSource(bytes.NewReader(data)))
			n := 0
			for sc.next() == nil {
				n++
			}
			if n != rows+1 {
				b.Fatalf("%d records", n)
			}
		}
	})
	b.Run("encoding-csv/records", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			cr := csv.NewReader(bytes.NewReader(data))
			cr.ReuseRecord = true
			n := 0
			for {
				_, err := cr.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				n++
			}
			if n != rows+1 {
				b.Fatalf("%d records", n)
			}
		}
	})
	b.Run("encoding-csv/rows", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			cr := csv.NewReader(bytes.NewReader(data))
			h, err := cr.Read()
			if err != nil {
				b.Fatal(err)
			}
			m, _, err := detectCSV(h)
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for {
				rec, err := cr.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				if _, reason := m.row(rec); reason != "" {
					b.Fatal(reason)
				}
				n++
			}
			if n != rows {
				b.Fatalf("%d rows", n)
			}
		}
	})
}

func BenchmarkWriteCSV100k(b *testing.B) {
	rd, err := NewReader("bench", bytes.NewReader(caredesk100k()))
	if err != nil {
		b.Fatal(err)
	}
	var rows []model.ImportRow
	for {
		r, err := rd.Read()
		if err != nil {
			break
		}
		rows = append(rows, r)
	}
	b.SetBytes(int64(len(caredesk100k())))
	b.ReportAllocs()
	for b.Loop() {
		w := NewCSVWriter(io.Discard, []string{"Region", "Plan"})
		for _, r := range rows {
			if err := w.Write(r.Case, r.Customer); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
	}
}
