package store

import (
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/caredesk/caredesk/model"
)

// recountTags counts, from the summaries alone, each tag's cases and its
// cases per day: the independent reference for the tags' case counts and
// the tag × day counters.
func recountTags(t *testing.T, db *DB) (cases map[string]int, days map[model.TagDayCount]bool) {
	t.Helper()
	cases = map[string]int{}
	perDay := map[model.TagDayCount]int{}
	err := db.EachSummary(func(s model.Summary) error {
		for _, tag := range s.Tags {
			cases[tag]++
			perDay[model.TagDayCount{Tag: tag, Day: model.DayOf(s.CreatedAt)}]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	days = map[model.TagDayCount]bool{}
	for k, n := range perDay {
		k.Count = n
		days[k] = true
	}
	return cases, days
}

func tagInfos(t *testing.T, db *DB) map[string]model.TagInfo {
	t.Helper()
	tags, err := db.Tags()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]model.TagInfo{}
	for _, ti := range tags {
		out[ti.Tag] = ti
	}
	return out
}

// checkAgainstRecount compares every counter with a recount from the
// cases, and runs Check.
func checkAgainstRecount(t *testing.T, db *DB) {
	t.Helper()
	wantCases, wantDays := recountTags(t, db)
	for tag, ti := range tagInfos(t, db) {
		if ti.Cases != wantCases[tag] {
			t.Errorf("tag %s counts %d cases, recount %d", tag, ti.Cases, wantCases[tag])
		}
	}
	got, err := db.TagDayCounts(-1<<30, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	gotDays := map[model.TagDayCount]bool{}
	for _, c := range got {
		if c.Tag != "" {
			gotDays[c] = true
		}
	}
	if !maps.Equal(gotDays, wantDays) {
		t.Errorf("tag × day counters differ from the recount: %d vs %d", len(gotDays), len(wantDays))
	}
	if got, want := areaCounts(t, db), recountAreas(t, db); !maps.Equal(got, want) {
		t.Errorf("area × day counters differ from the recount: %d vs %d", len(got), len(want))
	}
	mustCheck(t, db)
}

func searchIDs(t *testing.T, db *DB, raw string) []model.CaseID {
	t.Helper()
	q, err := model.ParseQuery(raw)
	if err != nil {
		t.Fatal(err)
	}
	hits, err := db.SearchText(q)
	if err != nil {
		t.Fatal(err)
	}
	return hits.IDs
}

// TestRenameAreaCountersFollow renames a whole area (shipping/* →
// goods/*, one goods tag already existing, so that one merges) and then
// merges an area into an existing one (card/* into billing/*), on
// generated cases of which a third carry two tags: every counter equals
// a recount from the cases, the word index finds the new names and not
// the old, and Check finds nothing.
func TestRenameAreaCountersFollow(t *testing.T) {
	db, _ := openTest(t)
	rows := newRowGen(11, 40).batch(600)
	rows = append(rows, oneRow("G-1", rows[0].Case.CreatedAt, "goods/late", "shipping/late"), oneRow("G-2", rows[0].Case.CreatedAt, "goods/late"))
	rows = append(rows, oneRow("C-1", rows[0].Case.CreatedAt, "card/declined", "billing/fee", "card"))
	mustImport(t, db, rows)
	before := tagInfos(t, db)
	shippingCases := map[model.CaseID]bool{}
	for _, id := range searchIDs(t, db, "shipping") {
		shippingCases[id] = true
	}
	var shippingTags []string
	for tag := range before {
		if model.TagArea(tag) == "shipping" {
			shippingTags = append(shippingTags, tag)
		}
	}
	tags, cases, err := db.RenameArea("shipping/*", "goods", "lead")
	if err != nil {
		t.Fatal(err)
	}
	if tags != len(shippingTags) || cases != len(shippingCases) || cases == 0 {
		t.Fatalf("renamed %d tags on %d cases, want %d tags on %d cases", tags, cases, len(shippingTags), len(shippingCases))
	}
	after := tagInfos(t, db)
	for tag := range after {
		if model.TagArea(tag) == "shipping" {
			t.Errorf("tag %s is still in the old area", tag)
		}
	}
	// goods/late existed: shipping/late merged into it, a case carrying
	// both keeps one.
	if got, want := after["goods/late"].Cases, before["shipping/late"].Cases+before["goods/late"].Cases-1; got != want {
		t.Errorf("goods/late has %d cases after the merge, want %d", got, want)
	}
	if len(searchIDs(t, db, "shipping")) != 0 {
		t.Error("the word index still finds the old area")
	}
	checkAgainstRecount(t, db)

	// Merging an area into an existing one: card and card/declined go
	// under billing; the bare tag card becomes billing.
	if _, _, err := db.RenameArea("card", "billing/", "lead"); err != nil {
		t.Fatal(err)
	}
	after = tagInfos(t, db)
	if _, ok := after["billing/declined"]; !ok {
		t.Errorf("card/declined did not move: %v", slices.Collect(maps.Keys(after)))
	}
	if _, ok := after["billing"]; !ok {
		t.Error("the bare tag card did not become billing")
	}
	checkAgainstRecount(t, db)

	if _, _, err := db.RenameArea("nosuch", "x", "lead"); err == nil || !strings.Contains(err.Error(), "no tag in area nosuch") {
		t.Fatalf("renaming an empty area: %v", err)
	}
	if _, _, err := db.RenameArea("billing/fee", "x", "lead"); err == nil {
		t.Fatal("a tag was accepted as an area")
	}
}

// TestRenameAreaKeepsTeams: a team that owns the old area keeps its
// cases — the rename changes tags, not who works them.
func TestRenameAreaKeepsTeams(t *testing.T) {
	clk := newClock()
	db := openTeams(t, filepath.Join(t.TempDir(), "care.db"), clk)
	mustImport(t, db, []model.ImportRow{teamRow("D-1", model.StatusNew, model.ChannelEmail, "delivery/late")})
	if c := caseBy(t, db, "D-1"); c.Team != "delivery" {
		t.Fatalf("routed to %q", c.Team)
	}
	if _, _, err := db.RenameArea("delivery", "goods", "lead"); err != nil {
		t.Fatal(err)
	}
	if c := caseBy(t, db, "D-1"); c.Team != "delivery" || !slices.Equal(c.Tags, []string{"goods/late"}) {
		t.Fatalf("after the rename: team %q tags %v", c.Team, c.Tags)
	}
	mustCheck(t, db)
}
