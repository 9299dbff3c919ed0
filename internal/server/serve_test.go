package server

import (
	"context"
	"net"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// Shutdown may come at any moment of Serve's start (a SIGTERM as caredesk
// serve starts): Serve returns, and the race detector sees nothing meet.
// Before, a Shutdown that came before the ssh library tracked the
// listener raced its Serve (a desk shut down at once,
// TestLoadLedgerFindsALostChange, failed under -race now and then), and
// the library, taking the server as reused, opened its door again.
func TestShutdownAsServeStarts(t *testing.T) {
	d := startDesk(t, deskOpts{cases: 1}, newTestAgent(t, "bo", "agent"))
	for i := range 40 {
		srv, err := New(Config{Store: d.db, HostKeyPath: filepath.Join(d.dir, "host_ed25519"), AgentsPath: filepath.Join(d.dir, "agents")})
		if err != nil {
			t.Fatal(err)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		served := make(chan error, 1)
		go func() { served <- srv.Serve(ln) }()
		for range i % 4 { // Shutdown at a few points of Serve's start
			runtime.Gosched()
		}
		ctx, cancel := context.WithTimeout(context.Background(), waitLong)
		if err := srv.Shutdown(ctx); err != nil {
			t.Fatalf("shutdown %d: %v", i, err)
		}
		cancel()
		select {
		case err := <-served:
			if err != nil {
				t.Fatalf("serve %d: %v", i, err)
			}
		case <-time.After(waitLong):
			t.Fatalf("Serve %d did not return after Shutdown", i)
		}
	}
}
