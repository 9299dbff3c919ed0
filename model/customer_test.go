package model

import (
	"testing"
	"time"
)

func TestIdentityKey(t *testing.T) {
	tests := []struct {
		c    Customer
		want string
	}{
		{Customer{Name: "Ana", Email: " Ana.Lopez@Example.COM ", Phone: "+1 555"}, "e:ana.lopez@example.com"},
		{Customer{Name: "Ana", Phone: "+1 (555) 010-2030"}, "p:15550102030"},
		{Customer{Name: "Ana", Phone: "n/a"}, "n:ana"},
		{Customer{Name: "  Ana   LÓPEZ "}, "n:ana lópez"},
		{Customer{Email: "   ", Phone: "", Name: " "}, ""},
		{Customer{}, ""},
	}
	for _, tt := range tests {
		if got := tt.c.IdentityKey(); got != tt.want {
			t.Errorf("IdentityKey(%+v) = %q, want %q", tt.c, got, tt.want)
		}
	}
	a := Customer{Name: "Ana López", Email: "ana@example.com"}
	b := Customer{Name: "A. Lopez", Email: "ANA@example.com"}
	if a.IdentityKey() != b.IdentityKey() {
		t.Error("the same e-mail must be the same customer")
	}
}

func TestDisplayName(t *testing.T) {
	tests := []struct {
		c    Customer
		want string
	}{
		{Customer{Name: "Ana", Email: "a@x", Phone: "1"}, "Ana"},
		{Customer{Name: "  ", Email: "a@x", Phone: "1"}, "a@x"},
		{Customer{Phone: "555"}, "555"},
		{Customer{}, ""},
	}
	for _, tt := range tests {
		if got := tt.c.DisplayName(); got != tt.want {
			t.Errorf("DisplayName(%+v) = %q", tt.c, got)
		}
	}
}

func TestAtRisk(t *testing.T) {
	d := func(n float64) time.Time { return t0.Add(time.Duration(n * float64(24*time.Hour))) }
	tests := []struct {
		name     string
		contacts []time.Time
		reopened bool
		want     bool
	}{
		{"none", nil, false, false},
		{"one contact", []time.Time{d(0)}, false, false},
		{"reopened alone", nil, true, true},
		{"two the same day", []time.Time{d(0), d(0.1)}, false, true},
		{"two in exactly 30 days", []time.Time{d(0), d(30)}, false, true},
		{"two in 30 days and a second", []time.Time{d(0), d(30).Add(time.Second)}, false, false},
		{"unsorted", []time.Time{d(50), d(0), d(100), d(75)}, false, true},
		{"spread out", []time.Time{d(0), d(31), d(62), d(93)}, false, false},
		{"same instant", []time.Time{d(5), d(5)}, false, true},
	}
	for _, tt := range tests {
		before := append([]time.Time(nil), tt.contacts...)
		if got := AtRisk(tt.contacts, tt.reopened); got != tt.want {
			t.Errorf("%s: AtRisk = %v", tt.name, got)
		}
		for i := range before {
			if !before[i].Equal(tt.contacts[i]) {
				t.Errorf("%s: AtRisk reordered the caller's slice", tt.name)
			}
		}
	}
}

func TestCustomerContradicts(t *testing.T) {
	rita := Customer{Name: "Rita Five", Email: "Rita5@example.com", Phone: "+44 1"}
	for _, c := range []struct {
		o    Customer
		want bool
	}{
		{Customer{Email: "rita5@EXAMPLE.com "}, false},
		{Customer{Name: "Somebody Else", Email: "rita5@example.com"}, false}, // the e-mail decides
		{Customer{Name: "Somebody Else", Email: "else@example.com"}, true},
		{Customer{Name: "rita  five"}, false},
		{Customer{Name: "Rita"}, true},
		{Customer{Phone: "+44 2"}, true},
		{Customer{}, false},
	} {
		if got := rita.Contradicts(c.o); got != c.want {
			t.Errorf("%+v: %v, want %v", c.o, got, c.want)
		}
	}
}
