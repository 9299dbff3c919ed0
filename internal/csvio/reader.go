package csvio

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/caredesk/caredesk/model"
)

// Format is a kind of import file, told apart by its first record.
type Format int

const (
	FormatCSV   Format = iota + 1 // caredesk CSV, as written by CSVWriter
	FormatCFPB                    // the CFPB Consumer Complaint Database export
	FormatJSONL                   // caredesk JSON lines, as written by JSONLWriter
)

func (f Format) String() string {
	switch f {
	case FormatCSV:
		return "caredesk CSV"
	case FormatCFPB:
		return "CFPB complaints CSV"
	case FormatJSONL:
		return "caredesk JSON lines"
	}
	return "unknown format"
}

// RowError is one record that could not be read. Reading goes on with the
// next record.
type RowError struct {
	File   string
	Line   int
	Reason string
}

func (e *RowError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason) }

// rowMapper turns one CSV record of a known format into a row. A non-empty
// reason rejects the record.
type rowMapper interface {
	row(f []string) (model.ImportRow, string)
}

// Reader reads import rows from one file.
type Reader struct {
	name   string
	format Format
	src    *source
	sc     *scanner // CSV formats
	ncols  int
	header []string
	mapper rowMapper
	jl     *jsonlReader // JSON lines
	fields []string     // reused between records
	read   atomic.Int64 // bytes consumed, for a progress bar on another goroutine
	err    error        // sticky: io.EOF, or the read error that stopped the input
}

// NewReader detects the format of r from its first record (a UTF-8 byte
// order mark is skipped) and reads the CSV header. name is used in messages
// ("-" for standard input). An empty file, a header that is not text, or a
// CSV header without the columns its format needs is an error; a file with
// a header and no rows is not (it has zero rows).
func NewReader(name string, r io.Reader) (*Reader, error) {
	src := newSource(r)
	rd := &Reader{name: name, src: src}
	if b, ok := src.peekByte(2); ok && b == 0xBF && src.buf[src.pos] == 0xEF && src.buf[src.pos+1] == 0xBB {
		src.pos += 3
	}
	c, ok := firstNonSpace(src)
	if err := src.ioErr(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if !ok && src.pos == src.end {
		return nil, rd.headerErr(0, "the file is empty")
	}
	if c == '{' {
		rd.format = FormatJSONL
		rd.jl = newJSONLReader(src)
		rd.read.Store(src.consumed())
		return rd, nil
	}
	if err := rd.readHeader(); err != nil {
		return nil, err
	}
	rd.read.Store(src.consumed())
	return rd, nil
}

// firstNonSpace peeks past leading white space without consuming it.
func firstNonSpace(src *source) (byte, bool) {
	for k := 0; ; k++ {
		c, ok := src.peekByte(k)
		if !ok {
			return 0, false
		}
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return c, true
	}
}

func (r *Reader) headerErr(line int, reason string) error {
	if line == 0 {
		return fmt.Errorf("%s: %w", r.name, model.Errorf(model.EINVALID, "%s", reason))
	}
	return fmt.Errorf("%s:%d: %w", r.name, line, model.Errorf(model.EINVALID, "%s", reason))
}

func (r *Reader) readHeader() error {
	sc := newScanner(r.src)
	sc.maxRecord = 1 << 20 // column names, not data: a bigger "header" is not CSV
	err := sc.next()
	var pe *parseError
	switch {
	case err == io.EOF:
		return r.headerErr(0, "the file is empty (no header row)")
	case errors.As(err, &pe):
		return r.headerErr(pe.line, "not a CSV file: the header row is broken: "+pe.reason)
	case err != nil:
		return fmt.Errorf("%s: %w", r.name, err)
	}
	if !utf8.Valid(sc.rec) || strings.ContainsFunc(string(sc.rec), isBinary) {
		return r.headerErr(sc.line, "not a CSV file: the first row holds binary data, not column names")
	}
	sc.maxRecord = defaultMaxRecord
	r.sc = sc
	r.header = sc.strings(nil)
	r.ncols = len(r.header)
	if r.mapper, r.format, err = detectCSV(r.header); err != nil {
		return r.headerErr(sc.line, err.Error())
	}
	return nil
}

// isBinary reports control characters that never appear in column names
// (a quoted name may hold a line break).
func isBinary(c rune) bool { return c < 0x20 && c != '\t' && c != '\r' && c != '\n' || c == 0x7f }

// detectCSV picks the CSV dialect from the column names.
func detectCSV(header []string) (rowMapper, Format, error) {
	has := func(name string) bool {
		for _, h := range header {
			if strings.EqualFold(strings.TrimSpace(h), name) {
				return true
			}
		}
		return false
	}
	switch {
	case has("external_id") || has("created_at"):
		m, err := newCaredeskMapper(header)
		return m, FormatCSV, err
	case has("Complaint ID") && has("Date received"):
		return newCFPBMapper(header), FormatCFPB, nil
	}
	return nil, 0, errors.New(`no external_id and created_at columns: a caredesk CSV needs both, and a CFPB export needs "Complaint ID" and "Date received"`)
}

// Format is the detected format.
func (r *Reader) Format() Format { return r.format }

// Header is the CSV header row as given (nil for JSON lines).
func (r *Reader) Header() []string { return r.header }

// BytesRead is how many bytes of the input have been consumed, for a
// progress bar. It is safe to call from another goroutine.
func (r *Reader) BytesRead() int64 { return r.read.Load() }

// Read returns the next row. A record that cannot be read gives a
// *RowError, and the next call goes on with the next record; the end of the
// input gives io.EOF; any other error is the read error that stopped the
// input, and is returned again by every later call.
func (r *Reader) Read() (model.ImportRow, error) {
	if r.err != nil {
		return model.ImportRow{}, r.err
	}
	row, err := r.next()
	r.read.Store(r.src.consumed())
	if err == nil {
		// Refuse here what the store would refuse, so that one bad row is
		// a rejected row and not a failed batch.
		if reason := model.CheckCreated(row.Case.CreatedAt); reason != "" {
			return model.ImportRow{}, &RowError{r.name, row.Line, "bad created_at: " + reason}
		}
		// The store would keep the first 32: a row is whole or rejected.
		if n := len(row.Case.Tags); n > model.MaxTags {
			return model.ImportRow{}, &RowError{r.name, row.Line, fmt.Sprintf("%d tags, but a case holds at most %d", n, model.MaxTags)}
		}
	}
	return row, err
}

func (r *Reader) next() (model.ImportRow, error) {
	if r.jl != nil {
		return r.nextJSONL()
	}
	err := r.sc.next()
	if err != nil {
		return model.ImportRow{}, r.fail(err)
	}
	line := r.sc.line
	if n := len(r.sc.ends); n != r.ncols {
		return model.ImportRow{}, &RowError{r.name, line, fmt.Sprintf("%d fields, but the header has %d columns", n, r.ncols)}
	}
	if !r.validUTF8() {
		return model.ImportRow{}, &RowError{r.name, line, r.badUTF8()}
	}
	r.fields = r.sc.strings(r.fields)
	row, reason := r.mapper.row(r.fields)
	if reason != "" {
		return model.ImportRow{}, &RowError{r.name, line, reason}
	}
	row.Source, row.Line = r.name, line
	return row, nil
}

// fail turns a parser error into what Read returns.
func (r *Reader) fail(err error) error {
	var pe *parseError
	switch {
	case errors.As(err, &pe):
		return &RowError{r.name, pe.line, pe.reason}
	case err == io.EOF:
		r.err = io.EOF
	default:
		r.err = fmt.Errorf("%s: %w", r.name, err)
	}
	return r.err
}

// validUTF8 reports whether every field of the record is valid UTF-8. It
// checks the record once, then that no field starts inside a character:
// "\xcf" and "\xb5" are each invalid, though "\xcf\xb5" is "ϵ".
func (r *Reader) validUTF8() bool {
	rec := r.sc.rec
	if !utf8.Valid(rec) {
		return false
	}
	for _, e := range r.sc.ends {
		if e < len(rec) && !utf8.RuneStart(rec[e]) {
			return false
		}
	}
	return true
}

// badUTF8 names the first column with invalid UTF-8.
func (r *Reader) badUTF8() string {
	prev := 0
	for i, e := range r.sc.ends {
		if !utf8.Valid(r.sc.rec[prev:e]) {
			return fmt.Sprintf("invalid UTF-8 in column %q (the file must be UTF-8)", r.header[i])
		}
		prev = e
	}
	return "invalid UTF-8"
}
