package store

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/caredesk/caredesk/model"
)

// Import upserts rows by external id, in transactions of a bounded size
// (importchunk.go). A new external id
// creates a case (and finds or creates its customer). A known one is
// compared on its source data only — subject, body, channel, creation time,
// customer and extra fields: when these changed they are overwritten, the
// row's new tags are added and an "imported" event is written; what agents
// own (status, priority, assignee, follow-up, recovery, removed tags) is
// never touched.
// A file of many batches goes faster in one ImportSession.
func (db *DB) Import(rows []model.ImportRow) (model.ImportResult, error) {
	return db.importBatch(&ImportSession{db: db}, rows)
}

// importBatch is one batch of session s, written chunk after chunk, each
// chunk its own transaction. On an error (or the session's stop) it
// returns what the chunks before committed.
func (db *DB) importBatch(s *ImportSession, rows []model.ImportRow) (res model.ImportResult, err error) {
	for done := 0; done < len(rows); {
		if s.stopped() {
			return res, model.ErrImportStopped
		}
		n, r, err := db.importChunk(s, rows[done:], done)
		res = res.Add(r)
		if err != nil {
			return res, err
		}
		done += n
	}
	// A batch of a bulk import touched pages all over the file: release
	// them, or a big import's resident memory grows with the file.
	db.dropMapped()
	return res, nil
}

// importChunk writes the first rows of rows in one transaction, as many as
// the chunk's bounds let it (importchunk.go), and says how many it wrote;
// before is how many rows of the batch the chunks before it wrote.
func (db *DB) importChunk(s *ImportSession, rows []model.ImportRow, before int) (n int, res model.ImportResult, err error) {
	bound := db.importBound()
	err = db.updateAlone("import", func(w *wtx) error {
		n, res = 0, model.ImportResult{}
		chunk := newChunkClock(db, bound)
		size := min(len(rows), bound.rows)
		w.bulk = true
		w.session = s
		w.cases = make([]model.Summary, 0, size)
		w.changed = make(map[model.CaseID]int, size)
		fk := fieldKeySet{w: w}
		for n < len(rows) {
			r, err := importOne(w, &fk, &rows[n])
			if err != nil {
				return err
			}
			res = res.Add(r)
			n++
			if err := w.maybeFlush(); err != nil {
				return err
			}
			if (before+n)%dropEvery == 0 {
				db.dropMapped()
			}
			if chunk.full(n) {
				break
			}
		}
		return nil
	})
	if err != nil {
		return 0, model.ImportResult{}, err
	}
	return n, res, nil
}

// dropEvery is how many rows an import looks up (external ids, customers)
// between releases of the mapped pages (see dropMapped): the lookups land
// all over the file, and the kernel may map a whole large folio of the
// page cache for each, so one 10k-row batch into a million-case file had
// 200 MB mapped by the time it committed.
const dropEvery = 2500

func rowError(r *model.ImportRow, format string, args ...any) error {
	where := r.Source
	if r.Line > 0 {
		where += ":" + strconv.Itoa(r.Line)
	}
	if where != "" {
		where += ": "
	}
	return model.Errorf(model.EINVALID, "import %s"+format, append([]any{where}, args...)...)
}

// normalizeRow checks a row and brings it to the stored form.
func normalizeRow(r *model.ImportRow) (model.Case, error) {
	c := r.Case.Clone()
	c.ExternalID = strings.TrimSpace(c.ExternalID)
	if c.ExternalID == "" {
		return c, rowError(r, "the external id is empty")
	}
	if reason := model.CheckCreated(c.CreatedAt); reason != "" {
		return c, rowError(r, "case %s: %s", c.ExternalID, reason)
	}
	c.CreatedAt = c.CreatedAt.UTC()
	if !c.FollowUp.IsZero() {
		c.FollowUp = c.FollowUp.UTC().Truncate(time.Second)
	}
	if !c.Priority.Valid() {
		c.Priority = model.PriorityNormal
	}
	if !c.Status.Valid() {
		c.Status = model.StatusNew
	}
	if c.Channel == "" {
		c.Channel = model.ChannelOther
	}
	tags, err := normalizeTags(c.Tags)
	if err != nil {
		return c, rowError(r, "case %s: %s", c.ExternalID, model.ErrorMessage(err))
	}
	c.Tags = tags
	if len(c.Tags) > model.MaxTags {
		// csvio rejects such a row first; cutting it here would drop
		// tags in silence.
		return c, rowError(r, "case %s: %d tags, but a case holds at most %d", c.ExternalID, len(c.Tags), model.MaxTags)
	}
	return c, nil
}

// normalizeTags normalises, sorts and dedupes tags. A tag that is not
// one is an error, not a tag dropped in silence (csvio rejects such a row
// first).
func normalizeTags(in []string) ([]string, error) {
	var out []string
	for _, t := range in {
		n, err := model.NormalizeTag(t)
		if err != nil {
			return nil, model.Errorf(model.EINVALID, "bad tag %q: %s", t, model.ErrorMessage(err))
		}
		out = append(out, n)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

func importOne(w *wtx, fk *fieldKeySet, r *model.ImportRow) (res model.ImportResult, err error) {
	var filed []model.TagFiled
	defer func() {
		if err == nil {
			res.Filed = filed
		}
	}()
	c, err := normalizeRow(r)
	if err != nil {
		return model.ImportResult{}, err
	}
	if len(w.db.sla.Teams) > 0 {
		c.Team = strings.ToLower(c.Team) // the config's names are lower case
	}
	if reject := unknownTeam(w.db.sla, c.Team); reject != "" {
		return rejectRow(r, "case %s: %s", model.OneLine(c.ExternalID), reject), nil
	}
	emailWarning := customerEmail(r, c.ExternalID)
	id := findExternal(w, c.ExternalID)
	if id != 0 && w.session.written.Contains(uint64(id)) {
		return rejectRow(r, "external_id %s is on an earlier row of this file too: this row is left out, the first one stands", model.OneLine(c.ExternalID)), nil
	}
	var old model.Case
	if id != 0 {
		if old, err = findCase(w.db, w, id); err != nil {
			return model.ImportResult{}, err
		}
		if reject, err := otherCustomer(w, &old, r); reject != "" || err != nil {
			return rejectRow(r, "%s", reject), err
		}
	}
	fk.add(c.Fields)
	if err := w.importLabels(r, c.Tags); err != nil {
		return model.ImportResult{}, err
	}
	if filed, err = renamedTags(w, r, &c); err != nil {
		return model.ImportResult{}, err
	}
	warnings, err := rowWarnings(w, r, &c)
	if err != nil {
		return model.ImportResult{}, err
	}
	if emailWarning != "" {
		warnings = append([]string{emailWarning}, warnings...)
	}
	if id != 0 {
		w.session.written.Add(uint64(id))
		res, err = updateFromSource(w, old, &c, r)
		res.Warnings = append(warnings, res.Warnings...)
		return res, err
	}
	seq, err := w.bucket(bucketCases).NextSequence()
	if err != nil {
		return model.ImportResult{}, err
	}
	c.ID = model.CaseID(seq)
	w.session.written.Add(seq)
	if c.CustomerID, err = w.customerFor(r.Customer, c.CreatedAt); err != nil {
		return model.ImportResult{}, err
	}
	c.Version = importedVersion(r, &c, &warnings)
	c.UpdatedAt = importedUpdatedAt(&c, r.Events)
	c.FirstReply = importedFirstReply(r)
	route := w.routeCase(&c)
	w.writeCase(nil, &c)
	if err := w.importMail(c.ID, r.Mail); err != nil {
		return model.ImportResult{}, err
	}
	// A row without history gets its created event when read (timeline.go),
	// and its route from the write's one record (importroutes.go).
	evs := storedEvents(r.Events, c.CreatedAt)
	if len(evs) == 0 {
		if route != "" {
			w.keepImportRoute(c.ID, importAuthor, route)
		}
		return model.ImportResult{Imported: 1, Warnings: warnings}, nil
	}
	evs = slices.Clone(evs)
	for i := range evs {
		evs[i].CaseID = c.ID
		w.noteImportedTagUse(&evs[i])
	}
	if route != "" {
		evs = append(evs, model.Event{CaseID: c.ID, At: w.now, Author: importAuthor, Kind: model.EventRouted, To: route})
	}
	return model.ImportResult{Imported: 1, Warnings: warnings}, w.appendEvents(evs)
}

// importLabels keeps the labels a row brings for its own tags, to be set at
// flush on tags that have none (a lead's label is never overwritten).
func (w *wtx) importLabels(r *model.ImportRow, tags []string) error {
	for tag, label := range r.TagLabels {
		t, err := model.NormalizeTag(tag)
		if err != nil {
			return rowError(r, "bad tag %q: %s", tag, model.ErrorMessage(err))
		}
		if _, ok := w.tagLabels[t]; ok {
			continue
		}
		if _, on := slices.BinarySearch(tags, t); !on {
			return rowError(r, "a label for tag %s, which the case does not carry", t)
		}
		if label, _ = model.NormalizeTagLabel(label); label == "" {
			continue
		}
		if w.tagLabels == nil {
			w.tagLabels = map[string]string{}
		}
		w.tagLabels[t] = label
	}
	return nil
}

func rejectRow(r *model.ImportRow, format string, args ...any) model.ImportResult {
	return model.ImportResult{Rejects: []model.RowReject{{Source: r.Source, Line: r.Line, Reason: fmt.Sprintf(format, args...)}}}
}

// otherCustomer says why row r, which names existing case c, is left out
// when it names someone else as the case's customer, or "". Applied, it
// would hand the agents' notes, replies and assignment to that person and
// take the case from its customer's history; a help desk's import does not
// change a known ticket's requester (Zendesk, Freshdesk), and a reused
// external id is far likelier than a case that changed hands.
func otherCustomer(w *wtx, c *model.Case, r *model.ImportRow) (string, error) {
	if c.CustomerID == 0 || r.Customer.IdentityKey() == "" || w.sameCustomer(r.Customer, c.CustomerID) {
		return "", nil
	}
	cu, err := findCustomer(w.db, w, c.CustomerID)
	if err != nil || !cu.Contradicts(r.Customer) {
		return "", err
	}
	return fmt.Sprintf("case %s is %s's, this row names %s: left out, the case keeps its customer and its history "+
		"(a different case needs its own external_id)", model.OneLine(c.ExternalID), customerLabel(cu), customerLabel(r.Customer)), nil
}

func customerLabel(cu model.Customer) string {
	return model.FormatAddress(cu.Name, cmp.Or(strings.TrimSpace(cu.Email), cu.Phone))
}

// updateFromSource applies a re-imported row to existing case c; a row
// that names no customer, or one otherCustomer let through, keeps the
// case's customer and tells it what it did not know.
func updateFromSource(w *wtx, c model.Case, src *model.Case, r *model.ImportRow) (model.ImportResult, error) {
	id := c.ID
	if r.OnlyGiven {
		src = keepNotGiven(&c, src, r)
	}
	var what []string
	if c.Subject != src.Subject {
		what = append(what, "subject")
	}
	if c.Body != src.Body {
		what = append(what, "body")
	}
	if c.Channel != src.Channel {
		what = append(what, "channel")
	}
	if !c.CreatedAt.Equal(src.CreatedAt) {
		what = append(what, "created")
	}
	key := r.Customer.IdentityKey()
	newCustomer := key != "" && c.CustomerID == 0
	if newCustomer {
		what = append(what, "customer")
	} else if key != "" && !w.sameCustomer(r.Customer, c.CustomerID) {
		_, learnt, err := w.learnCustomer(c.CustomerID, key, r.Customer, src.CreatedAt)
		if err != nil {
			return model.ImportResult{}, err
		}
		if learnt {
			what = append(what, "customer")
		}
	}
	if !slices.Equal(c.Fields, src.Fields) {
		what = append(what, "fields")
	}
	added, full := newTags(w, &c, src.Tags)
	var warnings []string
	if len(full) > 0 {
		warnings = append(warnings, model.ErrorMessage(rowError(r, "case %s holds %d tags, the most a case may: %s not added",
			c.ExternalID, model.MaxTags, strings.Join(full, ", "))))
	}
	if len(added) > 0 {
		what = append(what, "tags")
	}
	if len(what) == 0 {
		return model.ImportResult{Unchanged: 1, Warnings: warnings}, nil
	}
	old := c.Clone()
	if !c.CreatedAt.Equal(src.CreatedAt) {
		w.keepCreated(id, c.CreatedAt)
	}
	c.Subject, c.Body, c.Channel, c.CreatedAt, c.Fields = src.Subject, src.Body, src.Channel, src.CreatedAt, src.Fields
	if newCustomer {
		var err error
		if c.CustomerID, err = w.customerFor(r.Customer, c.CreatedAt); err != nil {
			return model.ImportResult{}, err
		}
	}
	for _, t := range added {
		i, _ := slices.BinarySearch(c.Tags, t)
		c.Tags = slices.Insert(c.Tags, i, t)
	}
	c.Version++
	c.UpdatedAt = w.now
	w.writeCase(&old, &c)
	ev := model.Event{CaseID: id, At: w.now, Author: importAuthor, Kind: model.EventImported, To: strings.Join(what, ", ")}
	return model.ImportResult{Updated: 1, Warnings: warnings}, w.appendEvents([]model.Event{ev})
}

// keepNotGiven is src with what row r does not give taken from case c:
// the subject, body and channel when the row's are empty, and the extra
// fields the row does not name (those it names take the row's value).
func keepNotGiven(c, src *model.Case, r *model.ImportRow) *model.Case {
	out := *src
	if r.Case.Subject == "" {
		out.Subject = c.Subject
	}
	if r.Case.Body == "" {
		out.Body = c.Body
	}
	if r.Case.Channel == "" {
		out.Channel = c.Channel
	}
	out.Fields = slices.Clone(c.Fields)
	for _, f := range src.Fields {
		i := slices.IndexFunc(out.Fields, func(o model.Field) bool { return o.Key == f.Key })
		if i < 0 {
			out.Fields = append(out.Fields, f)
		} else {
			out.Fields[i].Value = f.Value
		}
	}
	if len(out.Fields) == 0 {
		out.Fields = nil
	}
	return &out
}

// newTags are the row's tags that case c lacks and that no agent has
// taken off it (an agent's removal is their work, which an import never
// undoes), as many as still fit on the case; full are those that did not
// fit. A row whose only news is a tag is an update, not "unchanged": the
// README promises that tags in the file are added.
func newTags(w *wtx, c *model.Case, tags []string) (added, full []string) {
	var out []string
	for _, t := range tags {
		if _, found := slices.BinarySearch(c.Tags, t); !found {
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	removed := removedTags(w, c.ID)
	out = slices.DeleteFunc(out, func(t string) bool { return removed[t] })
	if room := max(model.MaxTags-len(c.Tags), 0); len(out) > room {
		return out[:room], out[room:]
	}
	return out, nil
}

// removedTags are the tags agents took off case id, from its events.
func removedTags(w *wtx, id model.CaseID) map[string]bool {
	removed := map[string]bool{}
	prefix := caseKey(id)
	cur := w.bucket(bucketEvents).Cursor()
	for k, v := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Next() {
		if ev, err := decodeEvent(id, v); err == nil && ev.Kind == model.EventTagRemoved {
			removed[ev.From] = true
		}
	}
	return removed
}

// importedUpdatedAt is when a new imported case was last changed: the
// source's own updated_at when it has one (an export read back), else its
// latest event, else its creation — not the time of the import, which
// would make every imported case look freshly touched.
func importedUpdatedAt(c *model.Case, evs []model.Event) time.Time {
	t := c.UpdatedAt
	if t.IsZero() {
		t = c.CreatedAt
		for _, e := range evs {
			if e.At.After(t) {
				t = e.At
			}
		}
	}
	return t
}

// maxImportedVersion bounds the version a new case may bring: a version
// is the case's optimistic-lock counter, bumped on every save, and one
// near the top of uint64 would wrap to 0, which Act reads as "no check".
const maxImportedVersion = 1 << 40

// importedVersion is a new case's version: the one its row brings (a JSON
// lines export of a case edited in the app: the round trip gives back the
// same export), else 1. Nobody holds an older copy of a case that is new
// to this database, so no save can be taken for current by mistake.
func importedVersion(r *model.ImportRow, c *model.Case, warnings *[]string) uint64 {
	switch v := c.Version; {
	case v == 0:
		return 1
	case v > maxImportedVersion:
		*warnings = append(*warnings, model.ErrorMessage(rowError(r, "case %s: version %d is more than a case can reach: kept as 1",
			c.ExternalID, v)))
		return 1
	default:
		return v
	}
}

// importedFirstReply is when an imported case's first-response clock
// stopped, from its history: a logged reply, or a reply its conversation
// still shows as sent.
func importedFirstReply(r *model.ImportRow) time.Time {
	return model.FirstReplyOf(r.Events, func(id string) bool {
		for _, m := range r.Mail {
			if m.Message.MessageID == id {
				return m.Message.Dir == model.DirOutbound && m.Message.Delivery == model.DeliverySent
			}
		}
		return false
	})
}

// noteImportedTagUse counts an agent's tag addition in imported history,
// as Act counts one made now: the tags pane's "added by agents N times"
// and the picker's ranking read it.
func (w *wtx) noteImportedTagUse(ev *model.Event) {
	if ev.Kind != model.EventTagAdded || ev.Author == "" || ev.Author == importAuthor || ev.Author == mailAuthor {
		return
	}
	if w.tagUses == nil {
		w.tagUses = map[string][2]int64{}
	}
	u := w.tagUses[ev.To]
	w.tagUses[ev.To] = [2]int64{u[0] + 1, max(u[1], ev.At.Unix())}
}

// unknownTeam says why a row's team is not one of the desk's (its config
// defines teams and none is named so), "" when it is: a case of a team the
// desk does not have falls between every team filter and report.
func unknownTeam(sla model.SLAPolicy, team string) string {
	if team == "" || len(sla.Teams) == 0 || sla.Teams[team] != nil {
		return ""
	}
	names := make([]string, 0, len(sla.Teams))
	for n := range sla.Teams {
		names = append(names, n)
	}
	slices.Sort(names)
	return fmt.Sprintf("no team %s on this desk (%s): fix the team column", model.OneLine(team), strings.Join(names, ", "))
}
