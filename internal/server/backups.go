package server

import (
	"time"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/ui"
)

// Backups are the server's job: bbolt lets one process hold the database,
// so `caredesk backup` cannot copy it while the server runs. The server
// keeps the same rotated daily copies as a local app, in its backup
// folder, and writes one there when a lead asks (:backup), under a name
// it chooses: no session names a file on the server.

// backupCheck is how often the server looks whether the day's copy is due.
const backupCheck = time.Hour

// keepBackups is the daily rotation (a background job of Serve): a copy
// at once when none is fresh, then one whenever the newest is a day old.
func (s *Server) keepBackups(stop <-chan struct{}) {
	if s.backups == nil {
		return
	}
	t := time.NewTicker(backupCheck)
	defer t.Stop()
	for {
		s.rotateBackups()
		select {
		case <-stop:
			return
		case <-t.C:
		}
	}
}

func (s *Server) rotateBackups() {
	if err := s.gate.enter(); err != nil {
		return // shutting down
	}
	defer s.gate.exit()
	path, err := s.backups.Run(s.store)
	switch {
	case err != nil:
		s.log.Error("daily backup failed", "err", err)
	case path != "":
		s.log.Info("daily backup written", "file", path)
	}
}

// sessionBackups is a session's :backup: the server writes the copy into
// its backup folder, for a lead, through the session's guard.
type sessionBackups struct {
	s *Server
	g *guard
}

var _ ui.Backups = sessionBackups{}

func (b sessionBackups) BackupNow() (string, error) {
	if err := b.g.lead("take a backup"); err != nil {
		return "", err
	}
	path, err := b.s.backups.TakeNow(b.g) // the guard's Backup: lead, gate
	if err != nil {
		b.s.log.Error("backup on request failed", "agent", b.g.agent, "err", err)
		return "", model.Errorf(model.EINTERNAL, "the server could not write the backup (its log says why)")
	}
	b.s.log.Info("backup on request written", "agent", b.g.agent, "file", path)
	return path, nil
}
