package model

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Query is a parsed filter expression, the language shared by the queue
// search, the heatmap and `caredesk report`:
//
//	tag:billing/ status:active -status:pending @me customer:"ana lopez" is:overdue created:2026-W47 refund
//	company:"acme bank" state:ca #1234 "never arrived" -escrow
//
// Filters with the same key are alternatives (OR) and different keys must
// all hold (AND); two queries joined by And both hold (querywithin.go). A negated filter (-key:value) excludes on its own, so
// "-status:resolved -status:closed" removes both. Each is: flag counts as a
// key of its own: "is:mine is:overdue" means mine AND overdue. #1234 is
// case 1234. Any other key names an extra field (company:, state:), read
// by the word index; the built-in keys win, and field.NAME: names any extra
// field, one called team or status too (field.team:). What is not a filter is text: words that must all
// appear, "quoted phrases", and -words that must not (queryterms.go).
type Query struct {
	Text    string   // the positive words and phrases, space-separated: what the UI highlights and fuzzy-matches
	terms   []Term   // in the order typed
	filters []Filter // sorted by group so Match can walk runs of one key
}

// Filter is one key:value term of a query, its value in canonical form.
type Filter struct {
	Key   string // tag, status, priority, channel, assignee, customer, id, case, is, created, from, to, field
	Name  string // for Key "field": the extra field's name, as FieldName gives it
	Value string // canonical and lower case
	Not   bool

	// part is the query of an And the filter came from (querywithin.go):
	// alternatives of one key are taken within a part, never across.
	part uint8

	// parsed once so Match does no parsing
	status   Status // StatusUnset with Value "active"
	priority Priority
	channel  Channel
	period   Period // created:
	day      Day    // from:, to:
	caseID   CaseID // case: (#1234)
}

// queryKeys lists the filter keys in the order String renders them.
var queryKeys = []string{"is", "status", "priority", "channel", "assignee", "team", "tag", "customer", "id", "case", "created", "from", "to", "field"}

// IsFlags lists the values of is:.
var IsFlags = []string{"overdue", "untagged", "unassigned", "mine", "followup-today", "handedoff"}

// ParseQuery reads a filter expression. Unknown keys and bad values are
// EINVALID errors naming the token and what is allowed. An unterminated
// quote runs to the end, because the search box parses while the agent is
// still typing.
func ParseQuery(s string) (Query, error) {
	var q Query
	var text []string
	for rest := s; ; {
		tok, raw, r, ok := nextToken(rest)
		if !ok {
			break
		}
		rest = r
		f, isFilter, err := parseFilter(tok, raw)
		if err != nil {
			return Query{}, err
		}
		if !isFilter {
			if t, ok := parseTerm(tok, raw); ok {
				q.terms = append(q.terms, t)
				if !t.Not {
					text = append(text, t.Text)
				}
			}
			continue
		}
		q.filters = append(q.filters, f)
	}
	slices.SortStableFunc(q.filters, compareFilters)
	q.filters = slices.CompactFunc(q.filters, func(a, b Filter) bool {
		return a.Key == b.Key && a.Name == b.Name && a.Value == b.Value && a.Not == b.Not
	})
	q.Text = strings.Join(text, " ")
	return q, nil
}

// nextToken returns the next space-separated token with its quotes removed,
// the token as written (raw), and the rest of s.
func nextToken(s string) (tok, raw, rest string, ok bool) {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	if s == "" {
		return "", "", "", false
	}
	var b strings.Builder
	quoted := false
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '"':
			quoted = !quoted
		case r == '\\' && quoted && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\'):
			b.WriteByte(s[i+1])
			n = 2
		case !quoted && unicode.IsSpace(r):
			return b.String(), s[:i], s[i:], true
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String(), s, "", true
}

// parseFilter reads one token. A token is a filter when, as written, it is
// @name or starts with letters and a colon outside quotes; "tag:x" in
// quotes is text.
func parseFilter(tok, raw string) (Filter, bool, error) {
	var f Filter
	if strings.HasPrefix(raw, "-") && len(raw) > 1 {
		f.Not = true
		raw = raw[1:]
		tok = strings.TrimPrefix(tok, "-")
	}
	var key, val string
	switch {
	case strings.HasPrefix(raw, "@"):
		key, val = "assignee", tok[1:]
	case isCaseRef(raw):
		key, val = "case", raw[1:]
	default:
		i := strings.IndexByte(raw, ':')
		if i <= 0 {
			return Filter{}, false, nil
		}
		key = strings.ToLower(raw[:i])
		if name, ok := strings.CutPrefix(key, fieldPrefix); ok && isKeyWord(strings.TrimRight(name, fieldPunct)) {
			f.Name, key = FieldName(name), "field"
		} else if name := strings.TrimRight(key, fieldPunct); name != key && isKeyWord(name) {
			// A column named with a question mark ("Timely response?") is
			// typed as it reads; FieldName drops the mark.
			f.Name, key = FieldName(name), "field"
		} else if !isKeyWord(key) {
			return Filter{}, false, nil
		}
		// A key is a word, so nothing before the colon was a quote and the
		// colon sits at the same place in the unquoted token (`":` found by
		// the fuzzer had its colon past the end of tok).
		if i >= len(tok) || tok[i] != ':' {
			return Filter{}, false, nil
		}
		val = tok[i+1:]
	}
	if key == "ext" {
		key = "id"
	}
	if f.Name == "" && (!slices.Contains(queryKeys, key) || key == "field") {
		f.Name, key = FieldName(key), "field"
	}
	f.Key = key
	if err := f.setValue(strings.TrimSpace(val)); err != nil {
		return Filter{}, false, err
	}
	return f, true, nil
}

// fieldPunct may end an extra field's key as it ends a column's name
// (`timely-response?:no`); FieldName spells the key without it.
const fieldPunct = "?!"

// fieldPrefix names an extra field whatever its name: the built-in keys
// win, so an extra field called team, status or tag is field.team:,
// field.status:, field.tag:.
const fieldPrefix = "field."

// builtinKey reports whether an extra field's name would be read as one
// of the query's own keys (or ext, id's other name), so that it must be
// written with fieldPrefix.
func builtinKey(name string) bool { return name == "ext" || slices.Contains(queryKeys, name) }

// isKeyWord reports whether s can name a filter: a letter, then letters,
// digits, - and _ (extra fields are named zip-code, sub_product).
func isKeyWord(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if 'a' <= c && c <= 'z' {
			continue
		}
		if i > 0 && ('0' <= s[i] && s[i] <= '9' || s[i] == '-' || s[i] == '_') {
			continue
		}
		return false
	}
	return s != ""
}

// setValue checks and canonicalises v for f.Key.
func (f *Filter) setValue(v string) error {
	if v == "" {
		return Errorf(EINVALID, "%s: needs a value, e.g. %s", f.Key, queryExample(f.Key))
	}
	bad := func(what string) error {
		return Errorf(EINVALID, "%s:%s: %s", f.Key, v, what)
	}
	lv := strings.ToLower(v)
	switch f.Key {
	case "tag":
		exact, isExact := strings.CutPrefix(v, ExactTag)
		t, err := NormalizeTag(exact)
		if err != nil {
			return bad(ErrorMessage(err))
		}
		switch {
		case isExact:
			t = ExactTag + t
		case strings.HasSuffix(lv, "/"):
			t += "/" // cosmetic: TagMatches treats "billing" and "billing/" alike
		}
		f.Value = t
	case "status":
		if lv == "active" {
			f.Value = lv
			return nil
		}
		st, err := ParseStatus(v)
		if err != nil {
			return bad("unknown status (new, open, pending, resolved, closed, active)")
		}
		f.status, f.Value = st, st.String()
	case "priority":
		p, err := ParsePriority(v)
		if err != nil {
			return bad("unknown priority (urgent, high, normal, low)")
		}
		f.priority, f.Value = p, p.String()
	case "channel":
		c := ParseChannel(v)
		if c == ChannelOther && lv != string(ChannelOther) {
			return bad("unknown channel (email, phone, chat, web, social, letter, referral, fax, other)")
		}
		f.channel, f.Value = c, string(c)
	case "assignee":
		f.Value = norm.NFC.String(lv) // as the agents file keeps names: @zoë typed decomposed
	case "customer", "id":
		f.Value = lv
	case "team":
		if lv != "none" && !ValidTeamName(lv) {
			return bad("not a team name (lower-case letters, digits, '-' and '_'; team:none for cases of no team)")
		}
		f.Value = lv
	case "field":
		f.Value = strings.Join(strings.Fields(lv), " ")
	case "case":
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil || n == 0 {
			return bad("not a case number (#1234)")
		}
		f.caseID, f.Value = CaseID(n), strconv.FormatUint(n, 10)
	case "is":
		if !slices.Contains(IsFlags, lv) {
			return bad("unknown flag (" + strings.Join(IsFlags, ", ") + ")")
		}
		f.Value = lv
	case "created":
		p, err := ParsePeriod(v)
		if err != nil {
			return bad("not a period (2026-11-24, 2026-W47 or 2026-11)")
		}
		f.period, f.Value = p, p.Label()
	case "from", "to":
		d, err := ParseDate(v)
		if err != nil {
			return bad("not a date (YYYY-MM-DD)")
		}
		f.day, f.Value = d, d.String()
	}
	return nil
}

func queryExample(key string) string {
	switch key {
	case "tag":
		return "tag:billing/"
	case "status":
		return "status:active"
	case "priority":
		return "priority:urgent"
	case "channel":
		return "channel:phone"
	case "assignee":
		return "@ana, @me or assignee:none"
	case "team":
		return "team:billing or team:none"
	case "customer":
		return `customer:"ana lopez"`
	case "id":
		return "id:DEMO-000123"
	case "is":
		return "is:overdue"
	case "created":
		return "created:2026-W47"
	case "case":
		return "#1234"
	case "field":
		return `company:"acme bank"`
	}
	return key + ":2026-11-01"
}

func compareFilters(a, b Filter) int {
	if c := slices.Index(queryKeys, a.Key) - slices.Index(queryKeys, b.Key); c != 0 {
		return c
	}
	if c := strings.Compare(a.Name, b.Name); c != 0 {
		return c
	}
	if a.part != b.part {
		return int(a.part) - int(b.part)
	}
	if a.Key == "is" && a.Value != b.Value {
		return slices.Index(IsFlags, a.Value) - slices.Index(IsFlags, b.Value)
	}
	if a.Not != b.Not {
		if a.Not {
			return 1
		}
		return -1
	}
	return strings.Compare(a.Value, b.Value)
}

// Filters returns the query's filters in canonical order. Callers must not
// change them.
func (q Query) Filters() []Filter { return q.filters }

// Empty reports whether the query filters nothing and has no text.
func (q Query) Empty() bool { return len(q.filters) == 0 && len(q.terms) == 0 }

// For is the query as agent me reads it: @me (assignee:me) names me, so
// a brief handed on says whose cases it counted. Without me it is q.
func (q Query) For(me string) Query {
	if me == "" {
		return q
	}
	out := q
	out.filters = slices.Clone(q.filters)
	for i, f := range out.filters {
		if f.Key == "assignee" && f.Value == "me" {
			out.filters[i].Value = me
		}
	}
	return out
}

// String renders the query canonically: filters in a fixed key order, then
// the text. ParseQuery(q.String()) gives q back.
func (q Query) String() string {
	var b strings.Builder
	for _, f := range q.filters {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f.String())
	}
	for _, t := range q.terms {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.String())
	}
	return b.String()
}

// String renders the filter as ParseQuery reads it.
func (f Filter) String() string {
	v := f.Value
	if v == "" || strings.ContainsFunc(v, func(r rune) bool { return unicode.IsSpace(r) || r == '"' || r == '\\' }) {
		v = quote(v)
	}
	key := f.Key + ":"
	switch f.Key {
	case "field":
		key = f.Name + ":"
		if builtinKey(f.Name) {
			key = fieldPrefix + key
		}
	case "case":
		key = "#"
	}
	if f.Not {
		return "-" + key + v
	}
	return key + v
}

func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
	return b.String()
}

// Match reports whether a case passes the query's filters — not its text
// and extra-field filters, which the word index decides (a store's
// SearchText). me is the acting agent for @me and is:mine;
// cust is the case's customer for customer:. It allocates nothing: it runs
// over every summary of a million-case database.
func (q Query) Match(s Summary, cust Customer, now time.Time, me string, sla SLAPolicy) bool {
	fs := q.filters
	for i := 0; i < len(fs); {
		j := q.GroupEnd(i)
		if fs[i].Key == "field" { // the word index's to decide
			i = j
			continue
		}
		anyPos, posHit := false, false
		for k := i; k < j; k++ {
			f := &fs[k]
			hit := f.match(&s, &cust, now, me, &sla)
			if f.Not {
				if hit {
					return false
				}
				continue
			}
			anyPos = true
			posHit = posHit || hit
		}
		if anyPos && !posHit {
			return false
		}
		i = j
	}
	return true
}

func (f *Filter) match(s *Summary, cust *Customer, now time.Time, me string, sla *SLAPolicy) bool {
	switch f.Key {
	case "tag":
		for _, t := range s.Tags {
			if TagMatches(t, f.Value) {
				return true
			}
		}
		return false
	case "status":
		if f.Value == "active" {
			return s.Status.Active()
		}
		st := s.Status
		if st == StatusUnset {
			st = StatusNew
		}
		return st == f.status
	case "priority":
		return s.Priority.Or(PriorityNormal) == f.priority
	case "channel":
		ch := s.Channel
		if ch == "" {
			ch = ChannelOther
		}
		return ch == f.channel
	case "team":
		if f.Value == "none" {
			return s.Team == ""
		}
		return s.Team == f.Value
	case "assignee":
		switch f.Value {
		case "me":
			return me != "" && strings.EqualFold(s.Assignee, me)
		case "none":
			return s.Assignee == ""
		}
		return strings.EqualFold(s.Assignee, f.Value)
	case "customer":
		return containsFold(cust.Name, f.Value) || containsFold(cust.Email, f.Value)
	case "id":
		return strings.EqualFold(s.ExternalID, f.Value)
	case "case":
		return s.ID == f.caseID
	case "created":
		return f.period.Contains(DayOf(s.CreatedAt))
	case "from":
		return DayOf(s.CreatedAt) >= f.day
	case "to":
		return DayOf(s.CreatedAt) <= f.day
	case "is":
		switch f.Value {
		case "overdue":
			st, _ := sla.State(*s, now)
			return st == SLAOverdue
		case "untagged":
			return len(s.Tags) == 0
		case "unassigned":
			return s.Assignee == ""
		case "mine":
			return me != "" && strings.EqualFold(s.Assignee, me)
		case "followup-today":
			if s.FollowUp.IsZero() {
				return false
			}
			fy, fm, fd := s.FollowUp.In(now.Location()).Date()
			ny, nm, nd := now.Date()
			return fy == ny && fm == nm && fd == nd
		case "handedoff":
			return s.Handoffs > 0
		}
	}
	return false
}

// containsFold reports whether s contains lower, a lower-cased needle,
// ignoring case, without allocating.
func containsFold(s, lower string) bool {
	if lower == "" {
		return true
	}
	for i := 0; i < len(s); {
		if hasPrefixFold(s[i:], lower) {
			return true
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
	}
	return false
}

func hasPrefixFold(s, lower string) bool {
	for lower != "" {
		if s == "" {
			return false
		}
		r, n := utf8.DecodeRuneInString(s)
		l, m := utf8.DecodeRuneInString(lower)
		if r != l && unicode.ToLower(r) != l {
			return false
		}
		s, lower = s[n:], lower[m:]
	}
	return true
}
