package model

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseQuery(t *testing.T) {
	tests := []struct {
		in, want, text string // want: the canonical String()
	}{
		{"", "", ""},
		{"   ", "", ""},
		{"refund late", "refund late", "refund late"},
		{"tag:billing/", "tag:billing/", ""},
		{"tag:=Billing", "tag:=billing", ""},
		{`tag:"=Billing / Double Charge"`, "tag:=billing/double-charge", ""},
		{"TAG:Billing/Double Charge", "tag:billing/double Charge", "Charge"},
		{`tag:"Billing / Double Charge"`, "tag:billing/double-charge", ""},
		{"status:Pending", "status:pending", ""},
		{"status:active", "status:active", ""},
		{"status:reopened", "status:open", ""},
		{"priority:p1", "priority:urgent", ""},
		{"channel:Internet", "channel:web", ""},
		{"channel:other", "channel:other", ""},
		{"@Ana", "assignee:ana", ""},
		{"assignee:me", "assignee:me", ""},
		{"-@bo", "-assignee:bo", ""},
		{`customer:"Ana López"`, `customer:"ana lópez"`, ""},
		{`customer:"say \"hi\""`, `customer:"say \"hi\""`, ""},
		{"ext:DEMO-000123", "id:demo-000123", ""},
		{"is:Overdue is:mine", "is:overdue is:mine", ""},
		{"is:mine is:overdue", "is:overdue is:mine", ""},
		{"created:2026-w47", "created:2026-W47", ""},
		{"created:2026-11", "created:2026-11", ""},
		{"from:2026-11-01 to:2026-11-30", "from:2026-11-01 to:2026-11-30", ""},
		{"-status:closed refund", "-status:closed refund", "refund"},
		// canonical order: is, status, priority, channel, assignee, tag, customer, id, created, from, to; positives first
		{"refund -status:closed tag:b status:open @ana status:new", "status:new status:open -status:closed assignee:ana tag:b refund", "refund"},
		{"status:open status:open", "status:open", ""},
		// A quoted token is a phrase, a -word excludes (and is not text).
		{`"tag:billing" is "quoted  text"`, `"tag:billing" is "quoted text"`, "tag:billing is quoted text"},
		{"-", "-", "-"},
		{"-refund", "-refund", ""},
		{`-"never arrived" late`, `-"never arrived" late`, "late"},
		// Any other key is an extra field; #n is a case number.
		{"10:30 a:b", "a:b 10:30", "10:30"},
		{`Company:"Acme  Bank" State:CA ZIP_code:123`, `company:"acme bank" state:ca zip-code:123`, ""},
		{"-state:ny escrow", "-state:ny escrow", "escrow"},
		// The built-in keys win; field.NAME: is any extra field, one named like a key too.
		{"field.team:Ops team:billing", "team:billing field.team:ops", ""},
		{"Field.Status:x -field.company:acme", "-company:acme field.status:x", ""},
		{"field:x field.ext:y", "field.ext:y field.field:x", ""},
		{"field.:x field.9:y", "field.:x field.9:y", "field.:x field.9:y"}, // not a field name: words
		// A column named with a question mark is typed as it reads (CFPB's
		// "Timely response?"), and spelt without it.
		{"Timely-Response?:No field.consumer-disputed?:yes", "consumer-disputed:yes timely-response:no", ""},
		{"why?:x ?:y", "why:x ?:y", "?:y"},
		{"#0042 refund", "#42 refund", "refund"},
		{"-#7 #8 case:9", "#8 #9 -#7", ""},
		{"#x", "#x", "#x"},                            // not a number: a word
		{`customer:"ana lo`, `customer:"ana lo"`, ""}, // unterminated: runs to the end
	}
	for _, tt := range tests {
		q, err := ParseQuery(tt.in)
		if err != nil {
			t.Errorf("ParseQuery(%q): %v", tt.in, err)
			continue
		}
		if got := q.String(); got != tt.want {
			t.Errorf("ParseQuery(%q).String() = %q, want %q", tt.in, got, tt.want)
		}
		if tt.text != "" && q.Text != tt.text {
			t.Errorf("ParseQuery(%q).Text = %q, want %q", tt.in, q.Text, tt.text)
		}
		if q.Empty() != (tt.want == "") {
			t.Errorf("ParseQuery(%q).Empty() = %v", tt.in, q.Empty())
		}
		q2, err := ParseQuery(q.String())
		if err != nil || !reflect.DeepEqual(q, q2) {
			t.Errorf("round trip of %q: %+v, %v; want %+v", q.String(), q2, err, q)
		}
	}
}

func TestParseQueryErrors(t *testing.T) {
	tests := []struct{ in, mention string }{
		{"company:", `company:"acme bank"`},
		{"#0", "#1234"},
		{"tag:", "tag:billing/"},
		{"tag:/", "tag:/"},
		{"status:done", "new, open, pending, resolved, closed, active"},
		{"priority:asap", "urgent, high, normal, low"},
		{"channel:pigeon", "email, phone"},
		{"@", "@ana"},
		{"is:late", "overdue, untagged"},
		{"created:2026-W60", "2026-W47"},
		{"from:yesterday", "YYYY-MM-DD"},
		{"to:2026-02-30", "YYYY-MM-DD"},
		{"-customer:", "customer:"},
		{`customer:""`, "customer:"},
	}
	for _, tt := range tests {
		_, err := ParseQuery("refund " + tt.in)
		if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), tt.mention) {
			t.Errorf("ParseQuery(%q) err = %v; want EINVALID mentioning %q", tt.in, err, tt.mention)
		}
	}
}

func TestQueryMatch(t *testing.T) {
	now := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
	sla := DefaultSLA
	s := Summary{ID: 1, ExternalID: "DEMO-000123", CreatedAt: time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC),
		Channel: ChannelPhone, Subject: "Charged twice", Priority: PriorityUrgent, Status: StatusPending,
		Assignee: "Ana", Tags: []string{"billing/double-charge", "delivery/late"}, FollowUp: time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)}
	cust := Customer{ID: 9, Name: "Ana López", Email: "ana.lopez@example.com"}
	untagged := s
	untagged.Tags, untagged.Assignee, untagged.FollowUp, untagged.Status, untagged.Priority, untagged.Channel = nil, "", time.Time{}, StatusUnset, PriorityUnset, ""
	closed := s
	closed.Status, closed.FollowUp = StatusClosed, time.Time{}

	tests := []struct {
		q    string
		s    Summary
		me   string
		want bool
	}{
		{"", s, "", true},
		{"anything at all", s, "", true}, // Text is the UI's to match
		{"tag:billing/", s, "", true},
		{"tag:billing", s, "", true},
		{"tag:billing/double-charge", s, "", true},
		{"tag:billing/refund", s, "", false},
		{"tag:=billing/double-charge", s, "", true},
		{"tag:=billing", s, "", false},               // exact: not its sub-tags
		{"tag:=Billing/Double Charge", s, "", false}, // "Charge" is text
		{"-tag:=billing", s, "", true},
		{"tag:bill", s, "", false},
		{"tag:product/ tag:delivery/", s, "", true}, // same key: OR
		{"-tag:delivery/", s, "", false},
		{"-tag:product/", s, "", true},
		{"tag:billing/ -tag:delivery/late", s, "", false},
		{"status:pending", s, "", true},
		{"status:open", s, "", false},
		{"status:open status:pending", s, "", true},
		{"status:active", s, "", true},
		{"status:active", closed, "", false},
		{"-status:resolved -status:closed", s, "", true}, // negations each exclude
		{"-status:resolved -status:closed", closed, "", false},
		{"status:new", untagged, "", true}, // unset reads as new
		{"priority:urgent", s, "", true},
		{"priority:normal", untagged, "", true}, // unset reads as normal
		{"priority:high", s, "", false},
		{"channel:phone", s, "", true},
		{"channel:other", untagged, "", true},
		{"channel:email channel:phone", s, "", true},
		{"@ana", s, "", true},
		{"@ANA", s, "", true},
		{"@bo", s, "", false},
		{"@bo @ana", s, "", true},
		{"@me", s, "ana", true},
		{"@me", s, "bo", false},
		{"@me", untagged, "", false},
		{"assignee:none", untagged, "", true},
		{"assignee:none", s, "", false},
		{"-assignee:none", s, "", true},
		{"customer:lópez", s, "", true},
		{"customer:LÓPEZ", s, "", true},
		{`customer:"ana ló"`, s, "", true},
		{"customer:example.com", s, "", true},
		{"customer:bob", s, "", false},
		{"id:demo-000123", s, "", true},
		{"ext:DEMO-000123", s, "", true},
		{"id:DEMO-00012", s, "", false},
		{"is:overdue", s, "", false}, // the follow-up at 17:00 is its due time
		{"is:overdue", untagged, "", true},
		{"is:overdue", closed, "", false},
		{"is:untagged", untagged, "", true},
		{"is:untagged", s, "", false},
		{"is:unassigned", untagged, "", true},
		{"is:mine", s, "ana", true},
		{"is:mine", s, "", false},
		{"is:followup-today", s, "", true},
		{"is:followup-today", untagged, "", false},
		{"is:mine is:untagged", s, "ana", false}, // is: flags AND
		{"-is:overdue", s, "", true},
		{"created:2026-W47", s, "", true},
		{"created:2026-W48", s, "", false},
		{"created:2026-11", s, "", true},
		{"created:2026-11-20", s, "", true},
		{"created:2026-11-21", s, "", false},
		{"created:2026-10 created:2026-11", s, "", true},
		{"from:2026-11-20", s, "", true},
		{"from:2026-11-21", s, "", false},
		{"to:2026-11-20", s, "", true},
		{"to:2026-11-19", s, "", false},
		{"from:2026-11-01 to:2026-11-30", s, "", true},
		{"tag:billing/ status:pending @ana priority:urgent channel:phone customer:ana", s, "", true},
		{"tag:billing/ status:pending @ana priority:urgent channel:email", s, "", false},
	}
	for _, tt := range tests {
		q, err := ParseQuery(tt.q)
		if err != nil {
			t.Fatalf("ParseQuery(%q): %v", tt.q, err)
		}
		if got := q.Match(tt.s, cust, now, tt.me, sla); got != tt.want {
			t.Errorf("%q.Match(%s, me=%q) = %v, want %v", tt.q, tt.s.Status, tt.me, got, tt.want)
		}
	}
}

// is:followup-today is today in the agent's time zone, the one now is in.
func TestQueryFollowUpTodayLocal(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	now := time.Date(2026, 11, 25, 8, 0, 0, 0, tokyo)                                            // 2026-11-24 23:00 UTC
	s := Summary{Status: StatusPending, FollowUp: time.Date(2026, 11, 25, 1, 0, 0, 0, time.UTC)} // 10:00 JST on the 25th
	q, _ := ParseQuery("is:followup-today")
	if !q.Match(s, Customer{}, now, "", DefaultSLA) {
		t.Error("a follow-up at 10:00 JST is today for an agent in Tokyo")
	}
	if q.Match(s, Customer{}, now.UTC(), "", DefaultSLA) {
		t.Error("in UTC it is tomorrow")
	}
}

func TestQueryMatchDoesNotAllocate(t *testing.T) {
	q, err := ParseQuery(`tag:billing/ -status:closed @me customer:"lópez" is:overdue is:followup-today created:2026-W47 from:2026-01-01 channel:phone id:x`)
	if err != nil {
		t.Fatal(err)
	}
	s := Summary{Tags: []string{"a/b", "billing/x"}, Status: StatusOpen, Assignee: "Ana", Channel: ChannelPhone, CreatedAt: t0}
	cust := Customer{Name: "Ana López Fernández", Email: "ana@example.com"}
	now := t0.In(time.FixedZone("X", 3600))
	if n := testing.AllocsPerRun(100, func() { q.Match(s, cust, now, "ana", DefaultSLA) }); n != 0 {
		t.Errorf("Match allocates %v times per call", n)
	}
}

func TestContainsFold(t *testing.T) {
	tests := []struct {
		s, sub string
		want   bool
	}{
		{"Ana López", "lópez", true}, {"ANA", "ana", true}, {"ana", "", true}, {"", "a", false},
		{"Ana", "anab", false}, {"ÅSA", "åsa", true}, {"x\xffy", "y", true}, {"Straße", "straße", true},
	}
	for _, tt := range tests {
		if got := containsFold(tt.s, tt.sub); got != tt.want {
			t.Errorf("containsFold(%q, %q) = %v", tt.s, tt.sub, got)
		}
	}
}

func BenchmarkQueryMatch(b *testing.B) {
	q, _ := ParseQuery(`tag:billing/ status:active -@bo customer:"lopez" is:overdue`)
	s := Summary{Tags: []string{"account/login", "billing/double-charge"}, Status: StatusOpen, Assignee: "ana", CreatedAt: t0}
	cust := Customer{Name: "Ana Lopez", Email: "ana@example.com"}
	now := t0.Add(100 * time.Hour)
	b.ReportAllocs()
	for b.Loop() {
		q.Match(s, cust, now, "ana", DefaultSLA)
	}
}

func TestQueryTerms(t *testing.T) {
	q, err := ParseQuery(`Müller "never arrived" -escrow ana.lopez@example.com esc`)
	if err != nil {
		t.Fatal(err)
	}
	want := []Term{{Text: "Müller"}, {Text: "never arrived", Phrase: true}, {Text: "escrow", Not: true},
		{Text: "ana.lopez@example.com"}, {Text: "esc"}}
	if !reflect.DeepEqual(q.Terms(), want) {
		t.Fatalf("terms %+v, want %+v", q.Terms(), want)
	}
	if !q.NeedsIndex() || q.Text != "Müller never arrived ana.lopez@example.com esc" {
		t.Fatalf("%+v", q)
	}
	typing := q.Typing(`Müller "never arrived" -escrow ana.lopez@example.com esc`)
	if !typing.Terms()[4].Prefix || q.Terms()[4].Prefix {
		t.Fatal("Typing marks the last word, on a copy")
	}
	for _, raw := range []string{"esc ", `"esc"`, "-esc"} {
		q, _ := ParseQuery(raw)
		for _, tm := range q.Typing(raw).Terms() {
			if tm.Prefix {
				t.Errorf("Typing(%q) marks a prefix", raw)
			}
		}
	}
	if q, _ := ParseQuery("status:open state:ca"); !q.NeedsIndex() {
		t.Fatal("an extra-field filter needs the index")
	}
	if q, _ := ParseQuery("status:open #4"); q.NeedsIndex() {
		t.Fatal("filters of the summary do not")
	}
}

func TestFieldName(t *testing.T) {
	for in, want := range map[string]string{"Company": "company", "ZIP code": "zip-code", "Sub_product": "sub-product",
		"Consumer consent provided?": "consumer-consent-provided", "  État ": "état"} {
		if got := FieldName(in); got != want {
			t.Errorf("FieldName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestQueryMatchCaseAndFields(t *testing.T) {
	s := Summary{ID: 42}
	for q, want := range map[string]bool{"#42": true, "#43": false, "-#42": false, "#41 #42": true,
		"company:acme": true, "-state:ca": true} { // extra fields are the index's to decide
		pq, err := ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		if got := pq.Match(s, Customer{}, time.Now(), "", DefaultSLA); got != want {
			t.Errorf("%q matches %v, want %v", q, got, want)
		}
	}
}
