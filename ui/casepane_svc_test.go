package ui

import (
	"errors"
	"io"
	"slices"
	"sync"
	"time"

	"github.com/caredesk/caredesk/model"
)

// casePaneService is a small in-memory model.CaseService for the case pane's tests:
// Act goes through model.Apply with the version check, and a write can be
// made to fail on demand (failAct) as a full disk would.
type casePaneService struct {
	mu        sync.Mutex
	now       func() time.Time
	cases     map[model.CaseID]model.Case
	events    map[model.CaseID][]model.Event
	customers map[model.CustomerID]model.Customer
	tags      []model.TagInfo
	replies   []model.Reply
	nextReply uint64
	failAct   error // returned by Act while set
	acts      int   // Acts that reached the store
}

var _ model.CaseService = (*casePaneService)(nil)

func newCasePaneService(now func() time.Time) *casePaneService {
	return &casePaneService{now: now, cases: map[model.CaseID]model.Case{}, events: map[model.CaseID][]model.Event{},
		customers: map[model.CustomerID]model.Customer{}, nextReply: 1}
}

func (s *casePaneService) addCase(c model.Case, evs ...model.Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.Version == 0 {
		c.Version = 1
	}
	s.cases[c.ID] = c
	if len(evs) == 0 {
		evs = []model.Event{{CaseID: c.ID, At: c.CreatedAt, Author: "import", Kind: model.EventCreated}}
	}
	s.events[c.ID] = evs
}

// bump changes a case as another agent would.
func (s *casePaneService) bump(id model.CaseID, author string, acts ...model.Action) model.Case {
	c, err := s.Act(id, 0, author, acts...)
	if err != nil {
		panic(err)
	}
	return c
}

func (s *casePaneService) Path() string   { return "mem" }
func (s *casePaneService) ReadOnly() bool { return false }

func (s *casePaneService) Case(id model.CaseID) (model.Case, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.cases[id]
	if !ok {
		return model.Case{}, model.Errorf(model.ENOTFOUND, "case %d not found", id)
	}
	return c.Clone(), nil
}

func (s *casePaneService) CaseByExternalID(ext string) (model.Case, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.cases {
		if c.ExternalID == ext {
			return c.Clone(), nil
		}
	}
	return model.Case{}, model.Errorf(model.ENOTFOUND, "case %s not found", ext)
}

func (s *casePaneService) Events(id model.CaseID) ([]model.Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.events[id]), nil
}

func (s *casePaneService) Customer(id model.CustomerID) (model.Customer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.customers[id]
	if !ok {
		return model.Customer{}, model.Errorf(model.ENOTFOUND, "customer %d not found", id)
	}
	return c, nil
}

func (s *casePaneService) CustomerCases(id model.CustomerID) ([]model.Summary, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []model.Summary
	for _, c := range s.cases {
		if c.CustomerID == id {
			out = append(out, c.Summary())
		}
	}
	slices.SortFunc(out, func(a, b model.Summary) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return int(b.ID) - int(a.ID)
	})
	return out, nil
}

func (s *casePaneService) EachSummary(fn func(model.Summary) error) error {
	s.mu.Lock()
	ids := make([]model.CaseID, 0, len(s.cases))
	for id := range s.cases {
		ids = append(ids, id)
	}
	s.mu.Unlock()
	slices.Sort(ids)
	for _, id := range ids {
		c, _ := s.Case(id)
		if err := fn(c.Summary()); err != nil {
			return err
		}
	}
	return nil
}

func (s *casePaneService) EachCustomer(fn func(model.Customer) error) error {
	s.mu.Lock()
	cs := make([]model.Customer, 0, len(s.customers))
	for _, c := range s.customers {
		cs = append(cs, c)
	}
	s.mu.Unlock()
	for _, c := range cs {
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

func (s *casePaneService) QueueHead([]model.Status, int) ([]model.Summary, error) { return nil, nil }
func (s *casePaneService) Stats() (model.Stats, error)                            { return model.Stats{}, nil }
func (s *casePaneService) SLA() model.SLAPolicy                                   { return model.DefaultSLA }

func (s *casePaneService) Act(id model.CaseID, version uint64, author string, acts ...model.Action) (model.Case, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failAct != nil {
		return model.Case{}, s.failAct
	}
	c, ok := s.cases[id]
	if !ok {
		return model.Case{}, model.Errorf(model.ENOTFOUND, "case %d not found", id)
	}
	if version != 0 && version != c.Version {
		return model.Case{}, model.Errorf(model.ECONFLICT, "case %d changed since you opened it", id)
	}
	s.acts++
	evs, err := model.Apply(&c, author, s.now(), acts...)
	if err != nil {
		return model.Case{}, err
	}
	if len(evs) > 0 {
		c.Version++
		s.cases[id] = c
		s.events[id] = append(s.events[id], evs...)
		for _, ev := range evs {
			if ev.Kind == model.EventTagAdded {
				s.useTag(ev.To)
			}
		}
	}
	return c.Clone(), nil
}

func (s *casePaneService) useTag(t string) {
	for i := range s.tags {
		if s.tags[i].Tag == t {
			s.tags[i].Uses++
			s.tags[i].LastAdded = s.now().Unix()
			return
		}
	}
	s.tags = append(s.tags, model.TagInfo{Tag: t, Uses: 1, LastAdded: s.now().Unix()})
}

func (s *casePaneService) Import([]model.ImportRow) (model.ImportResult, error) {
	return model.ImportResult{}, errors.New("not in tests")
}

func (s *casePaneService) Tags() ([]model.TagInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.tags), nil
}

func (s *casePaneService) Taxonomy() (*model.Taxonomy, error) {
	tags, err := s.Tags()
	return model.NewTaxonomy(taxRevs.Add(1), tags), err
}

func (s *casePaneService) TagDayCounts(model.Day, model.Day) ([]model.TagDayCount, error) {
	return nil, nil
}
func (s *casePaneService) AreaDayCounts(model.Day, model.Day) ([]model.TagDayCount, error) {
	return nil, nil
}
func (s *casePaneService) RenameTag(string, string, string) (int, error)       { return 0, nil }
func (s *casePaneService) RetireTag(string, bool, string) error                { return nil }
func (s *casePaneService) SetTagLabel(string, string, string) error            { return nil }
func (s *casePaneService) RenameArea(string, string, string) (int, int, error) { return 0, 0, nil }

func (s *casePaneService) Replies() ([]model.Reply, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.replies), nil
}

func (s *casePaneService) SaveReply(r model.Reply) (model.Reply, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.ID == 0 {
		r.ID = s.nextReply
		s.nextReply++
		s.replies = append(s.replies, r)
		return r, nil
	}
	for i := range s.replies {
		if s.replies[i].ID == r.ID {
			s.replies[i] = r
			return r, nil
		}
	}
	return model.Reply{}, model.Errorf(model.ENOTFOUND, "reply %d not found", r.ID)
}

func (s *casePaneService) DeleteReply(id uint64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.replies = slices.DeleteFunc(s.replies, func(r model.Reply) bool { return r.ID == id })
	return nil
}

func (s *casePaneService) Subscribe() (<-chan model.Change, func()) { return nil, func() {} }

func (s *casePaneService) Backup(io.Writer) (int64, error) { return 0, nil }

func (s *casePaneService) MayAct(model.Case, string, ...model.Action) error { return nil }

func (s *casePaneService) Routing() *model.Routing               { return nil }
func (s *casePaneService) Away() ([]string, error)               { return nil, nil }
func (s *casePaneService) OpenCounts() (map[string]int, error)   { return map[string]int{}, nil }
func (s *casePaneService) SetAway(agent string, away bool) error { return nil }
