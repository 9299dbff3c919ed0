package model

import (
	"reflect"
	"testing"
	"time"
	"unicode/utf8"
)

// Seeds beyond these live in testdata/fuzz/<Name>/.

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"tag:billing/ -status:closed @me refund", `customer:"ana lópez" is:overdue`, `"tag:x" \"`} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuery(s)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("ParseQuery(%q) error code %q", s, ErrorCode(err))
			}
			return
		}
		out := q.String()
		q2, err := ParseQuery(out)
		if err != nil {
			t.Fatalf("ParseQuery(%q) → %q, which does not parse: %v", s, out, err)
		}
		if !reflect.DeepEqual(q, q2) {
			t.Fatalf("round trip of %q via %q:\n got %#v\nwant %#v", s, out, q2, q)
		}
		if out2 := q2.String(); out2 != out {
			t.Fatalf("String not stable: %q then %q", out, out2)
		}
		q.Match(Summary{Tags: []string{"billing/x"}, CreatedAt: now}, Customer{Name: s}, now, "ana", DefaultSLA)
	})
}

func FuzzParseFollowUp(f *testing.F) {
	for _, s := range []string{"tomorrow 9:00", "+2d", "fri 5pm", "2026-12-01 14:00", "9:00", "none"} {
		f.Add(s)
	}
	loc := time.FixedZone("X", -3*3600-30*60)
	now := time.Date(2026, 11, 24, 12, 34, 56, 0, loc)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseFollowUp(s, now, loc)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("ParseFollowUp(%q) error code %q", s, ErrorCode(err))
			}
			return
		}
		if got.IsZero() {
			return
		}
		if got.Location() != time.UTC {
			t.Fatalf("ParseFollowUp(%q) = %v, not UTC", s, got)
		}
		if y := got.Year(); y < 1 || y > 9999 {
			t.Fatalf("ParseFollowUp(%q) = %v, out of range", s, got)
		}
	})
}

func FuzzNormalizeTag(f *testing.F) {
	for _, s := range []string{"Billing / Double Charge", "a//b", "İstanbul/ÇAY", "\u202e/x", "billing/x\x1b[31m", "a/\x1b]8;;u\x07b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := NormalizeTag(s)
		if err != nil {
			return
		}
		if !utf8.ValidString(n) || len(n) > MaxTagLen || n == "" {
			t.Fatalf("NormalizeTag(%q) = %q", s, n)
		}
		n2, err := NormalizeTag(n)
		if err != nil || n2 != n {
			t.Fatalf("not idempotent: %q → %q → %q, %v", s, n, n2, err)
		}
		if !TagMatches(n, TagArea(n)) {
			t.Fatalf("%q does not match its own area %q", n, TagArea(n))
		}
	})
}
