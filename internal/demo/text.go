package demo

import (
	"strconv"
	"strings"
	"time"
)

// caseText is what fills a case's template placeholders.
type caseText struct {
	order   string
	amount  string
	days    string
	product string
	date    string
}

func (g *worker) newCaseText(created time.Time) caseText {
	r := g.r
	cur := "€"
	if chance(r, 0.4) {
		cur = "$"
	}
	return caseText{
		order:   "ORD-" + strconv.Itoa(1000000+r.IntN(9000000)),
		amount:  cur + strconv.Itoa(5+r.IntN(400)) + "." + strconv.Itoa(10+r.IntN(90)),
		days:    strconv.Itoa(2 + r.IntN(19)),
		product: oneOf(r, products),
		date:    created.AddDate(0, 0, -1-r.IntN(10)).Format("2 Jan"),
	}
}

// fill replaces {order}, {amount}, {days}, {product} and {date}.
func (t *caseText) fill(b *strings.Builder, tmpl string) {
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(tmpl[:i])
		switch tmpl[i+1 : i+j] {
		case "order":
			b.WriteString(t.order)
		case "amount":
			b.WriteString(t.amount)
		case "days":
			b.WriteString(t.days)
		case "product":
			b.WriteString(t.product)
		case "date":
			b.WriteString(t.date)
		default:
			b.WriteString(tmpl[i : i+j+1])
		}
		tmpl = tmpl[i+j+1:]
	}
	b.WriteString(tmpl)
}

// subject and body for a case about is, in the customer's voice: 1 to 4
// sentences, now and then an emoji, a CJK sentence for CJK-named customers,
// and rarely text meant to attack a terminal.
func (g *worker) text(is *issue, t *caseText, cjk, urgent bool, n int) (subject, body string) {
	r := g.r
	var b strings.Builder
	switch {
	case urgent && chance(r, 0.3):
		b.WriteString("URGENT: ")
	case chance(r, 0.08):
		b.WriteString("Re: ")
	}
	t.fill(&b, oneOf(r, is.subjects))
	subject = b.String()
	if chance(r, 0.05) {
		subject = strings.ToLower(subject)
	}

	b.Reset()
	t.fill(&b, oneOf(r, is.openers))
	sentences := 1 + r.IntN(4)
	used := -1
	for s := 1; s < sentences; s++ {
		if s == sentences-1 && chance(r, 0.5) {
			b.WriteString(" ")
			b.WriteString(oneOf(r, closers))
			continue
		}
		d := r.IntN(len(is.details))
		if d == used {
			continue
		}
		used = d
		b.WriteString(" ")
		t.fill(&b, is.details[d])
	}
	if cjk && chance(r, 0.6) {
		b.WriteString(" ")
		b.WriteString(oneOf(r, cjkSentences))
	}
	if chance(r, 0.04) {
		b.WriteString(oneOf(r, emoji))
	}
	body = b.String()

	// Hostile text, always in two of the first cases so even a small demo
	// exercises the sanitiser.
	if n == 3 || n == 5 || chance(r, 0.001) {
		h := hostile[n%len(hostile)]
		if n == 5 {
			h = "\u202e" + h
		}
		if chance(r, 0.5) {
			subject = h + subject
		} else {
			body = body + " " + h
		}
	}
	return subject, body
}
