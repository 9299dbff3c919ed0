package report

import (
	"strings"
	"testing"

	"github.com/caredesk/caredesk/model"
)

// The brief names a repeat customer with the queue query that finds their
// cases; "(#278)" opened case 278 in the queue, someone else's.
func TestRepeatCustomerLabelIsAQueueQuery(t *testing.T) {
	r := RepeatCustomer{ID: 278, Name: "Aisha Andersson", Email: "aisha@example.com", Cases: 3}
	got := r.Label()
	if strings.Contains(got, "#278") || !strings.Contains(got, `customer:"aisha@example.com"`) {
		t.Fatalf("label %q", got)
	}
	q, err := model.ParseQuery(`customer:"aisha@example.com"`)
	if err != nil || len(q.Filters()) != 1 {
		t.Fatalf("the label's query does not parse as one customer filter: %+v %v", q, err)
	}
}
