package store

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

func TestCaseRoundTrip(t *testing.T) {
	teamed := benchCase()
	teamed.Team, teamed.FirstReply, teamed.Handoffs = "billing", time.Unix(1_790_000_000, 7).UTC(), 3
	cases := []model.Case{benchCase(), {ID: 1, ExternalID: "x", CreatedAt: time.Unix(-86400*400, 5).UTC()}, {}, teamed}
	for _, c := range cases {
		got, err := decodeCase(encodeCase(nil, &c))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, c) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", got, c)
		}
		s, err := decodeSummary(encodeCase(nil, &c), map[string]string{})
		if err != nil || !reflect.DeepEqual(s, c.Summary()) {
			t.Fatalf("summary: %v\n got %+v\nwant %+v", err, s, c.Summary())
		}
		// caseTexts walks the texts the word index reads, in record order.
		want := append([]string{c.ExternalID, c.Subject}, c.Tags...)
		want = append(want, c.Body, c.Recovery.Text)
		for _, f := range c.Fields {
			want = append(want, f.Value)
		}
		var texts []string
		if err := caseTexts(encodeCase(nil, &c), func(t string) bool { texts = append(texts, strings.Clone(t)); return false }); err != nil || !slices.Equal(texts, want) {
			t.Fatalf("caseTexts: %v\n got %q\nwant %q", err, texts, want)
		}
	}
}

func TestDecodersRejectTruncation(t *testing.T) {
	c := benchCase()
	b := encodeCase(nil, &c)
	for i := range len(b) {
		if _, err := decodeCase(b[:i]); err == nil {
			t.Fatalf("decoded a record cut at %d of %d bytes", i, len(b))
		}
	}
	if _, err := decodeCase(append(b, 0)); err == nil {
		t.Fatal("decoded a record with trailing bytes")
	}
}

// FuzzDecodeCase: no input may panic a decoder, and whatever decodes must
// re-encode to a record that decodes the same.
func FuzzDecodeCase(f *testing.F) {
	c := benchCase()
	f.Add(encodeCase(nil, &c))
	f.Add([]byte{caseCodecV1})
	c.Team, c.Handoffs = "billing", 2
	f.Add(encodeCase(nil, &c))
	f.Fuzz(func(t *testing.T, b []byte) {
		decodeSummary(b, map[string]string{})
		decodeCustomer(b)
		decodeEvent(1, b)
		decodeTag(b)
		decodeReply(b)
		decodeTagChange(b)
		decodeSLA(b)
		c, err := decodeCase(b)
		if err != nil {
			return
		}
		again, err := decodeCase(encodeCase(nil, &c))
		if err != nil || !reflect.DeepEqual(again, c) {
			t.Fatalf("re-encode: %v\n%+v\n%+v", err, again, c)
		}
	})
}

// A case without team fields is written exactly as before teams, so a
// desk without teams keeps its records (and its import speed) as they were.
func TestCaseWithoutTeamIsWrittenAsV1(t *testing.T) {
	c := benchCase()
	if b := encodeCase(nil, &c); b[0] != caseCodecV1 {
		t.Fatalf("codec version %d", b[0])
	}
	c.Team = "billing"
	if b := encodeCase(nil, &c); b[0] != caseCodecV2 {
		t.Fatalf("a teamed case is written as version %d", b[0])
	}
}
