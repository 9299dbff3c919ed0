package ui

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// hugeDescription is an imported web form's description of n bytes: words,
// a few line breaks, a two-byte character where a cut would split it.
func hugeDescription(n int) string {
	var b strings.Builder
	b.WriteString("Start of the complaint.\n")
	for b.Len() < n {
		b.WriteString("the parcel never arrived and nobody answers é ")
		if b.Len()%4096 < 50 {
			b.WriteString("\n")
		}
	}
	return b.String()[:n]
}

// A case with a description of megabytes opens showing its first 64 KB,
// then a line that says how much more there is and how to get it whole:
// the pane keeps and lays out no more than that (each screen that opened
// a 30 MB description took ~10 s and kept ~230 MB).
func TestCasePaneShowsTheStartOfAHugeDescription(t *testing.T) {
	h := newCPHarness(t, 100, 30)
	body := hugeDescription(3_000_000)
	h.svc.addCase(model.Case{ID: 3001, ExternalID: "BIG-1", CreatedAt: cpAt(10, 9, 0), UpdatedAt: cpAt(10, 9, 0),
		Channel: model.ChannelWeb, Subject: "big", Body: body, Status: model.StatusOpen, Version: 1})
	h.open(3001)
	h.mustShow("Start of the complaint.")
	if n := len(h.p.c.Body); n > shownDescription || n < shownDescription-4 || !utf8.ValidString(h.p.c.Body) {
		t.Fatalf("the pane keeps %d bytes of the description (valid UTF-8: %v), want the first %d", n, utf8.ValidString(h.p.c.Body), shownDescription)
	}
	if len(h.p.bodyLines) > 2*shownDescription/readingWidth {
		t.Fatalf("%d lines laid out for a %d KB cut", len(h.p.bodyLines), shownDescription>>10)
	}
	last := strings.Join(h.p.bodyLines[len(h.p.bodyLines)-3:], " ")
	if want := "⋯ 2.9 MB more of this description not shown (3.0 MB in all): :export FILE writes it whole"; !strings.Contains(strings.Join(strings.Fields(last), " "), want) {
		t.Fatalf("the last lines read %q, want %q", last, want)
	}
	// The store keeps it whole: the next read of the case is all of it.
	if c := h.caseNow(3001); c.Body != body {
		t.Fatalf("the service's case holds %d bytes, want %d", len(c.Body), len(body))
	}
	// A save's result (the whole case, from the store) is cut too.
	h.keys("n", "called back", "ctrl+s")
	if n := len(h.p.c.Body); n > shownDescription {
		t.Fatalf("after a note the pane holds %d bytes of the description", n)
	}
}

// BenchmarkOpenHugeDescription opens a case whose description is 30 MB
// (the new-user tester's import) in a fresh 80×24 case pane and draws it,
// as each screen that opens it does, keeping the panes as screens keep
// theirs. "whole" lays out all of it (before the cut), "cut" the first
// shownDescription bytes. It reports the heap each screen still holds
// after the open (retained-MB/screen) beside -benchmem's allocations.
// Run it with -benchtime 3x.
func BenchmarkOpenHugeDescription(b *testing.B) {
	body := hugeDescription(30 << 20)
	for _, how := range []string{"whole", "cut"} {
		b.Run(how, func(b *testing.B) {
			if how == "whole" {
				defer func(n int) { shownDescription = n }(shownDescription)
				shownDescription = len(body)
			}
			svc := repeatCustomerDesk()
			svc.addCase(model.Case{ID: 3001, ExternalID: "BIG-1", CreatedAt: cpAt(10, 9, 0), UpdatedAt: cpAt(10, 9, 0),
				Channel: model.ChannelWeb, Subject: "big", Body: body, Status: model.StatusOpen, Version: 1})
			panes := make([]*casePane, 0, b.N)
			var before runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				p := newCasePane(cpEnv(svc))
				p.SetSize(80, 24)
				p.Update(p.Update(openCaseMsg{id: 3001})())
				if !strings.Contains(p.View(), "Start of the complaint.") {
					b.Fatal("the case did not open")
				}
				panes = append(panes, p)
			}
			b.StopTimer()
			var after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/float64(b.N)/(1<<20), "retained-MB/screen")
			runtime.KeepAlive(panes)
		})
	}
}

// :export FILE writes the open case's whole text, the description the
// screen cut included, each message under a line saying who and when;
// the store kept all of it.
func TestExportWritesTheWholeTextOfTheOpenCase(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "desk.db"), store.Options{Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	body := hugeDescription(2_000_000)
	_, err = db.Import([]model.ImportRow{{Line: 2, Case: model.Case{ExternalID: "BIG-1", CreatedAt: testNow.Add(-time.Hour),
		Subject: "big", Body: body, Status: model.StatusOpen}, Customer: model.Customer{Name: "Lee", Email: "lee@example.com"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Act(1, 0, "ana", model.AddNote{Text: "asked for a shorter one"}); err != nil {
		t.Fatal(err)
	}
	h := newHarnessOn(t, db, testNow, 100, 30)
	h.keys(":")
	h.typeText("open BIG-1")
	h.keys("enter")
	// It opens at the newest message, the note under the cut description.
	if v := h.view(); !strings.Contains(v, "⋯ 1.9 MB more of this description not shown (2.0 MB in all): :export FILE writes it whole") {
		t.Fatalf("the case did not open with the cut description:\n%s", v)
	}
	path := filepath.Join(t.TempDir(), "case.txt")
	h.keys(":")
	h.typeText("export " + path)
	h.keys("enter")
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no file: %v\n%s", err, h.view())
	}
	at := testNow.Add(-time.Hour).UTC().Format(time.RFC3339)
	want := "--- inbound · Lee <lee@example.com> · " + at + "\n" + body + "\n\n" +
		"--- note · ana · " + testNow.UTC().Format(time.RFC3339) + "\nasked for a shorter one\n\n"
	if string(got) != want {
		t.Fatalf("the file holds %d bytes, starting %q; want %d", len(got), got[:min(len(got), 120)], len(want))
	}
	if v := h.view(); !strings.Contains(v, "the text of #1 written to") {
		t.Fatalf("no confirmation:\n%s", v)
	}
}

// On a team server a session has no :export: the line under a cut
// description names the server's text command, which writes it whole.
func TestCutDescriptionOnServerNamesSSHText(t *testing.T) {
	h := newCPHarness(t, 100, 30)
	h.p.e.sshCommand = "ssh -p 2323 bo@127.0.0.1"
	h.svc.addCase(model.Case{ID: 3001, ExternalID: "BIG-1", CreatedAt: cpAt(10, 9, 0), UpdatedAt: cpAt(10, 9, 0),
		Channel: model.ChannelWeb, Subject: "big", Body: hugeDescription(3_000_000), Status: model.StatusOpen, Version: 1})
	h.open(3001)
	last := strings.Join(strings.Fields(strings.Join(h.p.bodyLines[len(h.p.bodyLines)-3:], " ")), " ")
	if want := "(3.0 MB in all): ssh -p 2323 bo@127.0.0.1 text 3001 > case.txt writes it whole"; !strings.Contains(last, want) || strings.Contains(last, ":export") {
		t.Fatalf("the last lines read %q, want %q and no :export", last, want)
	}
}
