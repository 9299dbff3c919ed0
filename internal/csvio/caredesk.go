package csvio

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/caredesk/caredesk/model"
)

// The caredesk CSV columns, in the order CSVWriter writes them.
const (
	colExternalID = iota
	colCreatedAt
	colUpdatedAt
	colChannel
	colCustomerName
	colCustomerEmail
	colCustomerPhone
	colSubject
	colBody
	colPriority
	colStatus
	colAssignee
	colTags
	colFollowUp
	colRecoveryKind
	colRecoveryText
	colTeam
	colConversation
	numCols
)

var columnNames = [numCols]string{"external_id", "created_at", "updated_at", "channel",
	"customer_name", "customer_email", "customer_phone", "subject", "body", "priority", "status",
	"assignee", "tags", "follow_up", "recovery_kind", "recovery_text", "team", "conversation"}

// Columns returns the caredesk CSV columns in the order CSVWriter writes
// them. Import accepts them in any order, matched without regard to case or
// surrounding spaces; other columns become the case's extra fields.
func Columns() []string { return slices.Clone(columnNames[:]) }

// fieldPrefix marks an extra field whose key would otherwise be read as a
// caredesk column: a CFPB complaint's "Tags" field is exported under the
// column "field:Tags", and read back as "Tags". One prefix is removed from
// any other column name that has it, so keys that start with it round-trip
// too.
const fieldPrefix = "field:"

// fieldColumn is the CSV column name for an extra field key.
func fieldColumn(key string) string {
	if columnIndex(key) >= 0 || strings.HasPrefix(key, fieldPrefix) {
		return fieldPrefix + key
	}
	return key
}

// columnIndex finds a caredesk column by a header name, or -1.
func columnIndex(name string) int {
	name = strings.TrimSpace(name)
	for i, c := range columnNames {
		if strings.EqualFold(name, c) {
			return i
		}
	}
	return -1
}

// caredeskMapper reads records of a caredesk CSV.
type caredeskMapper struct {
	idx   [numCols]int // record index of each column, -1 when absent
	extra []int        // record indexes of the other columns, in header order
	keys  []string     // their header names, as given
}

func newCaredeskMapper(header []string) (*caredeskMapper, error) {
	m := &caredeskMapper{}
	for i := range m.idx {
		m.idx[i] = -1
	}
	for i, h := range header {
		c := columnIndex(h)
		if c < 0 {
			m.extra = append(m.extra, i)
			m.keys = append(m.keys, strings.TrimPrefix(h, fieldPrefix))
			continue
		}
		if m.idx[c] >= 0 {
			return nil, fmt.Errorf("column %s appears twice (columns %d and %d)", columnNames[c], m.idx[c]+1, i+1)
		}
		m.idx[c] = i
	}
	for _, c := range []int{colExternalID, colCreatedAt} {
		if m.idx[c] < 0 {
			return nil, fmt.Errorf("no %s column (a caredesk CSV needs external_id and created_at)", columnNames[c])
		}
	}
	return m, nil
}

func (m *caredeskMapper) get(f []string, col int) string {
	if i := m.idx[col]; i >= 0 {
		return f[i]
	}
	return ""
}

func (m *caredeskMapper) row(f []string) (model.ImportRow, string) {
	row := model.ImportRow{OnlyGiven: true} // columns absent or empty leave a known case's alone
	c := &row.Case
	var err error
	if c.ExternalID = f[m.idx[colExternalID]]; isBlank(c.ExternalID) {
		return row, "missing external_id"
	}
	ts := f[m.idx[colCreatedAt]]
	if ts == "" {
		return row, "missing created_at"
	}
	if c.CreatedAt, err = parseTime(ts); err != nil {
		return row, badTime("created_at", ts)
	}
	if c.UpdatedAt, err = parseOptionalTime(m.get(f, colUpdatedAt)); err != nil {
		return row, badTime("updated_at", m.get(f, colUpdatedAt))
	}
	if c.FollowUp, err = parseOptionalTime(m.get(f, colFollowUp)); err != nil {
		return row, badTime("follow_up", m.get(f, colFollowUp))
	}
	c.Channel = parseGivenChannel(m.get(f, colChannel))
	if c.Priority, err = model.ParsePriority(m.get(f, colPriority)); err != nil {
		return row, "bad priority: " + model.ErrorMessage(err)
	}
	if c.Status, err = model.ParseStatus(m.get(f, colStatus)); err != nil {
		return row, "bad status: " + model.ErrorMessage(err)
	}
	if c.Tags, err = parseTags(m.get(f, colTags)); err != nil {
		return row, err.Error()
	}
	c.Subject = m.get(f, colSubject)
	c.Body = m.get(f, colBody)
	c.Assignee = m.get(f, colAssignee)
	c.Recovery = model.Recovery{Kind: m.get(f, colRecoveryKind), Text: m.get(f, colRecoveryText)}
	row.Customer = model.Customer{Name: m.get(f, colCustomerName), Email: m.get(f, colCustomerEmail),
		Phone: m.get(f, colCustomerPhone)}
	c.Team = strings.TrimSpace(m.get(f, colTeam))
	c.Fields = extraFields(f, m.extra, m.keys)
	if conv := m.get(f, colConversation); conv != "" {
		if row.Mail, err = ParseConversation(conv); err != nil {
			return row, "conversation: " + err.Error()
		}
	}
	return row, ""
}

// parseGivenChannel is the channel a cell names, or "" for an empty one:
// the store then keeps a known case's channel (ImportRow.OnlyGiven) and
// gives a new case "other".
func parseGivenChannel(s string) model.Channel {
	if isBlank(s) {
		return ""
	}
	return model.ParseChannel(s)
}

// extraFields keeps the non-empty values of the given columns as fields:
// an empty cell in a wide file means "nothing here", not an empty value.
func extraFields(f []string, cols []int, keys []string) []model.Field {
	n := 0
	for _, i := range cols {
		if f[i] != "" {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]model.Field, 0, n)
	for j, i := range cols {
		if f[i] != "" {
			out = append(out, model.Field{Key: keys[j], Value: f[i]})
		}
	}
	return out
}

// parseTime reads an RFC 3339 time (fractional seconds allowed) as UTC. A
// time that falls outside years 0-9999 in UTC ("0000-01-01T00:00:00+01:00")
// is refused: it could not be written back.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, err
	}
	if t = t.UTC(); !timeInRange(t) {
		return time.Time{}, errors.New("outside years 0-9999")
	}
	return t, nil
}

func parseOptionalTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return parseTime(s)
}

func badTime(col, s string) string {
	return fmt.Sprintf("bad %s %q: want an RFC 3339 time like 2024-05-01T09:30:00Z", col, clip(s))
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	if len(s) <= 60 {
		return s
	}
	i := 57
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "..."
}

// parseTags reads a ';'-separated tag list into normalised, sorted, unique
// tags. Empty items (a trailing ';') are skipped.
func parseTags(s string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	tags := make([]string, 0, strings.Count(s, ";")+1)
	for part := range strings.SplitSeq(s, ";") {
		if isNormalTag(part) { // what an export holds: skip NormalizeTag's allocations
			tags = append(tags, part)
			continue
		}
		if isBlank(part) {
			continue
		}
		t, err := model.NormalizeTag(part)
		if err != nil {
			return nil, fmt.Errorf("bad tag %q: %s", clip(part), model.ErrorMessage(err))
		}
		tags = append(tags, t)
	}
	return sortTags(tags), nil
}

// isNormalTag reports whether model.NormalizeTag would return t unchanged:
// printable ASCII without capitals or blanks, and no empty '/' parts.
func isNormalTag(t string) bool {
	if t == "" || len(t) > model.MaxTagLen || t[0] == '/' || t[len(t)-1] == '/' || model.TagStartsLikeFormula(t) {
		return false // NormalizeTag trims or refuses
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c <= ' ' || c >= 0x7f || c == ';' || 'A' <= c && c <= 'Z' || c == '/' && t[i-1] == '/' {
			return false
		}
	}
	return true
}

// sortTags puts tags in the order model.Case keeps them: sorted, unique.
func sortTags(tags []string) []string {
	if len(tags) == 0 {
		return nil
	}
	slices.Sort(tags)
	return slices.Compact(tags)
}

// isBlank reports a value with nothing but spaces and control characters.
func isBlank(s string) bool { return strings.TrimFunc(s, isSpaceOrControl) == "" }

func isSpaceOrControl(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }
