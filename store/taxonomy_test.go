package store

import (
	"fmt"
	"math/rand"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// The shared taxonomy, patched after each write with the tags it changed,
// is at every step what reading every tag gives; while nothing changes a
// tag it is the same value.
func TestTaxonomyPatchMatchesRead(t *testing.T) {
	db, clk := openTest(t)
	var rows []model.ImportRow
	for i := range 30 {
		rows = append(rows, oneRow(fmt.Sprintf("A-%d", i), clk.Now().Add(-time.Duration(i)*time.Hour),
			fmt.Sprintf("area%d/issue-%d", i%4, i%9)))
	}
	mustImport(t, db, rows)
	r := rand.New(rand.NewSource(7))
	prev, err := db.Taxonomy()
	if err != nil {
		t.Fatal(err)
	}
	done := 0
	for step := range 300 {
		clk.Advance(time.Minute)
		id := model.CaseID(1 + r.Intn(30))
		tag := fmt.Sprintf("area%d/issue-%d", r.Intn(5), r.Intn(12))
		var what string
		switch k := r.Intn(10); {
		case k < 4:
			what = "add " + tag
			_, err = db.Act(id, 0, "ana", model.AddTag{Tag: tag})
		case k < 7:
			what = "remove " + tag
			_, err = db.Act(id, 0, "ana", model.RemoveTag{Tag: tag})
		case k == 7:
			to := fmt.Sprintf("area%d/issue-%d", r.Intn(5), r.Intn(12))
			what = "rename " + tag + " to " + to
			_, err = db.RenameTag(tag, to, "lead")
		case k == 8:
			what = "retire " + tag
			err = db.RetireTag(tag, r.Intn(2) == 0, "lead")
		default:
			what = "label " + tag
			err = db.SetTagLabel(tag, fmt.Sprintf("Label %d", step), "lead")
		}
		if model.ErrorCode(err) == model.EINTERNAL {
			t.Fatalf("step %d, %s: %v", step, what, err)
		}
		if err == nil {
			done++
		}
		tax, err := db.Taxonomy()
		if err != nil {
			t.Fatal(err)
		}
		want, err := db.Tags()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(tax.Tags(), want) {
			t.Fatalf("step %d, %s: the shared taxonomy\n%v\nreading every tag\n%v", step, what, tax.Tags(), want)
		}
		again, _ := db.Taxonomy()
		if again != tax {
			t.Fatalf("step %d: a second read with nothing changed made a new taxonomy", step)
		}
		if tax != prev && tax.Rev() <= prev.Rev() {
			t.Fatalf("step %d: revision %d after %d", step, tax.Rev(), prev.Rev())
		}
		prev = tax
	}
	if done < 150 {
		t.Fatalf("only %d of 300 writes landed", done)
	}
}

// Readers racing writers always get a taxonomy at least as new as the
// last write they saw committed.
func TestTaxonomyReadersSeeCommittedWrites(t *testing.T) {
	db, clk := openTest(t)
	var rows []model.ImportRow
	for i := range 80 {
		rows = append(rows, oneRow(fmt.Sprintf("A-%d", i), clk.Now().Add(-time.Hour)))
	}
	mustImport(t, db, rows)
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 40 {
				tag := fmt.Sprintf("w%d/t-%d", w, i)
				if _, err := db.Act(model.CaseID(40*w+i+1), 0, "ana", model.AddTag{Tag: tag}); err != nil {
					t.Error(err)
					return
				}
				tax, err := db.Taxonomy()
				if err != nil {
					t.Error(err)
					return
				}
				if _, ok := tax.Find(tag); !ok {
					t.Errorf("%s was committed but the taxonomy read after has not got it", tag)
					return
				}
			}
		}()
	}
	wg.Wait()
	tax, _ := db.Taxonomy()
	want, _ := db.Tags()
	if !slices.Equal(tax.Tags(), want) {
		t.Fatalf("after the race: %d tags shared, %d read", len(tax.Tags()), len(want))
	}
}
