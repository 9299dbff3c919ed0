package email

import (
	"container/heap"
	"fmt"
	"os"
	"slices"
	"strings"
)

// scanChunk is how many names a pass over a Maildir folder keeps: the
// memory of a fetch is this chunk's, whatever the folder holds.
var scanChunk = 4096 // a var: tests lower it

// nameScan walks a folder's file names in name order (Maildir names start
// with the delivery time, so a reply comes after what it answers) a chunk
// at a time. Each pass reads the whole directory but keeps only the
// scanChunk smallest names after the last one handed out — a bounded
// heap — so a folder of a million mails costs passes, not memory. A name
// that sorts before the last one handed out, arriving meanwhile, waits
// for the next fetch.
type nameScan struct {
	dir   string
	after string // the last name handed out
	ended bool
}

// next returns the following chunk of names, in order; none at the end.
func (s *nameScan) next() ([]string, error) {
	if s.ended {
		return nil, nil
	}
	f, err := os.Open(s.dir)
	if err != nil {
		return nil, fmt.Errorf("maildir: %w", err)
	}
	defer f.Close()
	h := &largestFirst{}
	for {
		names, err := f.Readdirnames(1024)
		for _, n := range names {
			if strings.HasPrefix(n, ".") || (s.after != "" && n <= s.after) {
				continue
			}
			switch {
			case h.Len() < scanChunk:
				heap.Push(h, n)
			case n < (*h)[0]:
				(*h)[0] = n
				heap.Fix(h, 0)
			}
		}
		if err != nil {
			break
		}
	}
	chunk := []string(*h)
	slices.Sort(chunk)
	if len(chunk) < scanChunk {
		s.ended = true
	}
	if len(chunk) > 0 {
		s.after = chunk[len(chunk)-1]
	}
	return chunk, nil
}

// largestFirst is a max-heap of names: its top is the one to drop first.
type largestFirst []string

func (h largestFirst) Len() int           { return len(h) }
func (h largestFirst) Less(i, j int) bool { return h[i] > h[j] }
func (h largestFirst) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *largestFirst) Push(x any)        { *h = append(*h, x.(string)) }
func (h *largestFirst) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
