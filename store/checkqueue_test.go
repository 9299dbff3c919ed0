package store

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// teamDesk is a closed desk whose cases were routed to teams with SLA
// targets, so idx_queue holds team-timed due times.
func teamDesk(t *testing.T) (path string, team model.CaseID) {
	t.Helper()
	clk := newClock()
	path = filepath.Join(t.TempDir(), "care.db")
	db := openTeams(t, path, clk)
	var rows []model.ImportRow
	for i := range 30 {
		rows = append(rows, teamRow(fmt.Sprint("b", i), model.StatusNew, model.ChannelEmail, "billing/refund"),
			teamRow(fmt.Sprint("u", i), model.StatusOpen, model.ChannelEmail, "product/recall"))
	}
	mustImport(t, db, rows)
	team = caseBy(t, db, "b3").ID
	db.Close()
	return path, team
}

// A healthy team desk checked without its config (backup and restore
// always are, check when no config is found) is not damaged: the found
// problems of the new-user finding were 201 "missing from idx_queue".
func TestCheckWithoutTheTeamsDoesNotCallATeamDeskDamaged(t *testing.T) {
	path, _ := teamDesk(t)
	for name, routing := range map[string]*model.Routing{"no teams": nil, "the teams": testTeams(t)} {
		probs, err := VerifyFileWithTeams(path, routing)
		if err != nil || len(probs) > 0 {
			t.Errorf("%s: %d problems %v: %s", name, len(probs), err, strings.Join(probs, "\n"))
		}
	}
	if probs, err := VerifyFile(path); err != nil || len(probs) > 0 {
		t.Errorf("VerifyFile: %q %v", probs, err)
	}
	for name, want := range map[string]bool{"no teams": true, "the teams": false} {
		opt := Options{ReadOnly: true}
		if name == "the teams" {
			opt.Routing = testTeams(t)
		}
		db, err := Open(path, opt)
		if err != nil {
			t.Fatal(err)
		}
		if got := db.QueueTimedElsewhere(); got != want {
			t.Errorf("%s: QueueTimedElsewhere = %v", name, got)
		}
		db.Close()
	}
}

// Checked without the teams, idx_queue is still checked for everything
// but the due times: a team case missing from it, or in it twice, is found.
func TestCheckWithoutTheTeamsStillFindsQueueDamage(t *testing.T) {
	path, team := teamDesk(t)
	var key []byte
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Update(func(tx *bolt.Tx) error {
		q := tx.Bucket(bucketQueue)
		q.ForEach(func(k, _ []byte) error {
			if idOf(k) == team {
				key = slices.Clone(k)
			}
			return nil
		})
		return q.Delete(key)
	})
	b.Close()
	want := fmt.Sprintf("case %d: missing from idx_queue", team)
	for _, routing := range []*model.Routing{nil, testTeams(t)} {
		probs, err := VerifyFileWithTeams(path, routing)
		if err != nil || len(probs) != 1 || probs[0] != want {
			t.Errorf("teams %v: %q %v", routing != nil, probs, err)
		}
	}

	b, err = bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Update(func(tx *bolt.Tx) error {
		later := slices.Clone(key)
		later[5]++ // the same case, status and priority, due later
		tx.Bucket(bucketQueue).Put(key, empty)
		return tx.Bucket(bucketQueue).Put(later, empty)
	})
	b.Close()
	probs, err := VerifyFile(path)
	if err != nil || len(probs) != 1 || probs[0] != fmt.Sprintf("case %d: more than one entry in idx_queue", team) {
		t.Errorf("twice: %q %v", probs, err)
	}
	if probs, _ := VerifyFileWithTeams(path, testTeams(t)); len(probs) != 1 || !strings.Contains(probs[0], "does not match case") {
		t.Errorf("twice, with the teams: %q", probs)
	}
}

// A repair records the teams it timed idx_queue under: repaired without
// them, a writer opening with them re-times the queue instead of trusting
// a record of the old timing.
func TestRepairRecordsTheTeamsItTimedTheQueueWith(t *testing.T) {
	path, _ := teamDesk(t)
	// A missing bucket keeps Open from re-timing; Repair alone runs.
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Update(func(tx *bolt.Tx) error { return tx.DeleteBucket(bucketCreated) })
	b.Close()
	db, err := Open(path, Options{Damaged: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Repair(); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = openTeams(t, path, newClock())
	mustCheck(t, db)
}

func TestProblemCountCountsTheCutOnes(t *testing.T) {
	for _, tc := range []struct {
		list []string
		want int
	}{
		{nil, 0},
		{[]string{"case 1: missing from idx_queue"}, 1},
		{[]string{"a", "b", fmt.Sprintf(moreProblems, 310)}, 312},
		{[]string{"case 7: subject … and 3 more problems in the text"}, 1},
	} {
		if got := ProblemCount(tc.list); got != tc.want {
			t.Errorf("%q: %d, want %d", tc.list, got, tc.want)
		}
	}
}
