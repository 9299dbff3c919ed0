package email

import (
	"bytes"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caredesk/caredesk/internal/textsafe"
	"github.com/caredesk/caredesk/model"
)

const desk = "care@desk.test"

func parseFile(t testing.TB, name string) model.Inbound {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "corpus", name))
	if err != nil {
		t.Fatal(err)
	}
	in, err := Parse(raw, desk)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// The corpus: real-world-shaped mail, each with what must come out.
func TestParseCorpus(t *testing.T) {
	for _, tc := range []struct {
		file      string
		kind      model.MailKind
		sender    string
		subject   string
		text      []string // pieces the text must hold
		notText   []string // pieces it must not
		atts      []string // attachment names
		inReplyTo string
		reason    string
		bounceOf  string
	}{
		{file: "plain.eml", sender: "ann@example.com", subject: "My kettle leaks", text: []string{"my kettle leaks since Tuesday"}},
		{file: "html_only.eml", sender: "bo@example.org", subject: "Invoice question",
			text:    []string{"Hi team,", "invoice 77 [https://billing.example.org/inv/77]", "€40 twice", "- first charge\n- second charge", "Mail me at bo@example.org"},
			notText: []string{"alert", "color:red", "<p>", "[mailto:"}},
		{file: "outlook_quoting.eml", sender: "chen@corp.example", subject: "RE: Delivery late [#12]",
			text: []string{"Still nothing – when will it arrive? Grüße", "From: Care <care@desk.test>"}, notText: []string{"<html>"},
			inReplyTo: "<caredesk.12.3.aaaa@desk.test>"},
		{file: "gmail_reply.eml", sender: "dana@gmail.example", text: []string{"Thanks, received it!", "> Your refund is on its way.", "— Example Care team"},
			notText: []string{"gmail_quote"}},
		{file: "iso8859.eml", sender: "rene@example.fr", subject: "Problème de café", text: []string{"Ma machine à café ne marche plus."}},
		{file: "shiftjis.eml", sender: "tanaka@example.jp", subject: "注文", text: []string{"注文した商品が届きません。"}},
		{file: "windows1251.eml", sender: "ivan@example.ru", subject: "Заказ", text: []string{"Заказ не пришёл."}},
		{file: "attachment.eml", sender: "eve@example.com", text: []string{"See the receipt."}, atts: []string{"reçu /../etc.pdf"}},
		{file: "nested.eml", sender: "fay@example.com", text: []string{"The box arrived crushed, see photo."}, notText: []string{"<b>"},
			atts: []string{"inline.png", "box.jpg"}},
		{file: "forwarded.eml", sender: "gus@example.com", text: []string{"This says 2 items but I got 1.", "Forwarded message", "Subject: Your order confirmation", "Order 99: 2 items."}},
		{file: "bounce.eml", kind: model.MailBounce, sender: "mailer-daemon@mx.desk.test", reason: "550 5.1.1", bounceOf: "<caredesk.5.7.cccc@desk.test>"},
		{file: "vacation.eml", kind: model.MailAutoReply, reason: "Auto-Submitted: auto-replied", inReplyTo: "<caredesk.8.2.dddd@desk.test>"},
		{file: "x_autoreply.eml", kind: model.MailAutoReply, reason: "X-Autoreply: yes"},
		{file: "bulk.eml", kind: model.MailAutoReply, reason: "Precedence: bulk"},
		{file: "loop.eml", kind: model.MailLoop, reason: "desk's own address"},
		// Kept as sent, like the body: the screen shows the controls, and
		// a reply's subject is one line (TestSubjectKeptAsSent).
		{file: "injection.eml", subject: "Hello\r\nBcc: victim@example.com\r\n\r\nbody"},
		{file: "escape_subject.eml", subject: "Refund \x1b[31mNOW\x1b[0m", text: []string{"Please \x1b[31mrefund\x1b[0m me."}},
		{file: "no_message_id.eml", text: []string{"without Message-ID"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			in := parseFile(t, tc.file)
			m := in.Message
			if in.Kind != tc.kind {
				t.Errorf("kind %s (%s), want %s", in.Kind, in.Reason, tc.kind)
			}
			if tc.reason != "" && !strings.Contains(in.Reason, tc.reason) {
				t.Errorf("reason %q, want %q in it", in.Reason, tc.reason)
			}
			if tc.sender != "" && in.Sender.Email != tc.sender {
				t.Errorf("sender %q, want %q", in.Sender.Email, tc.sender)
			}
			if tc.subject != "" && m.Subject != tc.subject {
				t.Errorf("subject %q, want %q", m.Subject, tc.subject)
			}
			for _, s := range tc.text {
				if !strings.Contains(m.Text, s) {
					t.Errorf("text lacks %q:\n%s", s, m.Text)
				}
			}
			for _, s := range tc.notText {
				if strings.Contains(m.Text, s) {
					t.Errorf("text holds %q:\n%s", s, m.Text)
				}
			}
			var names []string
			for i, a := range m.Attachments {
				names = append(names, a.Name)
				if int64(len(in.Files[i])) != a.Size {
					t.Errorf("attachment %s: size %d, bytes %d", a.Name, a.Size, len(in.Files[i]))
				}
			}
			if strings.Join(names, "|") != strings.Join(tc.atts, "|") {
				t.Errorf("attachments %q, want %q", names, tc.atts)
			}
			if tc.inReplyTo != "" && m.InReplyTo != tc.inReplyTo {
				t.Errorf("In-Reply-To %q, want %q", m.InReplyTo, tc.inReplyTo)
			}
			if tc.bounceOf != "" && (len(in.BounceOf) == 0 || in.BounceOf[0] != tc.bounceOf) {
				t.Errorf("bounce of %q, want %q", in.BounceOf, tc.bounceOf)
			}
			if strings.ContainsAny(m.From, "\r\n") {
				t.Errorf("the sender kept a line break: %q", m.From)
			}
			if len(in.Hash) != 64 {
				t.Errorf("hash %q", in.Hash)
			}
		})
	}
}

func TestParseRefusesTooLarge(t *testing.T) {
	raw := make([]byte, model.MaxMessageSize+1)
	if _, err := Parse(raw, desk); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("err = %v", err)
	}
}

func TestParseGarbageKeepsTheBytes(t *testing.T) {
	for _, raw := range []string{"", "no header at all", "\x00\xff\xfe", "Subject: x\r\n", "Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n--x\r\n"} {
		in, err := Parse([]byte(raw), desk)
		if err != nil {
			t.Fatalf("%q: %v", raw, err)
		}
		if string(in.Raw) != raw {
			t.Fatalf("%q: raw not kept", raw)
		}
	}
}

// A sender's encoded display name is kept decoded (never as encoded
// words), so the case pane, timeline and a reply's attribution read it.
func TestParseDecodesEncodedSenderName(t *testing.T) {
	raw := "From: =?ISO-8859-1?Q?J=FCrgen_M=FCller?= <jm@example.de>\r\nTo: =?utf-8?q?Care_D=C3=A9sk?= <care@desk.test>\r\nSubject: Hi\r\nMessage-ID: <j1@example.de>\r\n\r\nHallo\r\n"
	in, err := Parse([]byte(raw), desk)
	if err != nil {
		t.Fatal(err)
	}
	if in.Message.From != "Jürgen Müller <jm@example.de>" || in.Sender.Name != "Jürgen Müller" {
		t.Fatalf("From %q, sender %+v", in.Message.From, in.Sender)
	}
	if len(in.Message.To) != 1 || in.Message.To[0] != "Care Désk <care@desk.test>" {
		t.Fatalf("To %q", in.Message.To)
	}
}

// A bounce's reason is the server's diagnostic, said once.
func TestBounceReasonIsTheDiagnostic(t *testing.T) {
	in := parseFile(t, "bounce.eml")
	if want := "550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown"; in.Reason != want {
		t.Fatalf("reason %q, want %q", in.Reason, want)
	}
}

// A subject keeps what the customer sent, escape characters included, as
// the body does: the screen draws both through textsafe, so an agent sees
// the same ␛ in each. The reply's subject is one line, and the mail
// composed from it has one Subject header and nothing injected.
func TestSubjectKeptAsSent(t *testing.T) {
	for _, name := range []string{"escape_subject.eml", "injection.eml"} {
		in := parseFile(t, name)
		if !strings.ContainsAny(in.Message.Subject, "\x1b\r") {
			t.Fatalf("%s: subject %q lost its control characters", name, in.Message.Subject)
		}
		rs := model.ReplySubject(in.Message.Subject, 42)
		if strings.ContainsAny(rs, "\r\n\x1b") || !strings.HasSuffix(rs, "[#42]") {
			t.Fatalf("%s: reply subject %q", name, rs)
		}
		m := reply(in.Message.Subject, "ok")
		raw, err := Compose(m)
		if err != nil {
			t.Fatal(err)
		}
		msg, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		if len(msg.Header["Subject"]) != 1 || msg.Header.Get("Bcc") != "" {
			t.Fatalf("%s: composed headers %v", name, msg.Header)
		}
		if bytes.Contains(raw, []byte("\x1b")) {
			t.Fatalf("%s: an escape character went out in the reply", name)
		}
	}
	esc := parseFile(t, "escape_subject.eml")
	if subj, body := textsafe.Line(esc.Message.Subject), textsafe.Block(esc.Message.Text); !strings.Contains(subj, "Refund ␛NOW␛") || !strings.Contains(body, "␛refund␛") {
		t.Fatalf("subject %q and body %q are not drawn alike", subj, body)
	}
}

// Reply-To routes the reply, the From stays the customer. A hostile one —
// a display name carrying an encoded CR/LF and a Bcc, a repeated address
// in other case, more addresses than a reply may go to, a folded header
// that is not an address list — leaves bare, distinct addresses only, at
// most model.MaxReplyTo, or none (the reply goes to From).
func TestReplyToRoutesTheReply(t *testing.T) {
	in := parseFile(t, "reply_to.eml")
	want := []string{"billing@example.com", "bob@example.com", "c1@example.com", "c2@example.com", "c3@example.com"}
	if strings.Join(in.Message.ReplyTo, " ") != strings.Join(want, " ") {
		t.Fatalf("Reply-To %q, want %q", in.Message.ReplyTo, want)
	}
	if in.Sender.Email != "ann@example.com" {
		t.Fatalf("the customer became %q", in.Sender.Email)
	}
	to := model.ReplyAddresses(in.Message, true, "ann@example.com")
	m := reply("Re: x", "ok")
	m.To = to
	raw, err := Compose(m)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if msg.Header.Get("Bcc") != "" || strings.Contains(string(raw), "victim@evil") {
		t.Fatalf("the Reply-To's name reached the reply:\n%s", raw)
	}
	if got, _ := msg.Header.AddressList("To"); len(got) != len(want) {
		t.Fatalf("reply To %v", got)
	}

	broken := parseFile(t, "reply_to_broken.eml")
	if len(broken.Message.ReplyTo) != 0 {
		t.Fatalf("a folded Reply-To with a Bcc kept %q", broken.Message.ReplyTo)
	}
	if to := model.ReplyAddresses(broken.Message, true, ""); len(to) != 1 || to[0] != "ann@example.com" {
		t.Fatalf("without a usable Reply-To the reply goes to %q", to)
	}
}

// A sender whose display name holds an escape or control character is
// still the customer, by the address, with the name cleaned: a spammer or
// a mis-encoded name must not make a case nobody can answer.
func TestParseKeepsASenderWithAHostileName(t *testing.T) {
	for _, from := range []string{
		"=?UTF-8?Q?Evil=1B[2JName?= <evil1@example.com>",
		"=?UTF-8?Q?Bell=07Ringer?= <bell@example.com>",
		"\"Evil\x1b]0;pwned\x07 Name\" <evil2@example.com>",
	} {
		raw := "From: " + from + "\r\nSubject: Hi\r\nMessage-ID: <h1@example.com>\r\n\r\nHello\r\n"
		in, err := Parse([]byte(raw), desk)
		if err != nil {
			t.Fatal(err)
		}
		if in.Sender.Email == "" || !strings.HasSuffix(in.Sender.Email, "@example.com") {
			t.Errorf("%q: no customer address (%+v)", from, in.Sender)
		}
		if strings.ContainsAny(in.Sender.Name+in.Message.From, "\x1b\x07") {
			t.Errorf("%q: a control character kept: name %q, From %q", from, in.Sender.Name, in.Message.From)
		}
	}
}

// An attachment name's escape sequence stays one escape, as a subject's
// does: the screen shows one ␛ and a saved name one "_", never a space
// and the sequence's tail ("[31m") as if the sender had typed it.
func TestAttachmentNameKeepsItsEscapeWhole(t *testing.T) {
	raw := "From: ann@example.com\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n" +
		"--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=\"../../etc/pa\x1b[31msswd.txt\"\r\n\r\nroot\r\n--b--\r\n"
	in, err := Parse([]byte(raw), deskAddr)
	if err != nil || len(in.Message.Attachments) != 1 {
		t.Fatalf("%+v %v", in.Message.Attachments, err)
	}
	name := in.Message.Attachments[0].Name
	if name != "../../etc/pa\x1b[31msswd.txt" {
		t.Fatalf("name %q", name)
	}
	if shown := textsafe.Line(name); shown != "../../etc/pa␛sswd.txt" {
		t.Fatalf("shown %q", shown)
	}
}

// One encoded word in a charset nobody knows leaves the others decoded
// and only itself as written (what mutt and Thunderbird show): the agent
// reads and searches "Café" rather than a whole subject of =?utf-8?b?…
func TestOneBadEncodedWordLeavesTheRestDecoded(t *testing.T) {
	for _, tc := range []struct{ subject, want string }{
		{"=?utf-8?b?Q2Fmw6kg4oCu?= =?bogus-charset?q?x=FFy?=", "Café \u202e =?bogus-charset?q?x=FFy?="},
		{"=?bogus?q?a?= =?utf-8?q?caf=C3=A9?= and =?utf-8?q?cr=C3=A8me?= =?utf-8?q?_br=C3=BBl=C3=A9e?=", "=?bogus?q?a?= café and crème brûlée"},
		{"Order =?utf-8?b?!!!?= 4512", "Order =?utf-8?b?!!!?= 4512"},
	} {
		raw := "From: Ann <ann@example.com>\r\nSubject: " + tc.subject + "\r\n\r\nbody\r\n"
		in, err := Parse([]byte(raw), desk)
		if err != nil {
			t.Fatal(err)
		}
		if in.Message.Subject != tc.want {
			t.Errorf("subject %q: got %q, want %q", tc.subject, in.Message.Subject, tc.want)
		}
	}
}

// A raw 8-bit Latin-1 subject and name are read in the charset the mail
// declares, as its body is (new-user finding: "caf� raw 8bit").
func TestParseReadsRawEightBitHeadersInTheMailsCharset(t *testing.T) {
	raw := "From: M\xfcller <m@example.com>\r\nTo: care@desk.test\r\nSubject: caf\xe9 raw 8bit\r\nMessage-ID: <8bit@example.com>\r\n" +
		"Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\nJ'ai pay\xe9 deux fois. M\xfcller\r\n"
	in, err := Parse([]byte(raw), deskAddr)
	if err != nil || in.Message.Subject != "café raw 8bit" || in.Sender.Name != "Müller" || in.Message.Text != "J'ai payé deux fois. Müller" {
		t.Fatalf("read as %q from %q: %q (%v)", in.Message.Subject, in.Sender.Name, in.Message.Text, err)
	}
	// No charset declared: replaced, not guessed.
	in, _ = Parse([]byte("From: a@example.com\r\nSubject: caf\xe9\r\n\r\nhi\r\n"), deskAddr)
	if in.Message.Subject != "caf\uFFFD" {
		t.Fatalf("subject %q", in.Message.Subject)
	}
}

// A multipart mail declares no charset at its top: its raw 8-bit headers
// are read in its first text part's charset, the one its mailer wrote
// the body in (new-user finding: "8-bit" headers of multipart mail still
// showed "�"). An attachment's or a forwarded mail's charset is not it.
func TestParseReadsEightBitHeadersOfMultipartInTheFirstTextPartsCharset(t *testing.T) {
	head := "From: M\xfcller <m@example.com>\r\nTo: care@desk.test\r\nSubject: caf\xe9 raw 8bit\r\nMIME-Version: 1.0\r\n"
	for name, body := range map[string]string{
		"mixed": "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n" +
			"--b\r\nContent-Type: application/octet-stream; charset=koi8-r\r\nContent-Disposition: attachment; filename=\"x.bin\"\r\n\r\n\xe9\xe9\r\n" +
			"--b\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\nJ'ai pay\xe9 deux fois.\r\n--b--\r\n",
		"alternative": "Content-Type: multipart/alternative; boundary=\"a\"\r\n\r\n" +
			"--a\r\nContent-Type: text/plain; charset=windows-1252\r\n\r\nJ'ai pay\xe9 deux fois.\r\n" +
			"--a\r\nContent-Type: text/html; charset=windows-1252\r\n\r\n<p>J'ai pay\xe9 deux fois.</p>\r\n--a--\r\n",
	} {
		in, err := Parse([]byte(head+body), deskAddr)
		if err != nil || in.Message.Subject != "café raw 8bit" || in.Sender.Name != "Müller" || in.Message.Text != "J'ai payé deux fois." {
			t.Errorf("%s: read as %q from %q: %q (%v)", name, in.Message.Subject, in.Sender.Name, in.Message.Text, err)
		}
	}
	// A multipart whose text declares no charset: replaced, not guessed.
	in, _ := Parse([]byte(head+"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n"+
		"--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: x\r\nContent-Type: text/plain; charset=koi8-r\r\n\r\n\xe9\r\n--b--\r\n"), deskAddr)
	if in.Message.Subject != "caf\uFFFD raw 8bit" {
		t.Fatalf("subject %q", in.Message.Subject)
	}
}
