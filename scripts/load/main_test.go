package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

func TestLoopbackOnly(t *testing.T) {
	for _, tt := range []struct {
		addr string
		ok   bool
	}{
		{"127.0.0.1:3000", true}, {"[::1]:3000", true}, {"localhost:3000", true}, {"127.9.9.9:80", true},
		{"10.0.0.5:3000", false}, {"0.0.0.0:3000", false}, {"example.org:443", false}, {"3000", false}, {"[::]:3000", false},
	} {
		if err := loopbackOnly(tt.addr); (err == nil) != tt.ok {
			t.Errorf("loopbackOnly(%q) = %v, want ok %v", tt.addr, err, tt.ok)
		}
	}
	if err := run(context.Background(), &bytes.Buffer{}, options{addr: "192.168.1.10:3000", secret: "s", n: 1, c: 1, duration: time.Second}); err == nil {
		t.Error("run accepted an address off this machine")
	}
}

// The minimal handler accepts the client's signatures: every request is ok.
func TestMinimalRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out, options{minimal: true, n: 200, c: 4, duration: 30 * time.Second}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "minimal signed handler") || strings.Contains(out.String(), "failed") {
		t.Fatalf("output:\n%s", out.String())
	}
}
