package store

import (
	"os"
	"testing"
)

// benchDirs are temp dirs made by benchmarks outside t.TempDir, removed
// once all have run.
var benchDirs []string

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) != "" {
		helperHoldLock()
		return
	}
	code := m.Run()
	for _, d := range benchDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}
