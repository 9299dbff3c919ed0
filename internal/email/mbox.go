package email

import (
	"bufio"
	"bytes"
	"fmt"
	"io"

	"github.com/caredesk/caredesk/model"
)

// ImportMbox takes in every mail of an mbox file (mboxo or mboxrd: a line
// "From " starts a mail; ">From " lines are unquoted one level). name is
// for messages.
func ImportMbox(desk Desk, r io.Reader, name, addr string) (FetchResult, error) {
	b := &batch{desk: desk, addr: addr, history: true}
	br := bufio.NewReaderSize(r, 256<<10)
	var cur []byte
	n, tooLarge, size := 0, false, int64(0)
	emit := func() error {
		if n == 0 {
			return nil
		}
		where := fmt.Sprintf("%s: mail %d", name, n)
		if tooLarge {
			b.res.Fetched++
			b.res.Refused = append(b.res.Refused, where+": "+model.ErrorMessage(model.ErrTooLarge(size)))
			cur, tooLarge, size = cur[:0], false, 0
			return nil
		}
		raw := bytes.TrimSuffix(cur, []byte("\n")) // the blank line before the next "From "
		err := b.add(bytes.Clone(raw), where)
		cur, size = cur[:0], 0
		return err
	}
	first := true
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			switch {
			case bytes.HasPrefix(line, []byte("From ")):
				if err := emit(); err != nil {
					return b.res, err
				}
				n++
			case first:
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
			first = false
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
