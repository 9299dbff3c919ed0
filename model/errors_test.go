package model

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrors(t *testing.T) {
	dom := Errorf(ENOTFOUND, "case %d not found", 7)
	wrapped := fmt.Errorf("open: %w", dom)
	plain := errors.New("disk on fire")
	tests := []struct {
		err       error
		code, msg string
	}{
		{nil, "", ""},
		{dom, ENOTFOUND, "case 7 not found"},
		{wrapped, ENOTFOUND, "case 7 not found"},
		{plain, EINTERNAL, "disk on fire"},
	}
	for _, tt := range tests {
		if c, m := ErrorCode(tt.err), ErrorMessage(tt.err); c != tt.code || m != tt.msg {
			t.Errorf("%v: code %q msg %q", tt.err, c, m)
		}
	}
	if dom.Error() != "case 7 not found" {
		t.Errorf("Error() = %q", dom.Error())
	}
}

func TestEventKindNames(t *testing.T) {
	seen := map[string]bool{}
	for k := EventCreated; k <= EventTagRenamed; k++ {
		name := k.String()
		if name == "event" || seen[name] {
			t.Errorf("kind %d has name %q", k, name)
		}
		seen[name] = true
		if got, ok := ParseEventKind(name); !ok || got != k {
			t.Errorf("ParseEventKind(%q) = %v, %v", name, got, ok)
		}
	}
	if EventKind(0).String() != "event" || EventKind(200).String() != "event" {
		t.Error("unknown kinds should read as event")
	}
	if _, ok := ParseEventKind("exploded"); ok {
		t.Error("ParseEventKind accepted an unknown name")
	}
}
