package store

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/caredesk/caredesk/model"
)

// rowGen makes deterministic, realistic import rows: ~250-byte bodies,
// three extra fields, one or two tags, repeat customers, creation times
// mostly in order (as exports are).
type rowGen struct {
	r         *rand.Rand
	n         int
	base      time.Time
	customers int
}

func newRowGen(seed uint64, customers int) *rowGen {
	return &rowGen{r: rand.New(rand.NewPCG(seed, 42)), base: time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC), customers: customers}
}

var (
	genWords    = strings.Fields("the my order account card payment charged twice refund never arrived late store support called waiting weeks fee interest report credit error wrong address phone email bank loan transfer balance statement closed opened dispute")
	genSubjects = []string{"Charged twice for one order", "Refund not received", "Package never arrived", "Wrong item shipped", "Cannot log in", "Unexpected fee on statement", "Card declined", "Late delivery", "Account closed without notice", "Incorrect credit report", "Loan payment not applied", "Dispute ignored"}
	genTags     = []string{"billing/double-charge", "billing/refund", "billing/fee", "shipping/late", "shipping/lost", "shipping/wrong-item", "account/login", "account/closed", "credit/report-error", "credit/dispute", "loan/payment", "card/declined", "fraud", "web/bug", "praise"}
	genProducts = []string{"Credit card", "Mortgage", "Checking account", "Student loan", "Debt collection", "Money transfer"}
	genStates   = []string{"CA", "NY", "TX", "FL", "WA", "IL", "GA", "OH"}
	genCompany  = []string{"Acme Bank", "Globex", "Initech", "Umbrella Credit", "Soylent Finance"}
	genChannels = []model.Channel{model.ChannelEmail, model.ChannelWeb, model.ChannelPhone, model.ChannelChat, model.ChannelLetter}
)

func (g *rowGen) pick(ss []string) string { return ss[g.r.IntN(len(ss))] }

func (g *rowGen) body() string {
	var b strings.Builder
	for b.Len() < 240 {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(g.pick(genWords))
	}
	b.WriteByte('.')
	return b.String()
}

func (g *rowGen) next() model.ImportRow {
	g.n++
	i := g.n
	created := g.base.Add(time.Duration(i)*30*time.Second + time.Duration(g.r.IntN(600))*time.Second)
	c := model.Case{
		ExternalID: fmt.Sprintf("CFPB-%08d", i),
		CreatedAt:  created,
		Channel:    genChannels[g.r.IntN(len(genChannels))],
		Subject:    g.pick(genSubjects),
		Body:       g.body(),
		Priority:   model.Priorities[g.r.IntN(len(model.Priorities))],
		Tags:       []string{g.pick(genTags)},
		Fields: []model.Field{{Key: "product", Value: g.pick(genProducts)}, {Key: "state", Value: g.pick(genStates)},
			{Key: "company", Value: g.pick(genCompany)}},
	}
	if g.r.IntN(3) == 0 {
		c.Tags = append(c.Tags, g.pick(genTags))
	}
	if g.r.IntN(20) == 0 {
		c.Tags = nil
	}
	var cu model.Customer
	if g.r.IntN(10) != 0 {
		k := g.r.IntN(g.customers)
		cu = model.Customer{Name: fmt.Sprintf("Customer %d", k), Email: fmt.Sprintf("c%d@example.com", k)}
	}
	return model.ImportRow{Source: "gen", Line: i, Case: c, Customer: cu}
}

func (g *rowGen) batch(n int) []model.ImportRow {
	rows := make([]model.ImportRow, n)
	for i := range rows {
		rows[i] = g.next()
	}
	return rows
}
