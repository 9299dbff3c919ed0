package cli

import (
	"os"
	"path/filepath"
	"testing"
)

// A bad config is one line naming the file, line and key, before the app
// or the server starts.
func TestBadConfigIsOneClearLine(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("[mail]\naddress = \"care@example.com\"\n[mail.smtp]\nhost = \"smtp.example.com\"\ntls = \"none\"\n"), 0o600)
	db := filepath.Join(dir, "d.db")
	for _, args := range [][]string{
		{"--db", db, "--config", bad},
		{"serve", "--db", db, "--config", bad, "--listen", "127.0.0.1:0"},
	} {
		r := run(t, nil, args...)
		wantExit(t, r, 1)
		oneLine(t, r, bad+":5: mail.smtp.tls: \"none\" is allowed only for 127.0.0.1 or localhost")
	}
	r := run(t, nil, "--db", db, "--config", filepath.Join(dir, "missing.toml"))
	wantExit(t, r, 1)
	oneLine(t, r, "missing.toml")
}
