package model

import (
	"strings"
	"testing"
)

func TestReplySubject(t *testing.T) {
	for _, tc := range []struct {
		in   string
		id   CaseID
		want string
	}{
		{"Broken kettle", 12, "Re: Broken kettle [#12]"},
		{"Re: RE: re: Broken kettle", 12, "Re: Broken kettle [#12]"},
		{"Re: Broken kettle [#12]", 12, "Re: Broken kettle [#12]"},
		{"Broken [#7] kettle", 12, "Re: Broken [#7] kettle [#12]"},
		{"", 3, "Re: [#3]"},
		{"a\r\nBcc: evil@example.com", 1, "Re: a Bcc: evil@example.com [#1]"},
		{"tab\there\x00nul\u2028ls", 1, "Re: tab here nul ls [#1]"},
	} {
		if got := ReplySubject(tc.in, tc.id); got != tc.want {
			t.Errorf("ReplySubject(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCaseToken(t *testing.T) {
	for in, want := range map[string]CaseID{
		"Re: hello [#1234]":       1234,
		"[#1] and [#2]":           2,
		"no token":                0,
		"[#]":                     0,
		"[#99999999999999999999]": 0,
		"[rt #5]":                 0,
	} {
		if got := CaseToken(in); got != want {
			t.Errorf("CaseToken(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestSendReplyRules(t *testing.T) {
	c := Case{ID: 1}
	ok := Draft{From: "care@x.y", To: []string{"a@b.c"}, Text: "hi"}
	if evs, err := Apply(&c, "ana", c.CreatedAt, SendReply{Draft: ok}); err != nil || evs[0].Kind != EventMailReply {
		t.Fatalf("%v %v", evs, err)
	}
	for _, bad := range []Draft{
		{From: "care@x.y", To: []string{"a@b.c"}, Text: "  "},
		{From: "", To: []string{"a@b.c"}, Text: "hi"},
		{From: "care@x.y", Text: "hi"},
		{From: "care@x.y", To: []string{"a@b.c"}, Text: strings.Repeat("x", MaxNoteLen+1)},
	} {
		if _, err := Apply(&c, "ana", c.CreatedAt, SendReply{Draft: bad}); ErrorCode(err) != EINVALID {
			t.Errorf("draft %+v: %v", bad, err)
		}
	}
}
