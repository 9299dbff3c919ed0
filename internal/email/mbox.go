package email

import (
	"bufio"
	"bytes"
	"fmt"
	"io"

	"github.com/caredesk/caredesk/model"
)

// ImportMbox takes in every mail of an mbox file, as mutt and other
// readers do: a mail starts at a "From " line at the start of the file or
// after a blank line (mboxo/mboxrd; a "From " inside a paragraph is the
// mail's text), and ">From " lines are unquoted one level (mboxrd). A
// part with no message in it is refused with its line, never made a case.
// name is for messages.
func ImportMbox(desk Desk, r io.Reader, name, addr string) (FetchResult, error) {
	b := &batch{desk: desk, addr: addr, history: true}
	br := bufio.NewReaderSize(r, 256<<10)
	var cur []byte
	n, tooLarge, size := 0, false, int64(0)
	lineNo, startLine := 0, 0
	emit := func() error {
		if n == 0 {
			return nil
		}
		where := fmt.Sprintf("%s:%d: mail %d", name, startLine, n)
		raw := bytes.TrimSuffix(cur, []byte("\n")) // the blank line before the next "From "
		raw = bytes.TrimSuffix(raw, []byte("\r"))
		switch {
		case tooLarge:
			b.res.Fetched++
			b.res.Refused = append(b.res.Refused, refusal(where, cur, model.ErrTooLarge(size)))
		case len(bytes.TrimSpace(raw)) == 0:
			b.res.Fetched++
			b.res.Refused = append(b.res.Refused, where+": an empty message (a \"From \" line with nothing after it)")
		default:
			if err := b.add(bytes.Clone(raw), where); err != nil {
				return err
			}
		}
		cur, tooLarge, size = cur[:0], false, 0
		return nil
	}
	prevBlank := true // the start of the file counts as after a blank line
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			lineNo++
			switch {
			case prevBlank && bytes.HasPrefix(line, []byte("From ")):
				if err := emit(); err != nil {
					return b.res, err
				}
				n++
				startLine = lineNo
			case lineNo == 1:
				return b.res, fmt.Errorf("%s is not an mbox file (it does not start with a \"From \" line)", name)
			default:
				if q := bytes.TrimLeft(line, ">"); len(q) < len(line) && bytes.HasPrefix(q, []byte("From ")) {
					line = line[1:]
				}
				size += int64(len(line))
				if size > model.MaxMessageSize {
					tooLarge = true
				}
				if !tooLarge {
					cur = append(cur, line...)
				}
			}
			prevBlank = len(bytes.TrimRight(line, "\r\n")) == 0
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return b.res, fmt.Errorf("%s: %w", name, err)
		}
	}
	if err := emit(); err != nil {
		return b.res, err
	}
	return b.res, b.flush()
}

// IsMbox reports whether the first bytes of a file look like an mbox.
func IsMbox(head []byte) bool { return bytes.HasPrefix(head, []byte("From ")) }
