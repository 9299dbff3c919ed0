package ui

import (
	"io"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// readOnlyRules is every method of model.CaseService outside CaseReader,
// with whether an app opened read-only may call it. A method added to the
// service without a row here fails TestReadOnlyCoversEveryWrite.
var readOnlyRules = map[string]struct {
	allowed bool
	call    func(s model.CaseService) error
}{
	"Act": {false, func(s model.CaseService) error {
		_, err := s.Act(1, 0, "ana", model.AddTag{Tag: "billing/refund"})
		return err
	}},
	"MayAct": {false, func(s model.CaseService) error {
		return s.MayAct(model.Case{ID: 1}, "ana", model.AddNote{Text: "x"})
	}},
	"Import": {false, func(s model.CaseService) error {
		_, err := s.Import([]model.ImportRow{{Case: model.Case{ExternalID: "X-1", CreatedAt: time.Now()}}})
		return err
	}},
	"RenameTag":   {false, func(s model.CaseService) error { _, err := s.RenameTag("a/b", "a/c", "ana"); return err }},
	"RenameArea":  {false, func(s model.CaseService) error { _, _, err := s.RenameArea("a", "b", "ana"); return err }},
	"SetTagLabel": {false, func(s model.CaseService) error { return s.SetTagLabel("a/b", "A b", "ana") }},
	"RetireTag":   {false, func(s model.CaseService) error { return s.RetireTag("a/b", true, "ana") }},
	"SaveReply":   {false, func(s model.CaseService) error { _, err := s.SaveReply(model.Reply{Name: "x", Text: "y"}); return err }},
	"DeleteReply": {false, func(s model.CaseService) error { return s.DeleteReply(1) }},
	"SetAway":     {false, func(s model.CaseService) error { return s.SetAway("ana", true) }},
	"Backup":      {true, func(s model.CaseService) error { _, err := s.Backup(io.Discard); return err }},
	"Subscribe": {true, func(s model.CaseService) error {
		_, stop := s.Subscribe()
		stop()
		return nil
	}},
}

func TestReadOnlyCoversEveryWrite(t *testing.T) {
	reads := map[string]bool{}
	rt := reflect.TypeFor[model.CaseReader]()
	for i := range rt.NumMethod() {
		reads[rt.Method(i).Name] = true
	}
	var got, listed []string
	st := reflect.TypeFor[model.CaseService]()
	for i := range st.NumMethod() {
		if n := st.Method(i).Name; !reads[n] {
			got = append(got, n)
		}
	}
	for m := range readOnlyRules {
		listed = append(listed, m)
	}
	sort.Strings(got)
	sort.Strings(listed)
	if !slices.Equal(got, listed) {
		t.Fatalf("model.CaseService's methods outside CaseReader are %v; readOnlyRules lists %v: decide each in readOnlyService and list it here", got, listed)
	}
}

// An app opened read-only over a writable service refuses every write
// with the read-only message and still reads and follows the store.
func TestReadOnlyRefusesEveryWrite(t *testing.T) {
	for method, rule := range readOnlyRules {
		mem := newMemService(time.Now)
		mem.add(model.Case{CreatedAt: time.Now(), Subject: "x"}, model.Customer{Name: "Lee"})
		ro := newRoot(mem, Options{Agent: "ana", ReadOnly: true}).e.svc
		if !ro.ReadOnly() {
			t.Fatal("the read-only app's service says it writes")
		}
		err := rule.call(ro)
		refused := err != nil && model.ErrorCode(err) == model.EDENIED && strings.Contains(err.Error(), "read-only")
		if refused == rule.allowed {
			t.Errorf("%s on a read-only app: %v, allowed %v", method, err, rule.allowed)
		}
		if !rule.allowed && mem.acts != 0 {
			t.Errorf("%s on a read-only app reached the service", method)
		}
	}
}
