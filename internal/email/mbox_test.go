package email

import (
	"bytes"
	"strings"
	"testing"

	"github.com/caredesk/caredesk/model"
)

// The tester's mbox: a "From " line inside a paragraph (no blank line
// before it) is the mail's text, as mutt reads it — not a new, empty mail.
func TestMboxSplitsOnlyAfterABlankLine(t *testing.T) {
	db := openDesk(t)
	mbox := "From alice@example.com Mon Dec  7 09:00:00 2026\nFrom: Alice <alice@example.com>\nSubject: one\nMessage-ID: <s1@x>\n\n" +
		">From the start of a line\nFrom here too? yes\nbye\n\n" +
		"From bo@example.com Mon Dec  7 10:00:00 2026\nFrom: bo@example.com\nSubject: two\nMessage-ID: <s2@x>\n\nsecond\n"
	res, err := ImportMbox(db, strings.NewReader(mbox), "t.mbox", deskAddr)
	if err != nil || res.New != 2 || res.Fetched != 2 || len(res.Refused) != 0 {
		t.Fatalf("%s %v %q", res, err, res.Refused)
	}
	conv, _ := db.Conversation(1)
	if want := "From the start of a line\nFrom here too? yes\nbye"; conv[0].Text != want {
		t.Fatalf("text %q, want %q", conv[0].Text, want)
	}
	// A separator with nothing after it is refused with its line, never a case.
	empty := "From x@example.com Mon Dec  7 09:00:00 2026\n\nFrom bo@example.com Mon Dec  7 10:00:00 2026\nFrom: bo@example.com\nSubject: three\nMessage-ID: <s3@x>\n\nthird\n"
	res, err = ImportMbox(db, strings.NewReader(empty), "e.mbox", deskAddr)
	if err != nil || res.New != 1 || len(res.Refused) != 1 || !strings.HasPrefix(res.Refused[0], "e.mbox:1: mail 1: an empty message") {
		t.Fatalf("%s %v %q", res, err, res.Refused)
	}
}

// recordingDesk keeps what it is handed, filing nothing.
type recordingDesk struct{ ins []model.Inbound }

func (d *recordingDesk) ReceiveAll(ins []model.Inbound) ([]model.Received, error) {
	d.ins = append(d.ins, ins...)
	return make([]model.Received, len(ins)), nil
}

// FuzzImportMbox: any bytes split into as many mails as there are
// separators ("From " at the start or after a blank line); none handed to
// the desk is empty, and every one is taken in or refused with its line.
func FuzzImportMbox(f *testing.F) {
	f.Add([]byte("From a Mon Dec  7 09:00:00 2026\nFrom: a@example.com\n\nhi\nFrom inside\n\n>From quoted\n\nFrom b Mon\n\nbody\n"))
	f.Add([]byte("From a\r\n\r\nFrom b\r\nSubject: x\r\n\r\ny\r\n"))
	f.Add([]byte("From \n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d := &recordingDesk{}
		res, err := ImportMbox(d, bytes.NewReader(data), "f.mbox", deskAddr)
		if err != nil {
			return // not an mbox
		}
		seps, prevBlank := 0, true
		for _, line := range bytes.SplitAfter(data, []byte("\n")) {
			if len(line) == 0 {
				continue
			}
			if prevBlank && bytes.HasPrefix(line, []byte("From ")) {
				seps++
			}
			prevBlank = len(bytes.TrimRight(line, "\r\n")) == 0
		}
		if res.Fetched != seps || len(d.ins)+len(res.Refused) != seps {
			t.Fatalf("%d separators; fetched %d, handed %d, refused %d", seps, res.Fetched, len(d.ins), len(res.Refused))
		}
		for _, in := range d.ins {
			if len(bytes.TrimSpace(in.Raw)) == 0 {
				t.Fatalf("an empty mail was handed to the desk")
			}
		}
	})
}

// A mail of an mbox over the size limit is refused by its line, sender
// and subject; the next one goes in.
func TestMboxNamesAMailTooLarge(t *testing.T) {
	db := openDesk(t)
	mbox := "From big@example.com Mon Dec  7 09:00:00 2026\n" + hugeMail + "\n\n" +
		"From bo@example.com Mon Dec  7 10:00:00 2026\nFrom: bo@example.com\nSubject: two\nMessage-ID: <s2@x>\n\nsecond\n"
	res, err := ImportMbox(db, strings.NewReader(mbox), "b.mbox", deskAddr)
	if err != nil || res.New != 1 || len(res.Refused) != 1 ||
		!strings.HasPrefix(res.Refused[0], `b.mbox:1: mail 1 (Big <big@example.com> · "huge attachment"): the message is `) {
		t.Fatalf("%s %v %q", res, err, res.Refused)
	}
}
