package store

import (
	"strconv"
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
// the feed still sends it. And a text far longer than a person writes (a
// form's dump, a hostile row): kept whole, but worth a look.
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
	for _, f := range longTexts(c) {
		out = append(out, model.ErrorMessage(rowError(r, "case %s: the %s is %.1f MB, far past what a person writes: kept whole; a screen shows its first 64 KB ("+ExportHint+")",
			c.ExternalID, f.what, float64(f.size)/1e6)))
	}
	if ahead := c.CreatedAt.Sub(w.now); ahead > futureSlack {
		out = append(out, model.ErrorMessage(rowError(r, "case %s: created %s is %s in the future: kept as given",
			c.ExternalID, c.CreatedAt.UTC().Format(time.RFC3339), model.FormatAge(ahead))))
	}
	return out, nil
}

// ExportHint is how a long text's warning says to get it whole on the
// local app; a team server, which has no :export, words its own.
const ExportHint = ":export FILE there writes it whole"

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

// longText is how long a subject, description or extra field may be
// before an import says so: a long complaint is a few KB; the tester's
// 30 MB description cost each screen that opened it seconds before screens
// showed only its start.
const longText = 1 << 20

type textSize struct {
	what string
	size int
}

// longTexts lists c's texts longer than longText.
func longTexts(c *model.Case) []textSize {
	var out []textSize
	if len(c.Subject) > longText {
		out = append(out, textSize{"subject", len(c.Subject)})
	}
	if len(c.Body) > longText {
		out = append(out, textSize{"description", len(c.Body)})
	}
	for _, f := range c.Fields {
		if len(f.Value) > longText {
			out = append(out, textSize{"field " + strconv.Quote(f.Key), len(f.Value)})
		}
	}
	return out
}
