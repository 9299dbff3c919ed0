package model

import "strings"

// CheckTeams refuses a team: filter that names none of the desk's teams,
// naming them, as the other keys name their values: on a desk whose config
// lists its teams, team:nosuch would otherwise find nothing in silence. A
// desk with no teams (r nil) has nothing to check against.
func (q Query) CheckTeams(r *Routing) error {
	if r == nil || len(r.Teams) == 0 {
		return nil
	}
	for _, f := range q.filters {
		if f.Key != "team" || f.Value == "none" {
			continue
		}
		if _, ok := r.Team(f.Value); ok {
			continue
		}
		names := make([]string, 0, len(r.Teams)+1)
		for _, t := range r.Teams {
			names = append(names, t.Name)
		}
		return Errorf(EINVALID, "team:%s: unknown team (%s)", f.Value, strings.Join(append(names, "none"), ", "))
	}
	return nil
}
