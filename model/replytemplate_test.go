package model

import "testing"

func TestExpandReply(t *testing.T) {
	vars := map[string]string{"customer": "Ana López", "case": "DEMO-000123", "agent": "bo"}
	tests := []struct{ in, want string }{
		{"", ""},
		{"no placeholders", "no placeholders"},
		{"Hi {{customer}},", "Hi Ana López,"},
		{"Hi {{ customer }}, about {{case}} — {{agent}}", "Hi Ana López, about DEMO-000123 — bo"},
		{"{{Customer}} {{AGENT}}", "Ana López bo"},
		{"{{unknown}} stays, {{ case }} goes", "{{unknown}} stays, DEMO-000123 goes"},
		{"{{customer", "{{customer"},
		{"customer}}", "customer}}"},
		{"{{}}", "{{}}"},
		{"{{ {{agent}}", "{{ bo"},
		{"{{{{agent}}}}", "{{bo}}"},
		{"{{agent}}{{agent}}", "bobo"},
		{"a {{agent}} b {{x", "a bo b {{x"},
	}
	for _, tt := range tests {
		if got := ExpandReply(tt.in, vars); got != tt.want {
			t.Errorf("ExpandReply(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// One pass: a value holding a placeholder is not expanded again.
	if got := ExpandReply("{{customer}}", map[string]string{"customer": "{{agent}}", "agent": "bo"}); got != "{{agent}}" {
		t.Errorf("values were expanded: %q", got)
	}
	if got := ExpandReply("Hi {{customer}}", nil); got != "Hi {{customer}}" {
		t.Errorf("nil vars: %q", got)
	}
}
