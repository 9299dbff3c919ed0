package model

import (
	"strings"
	"testing"
)

func TestNormalizeTag(t *testing.T) {
	tests := []struct {
		in, want string
		err      bool
	}{
		{"billing/double-charge", "billing/double-charge", false},
		{"Billing / Double Charge", "billing/double-charge", false},
		{"  DELIVERY//late  ", "delivery/late", false},
		{"/billing/", "billing", false},
		{"a\tb\nc", "a-b-c", false},
		{"x\x00y", "x-y", false},
		{"Ünïcode Täg", "ünïcode-täg", false},
		{"", "", true}, {"  ", "", true}, {"///", "", true}, {" / / ", "", true},
		{"\xff", "", true},
		{strings.Repeat("a", MaxTagLen), strings.Repeat("a", MaxTagLen), false},
		{strings.Repeat("a", MaxTagLen+1), "", true},
		{"billing;refund", "", true},
		{"=billing", "", true}, {" / =x", "", true}, // = starts an exact tag filter
		{"a=b/c", "a=b/c", false},
		// a spreadsheet formula cannot start a tag (OWASP CSV injection)
		{"+cmd", "", true}, {"-x/y", "", true}, {"@sum", "", true}, {" \t=x", "", true},
		{"a+b/-c", "a+b/-c", false},
		// NFKC, and invisible characters dropped: no two tags look alike
		{"ﬁx/ｂｉｌｌｉｎｇ", "fix/billing", false},
		{"bill\u200bing/re\u202efund", "billing/refund", false},
		{"\u2066billing\u2069/late", "billing/late", false},
		{"cafe\u0301/x", "café/x", false},
		{"\u200b", "", true},
		{"\ufeff=x", "", true},
		// an escape sequence goes whole, not just its ESC (a tag typed or
		// imported with colours became "billing/x-[31m")
		{"billing/x\x1b[31m", "billing/x", false},
		{"Billing/\x1b[1;31mLate\x1b[0m Delivery", "billing/late-delivery", false},
		{"a/\x1b]8;;https://evil.example\x07link\x1b]8;;\x07", "a/link", false},
		{"a/\x1b]0;title\x1b\\b", "a/b", false},
		{"\x1b[31m", "", true},
	}
	for _, tt := range tests {
		got, err := NormalizeTag(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("NormalizeTag(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
		if err != nil && ErrorCode(err) != EINVALID {
			t.Errorf("NormalizeTag(%q) code %q", tt.in, ErrorCode(err))
		}
		if err == nil {
			if again, _ := NormalizeTag(got); again != got {
				t.Errorf("NormalizeTag not idempotent on %q: %q", got, again)
			}
		}
	}
}

func TestTagAreaIssue(t *testing.T) {
	tests := []struct{ tag, area, issue string }{
		{"billing/double-charge", "billing", "double-charge"},
		{"billing", "billing", ""},
		{"a/b/c", "a", "b/c"},
		{"", "", ""},
	}
	for _, tt := range tests {
		if a, i := TagArea(tt.tag), TagIssue(tt.tag); a != tt.area || i != tt.issue {
			t.Errorf("%q: area %q issue %q", tt.tag, a, i)
		}
	}
}

func TestTagMatches(t *testing.T) {
	tests := []struct {
		tag, filter string
		want        bool
	}{
		{"billing/double-charge", "billing/double-charge", true},
		{"billing/double-charge", "billing", true},
		{"billing/double-charge", "billing/", true},
		{"billing", "billing/", true},
		{"billing", "billing", true},
		{"billing-extra/x", "billing", false},
		{"billingx", "billing", false},
		{"billing/double-charge", "billing/double", false},
		{"billing/double-charge/x", "billing/double-charge", true},
		{"delivery/late", "billing/", false},
		{"billing", "billing/double-charge", false},
	}
	for _, tt := range tests {
		if got := TagMatches(tt.tag, tt.filter); got != tt.want {
			t.Errorf("TagMatches(%q, %q) = %v", tt.tag, tt.filter, got)
		}
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Credit reporting, credit repair services, or other personal consumer reports",
			"credit-reporting-credit-repair-services-or-other-personal-consumer-reports"},
		{"Checking or savings account", "checking-or-savings-account"},
		{"  --Hello,  World!--  ", "hello-world"},
		{"Money transfer, virtual currency, or money service", "money-transfer-virtual-currency-or-money-service"},
		{"Débito 2x", "débito-2x"},
		{"", ""}, {"!!!", ""}, {"a", "a"},
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := Slug(tt.in); Slug(got) != got {
			t.Errorf("Slug not idempotent on %q", got)
		}
	}
}
