package demo

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"time"

	"github.com/caredesk/caredesk/model"
)

// hourJob is one hour's cases. Each has its own random stream, seeded from
// the config and its position, so workers can build hours in parallel and
// the rows are still the same for a seed.
type hourJob struct {
	start time.Time
	span  int // seconds of the hour before Now
	count int
	first int // case number of its first case
	seed  uint64
	out   chan []model.ImportRow
	err   chan error
}

// worker builds the cases of one hour at a time; its buffers are reused.
type worker struct {
	*generator
	r        *rand.Rand
	next     int    // the last case number used
	offsets  []int  // sorted second offsets within the hour
	greeting string // the current customer, as a reply greets them
	plan     []step
	vars     map[string]string
}

// run spreads the cases over days and hours by cumulative rounding, so the
// total is exact, builds hours on all cores and emits them in order. At most
// a few hours are in flight, so memory does not grow with the case count.
func (g *generator) run(emit func(model.ImportRow) error) error {
	workers := runtime.GOMAXPROCS(0)
	jobs := make(chan *hourJob)
	order := make(chan *hourJob, 4*workers)
	done := make(chan struct{})
	defer close(done)
	for range workers {
		go func() {
			w := &worker{generator: g}
			for j := range jobs {
				rows, err := w.hour(j)
				j.out <- rows
				j.err <- err
			}
		}()
	}
	go func() {
		defer close(order)
		defer close(jobs)
		g.plan(func(j *hourJob) bool {
			select {
			case order <- j:
			case <-done:
				return false
			}
			select {
			case jobs <- j:
				return true
			case <-done:
				return false
			}
		})
	}()
	for j := range order {
		rows, err := <-j.out, <-j.err
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := emit(r); err != nil {
				return err
			}
		}
	}
	return nil
}

// plan walks days and hours in order and hands each non-empty hour to send
// until send returns false.
func (g *generator) plan(send func(*hourJob) bool) {
	n := g.cfg.Cases
	total := g.dayW[len(g.dayW)-1]
	done, seq := 0, 0
	for i := range g.days {
		dayN := int(float64(n)*g.dayW[i]/total+0.5) - done
		if i == g.days-1 {
			dayN = n - done
		}
		day := g.dayStart(i)
		var cum [24]float64
		s := 0.0
		for h, w := range hourWeight {
			s += w * g.hourOpen(day, h) * (0.8 + 0.4*g.r.Float64())
			cum[h] = s
		}
		if s == 0 { // Now is at midnight: put the day's share into its last hour
			cum[23], s = 1, 1
		}
		hdone := 0
		for h := range 24 {
			hn := int(float64(dayN)*cum[h]/s+0.5) - hdone
			if h == 23 {
				hn = dayN - hdone
			}
			hdone += hn
			if hn == 0 {
				continue
			}
			hs := time.Date(day.Year(), day.Month(), day.Day(), h, 0, 0, 0, day.Location())
			seq++
			j := &hourJob{start: hs, span: min(3600, max(1, int(g.cfg.Now.Sub(hs)/time.Second))), count: hn,
				first: done + hdone - hn + 1, seed: mix(uint64(g.cfg.Seed) ^ uint64(seq)<<20),
				out: make(chan []model.ImportRow, 1), err: make(chan error, 1)}
			if !send(j) {
				return
			}
		}
		done += dayN
	}
}

func (w *worker) hour(j *hourJob) ([]model.ImportRow, error) {
	w.r = rand.New(rand.NewPCG(j.seed, j.seed^0x6a09e667f3bcc909))
	w.next = j.first - 1
	w.offsets = w.offsets[:0]
	for range j.count {
		w.offsets = append(w.offsets, w.r.IntN(j.span))
	}
	slices.Sort(w.offsets)
	rows := make([]model.ImportRow, 0, j.count)
	for _, off := range w.offsets {
		created := j.start.Add(time.Duration(off) * time.Second)
		if created.After(w.cfg.Now) {
			created = w.cfg.Now
		}
		row, err := w.row(created)
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
	return rows, nil
}
