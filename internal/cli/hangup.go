package cli

import (
	"os"
	"os/signal"
	"syscall"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/ui"
)

// runUI runs the app and ends it as q does when its terminal hangs up
// (SIGHUP: the window was closed), instead of dying where it stands: the
// callers' deferred work runs — the database is closed, then a demo's
// temporary folder is removed. SIGINT and SIGTERM end it the same way
// through Bubble Tea's own handler.
func runUI(s model.CaseService, opt ui.Options) error {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	stop := make(chan struct{})
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-hup:
			close(stop)
		case <-done:
		}
	}()
	opt.Stop = stop
	return ui.Run(s, opt)
}
