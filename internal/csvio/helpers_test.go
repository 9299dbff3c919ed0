package csvio

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// readAll reads every row of data, collecting row errors. err is a header
// error or the error that stopped reading.
func readAll(t testing.TB, name string, r io.Reader) (rows []model.ImportRow, bad []*RowError, err error) {
	t.Helper()
	rd, err := NewReader(name, r)
	if err != nil {
		return nil, nil, err
	}
	for i := 0; ; i++ {
		if i > 10_000_000 {
			t.Fatal("reader does not end")
		}
		row, err := rd.Read()
		var re *RowError
		switch {
		case err == io.EOF:
			return rows, bad, nil
		case errors.As(err, &re):
			bad = append(bad, re)
		case err != nil:
			return rows, bad, err
		default:
			rows = append(rows, row)
		}
	}
}

func readString(t testing.TB, data string) ([]model.ImportRow, []*RowError, error) {
	t.Helper()
	return readAll(t, "t.csv", strings.NewReader(data))
}

// watchdog crashes the test binary, naming the input, if a fuzz input takes
// more than 10 s: the fuzzing engine reports a crash but not a hang. Use as
// defer watchdog(in)().
func watchdog(in []byte) func() {
	t := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("input takes over 10 s: %q", in)) })
	return func() { t.Stop() }
}
