package cli

import (
	"errors"
	"io/fs"
	"os"
	"testing"

	"github.com/caredesk/caredesk/internal/email"
)

func TestEditorCmdRoundTrip(t *testing.T) {
	t.Setenv("VISUAL", "")
	t.Setenv("EDITOR", `printf 'and more\n' >>`)
	cmd, result, err := (editorCmd{}).Edit("Hi Jane,\n")
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	text, err := result()
	if err != nil || text != "Hi Jane,\nand more\n" {
		t.Fatalf("edited %q %v", text, err)
	}
	if _, err := os.Stat(cmd.Args[len(cmd.Args)-1]); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("the temporary file stayed")
	}
}

// A refused SMTP login reaches the header by name ("✗ SMTP login refused
// · 1 queued", not "offline"), also while IMAP is offline; a refused
// IMAP login comes first.
func TestHeaderStateNamesARefusedSMTPLogin(t *testing.T) {
	note := "waiting: SMTP login refused by 127.0.0.1:25 as care@desk.test (535 Authentication failed) — check [mail.smtp] in desk.toml"
	for _, c := range []struct {
		fetch error
		want  string
	}{{nil, "SMTP login refused"}, {errors.New("dial tcp: connection refused"), "SMTP login refused"},
		{&email.LoginRefused{Protocol: "IMAP"}, "IMAP login refused"}} {
		st := headerState(email.State{SendErr: note, SendTrouble: "SMTP login refused", Queued: 1, FetchErr: c.fetch})
		if st.Online || st.Trouble != c.want {
			t.Errorf("fetch error %v: header state %+v", c.fetch, st)
		}
	}
}
