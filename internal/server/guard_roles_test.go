package server

import (
	"io"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/caredesk/caredesk/model"
)

// guardRules is every method of model.CaseService outside CaseReader, with
// the roles that may call it through a session's guard ("removed" is an
// agent taken off the agents file). A method added to the service without
// a row here fails TestGuardRulesCoverEveryWrite.
var guardRules = map[string]struct {
	may  []string
	call func(g *guard, f *guardFixture) error
}{
	"Act": {[]string{"lead", "agent"}, func(g *guard, _ *guardFixture) error {
		_, err := g.Act(1, 0, "", model.AddTag{Tag: "billing/refund"})
		return err
	}},
	// Not a write: the same answer Act would give, asked before typing.
	"MayAct": {[]string{"lead", "agent"}, func(g *guard, f *guardFixture) error {
		c, err := f.db.Case(1)
		if err != nil {
			return err
		}
		return g.MayAct(c, "", model.AddTag{Tag: "billing/refund"})
	}},
	"Import": {[]string{"lead"}, func(g *guard, _ *guardFixture) error {
		_, err := g.Import(testRows(100, 1, "new"))
		return err
	}},
	"RenameTag": {[]string{"lead"}, func(g *guard, _ *guardFixture) error {
		_, err := g.RenameTag("account/login", "account/sign-in", "")
		return err
	}},
	"RenameArea": {[]string{"lead"}, func(g *guard, _ *guardFixture) error {
		_, _, err := g.RenameArea("account", "login", "")
		return err
	}},
	"SetTagLabel": {[]string{"lead"}, func(g *guard, _ *guardFixture) error {
		return g.SetTagLabel("account/login", "Login problems", "")
	}},
	"RetireTag": {[]string{"lead"}, func(g *guard, _ *guardFixture) error {
		return g.RetireTag("card/declined", true, "")
	}},
	"SaveReply": {[]string{"lead"}, func(g *guard, _ *guardFixture) error {
		_, err := g.SaveReply(model.Reply{Name: "thanks", Text: "Thank you."})
		return err
	}},
	"DeleteReply": {[]string{"lead"}, func(g *guard, f *guardFixture) error {
		r, err := f.db.SaveReply(model.Reply{Name: "old", Text: "Old."})
		if err != nil {
			return err
		}
		return g.DeleteReply(r.ID)
	}},
	// For oneself (the case tested here is a colleague); see TestGuardAwayRule.
	"SetAway": {[]string{"lead"}, func(g *guard, _ *guardFixture) error {
		return g.SetAway("chen", true)
	}},
	"Backup": {[]string{"lead"}, func(g *guard, _ *guardFixture) error {
		_, err := g.Backup(io.Discard)
		return err
	}},
	// Not a write, but not a read every wrapper passes on blindly either:
	// an agent taken off the desk gets no more notices.
	"Subscribe": {[]string{"lead", "agent"}, func(g *guard, f *guardFixture) error {
		ch, stop := g.Subscribe()
		defer stop()
		if _, err := f.db.Act(2, 0, "x", model.AddNote{Text: "ping"}); err != nil {
			return err
		}
		if _, open := <-ch; !open {
			return model.Errorf(model.EDENIED, "no notices")
		}
		return nil
	}},
}

// writeMethods is model.CaseService's method set less CaseReader's.
func writeMethods() []string {
	reads := map[string]bool{}
	rt := reflect.TypeFor[model.CaseReader]()
	for i := range rt.NumMethod() {
		reads[rt.Method(i).Name] = true
	}
	var out []string
	st := reflect.TypeFor[model.CaseService]()
	for i := range st.NumMethod() {
		if n := st.Method(i).Name; !reads[n] {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

func TestGuardRulesCoverEveryWrite(t *testing.T) {
	var listed []string
	for m := range guardRules {
		listed = append(listed, m)
	}
	sort.Strings(listed)
	if got := writeMethods(); !slices.Equal(got, listed) {
		t.Fatalf("model.CaseService's methods outside CaseReader are %v; guardRules lists %v: decide the rule of each in guard.go and list it here", got, listed)
	}
}

// Every write, called by a lead, an agent and an agent no longer on the
// desk: allowed exactly for the roles its row names, refused with EDENIED
// for the others.
func TestGuardRules(t *testing.T) {
	agents := map[string]string{"lead": "ana", "agent": "bo", "removed": "dee"}
	for _, method := range writeMethods() {
		rule := guardRules[method]
		for _, role := range []string{"lead", "agent", "removed"} {
			f := newGuardFixture(t, 3)
			err := rule.call(f.guard(agents[role]), f)
			switch may := slices.Contains(rule.may, role); {
			case may && err != nil:
				t.Errorf("%s by a %s: %v, want allowed", method, role, err)
			case !may && model.ErrorCode(err) != model.EDENIED:
				t.Errorf("%s by a %s: %v, want refused (EDENIED)", method, role, err)
			}
		}
	}
}

// An import session through the guard keeps Import's rule for every batch:
// a lead's, refused to an agent and to one taken off the desk.
func TestGuardImportSessionRule(t *testing.T) {
	agents := map[string]string{"lead": "ana", "agent": "bo", "removed": "dee"}
	for role, name := range agents {
		f := newGuardFixture(t, 3)
		s := f.guard(name).BeginImport()
		_, err := s.Import(testRows(100, 1, "new"))
		if _, err2 := s.Import(testRows(200, 1, "new")); err == nil {
			err = err2
		}
		s.Close()
		switch {
		case role == "lead" && err != nil:
			t.Errorf("session import by a lead: %v, want allowed", err)
		case role != "lead" && model.ErrorCode(err) != model.EDENIED:
			t.Errorf("session import by a %s: %v, want refused (EDENIED)", role, err)
		}
	}
}
