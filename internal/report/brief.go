package report

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/caredesk/caredesk/internal/textsafe"
	"github.com/caredesk/caredesk/model"
)

// BriefSource is what the voice-of-the-customer brief reads: the heatmap's
// source plus whole cases, for recovery actions and the customers' words.
// model.CaseService satisfies it.
type BriefSource interface {
	Source
	Case(id model.CaseID) (model.Case, error)
	Customer(id model.CustomerID) (model.Customer, error)
}

// fullScanner is the store's walk over whole cases, used when the source
// has it: one pass instead of a lookup per case.
type fullScanner interface {
	EachCaseFull(events bool, fn func(model.Case, model.Customer, []model.Event) error) error
}

// BriefOptions size the brief.
type BriefOptions struct {
	TopIssues   int // issues listed (default 5)
	Rising      int // rising issues listed (default 5)
	Quotes      int // quotes per top issue (default 3)
	RepeatShown int // repeat-contact customers named (default 5)
	HeatmapRows int // tags in the HTML heatmap (default 15)
	Filter      string
}

func (o *BriefOptions) defaults() {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.TopIssues, 5)
	def(&o.Rising, 5)
	def(&o.Quotes, 3)
	def(&o.RepeatShown, 5)
	def(&o.HeatmapRows, 15)
}

// Brief is the voice-of-the-customer brief: what customers contact us
// about, what is rising, who keeps coming back, what we did about it and
// their own words. Every number is a heatmap number or a count of cases
// the brief names, so it can be checked case by case.
type Brief struct {
	Generated time.Time
	Filter    string // the query the brief was built with, canonical
	TagPrefix string
	Matrix    *Matrix // the heatmap the issue numbers come from

	Cases       int // cases in the brief's scope
	Customers   int // distinct known customers behind them
	TaggedCases int
	Overdue     int // of Cases, overdue at Generated
	Handoffs    int // team-to-team handoffs of those cases
	HandedOff   int // cases handed off at least once

	// SLA is attainment per team and tag, on a desk with teams (nil
	// without: the desk's plain allowances are the overdue count).
	SLA *SLAReport

	Top    []Issue // by the metric's total, largest first
	Rising []Issue // by trend, rising only

	RepeatCustomers int              // customers with a repeat contact in scope (model.RepeatRule)
	TopRepeat       []RepeatCustomer // the most frequent of them

	FirstResponse FirstResponses // answered cases in scope and their median wait
}

// FirstResponseLine is the brief's first-response figure, "" when no case
// in scope has had a reply.
func (b *Brief) FirstResponseLine() string {
	if len(b.FirstResponse.Cases) == 0 {
		return ""
	}
	return humanWait(b.FirstResponse.Median) + " (median of " + thousands(len(b.FirstResponse.Cases)) + " answered cases)"
}

// Issue is one tag's line in the brief.
type Issue struct {
	Tag       string
	Label     string  // how the brief names it: the tag's label, else the tag
	Count     int     // the row's total for the metric
	Share     float64 // percent of the metric's total in scope
	Trend     Trend
	Query     string // queue query for the cases behind Count
	Cases     int    // cases behind the count
	Recovered int    // of Cases, with a recovery action
	Recovery  []KindCount
	Quotes    []Quote
}

// Name is how the brief names the issue: its label, else its tag.
func (is Issue) Name() string {
	if is.Label != "" {
		return is.Label
	}
	return is.Tag
}

// KindCount counts cases by recovery kind.
type KindCount struct {
	Kind  string
	Cases int
}

// Quote is a customer's words, cleaned and trimmed, with the case they
// come from.
type Quote struct {
	ExternalID string
	Created    model.Day
	Text       string
}

// RepeatCustomer is a customer who contacted us more than once.
type RepeatCustomer struct {
	ID    model.CustomerID
	Name  string // cleaned; "" when nothing is known
	Email string // cleaned; what the queue's customer: filter finds them by
	Cases int
}

// TaggedShare is the percent of cases with a tag.
func (b *Brief) TaggedShare() float64 { return pct(b.TaggedCases, b.Cases) }

func pct(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) * 100 / float64(of)
}

// BuildBrief builds the heatmap for spec and the brief around it. It reads
// every summary once and the whole cases of the top issues once.
func BuildBrief(src BriefSource, spec Spec, opt BriefOptions) (*Brief, error) {
	opt.defaults()
	if err := spec.searchText(src); err != nil {
		return nil, err
	}
	m, err := Build(src, spec)
	if err != nil {
		return nil, err
	}
	// The brief is handed on: its scope and every queue query name the
	// agent @me meant, or a manager's queue reads them as the manager's.
	mine := spec.Query.For(spec.Me)
	b := &Brief{Generated: spec.Now, Filter: mine.String(), TagPrefix: spec.TagPrefix, Matrix: m}
	if spec.SLA.Teams != nil {
		if _, ok := src.(eventScanner); ok {
			if b.SLA, err = BuildSLA(src, spec); err != nil {
				return nil, err
			}
		}
	}

	rows := slices.Clone(m.Rows)
	SortRows(rows, ByTotal)
	for _, r := range rows[:min(opt.TopIssues, len(rows))] {
		if r.Total > 0 {
			b.Top = append(b.Top, Issue{Tag: r.Tag, Label: m.Label(r.Tag), Count: r.Total, Trend: r.Trend, Query: m.DrillQuery(r.Tag, -1, mine)})
		}
	}
	SortRows(rows, ByTrend)
	for _, r := range rows {
		if len(b.Rising) == opt.Rising || !r.Trend.Rising() || r.Trend.Last-r.Trend.Prev < minRise {
			continue
		}
		b.Rising = append(b.Rising, Issue{Tag: r.Tag, Label: m.Label(r.Tag), Count: r.Total, Trend: r.Trend, Query: m.DrillQuery(r.Tag, -1, mine)})
	}

	want, err := b.scan(src, &spec)
	if err != nil {
		return nil, err
	}
	if err := b.readCases(src, &spec, want, opt.Quotes); err != nil {
		return nil, err
	}
	if err := b.nameRepeaters(src, opt.RepeatShown); err != nil {
		return nil, err
	}
	if b.FirstResponse, err = BuildFirstResponses(src, spec); err != nil {
		return nil, err
	}
	denom := map[Metric]int{Cases: b.Cases, Customers: b.Customers, RepeatContacts: b.RepeatCustomers, Overdue: b.Overdue, Handoffs: b.HandedOff}[spec.Metric]
	for _, is := range [][]Issue{b.Top, b.Rising} {
		for i := range is {
			is[i].Share = pct(is[i].Count, denom)
		}
	}
	return b, nil
}

// minRise keeps one or two extra cases from making an issue "rising".
const minRise = 3

// scope reports whether a summary is in the brief's scope — the heatmap's
// cases — and whether it counts for the metric.
func (spec *Spec) scope(s *model.Summary, custs map[model.CustomerID]model.Customer, rf *rowFilter) (in, counts bool) {
	d := model.DayOf(s.CreatedAt)
	from, to := spec.bounds()
	if d < from || d >= to {
		return false, false
	}
	if !spec.matches(s, custs) {
		return false, false
	}
	if len(s.Tags) == 0 {
		in = rf.untagged()
	}
	for _, t := range s.Tags {
		in = in || rf.allows(t)
	}
	if !in {
		return false, false
	}
	if spec.Metric == Overdue {
		st, _ := spec.SLA.State(*s, spec.Now)
		return true, st == model.SLAOverdue
	}
	if spec.Metric == Handoffs {
		return true, s.Handoffs > 0
	}
	return true, true
}

// scan counts the scope and returns, per case to read whole, the top
// issues it is behind.
func (b *Brief) scan(src BriefSource, spec *Spec) (map[model.CaseID][]int, error) {
	custs, err := customersFor(src, spec.Query)
	if err != nil {
		return nil, err
	}
	rf := newRowFilter(spec)
	perCustomer := map[model.CustomerID][]time.Time{} // their cases in scope
	want := map[model.CaseID][]int{}
	err = src.EachSummary(func(s model.Summary) error {
		in, counts := spec.scope(&s, custs, &rf)
		if !in {
			return nil
		}
		b.Cases++
		if s.CustomerID != 0 {
			perCustomer[s.CustomerID] = append(perCustomer[s.CustomerID], s.CreatedAt)
		}
		tagged := false
		for _, t := range s.Tags {
			tagged = tagged || rf.allows(t)
		}
		if tagged {
			b.TaggedCases++
		}
		if st, _ := spec.SLA.State(s, spec.Now); st == model.SLAOverdue {
			b.Overdue++
		}
		b.Handoffs += int(s.Handoffs)
		if s.Handoffs > 0 {
			b.HandedOff++
		}
		if !counts {
			return nil
		}
		for i := range b.Top {
			if slices.Contains(s.Tags, b.Top[i].Tag) {
				b.Top[i].Cases++
				want[s.ID] = append(want[s.ID], i)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	b.Customers = len(perCustomer)
	for id, ts := range perCustomer {
		if model.RepeatContact(ts) {
			b.RepeatCustomers++
			b.TopRepeat = append(b.TopRepeat, RepeatCustomer{ID: id, Cases: len(ts)})
		}
	}
	slices.SortFunc(b.TopRepeat, func(x, y RepeatCustomer) int {
		if c := cmp.Compare(y.Cases, x.Cases); c != 0 {
			return c
		}
		return cmp.Compare(x.ID, y.ID)
	})
	return want, nil
}

// readCases reads the cases behind the top issues whole: their recovery
// actions and, newest first, the customers' words.
func (b *Brief) readCases(src BriefSource, spec *Spec, want map[model.CaseID][]int, quotes int) error {
	kinds := make([]map[string]int, len(b.Top))
	cands := make([][]quoteCand, len(b.Top))
	visit := func(c *model.Case) {
		for _, i := range want[c.ID] {
			if !c.Recovery.IsZero() {
				b.Top[i].Recovered++
				if kinds[i] == nil {
					kinds[i] = map[string]int{}
				}
				k := c.Recovery.Kind
				if k == "" {
					k = "other"
				}
				kinds[i][k]++
			}
			// The customer's own words first; the subject (for CFPB data
			// the complaint's category) only when too few cases have any.
			text, own := c.Body, true
			if textsafe.Plain(text) == "" {
				text, own = c.Subject, false
			}
			if textsafe.Plain(text) == "" {
				continue
			}
			// Keep the newest few distinct texts: many customers write
			// the same words, and one voice need not be heard thrice.
			qc := quoteCand{Case: model.Case{ID: c.ID, ExternalID: c.ExternalID, CreatedAt: c.CreatedAt, Body: TrimQuote(text, QuoteLen)}, own: own}
			dup := slices.IndexFunc(cands[i], func(x quoteCand) bool { return x.Body == qc.Body })
			switch {
			case dup < 0:
				cands[i] = append(cands[i], qc)
			case betterQuote(qc, cands[i][dup]) < 0:
				cands[i][dup] = qc
			}
			slices.SortFunc(cands[i], betterQuote)
			if len(cands[i]) > quotes {
				cands[i] = cands[i][:quotes]
			}
		}
	}
	if len(want) > 0 {
		if fs, ok := src.(fullScanner); ok {
			err := fs.EachCaseFull(false, func(c model.Case, _ model.Customer, _ []model.Event) error {
				if _, ok := want[c.ID]; ok {
					visit(&c)
				}
				return nil
			})
			if err != nil {
				return err
			}
		} else {
			ids := make([]model.CaseID, 0, len(want))
			for id := range want {
				ids = append(ids, id)
			}
			slices.Sort(ids)
			for _, id := range ids {
				c, err := src.Case(id)
				if err != nil {
					return fmt.Errorf("brief: reading case %d: %w", id, err)
				}
				visit(&c)
			}
		}
	}
	for i := range b.Top {
		for k, n := range kinds[i] {
			b.Top[i].Recovery = append(b.Top[i].Recovery, KindCount{Kind: k, Cases: n})
		}
		slices.SortFunc(b.Top[i].Recovery, func(x, y KindCount) int {
			if c := cmp.Compare(y.Cases, x.Cases); c != 0 {
				return c
			}
			return cmp.Compare(x.Kind, y.Kind)
		})
		for _, c := range cands[i] {
			b.Top[i].Quotes = append(b.Top[i].Quotes, Quote{ExternalID: textsafe.Plain(c.ExternalID), Created: model.DayOf(c.CreatedAt), Text: c.Body})
		}
	}
	return nil
}

// quoteCand is a case's text that may be quoted; own tells the customer's
// words from a subject line.
type quoteCand struct {
	model.Case
	own bool
}

// betterQuote orders quotes: the customer's own words first, newest first.
func betterQuote(x, y quoteCand) int {
	if x.own != y.own {
		if x.own {
			return -1
		}
		return 1
	}
	return newestFirst(x.Case, y.Case)
}

func newestFirst(x, y model.Case) int {
	if c := y.CreatedAt.Compare(x.CreatedAt); c != 0 {
		return c
	}
	return cmp.Compare(y.ID, x.ID)
}

// nameRepeaters keeps the first n repeat-contact customers and names them.
func (b *Brief) nameRepeaters(src BriefSource, n int) error {
	b.TopRepeat = b.TopRepeat[:min(n, len(b.TopRepeat))]
	for i := range b.TopRepeat {
		r := &b.TopRepeat[i]
		cu, err := src.Customer(r.ID)
		if err != nil && model.ErrorCode(err) != model.ENOTFOUND {
			return err
		}
		r.Name = textsafe.Plain(cu.DisplayName())
		r.Email = textsafe.Plain(cu.Email)
	}
	return nil
}

// Label names the customer for the brief with the queue query that finds
// their cases, so a reader can check them: `Ana Lopez (customer:"ana@x.com")`.
// It used to say "(#12)", the customer's number, which the queue reads as
// case 12 (a new-user finding).
func (r RepeatCustomer) Label() string {
	switch {
	case r.Email != "" && (r.Name == "" || r.Name == r.Email):
		return fmt.Sprintf("customer:%q", r.Email)
	case r.Email != "":
		return fmt.Sprintf("%s (customer:%q)", r.Name, r.Email)
	case r.Name != "":
		return fmt.Sprintf("%s (customer:%q)", r.Name, r.Name)
	}
	return fmt.Sprintf("customer %d (no name or e-mail on record)", r.ID)
}
