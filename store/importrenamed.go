package store

import (
	"slices"

	"github.com/caredesk/caredesk/model"
)

// renamedTags files a row's tags that a lead renamed or merged (the tags
// pane, RenameTag, RenameArea) under their names now, and says which
// (model.ImportResult.Filed, told once per tag by the importer: the feed
// still sends the old name): taken as written, the next import brought
// the old tag back beside the new one and split the issue in two on the
// heatmap. A name that is a tag again (a record of its own) is that tag.
func renamedTags(w *wtx, r *model.ImportRow, c *model.Case) ([]model.TagFiled, error) {
	var filed []model.TagFiled
	for i, t := range c.Tags {
		to, err := w.renamedTo(t)
		if err != nil {
			return nil, err
		}
		if to == "" {
			continue
		}
		c.Tags[i] = to
		filed = append(filed, model.TagFiled{Source: r.Source, Line: r.Line, From: t, To: to})
	}
	if filed != nil {
		slices.Sort(c.Tags)
		c.Tags = slices.Compact(c.Tags)
	}
	return filed, nil
}

// renamedTo is the tag that tag became through the taxonomy's renames and
// merges, "" when tag is one now or was never renamed; read once per
// write.
func (w *wtx) renamedTo(tag string) (string, error) {
	if to, ok := w.tagRenamed[tag]; ok {
		return to, nil
	}
	if w.tagRenamed == nil {
		w.tagRenamed = map[string]string{}
	}
	to := ""
	if w.get(bucketTags, []byte(tag)) == nil {
		renames, err := w.tagRenames()
		if err != nil {
			return "", err
		}
		// Follow later renames of the new name; the log is finite, and a
		// cycle ends at a tag that has a record again.
		for cur, n := tag, 0; n <= len(renames); n++ {
			next, ok := renames[cur]
			if !ok {
				break
			}
			if w.get(bucketTags, []byte(next)) != nil {
				to = next
				break
			}
			cur = next
		}
	}
	w.tagRenamed[tag] = to
	return to, nil
}

// tagRenames maps each renamed or merged tag to its latest new name, from
// the taxonomy's history (a handful of records), once per write.
func (w *wtx) tagRenames() (map[string]string, error) {
	if w.renames != nil {
		return w.renames, nil
	}
	w.renames = map[string]string{}
	err := w.bucket(bucketTagChanges).ForEach(func(k, v []byte) error {
		tc, err := decodeTagChange(v)
		if err != nil {
			return w.db.corrupt("tag change", k, err)
		}
		if tc.Kind == "rename" || tc.Kind == "merge" {
			w.renames[tc.From] = tc.To
		}
		return nil
	})
	return w.renames, err
}
