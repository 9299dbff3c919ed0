package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

var update = flag.Bool("update", false, "rewrite golden files")

// cellsOf lists a matrix's non-zero tag cells as tag|period → count.
func cellsOf(m *Matrix) map[string]int {
	out := map[string]int{}
	for _, r := range m.Rows {
		for i, c := range r.Counts {
			if c != 0 {
				out[r.Tag+"|"+m.Periods[i].Label()] = c
			}
		}
	}
	return out
}

func TestCSVParsesBack(t *testing.T) {
	cases, custs := genCases(2000, 11)
	src := newFakeSource(cases, custs)
	for _, g := range grans {
		m, err := Build(src, Spec{G: g})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := WriteCSV(&buf, m); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(recs[0], []string{"tag", "period", "count"}) {
			t.Fatalf("header %v", recs[0])
		}
		got := map[string]int{}
		for _, r := range recs[1:] {
			n, err := strconv.Atoi(r[2])
			if err != nil || n == 0 || r[0] == "" {
				t.Fatalf("bad line %v", r)
			}
			if _, err := model.ParsePeriod(r[1]); err != nil {
				t.Fatalf("period %q does not parse: %v", r[1], err)
			}
			got[r[0]+"|"+r[1]] += n
		}
		// and against the independent count, untagged and areas left out
		want := map[string]int{}
		for k, n := range expectCases(cases, g, nil) {
			if k[0] != "" && !isAreaKey(k[0]) {
				want[k[0]+"|"+k[1]] = n
			}
		}
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(got, cellsOf(m)) {
			t.Errorf("%s: csv cells differ from the independent count", g)
		}
	}
}

func TestJSONParsesBack(t *testing.T) {
	cases, custs := genCases(2000, 12)
	src := newFakeSource(cases, custs)
	m, err := Build(src, Spec{G: model.ByWeek, Query: mustQuery(t, "channel:phone")})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, m); err != nil {
		t.Fatal(err)
	}
	var j JSONMatrix
	if err := json.Unmarshal(buf.Bytes(), &j); err != nil {
		t.Fatal(err)
	}
	want := expectCases(cases, model.ByWeek, func(c *model.Case) bool { return c.Channel == model.ChannelPhone })
	got := map[[2]string]int{}
	for _, r := range append(append(j.Rows, j.Untagged), j.Areas...) {
		total := 0
		for i, c := range r.Counts {
			if c != 0 {
				got[[2]string{r.Tag, j.Periods[i]}] = c
			}
			total += c
		}
		if total != r.Total {
			t.Errorf("%q: total %d, counts sum to %d", r.Tag, r.Total, total)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("json cells differ from the independent count")
	}
	if j.Granularity != "week" || j.Metric != "cases" || len(j.Areas) != 4 {
		t.Errorf("header: %s %s, %d areas", j.Granularity, j.Metric, len(j.Areas))
	}
}

// briefFixture is a small fixed desk for the golden brief: hostile text
// included.
func briefFixture() *fakeSource {
	day := func(d int, h int) time.Time { return time.Date(2026, 11, 30, h, 0, 0, 0, time.UTC).AddDate(0, 0, d) }
	custs := []model.Customer{
		{ID: 1, Name: "Ana Lopez"},
		{ID: 2, Email: "bo@example.com"},
		{ID: 3},
		{ID: 4, Name: "Mallory \x1b]52;c;ZXZpbA==\x07\u202eeviL"},
	}
	var cases []model.Case
	add := func(d, h int, cust model.CustomerID, ch model.Channel, body string, rec model.Recovery, tags ...string) {
		id := model.CaseID(len(cases) + 1)
		cases = append(cases, model.Case{ID: id, ExternalID: "VOC-" + strconv.Itoa(int(id)), CreatedAt: day(d, h),
			Channel: ch, CustomerID: cust, Subject: "subject " + strconv.Itoa(int(id)), Body: body,
			Status: model.StatusOpen, Priority: model.PriorityNormal, Tags: tags, Recovery: rec})
	}
	refund := model.Recovery{Kind: "refund", Text: "refunded the second charge"}
	for i := 0; i < 8; i++ {
		add(i*3, 9, model.CustomerID(1+i%3), model.ChannelPhone, "I was charged twice for order "+strconv.Itoa(1000+i)+" and nobody answers.", map[bool]model.Recovery{true: refund}[i%2 == 0], "billing/double-charge")
	}
	for i := 0; i < 6; i++ {
		add(21+i, 14, 4, model.ChannelEmail, "Parcel arrived late\x1b[2J\x1b[31m again,\u200b third time this month!!! <script>alert(1)</script> "+strings.Repeat("very ", 50)+"late.", model.Recovery{}, "delivery/late", "billing/double-charge")
	}
	add(2, 0, 2, model.ChannelChat, "Locked out | can't log in *at all* [help](http://x)", model.Recovery{Kind: "callback"}, "account/locked-out")
	add(5, 23, 0, model.ChannelWeb, "", model.Recovery{})
	add(10, 12, 3, model.ChannelPhone, "Where is my money?", model.Recovery{Kind: "credit"}, "billing/refund-delay")
	return newFakeSource(cases, custs)
}

func briefSpec() Spec {
	return Spec{G: model.ByWeek, Now: time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC), SLA: model.DefaultSLA}
}

func TestMarkdownBriefGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, briefFixture(), briefSpec(), "md", BriefOptions{}); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "brief.md")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("brief differs from %s (go test -run Golden -update):\n%s", golden, buf.String())
	}
	for _, bad := range []string{"\x1b", "\u202e", "\u200b", "\x07", "<script>"} {
		if strings.Contains(buf.String(), bad) {
			t.Errorf("brief contains %q", bad)
		}
	}
}

func TestBriefNumbersAgreeWithCases(t *testing.T) {
	src := briefFixture()
	b, err := BuildBrief(src, briefSpec(), BriefOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if b.Cases != 17 || b.TaggedCases != 16 || b.Customers != 4 || b.RepeatCustomers != 4 {
		t.Errorf("totals: %d cases, %d tagged, %d customers, %d repeat", b.Cases, b.TaggedCases, b.Customers, b.RepeatCustomers)
	}
	top := b.Top[0]
	if top.Tag != "billing/double-charge" || top.Count != 14 || top.Cases != 14 || top.Recovered != 4 {
		t.Errorf("top issue: %+v", top)
	}
	if got := queueCount(t, src, top.Query, briefSpec()); got != top.Count {
		t.Errorf("query %q selects %d, the brief says %d", top.Query, got, top.Count)
	}
	if len(top.Quotes) != 3 || top.Quotes[0].ExternalID != "VOC-14" {
		t.Errorf("quotes: %+v", top.Quotes)
	}
	for _, q := range top.Quotes {
		if n := len([]rune(q.Text)); n > QuoteLen+1 {
			t.Errorf("quote of %d characters", n)
		}
	}
}

// TestHTMLParsesBack reads the heatmap table back with encoding/xml in
// HTML mode and checks every cell against the matrix.
func TestHTMLParsesBack(t *testing.T) {
	src := briefFixture()
	var buf bytes.Buffer
	if err := Write(&buf, src, briefSpec(), "html", BriefOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, bad := range []string{"<script", "\x1b", "\u202e", "href=", "url(", "src=", "<link", "@import"} {
		if strings.Contains(out, bad) {
			t.Errorf("html contains %q", bad)
		}
	}
	tables := parseTables(t, out)
	heat, ok := tables["heat"]
	if !ok {
		t.Fatalf("no heatmap table; tables: %v", tables)
	}
	m, err := Build(src, briefSpec())
	if err != nil {
		t.Fatal(err)
	}
	header := heat[0]
	cells := 0
	for _, row := range heat[1:] {
		tag := row[0]
		if tag == "(untagged)" {
			tag = ""
		}
		r, ok := m.Row(tag)
		if !ok {
			t.Fatalf("html row %q not in the matrix", row[0])
		}
		for i, v := range row[1 : len(row)-1] {
			p := len(m.Periods) - (len(row) - 2) + i
			if header[i+1] != m.Periods[p].Label() || v != strconv.Itoa(r.Counts[p]) {
				t.Errorf("%s %s: html %s, matrix %s %d", row[0], header[i+1], v, m.Periods[p].Label(), r.Counts[p])
			}
			cells++
		}
		if row[len(row)-1] != thousands(r.Total) {
			t.Errorf("%s total: html %s, matrix %d", row[0], row[len(row)-1], r.Total)
		}
	}
	if cells == 0 {
		t.Error("empty heatmap")
	}
	if top := tables["top"]; len(top) < 2 || top[1][1] != "billing/double-charge" || top[1][2] != "14" {
		t.Errorf("top issues table: %v", top)
	}
}

// parseTables returns each table's text cells by class.
func parseTables(t *testing.T, doc string) map[string][][]string {
	d := xml.NewDecoder(strings.NewReader(doc))
	d.Strict, d.AutoClose, d.Entity = false, xml.HTMLAutoClose, xml.HTMLEntity
	tables := map[string][][]string{}
	var class string
	var row []string
	var cell *strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("html does not parse: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			switch x.Name.Local {
			case "table":
				class = ""
				for _, a := range x.Attr {
					if a.Name.Local == "class" {
						class = a.Value
					}
				}
			case "tr":
				row = nil
			case "td", "th":
				cell = &strings.Builder{}
			}
		case xml.CharData:
			if cell != nil {
				cell.Write(x)
			}
		case xml.EndElement:
			switch x.Name.Local {
			case "td", "th":
				row = append(row, strings.TrimSpace(cell.String()))
				cell = nil
			case "tr":
				tables[class] = append(tables[class], row)
			}
		}
	}
	return tables
}

func TestTrimQuote(t *testing.T) {
	long := strings.Repeat("word ", 100)
	q := TrimQuote(long, QuoteLen)
	if n := len([]rune(q)); n > QuoteLen+1 || !strings.HasSuffix(q, "…") || strings.Contains(q, "wo…") {
		t.Errorf("TrimQuote = %q (%d)", q, n)
	}
	if TrimQuote("short", 200) != "short" {
		t.Error("short quote changed")
	}
}

// CFPB complaints without a narrative have only a subject (the complaint's
// category): the brief quotes the customers who wrote something first,
// even when the category-only cases are newer.
func TestBriefQuotesPreferCustomersWords(t *testing.T) {
	at := func(d int) time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC).AddDate(0, 0, d) }
	var cases []model.Case
	for i, body := range []string{"My card was charged twice and the bank will not listen.", "", "", "", ""} {
		id := model.CaseID(i + 1)
		cases = append(cases, model.Case{ID: id, ExternalID: "C-" + strconv.Itoa(i+1), CreatedAt: at(i),
			Subject: "Problem with a purchase: charged twice " + strconv.Itoa(i), Body: body, Tags: []string{"card/charged-twice"}})
	}
	b, err := BuildBrief(newFakeSource(cases, nil), briefSpec(), BriefOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Top) != 1 || len(b.Top[0].Quotes) == 0 {
		t.Fatalf("top %+v", b.Top)
	}
	q := b.Top[0].Quotes
	if q[0].ExternalID != "C-1" {
		t.Errorf("first quote %+v, want the customer's own words (C-1)", q[0])
	}
	if len(q) > 1 && q[1].ExternalID != "C-5" {
		t.Errorf("then the newest subject: %+v", q[1])
	}
}

// A brief asked with @me names the agent it counted for: "assignee:me" in
// a file handed to a manager said nobody (a new-user finding).
func TestBriefNamesWhomAtMeMeant(t *testing.T) {
	spec := briefSpec()
	q, err := model.ParseQuery("@me is:overdue")
	if err != nil {
		t.Fatal(err)
	}
	spec.Query, spec.Me = q, "bo"
	for _, format := range []string{"md", "html"} {
		var buf bytes.Buffer
		if err := Write(&buf, briefFixture(), spec, format, BriefOptions{}); err != nil {
			t.Fatal(err)
		}
		if out := buf.String(); !strings.Contains(out, "assignee:bo") || strings.Contains(out, "assignee:me") {
			t.Errorf("%s brief does not name bo:\n%s", format, out[:min(len(out), 600)])
		}
	}
}

// Every queue query of a brief asked with @me names the agent too: a
// manager pasting "assignee:me" into their queue lists their own cases,
// not the ones the brief counted (a new-user finding after the header was
// fixed).
func TestBriefQueueQueriesNameWhomAtMeMeant(t *testing.T) {
	src := briefFixture()
	for i := range src.cases {
		if i%2 == 0 {
			src.cases[i].Assignee = "bo"
		}
	}
	src = newFakeSource(src.cases, src.custs)
	spec := briefSpec()
	q, err := model.ParseQuery("@me")
	if err != nil {
		t.Fatal(err)
	}
	spec.Query, spec.Me = q, "bo"
	for _, format := range []string{"md", "html"} {
		var buf bytes.Buffer
		if err := Write(&buf, src, spec, format, BriefOptions{}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if n := strings.Count(out, "assignee:bo tag:="); n == 0 || strings.Contains(out, "assignee:me") {
			t.Errorf("%s brief: %d queue queries name bo, or one says assignee:me:\n%s", format, n, out)
		}
	}
}
