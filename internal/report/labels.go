package report

import (
	"strings"

	"github.com/caredesk/caredesk/model"
)

// TagLister is what Build reads tag labels from when its source has them
// (model.CaseService does): one record per tag, O(tags).
type TagLister interface {
	Tags() ([]model.TagInfo, error)
}

// readLabels gives the matrix its tags' readable labels, and an area the
// part its tags' labels share before " / " (the CFPB product), when they
// all agree.
func (m *Matrix) readLabels(src Source) error {
	tl, ok := src.(TagLister)
	if !ok {
		return nil
	}
	tags, err := tl.Tags()
	if err != nil {
		return err
	}
	area := map[string]string{} // "area/" → the shared product; "" when they differ
	for _, t := range tags {
		if t.Label == "" {
			continue
		}
		if m.Labels == nil {
			m.Labels = map[string]string{}
		}
		m.Labels[t.Tag] = t.Label
		product, _, two := strings.Cut(t.Label, " / ")
		key := model.TagArea(t.Tag) + "/"
		if prev, seen := area[key]; !two || (seen && prev != product) {
			area[key] = ""
		} else {
			area[key] = product
		}
	}
	for k, v := range area {
		if v != "" {
			m.Labels[k] = v
		}
	}
	return nil
}

// Label is how a brief names a row: its tag's label when it has one, else
// the tag ("" is untagged).
func (m *Matrix) Label(tag string) string {
	if l := m.Labels[tag]; l != "" {
		return l
	}
	return tag
}
