package store

import (
	"time"

	"github.com/caredesk/caredesk/model"
)

// futureSlack is how far ahead of the desk's clock a creation time may be
// before it is worth a warning: clocks of the machines that wrote a file
// differ by seconds, a typo'd date by days or years.
const futureSlack = time.Minute

// rowWarnings are what an import keeps of row r (normalised as c) but
// says, with file:line, that it would not take from an agent: a tag that
// is not area/issue (the tag picker refuses such a new tag, so it has no
// place in the taxonomy's areas), and a creation time in the future (the
// queue would count the case's age from a time that has not come), and a
// retired tag. A retired tag is kept, as the other tags are: the file is
// the source's record of the case (dropping it would lose what the source
// says and flip the case on every re-import), and a lead who retired it
// can merge it into its replacement in the tags pane; the warning says
// the feed still sends it.
func rowWarnings(w *wtx, r *model.ImportRow, c *model.Case) ([]string, error) {
	var out []string
	for _, t := range c.Tags {
		retired, err := w.isRetired(t)
		if err != nil {
			return nil, err
		}
		if retired {
			out = append(out, model.ErrorMessage(rowError(r, "case %s: tag %s is retired: kept, as the source has it; merge it into its replacement in the tags pane, or fix the feed",
				c.ExternalID, t)))
		}
		if model.CheckNewTag(t) != nil {
			out = append(out, model.ErrorMessage(rowError(r, "case %s: tag %q is not area/issue (like delivery/late), which an agent could not create: kept; rename it in the tags pane",
				c.ExternalID, t)))
		}
	}
	if ahead := c.CreatedAt.Sub(w.now); ahead > futureSlack {
		out = append(out, model.ErrorMessage(rowError(r, "case %s: created %s is %s in the future: kept as given",
			c.ExternalID, c.CreatedAt.UTC().Format(time.RFC3339), model.FormatAge(ahead))))
	}
	return out, nil
}

// isRetired reads whether tag is retired, once per write.
func (w *wtx) isRetired(tag string) (bool, error) {
	if r, ok := w.tagRetired[tag]; ok {
		return r, nil
	}
	rec, err := w.tagRecord(tag)
	if err != nil {
		return false, err
	}
	if w.tagRetired == nil {
		w.tagRetired = map[string]bool{}
	}
	w.tagRetired[tag] = rec.Retired
	return rec.Retired, nil
}
