package csvio

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/caredesk/caredesk/model"
)

// CSVWriter writes cases as caredesk CSV: the columns of Columns, then one
// column per extra field key. Text is written exactly as stored — a value
// starting with '=', '+', '-' or '@' is not defused for spreadsheets,
// because the export must read back byte for byte.
type CSVWriter struct {
	bw    *bufio.Writer
	keys  []string
	slots map[string][]int // extra key → its columns (a key may repeat)
	vals  []string         // extra values of the case being written; reused
	used  []bool           // extra columns filled for the case being written; reused
	buf   []byte           // the record being built; reused
	bad   error            // the extra keys cannot be written as a header
	err   error            // sticky write error
}

// NewCSVWriter writes the header to w (buffered: call Flush when done).
// extraKeys are the extra field keys to export, one column each, in order;
// ExtraKeys collects them from the cases. A key that would read back as a
// caredesk column ("Tags") is written as "field:Tags". A key that is not
// text (invalid UTF-8, control characters other than line breaks and tabs)
// makes every Write fail.
func NewCSVWriter(w io.Writer, extraKeys []string) *CSVWriter {
	cw := &CSVWriter{bw: bufio.NewWriterSize(w, 64<<10), keys: extraKeys,
		slots: map[string][]int{}, vals: make([]string, len(extraKeys))}
	for i, k := range extraKeys {
		if !utf8.ValidString(k) || strings.ContainsFunc(k, isBinary) {
			cw.bad = fmt.Errorf("export: extra field key %q is not text a CSV header can hold", k)
		}
		cw.slots[k] = append(cw.slots[k], i)
	}
	cw.used = make([]bool, len(extraKeys))
	b := cw.buf[:0]
	for i, name := range columnNames {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, name...)
	}
	for _, k := range extraKeys {
		b = append(b, ',')
		b = appendField(b, fieldColumn(k))
	}
	b = append(b, '\n')
	cw.buf = b
	_, cw.err = cw.bw.Write(b)
	return cw
}

// ExtraKeys adds to keys the columns that fields need, so that an export
// can collect its extra columns in a first pass over the cases. A case's
// fields must map onto columns in their own order, since CSV gives them
// back in column order: a key is added right after the column of the field
// before it, and added again (a second column) when a case has it twice or
// out of the order seen so far.
func ExtraKeys(keys []string, fields []model.Field) []string {
	prev := -1 // the column of the previous field
	for _, f := range fields {
		j := prev + 1
		for j < len(keys) && keys[j] != f.Key {
			j++
		}
		if j == len(keys) {
			j = prev + 1
			keys = slices.Insert(keys, j, f.Key)
		}
		prev = j
	}
	return keys
}

// Write writes one case and its customer (zero for none). A case that
// cannot be written faithfully — invalid UTF-8, a tag holding ';', a field
// without a column, a time outside years 0-9999 — is refused with an error
// and nothing is written; the writer stays usable. A write error is
// returned by every later call.
func (w *CSVWriter) Write(c model.Case, cu model.Customer) error {
	return w.WriteMail(c, cu, nil)
}

// WriteMail is Write with the case's conversation, written in the
// conversation column as FormatConversation gives it.
func (w *CSVWriter) WriteMail(c model.Case, cu model.Customer, mail []model.MailRecord) error {
	if w.err != nil {
		return w.err
	}
	if w.bad != nil {
		return w.bad
	}
	if err := checkCase(c, cu); err != nil {
		return err
	}
	for _, t := range c.Tags {
		if strings.Contains(t, ";") {
			return fmt.Errorf("case %s: tag %q holds ';', the CSV tag separator", c.ExternalID, t)
		}
	}
	conv, err := FormatConversation(mail)
	if err != nil {
		return fmt.Errorf("case %s: %w", c.ExternalID, err)
	}
	clear(w.vals)
	clear(w.used)
	prev := -1
	for _, f := range c.Fields {
		col := w.column(f.Key, prev)
		if col < 0 {
			return fmt.Errorf("case %s: field %q has no free column in this export (collect the columns with ExtraKeys)", c.ExternalID, f.Key)
		}
		w.vals[col], w.used[col] = f.Value, true
		prev = col
	}
	b := w.buf[:0]
	b = appendField(b, c.ExternalID)
	b = append(b, ',')
	b = c.CreatedAt.UTC().AppendFormat(b, timeLayout)
	b = append(b, ',')
	if !c.UpdatedAt.IsZero() {
		b = c.UpdatedAt.UTC().AppendFormat(b, timeLayout)
	}
	for _, s := range []string{string(c.Channel), cu.Name, cu.Email, cu.Phone, c.Subject, c.Body,
		c.Priority.String(), c.Status.String(), c.Assignee} {
		b = append(b, ',')
		b = appendField(b, s)
	}
	b = append(b, ',')
	b = appendField(b, strings.Join(c.Tags, ";"))
	b = append(b, ',')
	if !c.FollowUp.IsZero() {
		b = c.FollowUp.UTC().AppendFormat(b, timeLayout)
	}
	b = append(b, ',')
	b = appendField(b, c.Recovery.Kind)
	b = append(b, ',')
	b = appendField(b, c.Recovery.Text)
	b = append(b, ',')
	b = appendField(b, c.Team)
	b = append(b, ',')
	b = appendField(b, conv)
	for _, v := range w.vals {
		b = append(b, ',')
		b = appendField(b, v)
	}
	b = append(b, '\n')
	w.buf = b
	if _, err := w.bw.Write(b); err != nil {
		w.err = err
	}
	return w.err
}

// column picks the column for a field with key k: the first free one after
// the previous field's column, so the fields read back in order, else any
// free one, else -1.
func (w *CSVWriter) column(k string, prev int) int {
	slots := w.slots[k]
	i, _ := slices.BinarySearch(slots, prev+1)
	for _, part := range [][]int{slots[i:], slots[:i]} {
		for _, col := range part {
			if !w.used[col] {
				return col
			}
		}
	}
	return -1
}

// Flush writes any buffered data to the underlying writer.
func (w *CSVWriter) Flush() error {
	if w.err != nil {
		return w.err
	}
	w.err = w.bw.Flush()
	if w.err == nil {
		return w.bad
	}
	return w.err
}

const timeLayout = "2006-01-02T15:04:05.999999999Z07:00" // time.RFC3339Nano

// needsQuotes reports whether a value must be quoted to read back as
// itself. Leading or trailing blanks are quoted too, for tools that trim.
func needsQuotes(s string) bool {
	if len(s) == 0 {
		return false
	}
	if s[0] == ' ' || s[0] == '\t' || s[len(s)-1] == ' ' || s[len(s)-1] == '\t' {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', '"', '\n', '\r':
			return true
		}
	}
	return false
}

// appendField appends s as one CSV cell, quoted when needed.
func appendField(b []byte, s string) []byte {
	if !needsQuotes(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		b = append(b, s[:i+1]...)
		b = append(b, '"')
		s = s[i+1:]
	}
	b = append(b, s...)
	return append(b, '"')
}

// checkCase refuses what no format can write back faithfully.
func checkCase(c model.Case, cu model.Customer) error {
	if isBlank(c.ExternalID) {
		return fmt.Errorf("case %d: no external id", c.ID)
	}
	if !validText(c.ExternalID, string(c.Channel), c.Subject, c.Body, c.Assignee, c.Recovery.Kind,
		c.Recovery.Text, c.Team, cu.Name, cu.Email, cu.Phone) || !validText(c.Tags...) {
		return fmt.Errorf("case %s: text is not valid UTF-8", c.ExternalID)
	}
	for _, f := range c.Fields {
		if !validText(f.Key, f.Value) {
			return fmt.Errorf("case %s: field %q is not valid UTF-8", c.ExternalID, f.Key)
		}
	}
	for _, t := range []time.Time{c.CreatedAt, c.UpdatedAt, c.FollowUp, cu.FirstContact} {
		if !timeInRange(t) {
			return fmt.Errorf("case %s: time %v is outside years 0-9999", c.ExternalID, t)
		}
	}
	return nil
}

func validText(ss ...string) bool {
	for _, s := range ss {
		if !utf8.ValidString(s) {
			return false
		}
	}
	return true
}
