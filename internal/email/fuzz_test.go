package email

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
)

// FuzzMailToCase drives the message-to-case path: any bytes parse without
// a panic into an Inbound whose headers are one line, whose text is valid
// UTF-8 and whose attachments match their bytes; the store files it (or
// refuses it with a domain error) and the case shows it. The corpus seeds
// it with real-world-shaped mail.
func FuzzMailToCase(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "corpus", "*.eml"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	// One database per process, opened on first use: the fuzzing
	// coordinator and each worker run this function.
	var db *store.DB
	dir := f.TempDir()
	f.Cleanup(func() {
		if db != nil {
			db.Close()
		}
	})
	f.Fuzz(func(t *testing.T, raw []byte) {
		if db == nil {
			var err error
			if db, err = store.Open(filepath.Join(dir, "fuzz.db"), store.Options{}); err != nil {
				t.Fatal(err)
			}
		}
		in, err := Parse(raw, desk)
		if err != nil {
			if model.ErrorCode(err) != model.EINVALID {
				t.Fatalf("parse: %v", err)
			}
			return
		}
		m := in.Message
		for _, h := range []string{m.From, m.InReplyTo, m.MessageID, in.Sender.Name} {
			if strings.ContainsAny(h, "\r\n\x00") {
				t.Fatalf("a header value kept a control character: %q", h)
			}
		}
		// A header line left out is named on one line, and few are.
		if len(m.HeaderWarnings) > maxSkippedLines {
			t.Fatalf("%d header warnings", len(m.HeaderWarnings))
		}
		for _, w := range m.HeaderWarnings {
			if strings.ContainsAny(w, "\r\n\x00\x1b") || !utf8.ValidString(w) {
				t.Fatalf("header warning %q", w)
			}
		}
		// The subject is kept as sent (the screen shows its controls), but
		// a reply's subject is one line.
		if !utf8.ValidString(m.Subject) || strings.Contains(m.Subject, "\x00") {
			t.Fatalf("subject is not clean UTF-8: %q", m.Subject)
		}
		if rs := model.ReplySubject(m.Subject, 7); strings.ContainsAny(rs, "\r\n\x1b") {
			t.Fatalf("reply subject %q kept a control character", rs)
		}
		if !utf8.ValidString(m.Text) || strings.Contains(m.Text, "\x00") {
			t.Fatalf("text is not clean UTF-8: %q", m.Text)
		}
		if len(in.Files) != len(m.Attachments) {
			t.Fatalf("%d attachments, %d files", len(m.Attachments), len(in.Files))
		}
		for i, a := range m.Attachments {
			if int64(len(in.Files[i])) != a.Size || strings.ContainsAny(a.Name, "\r\n\x00") {
				t.Fatalf("attachment %d: %+v with %d bytes", i, a, len(in.Files[i]))
			}
		}
		res, err := db.Receive(in)
		if err != nil {
			if c := model.ErrorCode(err); c != model.EINVALID {
				t.Fatalf("receive: %v (%s)", err, c)
			}
			return
		}
		if res.Case == 0 {
			return // recognised with no case: kept aside
		}
		conv, err := db.Conversation(res.Case)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, cm := range conv {
			found = found || cm.Seq == res.Seq
		}
		if !found {
			t.Fatalf("message %d is not in case %d's conversation", res.Seq, res.Case)
		}
	})
}
