package store

import "github.com/caredesk/caredesk/model"

// rowWarnings are what an import keeps of row r (normalised as c) but
// says, with file:line, that it would not take from an agent: a tag that
// is not area/issue (the tag picker refuses such a new tag, so it has no
// place in the taxonomy's areas).
func rowWarnings(w *wtx, r *model.ImportRow, c *model.Case) []string {
	var out []string
	for _, t := range c.Tags {
		if model.CheckNewTag(t) != nil {
			out = append(out, model.ErrorMessage(rowError(r, "case %s: tag %q is not area/issue (like delivery/late), which an agent could not create: kept; rename it in the tags pane",
				c.ExternalID, t)))
		}
	}
	return out
}
