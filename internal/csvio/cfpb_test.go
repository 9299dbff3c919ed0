package csvio

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// datasets is where the CFPB samples live: $CAREDESK_DATASETS, else the
// copy in the repository's testdata/cfpb, so every clone runs these tests.
func datasets(t testing.TB) string {
	dir := os.Getenv("CAREDESK_DATASETS")
	if dir == "" {
		dir = filepath.Join("..", "..", "testdata", "cfpb")
	}
	if _, err := os.Stat(filepath.Join(dir, "cfpb-complaints-2023.csv")); err != nil {
		t.Fatalf("CFPB samples not found in %s: %v", dir, err)
	}
	return dir
}

func readCFPB(t *testing.T, file string) []model.ImportRow {
	t.Helper()
	f, err := os.Open(filepath.Join(datasets(t), file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd, err := NewReader(file, f)
	if err != nil {
		t.Fatal(err)
	}
	if rd.Format() != FormatCFPB {
		t.Fatalf("format %v, want CFPB", rd.Format())
	}
	var rows []model.ImportRow
	for {
		row, err := rd.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			t.Fatalf("row error: %v", err)
		}
		rows = append(rows, row)
	}
	st, _ := f.Stat()
	if rd.BytesRead() != st.Size() {
		t.Errorf("BytesRead %d, file is %d bytes", rd.BytesRead(), st.Size())
	}
	return rows
}

func byID(rows []model.ImportRow, id string) model.ImportRow {
	for _, r := range rows {
		if r.Case.ExternalID == id {
			return r
		}
	}
	return model.ImportRow{}
}

const creditReports = "credit-reporting-credit-repair-services-or-other-personal-consumer-reports"

func TestCFPB2015to2020(t *testing.T) {
	rows := readCFPB(t, "cfpb-complaints-2015-2020.csv")
	if len(rows) != 6623 {
		t.Fatalf("%d rows, want 6623", len(rows))
	}
	channels := map[model.Channel]int{}
	open := 0
	for _, r := range rows {
		channels[r.Case.Channel]++
		if r.Case.Status == model.StatusOpen {
			open++
		}
		if len(r.Case.Tags) != 1 || r.Customer != (model.Customer{}) || r.Case.Priority != model.PriorityNormal {
			t.Fatalf("%s: tags %q, customer %+v, priority %v", r.Case.ExternalID, r.Case.Tags, r.Customer, r.Case.Priority)
		}
	}
	wantCh := map[model.Channel]int{model.ChannelWeb: 5143, model.ChannelReferral: 627, model.ChannelPhone: 482,
		model.ChannelLetter: 267, model.ChannelFax: 102, model.ChannelEmail: 2}
	for ch, n := range wantCh {
		if channels[ch] != n {
			t.Errorf("channel %s: %d cases, want %d", ch, channels[ch], n)
		}
	}
	if open != 35 {
		t.Errorf("%d open (In progress), want 35", open)
	}

	// A two-line narrative, and the file's first data lines.
	r := byID(rows, "3384392")
	c := r.Case
	if r.Line != 3 || !c.CreatedAt.Equal(time.Date(2019, 9, 24, 0, 0, 0, 0, time.UTC)) ||
		c.Channel != model.ChannelWeb || c.Status != model.StatusClosed ||
		c.Subject != "Attempts to collect debt not owed: Debt is not yours" ||
		c.Tags[0] != "debt-collection/attempts-to-collect-debt-not-owed" ||
		!strings.HasPrefix(c.Body, "transworld systems inc. \nis trying to collect") || len(c.Body) != 98 {
		t.Errorf("3384392: line %d, %+v", r.Line, c)
	}
	if v, _ := c.Field("ZIP code"); v != "335XX" {
		t.Errorf("3384392 ZIP code %q", v)
	}
	if _, ok := c.Field("Company public response"); ok {
		t.Error("3384392: empty field stored")
	}
	if _, ok := c.Field("Complaint ID"); ok {
		t.Error("Complaint ID kept as a field as well")
	}
	// Doubled quotes, a comma inside a quoted value, 23 lines of narrative.
	r = byID(rows, "3416197")
	c = r.Case
	if r.Line != 148 || !strings.Contains(c.Body, `discord as the " would be plaintiffs ''`) ||
		strings.Count(c.Body, "\n") != 22 || len(c.Body) != 7997 {
		t.Errorf("3416197: line %d, body %d bytes, %d newlines", r.Line, len(c.Body), strings.Count(c.Body, "\n"))
	}
	if v, _ := c.Field("Company"); v != "TRANSUNION INTERMEDIATE HOLDINGS, INC." {
		t.Errorf("3416197 Company %q", v)
	}
	crossCheck(t, "cfpb-complaints-2015-2020.csv", rows)
}

func TestCFPB2023(t *testing.T) {
	rows := readCFPB(t, "cfpb-complaints-2023.csv")
	if len(rows) != 2067 {
		t.Fatalf("%d rows, want 2067", len(rows))
	}
	open := 0
	for _, r := range rows {
		if r.Case.Status == model.StatusOpen {
			open++
		}
	}
	if open != 616 {
		t.Errorf("%d open, want 616", open)
	}
	r := byID(rows, "7446803")
	c := r.Case
	if r.Line != 4 || c.Status != model.StatusOpen || !c.CreatedAt.Equal(time.Date(2023, 8, 23, 0, 0, 0, 0, time.UTC)) ||
		c.Tags[0] != creditReports+"/problem-with-a-credit-reporting-company-s-investigation-into-an-existing-problem" ||
		c.Subject != "Problem with a credit reporting company's investigation into an existing problem: Their investigation did not fix an error on your report" ||
		c.Body != "" {
		t.Errorf("7446803: line %d, %+v", r.Line, c)
	}
	// The tag's label keeps the CFPB's wording, which its slugs lose.
	if got, want := r.TagLabels[c.Tags[0]], "Credit reporting, credit repair services, or other personal consumer reports / "+
		"Problem with a credit reporting company's investigation into an existing problem"; got != want || len(r.TagLabels) != 1 {
		t.Errorf("7446803 labels %q", r.TagLabels)
	}
	want := [][2]string{{"Product", "Credit reporting, credit repair services, or other personal consumer reports"},
		{"Sub-product", "Credit reporting"}, {"Company", "EQUIFAX, INC."}, {"State", "GA"}, {"ZIP code", "30034"},
		{"Submitted via", "Web"}, {"Date sent to company", "2023-08-23"}, {"Company response to consumer", "In progress"},
		{"Timely response?", "Yes"}, {"Consumer disputed?", "N/A"}}
	if len(c.Fields) != len(want) {
		t.Fatalf("7446803 fields %q", c.Fields)
	}
	for i := range want {
		if c.Fields[i] != (model.Field{Key: want[i][0], Value: want[i][1]}) {
			t.Errorf("7446803 field %d = %q, want %q", i, c.Fields[i], want[i])
		}
	}
	if r := byID(rows, "7175500"); r.Line != 20 || strings.Count(r.Case.Body, "\n") != 2 || len(r.Case.Body) != 614 {
		t.Errorf("7175500: line %d, body %q", r.Line, r.Case.Body)
	}
	crossCheck(t, "cfpb-complaints-2023.csv", rows)
}

// crossCheck compares every row with what encoding/csv reads from the file
// (the samples hold no "\r", so the two parsers must agree exactly), and
// the line numbers with encoding/csv's FieldPos.
func crossCheck(t *testing.T, file string, rows []model.ImportRow) {
	f, err := os.Open(filepath.Join(datasets(t), file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	h, err := cr.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, n := range h {
		col[n] = i
	}
	for i := 0; ; i++ {
		rec, err := cr.Read()
		if err != nil {
			if i != len(rows) {
				t.Fatalf("encoding/csv: %d records then %v; we read %d", i, err, len(rows))
			}
			return
		}
		r := rows[i]
		line, _ := cr.FieldPos(0)
		if r.Line != line || r.Case.ExternalID != rec[col["Complaint ID"]] || r.Case.Body != rec[col["Consumer complaint narrative"]] {
			t.Fatalf("record %d: line %d id %q; encoding/csv: line %d id %q", i, r.Line, r.Case.ExternalID, line, rec[col["Complaint ID"]])
		}
		for _, fl := range r.Case.Fields {
			if rec[col[fl.Key]] != fl.Value {
				t.Fatalf("record %d field %q = %q, encoding/csv %q", i, fl.Key, fl.Value, rec[col[fl.Key]])
			}
		}
	}
}

func TestCFPBRows(t *testing.T) {
	in := "Complaint ID,Date received,Product,Issue,Sub-issue,Submitted via,Company response to consumer,Company\n" + // 1
		"1,09/24/2019,Debt collection,Attempts to collect debt not owed,,Postal mail,In Progress ,\n" + // 2
		"2,1/2/2020,,Other,Sub only,Carrier pigeon,Closed,X\n" + // 3
		"3,2019-02-30,P,I,,Web,,\n" + // 4
		"4,02/29/19,P,I,,Web,,\n" + // 5
		",2019-01-01,P,I,,Web,,\n" + // 6
		"7,,P,I,,Web,,\n" + // 7
		"8,2020-02-29,,,Only sub,,,\n" // 8
	rows, bad, err := readString(t, in)
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		id, day, subject, tag string
		ch                    model.Channel
		st                    model.Status
		fields                int
	}
	var g []got
	for _, r := range rows {
		c := r.Case
		tag := ""
		if len(c.Tags) == 1 {
			tag = c.Tags[0]
		}
		g = append(g, got{c.ExternalID, c.CreatedAt.Format(time.RFC3339), c.Subject, tag, c.Channel, c.Status, len(c.Fields)})
	}
	want := []got{
		{"1", "2019-09-24T00:00:00Z", "Attempts to collect debt not owed", "debt-collection/attempts-to-collect-debt-not-owed", model.ChannelLetter, model.StatusOpen, 3},
		{"2", "2020-01-02T00:00:00Z", "Other: Sub only", "other", model.ChannelOther, model.StatusClosed, 3},
		{"8", "2020-02-29T00:00:00Z", "Only sub", "", model.ChannelOther, model.StatusClosed, 0},
	}
	if fmt.Sprint(g) != fmt.Sprint(want) {
		t.Errorf("rows\n got %v\nwant %v", g, want)
	}
	var gotBad []string
	for _, b := range bad {
		gotBad = append(gotBad, b.Error())
	}
	wantBad := []string{
		`t.csv:4: bad Date received "2019-02-30": want YYYY-MM-DD or MM/DD/YYYY`,
		`t.csv:5: bad Date received "02/29/19": want YYYY-MM-DD or MM/DD/YYYY`,
		`t.csv:6: missing Complaint ID`,
		`t.csv:7: missing Date received`,
	}
	if fmt.Sprint(gotBad) != fmt.Sprint(wantBad) {
		t.Errorf("errors\n got %q\nwant %q", gotBad, wantBad)
	}
}

// CFPB complaints exported by caredesk read back as they were, in both
// export formats; every product/issue tag (up to 155 bytes) fits within
// model.MaxTagLen.
func TestCFPBExportRoundTrip(t *testing.T) {
	rows := append(readCFPB(t, "cfpb-complaints-2015-2020.csv"), readCFPB(t, "cfpb-complaints-2023.csv")...)
	var keys []string
	for _, r := range rows {
		keys = ExtraKeys(keys, r.Case.Fields)
	}
	for _, format := range []string{"csv", "jsonl"} {
		var buf bytes.Buffer
		var flush func() error
		if format == "csv" {
			w := NewCSVWriter(&buf, keys)
			for _, r := range rows {
				if err := w.Write(r.Case, r.Customer); err != nil {
					t.Fatal(err)
				}
			}
			flush = w.Flush
		} else {
			w := NewJSONLWriter(&buf)
			for _, r := range rows {
				if err := w.Write(r.Case, r.Customer, nil); err != nil {
					t.Fatal(err)
				}
			}
			flush = func() error { return nil }
		}
		if err := flush(); err != nil {
			t.Fatal(err)
		}
		again, bad, err := readAll(t, "export", &buf)
		if err != nil {
			t.Fatal(err)
		}
		var want []model.ImportRow
		long := 0
		for _, r := range rows {
			if len(r.Case.Tags[0]) > model.MaxTagLen {
				long++
				continue
			}
			want = append(want, r)
		}
		if len(bad) != long {
			t.Fatalf("%s: %d rows refused, want %d (tags over %d bytes)", format, len(bad), long, model.MaxTagLen)
		}
		for _, b := range bad {
			if !strings.Contains(b.Reason, "tag is longer than") {
				t.Fatalf("%s: %v", format, b)
			}
		}
		if long > 0 {
			t.Errorf("%s: %d of %d complaints have a tag longer than model.MaxTagLen (%d) and cannot be re-imported", format, long, len(rows), model.MaxTagLen)
		}
		if len(again) != len(want) {
			t.Fatalf("%s: %d rows back, want %d", format, len(again), len(want))
		}
		for i := range want {
			a, b := want[i], again[i]
			a.Source, a.Line, b.Source, b.Line = "", 0, "", 0
			a.TagLabels = nil   // a label belongs to the taxonomy, which an export of cases does not carry
			b.OnlyGiven = false // a caredesk file's rows change only what they give; a CFPB row gives all
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("%s: complaint %s changed:\n got %#v\nwant %#v", format, a.Case.ExternalID, b, a)
			}
		}
	}
}
