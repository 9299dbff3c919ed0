//go:build unix

package server

import (
	"net"
	"syscall"
)

// hasSent reports whether the client has sent bytes the server has not
// read yet: a real SSH client sends its version the moment it connects,
// before the server's goroutine for it may even have run.
func hasSent(c net.Conn) bool {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return false
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	var buf [1]byte
	n := 0
	// Control, not Read: Read would wait for the fd's read lock, which
	// the server's own (blocked) read of this connection holds.
	_ = rc.Control(func(fd uintptr) {
		n, _, _ = syscall.Recvfrom(int(fd), buf[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
	})
	return n > 0
}
