package demo

import "github.com/caredesk/caredesk/model"

// Importer is where Load writes: a store, or anything that imports rows.
type Importer interface {
	Import(rows []model.ImportRow) (model.ImportResult, error)
}

// loadBatch is how many rows Load imports per transaction.
const loadBatch = 5000

// Load generates cfg's cases into dst in batches. edit, when not nil, may
// change each row first (benchmarks widen the taxonomy or drop timelines).
func Load(dst Importer, cfg Config, edit func(*model.ImportRow)) error {
	batch := make([]model.ImportRow, 0, loadBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		_, err := dst.Import(batch)
		batch = batch[:0]
		return err
	}
	err := Generate(cfg, func(r model.ImportRow) error {
		if edit != nil {
			edit(&r)
		}
		batch = append(batch, r)
		if len(batch) == cap(batch) {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}
