package model

import (
	"reflect"
	"strings"
	"testing"
)

func TestCaseHelpers(t *testing.T) {
	c := Case{ID: 3, ExternalID: "X-3", Tags: []string{"billing/refund", "delivery/late"},
		Fields: []Field{{"order_id", "A1"}, {"plan", "pro"}}, Recovery: Recovery{Kind: "refund"}}
	tests := []struct {
		tag  string
		want bool
	}{{"billing/refund", true}, {"delivery/late", true}, {"billing", false}, {"", false}}
	for _, tt := range tests {
		if c.HasTag(tt.tag) != tt.want {
			t.Errorf("HasTag(%q) = %v", tt.tag, !tt.want)
		}
	}
	if v, ok := c.Field("plan"); !ok || v != "pro" {
		t.Errorf("Field(plan) = %q, %v", v, ok)
	}
	if _, ok := c.Field("missing"); ok {
		t.Error("Field(missing) found")
	}
	cl := c.Clone()
	cl.Tags[0], cl.Fields[0].Value = "changed", "changed"
	if c.Tags[0] != "billing/refund" || c.Fields[0].Value != "A1" {
		t.Error("Clone shares slices with the original")
	}
	s := c.Summary()
	if s.ID != c.ID || s.ExternalID != c.ExternalID || !reflect.DeepEqual(s.Tags, c.Tags) {
		t.Errorf("Summary = %+v", s)
	}
	if (Recovery{}).IsZero() != true || (Recovery{Text: "x"}).IsZero() || c.Recovery.IsZero() {
		t.Error("Recovery.IsZero")
	}
}

func TestImportResultAdd(t *testing.T) {
	got := ImportResult{1, 2, 3, []string{"a"}, []RowReject{{Line: 4}}, nil}.Add(ImportResult{10, 20, 30, []string{"b"}, []RowReject{{Line: 5}}, []TagFiled{{Line: 6}}})
	if got.Imported != 11 || got.Updated != 22 || got.Unchanged != 33 || strings.Join(got.Warnings, ",") != "a,b" ||
		len(got.Rejects) != 2 || got.Rejects[1].Line != 5 || len(got.Filed) != 1 || got.Filed[0].Line != 6 {
		t.Errorf("Add = %+v", got)
	}
}
