package email

import (
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/caredesk/caredesk/internal/mailtest"
)

// dnsProbe answers every DNS query on 127.0.0.1:53 at once with "no such
// name", counting them: what OpenSMTPD would have asked the machine's
// resolver.
type dnsProbe struct {
	conn    net.PacketConn
	queries atomic.Int64
}

func startDNSProbe(t *testing.T) *dnsProbe {
	t.Helper()
	c, err := net.ListenPacket("udp", "127.0.0.1:53")
	if err != nil {
		t.Skipf("cannot listen on 127.0.0.1:53 for the probe: %v", err)
	}
	p := &dnsProbe{conn: c}
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 1500)
		for {
			n, from, err := c.ReadFrom(buf)
			if err != nil {
				return
			}
			if n < 12 {
				continue
			}
			p.queries.Add(1)
			resp := append([]byte(nil), buf[:n]...)
			resp[2] |= 0x80            // a response
			resp[3] = resp[3]&0xf0 | 3 // NXDOMAIN
			c.WriteTo(resp, from)
		}
	}()
	t.Cleanup(func() { c.Close(); <-done })
	return p
}

// OpenSMTPD in the tests asks no DNS: each session's client lookup reads
// /etc/hosts only (mailtest.NoDNS). The probe stands in for the resolver, so the
// same server with asr's default order ("lookup bind file") shows that it
// would ask — the probe can see what the fix prevents.
func TestOpenSMTPDAsksNoDNS(t *testing.T) {
	for _, tc := range []struct {
		name, resolv string
		asks         bool
	}{
		{"lookup file", mailtest.NoDNS, false},
		{"lookup bind file (asr's default)", "nameserver 127.0.0.1\nlookup bind file\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			probe := startDNSProbe(t)
			dir := mailRoot(t)
			s := mailtest.StartSMTPDResolving(t, dir, tc.resolv)
			probe.queries.Store(0) // start-up is not a session
			start := time.Now()
			for i := range 3 {
				deliverRaw(t, s, "ann@example.com", "care@desk.test", "Subject: dns "+strings.Repeat("x", i)+"\r\n\r\nhello\r\n")
			}
			waitMail(t, dir, "care@desk.test", 3)
			n := probe.queries.Load()
			t.Logf("3 sessions in %v, %d DNS queries", time.Since(start).Round(time.Millisecond), n)
			if tc.asks && n == 0 {
				t.Fatalf("with %q OpenSMTPD asked nothing: the probe does not see its queries", tc.resolv)
			}
			if !tc.asks && n != 0 {
				t.Fatalf("OpenSMTPD asked DNS %d times for 3 sessions on 127.0.0.1", n)
			}
		})
	}
}
