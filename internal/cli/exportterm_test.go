package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPty opens a pseudo-terminal pair: what is written to tty is read
// from master.
func openPty(t *testing.T) (master, tty *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Raw: the terminal must not turn \n into \r\n on the way.
	tio, err := unix.IoctlGetTermios(int(s.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	tio.Oflag &^= unix.OPOST
	if err := unix.IoctlSetTermios(int(s.Fd()), unix.TCSETS, tio); err != nil {
		t.Fatal(err)
	}
	return m, s
}

// caredesk export to a terminal shows a customer's escapes instead of
// running them (a title change and OSC 52 clipboard writes landed
// before); to a pipe or a file it writes the exact bytes.
func TestExportToTerminalShowsControls(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "in.csv")
	body := "hi\x1b]0;pwned\x07 and \x1b]52;c;ZXZpbA==\x07 \u202eevil"
	if err := os.WriteFile(csvPath, []byte("external_id,created_at,body\nA-1,2026-11-01T00:00:00Z,\""+body+"\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "desk.db")
	wantExit(t, run(t, nil, "import", "--db", db, csvPath), 0)

	master, tty := openPty(t)
	defer master.Close()
	got := make(chan []byte, 1)
	go func() {
		var b bytes.Buffer
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			b.Write(buf[:n])
			if err != nil || bytes.Contains(b.Bytes(), []byte("evil")) {
				got <- b.Bytes()
				return
			}
		}
	}()
	var errb bytes.Buffer
	if code := Main([]string{"export", "--db", db}, IO{In: strings.NewReader(""), Out: tty, Err: &errb}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	tty.Close()
	out := <-got
	if bytes.ContainsAny(out, "\x1b\x07") || bytes.Contains(out, []byte("\u202e")) {
		t.Fatalf("escapes reached the terminal: %q", out)
	}
	if !bytes.Contains(out, []byte("␛]0;pwned␇")) || !bytes.Contains(out, []byte("⟨U+202E⟩evil")) {
		t.Fatalf("terminal got %q", out)
	}

	r := run(t, nil, "export", "--db", db)
	if !strings.Contains(r.stdout, body) {
		t.Fatalf("a pipe did not get the exact bytes: %q", r.stdout)
	}
}

// caredesk import /dev/zero ends, with a message, instead of spinning.
func TestImportDevZeroEnds(t *testing.T) {
	r := runWithin(t, 20*time.Second, nil, "import", "--db", filepath.Join(t.TempDir(), "z.db"), "/dev/zero")
	if r.code == 0 || !strings.Contains(r.stderr, "no end in sight") {
		t.Fatalf("%s", r)
	}
}
