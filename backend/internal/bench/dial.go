package bench

import (
	"context"
	"net"
	"time"
)

// netDialer dials a new connection every time; giving each client its own dial
// function keeps client-go from sharing one cached transport between them.
type netDialer struct{}

func (d *netDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	return (&net.Dialer{Timeout: 10 * time.Second}).DialContext(ctx, network, addr)
}
