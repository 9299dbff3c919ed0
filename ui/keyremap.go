package ui

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unicode"

	"github.com/charmbracelet/bubbles/key"
)

// KeyRemap is the config's [keys]: an action's name (a key map field in
// kebab case: claim, next-view, follow-up) → the key that does it instead
// of the built-in one. It is applied to every key map that has the action,
// so help (?) shows the keys as configured.

// keyScope is one key map an action can live in; every pane's keys are
// checked together with the global ones, which the root reads first.
type keyScope struct {
	name string
	keys any // a pointer to a struct of key.Binding fields
}

func keyScopes() []keyScope {
	g, q, c, h, t := NewGlobalKeys(), newQueueKeys(), newCaseKeys(), newHeatmapKeys(), newTaxonomyKeys()
	return []keyScope{{"everywhere", &g}, {"queue", &q}, {"case pane", &c}, {"heatmap", &h}, {"tags pane", &t}}
}

// actionName is a key map field's action name: NextView → next-view.
func actionName(field string) string {
	var b strings.Builder
	for i, r := range field {
		if unicode.IsUpper(r) && i > 0 {
			b.WriteByte('-')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// eachBinding calls fn with every key.Binding field of the struct keys
// points to, and its action name.
func eachBinding(keys any, fn func(action string, b *key.Binding)) {
	v := reflect.ValueOf(keys).Elem()
	for i := range v.NumField() {
		if b, ok := v.Field(i).Addr().Interface().(*key.Binding); ok {
			fn(actionName(v.Type().Field(i).Name), b)
		}
	}
}

// applyKeys rebinds the actions of keys that remap names.
func applyKeys(keys any, remap map[string]string) {
	if len(remap) == 0 {
		return
	}
	eachBinding(keys, func(action string, b *key.Binding) {
		if k, ok := remap[action]; ok {
			pressed, _ := pressedAs(k)
			b.SetKeys(pressed)
			b.SetHelp(k, b.Help().Desc)
		}
	})
}

// CheckKeys checks [keys] before the app starts: every action must exist,
// ctrl+c stays quit-now, and a new key must not do something else where
// the action lives. It returns the first bad action (in name order) and
// what is wrong with it, or "" when all is well.
func CheckKeys(remap map[string]string) (action, msg string) {
	names := make([]string, 0, len(remap))
	for a := range remap {
		names = append(names, a)
	}
	slices.Sort(names)
	scopes := keyScopes()
	for _, s := range scopes {
		applyKeys(s.keys, remap)
	}
	global := scopes[0]
	for _, a := range names {
		k := strings.TrimSpace(remap[a])
		if a == "force-quit" {
			return a, "ctrl+c always quits: it cannot be remapped"
		}
		pressed, ok := pressedAs(k)
		if !ok || k != remap[a] {
			return a, fmt.Sprintf("%q is not a key Bubble Tea reports: %s", remap[a], keyNameHint(k))
		}
		found := false
		for _, s := range scopes {
			var clash string
			eachBinding(s.keys, func(name string, b *key.Binding) {
				if name != a {
					return
				}
				found = true
				clash = clashWith(a, k, pressed, s, global)
			})
			if clash != "" {
				return a, clash
			}
		}
		if !found {
			return a, "no such action (" + strings.Join(knownActions(), ", ") + ")"
		}
	}
	return "", ""
}

// clashWith names another action bound to k where action a lives: in the
// same key map, or a global key a pane's action would never see. name is
// k as the config writes it ("space" for " ").
func clashWith(a, name, k string, s, global keyScope) string {
	var other, where string
	look := func(sc keyScope) {
		eachBinding(sc.keys, func(name string, b *key.Binding) {
			if other == "" && name != a && slices.Contains(b.Keys(), k) {
				other, where = name, sc.name
			}
		})
	}
	look(s)
	if other == "" && s.name != global.name {
		look(global)
	}
	if other == "" {
		return ""
	}
	return fmt.Sprintf("%q is already %s (%s): give one of them another key", name, other, where)
}

func knownActions() []string {
	var out []string
	for _, s := range keyScopes() {
		eachBinding(s.keys, func(name string, _ *key.Binding) {
			if name != "force-quit" && !slices.Contains(out, name) {
				out = append(out, name)
			}
		})
	}
	slices.Sort(out)
	return out
}

// remapped is k with the config's keys applied, for a pane's constructor.
func remapped[T any](k T, e *env) T {
	applyKeys(&k, e.keyRemap)
	return k
}
