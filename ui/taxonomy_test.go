package ui

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/store"
	"github.com/charmbracelet/x/exp/golden"
)

// taxStore is a small desk with the mess a taxonomy gathers: a typo'd
// double, an issue that repeats its area's name, one issue in two areas.
// No case carries two tags that get merged, so merges keep every total.
func taxStore(t *testing.T) *store.DB {
	t.Helper()
	return taxStoreOn(t, hmOpenStore(t))
}

// taxStoreOn fills db with taxStore's cases.
func taxStoreOn(t *testing.T, db *store.DB) *store.DB {
	t.Helper()
	var rows []model.ImportRow
	n := 0
	add := func(tag string, count int) {
		for i := 0; i < count; i++ {
			n++
			c := model.Case{ExternalID: fmt.Sprintf("T-%03d", n), Subject: "case " + tag,
				CreatedAt: hmNow.Add(-time.Duration(n*37) * time.Hour), Channel: model.ChannelEmail}
			if tag != "" {
				c.Tags = []string{tag}
			}
			rows = append(rows, model.ImportRow{Case: c, Customer: model.Customer{Name: fmt.Sprintf("Customer %d", n%5)}})
		}
	}
	add("billing/double-charge", 5)
	add("billing/double-charged", 3)
	add("delivery/late", 4)
	add("delivery/late-delivery", 2)
	add("delivery/lost", 2)
	add("billing/refund", 2)
	add("payments/refund", 1)
	add("account/login", 2)
	add("", 3)
	if _, err := db.Import(rows); err != nil {
		t.Fatal(err)
	}
	return db
}

func taxOpen(t *testing.T, svc model.CaseService, w, h int) *taxonomyPane {
	t.Helper()
	p := newTaxonomyPane(hmEnv(svc))
	p.SetSize(w, h)
	hmRun(p, p.Init())
	if !p.loaded {
		t.Fatalf("taxonomy did not load: %s", p.errTxt)
	}
	return p
}

func taxSelect(t *testing.T, p *taxonomyPane, tag string) {
	t.Helper()
	for i, ti := range p.shown {
		if p.tags[ti].Tag == tag {
			p.cur = i
			p.syncCur()
			p.fixScroll()
			return
		}
	}
	t.Fatalf("no tag %s shown", tag)
}

func taxTagNames(p *taxonomyPane) []string {
	var out []string
	for _, ti := range p.tags {
		out = append(out, ti.Tag)
	}
	return out
}

// taxStatus is the text of the one status message among msgs.
func taxStatus(t *testing.T, msgs []any) (string, bool) {
	t.Helper()
	for _, m := range msgs {
		if s, ok := m.(statusMsg); ok {
			return s.text, s.err
		}
	}
	t.Fatalf("no status message in %v", msgs)
	return "", false
}

func anys[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// heatTotals is what a heatmap shows for some rows, and the sum of every
// tag row: a merge without overlap must keep it.
func heatTotals(t *testing.T, svc model.CaseService, keys ...string) (map[string]int, int) {
	t.Helper()
	hp := hmOpen(t, svc, 120, 40)
	out := map[string]int{}
	for _, k := range keys {
		if r, ok := hp.m.Row(k); ok {
			out[k] = r.Total
		}
	}
	sum := 0
	for _, r := range hp.m.Rows {
		sum += r.Total
	}
	return out, sum
}

func TestNearDuplicates(t *testing.T) {
	info := func(tag string, cases int) model.TagInfo { return model.TagInfo{Tag: tag, Cases: cases} }
	tags := []model.TagInfo{
		info("billing/double-charge", 42), info("billing/double-charged", 3),
		info("delivery/late", 50), info("delivery/late-delivery", 7), info("delivery/lost", 9),
		info("billing/refund", 10), info("payments/refund", 4), info("billing/refunds", 1),
		info("account/login", 5), info("account/logout", 5),
		info("billing/fee", 2), info("billing/fees", 6),
		info("product/defect", 8), info("product/recall", 2),
		info("feedback", 3), info("feedbak", 1),
		info("payment/refund", 1), // the area misspelt: the whole tag is a variant
	}
	var got []string
	for _, d := range nearDuplicates(tags) {
		got = append(got, d.from+" → "+d.to+" ("+d.reason+")")
	}
	want := []string{
		"billing/double-charged → billing/double-charge (1 letter apart)",
		"billing/refunds → billing/refund (1 letter apart)",
		"billing/fee → billing/fees (1 letter apart)",
		"payment/refund → payments/refund (1 letter apart)",
		"feedbak → feedback (1 letter apart)",
		"delivery/late-delivery → delivery/late (same words)",
		// billing/refund and payments/refund: the same issue in two
		// areas is not a duplicate
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("near duplicates:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, tc := range []struct {
		a, b string
		want int
	}{{"late", "lost", 3}, {"double-charge", "double-charged", 1}, {"", "abc", 3}, {"kitten", "sitting", 3}, {"abc", "abc", 0}} {
		if got := editDistance(tc.a, tc.b, 2); got != min(tc.want, 3) {
			t.Errorf("editDistance(%q, %q) = %d", tc.a, tc.b, got)
		}
	}
}

func TestTaxonomyListShowsTags(t *testing.T) {
	hmAscii(t)
	p := taxOpen(t, taxStore(t), 100, 20)
	v := p.View()
	for _, want := range []string{"Tag taxonomy · 8 tags · 0 retired · 2 near-duplicate pairs", "billing/double-charge", "CASES", "FIRST USED", "LAST USED"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	// First and last use are days; counts are the store's.
	taxSelect(t, p, "billing/double-charge")
	ti, _ := p.current()
	if ti.Cases != 5 || model.Day(ti.FirstUsed).String() == "" || ti.LastUsed < ti.FirstUsed {
		t.Errorf("tag info %+v", ti)
	}
}

func TestTaxonomyMergeNearDuplicateKeepsTotals(t *testing.T) {
	hmAscii(t)
	db := taxStore(t)
	before, sumBefore := heatTotals(t, db, "billing/", "billing/double-charge", "billing/double-charged", "")
	p := taxOpen(t, db, 100, 20)
	hmKeys(p, "d")
	if p.mode != taxDups || !strings.Contains(p.View(), "Near duplicates · 2 pairs") {
		t.Fatalf("d: %s", p.View())
	}
	if d := p.dups[0]; d.from != "billing/double-charged" || d.to != "billing/double-charge" {
		t.Fatalf("first pair %+v", d)
	}
	// enter asks, naming both tags and their cases; y merges the pair.
	if msgs := hmKeys(p, "enter"); len(msgs) != 0 || p.inputKind != taxConfirm {
		t.Fatalf("enter merged without asking: %v", msgs)
	}
	if v := p.View(); !strings.Contains(v, "merge billing/double-charged (3 cases) into billing/double-charge (5 cases)? No undo. y/n") {
		t.Fatalf("the question does not say what merges:\n%s", v)
	}
	msgs := hmKeys(p, "y")
	text, isErr := taxStatus(t, anys(msgs))
	if isErr || text != "merged billing/double-charged into billing/double-charge: 3 cases" {
		t.Errorf("status %q", text)
	}
	if slices := taxTagNames(p); strings.Contains(strings.Join(slices, " "), "double-charged") {
		t.Errorf("tag still listed: %v", slices)
	}
	if len(p.dups) != 1 {
		t.Errorf("pairs after the merge: %+v", p.dups)
	}
	after, sumAfter := heatTotals(t, db, "billing/", "billing/double-charge", "billing/double-charged", "")
	if after["billing/double-charge"] != before["billing/double-charge"]+before["billing/double-charged"] {
		t.Errorf("merged row %d, was %d + %d", after["billing/double-charge"], before["billing/double-charge"], before["billing/double-charged"])
	}
	if _, ok := after["billing/double-charged"]; ok {
		t.Error("the merged tag still has a row")
	}
	if after["billing/"] != before["billing/"] || after[""] != before[""] || sumAfter != sumBefore {
		t.Errorf("totals moved: %v %d → %v %d", before, sumBefore, after, sumAfter)
	}
	// R swaps a pair's direction before merging.
	hmKeys(p, "R")
	if d := p.dups[0]; d.from != "delivery/late" || d.to != "delivery/late-delivery" {
		t.Errorf("R: %+v", d)
	}
}

func TestTaxonomyRenameOntoExistingAsksToMerge(t *testing.T) {
	hmAscii(t)
	db := taxStore(t)
	p := taxOpen(t, db, 100, 20)
	taxSelect(t, p, "delivery/late-delivery")
	hmKeys(p, "r", "ctrl+u")
	hmType(p, "Delivery / Late")
	hmKeys(p, "enter")
	if p.inputKind != taxConfirm {
		t.Fatalf("no confirmation: input %d", p.inputKind)
	}
	if v := p.View(); !strings.Contains(v, "merge delivery/late-delivery (2 cases) into delivery/late (4 cases)? No undo. y/n") {
		t.Errorf("confirmation:\n%s", v)
	}
	if msgs := hmKeys(p, "n"); p.Capturing() || len(p.tags) != 8 {
		t.Errorf("n: %v, %d tags", msgs, len(p.tags))
	}
	hmKeys(p, "r", "ctrl+u")
	hmType(p, "delivery/late")
	hmKeys(p, "enter")
	text, _ := taxStatus(t, anys(hmKeys(p, "y")))
	if text != "merged delivery/late-delivery into delivery/late: 2 cases" {
		t.Errorf("status %q", text)
	}
	if ti, _ := p.current(); ti.Tag != "delivery/late" || ti.Cases != 6 {
		t.Errorf("cursor on %+v", ti)
	}
}

func TestTaxonomyRenameKeepsTotals(t *testing.T) {
	hmAscii(t)
	db := taxStore(t)
	before, sumBefore := heatTotals(t, db, "account/login", "account/")
	p := taxOpen(t, db, 100, 20)
	taxSelect(t, p, "account/login")
	hmKeys(p, "r", "ctrl+u")
	hmType(p, "account/sign-in")
	text, _ := taxStatus(t, anys(hmKeys(p, "enter")))
	if text != "renamed account/login to account/sign-in: 2 cases" {
		t.Errorf("status %q", text)
	}
	after, sumAfter := heatTotals(t, db, "account/sign-in", "account/")
	if after["account/sign-in"] != before["account/login"] || after["account/"] != before["account/"] || sumAfter != sumBefore {
		t.Errorf("rename moved totals: %v → %v", before, after)
	}
	// An invalid name is refused with the prompt still open.
	hmKeys(p, "r", "ctrl+u")
	hmType(p, " / ")
	if _, isErr := taxStatus(t, anys(hmKeys(p, "enter"))); !isErr || !p.Capturing() {
		t.Error("an empty tag was accepted")
	}
	hmKeys(p, "esc")
}

func TestTaxonomyMergePicker(t *testing.T) {
	hmAscii(t)
	db := taxStore(t)
	p := taxOpen(t, db, 100, 20)
	taxSelect(t, p, "payments/refund")
	hmKeys(p, "m")
	hmType(p, "bilref")
	if len(p.pick) == 0 || p.tags[p.pick[0]].Tag != "billing/refund" {
		t.Fatalf("picker: %v", p.pick)
	}
	for _, i := range p.pick {
		if p.tags[i].Tag == "payments/refund" {
			t.Error("the picker offers the tag itself")
		}
	}
	if !strings.Contains(p.View(), "merge payments/refund (1 case) into the tag chosen below") {
		t.Errorf("picker view:\n%s", p.View())
	}
	hmKeys(p, "enter")
	if p.inputKind != taxConfirm {
		t.Fatal("no confirmation")
	}
	text, _ := taxStatus(t, anys(hmKeys(p, "y")))
	if text != "merged payments/refund into billing/refund: 1 case" {
		t.Errorf("status %q", text)
	}
}

func TestTaxonomyMoveToArea(t *testing.T) {
	hmAscii(t)
	db := taxStore(t)
	p := taxOpen(t, db, 100, 20)
	taxSelect(t, p, "billing/refund")
	hmKeys(p, "a", "ctrl+u")
	hmType(p, "payments")
	hmKeys(p, "enter")
	// payments/refund exists: that is a merge, asked first.
	if p.inputKind != taxConfirm || p.pending.to != "payments/refund" {
		t.Fatalf("move onto an existing tag: %+v", p.pending)
	}
	hmKeys(p, "esc")
	taxSelect(t, p, "account/login")
	hmKeys(p, "a", "ctrl+u")
	hmType(p, "access")
	text, _ := taxStatus(t, anys(hmKeys(p, "enter")))
	if text != "renamed account/login to access/login: 2 cases" {
		t.Errorf("status %q", text)
	}
}

func TestTaxonomyRetire(t *testing.T) {
	hmAscii(t)
	db := taxStore(t)
	p := taxOpen(t, db, 100, 20)
	taxSelect(t, p, "delivery/lost")
	// x asks first, naming the tag and its cases; n changes nothing
	hmKeys(p, "x")
	if v := p.View(); !strings.Contains(v, "retire delivery/lost (2 cases)? Agents can no longer add it; its cases keep it. y/n") {
		t.Fatalf("x did not ask:\n%s", v)
	}
	hmKeys(p, "n")
	if ti, _ := p.current(); ti.Retired {
		t.Fatal("n retired the tag")
	}
	hmKeys(p, "x")
	text, _ := taxStatus(t, anys(hmKeys(p, "y")))
	if ti, _ := p.current(); !ti.Retired || text != "retired delivery/lost: agents can no longer add it; its 2 cases keep it" {
		t.Errorf("x: %+v %q", ti, text)
	}
	if !strings.Contains(p.View(), "1 retired") || !strings.Contains(p.View(), "retired") {
		t.Error("view does not show the retired tag")
	}
	text, _ = taxStatus(t, anys(hmKeys(p, "x")))
	if ti, _ := p.current(); ti.Retired || !strings.HasPrefix(text, "brought back delivery/lost") {
		t.Errorf("x again: %+v %q", ti, text)
	}
}

func TestTaxonomyFuzzyFilter(t *testing.T) {
	hmAscii(t)
	p := taxOpen(t, taxStore(t), 100, 20)
	hmKeys(p, "/")
	hmType(p, "dblchg")
	var shown []string
	for _, i := range p.shown {
		shown = append(shown, p.tags[i].Tag)
	}
	if len(shown) != 2 || !strings.HasPrefix(shown[0], "billing/double-charge") {
		t.Errorf("dblchg shows %v", shown)
	}
	hmKeys(p, "enter")
	if p.Capturing() || !strings.Contains(p.View(), "filter: dblchg") {
		t.Error("filter not kept")
	}
	hmKeys(p, "esc")
	if len(p.shown) != len(p.tags) {
		t.Error("esc did not clear the filter")
	}
}

func TestTaxonomyReloadsOnChange(t *testing.T) {
	db := taxStore(t)
	p := taxOpen(t, db, 100, 20)
	var id model.CaseID
	db.EachSummary(func(s model.Summary) error { id = s.ID; return nil })
	if _, err := db.Act(id, 0, "ana", model.AddTag{Tag: "service/new-thing"}); err != nil {
		t.Fatal(err)
	}
	c := p.Update(changeMsg{})
	if p.Update(changeMsg{}) != nil {
		t.Error("no debounce")
	}
	hmRun(p, c)
	if _, ok := p.byName["service/new-thing"]; !ok {
		t.Error("new tag not listed after the change notice")
	}
}

func TestTaxonomyViewSizes(t *testing.T) {
	hmAscii(t)
	db := taxStore(t)
	for _, svc := range []model.CaseService{db, hmOpenStore(t)} {
		p := taxOpen(t, svc, 80, 24)
		for _, sz := range [][2]int{{20, 5}, {1, 1}, {0, 0}, {20, 2}, {30, 8}, {60, 15}, {80, 24}, {160, 50}, {200, 10}} {
			p.SetSize(sz[0], sz[1])
			hmCheckLines(t, p.View(), sz[0], sz[1])
			hmKeys(p, "d")
			hmCheckLines(t, p.View(), sz[0], sz[1])
			hmKeys(p, "d", "m")
			hmType(p, "re")
			hmCheckLines(t, p.View(), sz[0], sz[1])
			hmKeys(p, "esc", "G", "r")
			hmCheckLines(t, p.View(), sz[0], sz[1])
			hmKeys(p, "esc")
		}
	}
}

func TestTaxonomyGolden(t *testing.T) {
	hmAscii(t)
	p := taxOpen(t, taxStore(t), 80, 24)
	taxSelect(t, p, "billing/double-charged")
	t.Run("list_80x24", func(t *testing.T) { golden.RequireEqual(t, []byte(p.View())) })
	hmKeys(p, "d")
	t.Run("dups_80x24", func(t *testing.T) { golden.RequireEqual(t, []byte(p.View())) })
}

// editDistance (trimming common ends, stopping past the limit) agrees with
// a plain Levenshtein distance on random tag-like strings.
func TestEditDistanceMatchesPlainLevenshtein(t *testing.T) {
	plain := func(a, b string) int {
		prev := make([]int, len(b)+1)
		for j := range prev {
			prev[j] = j
		}
		for i := 1; i <= len(a); i++ {
			cur := make([]int, len(b)+1)
			cur[0] = i
			for j := 1; j <= len(b); j++ {
				c := prev[j-1]
				if a[i-1] != b[j-1] {
					c++
				}
				cur[j] = min(c, prev[j]+1, cur[j-1]+1)
			}
			prev = cur
		}
		return prev[len(b)]
	}
	r := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		b := make([]byte, r.IntN(9))
		for i := range b {
			b[i] = "ab-c"[r.IntN(4)]
		}
		return string(b)
	}
	for range 20000 {
		a, b := word(), word()
		want := min(plain(a, b), 3)
		if got := min(editDistance(a, b, 2), 3); got != want { // past the limit: any larger number
			t.Fatalf("editDistance(%q, %q) = %d, want %d", a, b, got, want)
		}
	}
}

// TestTaxonomyFilterThenActHitsTheMatch: 4, G, /recall, enter: the cursor
// is on the match, not on the tag it was on before, and x asks about it.
func TestTaxonomyFilterThenActHitsTheMatch(t *testing.T) {
	hmAscii(t)
	p := taxOpen(t, taxStore(t), 120, 20)
	hmKeys(p, "G")
	before, _ := p.current()
	hmKeys(p, "/")
	hmType(p, "refund")
	hmKeys(p, "enter")
	cur, _ := p.current()
	if !strings.Contains(cur.Tag, "refund") || cur.Tag == before.Tag {
		t.Fatalf("after the filter the cursor is on %s (was %s)", cur.Tag, before.Tag)
	}
	hmKeys(p, "x")
	if v := p.View(); !strings.Contains(v, "retire "+cur.Tag+" (") {
		t.Errorf("x does not ask about the match %s:\n%s", cur.Tag, v)
	}
}
