//go:build linux

package store

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/caredesk/caredesk/model"
)

// mappedRSS reads the resident kilobytes of the mapping starting at addr
// from /proc/self/smaps.
func mappedRSS(t *testing.T, addr uintptr) int {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	in := false
	start := fmt.Sprintf("%x-", addr)
	for sc.Scan() {
		line := sc.Text()
		if strings.Contains(line, "-") && !strings.Contains(line, ":") || strings.HasPrefix(line, start) {
			in = strings.HasPrefix(line, start)
			continue
		}
		if in && strings.HasPrefix(line, "Rss:") {
			kb, _ := strconv.Atoi(strings.Fields(line)[1])
			return kb
		}
	}
	t.Fatalf("mapping at %x not in smaps", addr)
	return 0
}

func TestDropMappedReleasesPages(t *testing.T) {
	db, _ := openTest(t)
	importRows(t, db, newRowGen(2, 3000), 20_000)
	n := 0
	db.EachCaseFull(true, func(c model.Case, _ model.Customer, evs []model.Event) error { n++; return nil }) // touch every case page
	before := mappedRSS(t, db.bolt.Info().Data)
	db.dropMapped()
	after := mappedRSS(t, db.bolt.Info().Data)
	if n != 20_000 || before < 4096 || after > before/10 {
		t.Fatalf("%d cases; mapping resident %d KB before, %d KB after", n, before, after)
	}
	mustCheck(t, db) // everything refaults from the page cache
}
