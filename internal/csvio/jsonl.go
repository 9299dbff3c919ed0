package csvio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/caredesk/caredesk/model"
)

// The JSON lines format: one case per line, everything the database knows
// about it, events included, so an export can be read back into another
// database. Times are RFC 3339 with nanoseconds in UTC, "" when unset.
type jsonCase struct {
	ID         uint64        `json:"id"`
	ExternalID string        `json:"external_id"`
	CreatedAt  string        `json:"created_at"`
	UpdatedAt  string        `json:"updated_at"`
	Channel    string        `json:"channel"`
	Customer   *jsonCustomer `json:"customer"`
	Subject    string        `json:"subject"`
	Body       string        `json:"body"`
	Priority   string        `json:"priority"`
	Status     string        `json:"status"`
	Assignee   string        `json:"assignee"`
	Team       string        `json:"team,omitempty"` // the team that owns it (routing)
	Tags       []string      `json:"tags"`
	FollowUp   string        `json:"follow_up"`
	Recovery   jsonRecovery  `json:"recovery"`
	Fields     []jsonField   `json:"fields"`
	Reopens    uint32        `json:"reopens"`
	Version    uint64        `json:"version"`
	Events     []jsonEvent   `json:"events"`
	Messages   []jsonMessage `json:"messages,omitempty"` // jsonl_mail.go
}

type jsonCustomer struct {
	ID           uint64 `json:"id"`
	Name         string `json:"name"`
	Email        string `json:"email"`
	Phone        string `json:"phone"`
	FirstContact string `json:"first_contact"`
}

type jsonRecovery struct {
	Kind string `json:"kind"`
	Text string `json:"text"`
}

type jsonField struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

type jsonEvent struct {
	Kind   string `json:"kind"`
	At     string `json:"at"`
	Author string `json:"author"`
	From   string `json:"from"`
	To     string `json:"to"`
}

// JSONLWriter writes cases as JSON lines. It does not buffer: each Write is
// one w.Write of one whole line, so there is nothing to flush and a failed
// export never ends in half a line. Give it a buffered w for speed.
type JSONLWriter struct {
	enc *json.Encoder
	err error // sticky write error
}

// NewJSONLWriter returns a writer to w.
func NewJSONLWriter(w io.Writer) *JSONLWriter {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // keep "<" and "&" readable; this is not HTML
	return &JSONLWriter{enc: enc}
}

// Write writes one case with its customer (zero for none) and its events.
// A case that cannot be written faithfully (invalid UTF-8, a time outside
// years 0-9999) is refused with an error and nothing is written, and the
// writer stays usable; a write error is returned by every later call.
func (w *JSONLWriter) Write(c model.Case, cu model.Customer, evs []model.Event) error {
	return w.write(c, cu, evs, nil)
}

func (w *JSONLWriter) write(c model.Case, cu model.Customer, evs []model.Event, msgs []jsonMessage) error {
	if w.err != nil {
		return w.err
	}
	if err := checkCase(c, cu); err != nil {
		return err
	}
	jc := jsonCase{ID: uint64(c.ID), ExternalID: c.ExternalID, CreatedAt: formatTime(c.CreatedAt),
		UpdatedAt: formatOptionalTime(c.UpdatedAt), Channel: string(c.Channel), Subject: c.Subject,
		Body: c.Body, Priority: c.Priority.String(), Status: c.Status.String(), Assignee: c.Assignee,
		Team: c.Team, Tags: c.Tags, FollowUp: formatOptionalTime(c.FollowUp),
		Recovery: jsonRecovery{Kind: c.Recovery.Kind, Text: c.Recovery.Text},
		Reopens:  c.Reopens, Version: c.Version, Messages: msgs}
	if jc.Tags == nil {
		jc.Tags = []string{}
	}
	if cu != (model.Customer{}) {
		jc.Customer = &jsonCustomer{ID: uint64(cu.ID), Name: cu.Name, Email: cu.Email, Phone: cu.Phone,
			FirstContact: formatOptionalTime(cu.FirstContact)}
	}
	jc.Fields = make([]jsonField, len(c.Fields))
	for i, f := range c.Fields {
		jc.Fields[i] = jsonField(f)
	}
	jc.Events = make([]jsonEvent, len(evs))
	for i, e := range evs {
		if !validText(e.Author, e.From, e.To) {
			return fmt.Errorf("case %s: event %d holds invalid UTF-8", c.ExternalID, i+1)
		}
		if !timeInRange(e.At) {
			return fmt.Errorf("case %s: event %d time %v is outside years 0-9999", c.ExternalID, i+1, e.At)
		}
		jc.Events[i] = jsonEvent{Kind: e.Kind.String(), At: formatTime(e.At), Author: e.Author, From: e.From, To: e.To}
	}
	if err := w.enc.Encode(&jc); err != nil { // Encode writes the line in one piece, '\n' included
		w.err = err
		return err
	}
	return nil
}

// jsonlReader reads the lines of a JSON lines file without a length limit
// other than the record limit, so a 10 MB body is one line like any other.
type jsonlReader struct {
	src     *source
	line    []byte
	lineNo  int
	maxLine int
	tooLong bool
	dropped int  // bytes of the current line dropped past maxLine
	runaway bool // a line past maxLine by as much again: the rest is not read
	done    bool
}

func newJSONLReader(src *source) *jsonlReader {
	return &jsonlReader{src: src, maxLine: defaultMaxRecord}
}

// next reads the next line into line, without its line end.
func (j *jsonlReader) next() error {
	src := j.src
	j.line, j.tooLong, j.dropped = j.line[:0], false, 0
	if !src.more() {
		if err := src.ioErr(); err != nil {
			return err
		}
		return io.EOF
	}
	j.lineNo = src.line
	for src.more() {
		b := src.buf[src.pos:src.end]
		i := bytes.IndexByte(b, '\n')
		if i >= 0 {
			b = b[:i]
		}
		if len(j.line)+len(b) > j.maxLine {
			j.tooLong = true
			j.dropped += len(b)
			if j.dropped > runawayFactor*j.maxLine {
				// No line end in sight: give the rest up rather than
				// read forever.
				j.runaway = true
				return nil
			}
		} else {
			j.line = append(j.line, b...)
		}
		if i >= 0 {
			src.pos += i + 1
			src.line++
			return nil
		}
		src.pos = src.end
	}
	return src.ioErr()
}

func (r *Reader) nextJSONL() (model.ImportRow, error) {
	j := r.jl
	for {
		if err := j.next(); err != nil {
			if err == io.EOF {
				r.err = io.EOF
			} else {
				r.err = fmt.Errorf("%s: %w", r.name, err)
			}
			return model.ImportRow{}, r.err
		}
		line := bytes.TrimSpace(j.line)
		if len(line) == 0 && !j.tooLong {
			continue
		}
		rowErr := func(reason string) error { return &RowError{r.name, j.lineNo, reason} }
		if j.runaway {
			r.err = io.EOF // the rest of the input is given up
			return model.ImportRow{}, rowErr(fmt.Sprintf("line is longer than the limit of %s with no end in sight; the rest of the file was not read", sizeText(j.maxLine)))
		}
		if j.tooLong {
			return model.ImportRow{}, rowErr(fmt.Sprintf("line is too long (over %s); skipped", sizeText(j.maxLine)))
		}
		if !utf8.Valid(line) {
			return model.ImportRow{}, rowErr("invalid UTF-8 (the file must be UTF-8)")
		}
		row, reason := decodeJSONCase(line)
		if reason != "" {
			return model.ImportRow{}, rowErr(reason)
		}
		row.Source, row.Line = r.name, j.lineNo
		return row, nil
	}
}

// decodeJSONCase reads one line. Unknown keys are refused rather than
// dropped, so a typo in a hand-edited file is reported. The database ids
// and version are not read back: they belong to the database that wrote
// the file.
func decodeJSONCase(line []byte) (model.ImportRow, string) {
	var jc jsonCase
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&jc); err != nil {
		return model.ImportRow{}, "not a caredesk JSON case: " + err.Error()
	}
	if dec.More() {
		return model.ImportRow{}, "more than one JSON value on the line"
	}
	row := model.ImportRow{OnlyGiven: true} // keys absent or empty leave a known case's alone
	c := &row.Case
	var err error
	if c.ExternalID = jc.ExternalID; isBlank(jc.ExternalID) {
		return row, "missing external_id"
	}
	if jc.CreatedAt == "" {
		return row, "missing created_at"
	}
	if c.CreatedAt, err = parseTime(jc.CreatedAt); err != nil {
		return row, badTime("created_at", jc.CreatedAt)
	}
	if c.UpdatedAt, err = parseOptionalTime(jc.UpdatedAt); err != nil {
		return row, badTime("updated_at", jc.UpdatedAt)
	}
	if c.FollowUp, err = parseOptionalTime(jc.FollowUp); err != nil {
		return row, badTime("follow_up", jc.FollowUp)
	}
	c.Channel = parseGivenChannel(jc.Channel)
	if c.Priority, err = model.ParsePriority(jc.Priority); err != nil {
		return row, "bad priority: " + model.ErrorMessage(err)
	}
	if c.Status, err = model.ParseStatus(jc.Status); err != nil {
		return row, "bad status: " + model.ErrorMessage(err)
	}
	for _, t := range jc.Tags {
		if isBlank(t) {
			continue
		}
		n, err := model.NormalizeTag(t)
		if err != nil {
			return row, fmt.Sprintf("bad tag %q: %s", clip(t), model.ErrorMessage(err))
		}
		c.Tags = append(c.Tags, n)
	}
	c.Tags = sortTags(c.Tags)
	c.Subject, c.Body, c.Assignee, c.Team = jc.Subject, jc.Body, jc.Assignee, strings.TrimSpace(jc.Team)
	if !agentOrNone(c.Assignee) {
		return row, notAgent("assignee", c.Assignee)
	}
	c.Recovery = model.Recovery(jc.Recovery)
	c.Reopens = jc.Reopens
	c.Version = jc.Version // a new case keeps it (store's import), so the round trip is exact
	if len(jc.Fields) > 0 {
		c.Fields = make([]model.Field, len(jc.Fields))
		for i, f := range jc.Fields {
			c.Fields[i] = model.Field(f)
		}
	}
	if cu := jc.Customer; cu != nil {
		row.Customer = model.Customer{Name: cu.Name, Email: cu.Email, Phone: cu.Phone}
		if row.Customer.FirstContact, err = parseOptionalTime(cu.FirstContact); err != nil {
			return row, badTime("customer first_contact", cu.FirstContact)
		}
	}
	if len(jc.Events) > 0 {
		row.Events = make([]model.Event, len(jc.Events))
		for i, e := range jc.Events {
			k, ok := model.ParseEventKind(e.Kind)
			if !ok {
				return row, fmt.Sprintf("event %d: unknown kind %q", i+1, clip(e.Kind))
			}
			at, err := parseTime(e.At)
			if err != nil {
				return row, fmt.Sprintf("event %d: %s", i+1, badTime("at", e.At))
			}
			row.Events[i] = model.Event{At: at, Author: e.Author, Kind: k, From: e.From, To: e.To}
			if reason := checkEvent(row.Events[i]); reason != "" {
				return row, fmt.Sprintf("event %d: %s", i+1, reason)
			}
		}
	}
	if len(jc.Messages) > 0 {
		var reason string
		if row.Mail, reason = decodeMessages(jc.Messages); reason != "" {
			return row, reason
		}
	}
	return row, ""
}

// checkEvent holds an event of a file's history to the desk's rules: its
// author an agent name (as the agents file takes them), a status, an
// assignment or a priority between values the desk has. A file is
// customer-reachable text: a status "open<ESC>[2J" or an assignee with a
// bidi override would be kept for good otherwise.
func checkEvent(e model.Event) string {
	if !agentOrNone(e.Author) {
		return notAgent("author", e.Author)
	}
	for _, v := range [][2]string{{"from", e.From}, {"to", e.To}} {
		switch e.Kind {
		case model.EventStatus:
			if _, err := model.ParseStatus(v[1]); err != nil {
				return fmt.Sprintf("status %s %q is not a status (new, open, pending, resolved, closed)", v[0], clip(v[1]))
			}
		case model.EventPriority:
			if _, err := model.ParsePriority(v[1]); err != nil {
				return fmt.Sprintf("priority %s %q is not a priority (urgent, high, normal, low)", v[0], clip(v[1]))
			}
		case model.EventAssigned:
			if !agentOrNone(v[1]) {
				return notAgent("assigned "+v[0], v[1])
			}
		}
	}
	return ""
}

// agentOrNone says s is empty or an agent name.
func agentOrNone(s string) bool {
	_, ok := model.AgentName(s)
	return s == "" || ok
}

func notAgent(what, s string) string {
	return fmt.Sprintf("%s %q is not an agent name (%s)", what, clip(s), model.AgentNameRule)
}

// formatTime writes t as RFC 3339 with nanoseconds in UTC.
func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func formatOptionalTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatTime(t)
}

func timeInRange(t time.Time) bool {
	y := t.UTC().Year()
	return y >= 0 && y <= 9999
}
