package server

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// HostKey returns the server's host key as PEM, creating an ed25519 key at
// path (mode 0600, in a 0700 folder if it has to make one) on first start
// and reusing it after, so agents' known_hosts stay valid. A key that
// others can read is refused: it would let them pose as the server.
func HostKey(path string) (pemBytes []byte, created bool, err error) {
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		st, err := os.Stat(path)
		if err != nil {
			return nil, false, err
		}
		if st.Mode().Perm()&0o077 != 0 {
			return nil, false, fmt.Errorf("host key %s is readable by others (mode %04o): chmod 600 it", path, st.Mode().Perm())
		}
		if _, err := gossh.ParsePrivateKey(data); err != nil {
			return nil, false, fmt.Errorf("host key %s cannot be read: %w", path, err)
		}
		return data, false, nil
	case !errors.Is(err, fs.ErrNotExist):
		return nil, false, fmt.Errorf("host key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, false, fmt.Errorf("host key: %w", err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, false, fmt.Errorf("host key: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "caredesk host key")
	if err != nil {
		return nil, false, fmt.Errorf("host key: %w", err)
	}
	data = pem.EncodeToMemory(block)
	// O_EXCL: two servers started at once must not both write a key.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, false, fmt.Errorf("host key: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return nil, false, fmt.Errorf("host key: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return nil, false, fmt.Errorf("host key: %w", err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return nil, false, fmt.Errorf("host key: %w", err)
	}
	return data, true, nil
}

// fingerprint is the SHA256 fingerprint of a PEM host key, as ssh prints it
// on first connection: the lead hands it to agents to check.
func fingerprint(pemBytes []byte) string {
	s, err := gossh.ParsePrivateKey(pemBytes)
	if err != nil {
		return ""
	}
	return gossh.FingerprintSHA256(s.PublicKey())
}
