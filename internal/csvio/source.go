package csvio

import (
	"bytes"
	"io"
)

// source is a read buffer that knows where it is in the file: the byte
// offset (for the progress bar) and the line number (for messages). Both
// parsers read bytes straight out of buf and copy only what they keep, so
// the buffer never grows with the file.
type source struct {
	r    io.Reader
	buf  []byte
	pos  int   // next unread byte in buf
	end  int   // end of valid data in buf
	off  int64 // file offset of buf[0]
	line int   // line number of buf[pos], from 1
	err  error // first error from r (io.EOF at the end)
}

const bufSize = 64 << 10

func newSource(r io.Reader) *source {
	return &source{r: r, buf: make([]byte, bufSize), line: 1}
}

// consumed is how many bytes of the file have been read past.
func (s *source) consumed() int64 { return s.off + int64(s.pos) }

// more makes at least one unread byte available, reading if needed. It
// reports false at the end of the input or on a read error (see ioErr).
func (s *source) more() bool {
	return s.pos < s.end || s.fill()
}

// fill reads more data after the unread bytes, moving them to the front of
// the buffer first. It reports whether new bytes arrived.
func (s *source) fill() bool {
	if s.err != nil {
		return false
	}
	if s.pos > 0 {
		n := copy(s.buf, s.buf[s.pos:s.end])
		s.off += int64(s.pos)
		s.pos, s.end = 0, n
	}
	if s.end == len(s.buf) {
		return false // only a peek wider than the buffer gets here; callers do not
	}
	// A reader may return 0, nil; give it a few chances before calling it stuck.
	for range 100 {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.err = err
		}
		if n > 0 {
			return true
		}
		if err != nil {
			return false
		}
	}
	s.err = io.ErrNoProgress
	return false
}

// peekByte returns the byte k places after pos (k small), reading if needed.
func (s *source) peekByte(k int) (byte, bool) {
	for s.pos+k >= s.end {
		if !s.fill() {
			return 0, false
		}
	}
	return s.buf[s.pos+k], true
}

// ioErr is the read error that stopped the input, or nil at a clean end.
func (s *source) ioErr() error {
	if s.err == io.EOF {
		return nil
	}
	return s.err
}

// skipLine discards the rest of the current line, including its '\n', so
// that parsing can resume at the next line after a broken record.
func (s *source) skipLine() {
	for s.more() {
		b := s.buf[s.pos:s.end]
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			s.pos += i + 1
			s.line++
			return
		}
		s.pos = s.end
	}
}
