package server

import (
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
)

func TestServeDebug(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	srv, err := serveDebug(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	resp, err := http.Get("http://" + addr + "/debug/pprof/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "goroutine") {
		t.Fatalf("GET /debug/pprof/ = %d, body without the profile index", resp.StatusCode)
	}
	// The same address cannot be served twice: the error reaches the caller.
	if _, err := serveDebug(addr); err == nil {
		t.Fatal("serveDebug on a taken address succeeded")
	}
}
