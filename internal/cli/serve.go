package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/caredesk/caredesk/internal/email"
	"github.com/caredesk/caredesk/internal/server"
	"github.com/caredesk/caredesk/store"
)

// shutdownTimeout bounds a graceful stop: sessions are told, saves in
// flight finish, then whatever is left is cut and the database closed.
const shutdownTimeout = 15 * time.Second

func runServe(stdio IO, args []string) error {
	fs := newFlags(stdio, "serve", "caredesk serve [--db PATH] [--config PATH] [--listen ADDR] [--host-key PATH] [--agents PATH] [--idle-timeout D] [--backups FOLDER]")
	db := dbFlag(fs)
	cfgPath := configFlag(fs)
	listen := fs.String("listen", "127.0.0.1:2323", "`ADDR`ess to accept SSH connections on")
	hostKey := fs.String("host-key", "", "SSH host key `PATH`, created (ed25519, 0600) on first start (default: caredesk_host_ed25519 next to the database)")
	agents := fs.String("agents", "", "agents file `PATH`: one 'NAME ROLE PUBLIC-KEY' line per agent, ROLE agent or lead (default: agents next to the database)")
	idle := fs.Duration("idle-timeout", 30*time.Minute, "end a screen after this `duration` without a key, e.g. 30m (0: never)")
	backups := fs.String("backups", "", "the backup `FOLDER`: daily copies (the last seven) and those leads ask for with :backup (default: the database's folder)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("serve: unexpected argument %q", fs.Arg(0))}
	}
	if *idle < 0 {
		return usageError{"serve: --idle-timeout must not be negative"}
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	dir := filepath.Dir(*db)
	if *hostKey == "" {
		*hostKey = filepath.Join(dir, "caredesk_host_ed25519")
	}
	if *agents == "" {
		*agents = filepath.Join(dir, "agents")
	}
	if *backups == "" {
		*backups = dir
	}
	if err := ensureDir(*db); err != nil {
		return err
	}
	if err := backupFolder(*backups); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stdio.Err, nil))
	defer server.TuneGC()() // a small heap, collected less often (server/gc.go)

	// Routing runs here, in the one process that owns the database.
	s, err := store.Open(*db, storeOptions(cfg, store.Options{}))
	if err != nil {
		return err
	}
	closeDB := func() error {
		if s == nil {
			return nil
		}
		err := s.Close()
		s = nil
		if err != nil {
			return fmt.Errorf("closing %s: %w", *db, err)
		}
		log.Info("database closed", "file", *db)
		return nil
	}
	defer closeDB()

	// The server fetches and sends for everyone ([mail]); every screen's
	// header shows how it stands, and replies are mailed from any screen.
	var mailStates *server.MailStates
	if cfg != nil && cfg.Mail != nil {
		mailStates = server.NewMailStates()
	}
	srv, err := server.New(server.Config{Store: s, HostKeyPath: *hostKey, AgentsPath: *agents, IdleTimeout: *idle, Logger: log, BackupDir: *backups,
		Look: agentLook(cfg), Mail: mailIdentity(cfg), MailStates: mailStates})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	unnote, err := noteServing(*db, ln.Addr().String())
	if err != nil {
		ln.Close()
		return err
	}
	defer unnote()
	log.Info("serving", "db", *db, "listen", ln.Addr().String(), "agents", *agents,
		"host_key", *hostKey, "fingerprint", srv.HostKeyFingerprint(), "idle_timeout", *idle, "backups", *backups)

	stopMail, err := startMail(cfg.Mail, s, log, func(st email.State) { mailStates.Publish(headerState(st)) })
	if err != nil {
		return err
	}
	defer stopMail()

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	stop() // a second ^C kills at once
	log.Info("signal received: shutting down (^C again to kill)", "timeout", shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	serr := srv.Shutdown(sctx)
	<-served
	stopMail()
	return errors.Join(serr, closeDB())
}

// backupFolder makes sure the backup folder is there: it is created only
// when its parent exists, so a typo'd --backups /nonexistent/dir is one
// clear line instead of the desk's copies going where nobody looks.
func backupFolder(path string) error {
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return nil
	case err == nil:
		return fmt.Errorf("serve: the backup folder %s is a file, not a folder", path)
	}
	parent := filepath.Dir(filepath.Clean(path))
	if pi, perr := os.Stat(parent); perr != nil || !pi.IsDir() {
		return fmt.Errorf("serve: no folder %s for the backup folder %s: create it first, or check --backups", parent, path)
	}
	if err := os.Mkdir(path, 0o700); err != nil {
		return fmt.Errorf("serve: the backup folder %s: %w", path, err)
	}
	return nil
}
