package store

import (
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// A customer_email that is not one e-mail address ("n/a", two addresses,
// one with a terminal escape) is left out with a warning (file:line), and
// the customer is told apart by phone, else name: taken as written, every
// row with "n/a" was one customer (Bert Two's case opened as Alice One's,
// a repeat contact), and the text became a reply's To (new-user finding).
func TestImportLeavesOutACustomerEmailThatIsNoAddress(t *testing.T) {
	db, clk := openTest(t)
	at := clk.Now().Add(-time.Hour)
	row := func(ext string, line int, name, email string) model.ImportRow {
		r := oneRow(ext, at)
		r.Line, r.Customer = line, model.Customer{Name: name, Email: email}
		return r
	}
	res := mustImport(t, db, []model.ImportRow{row("NA-1", 2, "Alice One", "n/a"), row("NA-2", 3, "Bert Two", "n/a"),
		row("E-2", 4, "Cy Three", "a@b.com, c@d.com"), row("L-4", 5, "Di Four", "l4@example.com\x1b[2J"),
		row("OK-1", 6, "Eve Five", " Eve@Example.com ")})
	if res.Imported != 5 || len(res.Warnings) != 4 {
		t.Fatalf("%+v", res)
	}
	if w := res.Warnings[0]; w != `import t.csv:2: case NA-1: customer_email "n/a" is not an e-mail address: left out` {
		t.Fatalf("warning %q", w)
	}
	for _, w := range res.Warnings {
		if strings.Contains(w, "\x1b") {
			t.Fatalf("a warning holds the escape raw: %q", w)
		}
	}
	names := map[string]string{"NA-1": "Alice One", "NA-2": "Bert Two", "E-2": "Cy Three", "L-4": "Di Four", "OK-1": "Eve Five"}
	ids := map[model.CustomerID]bool{}
	for ext, name := range names {
		c := caseBy(t, db, ext)
		cu, err := db.Customer(c.CustomerID)
		if err != nil {
			t.Fatal(err)
		}
		if cu.Name != name || ext != "OK-1" && cu.Email != "" {
			t.Fatalf("%s: customer %+v, want %s with no e-mail", ext, cu, name)
		}
		ids[c.CustomerID] = true
	}
	if len(ids) != 5 {
		t.Fatalf("%d customers for five people", len(ids))
	}
	mustCheck(t, db)
}
