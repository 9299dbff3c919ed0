package ui

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/caredesk/caredesk/model"
)

// memService is a small in-memory model.CaseService for UI tests: Act
// goes through model.Apply with the version check, and every write sends
// a change notice to the subscribers. Fail, when set, makes Act fail for
// the cases it names.
type memService struct {
	mu        sync.Mutex
	path      string
	readOnly  bool
	now       func() time.Time
	sla       model.SLAPolicy
	cases     map[model.CaseID]*model.Case
	events    map[model.CaseID][]model.Event
	customers map[model.CustomerID]*model.Customer
	custKey   map[string]model.CustomerID
	replies   []model.Reply
	nextCase  model.CaseID
	nextCust  model.CustomerID
	subs      map[chan model.Change]struct{}
	fail      map[model.CaseID]error
	acts      int             // how many Act calls succeeded
	retired   map[string]bool // tags retired by RetireTag
	routing   *model.Routing
	away      map[string]bool
}

var _ model.CaseService = (*memService)(nil)

func newMemService(now func() time.Time) *memService {
	return &memService{path: "/tmp/test.db", now: now, sla: model.DefaultSLA,
		cases: map[model.CaseID]*model.Case{}, events: map[model.CaseID][]model.Event{},
		customers: map[model.CustomerID]*model.Customer{}, custKey: map[string]model.CustomerID{},
		subs: map[chan model.Change]struct{}{}, fail: map[model.CaseID]error{}}
}

// add stores cases and customers directly, without notices (test setup).
func (m *memService) add(c model.Case, cu model.Customer) model.CaseID {
	m.mu.Lock()
	defer m.mu.Unlock()
	if cu.IdentityKey() != "" {
		c.CustomerID = m.upsertCustomer(cu)
	}
	m.nextCase++
	c.ID = m.nextCase
	if c.Version == 0 {
		c.Version = 1
	}
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = c.CreatedAt
	}
	cc := c.Clone()
	m.cases[c.ID] = &cc
	return c.ID
}

func (m *memService) upsertCustomer(cu model.Customer) model.CustomerID {
	k := cu.IdentityKey()
	if id, ok := m.custKey[k]; ok {
		return id
	}
	m.nextCust++
	cu.ID = m.nextCust
	m.customers[cu.ID] = &cu
	m.custKey[k] = cu.ID
	return cu.ID
}

func (m *memService) Path() string   { return m.path }
func (m *memService) ReadOnly() bool { return m.readOnly }

func (m *memService) Case(id model.CaseID) (model.Case, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.cases[id]
	if !ok {
		return model.Case{}, model.Errorf(model.ENOTFOUND, "no case %d", id)
	}
	return c.Clone(), nil
}

func (m *memService) CaseByExternalID(ext string) (model.Case, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, c := range m.cases {
		if c.ExternalID == ext {
			return c.Clone(), nil
		}
	}
	return model.Case{}, model.Errorf(model.ENOTFOUND, "no case with external id %q", ext)
}

func (m *memService) Events(id model.CaseID) ([]model.Event, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.events[id]), nil
}

func (m *memService) Customer(id model.CustomerID) (model.Customer, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.customers[id]
	if !ok {
		return model.Customer{}, model.Errorf(model.ENOTFOUND, "no customer %d", id)
	}
	return *c, nil
}

func (m *memService) sortedIDs() []model.CaseID {
	ids := make([]model.CaseID, 0, len(m.cases))
	for id := range m.cases {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

func (m *memService) CustomerCases(id model.CustomerID) ([]model.Summary, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []model.Summary
	for _, cid := range m.sortedIDs() {
		if c := m.cases[cid]; c.CustomerID == id {
			out = append(out, c.Summary())
		}
	}
	slices.SortStableFunc(out, func(a, b model.Summary) int { return b.CreatedAt.Compare(a.CreatedAt) })
	return out, nil
}

func (m *memService) EachSummary(fn func(model.Summary) error) error {
	m.mu.Lock()
	var sums []model.Summary
	for _, id := range m.sortedIDs() {
		c := m.cases[id].Clone()
		sums = append(sums, c.Summary())
	}
	m.mu.Unlock()
	for _, s := range sums {
		if err := fn(s); err != nil {
			return err
		}
	}
	return nil
}

func (m *memService) EachCustomer(fn func(model.Customer) error) error {
	m.mu.Lock()
	var cs []model.Customer
	for id := model.CustomerID(1); id <= m.nextCust; id++ {
		if c, ok := m.customers[id]; ok {
			cs = append(cs, *c)
		}
	}
	m.mu.Unlock()
	for _, c := range cs {
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

func (m *memService) QueueHead(statuses []model.Status, n int) ([]model.Summary, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []model.Summary
	for _, id := range m.sortedIDs() {
		c := m.cases[id]
		st := c.Status
		if st == model.StatusUnset {
			st = model.StatusNew
		}
		if slices.Contains(statuses, st) {
			cc := c.Clone()
			out = append(out, cc.Summary())
		}
	}
	slices.SortStableFunc(out, func(a, b model.Summary) int {
		if d := int(a.Priority.Or(model.PriorityNormal)) - int(b.Priority.Or(model.PriorityNormal)); d != 0 {
			return d
		}
		return m.sla.Due(a.CreatedAt, a.FollowUp, a.Priority).Compare(m.sla.Due(b.CreatedAt, b.FollowUp, b.Priority))
	})
	if len(out) > n {
		out = out[:n]
	}
	return out, nil
}

func (m *memService) Stats() (model.Stats, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	st := model.Stats{Cases: len(m.cases), Customers: len(m.customers), ByStatus: map[model.Status]int{}}
	for _, c := range m.cases {
		st.ByStatus[c.Status]++
	}
	return st, nil
}

func (m *memService) SLA() model.SLAPolicy { return m.sla }

func (m *memService) Act(id model.CaseID, version uint64, author string, acts ...model.Action) (model.Case, error) {
	m.mu.Lock()
	if m.readOnly {
		m.mu.Unlock()
		return model.Case{}, model.Errorf(model.EDENIED, "read-only")
	}
	if err := m.fail[id]; err != nil {
		m.mu.Unlock()
		return model.Case{}, err
	}
	c, ok := m.cases[id]
	if !ok {
		m.mu.Unlock()
		return model.Case{}, model.Errorf(model.ENOTFOUND, "no case %d", id)
	}
	if version != 0 && version != c.Version && !(version < c.Version && model.AppendOnly(acts...)) {
		m.mu.Unlock()
		return model.Case{}, model.Errorf(model.ECONFLICT, "case %d changed since you opened it", id)
	}
	work := c.Clone()
	evs, err := model.Apply(&work, author, m.now(), acts...)
	if err != nil {
		m.mu.Unlock()
		return model.Case{}, err
	}
	if len(evs) == 0 {
		m.mu.Unlock()
		return work, nil
	}
	work.Version++
	m.cases[id] = &work
	m.events[id] = append(m.events[id], evs...)
	m.acts++
	out := work.Clone()
	ch := model.Change{Cases: []model.Summary{out.Summary()}, Author: author}
	m.mu.Unlock()
	m.notify(ch)
	return out, nil
}

func (m *memService) Import(rows []model.ImportRow) (model.ImportResult, error) {
	m.mu.Lock()
	var res model.ImportResult
	var ch model.Change
	for _, r := range rows {
		c := r.Case.Clone()
		if r.Customer.IdentityKey() != "" {
			c.CustomerID = m.upsertCustomer(r.Customer)
			ch.Customers = append(ch.Customers, *m.customers[c.CustomerID])
		}
		var old *model.Case
		for _, oc := range m.cases {
			if oc.ExternalID == c.ExternalID && c.ExternalID != "" {
				old = oc
			}
		}
		if old != nil {
			res.Unchanged++
			continue
		}
		m.nextCase++
		c.ID, c.Version = m.nextCase, 1
		if c.UpdatedAt.IsZero() {
			c.UpdatedAt = c.CreatedAt
		}
		m.cases[c.ID] = &c
		res.Imported++
		ch.Cases = append(ch.Cases, c.Summary())
	}
	m.mu.Unlock()
	if len(ch.Cases) > 0 {
		m.notify(ch)
	}
	return res, nil
}

func (m *memService) Tags() ([]model.TagInfo, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := map[string]int{}
	for _, c := range m.cases {
		for _, t := range c.Tags {
			n[t]++
		}
	}
	var out []model.TagInfo
	for t, k := range n {
		out = append(out, model.TagInfo{Tag: t, Cases: k, Retired: m.retired[t]})
	}
	slices.SortFunc(out, func(a, b model.TagInfo) int { return strings.Compare(a.Tag, b.Tag) })
	return out, nil
}

// Taxonomy reads the tags again at every call, as a new revision.
func (m *memService) Taxonomy() (*model.Taxonomy, error) {
	tags, err := m.Tags()
	return model.NewTaxonomy(taxRevs.Add(1), tags), err
}

// taxRevs numbers the test services' taxonomies.
var taxRevs atomic.Uint64

func (m *memService) TagDayCounts(from, to model.Day) ([]model.TagDayCount, error) {
	return nil, nil
}

func (m *memService) AreaDayCounts(from, to model.Day) ([]model.TagDayCount, error) {
	return nil, nil
}

func (m *memService) RenameTag(from, to, author string) (int, error) {
	return 0, model.Errorf(model.EINVALID, "not supported by the test service")
}

func (m *memService) RenameArea(from, to, author string) (int, int, error) {
	return 0, 0, model.Errorf(model.EINVALID, "not supported by the test service")
}

func (m *memService) SetTagLabel(tag, label, author string) error {
	return model.Errorf(model.EINVALID, "not supported by the test service")
}

func (m *memService) RetireTag(tag string, retired bool, author string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.retired == nil {
		m.retired = map[string]bool{}
	}
	m.retired[tag] = retired
	return nil
}

func (m *memService) Replies() ([]model.Reply, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.replies), nil
}

func (m *memService) SaveReply(r model.Reply) (model.Reply, error) {
	m.mu.Lock()
	if r.ID == 0 {
		r.ID = uint64(len(m.replies) + 1)
		m.replies = append(m.replies, r)
	} else {
		for i := range m.replies {
			if m.replies[i].ID == r.ID {
				m.replies[i] = r
			}
		}
	}
	m.mu.Unlock()
	m.notify(model.Change{Replies: true})
	return r, nil
}

func (m *memService) DeleteReply(id uint64) error {
	m.mu.Lock()
	m.replies = slices.DeleteFunc(m.replies, func(r model.Reply) bool { return r.ID == id })
	m.mu.Unlock()
	m.notify(model.Change{Replies: true})
	return nil
}

// Subscribe delivers every notice; a test that never reads gets them
// dropped, not a deadlock.
func (m *memService) Subscribe() (<-chan model.Change, func()) {
	ch := make(chan model.Change, 256)
	m.mu.Lock()
	m.subs[ch] = struct{}{}
	m.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			m.mu.Lock()
			delete(m.subs, ch)
			m.mu.Unlock()
			close(ch)
		})
	}
}

func (m *memService) notify(ch model.Change) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for s := range m.subs {
		select {
		case s <- ch:
		default:
		}
	}
}

func (m *memService) MayAct(model.Case, string, ...model.Action) error {
	if m.readOnly {
		return model.Errorf(model.EDENIED, "read-only: this database is open as a viewer")
	}
	return nil
}

func (m *memService) Backup(w io.Writer) (int64, error) {
	n, err := io.Copy(w, bytes.NewReader([]byte(fmt.Sprintf("%d cases\n", len(m.cases)))))
	return n, err
}

// Routing is the teams a test gave the service (withTeams).
func (m *memService) Routing() *model.Routing { return m.routing }

func (m *memService) Away() ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for a := range m.away {
		out = append(out, a)
	}
	slices.Sort(out)
	return out, nil
}

func (m *memService) OpenCounts() (map[string]int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]int{}
	for _, c := range m.cases {
		if c.Assignee != "" && c.Status.Active() {
			out[c.Assignee]++
		}
	}
	return out, nil
}

func (m *memService) SetAway(agent string, away bool) error {
	m.mu.Lock()
	if m.away == nil {
		m.away = map[string]bool{}
	}
	if away {
		m.away[agent] = true
	} else {
		delete(m.away, agent)
	}
	m.mu.Unlock()
	m.notify(model.Change{Teams: true, Author: agent})
	return nil
}

// withTeams gives the service teams: their SLA policies join its own.
func (m *memService) withTeams(r *model.Routing) *memService {
	m.routing = r
	m.sla = r.SLA(m.sla)
	return m
}
