package demo

import (
	"cmp"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

var now = time.Date(2026, 11, 24, 15, 30, 0, 0, time.UTC)

func collect(t testing.TB, cfg Config) []model.ImportRow {
	t.Helper()
	var rows []model.ImportRow
	if err := Generate(cfg, func(r model.ImportRow) error { rows = append(rows, r); return nil }); err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestGenerateCountsAndOrder(t *testing.T) {
	midnight := time.Date(2026, 11, 24, 0, 0, 0, 0, time.FixedZone("X", 5*3600))
	for _, cfg := range []Config{
		{Cases: 0, Now: now}, {Cases: 1, Now: now}, {Cases: 2, Now: now}, {Cases: 7, Now: now},
		{Cases: 100, Now: now}, {Cases: 1234, Now: now}, {Cases: 50, Weeks: 1, Now: midnight}, {Cases: 300, Weeks: 2, Now: midnight.Add(time.Minute)},
	} {
		n, now := cfg.Cases, cfg.Now
		rows := collect(t, cfg)
		if len(rows) != n {
			t.Fatalf("Cases %d: got %d rows", n, len(rows))
		}
		weeks := cmp.Or(cfg.Weeks, DefaultWeeks)
		start := now.AddDate(0, 0, -7*weeks)
		seen := map[string]bool{}
		for i, r := range rows {
			c := r.Case
			if c.CreatedAt.Before(start) || c.CreatedAt.After(now) {
				t.Fatalf("%s created %v, outside the window", c.ExternalID, c.CreatedAt)
			}
			if i > 0 && c.CreatedAt.Before(rows[i-1].Case.CreatedAt) {
				t.Fatalf("%s is out of creation order", c.ExternalID)
			}
			if seen[c.ExternalID] || !strings.HasPrefix(c.ExternalID, "DEMO-") {
				t.Fatalf("external id %q", c.ExternalID)
			}
			seen[c.ExternalID] = true
		}
	}
}

func TestGenerateDeterministic(t *testing.T) {
	a := collect(t, Config{Cases: 2000, Seed: 42, Now: now})
	b := collect(t, Config{Cases: 2000, Seed: 42, Now: now})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave different rows")
	}
	c := collect(t, Config{Cases: 2000, Seed: 43, Now: now})
	if reflect.DeepEqual(a, c) {
		t.Fatal("a different seed gave the same rows")
	}
}

func TestGenerateConfigErrors(t *testing.T) {
	for _, cfg := range []Config{{Cases: -1}, {Cases: 1, Weeks: -2}, {Cases: 1, Weeks: maxWeeks + 1}} {
		if err := Generate(cfg, func(model.ImportRow) error { return nil }); err == nil {
			t.Errorf("Generate(%+v) accepted", cfg)
		}
	}
	stop := &model.Error{Code: model.EINTERNAL, Message: "full"}
	calls := 0
	err := Generate(Config{Cases: 100, Now: now}, func(model.ImportRow) error { calls++; return stop })
	if err != stop || calls != 1 {
		t.Errorf("emit's error: got %v after %d calls", err, calls)
	}
}

// Every timeline replays to the case's final state, by the model's rules.
func TestEventsConsistentWithFinalState(t *testing.T) {
	for _, r := range collect(t, Config{Cases: 5000, Seed: 7, Now: now}) {
		c := r.Case
		evs := r.Events
		if len(evs) == 0 || evs[0].Kind != model.EventCreated || !evs[0].At.Equal(c.CreatedAt) {
			t.Fatalf("%s: the first event is not its creation: %+v", c.ExternalID, evs)
		}
		tags := map[string]bool{}
		status, assignee, prio := model.StatusNew, "", ""
		var followUp, recovery string
		reopens := uint32(0)
		for i, e := range evs[1:] {
			if !e.At.After(evs[i].At) && !e.At.Equal(evs[i].At) || e.At.After(now) || !e.At.After(c.CreatedAt) {
				t.Fatalf("%s: event %d at %v out of order (created %v)", c.ExternalID, i+1, e.At, c.CreatedAt)
			}
			if !onTeam(e.Author) {
				t.Fatalf("%s: author %q is not on the team", c.ExternalID, e.Author)
			}
			switch e.Kind {
			case model.EventTagAdded:
				tags[e.To] = true
			case model.EventTagRemoved:
				delete(tags, e.From)
			case model.EventStatus:
				if e.From != status.String() {
					t.Fatalf("%s: status event from %s, but it was %s", c.ExternalID, e.From, status)
				}
				to, _ := model.ParseStatus(e.To)
				if model.IsReopen(status, to) {
					reopens++
				}
				status = to
			case model.EventAssigned:
				if e.From != assignee {
					t.Fatalf("%s: assigned from %q, but it was %q", c.ExternalID, e.From, assignee)
				}
				assignee = e.To
			case model.EventPriority:
				prio = e.To
			case model.EventFollowUp:
				followUp = e.To
			case model.EventRecovery:
				recovery = e.To
			case model.EventNote, model.EventReply:
				if strings.TrimSpace(e.To) == "" || strings.Contains(e.To, "{{") {
					t.Fatalf("%s: note or reply %q", c.ExternalID, e.To)
				}
			default:
				t.Fatalf("%s: unexpected %v event", c.ExternalID, e.Kind)
			}
		}
		var want []string
		for tg := range tags {
			want = append(want, tg)
		}
		slices.Sort(want)
		if !slices.Equal(want, c.Tags) {
			t.Fatalf("%s: tags %v, events say %v", c.ExternalID, c.Tags, want)
		}
		if status != c.Status || assignee != c.Assignee || reopens != c.Reopens {
			t.Fatalf("%s: %s/%q/%d, events say %s/%q/%d", c.ExternalID, c.Status, c.Assignee, c.Reopens, status, assignee, reopens)
		}
		if prio != "" && prio != c.Priority.String() {
			t.Fatalf("%s: priority %s, events say %s", c.ExternalID, c.Priority, prio)
		}
		if fu := c.FollowUp; (fu.IsZero() && followUp != "") || (!fu.IsZero() && fu.Format(time.RFC3339) != followUp) {
			t.Fatalf("%s: follow-up %v, events say %q", c.ExternalID, fu, followUp)
		}
		if recovery == "" != c.Recovery.IsZero() {
			t.Fatalf("%s: recovery %+v, events say %q", c.ExternalID, c.Recovery, recovery)
		}
		if c.Status == model.StatusNew && c.Assignee != "" {
			t.Fatalf("%s: new but assigned", c.ExternalID)
		}
		if cu := r.Customer; cu.ID != c.CustomerID || cu.IdentityKey() == "" {
			t.Fatalf("%s: customer %+v", c.ExternalID, cu)
		}
	}
}

func TestDistribution(t *testing.T) {
	rows := collect(t, Config{Cases: 60000, Seed: 3, Now: now})
	tagCount := map[string]int{}
	areas := map[string]bool{}
	untagged, twoTags, overdue, followUps, recoveries, urgent, hostileN, emojiN, cjkN, accented := 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
	statuses := map[model.Status]int{}
	assignees := map[string]int{}
	contacts := map[model.CustomerID][]time.Time{}
	reopened := map[model.CustomerID]bool{}
	weekOf := func(tm time.Time) int { return int(now.Sub(tm) / (7 * 24 * time.Hour)) }
	byWeek := map[string][DefaultWeeks]int{}
	for _, r := range rows {
		c := r.Case
		for _, tg := range c.Tags {
			tagCount[tg]++
			areas[model.TagArea(tg)] = true
			w := byWeek[tg]
			w[weekOf(c.CreatedAt)]++
			byWeek[tg] = w
		}
		switch len(c.Tags) {
		case 0:
			untagged++
		case 2:
			twoTags++
		}
		if st, _ := model.DefaultSLA.State(c.Summary(), now); st == model.SLAOverdue {
			overdue++
		}
		if !c.FollowUp.IsZero() {
			followUps++
			if c.Status != model.StatusPending {
				t.Fatalf("%s: follow-up on a %s case", c.ExternalID, c.Status)
			}
		}
		if !c.Recovery.IsZero() {
			recoveries++
		}
		if c.Priority == model.PriorityUrgent {
			urgent++
		}
		text := c.Subject + c.Body
		if strings.ContainsAny(text, "\x1b\u202e") {
			hostileN++
		}
		if strings.ContainsAny(text, "🙏😡📦😊👍💳⏰") {
			emojiN++
		}
		if isCJK(r.Customer.Name) {
			cjkN++
		}
		if strings.ContainsAny(r.Customer.Name, "éóöüñíáøłÉ") {
			accented++
		}
		statuses[c.Status]++
		assignees[c.Assignee]++
		contacts[c.CustomerID] = append(contacts[c.CustomerID], c.CreatedAt)
		reopened[c.CustomerID] = reopened[c.CustomerID] || c.Reopens > 0
	}
	n := len(rows)
	share := func(k int) float64 { return float64(k) / float64(n) }
	if len(tagCount) != 25 || len(areas) != 5 {
		t.Errorf("%d tags in %d areas, want 25 in 5", len(tagCount), len(areas))
	}
	if s := share(untagged); s < 0.12 || s > 0.22 {
		t.Errorf("untagged share %.3f", s)
	}
	if twoTags == 0 || share(twoTags) > 0.06 {
		t.Errorf("%d cases with two tags", twoTags)
	}
	if overdue == 0 || followUps == 0 || recoveries == 0 || urgent == 0 || hostileN == 0 || emojiN == 0 || cjkN == 0 || accented == 0 {
		t.Errorf("overdue %d follow-ups %d recoveries %d urgent %d hostile %d emoji %d cjk %d accented %d",
			overdue, followUps, recoveries, urgent, hostileN, emojiN, cjkN, accented)
	}
	if share(hostileN) > 0.005 {
		t.Errorf("hostile share %.4f is not very small", share(hostileN))
	}
	for _, st := range model.Statuses {
		if statuses[st] == 0 {
			t.Errorf("no %s cases", st)
		}
	}
	if statuses[model.StatusClosed]+statuses[model.StatusResolved] < n/2 {
		t.Errorf("older cases should be mostly done: %v", statuses)
	}
	if assignees[""] == 0 || len(assignees) != 6 {
		t.Errorf("assignees %v", assignees)
	}
	// Frequencies are uneven: the top tag well above the bottom one.
	counts := make([]int, 0, len(tagCount))
	for _, c := range tagCount {
		counts = append(counts, c)
	}
	slices.Sort(counts)
	if counts[len(counts)-1] < 5*counts[0] {
		t.Errorf("tag frequencies too even: %v", counts)
	}
	atRisk := 0
	for id, ts := range contacts {
		if model.AtRisk(ts, reopened[id]) {
			atRisk++
		}
	}
	if atRisk < 50 {
		t.Errorf("only %d customers at risk", atRisk)
	}
	last4 := func(tag string, from int) int {
		s := 0
		for w := from; w < from+4; w++ {
			s += byWeek[tag][w]
		}
		return s
	}
	for _, is := range issues {
		recent, before := last4(is.tag, 0), last4(is.tag, 4)
		switch is.trend {
		case rising:
			if float64(recent) < 1.5*float64(before) {
				t.Errorf("%s should be rising: last 4 weeks %d, previous 4 %d", is.tag, recent, before)
			}
		case falling:
			if last4(is.tag, DefaultWeeks-4) < 2*recent {
				t.Errorf("%s should be falling: first 4 weeks %d, last 4 %d", is.tag, last4(is.tag, DefaultWeeks-4), recent)
			}
		case newIssue:
			if recent == 0 || before != 0 || byWeek[is.tag][3] != 0 {
				t.Errorf("%s should be new in the last 3 weeks: %v", is.tag, byWeek[is.tag])
			}
		}
	}
	// Weekdays are busier than weekends.
	var wd [7]int
	for _, r := range rows {
		wd[r.Case.CreatedAt.Weekday()]++
	}
	if wd[time.Monday] < 2*wd[time.Sunday] {
		t.Errorf("weekday pattern missing: %v", wd)
	}
}

// The first cases carry an ESC sequence and a bidi override, so even a
// small demo exercises the sanitiser.
func TestHostileTextInSmallDemo(t *testing.T) {
	rows := collect(t, Config{Cases: 10, Seed: 9, Now: now})
	var esc, bidi bool
	for _, r := range rows {
		s := r.Case.Subject + r.Case.Body
		esc = esc || strings.Contains(s, "\x1b")
		bidi = bidi || strings.Contains(s, "\u202e")
	}
	if !esc || !bidi {
		t.Errorf("esc %v bidi %v", esc, bidi)
	}
}

// Memory must not grow with the number of cases: the heap after 200k rows
// is about what it was after 20k.
func TestGenerateStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("200k rows")
	}
	n := 200000
	if raceEnabled {
		n = 60000
	}
	var at20k, atEnd uint64
	var ms runtime.MemStats
	i := 0
	err := Generate(Config{Cases: n, Seed: 5, Now: now}, func(model.ImportRow) error {
		i++
		if i == n/10 || i == n {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			if i == n/10 {
				at20k = ms.HeapAlloc
			} else {
				atEnd = ms.HeapAlloc
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if atEnd > at20k+2<<20 {
		t.Errorf("heap grew from %d KB to %d KB over %d rows", at20k>>10, atEnd>>10, n)
	}
}

func BenchmarkGenerate(b *testing.B) {
	const n = 100000
	b.ReportAllocs()
	for b.Loop() {
		if err := Generate(Config{Cases: n, Seed: 1, Now: now}, func(model.ImportRow) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
}

func onTeam(name string) bool {
	for _, m := range team {
		if m.name == name {
			return true
		}
	}
	return false
}
