package cli

import (
	"errors"
	"io/fs"
	"os"
	"testing"
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
