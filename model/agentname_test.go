package model

import (
	"testing"
	"time"
	"unicode"
)

// Real names are agents' names; look-alikes of another name, bidi and
// control characters are not (a new-user finding: "zoë" was refused by a
// message that said letters were allowed).
func TestAgentName(t *testing.T) {
	for in, want := range map[string]string{
		"bo": "bo", "Zoë": "Zoë", "Zoe\u0308": "Zoë", "Søren": "Søren", "Łukasz": "Łukasz",
		"Nguyễn": "Nguyễn", "jean-luc.o_brien": "jean-luc.o_brien", "Işıl": "Işıl", "ana2": "ana2",
	} {
		if got, ok := AgentName(in); !ok || got != want {
			t.Errorf("AgentName(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{
		"", "b o", "b@d", "-bo", ".bo", "\u0430na", "ａna", "ǀana", "ana\u202e", "an\u200ba", "a\x1b[2Jb",
		"bo\u0338", "\u0301bo", "ανα", "иван", "bo٣", "ana/..", "ﬁn", "ſam", "abcdefghijklmnopqrstuvwxyz1234567",
	} {
		if got, ok := AgentName(in); ok {
			t.Errorf("AgentName(%q) took %q", in, got)
		}
	}
}

func FuzzAgentName(f *testing.F) {
	for _, s := range []string{"Zoë", "Zoe\u0308", "ana\u202e", "ǀ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := AgentName(s)
		if !ok {
			return
		}
		if again, ok := AgentName(n); !ok || again != n {
			t.Fatalf("AgentName(%q) = %q, then %q %v", s, n, again, ok)
		}
		for _, r := range n {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != '_' && r != '-' {
				t.Fatalf("AgentName(%q) kept %U", s, r)
			}
		}
	})
}

// @zoë finds Zoë's cases, typed composed or not.
func TestAssigneeFilterTakesTheNameNFC(t *testing.T) {
	for _, typed := range []string{"@Zoë", "@zoe\u0308", "assignee:ZOË"} {
		q, err := ParseQuery(typed)
		if err != nil {
			t.Fatal(err)
		}
		if !q.Match(Summary{Assignee: "Zoë"}, Customer{}, time.Now(), "", DefaultSLA) {
			t.Errorf("%q does not find Zoë's case", typed)
		}
	}
}
