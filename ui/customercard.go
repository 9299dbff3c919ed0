package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/caredesk/caredesk/internal/cells"
	"github.com/caredesk/caredesk/model"
)

// cardInfo is what the customer card says, computed once per load rather
// than per frame.
type cardInfo struct {
	anonymous bool
	contacts  int
	open      int
	atRisk    bool
	heading   string   // REPEAT CONTACT (model's rule), REOPENED, or both
	reasons   []string // why the customer is at risk, one per heading
	seen      []string // tags on their other cases, most frequent first
}

func (ci cardInfo) equal(o cardInfo) bool {
	return ci.anonymous == o.anonymous && ci.contacts == o.contacts && ci.open == o.open && ci.atRisk == o.atRisk &&
		ci.heading == o.heading && slices.Equal(ci.reasons, o.reasons) && slices.Equal(ci.seen, o.seen)
}

func (p *casePane) cardInfo() cardInfo {
	var ci cardInfo
	if p.c.CustomerID == 0 {
		ci.anonymous = true
		return ci
	}
	contacts := make([]time.Time, 0, len(p.custCases)+1)
	counts := map[string]int{}
	hasShown := false
	for _, s := range p.custCases {
		contacts = append(contacts, s.CreatedAt)
		if s.Status.Active() {
			ci.open++
		}
		if s.ID == p.c.ID {
			hasShown = true
			continue
		}
		for _, t := range s.Tags {
			counts[t]++
		}
	}
	if !hasShown && p.c.ID != 0 {
		contacts = append(contacts, p.c.CreatedAt)
		if p.c.Status.Active() {
			ci.open++
		}
	}
	ci.contacts = len(contacts)
	for t := range counts {
		ci.seen = append(ci.seen, t)
	}
	slices.SortFunc(ci.seen, func(a, b string) int {
		if d := counts[b] - counts[a]; d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	// A repeat contact is the one rule the heatmap and the brief count
	// (model.RepeatContact); a reopened case also needs care but is not a
	// repeat contact, so it gets its own heading. A customer who is both
	// gets both headings: a narrow card cuts the reason, not the heading.
	ci.atRisk = model.AtRisk(contacts, p.reopened)
	var headings []string
	if model.RepeatContact(contacts) {
		headings = append(headings, "REPEAT CONTACT")
		ci.reasons = append(ci.reasons, fmt.Sprintf("%d contacts within %d days", maxInWindow(contacts, model.RepeatWindow),
			int(model.RepeatWindow/(24*time.Hour))))
	}
	if p.reopened {
		headings = append(headings, "REOPENED")
		ci.reasons = append(ci.reasons, "a case of theirs was reopened")
	}
	ci.heading = strings.Join(headings, " · ")
	return ci
}

// maxInWindow is the most contacts that fall within any window.
func maxInWindow(ts []time.Time, window time.Duration) int {
	ts = slices.Clone(ts)
	slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
	best, j := 0, 0
	for i := range ts {
		for ts[i].Sub(ts[j]) > window {
			j++
		}
		best = max(best, i-j+1)
	}
	return best
}

// warning is the repeat-contact mark: a symbol and words, so it stands out
// without colour too.
func (p *casePane) warning(w int) string {
	return p.styled(&p.e.styles.Warning, Truncate("⚠ "+p.card.heading+": "+strings.Join(p.card.reasons, "; "), w))
}

// cardWide is the customer card beside the case: a fixed block, then the
// customer's other cases filling the height.
func (p *casePane) cardWide(l caseLayout) []string {
	st, w := p.e.styles, l.cardW
	pad := func(s string) string { return " " + s }
	iw := max(w-1, 0)
	lines := make([]string, 0, p.height)
	lines = append(lines, p.rule("Customer", "", w, false))
	ci := p.card
	switch {
	case !p.loaded:
	case ci.anonymous:
		lines = append(lines,
			pad(p.styled(&st.Bold, "Anonymous case")),
			pad(p.styled(&st.Muted, Truncate("No customer on record.", iw))))
	case p.custErr != nil:
		lines = append(lines, pad(p.styled(&st.Error, Truncate("customer unavailable: "+errText(p.custErr), iw))))
	default:
		cu := p.cust
		lines = append(lines,
			pad(p.styled(&st.Bold, Truncate(orDash(cu.DisplayName()), iw))),
			pad(p.styled(&st.Muted, "email ")+Truncate(orDash(cu.Email), max(iw-6, 0))),
			pad(p.styled(&st.Muted, "phone ")+Truncate(orDash(cu.Phone), max(iw-6, 0))),
			pad(p.styled(&st.Muted, "first contact ")+p.day(cu.FirstContact)),
			pad(counted(ci.contacts, "contact", "contacts")+fmt.Sprintf(" · %d open", ci.open)),
		)
		if ci.atRisk {
			// the heading on a line of its own, so the reason is not cut
			// in a narrow card; each reason on its own line
			lines = append(lines, pad(p.styled(&st.Warning, Truncate("⚠ "+ci.heading, iw))))
			for _, r := range ci.reasons {
				lines = append(lines, pad(p.styled(&st.Warning, Truncate("  "+r, iw))))
			}
		} else {
			lines = append(lines, pad(p.styled(&st.Muted, Truncate("no repeat contact", iw))), "")
		}
		lines = append(lines, pad(p.styled(&st.Muted, "seen before")))
		// two lines at most, fewer when the warning's reasons leave less
		// of the card's top (fitLines would cut the "+N more" off)
		for _, s := range p.seenLines(max(iw-2, 1), min(2, cardTopWide-len(lines))) {
			lines = append(lines, pad("  "+p.styled(&st.Tag, s)))
		}
	}
	lines = fitLines(lines, cardTopWide)
	title := "Other cases"
	if len(p.others) > 0 {
		title = fmt.Sprintf("Other cases · %d", len(p.others))
	}
	lines = append(lines, p.rule(title, "", w, p.focus == secOther && p.ed == nil))
	return append(lines, p.otherLines(w, l.otherRows)...)
}

// seenLines is seenText wrapped to w in at most n lines: when the tags do
// not fit, the first ones that do and "… +N more", so a cut list says so
// (and ends on no dangling comma).
func (p *casePane) seenLines(w, n int) []string {
	lines := wrapText(p.seenText(), w)
	if n <= 0 {
		return nil
	}
	if len(lines) <= n {
		return lines
	}
	for k := len(p.card.seen) - 1; k >= 0; k-- {
		parts := make([]string, k)
		for i, t := range p.card.seen[:k] {
			parts[i] = Clean(t)
		}
		more := fmt.Sprintf("… +%d more", len(p.card.seen)-k)
		if k > 0 {
			more = strings.Join(parts, ", ") + " " + more
		}
		if lines = wrapText(more, w); len(lines) <= n {
			return lines
		}
	}
	return lines[:n]
}

func (p *casePane) seenText() string {
	if len(p.card.seen) == 0 {
		return "—"
	}
	parts := make([]string, len(p.card.seen))
	for i, t := range p.card.seen {
		parts[i] = Clean(t)
	}
	return strings.Join(parts, ", ")
}

// cardNarrow is the customer card above the case: who, how often, the
// warning, and a few rows of their other cases.
func (p *casePane) cardNarrow(l caseLayout) []string {
	st, w := p.e.styles, l.caseW
	sep := p.styled(&st.Muted, " · ")
	ci := p.card
	var l1, l2 string
	switch {
	case !p.loaded:
	case ci.anonymous:
		l1 = p.styled(&st.Bold, "Anonymous case") + p.styled(&st.Muted, " — no customer on record.")
	case p.custErr != nil:
		l1 = p.styled(&st.Error, Truncate("customer unavailable: "+errText(p.custErr), w))
	default:
		cu := p.cust
		parts := []string{p.styled(&st.Bold, Truncate(orDash(cu.DisplayName()), max(w/3, 8)))}
		if cu.Email != "" && cu.Email != cu.DisplayName() {
			parts = append(parts, Truncate(cu.Email, max(w/3, 8)))
		}
		if cu.Phone != "" && cu.Phone != cu.DisplayName() {
			parts = append(parts, Truncate(cu.Phone, 20))
		}
		parts = append(parts, p.styled(&st.Muted, "since ")+p.day(cu.FirstContact))
		l1 = strings.Join(parts, sep)
		stats := counted(ci.contacts, "contact", "contacts") + fmt.Sprintf(" · %d open", ci.open) + sep + p.styled(&st.Muted, "seen ") + p.styled(&st.Tag, p.seenText())
		if ci.atRisk {
			l2 = p.warning(w) + sep + stats
		} else {
			l2 = stats
		}
	}
	lines := []string{l1}
	if l.cardH >= 2 {
		lines = append(lines, l2)
	}
	if l.otherRows > 0 {
		lines = append(lines, p.otherLines(w, l.otherRows)...)
	}
	return lines
}

// otherLines lists the customer's other cases in rows rows; the selected
// one is marked when the list has focus.
func (p *casePane) otherLines(w, rows int) []string {
	st := p.e.styles
	if rows <= 0 {
		return nil
	}
	out := make([]string, 0, rows)
	if !p.loaded || p.card.anonymous {
		return out
	}
	if len(p.others) == 0 {
		return append(out, p.styled(&st.Muted, Truncate("  no other cases", w)))
	}
	now := p.now()
	focused := p.focus == secOther && p.ed == nil
	for i := p.otherTop; i < len(p.others) && len(out) < rows; i++ {
		s := p.others[i]
		mark := "  "
		if focused && i == p.otherSel {
			mark = "▸ "
		}
		id := fmt.Sprintf("#%-*d", p.otherIDW-1, s.ID) // padded: the columns stay put
		age := ageText(now.Sub(s.CreatedAt))
		status := fmt.Sprintf("%-8s", s.Status.String())
		subjW := w - cells.Width(mark+id) - 1 - 9 - 1 - cells.Width(age)
		row := mark + id + " " + status + " " + Fit(s.Subject, max(subjW, 0)) + " " + age
		if focused && i == p.otherSel {
			row = p.styled(&st.Selected, fitLine(row, w))
		}
		out = append(out, row)
	}
	if more := len(p.others) - p.otherTop - len(out); more > 0 && len(out) == rows && !focused {
		out[rows-1] = p.styled(&st.Muted, Truncate(fmt.Sprintf("  … %d more (J to browse)", more+1), w))
	}
	return out
}

func (p *casePane) day(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(p.loc()).Format("2006-01-02")
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}
