package store

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

const helperEnv = "CAREDESK_HOLD_LOCK"

// helperHoldLock runs in a child process: it opens the database named by
// the environment, says so on stdout, and holds it until stdin closes.
func helperHoldLock() {
	db, err := Open(os.Getenv(helperEnv), Options{})
	if err != nil {
		os.Stdout.WriteString("error " + err.Error() + "\n")
		os.Exit(1)
	}
	os.Stdout.WriteString("held\n")
	bufio.NewReader(os.Stdin).ReadString('\n')
	db.Close()
	os.Exit(0)
}

func TestOpenLockedByAnotherProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "held.db")
	cmd := exec.Command(os.Args[0], "-test.run=TestHelperHoldLock")
	cmd.Env = append(os.Environ(), helperEnv+"="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); cmd.Wait() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "held\n" {
		t.Fatalf("helper: %q %v", line, err)
	}

	start := time.Now()
	_, err = Open(path, Options{})
	took := time.Since(start)
	wantCode(t, err, model.ELOCKED)
	if took > 2*time.Second {
		t.Errorf("Open took %v to report the lock", took)
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("message does not name the file: %v", err)
	}
	// A reader cannot share the file with a writer either (bbolt flock).
	_, err = Open(path, Options{ReadOnly: true, Timeout: 200 * time.Millisecond})
	wantCode(t, err, model.ELOCKED)
}

// TestHelperHoldLock is the child's entry point; TestMain dispatches it.
func TestHelperHoldLock(t *testing.T) {}
