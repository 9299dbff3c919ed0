// Package demo generates a realistic, reproducible care desk: customers,
// cases with tags, statuses, follow-ups and timelines, spread over recent
// weeks with the patterns a real queue has (weekday peaks, rising and falling
// issues, repeat contacts, a feedback backlog of untagged cases).
// `caredesk demo` seeds a fresh database with it, and the store's tests and
// benchmarks use it for 100k and 1M cases.
//
// Generate streams rows in creation order and keeps no per-case state, so a
// million cases take constant memory; the same Config gives the same rows.
package demo

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/caredesk/caredesk/model"
)

// Config says how much to generate.
type Config struct {
	Cases int       // how many cases
	Weeks int       // how far back CreatedAt goes; 0 means 26
	Seed  int64     // same seed, same rows
	Now   time.Time // the end of the window; zero means time.Now()
	// IDPrefix starts every external id; "" means "DEMO-", the demo
	// database's. A generated workload has its own, so importing it into
	// a kept demo desk adds cases instead of overwriting the demo's.
	IDPrefix string
}

// DefaultWeeks is the window when Config.Weeks is 0.
const DefaultWeeks = 26

// maxWeeks bounds the per-week tables.
const maxWeeks = 520

// Generate calls emit with cfg.Cases rows in creation order, each a case
// with its customer and timeline. emit's error stops generation and is
// returned. Rows share nothing, so emit may keep them.
func Generate(cfg Config, emit func(model.ImportRow) error) error {
	if cfg.Cases < 0 {
		return errors.New("demo: negative number of cases")
	}
	if cfg.Weeks == 0 {
		cfg.Weeks = DefaultWeeks
	}
	if cfg.Weeks < 1 || cfg.Weeks > maxWeeks {
		return fmt.Errorf("demo: weeks must be 1 to %d, not %d", maxWeeks, cfg.Weeks)
	}
	if cfg.Now.IsZero() {
		cfg.Now = time.Now()
	}
	cfg.Now = cfg.Now.Truncate(time.Second)
	g := newGenerator(cfg)
	return g.run(emit)
}

// generator holds only tables sized by the window, never by the case count.
type generator struct {
	cfg      Config
	r        *rand.Rand  // day and hour noise only; each hour's cases have their own
	start    time.Time   // midnight (in Now's location) of the first day
	days     int         // days in the window, the last one being Now's
	dayW     []float64   // cumulative day weights
	tagCum   [][]float64 // per weeks-ago: cumulative issue weights
	pool     int         // customers
	frequent int         // customers 0..frequent-1 contact us far more often
}

func newGenerator(cfg Config) *generator {
	loc := cfg.Now.Location()
	y, m, d := cfg.Now.Date()
	days := cfg.Weeks * 7
	g := &generator{
		cfg:   cfg,
		r:     rand.New(rand.NewPCG(uint64(cfg.Seed), uint64(cfg.Seed)^0x9e3779b97f4a7c15)),
		start: time.Date(y, m, d-days+1, 0, 0, 0, 0, loc),
		days:  days,
	}
	g.pool = max(1, cfg.Cases/3)
	g.frequent = max(1, g.pool/50)

	// Day weights: weekday peaks, a little growth, some noise, and the last
	// day only up to Now.
	g.dayW = make([]float64, days)
	sum := 0.0
	for i := range days {
		day := g.dayStart(i)
		w := weekdayWeight[day.Weekday()] * (0.85 + 0.3*float64(i)/float64(days)) * (0.85 + 0.3*g.r.Float64())
		w *= g.hoursOpen(day) / hourTotal
		sum += w
		g.dayW[i] = sum
	}

	g.tagCum = make([][]float64, cfg.Weeks)
	for wk := range g.tagCum {
		cum := make([]float64, len(issues))
		s := 0.0
		for i, is := range issues {
			s += is.weight * trendFactor(is.trend, wk, cfg.Weeks)
			cum[i] = s
		}
		g.tagCum[wk] = cum
	}
	return g
}

func (g *generator) dayStart(i int) time.Time {
	return time.Date(g.start.Year(), g.start.Month(), g.start.Day()+i, 0, 0, 0, 0, g.start.Location())
}

var weekdayWeight = [7]float64{0.45, 1.25, 1.15, 1.1, 1.05, 0.95, 0.55} // Sunday first

// hourWeight is contacts by local hour: quiet nights, a morning peak, an
// after-lunch peak, a long evening tail.
var hourWeight = [24]float64{0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.2, 2.5, 3.6, 3.8, 3.5,
	2.8, 3.0, 3.4, 3.2, 2.9, 2.4, 1.8, 1.5, 1.3, 1.0, 0.7, 0.4}

var hourTotal = func() float64 {
	s := 0.0
	for _, w := range hourWeight {
		s += w
	}
	return s
}()

// hourOpen is how much of hour h of day lies before Now, 0 to 1.
func (g *generator) hourOpen(day time.Time, h int) float64 {
	hs := time.Date(day.Year(), day.Month(), day.Day(), h, 0, 0, 0, day.Location())
	left := g.cfg.Now.Sub(hs)
	switch {
	case left <= 0:
		return 0
	case left >= time.Hour:
		return 1
	}
	return float64(left) / float64(time.Hour)
}

func (g *generator) hoursOpen(day time.Time) float64 {
	s := 0.0
	for h, w := range hourWeight {
		s += w * g.hourOpen(day, h)
	}
	return s
}

// pick returns an index into cum, a cumulative weight table.
func pick(r *rand.Rand, cum []float64) int {
	x := r.Float64() * cum[len(cum)-1]
	i, _ := slices.BinarySearch(cum, x)
	return min(i, len(cum)-1)
}

func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

func oneOf[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }
