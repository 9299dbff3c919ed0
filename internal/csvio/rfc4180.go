package csvio

import (
	"bytes"
	"fmt"
	"io"
)

// Limits that keep a hostile file from taking all memory: a record may hold
// a 10 MB narrative or 10,000 columns, but not a gigabyte of binary junk.
const (
	defaultMaxRecord = 64 << 20
	defaultMaxFields = 100_000
)

// parseError is a broken record: line is where the problem is, and fatal
// says the rest of the input is lost to it (an unterminated quote).
type parseError struct {
	line   int
	reason string
	fatal  bool
}

func (e *parseError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.reason) }

// scanner is an RFC 4180 record reader. Unlike encoding/csv it keeps field
// bytes exactly as written ("\r\n" inside quotes stays "\r\n"), and it
// records the line each record starts on. Records end at "\n" or "\r\n"
// (mixed freely, and a final "\r" at the end of input); blank lines are
// skipped; a bare '"' in an unquoted field and anything but a separator
// after a closing quote are errors, and parsing resumes on the next line.
type scanner struct {
	src  *source
	rec  []byte // field bytes of the current record, back to back; reused
	ends []int  // end of each field in rec; reused
	line int    // line the current record starts on

	maxRecord int
	maxFields int
	tooBig    bool // the record passed a limit; its bytes are being dropped
	dropped   int  // bytes and fields dropped from the current record
	quoted    bool // the record has a quoted field, so it is not a blank line
	done      bool
}

func newScanner(src *source) *scanner {
	return &scanner{src: src, maxRecord: defaultMaxRecord, maxFields: defaultMaxFields}
}

// special marks the bytes that end a run of unquoted field data.
var special = [256]bool{',': true, '\n': true, '"': true}

var newline = []byte{'\n'}

// next reads the next record into rec and ends. It returns io.EOF at the end
// of the input, a *parseError for a broken record (the scanner has moved on
// to where the next record can start), or the read error that stopped the
// input.
func (s *scanner) next() error {
	for !s.done {
		err := s.record()
		if pe, ok := err.(*parseError); ok && pe.fatal {
			s.done = true
		}
		if err == io.EOF {
			s.done = true
		}
		if err != nil {
			return err
		}
		if len(s.ends) == 1 && s.ends[0] == 0 && !s.quoted {
			continue // a blank line
		}
		return nil
	}
	return io.EOF
}

// record reads one record, blank or not.
func (s *scanner) record() error {
	src := s.src
	s.rec, s.ends = s.rec[:0], s.ends[:0]
	s.tooBig, s.quoted, s.dropped = false, false, 0
	if !src.more() {
		if err := src.ioErr(); err != nil {
			return err
		}
		return io.EOF
	}
	s.line = src.line
field:
	for {
		if !src.more() { // the input ends right after a ','
			return s.finish()
		}
		if src.buf[src.pos] == '"' {
			s.quoted = true
			if err := s.quotedField(); err != nil {
				return err
			}
			if !src.more() {
				return s.finish()
			}
			switch c := src.buf[src.pos]; c {
			case ',':
				src.pos++
				s.endField()
				if s.runaway() {
					return s.runawayErr()
				}
				continue field
			case '\n':
				src.pos++
				src.line++
				return s.finish()
			case '\r':
				c2, ok := src.peekByte(1)
				if !ok { // "\r" at the very end of the input
					src.pos++
					return s.finish()
				}
				if c2 == '\n' {
					src.pos += 2
					src.line++
					return s.finish()
				}
			}
			line := src.line
			c := src.buf[src.pos]
			src.skipLine()
			return &parseError{line: line, reason: fmt.Sprintf("%q after a closing quote (a quote inside a quoted field must be doubled)", c)}
		}
		start := len(s.rec)
		for {
			if !src.more() { // the input ends the record; a final "\r" is a line end
				s.trimCR(start)
				return s.finish()
			}
			b := src.buf[src.pos:src.end]
			i := 0
			for i < len(b) && !special[b[i]] {
				i++
			}
			s.add(b[:i])
			if i == len(b) {
				src.pos = src.end
				if s.runaway() {
					return s.runawayErr()
				}
				continue
			}
			c := b[i]
			src.pos += i + 1
			switch c {
			case ',':
				s.endField()
				if s.runaway() {
					return s.runawayErr()
				}
				continue field
			case '\n':
				src.line++
				s.trimCR(start)
				return s.finish()
			}
			line := src.line
			src.skipLine()
			return &parseError{line: line, reason: `bare " in an unquoted field (quote the whole field and double the quote)`}
		}
	}
}

// quotedField reads a quoted field from its opening quote to just past its
// closing quote, undoubling quotes. Line ends inside it are kept as given.
func (s *scanner) quotedField() error {
	src := s.src
	open := src.line
	src.pos++
	for {
		if !src.more() {
			if err := src.ioErr(); err != nil {
				return err
			}
			reason := "unterminated quoted field: the quote opened on this line is never closed, so the rest of the file was read into it and is lost"
			end := src.line
			if n := len(s.rec); n > 0 && s.rec[n-1] == '\n' {
				end-- // the file ends with a line end, not a line
			}
			if end > open {
				reason += fmt.Sprintf(" (lines %d-%d)", open, end)
			}
			return &parseError{line: open, fatal: true, reason: reason}
		}
		b := src.buf[src.pos:src.end]
		i := bytes.IndexByte(b, '"')
		if i < 0 {
			s.add(b)
			src.line += bytes.Count(b, newline)
			src.pos = src.end
			if s.runaway() {
				return s.runawayErr()
			}
			continue
		}
		s.add(b[:i])
		src.line += bytes.Count(b[:i], newline)
		src.pos += i + 1
		if c, ok := src.peekByte(0); ok && c == '"' {
			s.add(b[i : i+1])
			src.pos++
			continue
		}
		return nil
	}
}

func (s *scanner) add(b []byte) {
	if s.tooBig {
		s.dropped += len(b)
		return
	}
	if len(s.rec)+len(b) > s.maxRecord {
		s.tooBig = true
		s.dropped += len(b)
		return
	}
	s.rec = append(s.rec, b...)
}

func (s *scanner) endField() {
	if len(s.ends) >= s.maxFields {
		s.tooBig = true
		s.dropped++
		return
	}
	s.ends = append(s.ends, len(s.rec))
}

// runawayFactor is how far past its limit a record is skipped in search
// of its end before the rest of the input is given up: a record a few
// times too long is one rejected row, /dev/zero (no record end at all)
// stops after 16 times the limit instead of being scanned forever.
const runawayFactor = 16

// runaway reports a record past its limit by runawayFactor times it.
func (s *scanner) runaway() bool { return s.dropped > runawayFactor*s.maxRecord }

func (s *scanner) runawayErr() error {
	return &parseError{line: s.line, fatal: true, reason: fmt.Sprintf(
		"record is longer than the limit of %s with no end in sight; the rest of the file was not read", sizeText(s.maxRecord))}
}

// sizeText is a limit in the unit it was set in.
func sizeText(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// trimCR drops a '\r' that ended an unquoted field: it belongs to the line end.
func (s *scanner) trimCR(start int) {
	if n := len(s.rec); n > start && s.rec[n-1] == '\r' {
		s.rec = s.rec[:n-1]
	}
}

// finish closes the last field and checks the record against the limits.
func (s *scanner) finish() error {
	if err := s.src.ioErr(); err != nil && !s.src.more() {
		return err
	}
	s.endField()
	if s.tooBig {
		return &parseError{line: s.line, reason: fmt.Sprintf(
			"record is too big (over %s or %d fields); skipped", sizeText(s.maxRecord), s.maxFields)}
	}
	return nil
}

// strings returns the record's fields as strings sharing one allocation, as
// encoding/csv does: a caller that keeps one short field of a huge record for
// long should strings.Clone it.
func (s *scanner) strings(dst []string) []string {
	str := string(s.rec)
	dst = dst[:0]
	prev := 0
	for _, e := range s.ends {
		dst = append(dst, str[prev:e])
		prev = e
	}
	return dst
}
