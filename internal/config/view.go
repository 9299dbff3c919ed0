package config

import (
	"regexp"
	"slices"
	"strings"

	"github.com/caredesk/caredesk/model"
)

// View is one [[view]]: a named search that the queue offers beside its
// built-in views, with its count. On the team server the server's views
// are everyone's, and an [[agent]] section may add the agent's own.
type View struct {
	Name  string `toml:"name"`
	Query string `toml:"query"`
}

func (cfg *Config) checkViews(c *checker) { checkViewList(c, cfg.Views, 0, cfg.Routing()) }

// BuiltinViews are the queue's own views by the names the tab line and
// :view know them (caseindex's views, and a team member's "My team"): a
// [[view]] of one of these names would hide the built-in one from :view.
// A ui test keeps the list equal to the queue's.
var BuiltinViews = []string{"My cases", "mine", "Unassigned", "Open", "Urgent", "Overdue", "Pending",
	"Follow-ups due", "followups", "Resolved", "All", "My team"}

// checkViewList checks views from the from-th on (the ones before are the
// desk's, which an agent's own may not name again). A team: filter must
// name one of r's teams, as in the search: team:biling would count 0 on
// every screen in silence.
func checkViewList(c *checker, views []View, from int, r *model.Routing) {
	seen := map[string]bool{}
	for _, v := range views[:from] {
		seen[strings.ToLower(strings.TrimSpace(v.Name))] = true
	}
	builtin := map[string]bool{}
	for _, b := range BuiltinViews {
		builtin[strings.ToLower(b)] = true
	}
	for i, v := range views[from:] {
		vc := c.nth("view", i)
		before := c.problems()
		name := strings.TrimSpace(v.Name)
		switch {
		case name == "" || len(name) > 30 || strings.ContainsAny(name, "\t\n\r"):
			vc.failf("name", "%q: a view needs a short name", v.Name)
		case seen[strings.ToLower(name)]:
			vc.failf("name", "view %q is defined twice", name)
		case builtin[strings.ToLower(name)]:
			vc.failf("name", "view %q is a built-in view's name: name it apart", name)
		case strings.TrimSpace(v.Query) == "":
			vc.failf("query", "view %q needs a query (as \"tag:billing/refund is:overdue\")", name)
		}
		q, err := model.ParseQuery(v.Query)
		if err == nil {
			err = q.CheckTeams(r)
		}
		if err != nil && c.problems() == before {
			vc.failf("query", "%s", model.ErrorMessage(err))
		}
		seen[strings.ToLower(name)] = true
	}
}

// Theme is [theme]: colours by the name of the app's palette entry
// (accent, muted, ok, warn, bad, …), each "#RRGGBB" for both light and
// dark terminals or "#light/#dark". NO_COLOR still wins.
type Theme map[string]string

var hexColor = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// ThemeColors are the palette names [theme] may set; the app's Theme has
// a field for each.
var ThemeColors = []string{"accent", "muted", "subtle", "text", "urgent", "high", "normal", "low",
	"ok", "warn", "bad", "selected_bg", "marked_fg", "match_fg", "header_bg", "footer_fg", "tag_fg"}

// Colour returns the light and dark colour set for name.
func (t Theme) Colour(name string) (light, dark string, ok bool) {
	v, ok := t[name]
	if !ok {
		return "", "", false
	}
	light, dark, two := strings.Cut(strings.TrimSpace(v), "/")
	if !two {
		dark = light
	}
	return strings.TrimSpace(light), strings.TrimSpace(dark), true
}

func (t *Theme) check(c *checker) {
	names := make([]string, 0, len(*t))
	for name := range *t {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		known := false
		for _, n := range ThemeColors {
			known = known || n == name
		}
		if !known {
			c.failf(name, "unknown colour (%s)", strings.Join(ThemeColors, ", "))
			return
		}
		light, dark, _ := t.Colour(name)
		if !hexColor.MatchString(light) || !hexColor.MatchString(dark) {
			c.failf(name, "%q is not a colour like \"#5A3FC0\" or \"#5A3FC0/#9D8CFF\" (light/dark)", (*t)[name])
			return
		}
	}
}
