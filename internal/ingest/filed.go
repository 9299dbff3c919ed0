package ingest

import (
	"fmt"

	"github.com/caredesk/caredesk/model"
)

// filedTags gathers an import's row tags that a lead renamed or merged
// (the store files them under their names now), to tell once per old
// tag: a feed still sending one name sends it on thousands of rows, and a
// warning per row (2,129 lines for one import) drowned the rejected rows
// and the other warnings of the run.
type filedTags struct {
	order []string // old names, in the order first seen
	by    map[string]*filedTag
}

type filedTag struct {
	first model.TagFiled
	rows  int
}

func (f *filedTags) add(fs []model.TagFiled) {
	for _, t := range fs {
		if f.by == nil {
			f.by = map[string]*filedTag{}
		}
		if g := f.by[t.From]; g != nil {
			g.rows++
			continue
		}
		f.by[t.From] = &filedTag{first: t, rows: 1}
		f.order = append(f.order, t.From)
	}
}

// tell writes one warning per old tag: its rows, the first one's line,
// and its name now.
func (f *filedTags) tell(warn func(string)) {
	if warn == nil {
		return
	}
	for _, from := range f.order {
		g := f.by[from]
		rows := fmt.Sprintf("%d rows, the first at line %d", g.rows, g.first.Line)
		if g.rows == 1 {
			rows = fmt.Sprintf("1 row, line %d", g.first.Line)
		}
		warn(fmt.Sprintf("import %s: tag %s (%s) was renamed to %s: filed under %s; fix the feed",
			g.first.Source, from, rows, g.first.To, g.first.To))
	}
	f.order, f.by = nil, nil
}
