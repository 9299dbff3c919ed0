package ui

import "time"

// Drawing kept between frames. Bubble Tea draws the whole View after
// every message, and on a team server most messages change one part of a
// screen (a key in a note changes the note; another agent's save changes
// a count), so the parts keep what they drew with what they drew it from.

// kept is a part of a drawing kept with the key it was drawn from.
type kept[K comparable, V any] struct {
	ok  bool
	key K
	val V
}

func (k *kept[K, V]) get(key K, draw func() V) V {
	if !k.ok || k.key != key {
		k.ok, k.key, k.val = true, key, draw()
	}
	return k.val
}

// fitted keeps lines as last cut or padded to a width, by place: a line
// equal to the one drawn at its place last time is not measured again
// (measuring the width of a styled line is most of what fitting costs,
// and comparing a line with itself costs next to nothing).
type fitted struct {
	w       int
	in, out []string
	set     []bool
}

// line is s fitted by fit to w cells, as drawn at place i.
func (f *fitted) line(i int, s string, w int, fit func(string, int) string) string {
	if f.w != w {
		f.w, f.in, f.out, f.set = w, f.in[:0], f.out[:0], f.set[:0]
	}
	for len(f.in) <= i {
		f.in, f.out, f.set = append(f.in, ""), append(f.out, ""), append(f.set, false)
	}
	if !f.set[i] || f.in[i] != s {
		f.in[i], f.out[i], f.set[i] = s, fit(s, w), true
	}
	return f.out[i]
}

// metaClock is the first second after now at which the header may read
// differently with nothing else changed: an age ("updated 3m ago"), the
// SLA's time left or its state (due soon, overdue), the follow-up's time
// left, or the year ("created Mon 02 Jan" drops the year within it).
func (p *casePane) metaClock() int64 {
	now := p.now()
	n := now.Unix()
	c := &p.c
	until := min(ageChanges(n, c.UpdatedAt.Unix()), nextYear(now.In(p.loc())))
	if c.CreatedAt.After(now) { // "⚠ in 2w"
		until = min(until, ageChanges(n, c.CreatedAt.Unix()))
	}
	if !c.FollowUp.IsZero() {
		until = min(until, ageChanges(n, c.FollowUp.Unix()))
	}
	sla := p.e.svc.SLA()
	s := c.Summary()
	if due := sla.DueOf(&s); !due.IsZero() {
		soon := due.Add(-max(time.Hour, sla.For(s.Priority)/4)) // model.SLAPolicy.StateLeft
		until = min(until, ageChanges(n, due.Unix()), ageChanges(n, soon.Unix()))
	}
	return until
}

// cardClock is metaClock for the card: the ages of the customer's other
// cases, and the year.
func (p *casePane) cardClock() int64 {
	now := p.now()
	n := now.Unix()
	until := nextYear(now.In(p.loc()))
	for _, o := range p.others {
		until = min(until, ageChanges(n, o.CreatedAt.Unix()))
	}
	return until
}

// nextYear is the first second of the year after t's, in t's zone.
func nextYear(t time.Time) int64 {
	return time.Date(t.Year()+1, 1, 1, 0, 0, 0, 0, t.Location()).Unix()
}

// recent keeps the last drawings of a line that goes back and forth
// between a few (the footer of keys, as editors open and close), by key.
type recent struct{ m map[string]string }

func (r *recent) get(key string, draw func() string) string {
	if l, ok := r.m[key]; ok {
		return l
	}
	if r.m == nil || len(r.m) >= 32 {
		r.m = map[string]string{}
	}
	l := draw()
	r.m[key] = l
	return l
}

// joined keeps lines made of two parts and a separator, by place: a line
// whose parts are the ones drawn there last time is that line again.
type joined struct {
	a, sep, b, out []string
}

func (j *joined) join(i int, a, sep, b string) string {
	for len(j.out) <= i {
		j.a, j.sep, j.b, j.out = append(j.a, ""), append(j.sep, ""), append(j.b, ""), append(j.out, "")
	}
	if j.out[i] == "" || j.a[i] != a || j.sep[i] != sep || j.b[i] != b {
		j.a[i], j.sep[i], j.b[i], j.out[i] = a, sep, b, a+sep+b
	}
	return j.out[i]
}
