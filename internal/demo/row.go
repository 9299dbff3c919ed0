package demo

import (
	"cmp"
	"fmt"
	"time"

	"github.com/caredesk/caredesk/model"
)

const (
	untaggedShare = 0.15 // the feedback backlog
	secondTag     = 0.04
)

var channelOrder = []model.Channel{model.ChannelEmail, model.ChannelChat, model.ChannelPhone, model.ChannelWeb,
	model.ChannelSocial, model.ChannelLetter, model.ChannelOther}

var channelCum = cumulative(38, 22, 18, 14, 6, 1, 1)

func cumulative(ws ...float64) []float64 {
	out := make([]float64, len(ws))
	s := 0.0
	for i, w := range ws {
		s += w
		out[i] = s
	}
	return out
}

var teamCum = func() []float64 {
	ws := make([]float64, len(team))
	for i, m := range team {
		ws[i] = m.share
	}
	return cumulative(ws...)
}()

func (g *worker) agent() string { return team[pick(g.r, teamCum)].name }

// row builds one case: its issue from the week's trend, its customer, its
// text, and a final state reached by applying real actions, so the timeline
// is the model's own account of how the case got there.
func (g *worker) row(created time.Time) (model.ImportRow, error) {
	r := g.r
	g.next++
	n := g.next
	age := g.cfg.Now.Sub(created)
	week := min(int(age/(7*24*time.Hour)), g.cfg.Weeks-1)

	k := g.pickCustomer()
	cust := g.customer(k)
	g.greeting = firstWord(cust.Name)
	is := &issues[pick(r, g.tagCum[week])]

	pr := model.PriorityNormal
	switch x := r.Float64(); {
	case x < 0.03+is.urgent:
		pr = model.PriorityUrgent
	case x < 0.18+is.urgent:
		pr = model.PriorityHigh
	case x > 0.85:
		pr = model.PriorityLow
	}
	t := g.newCaseText(created)
	subject, body := g.text(is, &t, isCJK(cust.Name), pr == model.PriorityUrgent, n)

	c := model.Case{
		ExternalID: fmt.Sprintf("%s%06d", cmp.Or(g.cfg.IDPrefix, "DEMO-"), n),
		CreatedAt:  created,
		UpdatedAt:  created,
		Channel:    channelOrder[pick(r, channelCum)],
		CustomerID: cust.ID,
		Subject:    subject,
		Body:       body,
		Priority:   pr,
		Status:     model.StatusNew,
		Fields:     g.fields(is, &t),
	}

	var tags []string
	if !chance(r, untaggedShare) {
		tags = append(tags, is.tag)
		if chance(r, secondTag) {
			other := issues[pick(r, g.tagCum[week])].tag
			if model.TagArea(other) != model.TagArea(is.tag) {
				tags = append(tags, other)
			}
		}
	}
	events, err := g.work(&c, &t, finalStatus(r, age), tags, age)
	if err != nil {
		return model.ImportRow{}, fmt.Errorf("demo case %s: %w", c.ExternalID, err)
	}
	return model.ImportRow{Source: "demo", Line: n, Case: c, Customer: cust, Events: events}, nil
}

func (g *worker) fields(is *issue, t *caseText) []model.Field {
	fs := make([]model.Field, 0, 3)
	switch model.TagArea(is.tag) {
	case "billing", "delivery", "product":
		fs = append(fs, model.Field{Key: "order_id", Value: t.order})
	}
	switch model.TagArea(is.tag) {
	case "billing", "account":
		fs = append(fs, model.Field{Key: "plan", Value: oneOf(g.r, plans)})
	}
	return append(fs, model.Field{Key: "region", Value: oneOf(g.r, regions)})
}

// finalStatus: recent cases are still being worked, older ones mostly done.
func finalStatus(r interface{ Float64() float64 }, age time.Duration) model.Status {
	days := age.Hours() / 24
	var cum [5]float64 // new, open, pending, resolved, closed
	switch {
	case age < 15*time.Minute:
		return model.StatusNew
	case days < 1:
		cum = [5]float64{55, 85, 95, 100, 100}
	case days < 3:
		cum = [5]float64{12, 45, 72, 97, 100}
	case days < 14:
		cum = [5]float64{2, 12, 26, 70, 100}
	default:
		cum = [5]float64{0.3, 1.5, 3.5, 25, 100}
	}
	x := r.Float64() * 100
	for i, c := range cum {
		if x < c {
			return model.Statuses[i]
		}
	}
	return model.StatusClosed
}

func isCJK(s string) bool {
	for _, r := range s {
		if r >= 0x1100 && (r <= 0x11ff || r >= 0x2e80 && r <= 0x9fff || r >= 0xac00 && r <= 0xd7af) {
			return true
		}
	}
	return false
}

func firstWord(s string) string {
	for i, r := range s {
		if r == ' ' {
			return s[:i]
		}
	}
	return s
}
